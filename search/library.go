package search

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"gloss/store"
)

// Library keeps one library's index in step with its store for a long-lived process (the window): it
// opens the index, follows the store's journal in the background (one catch-up at a time; changes
// during a run ask for one more), and rebuilds it in the background when it is outdated or found
// damaged, while searches answer and say so. It is safe for concurrent use.
type Library struct {
	dir  string
	logf func(format string, args ...any)

	mu      sync.Mutex // guards everything below
	idle    *sync.Cond // signalled when running goes false
	s       *store.Store
	ix      *Index
	openErr error
	started bool
	running bool   // a catch-up (background or in a search) is at work
	again   bool   // a change came in: run once more
	warm    bool   // the next run first warms the index just opened (Index.warm)
	full    bool   // the next run rebuilds from scratch
	notice  string // for the person while a damaged index is rebuilt
	repairs int    // damage found in a row: a rebuild that finds damage again stops after two
	closed  bool
	ctx     context.Context
	cancel  context.CancelFunc
}

// maxRepairs stops rebuilding an index that is damaged again as soon as it is built (a failing disk):
// searches then keep saying why, and the next Changed tries again.
const maxRepairs = 2

// NewLibrary is the index in dir, not opened yet (Start opens it). logf gets background errors.
func NewLibrary(dir string, logf func(format string, args ...any)) *Library {
	ctx, cancel := context.WithCancel(context.Background())
	l := &Library{dir: dir, logf: logf, ctx: ctx, cancel: cancel}
	l.idle = sync.NewCond(&l.mu)
	return l
}

// Dir is the index's folder.
func (l *Library) Dir() string { return l.dir }

// Start opens the index for s and brings it up to date in the background. Only the first call does
// anything; Search before Start says search is not available.
func (l *Library) Start(s *store.Store) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.started || l.closed {
		return l.openErr
	}
	l.started, l.s = true, s
	if l.dir == "" {
		l.openErr = errors.New("no folder for the search index")
		return l.openErr
	}
	l.ix, l.openErr = Open(l.dir)
	if l.openErr != nil {
		return l.openErr
	}
	if st, err := l.ix.Status(s); err == nil && st.Rebuild && l.ix.reason() != "" {
		l.notice = NoticeRebuilding // Open found it damaged
	}
	l.warm = true
	l.kick()
	return nil
}

// Changed says the store was written: the index catches up in the background.
func (l *Library) Changed() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ix != nil {
		l.kick()
	}
}

// Rebuild rebuilds the index from scratch in the background; the current one answers meanwhile.
func (l *Library) Rebuild() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ix != nil {
		l.full = true
		l.kick()
	}
}

// kick asks for a run and starts one unless one is at work. l.mu is held.
func (l *Library) kick() {
	l.again = true
	if !l.running && !l.closed {
		l.running = true
		go l.run()
	}
}

// run catches up until no change came in meanwhile.
func (l *Library) run() {
	for {
		l.mu.Lock()
		if !l.again || l.closed {
			l.running = false
			l.idle.Broadcast()
			l.mu.Unlock()
			return
		}
		l.again = false
		full, warm := l.full, l.warm
		l.full, l.warm = false, false
		l.mu.Unlock()
		if warm {
			l.ix.warm(l.ctx)
		}
		l.catchUp(full, true)
	}
}

// catchUp brings the index up to date once; the caller has set running. durable false (a search's few
// edits) returns once they are searchable, without waiting for the disk.
func (l *Library) catchUp(full, durable bool) {
	var err error
	if full {
		err = l.ix.Rebuild(l.ctx, l.s, nil)
	} else {
		err = l.ix.catchUp(l.ctx, l.s, nil, durable)
	}
	switch {
	case errors.Is(err, ErrDamaged):
		l.damaged(err)
	case err != nil && l.ctx.Err() == nil:
		l.logf("gloss: updating the search index: %v", err)
	case err == nil:
		if st, serr := l.ix.Status(l.s); serr == nil && st.Ready {
			l.mu.Lock()
			l.notice, l.repairs = "", 0
			l.mu.Unlock()
		}
	}
}

