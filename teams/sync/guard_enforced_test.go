package sync

import (
	"context"
	"strings"
	"testing"

	"gloss/store"
	"gloss/teams/sync/synctest"
)

// The guard enforced on pushes by a server that validates every write (express-pouchdb's validation
// part, with each written document's own revision history held fixed; see testserver/server.js): ben's
// push of an edit to ana's annotation is refused and reported, his own annotation goes through, ana's
// edits keep travelling with their histories (no conflicts), and ben's library takes ana's version back.
func TestGuardEnforcedOnPushes(t *testing.T) {
	srv := synctest.StartWith(t, synctest.Config{Users: map[string]string{"ana": "a-pass", "ben": "b-pass"}})
	ana := Options{Server: srv.URL, Project: "enforced", User: "ana", Password: "a-pass"}
	ben := Options{Server: srv.URL, Project: "enforced", User: "ben", Password: "b-pass"}
	a, b := openTeamLibrary(t, "ana"), openTeamLibrary(t, "ben")
	docs, err := a.Documents()
	if err != nil {
		t.Fatal(err)
	}
	hers, err := a.CreateAnnotation(store.NewAnnotation{DocID: docs[0].ID, Start: 0, End: 8, Note: "ana's"})
	if err != nil {
		t.Fatal(err)
	}
	ra := rounds(t, ana, a)
	rb := rounds(t, ben, b)
	quiet(t, "first rounds", ana, rb[0], a, b)
	if len(ra[0].Problems) > 0 {
		t.Fatalf("ana: %v", ra[0].Problems)
	}
	if got, err := b.Annotation(hers.ID); err != nil || got.Note != "ana's" {
		t.Fatalf("ben's copy: %+v %v", got, err)
	}
	// ana edits hers twice (histories of several revisions go through validation)
	for _, n := range []string{"ana's, edited", "ana's, edited again"} {
		if _, err := a.UpdateAnnotation(hers.ID, nil, n); err != nil {
			t.Fatal(err)
		}
		rounds(t, ana, a)
	}
	rb = rounds(t, ben, b)
	quiet(t, "ana's edits", ana, rb[0], b)
	if got, _ := b.Annotation(hers.ID); got.Note != "ana's, edited again" {
		t.Fatalf("ben has %q", got.Note)
	}
	// ben edits ana's annotation and makes his own
	if _, err := b.UpdateAnnotation(hers.ID, nil, "ben was here"); err != nil {
		t.Fatal(err)
	}
	bd, _, err := b.DocumentBySHA(docs[0].SHA256)
	if err != nil {
		t.Fatal(err)
	}
	his, err := b.CreateAnnotation(store.NewAnnotation{DocID: bd.ID, Start: 9, End: 14, Note: "ben's"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Round(context.Background(), b, ben)
	if err != nil {
		t.Fatal(err)
	}
	refused := false
	for _, p := range r.Problems {
		refused = refused || strings.Contains(p, "ann:"+hers.ID) && strings.Contains(p, "refused by the server") && strings.Contains(p, "made by ana")
	}
	if !refused || r.Pushed != 1 {
		t.Fatalf("ben's round: pushed %d, problems %v (want his own pushed and the edit of ana's refused)", r.Pushed, r.Problems)
	}
	ra = rounds(t, ana, a)
	quiet(t, "ana after ben's refused edit", ana, ra[0], a)
	if got, _ := a.Annotation(hers.ID); got.Note != "ana's, edited again" {
		t.Fatalf("ben's refused edit reached ana: %q", got.Note)
	}
	if got, err := a.Annotation(his.ID); err != nil || got.Note != "ben's" {
		t.Fatalf("ben's own annotation at ana: %+v %v", got, err)
	}
	// the lead's edits still travel
	if _, err := a.UpdateAnnotation(his.ID, nil, "ben's, tidied by the lead"); err != nil {
		t.Fatal(err)
	}
	if r := rounds(t, ana, a); len(r[0].Problems) > 0 {
		t.Fatalf("the lead's edit of ben's annotation: %v", r[0].Problems)
	}
}
