package sync

// The server failing under a round: restarted in the middle of a push or a pull (a real restart of the
// test server on its LevelDB data folder, at a chosen request), asking for a password that is wrong, not
// there at all, or accepting connections and never answering. Each time the round ends with an error
// that names the server and says what is wrong, the library keeps everything it had and goes on working,
// and once the server is back a round brings everything.

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"gloss/store"
	"gloss/teams/sync/synctest"
)

// untouched snapshots what a failed round must not change in a library: its content (the normalised
// export) and its sync records.
type untouched struct {
	export string
	recs   int
}

func snapshot(t testing.TB, s *store.Store) untouched {
	t.Helper()
	recs, err := s.SyncRecords()
	if err != nil {
		t.Fatal(err)
	}
	return untouched{normalisedExport(t, s), len(recs)}
}

func (u untouched) check(t testing.TB, s *store.Store, what string) {
	t.Helper()
	if now := snapshot(t, s); now != u {
		t.Fatalf("%s changed the library: %d sync records, was %d\n%s", what, now.recs, u.recs, firstDiff(u.export, now.export))
	}
	if err := s.Check(); err != nil {
		t.Fatalf("%s: the library fails its check: %v", what, err)
	}
}

// stillWorks makes, edits and deletes an annotation: the library goes on after a failed round.
func stillWorks(t testing.TB, s *store.Store) {
	t.Helper()
	docs, err := s.Documents()
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.CreateAnnotation(store.NewAnnotation{DocID: docs[0].ID, Start: 0, End: 3, Note: "still here"})
	if err != nil {
		t.Fatalf("the library does not take an annotation after a failed round: %v", err)
	}
	if _, err := s.UpdateAnnotation(a.ID, nil, "still here, edited"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteAnnotation(a.ID); err != nil {
		t.Fatal(err)
	}
}

// The server killed (SIGKILL) and started again on its data folder in the middle of rounds: during a
// pull in batches (after its second batch was answered), before a push reached it, and after a push was
// written but before its answer came back. The round fails naming the server; after the restart the
// next rounds converge with nothing lost and nothing twice.
func TestServerRestartedMidRound(t *testing.T) {
	const n, batch = 150, 40
	srv := synctest.StartWith(t, synctest.Config{Data: t.TempDir()})
	p := newTripProxy(t, srv.URL)
	ctx := context.Background()
	a, b := openTeamLibrary(t, "ana"), openTeamLibrary(t, "ben")
	fillLibrary(t, a, n)
	direct := Options{Server: srv.URL, Project: "restarts", Batch: batch}
	viaProxy := Options{Server: p.URL, Project: "restarts", Batch: batch}
	if _, err := Round(ctx, a, direct); err != nil {
		t.Fatal(err)
	}
	// The pull: B's round is cut after the server answered its second _changes.
	changes := 0
	reqs := measureRequests(t, p, func() {
		r, err := Round(ctx, openTeamLibrary(t, "probe"), viaProxy)
		if err != nil || r.Pulled == 0 {
			t.Fatalf("probe: %+v %v", r, err)
		}
	})
	at := 0
	for i, r := range reqs {
		if strings.HasSuffix(r, "/_changes") {
			if changes++; changes == 2 {
				at = i + 1
			}
		}
	}
	if at == 0 {
		t.Fatalf("a pull of %d in batches of %d should read the feed more than once: %v", n, batch, reqs)
	}
	restart := func() { srv.Stop() }
	before := snapshot(t, b)
	p.arm(at, true, restart)
	_, err := Round(ctx, b, viaProxy)
	if err == nil || !strings.Contains(err.Error(), p.URL) {
		t.Fatalf("a round cut by the server's restart: %v, want an error naming the server %s", err, p.URL)
	}
	t.Logf("pull cut: %v", err)
	if got := snapshot(t, b); got.recs == before.recs || got.recs >= n {
		t.Fatalf("the batches before the cut should be kept, and not all of them: %d sync records", got.recs)
	}
	srv.Restart(t)
	p.arm(0, false, nil)
	if _, err := Round(ctx, b, viaProxy); err != nil {
		t.Fatalf("the round after the restart: %v", err)
	}
	want := normalisedExport(t, a)
	if got := normalisedExport(t, b); got != want {
		t.Fatalf("after the restart B differs from A:\n%s", firstDiff(want, got))
	}

	// The push: ten edits on A; the server dies before the push reaches it, then again after it wrote
	// the push but before its answer got back.
	anns, err := a.Annotations(store.AnnotationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for i, after := range []bool{false, true} {
		for j := 0; j < 5; j++ {
			x := anns[i*5+j]
			if _, err := a.UpdateAnnotation(x.ID, x.Tags, fmt.Sprintf("edited before restart %d", i)); err != nil {
				t.Fatal(err)
			}
		}
		p.arm(bulkDocsAt(t, p, viaProxy), after, restart)
		if _, err := Round(ctx, a, viaProxy); err == nil || !strings.Contains(err.Error(), p.URL) {
			t.Fatalf("a push cut by the server's restart (after it wrote: %v): %v, want an error naming the server", after, err)
		} else {
			t.Logf("push cut (after the server wrote: %v): %v", after, err)
		}
		if st, err := StatusOf(a); err != nil || st.Pending != 5 || st.LastError == "" {
			t.Fatalf("A's status after the cut push: %+v %v", st, err)
		}
		srv.Restart(t)
		p.arm(0, false, nil)
		for _, s := range []*store.Store{a, b} {
			if _, err := Round(ctx, s, viaProxy); err != nil {
				t.Fatalf("a round after the restart: %v", err)
			}
		}
		want := normalisedExport(t, a)
		if got := normalisedExport(t, b); got != want {
			t.Fatalf("after the push restart %d B differs from A:\n%s", i, firstDiff(want, got))
		}
		for _, s := range []*store.Store{a, b} {
			if st, err := StatusOf(s); err != nil || st.Pending != 0 || st.Conflicts != 0 || st.LastError != "" {
				t.Fatalf("status after the restart: %+v %v", st, err)
			}
		}
	}
	if got := serverAnnotations(t, direct); got != n {
		t.Fatalf("the project holds %d annotations, want %d", got, n)
	}
}

// measureRequests runs fn with the proxy unarmed and returns the requests it made.
func measureRequests(t testing.TB, p *tripProxy, fn func()) []string {
	t.Helper()
	p.arm(0, false, nil)
	fn()
	return p.requests()
}

// bulkDocsAt is the number of the _bulk_docs request in a round on an existing project: the requests a
// round makes before its push (it checks the project) are counted by making them.
func bulkDocsAt(t testing.TB, p *tripProxy, o Options) int {
	t.Helper()
	reqs := measureRequests(t, p, func() {
		conn, err := connect(o)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := conn.client.DBExists(context.Background(), o.Project); err != nil {
			t.Fatal(err)
		}
	})
	return len(reqs) + 1
}

// A server that asks for a password: the wrong one fails the round and Test with an error naming the
// server and saying the password is wrong; no password says one is needed; the library is untouched and
// works on; the right one syncs, and another library with the wrong password gets nothing.
func TestWrongPassword(t *testing.T) {
	srv := synctest.StartWith(t, synctest.Config{User: "ana", Password: "correct horse"})
	ctx := context.Background()
	a := openTeamLibrary(t, "ana")
	fillLibrary(t, a, 20)
	before := snapshot(t, a)
	pending := pendingOf(t, a) // 20 annotations, 4 tags, 3 documents
	wrong := Options{Server: srv.URL, Project: "secret", User: "ana", Password: "battery staple"}
	for _, c := range []struct {
		o    Options
		want string
	}{
		{wrong, fmt.Sprintf("sync server %s: the user name %q or its password is wrong (401)", srv.URL, "ana")},
		{Options{Server: srv.URL, Project: "secret", User: "bob", Password: "correct horse"}, `the user name "bob" or its password is wrong`},
		{Options{Server: srv.URL, Project: "secret"}, fmt.Sprintf("sync server %s: it asks for a user name and password (401)", srv.URL)},
	} {
		_, err := Round(ctx, a, c.o)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Fatalf("round as %q: %v, want %q", c.o.User, err, c.want)
		}
		if err := Test(ctx, c.o); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Fatalf("Test as %q: %v, want %q", c.o.User, err, c.want)
		}
		before.check(t, a, "a round with a wrong password")
		if st, err := StatusOf(a); err != nil || !strings.Contains(st.LastError, "401") || !st.LastSynced.IsZero() || st.Pending != pending {
			t.Fatalf("status after a wrong password: %+v %v", st, err)
		}
	}
	stillWorks(t, a)
	right := wrong
	right.Password = "correct horse"
	if err := Test(ctx, right); err != nil {
		t.Fatalf("Test with the right password: %v", err)
	}
	if r, err := Round(ctx, a, right); err != nil || r.Pushed != pending {
		t.Fatalf("the right password: %+v %v", r, err)
	}
	b := openTeamLibrary(t, "ben")
	bBefore := snapshot(t, b)
	if _, err := Round(ctx, b, wrong); err == nil || !strings.Contains(err.Error(), "password is wrong") {
		t.Fatalf("B with the wrong password: %v", err)
	}
	bBefore.check(t, b, "B's round with the wrong password")
	if r, err := Round(ctx, b, right); err != nil || r.Pulled < 24 {
		t.Fatalf("B with the right password: %+v %v", r, err)
	}
	if got, want := normalisedExport(t, b), normalisedExport(t, a); got != want {
		t.Fatalf("B differs from A:\n%s", firstDiff(want, got))
	}
	// Neither password, right or wrong, is anywhere in either library's file.
	for _, s := range []*store.Store{a, b} {
		raw, err := os.ReadFile(s.Path())
		if err != nil {
			t.Fatal(err)
		}
		for _, pw := range []string{"correct horse", "battery staple"} {
			if bytes.Contains(raw, []byte(pw)) {
				t.Fatalf("the password %q is in the library %s", pw, s.Path())
			}
		}
	}
}