// damaged moves the index aside and asks for a rebuild, unless it keeps coming back damaged.
func (l *Library) damaged(cause error) {
	l.logf("gloss: %v: it is moved aside and rebuilt", cause)
	if err := l.ix.Discard(cause); err != nil {
		l.logf("gloss: replacing the damaged search index: %v", err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.notice = NoticeRebuilding
	if l.repairs++; l.repairs <= maxRepairs {
		l.kick()
	}
}

// Search answers q from the index as it is. Edits made since the last catch-up are usually few: when
// no catch-up is at work they are applied first, so results are current; a rebuild or a long catch-up
// is not waited for (CatchingUp and Notice say so). Damage found by the search starts a rebuild and
// answers with the notice.
func (l *Library) Search(q Query) (Results, error) {
	l.mu.Lock()
	ix, s, openErr := l.ix, l.s, l.openErr
	inline := ix != nil && !l.running && !l.closed
	if inline {
		l.running = true
	}
	l.mu.Unlock()
	if ix == nil {
		if openErr == nil {
			openErr = errors.New("the search index is not open yet")
		}
		return Results{Docs: []DocResult{}}, fmt.Errorf("search is not available: %w", openErr)
	}
	if inline {
		l.catchUpSmall(ix, s)
	}
	res, err := ix.search(s, q)
	if errors.Is(err, ErrDamaged) {
		l.damaged(err)
		return Results{Docs: []DocResult{}, CatchingUp: true, Notice: NoticeRebuilding}, nil
	}
	l.mu.Lock()
	if l.notice != "" {
		res.Notice, res.CatchingUp = l.notice, true
	}
	l.mu.Unlock()
	return res, err
}

// inlineMax is the most journal entries a search applies before it answers, and inlineRecords the most
// index records they may change: the few edits a person makes between two searches (a tag, a note, a
// language), so that results show them. More is an import under way or just ended, and applying it
// first made a first search wait for indexing hundreds of documents (0.5–3 s in BenchmarkFirstSearch);
// even the ten or so documents an import adds between two searches made one wait 5–200 ms for their
// analysis on two busy cores. That goes to the background, and the search answers from the index as it
// is and says it is catching up.
const (
	inlineMax     = 16
	inlineRecords = 4
)

// catchUpSmall applies a few pending changes in the caller's goroutine and leaves anything bigger to
// the background; it ends the run the caller started.
func (l *Library) catchUpSmall(ix *Index, s *store.Store) {
	st, err := ix.Status(s)
	small := err == nil && !st.Ready && !st.Rebuild && st.Behind <= inlineMax && ix.fewRecords(s)
	l.mu.Lock()
	if err == nil && !st.Ready && !small {
		l.again = true
	}
	l.mu.Unlock()
	if small {
		// Searchable is enough: waiting for the persister's write and fsync as well made a search during
		// an import wait 20–150 ms (BenchmarkFirstSearch); scorch's persister writes them in the background.
		l.catchUp(false, false)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.again && !l.closed {
		go l.run() // running stays true: the background run takes it over
		return
	}
	l.running = false
	l.idle.Broadcast()
}

// fewRecords says whether the journal entries the index has not applied change at most inlineRecords
// documents, notes and tags.
func (ix *Index) fewRecords(s *store.Store) bool {
	m, err := ix.mark()
	if err != nil {
		return false
	}
	entries, err := s.JournalSince(m.seq)
	if err != nil || len(entries) > inlineMax {
		return false
	}
	docs, notes, tags, err := touched(s, entries)
	return err == nil && len(docs)+len(notes)+len(tags) <= inlineRecords
}

// Wait returns once no catch-up or rebuild is at work (tests, and a caller about to exit).
func (l *Library) Wait() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.running {
		l.idle.Wait()
	}
}

// Close stops the background work (a rebuild stops at its next batch) and closes the index.
func (l *Library) Close() error {
	l.mu.Lock()
	l.closed = true
	l.cancel()
	for l.running {
		l.idle.Wait()
	}
	ix := l.ix
	l.mu.Unlock()
	if ix == nil {
		return nil
	}
	return ix.Close()
}
