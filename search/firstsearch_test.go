package search

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"gloss/store"
	"gloss/store/storetest"
)

// The languages a search analyses its words in are kept between searches (languages): a document in a
// language new to the library, added by a catch-up after the list was read, is found all the same, in
// its own analysis (German stemming finds "Häuser" for "Haus"); a rebuild reads the list afresh.
func TestLanguagesKeptAcrossCatchUps(t *testing.T) {
	l := newLibrary(t)
	l.addIn("en", "Council", "The council approved the budget for the houses on Tuesday.")
	l.catchUp()
	l.expect(Query{Text: "budget"}, "Council")
	if got, _ := l.ix.languages(); !slices.Equal(got, []string{"en"}) {
		t.Fatalf("languages %q, want [en]", got)
	}
	l.addIn("de", "Mieten", "Die Mieten für Häuser in den Großstädten steigen weiter.")
	l.addIn("ar", "المياه", "أعلنت وزارة المياه عن خطة جديدة لتحسين شبكات التوزيع.")
	l.catchUp()
	l.expect(Query{Text: "Haus"}, "Mieten")
	l.expect(Query{Text: "مياه"}, "المياه")
	l.expect(Query{Text: "budget"}, "Council")
	if got, _ := l.ix.languages(); !slices.Equal(got, []string{"ar", "de", "en"}) {
		t.Fatalf("languages after the catch-up %q, want [ar de en]", got)
	}
	// A project note is indexed with the generic analysis.
	if _, err := l.s.SaveNote(store.Note{Title: "Plan", Body: "Notizen zum Haushalt"}); err != nil {
		t.Fatal(err)
	}
	l.catchUp()
	if got, _ := l.ix.languages(); !slices.Contains(got, "") {
		t.Fatalf("languages after a project note %q, want the generic one too", got)
	}
	l.expect(Query{Text: "Notizen"}, "Plan")
	if err := l.ix.Rebuild(t.Context(), l.s, nil); err != nil {
		t.Fatal(err)
	}
	l.expect(Query{Text: "Haus"}, "Mieten")
	if got, _ := l.ix.languages(); !slices.Equal(got, []string{"", "ar", "de", "en"}) {
		t.Fatalf("languages after a rebuild %q", got)
	}
}

// A search applies the few edits made since the last catch-up before it answers (results show them), but
// not an import's hundreds of documents: those are indexed in the background while the search answers
// from the index as it is and says it is catching up (a first search during an import waited seconds).
func TestSearchLeavesAnImportToTheBackground(t *testing.T) {
	dir := t.TempDir()
	s := storetest.OpenAt(t, filepath.Join(dir, "library.db"))
	l := newTestLibrary(t, filepath.Join(dir, "library.db.search"))
	if err := l.Start(s); err != nil {
		t.Fatal(err)
	}
	l.Wait()
	add := func(title string) {
		if _, err := s.AddDocument(store.NewDocument{Title: title, Format: "txt", Text: title + "\n\nThe harbour report for " + title + "."}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 3 {
		add(fmt.Sprintf("few%d", i))
	}
	res, err := l.Search(Query{Text: "few1"})
	if err != nil || len(res.Docs) != 1 || res.CatchingUp {
		t.Fatalf("a few edits: %d documents, catching up %v, %v; want them applied first", len(res.Docs), res.CatchingUp, err)
	}
	for i := range 300 {
		add(fmt.Sprintf("many%d", i))
	}
	res, err = l.Search(Query{Text: "harbour", Limit: 1000})
	if err != nil || !res.CatchingUp || len(res.Docs) >= 303 {
		t.Fatalf("during an import: %d documents, catching up %v, %v; want the import left to the background", len(res.Docs), res.CatchingUp, err)
	}
	l.Wait() // the search started the background catch-up
	res, err = l.Search(Query{Text: "harbour", Limit: 1000})
	if err != nil || res.CatchingUp || len(res.Docs) != 303 {
		t.Fatalf("after the catch-up: %d documents, catching up %v, %v", len(res.Docs), res.CatchingUp, err)
	}
}
