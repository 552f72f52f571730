package store

import (
	"encoding/json"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Tombstones. An annotation a merge brought in (Annotation.Merged) that is deleted here leaves a tombstone
// under its id, written in the same undo step as the deletion: merging the same file again then leaves it
// out instead of bringing it back. Undoing the deletion takes the tombstone away with it; an annotation
// created again with that id (an import of an older export) lifts it. Deleting a whole document leaves no
// tombstones: merging the file again brings the document back with its annotations.

var bucketTombstones = []byte("tombstones")

// Tombstone remembers a deleted merged annotation: its id and, for files whose annotations carry no
// UUID, its passage and author.
type Tombstone struct {
	ID      string    `json:"id"`
	DocID   string    `json:"doc"`
	Start   int       `json:"start"`
	End     int       `json:"end"`
	Author  string    `json:"author"`
	Merged  string    `json:"merged"` // the file it had been merged from
	Deleted time.Time `json:"deleted"`
}

// bury leaves a tombstone for a deleted annotation when a merge had brought it in.
func bury(cs *changeSet, a Annotation) error {
	if a.Merged == "" {
		return nil
	}
	return cs.putJSON(bucketTombstones, a.ID, Tombstone{ID: a.ID, DocID: a.DocID, Start: a.Start, End: a.End,
		Author: a.Author, Merged: a.Merged, Deleted: time.Now().UTC()})
}

// revive lifts the tombstone of an id that is used again.
func revive(cs *changeSet, id string) error {
	if cs.tx.Bucket(bucketTombstones).Get([]byte(id)) == nil {
		return nil
	}
	return cs.del(bucketTombstones, id)
}

// Tombstones lists the deleted merged annotations, by id.
func (s *Store) Tombstones() ([]Tombstone, error) {
	out := []Tombstone{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return eachJSON(tx.Bucket(bucketTombstones), "tombstone", func(t Tombstone) { out = append(out, t) })
	})
	return out, err
}

// checkTombstones: tombstones decode, are stored under their id, and name no live annotation.
func checkTombstones(tx *bolt.Tx, report func(string, ...any)) {
	anns := tx.Bucket(bucketAnnotations)
	_ = tx.Bucket(bucketTombstones).ForEach(func(k, v []byte) error {
		var t Tombstone
		switch err := json.Unmarshal(v, &t); {
		case err != nil:
			report("tombstone %s does not decode: %v", k, err)
		case t.ID != string(k):
			report("tombstone under key %s has id %q", k, t.ID)
		case anns.Get(k) != nil:
			report("tombstone %s names an annotation that exists", k)
		}
		return nil
	})
}
