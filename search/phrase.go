package search

import (
	"bytes"
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// narrowPhraseQuery is a phrase query that lists its documents with phraseDocs. It pays off when a common word stands next to
// one that is not: bleve would check positions in every document with the other word, and the common
// word has many positions in each.
type narrowPhraseQuery struct {
	field string
	terms []string // as for bleve's phrase query: "" stands for any term
}

func (q narrowPhraseQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	ids, err := phraseDocs(ctx, r, q.field, q.terms)
	if err != nil {
		return nil, err
	}
	// The score comes from the phrase's terms in those documents, as with bleve's phrase query; its own
	// searcher would check positions again in every document with all the terms.
	all := []query.Query{query.NewDocIDQuery(ids)}
	for _, t := range q.terms {
		if t != "" {
			tq := query.NewTermQuery(t)
			tq.SetField(q.field)
			all = append(all, tq)
		}
	}
	return query.NewConjunctionQuery(all).Searcher(ctx, r, m, options)
}

// phraseDocs lists the documents whose field has terms at consecutive positions ("" stands for any
// term), reading the postings directly: bleve's phrase searcher builds a map of every location of
// every term for each document that has all the terms, which for a common word next to a frequent one
// ("of chen") costs five times more than this.
func phraseDocs(ctx context.Context, r index.IndexReader, field string, terms []string) ([]string, error) {
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
	var out []string
	var err error
	lead := cursors[0]
	lead.doc, err = lead.tfr.Next(lead.doc)
	for err == nil && lead.doc != nil {
		target := lead.doc.ID
		all := true
		for _, c := range cursors[1:] {
			if c.doc, err = c.tfr.Advance(target, c.doc); err != nil || c.doc == nil {
				return out, err
			}
			if !bytes.Equal(c.doc.ID, target) {
				all = false
				target = c.doc.ID // the next document that can match
				break
			}
		}
		if all {
			if consecutive(lead, cursors[1:]) {
				id, err := r.ExternalID(target)
				if err != nil {
					return out, err
				}
				out = append(out, id)
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
