package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gloss/remote"
	"gloss/search"
	"gloss/store"
)

// fakeWindow is what main does with the library: it holds it open (and so its lock) and answers on its
// socket with Serve. changes counts the commands that reported a write (the window's refresh).
type fakeWindow struct {
	store   *store.Store
	index   *search.Library
	srv     *remote.Server
	changes atomic.Int32
}

func openWindow(t *testing.T, db string) *fakeWindow {
	t.Helper()
	s, err := OpenLibrary(db)
	if err != nil {
		t.Fatal(err)
	}
	w := &fakeWindow{store: s, index: search.NewLibrary(store.LayoutOf(db).SearchIndex(), t.Logf)}
	if err := w.index.Start(s); err != nil {
		t.Fatal(err)
	}
	w.srv, err = remote.Listen(store.LayoutOf(db).Socket(), func(req remote.Request, stdout, stderr io.Writer) int {
		code, changed := Serve(s, w.index, req, stdout, stderr)
		if changed {
			w.changes.Add(1)
			w.index.Changed()
		}
		return code
	})
	if err != nil {
		s.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() { w.close(t) })
	return w
}

func (w *fakeWindow) close(t *testing.T) {
	if w.srv == nil {
		return
	}
	if err := w.srv.Close(); err != nil {
		t.Errorf("closing the socket: %v", err)
	}
	if err := w.index.Close(); err != nil {
		t.Errorf("closing the index: %v", err)
	}
	if err := w.store.Check(); err != nil {
		t.Errorf("check: %v", err)
	}
	w.store.Close()
	w.srv = nil
}

func TestCLIRunsInTheOpenWindow(t *testing.T) {
	db := newDB(t)
	w := openWindow(t, db)
	if _, err := os.Stat(store.LayoutOf(db).Socket()); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(store.LayoutOf(db).Socket()); st.Mode().Perm() != 0o600 {
		t.Errorf("socket mode %v, want 0600", st.Mode().Perm())
	}
	docs := listJSON(t, db) // would fail with "open in another Gloss process" without the socket
	if len(docs) != 5 {
		t.Fatalf("list --json over the socket: %d documents", len(docs))
	}
	if w.changes.Load() != 0 {
		t.Errorf("list reported a write")
	}

	// A write, then a read: the window's store has it, and the window was told.
	code, out, errOut := run(t, db, "annotate", "--doc", docs[0].ID, "--quote", firstWords(t, db, docs[0].ID), "--tag", "Remote", "--note", "over the socket")
	if code != 0 {
		t.Fatalf("annotate: %d %s %s", code, out, errOut)
	}
	if w.changes.Load() != 1 {
		t.Errorf("annotate: %d change notices, want 1", w.changes.Load())
	}
	anns, err := w.store.Annotations(store.AnnotationFilter{DocID: docs[0].ID})
	if err != nil || len(anns) != 1 || anns[0].Note != "over the socket" {
		t.Fatalf("the window's store: %v %+v", err, anns)
	}
	code, out, _ = run(t, db, "annotations", "--json")
	if code != 0 || !strings.Contains(out, "over the socket") {
		t.Errorf("annotations --json over the socket: %d %s", code, out)
	}

	// Export with a relative path: written in the client's working directory, not the window's.
	dir := t.TempDir()
	t.Chdir(dir)
	code, out, errOut = run(t, db, "export", "--format", "md", "--out", "notes.md")
	if code != 0 {
		t.Fatalf("export: %d %s %s", code, out, errOut)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "notes.md")); err != nil || !strings.Contains(string(b), "over the socket") {
		t.Errorf("export in the client's folder: %v %q", err, b)
	}

	// Errors and exit codes come back as they are.
	if code, _, errOut := run(t, db, "show", "no-such-id"); code != 1 || errOut == "" {
		t.Errorf("show unknown: %d %q", code, errOut)
	}
	if code, _, errOut := run(t, db, "list", "extra"); code != 2 || !strings.Contains(errOut, "usage: gloss list") {
		t.Errorf("usage error: %d %q", code, errOut)
	}
	// What the window cannot do for a client is refused, saying why.
	if code, _, errOut := run(t, db, "restore", filepath.Join(dir, "x.db")); code != 1 || !strings.Contains(errOut, "close the Gloss window first") {
		t.Errorf("restore: %d %q", code, errOut)
	}
}

// The window holds the search index open: search and reindex run against it, and a search right after
// a write over the socket already finds what was written.
func TestSearchAndReindexRunInTheOpenWindow(t *testing.T) {
	db := newDB(t)
	openWindow(t, db)
	docs := listJSON(t, db)
	code, out, errOut := run(t, db, "annotate", "--doc", docs[0].ID, "--quote", firstWords(t, db, docs[0].ID), "--note", "zyxwvutsrq marker")
	if code != 0 {
		t.Fatalf("annotate: %d %s %s", code, out, errOut)
	}
	code, out, errOut = run(t, db, "search", "--json", "zyxwvutsrq")
	if code != 0 {
		t.Fatalf("search over the socket: %d %s", code, errOut)
	}
	var res search.Results
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || res.Docs[0].DocID != docs[0].ID {
		t.Fatalf("search for the note just written: %+v", res)
	}
	code, out, errOut = run(t, db, "reindex")
	if code != 0 || !strings.Contains(out, "indexed") {
		t.Fatalf("reindex over the socket: %d %s %s", code, out, errOut)
	}
	if code, out, _ = run(t, db, "search", "--json", "zyxwvutsrq"); code != 0 || !strings.Contains(out, docs[0].ID) {
		t.Fatalf("search after the reindex: %d %s", code, out)
	}
}

