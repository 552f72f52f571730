// The window's navigation policy (see navigation_linux.go): every navigation WebKit is about to make is
// asked of glossAllowNavigation; new windows are never opened.
#include <gtk/gtk.h>
#include <webkit2/webkit2.h>

extern int glossAllowNavigation(char *home, char *target);

static const char *homeKey = "gloss-home";

static gboolean decidePolicy(WebKitWebView *view, WebKitPolicyDecision *decision, WebKitPolicyDecisionType type, gpointer data)
{
    if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE)
        return FALSE; // what a permitted navigation loads: WebKit's default
    if (type == WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION) {
        webkit_policy_decision_ignore(decision);
        return TRUE;
    }
    WebKitNavigationAction *action = webkit_navigation_policy_decision_get_navigation_action(WEBKIT_NAVIGATION_POLICY_DECISION(decision));
    const char *target = webkit_uri_request_get_uri(webkit_navigation_action_get_request(action));
    char *home = g_object_get_data(G_OBJECT(view), homeKey);
    if (glossAllowNavigation(home, (char *)target))
        return FALSE;
    webkit_policy_decision_ignore(decision);
    return TRUE;
}

static void guardWidget(GtkWidget *widget, gpointer data)
{
    if (WEBKIT_IS_WEB_VIEW(widget)) {
        if (g_object_get_data(G_OBJECT(widget), homeKey) == NULL) {
            const char *uri = webkit_web_view_get_uri(WEBKIT_WEB_VIEW(widget));
            g_object_set_data_full(G_OBJECT(widget), homeKey, g_strdup(uri ? uri : ""), g_free);
            g_signal_connect(G_OBJECT(widget), "decide-policy", G_CALLBACK(decidePolicy), NULL);
        }
        return;
    }
    if (GTK_IS_CONTAINER(widget))
        gtk_container_foreach(GTK_CONTAINER(widget), guardWidget, NULL);
}

static gboolean guardAll(gpointer data)
{
    GList *windows = gtk_window_list_toplevels();
    for (GList *w = windows; w != NULL; w = w->next)
        guardWidget(GTK_WIDGET(w->data), NULL);
    g_list_free(windows);
    return G_SOURCE_REMOVE;
}

// Called from any goroutine: the work is done on GTK's main loop.
void glossGuardNavigation(void)
{
    g_idle_add(guardAll, NULL);
}
