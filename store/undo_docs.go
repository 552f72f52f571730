package store

import (
	"encoding/json"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// maxStepDocuments caps how many documents StepDocuments names (an import of a thousand files is
// one step).
const maxStepDocuments = 8

// StepDocuments lists the documents the next undo (undo true) or redo step would change, in the
// order the step first touched them: a document or version record by its key, an annotation or
// a note by its document. Tags and other library-wide records name none. Nothing to undo (or redo)
// is an empty list. The window uses it so that undo never changes another article silently.
func (s *Store) StepDocuments(undo bool) ([]string, error) {
	prefix := undoPrefix
	if !undo {
		prefix = redoPrefix
	}
	out := []string{}
	err := s.db.View(func(tx *bolt.Tx) error {
		seq, ok := stackTop(tx, prefix)
		if !ok {
			return nil
		}
		rec, err := readJournal(tx, seq)
		if err != nil {
			return err
		}
		add := func(id string) {
			if id != "" && len(out) < maxStepDocuments && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
		for _, c := range rec.Changes {
			switch c.Bucket {
			case string(bucketDocs):
				add(c.Key)
			case string(bucketVersions):
				add(c.Key[:max(0, strings.LastIndexByte(c.Key, '/'))])
			case string(bucketAnnotations), string(bucketNotes):
				for _, raw := range [][]byte{c.After, c.Before} {
					var v struct {
						DocID string `json:"doc"`
					}
					if raw != nil && json.Unmarshal(raw, &v) == nil && v.DocID != "" {
						add(v.DocID)
						break
					}
				}
			}
		}
		return nil
	})
	return out, err
}
