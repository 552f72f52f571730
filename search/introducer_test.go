package search

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zapv17 "github.com/blevesearch/zapx/v17"

	"gloss/store"
)

// A panic in bleve's introducer. Scorch fires no event inside its introducer loop, but the loop calls the
// new segment's own methods (UpdateFieldStats) while it introduces a batch: a segment plugin that wraps
// zap's (the one bleve writes with, same type and version, so the index's files are zap's own) and hands
// back, for a batch holding the armed document, a segment whose UpdateFieldStats panics, makes that panic
// happen where a real one would. bleve recovers it and reports it to the async callback; the introducer is
// gone, so the write that was being introduced never hears back and stays blocked inside bleve holding the
// bleve index's own lock, which bleve's Close then waits for forever.

// introducerProbe is zap v17 with a New that arms the batch holding armed's document.
type introducerProbe struct {
	*zapv17.ZapPlugin
	armed *atomic.Value // the index key (docKey) of the document whose batch must panic; "" for none
}

type panicsInIntroducer struct{ segment.Segment }

func (panicsInIntroducer) UpdateFieldStats(segment.FieldStats) {
	panic("a fault in bleve's introducer (test)")
}

func (p introducerProbe) NewUsing(results []index.Document, config map[string]any) (segment.Segment, uint64, error) {
	seg, n, err := p.ZapPlugin.NewUsing(results, config)
	if err == nil && p.armedIn(results) {
		return panicsInIntroducer{seg}, n, nil
	}
	return seg, n, err
}

func (p introducerProbe) New(results []index.Document) (segment.Segment, uint64, error) {
	return p.NewUsing(results, nil)
}

func (p introducerProbe) armedIn(results []index.Document) bool {
	key, _ := p.armed.Load().(string)
	for _, r := range results {
		if key != "" && r != nil && r.ID() == key {
			return true
		}
	}
	return false
}

// withIntroducerProbe puts the probe in place of zap v17 in scorch's plugin registry (indexes opened
// from then on write through it) until the test ends. The search tests do not run in parallel.
func withIntroducerProbe(t *testing.T) *atomic.Value {
	armed := &atomic.Value{}
	armed.Store("")
	scorch.RegisterSegmentPlugin(introducerProbe{&zapv17.ZapPlugin{}, armed}, false)
	t.Cleanup(func() { scorch.RegisterSegmentPlugin(&zapv17.ZapPlugin{}, false) })
	return armed
}

// TestPanicInBleveIntroducer: the CLI's path (Open, CatchUp, Search, Close). The catch-up whose batch
// the introducer dies on returns ErrDamaged naming the panic; the index is then moved aside and rebuilt
// (Discard used to wait forever in bleve's Close, behind the write left blocked inside bleve), every
// query answers as before and the new document is found; closing returns.
func TestPanicInBleveIntroducer(t *testing.T) {
	s, dir := builtIndex(t, 60)
	armed := withIntroducerProbe(t)
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := answers(t, s, ix)
	doc, err := s.AddDocument(store.NewDocument{Title: "Introducer probe", Format: "txt", Text: "Zygomorphic blossoms puzzled everyone."})
	if err != nil {
		t.Fatal(err)
	}
	armed.Store(docKey(doc.ID))
	within(t, hangLimit, "a catch-up whose batch the introducer dies on, then the repair", func() {
		err := ix.CatchUp(context.Background(), s, nil)
		armed.Store("")
		if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "a fault in bleve's introducer (test)") {
			t.Fatalf("catch up: %v, want ErrDamaged naming the panic", err)
		}
		if err := ix.Discard(err); err != nil {
			t.Fatalf("discard: %v", err)
		}
		if err := ix.CatchUp(context.Background(), s, nil); err != nil {
			t.Fatalf("catch up after the discard: %v", err)
		}
		got := answers(t, s, ix)
		for q, w := range want { // the same documents (the new one changes the scores, so maybe the order)
			if !slices.Equal(slices.Sorted(slices.Values(got[q])), slices.Sorted(slices.Values(w))) {
				t.Errorf("search %s after the rebuild: %d results, want %d", q, len(got[q]), len(w))
			}
		}
		res, err := ix.Search(s, Query{Text: "zygomorphic", Limit: 10})
		if err != nil || len(res.Docs) != 1 || res.Docs[0].DocID != doc.ID {
			t.Errorf("the new document after the rebuild: %+v, %v", res.Docs, err)
		}
		if err := ix.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
}

// TestPanicInBleveIntroducerClosesTheCLI: a catch-up that fails on the introducer's panic and is closed
// at once, as `gloss search` does with an error, returns (it hung at 0 % CPU, the report).
func TestPanicInBleveIntroducerClosesTheCLI(t *testing.T) {
	s, dir := builtIndex(t, 20)
	armed := withIntroducerProbe(t)
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := s.AddDocument(store.NewDocument{Title: "Introducer probe", Format: "txt", Text: "Another probe."})
	if err != nil {
		t.Fatal(err)
	}
	armed.Store(docKey(doc.ID))
	within(t, hangLimit, "close after the introducer died", func() {
		if err := ix.CatchUp(context.Background(), s, nil); !errors.Is(err, ErrDamaged) {
			t.Errorf("catch up: %v, want ErrDamaged", err)
		}
		ix.Close()
	})
}

// TestLibraryHealsAfterAPanicInBleveIntroducer: the window's path. The search whose catch-up the
// introducer dies on answers (it used to wait forever, and so did every later search and the window's
// Close) with the notice; the index is rebuilt in the background and the new document is found.
func TestLibraryHealsAfterAPanicInBleveIntroducer(t *testing.T) {
	s, dir := builtIndex(t, 60)
	armed := withIntroducerProbe(t)
	l := newTestLibrary(t, dir)
	if err := l.Start(s); err != nil {
		t.Fatal(err)
	}
	l.Wait()
	doc, err := s.AddDocument(store.NewDocument{Title: "Introducer probe", Format: "txt", Text: "Zygomorphic blossoms puzzled everyone."})
	if err != nil {
		t.Fatal(err)
	}
	armed.Store(docKey(doc.ID))
	within(t, hangLimit, "searches after the introducer died", func() {
		res, err := l.Search(Query{Text: "zygomorphic", Limit: 10})
		armed.Store("")
		if err != nil || res.Notice != NoticeRebuilding || !res.CatchingUp {
			t.Errorf("the search that met the fault: notice %q, catching up %v, %v", res.Notice, res.CatchingUp, err)
		}
		l.Wait()
		res, err = l.Search(Query{Text: "zygomorphic", Limit: 10})
		if err != nil || res.Notice != "" || len(res.Docs) != 1 || res.Docs[0].DocID != doc.ID {
			t.Errorf("after the rebuild: %+v, notice %q, %v", res.Docs, res.Notice, err)
		}
		if res, err := l.Search(Query{Text: "a*", Limit: 100}); err != nil || len(res.Docs) != 60 {
			t.Errorf("after the rebuild: %d results for a*, %v", len(res.Docs), err)
		}
	})
}
