package reading

import (
	"strings"
	"testing"
	"unsafe"

	"gloss/store"
	"gloss/storetest"
)

// The render cache keeps several documents, and any write shows in the next Open of each of them.
func TestRenderCacheKeepsSeveralAndForgetsOnWrite(t *testing.T) {
	a := New(storetest.Open(t))
	var ids []string
	for _, text := range []string{"First article about the harbour.", "Second article about the budget.", "Third.", "Fourth.", "Fifth."} {
		d, err := a.store.AddDocument(store.NewDocument{Title: text[:6], Format: "txt", Text: text})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	html := func(id string) string {
		t.Helper()
		r, err := a.Open(id)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, bl := range r.Blocks {
			b.WriteString(bl.HTML)
		}
		return b.String()
	}
	for _, id := range ids {
		html(id)
	}
	if len(a.cache) != CachedDocuments || a.cache[0].docID != ids[4] || a.cache[CachedDocuments-1].docID != ids[1] {
		t.Fatalf("cache holds %d, most recent first expected", len(a.cache))
	}
	first := a.cache[len(a.cache)-1]
	if got := html(ids[1]); !strings.Contains(got, "budget") || a.cache[0].docID != ids[1] || len(a.cache) != CachedDocuments {
		t.Fatalf("a hit moves to the front: %q", got)
	}
	if unsafe.StringData(a.cache[0].rd.Blocks[0].HTML) != unsafe.StringData(first.rd.Blocks[0].HTML) { // the same string, not an equal one
		t.Fatal("a hit must not re-render")
	}
	// A write anywhere invalidates every entry: the annotation's mark must be in the next Open.
	if _, err := a.store.CreateAnnotation(store.NewAnnotation{DocID: ids[1], Start: 0, End: 6}); err != nil {
		t.Fatal(err)
	}
	if got := html(ids[1]); !strings.Contains(got, "<mark") {
		t.Fatalf("the new annotation is missing: %q", got)
	}
	if len(a.cache) != 1 {
		t.Fatalf("stale entries kept: %d", len(a.cache))
	}
}
