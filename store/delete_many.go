package store

import (
	"fmt"
	"slices"
)

// DeleteDocuments deletes several documents (the Library's selection) in one transaction and one undo
// step; an id not in the library refuses the whole batch, naming it, and nothing is deleted.
func (s *Store) DeleteDocuments(ids []string) error {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	if len(ids) == 0 {
		return nil
	}
	return s.write(opDocDelete, true, func(cs *changeSet) (string, error) {
		title := ""
		for _, id := range ids {
			t, err := deleteDocumentIn(cs, id)
			if err != nil {
				return "", err
			}
			title = t
		}
		if len(ids) == 1 {
			return fmt.Sprintf("Document %q deleted", title), nil
		}
		return fmt.Sprintf("%d documents deleted", len(ids)), nil
	})
}
