package search

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// bleve (scorch) recovers a panic in its own goroutines (introducer, persister, merger): the goroutine
// ends, the panic goes only to an async error callback named in the index's config, and the index goes
// on answering searches while nothing is persisted any more, so every later Batch waits forever for a
// persistence that never comes, holding our lock (found by TestPanicInBleveBackgroundWork). Every live
// index is opened with that callback: the panic marks its generation faulted, a call waiting in bleve
// returns ErrDamaged at once (its goroutine is left behind, stuck in bleve), and the caller's
// Discard moves the index aside and rebuilds it, as for damaged files.

// asyncCallback is the name Gloss's callback is registered under in scorch's registry.
const asyncCallback = "gloss-async-fault"

// faults maps an index folder to the watch of its open generation. bleve looks its callbacks up by name
// in a package-level registry and calls them with the index's path only, so this map is package-level
// too (a deviation from "no package-level mutable state", forced by that API).
var faults sync.Map // cleaned folder → *faultWatch

func init() {
	scorch.RegistryAsyncErrorCallbacks[asyncCallback] = func(err error, path string) {
		panicked, persist := errors.Is(err, scorch.ErrAsyncPanic), errors.Is(err, scorch.ErrPersist)
		if !panicked && !persist {
			return // a failed cleanup is reported by the next call that needs it
		}
		for p, up := filepath.Clean(path), 0; up < 3; p, up = filepath.Dir(p), up+1 {
			if w, ok := faults.Load(p); ok {
				if panicked {
					w.(*faultWatch).fire(err)
				} else {
					w.(*faultWatch).persistFailed(err)
				}
				return
			}
		}
	}
}

// faultWatch is closed when bleve recovered a panic in a background goroutine of one open index.
type faultWatch struct {
	once sync.Once
	ch   chan struct{}
	err  error

	mu      sync.Mutex
	failed  chan struct{} // closed (and replaced) when a persist fails
	failErr error
}

func newFaultWatch() *faultWatch {
	return &faultWatch{ch: make(chan struct{}), failed: make(chan struct{})}
}

// persistFailed wakes the writes waiting for persistence: bleve retries later, but they report it now,
// as bleve's own wait did.
func (w *faultWatch) persistFailed(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.failErr = err
	close(w.failed)
	w.failed = make(chan struct{})
}

func (w *faultWatch) fire(err error) {
	w.once.Do(func() { w.err = err; close(w.ch) })
}

func (w *faultWatch) fault() error {
	select {
	case <-w.ch:
		return fmt.Errorf("%w: bleve's background work panicked: %v", ErrDamaged, w.err)
	default:
		return nil
	}
}

// bounded runs f (a call into the live index) and returns its error, or ErrDamaged as soon as the index
// faults while f waits.
func (w *faultWatch) bounded(f func() error) error {
	if err := w.fault(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- guard(f) }()
	select {
	case err := <-done:
		return err
	case <-w.ch:
		return w.fault()
	}
}

// closeWait is how long closing an index whose background work panicked may wait for bleve.
const closeWait = 2 * time.Second

// close closes idx, the index of this watch. Once the watch has fired, a write may be blocked inside
// bleve for good, holding the lock bleve's Close takes: when the introducer dies, the batch it was
// introducing is never answered (TestPanicInBleveIntroducer; Discard, and so every later search and the
// window's Close, waited on it forever). Then Close waits no longer than closeWait and the index is left
// behind, its goroutines stuck in bleve with nothing of ours waiting on them; the caller moves its
// files aside or removes them as for any damaged index.
func (w *faultWatch) close(idx bleve.Index) error {
	if w.fault() == nil {
		return guard(idx.Close)
	}
	done := make(chan error, 1)
	go func() { done <- guard(idx.Close) }()
	select {
	case err := <-done:
		return err
	case <-time.After(closeWait):
		return fmt.Errorf("%w: closing it waited %v for a write stuck in bleve; it is left behind", w.fault(), closeWait)
	}
}

// liveConfig is the runtime config of every live index; extra adds to it (tests: an event callback).
func liveConfig(extra map[string]any) map[string]any {
	// unsafe_batch: Batch does not wait for persistence itself; persist waits, in a way a fault ends.
	// eventCallbackName: merges wait for searches at work (yield.go).
	config := map[string]any{"asyncErrorCallbackName": asyncCallback, "unsafe_batch": true, "eventCallbackName": mergeCallback}
	for k, v := range extra {
		config[k] = v
	}
	return config
}

// openLive opens (create: makes) the index in dir with the callbacks and registers a new watch for it;
// its merges wait for the searches gate counts.
func openLive(dir string, create bool, extra map[string]any, gate *searchGate) (bleve.Index, *faultWatch, error) {
	w := newFaultWatch()
	faults.Store(filepath.Clean(dir), w)
	var idx bleve.Index
	err := guard(func() (err error) {
		if create {
			idx, err = bleve.NewUsing(dir, newMapping(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, liveConfig(extra))
		} else {
			idx, err = bleve.OpenUsing(dir, liveConfig(extra))
		}
		return err
	})
	if err == nil {
		gateMerges(idx, gate)
	}
	return idx, w, err
}

// persist writes b to idx and waits until it is persisted, or the index faults, or the persist fails.
//
// bleve's own wait for persistence (scorch's prepareSegment) listens to nothing else: when the persister
// died, the write's goroutine stayed blocked there for the life of the process, holding the index's lock,
// so even closing that index (Discard) waited forever and no search could heal
// (TestNoWriteLeftWaitingOnADeadPersister). Every live index is therefore opened with unsafe_batch, so
// Batch returns once the batch is introduced, and this waits for bleve's persisted callback instead, in
// a select that a fault ends: the write is as durable as before, and nothing is left waiting.
func (w *faultWatch) persist(idx bleve.Index, b *bleve.Batch) error {
	if b.Size() == 0 {
		return idx.Batch(b) // nothing to persist, so no callback would come
	}
	persisted := make(chan error, 1)
	b.SetPersistedCallback(func(err error) {
		select {
		case persisted <- err:
		default:
		}
	})
	w.mu.Lock()
	failed := w.failed
	w.mu.Unlock()
	if err := idx.Batch(b); err != nil {
		return err
	}
	select {
	case err := <-persisted:
		return err
	case <-failed:
		w.mu.Lock()
		defer w.mu.Unlock()
		return w.failErr
	case <-w.ch:
		return w.fault()
	}
}
