package store

import (
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Selector is what re-anchoring is handed of an annotation: its TextPositionSelector (code points,
// End exclusive) and TextQuoteSelector over the text of the version the annotation describes.
type Selector struct {
	Start, End            int
	Exact, Prefix, Suffix string
}

// Placement is where re-anchoring found a Selector in the new text: Status is AnchorExact, AnchorMoved,
// AnchorFuzzy or AnchorOrphan, Start and End are code points of the new text (zero for an orphan), and
// Confidence is 0..1.
type Placement struct {
	Status     string
	Confidence float64
	Start, End int
}

// Reanchorer finds in newText each passage that olds describe in oldText, one Placement per Selector
// in their order. AddVersion calls it inside its write transaction, so it must only compute. The
// store does not re-anchor by itself (anchor sits above it in the flow): gloss/anchor/anchorstore
// gives anchor.ReanchorFrom as Options.Reanchor to every library opened for use.
type Reanchorer func(oldText, newText string, olds []Selector) []Placement

// ErrNoReanchor is what AddVersion returns on a library opened without Options.Reanchor: a new version
// is never added with its annotations left where the old text had them.
var ErrNoReanchor = errors.New("the library was opened without re-anchoring (store.Options.Reanchor; open it with anchorstore.Open): a new version cannot be added")

// reanchorFromVersions re-anchors annotations onto text, each from the text of the version its
// selectors describe (s.reanchor, anchor.ReanchorFrom): a passage follows its own words through the
// edit, so a deleted passage whose words recur elsewhere is an orphan, and a repeated one keeps its own
// copy (issue 17). A version that is not stored (it cannot be, but an imported library might lack it)
// leaves its annotations to be found from their quotes alone.
func (s *Store) reanchorFromVersions(tx *bolt.Tx, docID string, anns []Annotation, text string) ([]Placement, error) {
	results := make([]Placement, len(anns))
	groups := map[int][]int{}
	var order []int
	for i, a := range anns {
		if _, ok := groups[a.Version]; !ok {
			order = append(order, a.Version)
		}
		groups[a.Version] = append(groups[a.Version], i)
	}
	for _, v := range order {
		idx := groups[v]
		old, err := getVersion(tx, docID, v)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return nil, err
		}
		sub := make([]Selector, len(idx))
		for k, i := range idx {
			a := anns[i]
			sub[k] = Selector{Start: a.Start, End: a.End, Exact: a.Exact, Prefix: a.Prefix, Suffix: a.Suffix}
		}
		found := s.reanchor(old.Text, text, sub)
		if len(found) != len(sub) {
			return nil, fmt.Errorf("re-anchoring gave %d places for %d annotations", len(found), len(sub))
		}
		for k, r := range found {
			switch r.Status {
			case AnchorExact, AnchorMoved, AnchorFuzzy, AnchorOrphan:
			default:
				return nil, fmt.Errorf("re-anchoring gave the unknown status %q", r.Status)
			}
			results[idx[k]] = r
		}
	}
	return results, nil
}
