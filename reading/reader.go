// Package reading is what a reader of one document sees, for the window and the command line alike: a
// document's current version rendered with its annotations as marks (behind a render cache), the Reader's
// windows of blocks, its side panel (pages, filters, stepping, author counts), a version's pages, the
// review queue with its context, version diffs and the library's annotation lists. app/ binds these
// methods to the window; cli/ prints them.
package reading

import (
	"fmt"
	"slices"
	"sync"

	"gloss/render"
	"gloss/store"
)

// Reader reads one library. It keeps the last few rendered documents: the window asks for a document's
// blocks window by window, and a person goes back and forth between a few articles. Any write (the
// store's journal sequence) invalidates them. Safe for concurrent use.
type Reader struct {
	store *store.Store

	mu       sync.Mutex
	cache    []rendered         // most recent first
	inflight map[string]*flight // renders under way, by document: a second caller waits for the first
}

// flight is a render under way (Prewarm's, or an Open's): an Open that arrives meanwhile takes its result
// instead of rendering the document a second time.
type flight struct {
	seq  uint64
	done chan struct{} // closed once c and err are set
	c    rendered
	err  error
}

// New reads the library s.
func New(s *store.Store) *Reader { return &Reader{store: s} }

// Store is the library the Reader reads.
func (r *Reader) Store() *store.Store { return r.store }

// CachedDocuments is how many rendered documents a Reader keeps (a 1 MB article with 5,000 annotations
// takes about 5 MB).
const CachedDocuments = 4

// rendered is a document's current version rendered with the annotations that have a place in it.
type rendered struct {
	docID string
	seq   uint64
	doc   store.Document
	rd    render.Doc
	anns  []store.Annotation // the annotations drawn, in text order
	// orphans and kept count the annotations not drawn because their passage was lost (kept: a person
	// chose to keep them as orphans).
	orphans, kept int
}

// Forget empties the render cache (the benchmarks measure a cold open with it).
func (r *Reader) Forget() {
	r.mu.Lock()
	r.cache = nil
	r.mu.Unlock()
}

// rendered is a document's current version with its annotations drawn as marks, from the cache when no
// write happened since it was rendered.
func (r *Reader) rendered(docID string) (rendered, error) {
	seq, err := r.store.JournalSeq()
	if err != nil {
		return rendered{}, err
	}
	r.mu.Lock()
	for i, c := range r.cache {
		if c.docID == docID && c.seq == seq {
			copy(r.cache[1:i+1], r.cache[:i]) // most recent first
			r.cache[0] = c
			r.mu.Unlock()
			return c, nil
		}
	}
	if f, ok := r.inflight[docID]; ok && f.seq == seq {
		r.mu.Unlock()
		<-f.done
		return f.c, f.err
	}
	// what the waiters get if render panics (the panic goes on to this caller)
	f := &flight{seq: seq, done: make(chan struct{}), err: fmt.Errorf("rendering document %s stopped", docID)}
	if r.inflight == nil {
		r.inflight = map[string]*flight{}
	}
	r.inflight[docID] = f
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		if r.inflight[docID] == f {
			delete(r.inflight, docID)
		}
		r.mu.Unlock()
		close(f.done)
	}()
	c, err := r.render(docID)
	c.docID, c.seq = docID, seq
	f.c, f.err = c, err
	if err == nil {
		r.mu.Lock()
		r.cache = slices.DeleteFunc(r.cache, func(o rendered) bool { return o.docID == docID || o.seq != seq })
		r.cache = slices.Insert(r.cache, 0, c)
		r.cache = r.cache[:min(len(r.cache), CachedDocuments)]
		r.mu.Unlock()
	}
	return c, err
}

func (r *Reader) render(docID string) (rendered, error) {
	doc, err := r.store.Document(docID)
	if err != nil {
		return rendered{doc: doc}, err
	}
	v, err := r.store.Version(docID, 0)
	if err != nil {
		return rendered{doc: doc}, err
	}
	anns, err := r.store.Annotations(store.AnnotationFilter{DocID: docID})
	if err != nil {
		return rendered{doc: doc}, err
	}
	colour, err := r.store.TagColours()
	if err != nil {
		return rendered{doc: doc}, err
	}
	marks := make([]render.Mark, 0, len(anns))
	shown := make([]store.Annotation, 0, len(anns))
	orphans, kept := 0, 0
	for _, an := range anns {
		if !an.Placed(v.N) {
			// an orphan has no place in this text; the review queue shows it
			if an.Anchor.Status == "orphan" && an.Anchor.Kept {
				kept++
			} else if an.Anchor.Status == "orphan" {
				orphans++
			}
			continue
		}
		m := render.Mark{ID: an.ID, Start: an.Start, End: an.End, Fuzzy: an.Anchor.Status == "fuzzy"}
		if len(an.Tags) > 0 {
			m.Colour = colour[an.Tags[0]]
		}
		marks = append(marks, m)
		shown = append(shown, an)
	}
	rd, err := render.Version(doc.Format, v.Text, v.Raw, doc.BodyStart, marks)
	return rendered{doc: doc, rd: rd, anns: shown, orphans: orphans, kept: kept}, err
}

// Marks is a document's current version rendered with its marks, and the annotations drawn, in text
// order (those on an older version and orphans are not).
func (r *Reader) Marks(docID string) (store.Document, render.Doc, []store.Annotation, error) {
	c, err := r.rendered(docID)
	return c.doc, c.rd, c.anns, err
}

// Blocks is the rendered blocks [from, to) (indexes, clamped) of a document: the window fetches long
// documents window by window.
func (r *Reader) Blocks(docID string, from, to int) ([]render.Block, error) {
	c, err := r.rendered(docID)
	if err != nil {
		return nil, err
	}
	n := len(c.rd.Blocks)
	from, to = max(0, min(from, n)), max(0, min(to, n))
	return c.rd.Blocks[from:max(from, to)], nil
}

// Change is what the Reader needs after an annotation changes: the annotation (nil when deleted) and the
// re-rendered blocks it touches, so only those are repainted.
type Change struct {
	Annotation *store.Annotation `json:"annotation,omitempty"`
	Blocks     []render.Block    `json:"blocks"`
}

// Changed is the Change for an annotation (nil: deleted) that covered [start, end) of docID.
func (r *Reader) Changed(ann *store.Annotation, docID string, start, end int) (Change, error) {
	c, err := r.rendered(docID)
	if err != nil {
		return Change{}, err
	}
	return Change{Annotation: ann, Blocks: c.rd.Slice(start, end)}, nil
}
