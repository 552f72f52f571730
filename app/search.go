package app

import (
	"fmt"
	"sync"

	"gloss/search"
	"gloss/store"
)

// The search index lives beside the database and is derived from it; search.Library keeps it in step
// (catch-up after every write, rebuilds in the background, healing a damaged one). The index opens
// only once the first view is painted: start-up paints first.
type searchState struct {
	layout store.Layout    // the library's files: its index is layout.SearchIndex()
	lib    *search.Library // set by useLibrary before the window starts, never replaced
	once   sync.Once       // opens the index after the first paint
}

// useLibrary names the library's database file (main calls it before the window runs); its search index
// is where the library's store.Layout puts it.
func (a *App) useLibrary(db string) {
	a.search.layout = store.LayoutOf(db)
	a.search.lib = search.NewLibrary(a.search.layout.SearchIndex(), func(format string, args ...any) { fmt.Fprintf(a.log, format+"\n", args...) })
}

func (a *App) startIndex() {
	if a.store == nil || a.search.lib == nil {
		return
	}
	if err := a.search.lib.Start(a.store); err != nil {
		fmt.Fprintf(a.log, "gloss: search index %s: %v\n", a.search.lib.Dir(), err)
	}
}

// indexChanged brings the index up to date in the background.
func (a *App) indexChanged() {
	if a.search.lib != nil {
		a.search.lib.Changed()
	}
}

// searchLibrary is the started index, or why there is none.
func (a *App) searchLibrary() (*search.Library, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	if a.search.lib == nil {
		return nil, fmt.Errorf("search is not available: no index folder")
	}
	a.search.once.Do(a.startIndex)
	return a.search.lib, nil
}

// Search runs a library-wide query.
func (a *App) Search(q search.Query) (search.Results, error) {
	lib, err := a.searchLibrary()
	if err != nil {
		return search.Results{}, err
	}
	return lib.Search(q)
}

// FindInDocument lists every hit of a query in a document's current text (Ctrl+F).
func (a *App) FindInDocument(docID, query string) ([]search.Hit, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	return list(search.DocumentHits(a.store, docID, query))
}

// TagAllHits annotates every body hit of a search with a tag, as ONE undo step; with sentences, the
// sentence around each hit instead. preview=true only counts.
func (a *App) TagAllHits(q search.Query, tagID string, preview, sentences bool) (int, error) {
	lib, err := a.searchLibrary()
	if err != nil {
		return 0, err
	}
	n, err := a.reader.TagAllHits(lib, q, tagID, preview, sentences)
	if err == nil && !preview && n > 0 {
		a.indexChanged()
	}
	return n, err
}
