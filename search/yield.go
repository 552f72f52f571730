package search

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// searchGate counts the searches at work, and tells background work (a catch-up's or rebuild's next
// batch, scorch's next merge) when the last one has ended: on two cores a search that shares the CPU
// with a batch being indexed or segments being merged waited for most of that work.
type searchGate struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed when n drops to 0; a fresh one while n > 0
}

func (g *searchGate) enter() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.n == 0 {
		g.idle = make(chan struct{})
	}
	g.n++
}

func (g *searchGate) leave() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.n--; g.n == 0 {
		close(g.idle)
	}
}

// active is how many searches are at work.
func (g *searchGate) active() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.n
}

// wait blocks until no search is at work, ctx is done or max has passed; false when it did not wait.
func (g *searchGate) wait(ctx context.Context, max time.Duration) bool {
	g.mu.Lock()
	n, idle := g.n, g.idle
	g.mu.Unlock()
	if n == 0 {
		return false
	}
	t := time.NewTimer(max)
	defer t.Stop()
	select {
	case <-idle:
	case <-ctx.Done():
	case <-t.C:
	}
	return true
}

// maxYield bounds how long a catch-up, rebuild or merge holds back for searches (one after another, as
// the person types), so that it goes on at least that often.
const maxYield = 250 * time.Millisecond

// yieldToSearches waits, no longer than maxYield, until no search is at work.
func (ix *Index) yieldToSearches(ctx context.Context) {
	if ix.searches.wait(ctx, maxYield) {
		ix.yielded.Add(1)
	}
}

// Scorch merges segments in a goroutine of its own once a batch is persisted, and a merge rewrites
// segments of thousands of documents: in BenchmarkFirstSearch it took 42 % of the CPU while an import was
// indexed, more than the batches themselves. scorch asks an event callback before every merge round
// (EventKindPreMergeCheck, in the merger's goroutine, holding no lock): Gloss's waits there for the
// searches at work, as a catch-up's batch does. mergeGates maps each open scorch index to its Index's
// gate; like faults (async.go) it is package-level because scorch's callbacks are found by name.
const mergeCallback = "gloss-merge-yield"

var mergeGates sync.Map // *scorch.Scorch → *searchGate

// mergeYield is how long a merge holds back at most, in nanoseconds: maxYield (tests lengthen it).
var mergeYield atomic.Int64

func init() { mergeYield.Store(int64(maxYield)) }

func init() {
	scorch.RegistryEventCallbacks[mergeCallback] = func(e scorch.Event) bool {
		switch e.Kind {
		case scorch.EventKindPreMergeCheck:
			if g, ok := mergeGates.Load(e.Scorch); ok {
				g.(*searchGate).wait(context.Background(), time.Duration(mergeYield.Load()))
			}
		case scorch.EventKindClose:
			mergeGates.Delete(e.Scorch)
		}
		return true
	}
}

// gateMerges makes idx's merges wait for the searches counted by g.
func gateMerges(idx bleve.Index, g *searchGate) {
	if adv, err := idx.Advanced(); err == nil {
		if sc, ok := adv.(*scorch.Scorch); ok {
			mergeGates.Store(sc, g)
		}
	}
}
