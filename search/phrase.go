package search

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"runtime"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/scorer"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// narrowPhraseQuery is a phrase query that lists its documents with phraseDocs. bleve's phrase searcher
// builds a map of every location of every term for each document that has all the terms, which for a
// common word next to a frequent one ("of chen") costs five times more.
type narrowPhraseQuery struct {
	field string
	terms []string // as for bleve's phrase query: "" stands for any term
}

func (q narrowPhraseQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	ids, err := phraseDocs(ctx, r, q.field, q.terms)
	if err != nil {
		return nil, err
	}
	// The score comes from the phrase's terms in those documents, as with bleve's phrase query.
	all := []search.Searcher{&idSearcher{ids: ids, scorer: scorer.NewConstantScorer(1, 1, options)}}
	for _, t := range q.terms {
		if t != "" {
			tq := query.NewTermQuery(t)
			tq.SetField(q.field)
			s, err := tq.Searcher(ctx, r, m, options)
			if err != nil {
				for _, s := range all {
					s.Close()
				}
				return nil, err
			}
			all = append(all, s)
		}
	}
	return searcher.NewConjunctionSearcher(ctx, r, all, options)
}

// phraseDocs lists, in index order, the documents whose field has terms at consecutive positions (""
// stands for any term). The work is decoding the positions of every term in every document that has
// them all, so a large index is split into ranges of documents read in parallel.
func phraseDocs(ctx context.Context, r index.IndexReader, field string, terms []string) ([]index.IndexInternalID, error) {
	docs, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	parts := uint64(1)
	if docs >= 2000 { // below that a range is read before a goroutine has started
		parts = uint64(runtime.GOMAXPROCS(0))
	}
	return phraseDocsSplit(ctx, r, field, terms, docs, parts)
}

func phraseDocsSplit(ctx context.Context, r index.IndexReader, field string, terms []string, docs, parts uint64) ([]index.IndexInternalID, error) {
	found := make([][]index.IndexInternalID, parts)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for k := range parts {
		// Internal ids are document numbers, big-endian; deleted documents keep theirs, so the last
		// range is open.
		lo, hi := internalID(k*docs/parts), index.IndexInternalID(nil)
		if k+1 < parts {
			hi = internalID((k + 1) * docs / parts)
		}
		// guard here too: a panic in another goroutine could not be recovered by the search's caller.
		wg.Go(func() {
			errs[k] = guard(func() (err error) { found[k], err = phraseDocsIn(ctx, r, field, terms, lo, hi); return err })
		})
	}
	wg.Wait()
	return slices.Concat(found...), errors.Join(errs...)
}

func internalID(n uint64) index.IndexInternalID { return binary.BigEndian.AppendUint64(nil, n) }

// phraseDocsIn is phraseDocs for the documents from lo up to hi (nil: to the end).
func phraseDocsIn(ctx context.Context, r index.IndexReader, field string, terms []string, lo, hi index.IndexInternalID) ([]index.IndexInternalID, error) {
	var cursors []*cursor
	defer func() {
		for _, c := range cursors {
			c.tfr.Close()
		}
	}()
	for i, t := range terms {
		if t == "" {
			continue
		}
		tfr, err := r.TermFieldReader(ctx, []byte(t), field, true, true, true)
		if err != nil {
			return nil, err
		}
		cursors = append(cursors, &cursor{tfr: tfr, offset: uint64(i), doc: &index.TermFieldDoc{}})
		if tfr.Count() == 0 {
			return nil, nil
		}
	}
	// The rarest term leads; the others are advanced to its documents.
	slices.SortFunc(cursors, func(a, b *cursor) int { return int(a.tfr.Count()) - int(b.tfr.Count()) })
	var out []index.IndexInternalID
	var err error
	lead := cursors[0]
	lead.doc, err = lead.tfr.Advance(lo, lead.doc)
	for err == nil && lead.doc != nil && (hi == nil || bytes.Compare(lead.doc.ID, hi) < 0) {
		target := lead.doc.ID
		all := true
		for _, c := range cursors[1:] {
			// Only forward: scorch reads a term's postings again from the start when asked for the
			// document it is already on, and a cursor often is, having stopped the previous round.
			if c.doc.ID == nil || bytes.Compare(c.doc.ID, target) < 0 {
				if c.doc, err = c.tfr.Advance(target, c.doc); err != nil || c.doc == nil {
					return out, err
				}
			}
			if !bytes.Equal(c.doc.ID, target) {
				all = false
				target = c.doc.ID // the next document that can match
				break
			}
		}
		if all {
			if consecutive(lead, cursors[1:]) {
				out = append(out, slices.Clone(target))
			}
			lead.doc, err = lead.tfr.Next(lead.doc)
		} else {
			lead.doc, err = lead.tfr.Advance(slices.Clone(target), lead.doc)
		}
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
	}
	return out, err
}

// cursor reads one term's postings; offset is the term's place in the phrase.
type cursor struct {
	tfr    index.TermFieldReader
	offset uint64
	doc    *index.TermFieldDoc
}

// consecutive reports whether some start position has every term at start+offset, all cursors being on
// the same document.
func consecutive(lead *cursor, others []*cursor) bool {
	for _, v := range lead.doc.Vectors {
		if v.Pos < lead.offset {
			continue
		}
		start := v.Pos - lead.offset
		found := true
		for _, o := range others {
			if _, ok := slices.BinarySearchFunc(o.doc.Vectors, start+o.offset, func(v *index.TermFieldVector, p uint64) int { return int(v.Pos) - int(p) }); !ok {
				found = false
				break
			}
		}
		if found {
			return true
		}
	}
	return false
}

// idSearcher yields the given documents (internal ids, ascending) with a constant score: bleve's
// DocIDSearcher without looking each id up again by its external name.
type idSearcher struct {
	ids    []index.IndexInternalID
	next   int
	scorer *scorer.ConstantScorer
}

func (s *idSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if s.next >= len(s.ids) {
		return nil, nil
	}
	s.next++
	return s.scorer.Score(ctx, s.ids[s.next-1]), nil
}

func (s *idSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	i, _ := slices.BinarySearchFunc(s.ids[s.next:], id, func(a, b index.IndexInternalID) int { return a.Compare(b) })
	s.next += i
	return s.Next(ctx)
}

func (s *idSearcher) Close() error               { return nil }
func (s *idSearcher) Weight() float64            { return s.scorer.Weight() }
func (s *idSearcher) SetQueryNorm(norm float64)  { s.scorer.SetQueryNorm(norm) }
func (s *idSearcher) Count() uint64              { return uint64(len(s.ids)) }
func (s *idSearcher) Min() int                   { return 0 }
func (s *idSearcher) Size() int                  { return 64 + 32*len(s.ids) }
func (s *idSearcher) DocumentMatchPoolSize() int { return 1 }
