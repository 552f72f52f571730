package reading

import (
	"gloss/anchor"
	"gloss/store"
)

// ReviewItem is one annotation the re-anchoring could not place exactly: its passage in the version it
// last anchored to and, for a fuzzy match, where it is now.
type ReviewItem struct {
	Annotation store.Annotation `json:"annotation"`
	DocTitle   string           `json:"docTitle"`
	Old        string           `json:"old"`        // the quote as made, [bracketed] in its version's text
	OldVersion int              `json:"oldVersion"` // the version the quote was made on
	New        string           `json:"new"`        // the current context, "" for an orphan
	// Changes is the word diff from the quote as made to the words it is anchored to now (none for
	// an orphan).
	Changes []anchor.DiffOp `json:"changes"`
}

// ReviewContext is the code points of context Review shows on each side of a quote.
const ReviewContext = 60

// bracketed is text's [start, end) in brackets with ReviewContext code points each side.
func bracketed(r []rune, start, end int) string {
	from, to := max(0, start-ReviewContext), min(len(r), end+ReviewContext)
	return string(r[from:start]) + "[" + string(r[start:end]) + "]" + string(r[end:to])
}

// ReviewQueue lists every fuzzy and orphaned annotation with its context: the quote as made in its own
// version's text, and where it is anchored now.
func (r *Reader) ReviewQueue() ([]ReviewItem, error) {
	anns, err := r.store.ReviewQueue()
	if err != nil {
		return nil, err
	}
	items := []ReviewItem{}
	for _, an := range anns {
		doc, err := r.store.Document(an.DocID)
		if err != nil {
			return nil, err
		}
		made := an.Made()
		it := ReviewItem{Annotation: an, DocTitle: doc.Title, OldVersion: made.Version, Changes: []anchor.DiffOp{},
			Old: made.Prefix + "[" + made.Exact + "]" + made.Suffix}
		if v, err := r.store.Version(an.DocID, made.Version); err == nil {
			// The old version's own text around the quote as made (not the new wording).
			if t := []rune(v.Text); made.Start >= 0 && made.End <= len(t) && made.Start <= made.End && string(t[made.Start:made.End]) == made.Exact {
				it.Old = bracketed(t, made.Start, made.End)
			}
		}
		if an.Anchor.Status != string(anchor.StatusOrphan) {
			v, err := r.store.Version(an.DocID, 0)
			if err != nil {
				return nil, err
			}
			it.New = bracketed([]rune(v.Text), an.Start, an.End)
			it.Changes = anchor.DiffVersions(made.Exact, an.Exact)
		}
		items = append(items, it)
	}
	return items, nil
}
