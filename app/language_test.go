package app

import (
	"io"
	"path/filepath"
	"testing"

	"gloss/search"
	"gloss/store"
)

// A language set in the Reader is stored, re-analyses the document in search, and a bad tag is refused;
// cleared, it is detected from the text again.
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
	if got, err := a.SetLanguage(d.ID, ""); err != nil || got.Meta.Language != "" {
		t.Errorf("cleared on a text too short to tell: %q %v", got.Meta.Language, err)
	}
	// Cleared, a language is detected again from the body, as an import does, and stored.
	long, err := s.AddDocument(store.NewDocument{Title: "Mieten", Format: "txt", Text: "Die Mieten in deutschen Großstädten steigen weiter. Viele Häuser sind alt, und in manchen Gebäuden fehlt eine Heizung. Wer eine Wohnung sucht, zahlt oft die Hälfte seines Einkommens für die Miete."})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := a.SetLanguage(long.ID, "fr"); err != nil || got.Meta.Language != "fr" {
		t.Fatalf("set fr: %q %v", got.Meta.Language, err)
	}
	if got, err := a.SetLanguage(long.ID, ""); err != nil || got.Meta.Language != "de" {
		t.Errorf("cleared: %q %v, want de detected again", got.Meta.Language, err)
	}
	if got, _ := s.Document(long.ID); got.Meta.Language != "de" {
		t.Errorf("stored after clearing: %q", got.Meta.Language)
	}
}
