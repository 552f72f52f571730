package store

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// AnnotatedChange is a document whose current version arrived after some of its annotations were made:
// the text changed since the person annotated it (a corrected article, a web page edited after capture).
type AnnotatedChange struct {
	DocID       string `json:"docId"`
	AnnotatedOn int    `json:"annotatedOn"` // the version that was current when the oldest of those annotations was made
	Current     int    `json:"current"`     // the document's current version
	Annotations int    `json:"annotations"` // annotations made before the current version arrived
}

// AnnotatedChanges lists, by document id, every document changed since it was annotated. An annotation
// was made on the version that was the latest when it was created (its Created time against the
// versions' ImportedAt); its selectors may since have been re-anchored onto newer versions.
func (s *Store) AnnotatedChanges() ([]AnnotatedChange, error) {
	out := []AnnotatedChange{}
	err := s.db.View(func(tx *bolt.Tx) error {
		docs := tx.Bucket(bucketDocs)
		return docs.ForEach(func(k, v []byte) error {
			var d struct {
				ID      string `json:"id"`
				Version int    `json:"version"`
			}
			if err := json.Unmarshal(v, &d); err != nil {
				return fmt.Errorf("document %s: %w", k, err)
			}
			if d.Version < 2 {
				return nil
			}
			var created []time.Time
			if err := eachAnnotation(tx, d.ID, func(a Annotation) error {
				created = append(created, a.Created)
				return nil
			}); err != nil {
				return err
			}
			if len(created) == 0 {
				return nil
			}
			at, err := versionTimes(tx, d.ID, d.Version)
			if err != nil {
				return err
			}
			if c, ok := annotatedChange(d.ID, at, created); ok {
				out = append(out, c)
			}
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].DocID < out[j].DocID })
	return out, nil
}

// versionTimes reads when each of versions 1..n was imported, without keeping their texts.
func versionTimes(tx *bolt.Tx, docID string, n int) ([]time.Time, error) {
	at := make([]time.Time, n)
	for i := 1; i <= n; i++ {
		raw := tx.Bucket(bucketVersions).Get(versionKey(docID, i))
		if raw == nil {
			return nil, fmt.Errorf("version %d of document %s: %w", i, docID, ErrNotFound)
		}
		var v struct {
			ImportedAt time.Time `json:"importedAt"`
		}
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, fmt.Errorf("version %d of document %s: %w", i, docID, err)
		}
		at[i-1] = v.ImportedAt
	}
	return at, nil
}

// annotatedChange derives a document's AnnotatedChange from when its versions arrived (at[i] is version
// i+1's import time) and when its annotations were made.
func annotatedChange(docID string, at []time.Time, created []time.Time) (AnnotatedChange, bool) {
	cur := len(at)
	c := AnnotatedChange{DocID: docID, Current: cur, AnnotatedOn: cur}
	for _, t := range created {
		on := 1 // made before version 1 arrived (an imported annotation's own time): on the first
		for i := cur; i >= 1; i-- {
			if !t.Before(at[i-1]) {
				on = i
				break
			}
		}
		if on < cur {
			c.Annotations++
			c.AnnotatedOn = min(c.AnnotatedOn, on)
		}
	}
	return c, c.Annotations > 0
}
