package app

import (
	"io"
	"path/filepath"
	"sync"
	"testing"

	"gloss/corpus"
	"gloss/ingest"
	"gloss/search"
	"gloss/store"
)

// Issue 15: the index opens on the first paint (or first search) while other bound calls report
// writes. Run with -race: the old design wrote the index pointer in one call and read it in another.
func TestSearchWhileTheIndexStarts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "library.db")
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Check(); err != nil {
			t.Errorf("check: %v", err)
		}
		s.Close()
	})
	if _, err := ingest.Seed(s, corpus.Files()); err != nil {
		t.Fatal(err)
	}
	docs, err := s.Documents()
	if err != nil || len(docs) < 3 {
		t.Fatalf("%d documents, %v", len(docs), err)
	}
	a := New(s, nil, io.Discard)
	a.useLibrary(path)
	var wg sync.WaitGroup
	wg.Go(func() { a.Shown("library") })
	for _, d := range docs[:2] {
		wg.Go(func() {
			if err := a.DeleteDocument(d.ID); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Go(func() {
		if _, err := a.Search(search.Query{Text: "the"}); err != nil {
			t.Error(err)
		}
	})
	wg.Wait()
	a.search.lib.Wait()
	t.Cleanup(func() { a.search.lib.Close() })
	for i, d := range docs {
		res, err := a.Search(search.Query{Text: `"` + d.Title + `"`})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range res.Docs {
			found = found || r.DocID == d.ID
		}
		if deleted := i < 2; found == deleted {
			t.Errorf("%q (deleted %v): found %v", d.Title, deleted, found)
		}
	}
}
