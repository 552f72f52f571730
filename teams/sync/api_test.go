package sync

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"gloss/store"
	"gloss/storetest"
	"gloss/teams/sync/synctest"
)

// closedPort is a loopback URL nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + l.Addr().String()
	_ = l.Close()
	return url
}

func TestStatusOf(t *testing.T) {
	srv := synctest.Start(t)
	a := storetest.Open(t)
	st, err := StatusOf(a)
	if err != nil || !st.LastSynced.IsZero() || st.Pending != 0 || st.Conflicts != 0 || st.Server != "" {
		t.Fatalf("fresh library: %+v %v", st, err)
	}
	if _, err := a.CreateTag(store.NewTag{Name: "Claims"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateTag(store.NewTag{Name: "Frames"}); err != nil {
		t.Fatal(err)
	}
	if st, _ := StatusOf(a); st.Pending != 2 {
		t.Fatalf("two new tags: %+v", st)
	}
	ctx := context.Background()
	before := time.Now()
	if _, err := Round(ctx, a, Options{Server: srv.URL, Project: "status", User: "ana"}); err != nil {
		t.Fatal(err)
	}
	st, err = StatusOf(a)
	if err != nil || st.Pending != 0 || st.LastError != "" || st.LastSynced.Before(before) || st.Server != srv.URL ||
		st.Project != "status" || st.User != "ana" || st.KeepTextsLocal {
		t.Fatalf("after a round: %+v %v", st, err)
	}
	tg, _, _ := a.TagByPath("frames")
	if _, err := a.DeleteTag(tg.ID); err != nil {
		t.Fatal(err)
	}
	if st, _ := StatusOf(a); st.Pending != 1 {
		t.Fatalf("a deletion is pending: %+v", st)
	}
	down := closedPort(t)
	if _, err := Round(ctx, a, Options{Server: down, Project: "status"}); err == nil {
		t.Fatal("a round to a closed port succeeded")
	}
	st2, _ := StatusOf(a)
	if !strings.Contains(st2.LastError, "cannot be reached") || !st2.LastSynced.Equal(st.LastSynced) || st2.Pending != 1 {
		t.Fatalf("after a failed round: %+v", st2)
	}
	if _, err := Round(ctx, a, Options{Server: srv.URL, Project: "status"}); err != nil {
		t.Fatal(err)
	}
	if st3, _ := StatusOf(a); st3.LastError != "" || st3.Pending != 0 || !st3.LastSynced.After(st.LastSynced) {
		t.Fatalf("the next good round clears the error: %+v", st3)
	}
}

func TestTestSaysWhatIsWrong(t *testing.T) {
	srv := synctest.Start(t)
	ctx := context.Background()
	if err := Test(ctx, Options{Server: srv.URL, Project: "not-yet"}); err != nil {
		t.Fatalf("a reachable server with no project yet: %v", err)
	}
	status := func(code int) string {
		h := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(code)
			_, _ = w.Write([]byte(`{"error":"refused","reason":"refused"}`))
		}))
		t.Cleanup(h.Close)
		return h.URL
	}
	for _, c := range []struct {
		o    Options
		want string
	}{
		{Options{Server: closedPort(t), Project: "p"}, "cannot be reached"},
		{Options{Server: "http://couch.example.org", Project: "p"}, "loopback"},
		{Options{Server: "ftp://127.0.0.1", Project: "p"}, "scheme"},
		{Options{Server: srv.URL}, "--project"},
		{Options{Server: status(401), Project: "p", User: "ana", Password: "nope"}, `user name "ana" or its password is wrong (401)`},
		{Options{Server: status(401), Project: "p"}, "asks for a user name and password (401)"},
		{Options{Server: status(403), Project: "p", User: "ana"}, `user "ana" has no access to project "p" (403)`},
	} {
		err := Test(ctx, c.o)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.o, err, c.want)
		}
	}
}

