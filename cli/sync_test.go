package cli

import (
	"encoding/json"
	"net"
	"slices"
	"strings"
	"testing"

	"gloss/store"
	teamsync "gloss/teams/sync"
	"gloss/teams/sync/synctest"
)

func syncRound(t *testing.T, db string, args ...string) teamsync.Result {
	t.Helper()
	code, out, errOut := run(t, db, append([]string{"sync", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("sync: %d %s", code, errOut)
	}
	var r teamsync.Result
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("sync --json: %v\n%s", err, out)
	}
	return r
}

// syncedAnnotations is `gloss annotations --json` without what is local to a library (document ids).
func syncedAnnotations(t *testing.T, db string) string {
	t.Helper()
	code, out, errOut := run(t, db, "annotations", "--json")
	if code != 0 {
		t.Fatal(errOut)
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		delete(a, "doc")
	}
	raw, _ := json.Marshal(list)
	return string(raw)
}

func tagsOf(t *testing.T, db string) string {
	t.Helper()
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tags, err := s.TagTree()
	if err != nil {
		t.Fatal(err)
	}
	paths := store.NewTagPaths(tags).All()
	var out []string
	for _, tg := range tags {
		out = append(out, paths[tg.ID]+" "+tg.Colour+" "+tg.Description)
	}
	slices.Sort(out)
	return strings.Join(out, "\n")
}

func withStore(t *testing.T, db string, fn func(s *store.Store)) {
	t.Helper()
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fn(s)
}

func converged(t *testing.T, when, dbA, dbB string) {
	t.Helper()
	if a, b := syncedAnnotations(t, dbA), syncedAnnotations(t, dbB); a != b {
		t.Fatalf("%s: annotations differ\nA: %s\nB: %s", when, a, b)
	}
	if a, b := tagsOf(t, dbA), tagsOf(t, dbB); a != b {
		t.Fatalf("%s: tags differ\nA: %s\nB: %s", when, a, b)
	}
}

// Two libraries share one project through the test server: what each creates, edits and deletes reaches
// the other, a round with nothing new moves nothing, and a concurrent edit is a conflict both see, with
// CouchDB's winner applied on both.
func TestSyncTwoLibrariesConverge(t *testing.T) {
	srv := synctest.Start(t)
	dbA, docID := annotatedDB(t)
	dbB := newDB(t)
	setAuthor(t, dbB, "Coder B")
	listJSON(t, dbB)

	r := syncRound(t, dbA, "--server", srv.URL, "--project", "team")
	if r.Pushed == 0 || r.Pulled != 0 {
		t.Fatalf("A's first round: %+v", r)
	}
	r = syncRound(t, dbB, "--server", srv.URL, "--project", "team")
	if r.Pulled == 0 {
		t.Fatalf("B's first round pulled nothing: %+v", r)
	}
	converged(t, "after the first rounds", dbA, dbB)
	if n := strings.Count(syncedAnnotations(t, dbB), `"id"`); n != 2 {
		t.Fatalf("B has %d annotations, want A's 2", n)
	}

	// Nothing changed: a second round moves nothing, either way (settings remembered: no flags).
	for _, db := range []string{dbA, dbB} {
		if r := syncRound(t, db); r.Pushed != 0 || r.Pulled != 0 || len(r.Problems) != 0 {
			t.Fatalf("idle round moved something: %+v", r)
		}
	}

	// B annotates and recolours a tag; A edits a note and deletes an annotation.
	bDoc := listJSON(t, dbB)[len(listJSON(t, dbB))-1].ID
	if code, _, errOut := run(t, dbB, "annotate", "--doc", bDoc, "--quote", "Law Enforcement", "--tag", "Claims/Disputed", "--note", "B's"); code != 0 {
		t.Fatal(errOut)
	}
	withStore(t, dbB, func(s *store.Store) {
		tg, ok, err := s.TagByPath("Claims")
		if err != nil || !ok {
			t.Fatal(err)
		}
		if _, err := s.UpdateTag(tg.ID, tg.Name, "#123456", "what is asserted"); err != nil {
			t.Fatal(err)
		}
	})
	withStore(t, dbA, func(s *store.Store) {
		anns, err := s.Annotations(store.AnnotationFilter{DocID: docID})
		if err != nil || len(anns) != 2 {
			t.Fatal(err, len(anns))
		}
		if _, err := s.UpdateAnnotation(anns[0].ID, anns[0].Tags, "edited by A"); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteAnnotation(anns[1].ID); err != nil {
			t.Fatal(err)
		}
	})
	syncRound(t, dbA)
	syncRound(t, dbB)
	syncRound(t, dbA)
	converged(t, "after create/edit/delete on both", dbA, dbB)
	got := syncedAnnotations(t, dbA)
	if !strings.Contains(got, "edited by A") || !strings.Contains(got, "B's") || strings.Count(got, `"id"`) != 2 {
		t.Fatalf("A after the rounds: %s", got)
	}
	// A renames a tag (and so the paths of its children): B follows, and keeps no tag under the old name.
	if code, _, errOut := run(t, dbA, "tag", "rename", "Claims", "Assertions"); code != 0 {
		t.Fatal(errOut)
	}
	syncRound(t, dbA)
	if r := syncRound(t, dbB); len(r.Problems) != 0 {
		t.Fatalf("rename: %+v", r.Problems)
	}
	converged(t, "after a tag rename", dbA, dbB)
	if tg := tagsOf(t, dbB); strings.Contains(tg, "Claims") || !strings.Contains(tg, "Assertions/Disputed") {
		t.Fatalf("B's tags after A's rename:\n%s", tg)
	}
	if !strings.Contains(tagsOf(t, dbA), "Assertions #123456 what is asserted") {
		t.Fatalf("B's recoloured tag did not reach A:\n%s", tagsOf(t, dbA))
	}
	for _, db := range []string{dbA, dbB} {
		if r := syncRound(t, db); r.Pushed != 0 || r.Pulled != 0 {
			t.Fatalf("idle round after edits moved something: %+v", r)
		}
	}

	// Both edit the same annotation before syncing: a conflict, one winner on both, the loser reported.
	var shared string
	for _, db := range []string{dbA, dbB} {
		withStore(t, db, func(s *store.Store) {
			anns, err := s.Annotations(store.AnnotationFilter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range anns {
				if a.Note == "edited by A" {
					shared = a.ID
					if _, err := s.UpdateAnnotation(a.ID, a.Tags, "concurrent edit in "+db); err != nil {
						t.Fatal(err)
					}
				}
			}
		})
	}
	syncRound(t, dbA)
	rb := syncRound(t, dbB)
	syncRound(t, dbA)
	converged(t, "after a concurrent edit", dbA, dbB)
	if len(rb.Conflicts) != 1 || rb.Conflicts[0].ID != "ann:"+shared || len(rb.Conflicts[0].Losers) != 1 {
		t.Fatalf("B's round should report the conflict on %s: %+v", shared, rb.Conflicts)
	}

	// A deletes the annotation while B edits it: the edit stays, on both.
	withStore(t, dbA, func(s *store.Store) {
		if err := s.DeleteAnnotation(shared); err != nil {
			t.Fatal(err)
		}
	})
	withStore(t, dbB, func(s *store.Store) {
		a, err := s.Annotation(shared)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateAnnotation(a.ID, a.Tags, "kept by B"); err != nil {
			t.Fatal(err)
		}
	})
	syncRound(t, dbA)
	syncRound(t, dbB)
	syncRound(t, dbA)
	converged(t, "after delete against edit", dbA, dbB)
	if got := syncedAnnotations(t, dbA); !strings.Contains(got, "kept by B") {
		t.Fatalf("the edit should win over the deletion: %s", got)
	}
}

// The server down: a clear error naming it, and the library is as it was.
func TestSyncServerDownLeavesLibrary(t *testing.T) {
	db, _ := annotatedDB(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + l.Addr().String()
	l.Close()
	before := syncedAnnotations(t, db)
	code, _, errOut := run(t, db, "sync", "--server", url, "--project", "team")
	if code == 0 || !strings.Contains(errOut, url) || !strings.Contains(errOut, "cannot be reached") {
		t.Fatalf("sync to a closed port: %d %q", code, errOut)
	}
	if after := syncedAnnotations(t, db); after != before {
		t.Fatal("a failed round changed the library")
	}
	code, _, errOut = run(t, db, "sync", "--server", "http://example.org", "--project", "team")
	if code == 0 || !strings.Contains(errOut, "loopback") {
		t.Fatalf("plain HTTP to another host: %d %q", code, errOut)
	}
	if code, _, errOut = run(t, db, "sync"); code == 0 || !strings.Contains(errOut, "--server") {
		t.Fatalf("no settings yet: %d %q", code, errOut)
	}
}