// firstWords is a quote from the document's text (its first 30 bytes, trimmed to whole words).
func firstWords(t *testing.T, db, id string) string {
	t.Helper()
	code, out, errOut := run(t, db, "show", "--json", id)
	if code != 0 {
		t.Fatalf("show: %s", errOut)
	}
	var doc struct {
		Text      string `json:"text"`
		BodyStart int    `json:"bodyStart"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	words := strings.Fields(doc.Text)
	return strings.Join(words[len(words)/2:len(words)/2+4], " ")
}

func TestTwoClientsAtOnceLoseNothing(t *testing.T) {
	db := newDB(t)
	w := openWindow(t, db)
	doc := listJSON(t, db)[1].ID
	quote := firstWords(t, db, doc)
	var wg sync.WaitGroup
	codes := make([]int, 6)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], _, _ = run(t, db, "annotate", "--doc", doc, "--quote", quote, "--tag", fmt.Sprintf("T%d", i))
		}()
	}
	wg.Wait()
	for i, c := range codes {
		if c != 0 {
			t.Errorf("client %d exited %d", i, c)
		}
	}
	anns, err := w.store.Annotations(store.AnnotationFilter{DocID: doc})
	if err != nil || len(anns) != len(codes) {
		t.Fatalf("%d annotations after %d concurrent clients (%v)", len(anns), len(codes), err)
	}
}

func TestClientKilledMidCommand(t *testing.T) {
	db := newDB(t)
	w := openWindow(t, db)
	folder := t.TempDir()
	for i := range 200 {
		os.WriteFile(filepath.Join(folder, fmt.Sprintf("a%03d.txt", i)), []byte(fmt.Sprintf("Article %d\n\nSome text number %d for the import.\n", i, i)), 0o644)
	}
	// A client sends an import and goes away at once, as a killed process does.
	c, err := net.Dial("unix", store.LayoutOf(db).Socket())
	if err != nil {
		t.Fatal(err)
	}
	json.NewEncoder(c).Encode(remote.Request{Args: []string{"import", folder}, WD: folder, DB: store.LayoutOf(db).DB})
	c.Close()
	// The command runs to its end all the same (a list may get in first: wait for its change notice),
	// the window keeps answering, and the library checks clean (fakeWindow.close).
	deadline := time.Now().Add(20 * time.Second)
	for w.changes.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if docs := listJSON(t, db); len(docs) != 5+200 {
		t.Errorf("%d documents after the abandoned import, want %d", len(docs), 205)
	}
	if w.changes.Load() != 1 {
		t.Errorf("%d change notices", w.changes.Load())
	}
}

func TestStaleSocketFallsBackToTheFile(t *testing.T) {
	db := newDB(t)
	listJSON(t, db)
	// A window that crashed leaves its socket file behind, with nobody listening.
	ln, err := net.Listen("unix", store.LayoutOf(db).Socket())
	if err != nil {
		t.Fatal(err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close()
	if _, err := os.Stat(store.LayoutOf(db).Socket()); err != nil {
		t.Fatalf("the stale socket is gone: %v", err)
	}
	if code, _, errOut := run(t, db, "annotate", "--doc", listJSON(t, db)[0].ID, "--quote", firstWords(t, db, listJSON(t, db)[0].ID), "--tag", "Local"); code != 0 {
		t.Fatalf("annotate with a stale socket: %d %s", code, errOut)
	}
	// The next window replaces the stale file and answers.
	openWindow(t, db)
	if code, out, _ := run(t, db, "annotations", "--json"); code != 0 || !strings.Contains(out, "Local") {
		t.Errorf("after a new window took the socket: %d %s", code, out)
	}
}

func TestWindowRefusesAnotherLibrary(t *testing.T) {
	db := newDB(t)
	w := openWindow(t, db)
	var out, errOut strings.Builder
	code, err := remote.Call(store.LayoutOf(db).Socket(), remote.Request{Args: []string{"list"}, DB: "/elsewhere/library.db"}, &out, &errOut)
	if err != nil || code != 1 || !strings.Contains(errOut.String(), "not /elsewhere/library.db") {
		t.Errorf("another library: %v %d %q", err, code, errOut.String())
	}
	if _, err := remote.Listen(store.LayoutOf(db).Socket(), nil); err == nil || !strings.Contains(err.Error(), "already answers") {
		t.Errorf("a second window on the same socket: %v", err)
	}
	_ = w
}
