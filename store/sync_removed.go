package store

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Team sync's document removals (teams/sync drives them). A document deleted on one library travels as a
// removal ("removed by ana at …"), never as a deletion of other coders' work: a library that has the
// document keeps it, with its annotations, and holds a notice (SyncNotice) until the person deletes it
// there too or keeps it; a library that removed a document (or joined after its removal) remembers its
// sha256 under "sync:removed:<sha256>" and leaves that document's records on the server alone: they are
// neither applied here nor reported, and their deletion here is not pushed. Sync state, like the
// records: neither journaled nor undoable.

const (
	syncRemovedPrefix = "sync:removed:"
	syncNoticePrefix  = "sync:notice:"
)

// SyncNotice says that another library removed a document this library still has.
type SyncNotice struct {
	SHA256 string    `json:"sha256"` // the document's current version, as its record names it
	By     string    `json:"by"`
	At     time.Time `json:"at"`
}

// SyncRemoved lists the sha256 of the documents removed here (or removed before this library had them).
func (s *Store) SyncRemoved() (map[string]bool, error) {
	out := map[string]bool{}
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketMeta).Cursor()
		for k, _ := c.Seek([]byte(syncRemovedPrefix)); k != nil && strings.HasPrefix(string(k), syncRemovedPrefix); k, _ = c.Next() {
			out[strings.TrimPrefix(string(k), syncRemovedPrefix)] = true
		}
		return nil
	})
	return out, err
}

// MarkSyncRemoved remembers documents as removed here and forgets the sync records given (theirs), in
// one durable transaction.
func (s *Store) MarkSyncRemoved(shas []string, forget []string) error {
	return s.update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		for _, sha := range shas {
			if err := meta.Put([]byte(syncRemovedPrefix+sha), []byte{1}); err != nil {
				return err
			}
			if err := meta.Delete([]byte(syncNoticePrefix + sha)); err != nil {
				return err
			}
		}
		return remember(tx, nil, forget)
	})
}

// SyncNotices lists the removals waiting for a decision here.
func (s *Store) SyncNotices() ([]SyncNotice, error) {
	out := []SyncNotice{}
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketMeta).Cursor()
		for k, v := c.Seek([]byte(syncNoticePrefix)); k != nil && strings.HasPrefix(string(k), syncNoticePrefix); k, v = c.Next() {
			var n SyncNotice
			if err := json.Unmarshal(v, &n); err != nil {
				return fmt.Errorf("sync notice %s: %w", k, err)
			}
			out = append(out, n)
		}
		return nil
	})
	return out, err
}

// KeepSyncDocument settles a removal notice by keeping the document: the notice goes, and the document's
// record is marked changed (key), so the next round publishes it again for the project (a library that
// joins later gets it from this one).
func (s *Store) KeepSyncDocument(sha, key string) error {
	return s.update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta.Get([]byte(syncNoticePrefix+sha)) == nil {
			return fmt.Errorf("no removal notice for document %s: %w", short(sha), ErrNotFound)
		}
		if err := meta.Delete([]byte(syncNoticePrefix + sha)); err != nil {
			return err
		}
		raw := meta.Get([]byte(syncRecPrefix + key))
		if raw == nil {
			return nil
		}
		var r SyncRecord
		if err := json.Unmarshal(raw, &r); err != nil {
			return err
		}
		r.Hash = "kept after a removal elsewhere"
		return remember(tx, []SyncRecord{r}, nil)
	})
}

// putNotices stores removal notices inside a batch's transaction.
func putNotices(tx *bolt.Tx, list []SyncNotice) error {
	meta := tx.Bucket(bucketMeta)
	for _, n := range list {
		raw, err := json.Marshal(n)
		if err != nil {
			return err
		}
		if err := meta.Put([]byte(syncNoticePrefix+n.SHA256), raw); err != nil {
			return err
		}
	}
	return nil
}
