package app

import (
	"context"
	"fmt"
	"sync"

	"gloss/search"
	"gloss/store"
)

// The search index lives beside the database and is derived from it: on start it catches up (or
// rebuilds) in the background with "search:progress" events, and after every write the window makes it
// catches up again. Search answers meanwhile and says it is catching up.
type searchState struct {
	dir     string
	ix      *search.Index
	err     error
	running sync.Mutex // one catch-up at a time
	again   bool
	againMu sync.Mutex
	once    sync.Once // opens the index after the first paint
}

// useIndex sets where the search index lives (main calls it with "<db>.search").
func (a *App) useIndex(dir string) { a.search.dir = dir }

func (a *App) startIndex() {
	if a.store == nil || a.search.dir == "" {
		return
	}
	a.search.ix, a.search.err = search.Open(a.search.dir)
	if a.search.err != nil {
		fmt.Fprintf(a.log, "gloss: search index %s: %v\n", a.search.dir, a.search.err)
		return
	}
	a.indexChanged()
}

// indexChanged brings the index up to date in the background; calls during a run schedule one more run.
func (a *App) indexChanged() {
	ix := a.search.ix
	if ix == nil {
		return
	}
	if !a.search.running.TryLock() {
		a.search.againMu.Lock()
		a.search.again = true
		a.search.againMu.Unlock()
		return
	}
	go func() {
		defer a.search.running.Unlock()
		for {
			// No progress events: the Search view learns "catching up" from its results, and events sent
			// while a page (re)loads reach a Wails runtime that is not there yet.
			err := ix.CatchUp(context.Background(), a.store, nil)
			if err != nil {
				fmt.Fprintf(a.log, "gloss: updating the search index: %v\n", err)
			}
			a.search.againMu.Lock()
			again := a.search.again
			a.search.again = false
			a.search.againMu.Unlock()
			if !again {
				return
			}
		}
	}()
}

// Search runs a library-wide query.
func (a *App) Search(q search.Query) (search.Results, error) {
	if err := a.ready(); err != nil {
		return search.Results{}, err
	}
	a.search.once.Do(a.startIndex)
	if a.search.ix == nil {
		return search.Results{}, fmt.Errorf("search is not available: %v", a.search.err)
	}
	// Edits made since the last catch-up (annotations, notes, tags) are usually few: apply them first so
	// results are current; a long rebuild running in the background is not waited for.
	if a.search.running.TryLock() {
		if err := a.search.ix.CatchUp(context.Background(), a.store, nil); err != nil {
			fmt.Fprintf(a.log, "gloss: updating the search index: %v\n", err)
		}
		a.search.running.Unlock()
	}
	return a.search.ix.Search(a.store, q)
}

// FindInDocument lists every hit of a query in a document's current text (Ctrl+F).
func (a *App) FindInDocument(docID, query string) ([]search.Hit, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	v, err := a.store.Version(docID, 0)
	if err != nil {
		return nil, err
	}
	return list(search.HitsInDocument(v.Text, query), nil)
}

// TagAllHits annotates every body hit of a search with a tag, as ONE undo step. preview=true only counts.
func (a *App) TagAllHits(q search.Query, tagID string, preview bool) (int, error) {
	if err := a.ready(); err != nil {
		return 0, err
	}
	a.search.once.Do(a.startIndex)
	if a.search.ix == nil {
		return 0, fmt.Errorf("search is not available: %v", a.search.err)
	}
	q.Limit = search.MaxLimit
	res, err := a.search.ix.Search(a.store, q)
	if err != nil {
		return 0, err
	}
	var list []store.NewAnnotation
	for _, d := range res.Docs {
		if d.Kind != "document" {
			continue
		}
		v, err := a.store.Version(d.DocID, 0)
		if err != nil {
			return 0, err
		}
		for _, h := range search.HitsInDocument(v.Text, q.Text) {
			if h.In == "body" || h.In == "" {
				list = append(list, store.NewAnnotation{DocID: d.DocID, Start: h.Start, End: h.End, Tags: []string{tagID}})
			}
		}
	}
	if preview || len(list) == 0 {
		return len(list), nil
	}
	if _, err := a.store.CreateAnnotations(list, fmt.Sprintf("Tag %d hits of “%s”", len(list), q.Text)); err != nil {
		return 0, err
	}
	a.indexChanged()
	return len(list), nil
}
