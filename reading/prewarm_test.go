package reading

import (
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"gloss/render"
	"gloss/store"
	"gloss/storetest"
)

func addDocs(t *testing.T, a *Reader, texts ...string) []string {
	t.Helper()
	var ids []string
	for _, text := range texts {
		d, err := a.store.AddDocument(store.NewDocument{Title: text[:6], Format: "txt", Text: text})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	return ids
}

// Prewarm renders the document read last, and only it, into the cache; the Open that follows takes it
// from there (the same HTML string, not a second render).
func TestPrewarmRendersTheDocumentReadLast(t *testing.T) {
	a := New(storetest.Open(t))
	if err := <-a.Prewarm(); err != nil || len(a.cache) != 0 {
		t.Fatalf("nothing read yet: err %v, %d cached", err, len(a.cache))
	}
	ids := addDocs(t, a, "First article about the harbour.", "Second article about the budget.")
	for _, id := range []string{ids[1], ids[0]} {
		if err := a.Opened(id); err != nil {
			t.Fatal(err)
		}
	}
	if err := <-a.Prewarm(); err != nil {
		t.Fatal(err)
	}
	if len(a.cache) != 1 || a.cache[0].docID != ids[0] {
		t.Fatalf("cache after Prewarm: %d entries", len(a.cache))
	}
	warm := a.cache[0].rd.Blocks[0].HTML
	r, err := a.Open(ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Blocks[0].HTML, "harbour") || unsafe.StringData(r.Blocks[0].HTML) != unsafe.StringData(warm) {
		t.Fatalf("Open rendered again instead of taking the prewarmed render: %q", r.Blocks[0].HTML)
	}
	// A write after the prewarm: the Open shows it (the prewarmed render is stale, not served).
	if _, err := a.store.CreateAnnotation(store.NewAnnotation{DocID: ids[0], Start: 0, End: 5}); err != nil {
		t.Fatal(err)
	}
	if r, err := a.Open(ids[0]); err != nil || !strings.Contains(r.Blocks[0].HTML, "<mark") {
		t.Fatalf("stale prewarm served: %v %q", err, r.Blocks[0].HTML)
	}
}

// The document read last was deleted: Prewarm says why it rendered nothing, and caches nothing.
func TestPrewarmOfADeletedDocument(t *testing.T) {
	a := New(storetest.Open(t))
	ids := addDocs(t, a, "Gone article about the harbour.")
	if err := a.Opened(ids[0]); err != nil {
		t.Fatal(err)
	}
	if err := a.store.DeleteDocument(ids[0]); err != nil {
		t.Fatal(err)
	}
	if err := <-a.Prewarm(); err == nil || len(a.cache) != 0 {
		t.Fatalf("err %v, %d cached", err, len(a.cache))
	}
}

// An Open that arrives while the same document is being rendered waits for that render and returns it.
func TestOpenWaitsForTheRenderUnderWay(t *testing.T) {
	a := New(storetest.Open(t))
	ids := addDocs(t, a, "Article about the harbour.")
	seq, err := a.store.JournalSeq()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := a.store.Document(ids[0])
	if err != nil {
		t.Fatal(err)
	}
	// a render under way, which this test finishes by hand
	f := &flight{seq: seq, done: make(chan struct{})}
	a.inflight = map[string]*flight{ids[0]: f}
	got := make(chan Reading)
	go func() {
		r, err := a.Open(ids[0])
		if err != nil {
			t.Error(err)
		}
		got <- r
	}()
	select {
	case r := <-got:
		t.Fatalf("Open rendered on its own: %+v", r.Blocks)
	case <-time.After(100 * time.Millisecond):
	}
	f.c = rendered{docID: ids[0], seq: seq, doc: doc, rd: render.Doc{Blocks: []render.Block{{Start: 0, End: 3, HTML: "from the flight"}}}}
	close(f.done)
	if r := <-got; len(r.Blocks) != 1 || r.Blocks[0].HTML != "from the flight" {
		t.Fatalf("Open did not take the render under way: %+v", r.Blocks)
	}
}

// Prewarm and many Opens at once (run with -race): one render, every caller gets it.
func TestConcurrentOpensShareOneRender(t *testing.T) {
	a := New(storetest.Open(t))
	ids := addDocs(t, a, strings.Repeat("A long article about the harbour and the budget. ", 2000))
	if err := a.Opened(ids[0]); err != nil {
		t.Fatal(err)
	}
	done := a.Prewarm()
	var wg sync.WaitGroup
	html := make([]*byte, 8)
	for i := range html {
		wg.Go(func() {
			r, err := a.Open(ids[0])
			if err != nil {
				t.Error(err)
				return
			}
			html[i] = unsafe.StringData(r.Blocks[0].HTML)
		})
	}
	wg.Wait()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for i := range html {
		if html[i] != unsafe.StringData(a.cache[0].rd.Blocks[0].HTML) {
			t.Fatalf("open %d got a render of its own", i)
		}
	}
	if len(a.inflight) != 0 {
		t.Fatalf("%d renders left in flight", len(a.inflight))
	}
}
