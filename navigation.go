package main

import (
	"net/url"
	"strings"
)

// allowNavigation is the window's navigation policy (navigation_linux.go asks it for every navigation
// WebKit is about to make): only within the app's own origin, home being the page the window loaded
// (wails://wails/ in production, the dev server in the dev build). Links open in the system browser
// through App.OpenLink instead; anything that still tries to navigate (a link past the page's guard,
// script, a dropped URL, a form) stays where it is.
func allowNavigation(home, target string) bool {
	if home == "" {
		return true // the first load, before the policy knows the app's origin
	}
	if target == "about:srcdoc" {
		// the captured page's frame (frontend/src/reader/CapturedPage.svelte): its document is the frame's
		// srcdoc, in an empty sandbox; nothing is fetched and no other page can be reached this way
		return true
	}
	h, err := url.Parse(home)
	if err != nil {
		return false
	}
	t, err := url.Parse(target)
	if err != nil {
		return false
	}
	return h.Scheme != "" && strings.EqualFold(h.Scheme, t.Scheme) && strings.EqualFold(h.Host, t.Host) && t.User == nil
}
