package store

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Team sync's refused pushes (teams/sync drives them). A record whose push the server refused (its
// validate_doc_update said "forbidden", or the document was invalid) is parked under
// "sync:refused:<key>" with the hash of the body that was refused and the server's reason: a round does
// not send it again while the record here still has that body, so the refusal is reported once, and it
// waits for the person to retry (the mark goes; the next round sends it) or discard it (the mark stays,
// discarded: the edit stays in this library and is not sent). A later edit here, or a pulled revision,
// gives the record another body: the mark no longer applies and is dropped. Sync state, like the
// records: neither journaled nor undoable.

const syncRefusedPrefix = "sync:refused:"

// SyncRefusal is one parked push.
type SyncRefusal struct {
	Key       string    `json:"key"`
	Hash      string    `json:"hash"` // of the body refused ("": a deletion)
	Reason    string    `json:"reason"`
	What      string    `json:"what"` // the record in words, for the list
	At        time.Time `json:"at"`
	Discarded bool      `json:"discarded,omitempty"`
}

// SyncRefusals returns every parked push by key.
func (s *Store) SyncRefusals() (map[string]SyncRefusal, error) {
	out := map[string]SyncRefusal{}
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketMeta).Cursor()
		for k, v := c.Seek([]byte(syncRefusedPrefix)); k != nil && strings.HasPrefix(string(k), syncRefusedPrefix); k, v = c.Next() {
			var r SyncRefusal
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("sync refusal %s: %w", k, err)
			}
			out[r.Key] = r
		}
		return nil
	})
	return out, err
}

// ParkSync stores parked pushes and drops the marks of the keys in drop, in one durable transaction.
func (s *Store) ParkSync(park []SyncRefusal, drop []string) error {
	return s.update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		for _, k := range drop {
			if err := meta.Delete([]byte(syncRefusedPrefix + k)); err != nil {
				return err
			}
		}
		for _, r := range park {
			raw, err := json.Marshal(r)
			if err != nil {
				return err
			}
			if err := meta.Put([]byte(syncRefusedPrefix+r.Key), raw); err != nil {
				return err
			}
		}
		return nil
	})
}

// SettleSyncRefusal retries (the mark goes) or discards (the mark stays, discarded) a parked push.
func (s *Store) SettleSyncRefusal(key string, discard bool) error {
	return s.update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		raw := meta.Get([]byte(syncRefusedPrefix + key))
		if raw == nil {
			return fmt.Errorf("no refused edit %q waits here: %w", key, ErrNotFound)
		}
		if !discard {
			return meta.Delete([]byte(syncRefusedPrefix + key))
		}
		var r SyncRefusal
		if err := json.Unmarshal(raw, &r); err != nil {
			return err
		}
		r.Discarded = true
		out, err := json.Marshal(r)
		if err != nil {
			return err
		}
		return meta.Put([]byte(syncRefusedPrefix+key), out)
	})
}
