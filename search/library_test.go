package search

import (
	"fmt"
	"gloss/storetest"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"gloss/store"
)

func newTestLibrary(t *testing.T, dir string) *Library {
	l := NewLibrary(dir, t.Logf)
	t.Cleanup(func() { l.Close() })
	return l
}

// The window's path: damage found by a search (or by Start) is answered with the notice at once, the
// index is rebuilt in the background, and searches then answer as before.
func TestLibraryHealsInBackground(t *testing.T) {
	for _, whileOpen := range []bool{false, true} {
		t.Run(fmt.Sprint("while open ", whileOpen), func(t *testing.T) {
			s, dir := builtIndex(t, 60)
			l := newTestLibrary(t, dir)
			var want []string
			if whileOpen {
				if err := l.Start(s); err != nil {
					t.Fatal(err)
				}
				l.Wait()
				res, err := l.Search(Query{Text: "a*", Limit: 100})
				if err != nil || res.Notice != "" {
					t.Fatalf("undamaged: %+v %v", res.Notice, err)
				}
				want = titlesOf(res)
			}
			flips(fstStarts, 0xff)(t, dir)
			within(t, hangLimit, "searches while the damaged index is rebuilt", func() {
				if !whileOpen {
					if err := l.Start(s); err != nil {
						t.Fatal(err)
					}
				}
				res, err := l.Search(Query{Text: "a*", Limit: 100})
				if err != nil {
					t.Fatal(err)
				}
				if whileOpen && (res.Notice != NoticeRebuilding || !res.CatchingUp) {
					t.Errorf("the search that found the damage: notice %q, catching up %v", res.Notice, res.CatchingUp)
				}
				l.Wait()
				res, err = l.Search(Query{Text: "a*", Limit: 100})
				if err != nil || res.Notice != "" || res.CatchingUp {
					t.Fatalf("after the rebuild: notice %q, catching up %v, %v", res.Notice, res.CatchingUp, err)
				}
				if got := titlesOf(res); len(got) != 60 || whileOpen && !slices.Equal(got, want) {
					t.Errorf("after the rebuild: %d results", len(got))
				}
			})
		})
	}
}

// Searches, store writes with Changed, rebuilds and the start itself, all at once (go test -race): every
// document written is found once the library is idle.
func TestLibraryConcurrentUse(t *testing.T) {
	s := storetest.OpenAt(t, filepath.Join(t.TempDir(), "library.db"))
	l := newTestLibrary(t, filepath.Join(t.TempDir(), "library.db.search"))
	const writers, perWriter = 3, 15
	var wg sync.WaitGroup
	wg.Go(func() { l.Start(s) })
	for w := range writers {
		wg.Go(func() {
			for i := range perWriter {
				d, err := s.AddDocument(store.NewDocument{Title: fmt.Sprintf("W%d-%d", w, i), Format: "txt", Text: fmt.Sprintf("common words and uniq%dx%d", w, i)})
				if err != nil {
					t.Error(err)
					return
				}
				if i%4 == 0 {
					if _, err := s.CreateAnnotation(store.NewAnnotation{DocID: d.ID, Start: 0, End: 6, Note: fmt.Sprintf("noted%dx%d", w, i)}); err != nil {
						t.Error(err)
					}
				}
				l.Changed()
			}
		})
	}
	for range 2 {
		wg.Go(func() {
			for range 40 {
				if _, err := l.Search(Query{Text: "common"}); err != nil {
					t.Logf("search: %v", err) // before Start it says search is not available
				}
			}
		})
	}
	wg.Go(func() {
		for range 3 {
			l.Rebuild()
			l.Search(Query{Text: "words"})
		}
	})
	wg.Wait()
	l.Changed()
	l.Wait()
	for w := range writers {
		for i := range perWriter {
			res, err := l.Search(Query{Text: fmt.Sprintf("uniq%dx%d", w, i)})
			if err != nil || len(res.Docs) != 1 || res.CatchingUp {
				t.Fatalf("uniq%dx%d: %d docs, catching up %v, %v", w, i, len(res.Docs), res.CatchingUp, err)
			}
			if i%4 == 0 {
				if res, _ := l.Search(Query{Text: fmt.Sprintf("noted%dx%d", w, i), InNotes: true}); len(res.Docs) != 1 {
					t.Errorf("noted%dx%d: %d docs", w, i, len(res.Docs))
				}
			}
		}
	}
}
