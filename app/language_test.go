package app

import (
	"io"
	"path/filepath"
	"testing"

	"gloss/search"
	"gloss/store"
)

// A language set in the Reader is stored, re-analyses the document in search, and a bad tag is refused.
func TestSetLanguage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "library.db")
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	// Too short for the detector: indexed with the generic analysis until its language is set.
	d, err := s.AddDocument(store.NewDocument{Title: "Kurz", Format: "txt", Text: "Häuser."})
	if err != nil {
		t.Fatal(err)
	}
	a := New(s, nil, io.Discard)
	a.useLibrary(path)
	t.Cleanup(func() {
		if a.search.lib != nil {
			a.search.lib.Close()
		}
	})
	found := func(q string) int {
		t.Helper()
		res, err := a.Search(search.Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		a.search.lib.Wait()
		res, _ = a.Search(search.Query{Text: q})
		return len(res.Docs)
	}
	if n := found("Haus"); n != 0 {
		t.Fatalf("Haus before the language is set: %d", n)
	}
	if _, err := a.SetLanguage(d.ID, "de-AT"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Document(d.ID); got.Meta.Language != "de-AT" {
		t.Fatalf("stored %q", got.Meta.Language)
	}
	if n := found("Haus"); n != 1 {
		t.Errorf("Haus after setting de-AT: %d documents", n)
	}
	for _, bad := range []string{"deutsch!", "d", "de_DE x", "<script>"} {
		if _, err := a.SetLanguage(d.ID, bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := a.SetLanguage(d.ID, ""); err != nil {
		t.Error(err)
	}
}
