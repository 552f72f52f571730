package store

import (
	"errors"

	bolt "go.etcd.io/bbolt"

	"gloss/anchor"
)

// reanchorFromVersions re-anchors annotations onto text, each from the text of the version its
// selectors describe (anchor.ReanchorFrom): a passage follows its own words through the edit, so a
// deleted passage whose words recur elsewhere is an orphan, and a repeated one keeps its own copy
// (issue 17). A version that is not stored (it cannot be, but an imported library might lack it)
// leaves its annotations to be found from their quotes alone.
func reanchorFromVersions(tx *bolt.Tx, docID string, anns []Annotation, sels []anchor.Selector, text string) ([]anchor.Result, error) {
	results := make([]anchor.Result, len(anns))
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
		sub := make([]anchor.Selector, len(idx))
		for k, i := range idx {
			sub[k] = sels[i]
		}
		for k, r := range anchor.ReanchorFrom(old.Text, text, sub) {
			results[idx[k]] = r
		}
	}
	return results, nil
}
