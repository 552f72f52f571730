package search

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"gloss/store"
	"gloss/storetest"
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
	// Many edits of one document are few records: applied first too.
	id := res.Docs[0].DocID
	for i := range inlineMax {
		if _, err := s.SetMetadata(id, fmt.Sprintf("few1 retitled %d", i), ""); err != nil {
			t.Fatal(err)
		}
	}
	res, err = l.Search(Query{Text: "retitled"})
	if err != nil || len(res.Docs) != 1 || res.CatchingUp {
		t.Fatalf("%d edits of one document: %d documents, catching up %v, %v; want them applied first", inlineMax, len(res.Docs), res.CatchingUp, err)
	}
	// A few entries but more documents than a person edits between two searches: an import under way.
	for i := range inlineRecords + 1 {
		add(fmt.Sprintf("batch%d", i))
	}
	res, err = l.Search(Query{Text: "harbour", Limit: 1000})
	if err != nil || !res.CatchingUp || len(res.Docs) != 3 {
		t.Fatalf("%d new documents: %d found, catching up %v, %v; want them left to the background", inlineRecords+1, len(res.Docs), res.CatchingUp, err)
	}
	l.Wait()
	for i := range 300 {
		add(fmt.Sprintf("many%d", i))
	}
	res, err = l.Search(Query{Text: "harbour", Limit: 1000})
	if err != nil || !res.CatchingUp || len(res.Docs) >= 303+inlineRecords+1 {
		t.Fatalf("during an import: %d documents, catching up %v, %v; want the import left to the background", len(res.Docs), res.CatchingUp, err)
	}
	l.Wait() // the search started the background catch-up
	res, err = l.Search(Query{Text: "harbour", Limit: 1000})
	if err != nil || res.CatchingUp || len(res.Docs) != 303+inlineRecords+1 {
		t.Fatalf("after the catch-up: %d documents, catching up %v, %v", len(res.Docs), res.CatchingUp, err)
	}
}

// The few edits a search applies before it answers are searchable at once but not waited for on disk:
// after the library is closed the index is up to date or merely behind (never to be rebuilt), and a
// catch-up brings it up to date with every edit found.
func TestSearchEditsNeedNotReachTheDisk(t *testing.T) {
	dir := t.TempDir()
	s := storetest.OpenAt(t, filepath.Join(dir, "library.db"))
	ixDir := filepath.Join(dir, "library.db.search")
	l := NewLibrary(ixDir, t.Logf)
	if err := l.Start(s); err != nil {
		t.Fatal(err)
	}
	l.Wait()
	for i := range 5 {
		if _, err := s.AddDocument(store.NewDocument{Title: fmt.Sprintf("edit%d", i), Format: "txt", Text: fmt.Sprintf("edit%d\n\nThe quay report %d.", i, i)}); err != nil {
			t.Fatal(err)
		}
		res, err := l.Search(Query{Text: fmt.Sprintf("edit%d", i)})
		if err != nil || len(res.Docs) != 1 || res.CatchingUp {
			t.Fatalf("edit %d: %d documents, catching up %v, %v", i, len(res.Docs), res.CatchingUp, err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(ixDir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if st, err := ix.Status(s); err != nil || st.Rebuild {
		t.Fatalf("after closing: %+v %v", st, err)
	}
	if err := ix.CatchUp(t.Context(), s, nil); err != nil {
		t.Fatal(err)
	}
	if st, err := ix.Status(s); err != nil || !st.Ready {
		t.Fatalf("after the catch-up: %+v %v", st, err)
	}
	if res, err := ix.Search(s, Query{Text: "quay"}); err != nil || len(res.Docs) != 5 {
		t.Fatalf("%d documents, %v", len(res.Docs), err)
	}
}

// While the person searches, a catch-up applies small batches and holds each one back while a search is
// at work, but never for long: with a search always at work it still finishes, every batch having
// waited. With no search lately it applies large batches.
func TestCatchUpYieldsToSearches(t *testing.T) {
	l := newLibrary(t)
	l.catchUp() // built: what follows is a catch-up, not a rebuild
	if got := l.ix.chunkSize(); got != batchSize {
		t.Fatalf("batches of %d with no search yet, want %d", got, batchSize)
	}
	for i := range catchUpChunk + 1 {
		l.add(fmt.Sprintf("doc%d", i), "", "", fmt.Sprintf("The harbour report number %d.", i))
	}
	l.ix.searches.enter() // a search that never ends
	err := l.ix.CatchUp(t.Context(), l.s, nil)
	l.ix.searches.leave()
	if err != nil {
		t.Fatal(err)
	}
	if got := l.ix.yielded.Load(); got != 2 {
		t.Errorf("%d batches held back, want 2", got)
	}
	if res, err := l.ix.Search(l.s, Query{Text: "harbour", Limit: 1000}); err != nil || len(res.Docs) != catchUpChunk+1 || res.CatchingUp {
		t.Fatalf("%d documents, catching up %v, %v", len(res.Docs), res.CatchingUp, err)
	}
	// No search at work: nothing is held back.
	l.add("late", "", "", "A late harbour report.")
	if err := l.ix.CatchUp(t.Context(), l.s, nil); err != nil {
		t.Fatal(err)
	}
	if got := l.ix.yielded.Load(); got != 2 {
		t.Errorf("%d batches held back with no search at work, want 2", got)
	}
}

// Opening the library warms the index in the background: the language list is read before any search.
func TestStartWarmsTheIndex(t *testing.T) {
	l := newLibrary(t)
	l.addIn("de", "Mieten", "Die Mieten für Häuser in den Großstädten steigen weiter.")
	l.catchUp()
	l.ix.Close()
	lib := newTestLibrary(t, l.dir)
	if err := lib.Start(l.s); err != nil {
		t.Fatal(err)
	}
	lib.Wait()
	if keys, ok := lib.ix.langs.get(lib.ix.gen); !ok || !slices.Equal(keys, []string{"de"}) {
		t.Fatalf("languages after start %q (read: %v)", keys, ok)
	}
	res, err := lib.Search(Query{Text: "Haus"})
	if err != nil || len(res.Docs) != 1 {
		t.Fatalf("%d documents, %v", len(res.Docs), err)
	}
}
