package search

import "errors"

// RebuildNow rebuilds the index from scratch in the caller's goroutine, once any background work has
// finished, reporting progress: `gloss reindex` run by the window for a client of its socket.
func (l *Library) RebuildNow(progress func(done, total int)) error {
	l.mu.Lock()
	for l.running {
		l.idle.Wait()
	}
	ix, s, openErr, closed := l.ix, l.s, l.openErr, l.closed
	if ix == nil || closed {
		l.mu.Unlock()
		if openErr == nil {
			openErr = errors.New("the search index is not open")
		}
		return openErr
	}
	l.running = true
	l.mu.Unlock()

	err := ix.Rebuild(l.ctx, s, progress)
	if err == nil {
		l.mu.Lock()
		l.notice, l.repairs = "", 0
		l.mu.Unlock()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.again && !l.closed {
		go l.run() // changes that came in meanwhile: the background run takes over
		return err
	}
	l.running = false
	l.idle.Broadcast()
	return err
}

// Current answers q once the index has caught up with every change made before the call (Search does
// not wait for a long catch-up; a command-line search should not miss what was just written).
func (l *Library) Current(q Query) (Results, error) {
	l.Wait()
	return l.Search(q)
}