// No server where the library says (nothing listening), a server gone after rounds that worked, and one
// that takes the connection and never answers: the round fails soon with an error naming the server,
// the library is untouched and works on, and its edits wait (pending) until the server is back.
func TestServerUnreachable(t *testing.T) {
	ctx := context.Background()
	a := openTeamLibrary(t, "ana")
	fillLibrary(t, a, 20)
	before := snapshot(t, a)
	pending := pendingOf(t, a)
	nowhere := closedPort(t)
	_, err := Round(ctx, a, Options{Server: nowhere, Project: "p"})
	if err == nil || !strings.Contains(err.Error(), "sync server "+nowhere+": cannot be reached") {
		t.Fatalf("nothing listening: %v", err)
	}
	before.check(t, a, "a round to nowhere")
	if st, err := StatusOf(a); err != nil || !strings.Contains(st.LastError, "cannot be reached") || st.Pending != pending {
		t.Fatalf("status after a round to nowhere: %+v %v", st, err)
	}
	stillWorks(t, a)

	// A server that was there and is gone: edits made meanwhile wait, then travel.
	srv := synctest.StartWith(t, synctest.Config{Data: t.TempDir()})
	o := Options{Server: srv.URL, Project: "gone"}
	if _, err := Round(ctx, a, o); err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	anns, err := a.Annotations(store.AnnotationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.UpdateAnnotation(anns[0].ID, nil, "edited while the server was away"); err != nil {
		t.Fatal(err)
	}
	if err := a.DeleteAnnotation(anns[1].ID); err != nil {
		t.Fatal(err)
	}
	before = snapshot(t, a)
	_, err = Round(ctx, a, o)
	if err == nil || !strings.Contains(err.Error(), "sync server "+srv.URL+": cannot be reached") {
		t.Fatalf("the server gone: %v", err)
	}
	before.check(t, a, "a round while the server is away")
	if st, err := StatusOf(a); err != nil || st.Pending != 2 || st.LastSynced.IsZero() {
		t.Fatalf("status while the server is away: %+v %v", st, err)
	}
	srv.Restart(t)
	if r, err := Round(ctx, a, o); err != nil || r.Pushed != 2 || r.Deleted != 1 {
		t.Fatalf("back: %+v %v", r, err)
	}
	b := openTeamLibrary(t, "ben")
	if _, err := Round(ctx, b, o); err != nil {
		t.Fatal(err)
	}
	if got, want := normalisedExport(t, b), normalisedExport(t, a); got != want {
		t.Fatalf("B differs from A:\n%s", firstDiff(want, got))
	}

	// A server that accepts and never answers: the round ends at its timeout.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	silent := "http://" + l.Addr().String()
	before = snapshot(t, a)
	start := time.Now()
	_, err = Round(ctx, a, Options{Server: silent, Project: "p", Timeout: 500 * time.Millisecond})
	if took := time.Since(start); err == nil || !strings.Contains(err.Error(), "sync server "+silent) || took > 5*time.Second {
		t.Fatalf("a server that never answers: %v after %v", err, took)
	}
	t.Logf("silent server: %v", err)
	before.check(t, a, "a round to a silent server")
	stillWorks(t, a)
}

// A round stopped by its caller (a watch closed mid-round) is no failure: the status keeps the last
// round's result instead of showing "context canceled".
func TestStoppedRoundIsNoError(t *testing.T) {
	srv := synctest.Start(t)
	a := openTeamLibrary(t, "ana")
	fillLibrary(t, a, 5)
	o := Options{Server: srv.URL, Project: "stopped"}
	if _, err := Round(context.Background(), a, o); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Round(ctx, a, o); err == nil {
		t.Fatal("a stopped round reported success")
	}
	if st, err := StatusOf(a); err != nil || st.LastError != "" || st.LastSynced.IsZero() {
		t.Fatalf("status after a stopped round: %+v %v", st, err)
	}
}

func pendingOf(t testing.TB, s *store.Store) int {
	t.Helper()
	st, err := StatusOf(s)
	if err != nil {
		t.Fatal(err)
	}
	return st.Pending
}
