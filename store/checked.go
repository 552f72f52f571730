package store

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A captured document's last check: when Gloss last fetched its page (an import or a refresh), even if
// nothing had changed, and what that page was (its payload's sha256 and the digest of its visible text),
// so the next refresh can tell an unchanged page without reading the archive back. The page a check
// describes always shows the document's current version: a check is recorded only for an import, an
// unchanged page, or the page a new version came from. Kept in the meta bucket under "checked:<id>";
// like settings, not library content: one durable transaction per batch, not journaled, not undoable.
const checkedPrefix = "checked:"

// CaptureCheck is one document's last check.
type CaptureCheck struct {
	CheckedAt     time.Time `json:"checkedAt"`
	PayloadSHA256 string    `json:"payloadSha256,omitempty"`
	VisibleSHA256 string    `json:"visibleSha256,omitempty"` // of the page's visible text (capture.visibleText)
	// DocSHA256 is the document's sha256 (its current version) when the page was found showing it: once
	// another version is current (an undo, a new version from a file), the check describes nothing.
	DocSHA256 string `json:"docSha256,omitempty"`
}

// SetCaptureChecks records the checks of a batch of documents in one transaction; a document that is
// no longer in the library is left out.
func (s *Store) SetCaptureChecks(checks map[string]CaptureCheck) error {
	if len(checks) == 0 {
		return nil
	}
	return s.update(func(tx *bolt.Tx) error {
		meta, docs := tx.Bucket(bucketMeta), tx.Bucket(bucketDocs)
		for id, c := range checks {
			if docs.Get([]byte(id)) == nil {
				continue
			}
			raw, err := json.Marshal(c)
			if err != nil {
				return err
			}
			if err := meta.Put([]byte(checkedPrefix+id), raw); err != nil {
				return err
			}
		}
		return nil
	})
}

// CaptureChecks are the last checks of every document that has one (a deleted document's is left out).
func (s *Store) CaptureChecks() (map[string]CaptureCheck, error) {
	out := map[string]CaptureCheck{}
	err := s.db.View(func(tx *bolt.Tx) error {
		docs := tx.Bucket(bucketDocs)
		c := tx.Bucket(bucketMeta).Cursor()
		for k, v := c.Seek([]byte(checkedPrefix)); k != nil && strings.HasPrefix(string(k), checkedPrefix); k, v = c.Next() {
			id := strings.TrimPrefix(string(k), checkedPrefix)
			if docs.Get([]byte(id)) == nil {
				continue
			}
			var check CaptureCheck
			if err := json.Unmarshal(v, &check); err != nil {
				return fmt.Errorf("last check of document %s: %w", id, err)
			}
			out[id] = check
		}
		return nil
	})
	return out, err
}
