package store

import (
	"encoding/json"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Team sync's conflicts waiting in the library. A pulled record with more than one live leaf revision on
// the server (two libraries edited it, or one deleted it while another edited it) is applied with
// CouchDB's winner, and the winner's and the loser's bodies are kept here under "sync:conflict:<key>" in
// the meta bucket, written in the same transaction as the batch that brought it, so the Coders view can
// show them without a server. Like the sync records they are not library content: neither journaled nor
// undoable. One conflict is kept per record, holding every losing leaf (three libraries editing one
// annotation offline make two losers): all are shown, and settling the record settles them all.

const syncConflictPrefix = "sync:conflict:"

// SyncConflict is one record's conflict: the body applied here (Winner) and one body kept on the server
// (Loser, at LoserRev; {"_deleted":true} when the other side deleted it).
type SyncConflict struct {
	Key       string          `json:"key"`
	Kind      string          `json:"kind"`
	Winner    json.RawMessage `json:"winner"`
	WinnerRev string          `json:"winnerRev"`
	Loser     json.RawMessage `json:"loser"`
	LoserRev  string          `json:"loserRev"`
	Reason    string          `json:"reason"`
	Others    []SyncLoser     `json:"others,omitempty"` // the further losing leaves, by revision
}

// SyncLoser is one losing leaf of a conflict: its revision, its body ({"_deleted":true}: deleted there)
// and why it is a conflict.
type SyncLoser struct {
	Rev    string          `json:"rev"`
	Body   json.RawMessage `json:"body"`
	Reason string          `json:"reason"`
}

// Losers lists every losing leaf, the first (Loser) first.
func (c SyncConflict) Losers() []SyncLoser {
	return append([]SyncLoser{{Rev: c.LoserRev, Body: c.Loser, Reason: c.Reason}}, c.Others...)
}

// SyncConflicts lists the conflicts waiting, by record key.
func (s *Store) SyncConflicts() ([]SyncConflict, error) {
	out := []SyncConflict{}
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketMeta).Cursor()
		for k, v := c.Seek([]byte(syncConflictPrefix)); k != nil && strings.HasPrefix(string(k), syncConflictPrefix); k, v = c.Next() {
			var sc SyncConflict
			if err := json.Unmarshal(v, &sc); err != nil {
				return fmt.Errorf("sync conflict %s: %w", k, err)
			}
			out = append(out, sc)
		}
		return nil
	})
	return out, err
}

// SyncConflict returns the conflict waiting on one record; ErrNotFound when there is none.
func (s *Store) SyncConflict(key string) (SyncConflict, error) {
	var sc SyncConflict
	err := s.db.View(func(tx *bolt.Tx) error {
		raw := tx.Bucket(bucketMeta).Get([]byte(syncConflictPrefix + key))
		if raw == nil {
			return fmt.Errorf("sync conflict on %s: %w", key, ErrNotFound)
		}
		return json.Unmarshal(raw, &sc)
	})
	return sc, err
}

// putConflicts stores conflicts and removes the settled ones, inside a batch's transaction.
func putConflicts(tx *bolt.Tx, list []SyncConflict, settled []string) error {
	meta := tx.Bucket(bucketMeta)
	for _, k := range settled {
		if err := meta.Delete([]byte(syncConflictPrefix + k)); err != nil {
			return err
		}
	}
	for _, sc := range list {
		raw, err := json.Marshal(sc)
		if err != nil {
			return err
		}
		if err := meta.Put([]byte(syncConflictPrefix+sc.Key), raw); err != nil {
			return err
		}
	}
	return nil
}
