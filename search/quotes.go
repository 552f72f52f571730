package search

// Quote tracking across the library: the word index (anchor.QuoteIndex) narrows the documents down,
// kept up to date from the store's journal like the search index, and Myers' matcher checks each.

import (
	"cmp"
	"fmt"
	"slices"

	"gloss/anchor"
	"gloss/store"
)

// TrackQuote finds a quote in the current versions of every document but docID ("" searches them
// all): every passage whose similarity is at least anchor.TrackSimilarity (0.8: at most one code point
// in five edited, white space and quote marks folded), best first, then by date and title.
//
// Candidates come from ix, which its owner keeps for the life of the library (the window) or of one
// command (the CLI) and which is brought up to date from the store's journal on each call: a document
// is searched only if it contains at least anchor.CandidateShare (60%) of the quote's distinct words of
// three or more letters, and at least two of its adjacent word pairs (one for a two-word quote; words
// lowercased, punctuation ignored). Every candidate is then searched in full with Myers' bit-parallel
// matcher, so each match reported is real; what the filter can miss is a reprint edited in so many
// words that fewer than 60% of them, or fewer than two neighbouring pairs, survive. A quote with no
// word at all is searched in every document.
func TrackQuote(s *store.Store, ix *anchor.QuoteIndex, docID, quote string) ([]anchor.QuoteMatch, error) {
	p := anchor.NewPattern(quote)
	if p == nil {
		return nil, fmt.Errorf("the quote is empty")
	}
	if docID != "" {
		if _, err := s.Document(docID); err != nil {
			return nil, err
		}
	}
	ix.Lock()
	defer ix.Unlock()
	if err := catchUp(s, ix); err != nil {
		return nil, err
	}
	ids := ix.Candidates(quote, docID)
	out := []anchor.QuoteMatch{}
	err := s.CurrentTexts(ids, func(d store.Document, text string) error {
		var at []int32 // byte offset of each code point, built on the first match
		for _, m := range p.FindAll(text, anchor.TrackSimilarity) {
			if at == nil {
				for i := range text {
					at = append(at, int32(i))
				}
				at = append(at, int32(len(text)))
			}
			out = append(out, anchor.QuoteMatch{DocID: d.ID, Title: d.Title, Date: d.Date, Start: m.Start, End: m.End,
				Exact: text[at[m.Start]:at[m.End]], Similarity: m.Similarity})
		}
		return nil
	})
	slices.SortFunc(out, func(a, b anchor.QuoteMatch) int {
		return cmp.Or(cmp.Compare(b.Similarity, a.Similarity), cmp.Compare(a.Date, b.Date),
			cmp.Compare(a.Title, b.Title), cmp.Compare(a.DocID, b.DocID), cmp.Compare(a.Start, b.Start))
	})
	return out, err
}

// catchUp brings ix (locked by the caller) to the store's journal position: a fresh or wasteful index
// is rebuilt from every current text, otherwise only the documents the journal names are re-read.
func catchUp(s *store.Store, ix *anchor.QuoteIndex) error {
	// Read the position first: a write racing the update is then seen again next time.
	seq, err := s.JournalSeq()
	if err != nil {
		return err
	}
	if ix.Seq == seq && seq != 0 { // Seq 0: never built
		return nil
	}
	if ix.Seq == 0 || seq < ix.Seq || ix.Wasteful() {
		ix.Reset()
		if err := s.CurrentTexts(nil, func(d store.Document, text string) error {
			ix.Add(d.ID, text)
			return nil
		}); err != nil {
			ix.Reset()
			return err
		}
		ix.Seq = seq
		return nil
	}
	entries, err := s.JournalSince(ix.Seq)
	if err != nil {
		return err
	}
	changed := map[string]bool{}
	for _, e := range entries {
		for _, c := range e.Changed {
			if c.Bucket == "docs" {
				changed[c.Key] = true
			}
		}
	}
	ids := make([]string, 0, len(changed))
	for id := range changed {
		ix.Remove(id)
		ids = append(ids, id)
	}
	if err := s.CurrentTexts(ids, func(d store.Document, text string) error {
		ix.Add(d.ID, text)
		return nil
	}); err != nil {
		ix.Reset() // half updated: rebuild next time
		return err
	}
	ix.Seq = seq
	return nil
}
