package search

import (
	"context"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// notYet fails the test if done is closed within a short while: the waiter should still be waiting.
func notYet(t *testing.T, done <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-done:
		t.Fatalf("%s returned while a search was still at work", what)
	case <-time.After(50 * time.Millisecond):
	}
}

// Background work waits on the gate, not by polling: it is woken when the last search at work ends, and
// not before; with no search at work it does not wait at all.
func TestSearchGateWakesWhenTheLastSearchEnds(t *testing.T) {
	var g searchGate
	if g.wait(t.Context(), time.Hour) {
		t.Fatal("waited with no search at work")
	}
	g.enter()
	g.enter()
	done := make(chan struct{})
	go func() {
		defer close(done)
		if !g.wait(t.Context(), time.Hour) {
			t.Error("did not wait for the searches at work")
		}
	}()
	g.leave()
	notYet(t, done, "wait")
	g.leave()
	within(t, hangLimit, "wait after the last search ended", func() { <-done })
	if g.active() != 0 {
		t.Fatalf("%d searches at work", g.active())
	}
	// A new search makes a new wait: the channel closed above does not end it.
	g.enter()
	ctx, cancel := context.WithCancel(t.Context())
	done = make(chan struct{})
	go func() { defer close(done); g.wait(ctx, time.Hour) }()
	notYet(t, done, "wait on a second search")
	cancel() // a cancelled catch-up stops waiting
	within(t, hangLimit, "wait after its context ended", func() { <-done })
	g.leave()
}

// scorch's merger asks Gloss's callback before each merge round: it waits there while a search is at
// work, and the index is forgotten once closed.
func TestMergesWaitForSearches(t *testing.T) {
	s, dir := builtIndex(t, 20)
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Search(s, Query{Text: "the"}); err != nil {
		t.Fatal(err)
	}
	adv, err := ix.idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	sc := adv.(*scorch.Scorch)
	if _, ok := mergeGates.Load(sc); !ok {
		t.Fatal("the open index's merges are not gated")
	}
	saved := mergeYield.Swap(int64(time.Hour))
	defer mergeYield.Store(saved)
	check := scorch.RegistryEventCallbacks[mergeCallback]
	ix.searches.enter()
	done := make(chan struct{})
	go func() {
		defer close(done)
		if !check(scorch.Event{Kind: scorch.EventKindPreMergeCheck, Scorch: sc}) {
			t.Error("the merge was called off, not held back")
		}
	}()
	notYet(t, done, "the merge check")
	ix.searches.leave()
	within(t, hangLimit, "the merge check after the search ended", func() { <-done })
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := mergeGates.Load(sc); ok {
		t.Fatal("a closed index is still in mergeGates")
	}
}