// Two libraries watching one project: an edit on either reaches the other within about a second, with
// no call but Watch; every round is reported.
func TestWatchCarriesBothWays(t *testing.T) {
	srv := synctest.Start(t)
	a, b := storetest.Open(t), storetest.Open(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o := Options{Server: srv.URL, Project: "watch"}
	rounds := make(chan error, 100)
	done := make(chan error, 2)
	for _, s := range []*store.Store{a, b} {
		go func() { done <- Watch(ctx, s, o, func(_ Result, err error) { rounds <- err }) }()
	}
	for range 2 {
		if err := <-rounds; err != nil {
			t.Fatal(err)
		}
	}
	arrives := func(s *store.Store, path string) time.Duration {
		t.Helper()
		start := time.Now()
		for time.Since(start) < 10*time.Second {
			if _, ok, _ := s.TagByPath(path); ok {
				return time.Since(start)
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Fatalf("tag %s did not arrive in 10 s", path)
		return 0
	}
	time.Sleep(300 * time.Millisecond) // both are now waiting (longpoll and journal)
	if _, err := a.CreateTag(store.NewTag{Name: "From A"}); err != nil {
		t.Fatal(err)
	}
	d1 := arrives(b, "from a")
	if _, err := b.CreateTag(store.NewTag{Name: "From B"}); err != nil {
		t.Fatal(err)
	}
	d2 := arrives(a, "from b")
	t.Logf("A→B %v, B→A %v", d1, d2)
	if d1 > 5*time.Second || d2 > 5*time.Second { // about 0.2 s each on an idle machine
		t.Errorf("too slow: A→B %v, B→A %v", d1, d2)
	}
	cancel()
	for range 2 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

// A watch whose server is down reports each failed round, backs off, and carries on once it is back.
func TestWatchBacksOffAndGoesOn(t *testing.T) {
	a := storetest.Open(t)
	down := closedPort(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2500*time.Millisecond)
	defer cancel()
	var errs []error
	start := time.Now()
	err := Watch(ctx, a, Options{Server: down, Project: "p"}, func(_ Result, err error) { errs = append(errs, err) })
	if err != nil {
		t.Fatal(err)
	}
	// rounds at 0, 1 s, 3 s: two within 2.5 s (one on a slow machine), not dozens
	if len(errs) < 1 || len(errs) > 2 || !strings.Contains(errs[len(errs)-1].Error(), "cannot be reached") {
		t.Fatalf("%d rounds in %v: %v", len(errs), time.Since(start), errs)
	}
	if err := Watch(context.Background(), a, Options{Server: down}, nil); err == nil {
		t.Fatal("a watch without a project started")
	}
}

// twoWithAnnotation makes two libraries synced through a project, both holding one annotation.
func twoWithAnnotation(t *testing.T, project string) (a, b *store.Store, o Options, annID string) {
	t.Helper()
	srv := synctest.Start(t)
	a, b = storetest.Open(t), storetest.Open(t)
	text := "The county will not comply with detainer requests."
	sha := strings.Repeat("cd", 32)
	d := addDoc(t, a, text, sha)
	addDoc(t, b, text, sha)
	ann, err := a.CreateAnnotation(store.NewAnnotation{DocID: d.ID, Start: 4, End: 10, Note: "first"})
	if err != nil {
		t.Fatal(err)
	}
	o = Options{Server: srv.URL, Project: project}
	rounds(t, o, a, b)
	if got, err := b.Annotation(ann.ID); err != nil || got.Note != "first" {
		t.Fatalf("B's copy: %+v %v", got, err)
	}
	return a, b, o, ann.ID
}

func rounds(t *testing.T, o Options, libs ...*store.Store) []Result {
	t.Helper()
	var out []Result
	for _, s := range libs {
		r, err := Round(context.Background(), s, o)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

func noteOf(t *testing.T, body json.RawMessage) string {
	t.Helper()
	var d annDoc
	if err := json.Unmarshal(body, &d); err != nil {
		t.Fatal(err)
	}
	return d.Note
}

// The same annotation edited on two libraries: both apply CouchDB's winner and keep the loser in the
// library as a conflict; each choice settles it on both.
func TestConflictEditedTwiceAndResolved(t *testing.T) {
	for _, c := range []Choice{KeepWinner, TakeLoser, KeepBoth} {
		t.Run(string(c), func(t *testing.T) {
			a, b, o, id := twoWithAnnotation(t, "edits")
			if _, err := a.UpdateAnnotation(id, nil, "from A"); err != nil {
				t.Fatal(err)
			}
			if _, err := b.UpdateAnnotation(id, nil, "from B"); err != nil {
				t.Fatal(err)
			}
			rs := rounds(t, o, a, b, a)
			if len(rs[1].Conflicts) != 1 || len(rs[2].Conflicts) != 1 {
				t.Fatalf("conflicts not reported: %+v", rs)
			}
			ca, _ := Conflicts(a)
			cb, _ := Conflicts(b)
			if len(ca) != 1 || len(cb) != 1 || ca[0].ID != "ann:"+id || ca[0].Kind != "annotation" ||
				ca[0].LoserRev != cb[0].LoserRev || ca[0].Reason != "edited on two libraries" {
				t.Fatalf("conflicts kept: %+v %+v", ca, cb)
			}
			win, lose := noteOf(t, ca[0].Winner), noteOf(t, ca[0].Loser)
			if win == lose || !strings.HasPrefix(win, "from ") || !strings.HasPrefix(lose, "from ") {
				t.Fatalf("bodies: winner %q loser %q", win, lose)
			}
			for _, s := range []*store.Store{a, b} {
				got, _ := s.Annotation(id)
				if got.Note != win {
					t.Fatalf("winner not applied: %q, want %q", got.Note, win)
				}
				if st, _ := StatusOf(s); st.Conflicts != 1 {
					t.Fatalf("status: %+v", st)
				}
			}
			if err := Resolve(context.Background(), b, o, "ann:"+id, c); err != nil {
				t.Fatal(err)
			}
			rounds(t, o, b, a, b)
			want := map[Choice][]string{KeepWinner: {win}, TakeLoser: {lose}, KeepBoth: {win, lose}}[c]
			for name, s := range map[string]*store.Store{"A": a, "B": b} {
				if cs, _ := Conflicts(s); len(cs) != 0 {
					t.Fatalf("%s still has %+v", name, cs)
				}
				all, _ := s.Annotations(store.AnnotationFilter{})
				var notes []string
				for _, x := range all {
					notes = append(notes, x.Note)
				}
				if strings.Join(notes, "|") != strings.Join(want, "|") && !(len(notes) == 2 && notes[0] == want[1] && notes[1] == want[0]) {
					t.Fatalf("%s after %s: %q, want %q", name, c, notes, want)
				}
				if st, _ := StatusOf(s); st.Pending != 0 || st.Conflicts != 0 {
					t.Fatalf("%s status: %+v", name, st)
				}
			}
			for _, s := range []*store.Store{a, b} { // quiet from now on
				if r, err := Round(context.Background(), s, o); err != nil || r.Pushed != 0 || r.Pulled != 0 || len(r.Conflicts) != 0 {
					t.Fatalf("not quiet: %+v %v", r, err)
				}
			}
		})
	}
}

// Deleted on one library, edited on the other: the edit stays everywhere and the deletion is shown as a
// conflict; taking the deletion removes it everywhere.
func TestDeleteVersusEdit(t *testing.T) {
	a, b, o, id := twoWithAnnotation(t, "deledit")
	if err := a.DeleteAnnotation(id); err != nil {
		t.Fatal(err)
	}
	if _, err := b.UpdateAnnotation(id, nil, "kept by B"); err != nil {
		t.Fatal(err)
	}
	rounds(t, o, a, b, a)
	for name, s := range map[string]*store.Store{"A": a, "B": b} {
		got, err := s.Annotation(id)
		if err != nil || got.Note != "kept by B" {
			t.Fatalf("%s: the edit is lost: %+v %v", name, got, err)
		}
		cs, _ := Conflicts(s)
		if len(cs) != 1 || string(cs[0].Loser) != `{"_deleted":true}` || !strings.Contains(cs[0].Reason, "deleted") {
			t.Fatalf("%s: %+v", name, cs)
		}
	}
	if err := Resolve(context.Background(), a, o, "ann:"+id, KeepBoth); err == nil {
		t.Fatal("keeping both of an edit and a deletion")
	}
	if err := Resolve(context.Background(), a, o, "ann:"+id, TakeLoser); err != nil {
		t.Fatal(err)
	}
	rounds(t, o, a, b, a)
	for name, s := range map[string]*store.Store{"A": a, "B": b} {
		if _, err := s.Annotation(id); err == nil {
			t.Fatalf("%s still has it", name)
		}
		if cs, _ := Conflicts(s); len(cs) != 0 {
			t.Fatalf("%s: %+v", name, cs)
		}
	}
}

// Tags merge as sets: the annotation has tag Z; one library adds X, the other adds Y and removes Z; both
// end with X and Y (Z's removal holds: the merge is three-way over their common revision) and no conflict
// is shown (nothing else differs); a note edited too is still a conflict, with the tags merged.
func TestTagsOfAnAnnotationMergeAsSets(t *testing.T) {
	for _, alsoNote := range []bool{false, true} {
		a, b, o, id := twoWithAnnotation(t, "sets")
		x, err := a.CreateTag(store.NewTag{Name: "X"})
		if err != nil {
			t.Fatal(err)
		}
		y, err := b.CreateTag(store.NewTag{Name: "Y"})
		if err != nil {
			t.Fatal(err)
		}
		za, err := a.CreateTag(store.NewTag{Name: "Z"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.UpdateAnnotation(id, []string{za.ID}, "first"); err != nil {
			t.Fatal(err)
		}
		rounds(t, o, a, b)
		if got, _ := b.Annotation(id); len(got.Tags) != 1 {
			t.Fatalf("B lacks Z: %+v", got)
		}
		if _, err := a.UpdateAnnotation(id, []string{za.ID, x.ID}, "first"); err != nil {
			t.Fatal(err)
		}
		noteB := "first"
		if alsoNote {
			noteB = "B's note"
		}
		if _, err := b.UpdateAnnotation(id, []string{y.ID}, noteB); err != nil {
			t.Fatal(err)
		}
		rounds(t, o, a, b, a, b, a)
		for name, s := range map[string]*store.Store{"A": a, "B": b} {
			got, _ := s.Annotation(id)
			tags, _ := s.TagTree()
			paths := store.NewTagPaths(tags).All()
			var names []string
			for _, tid := range got.Tags {
				names = append(names, paths[tid])
			}
			slices.Sort(names)
			if strings.Join(names, ",") != "X,Y" {
				t.Fatalf("%s (note edited too: %v): tags %v", name, alsoNote, names)
			}
			cs, _ := Conflicts(s)
			if alsoNote != (len(cs) == 1) {
				t.Fatalf("%s (note edited too: %v): conflicts %+v", name, alsoNote, cs)
			}
		}
		for _, s := range []*store.Store{a, b} {
			if r, err := Round(context.Background(), s, o); err != nil || r.Pushed != 0 || r.Pulled != 0 {
				t.Fatalf("not quiet (note edited too: %v): %+v %v", alsoNote, r, err)
			}
		}
	}
}

// Sync now while a watch runs: rounds of one library at the same time all succeed (the checkpoint's
// update conflict is taken care of) and leave nothing pending.
func TestConcurrentRoundsOfOneLibrary(t *testing.T) {
	srv := synctest.Start(t)
	a, b := storetest.Open(t), storetest.Open(t)
	o := Options{Server: srv.URL, Project: "together"}
	rounds(t, o, a, b)
	for i := range 20 {
		if _, err := a.CreateTag(store.NewTag{Name: fmt.Sprint("T", i)}); err != nil {
			t.Fatal(err)
		}
	}
	rounds(t, o, a)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			_, err := Round(context.Background(), b, Options{Server: srv.URL, Project: "together", Batch: 3})
			errs <- err
		}()
	}
	var failed []error
	for range 4 {
		if err := <-errs; err != nil {
			failed = append(failed, err)
		}
	}
	if len(failed) > 0 {
		t.Fatal(failed)
	}
	tags, _ := b.TagTree()
	if st, _ := StatusOf(b); len(tags) != 20 || st.Pending != 0 {
		t.Fatalf("B: %d tags, %+v", len(tags), st)
	}
}
