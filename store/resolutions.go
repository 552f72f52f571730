package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Resolutions. A disagreement between coders (a span of a document where they differ on a tag, see
// package agree) can be settled by changing annotations, an ordinary edit, or by keeping both versions:
// that decision changes no annotation, so it is stored on its own, one record per span, and is undoable
// like any edit. A span whose coders change (another With) is a new disagreement and is open again.

var bucketResolutions = []byte("resolutions")

// ResolutionKeepBoth is the only kind of stored resolution: both versions stay as they are.
const ResolutionKeepBoth = "keep-both"

// Resolution settles one disagreement: code points [Start, End) of a document's current text, on one tag.
type Resolution struct {
	DocID string    `json:"doc"`
	TagID string    `json:"tag"`
	Start int       `json:"start"`
	End   int       `json:"end"`
	With  []string  `json:"with"` // the coders whose annotations gave the span the tag, sorted
	Kind  string    `json:"kind"` // ResolutionKeepBoth
	By    string    `json:"by"`   // the library's author who decided
	At    time.Time `json:"at"`
}

func resolutionKey(docID, tagID string, start, end int) string {
	return fmt.Sprintf("%s/%s/%d/%d", docID, tagID, start, end)
}

// ResolveDisagreement records a decision on a disagreement, replacing an earlier one on the same span.
func (s *Store) ResolveDisagreement(r Resolution) (Resolution, error) {
	if r.Kind == "" {
		r.Kind = ResolutionKeepBoth
	}
	if r.Kind != ResolutionKeepBoth {
		return Resolution{}, fmt.Errorf("unknown kind of resolution %q", r.Kind)
	}
	if r.Start < 0 || r.Start >= r.End {
		return Resolution{}, fmt.Errorf("span %d–%d is empty or negative", r.Start, r.End)
	}
	r.With = slices.Sorted(slices.Values(r.With))
	if r.With == nil {
		r.With = []string{}
	}
	r.At = time.Now().UTC()
	err := s.write(opResolve, true, func(cs *changeSet) (string, error) {
		d, err := getDoc(cs.tx, r.DocID)
		if err != nil {
			return "", err
		}
		if cs.tx.Bucket(bucketTags).Get([]byte(r.TagID)) == nil {
			return "", fmt.Errorf("tag %s: %w", r.TagID, ErrNotFound)
		}
		r.By = authorIn(cs.tx)
		return fmt.Sprintf("Both versions kept in %q", clip(d.Title)),
			cs.putJSON(bucketResolutions, resolutionKey(r.DocID, r.TagID, r.Start, r.End), r)
	})
	if err != nil {
		return Resolution{}, err
	}
	return r, nil
}

// ReopenDisagreement removes the decision on a span; ErrNotFound when there is none.
func (s *Store) ReopenDisagreement(docID, tagID string, start, end int) error {
	return s.write(opReopen, true, func(cs *changeSet) (string, error) {
		key := resolutionKey(docID, tagID, start, end)
		if cs.tx.Bucket(bucketResolutions).Get([]byte(key)) == nil {
			return "", fmt.Errorf("resolution of %s: %w", key, ErrNotFound)
		}
		title := docID
		if d, err := getDoc(cs.tx, docID); err == nil {
			title = d.Title
		}
		return fmt.Sprintf("Disagreement in %q reopened", clip(title)), cs.del(bucketResolutions, key)
	})
}

// Resolutions lists every recorded decision, by document, tag and span.
func (s *Store) Resolutions() ([]Resolution, error) {
	out := []Resolution{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return eachJSON(tx.Bucket(bucketResolutions), "resolution", func(r Resolution) { out = append(out, r) })
	})
	return out, err
}

// checkResolutions: resolutions decode, are stored under their span's key and have a known kind. Their
// documents and tags may be gone since: such a record is simply never matched again.
func checkResolutions(tx *bolt.Tx, report func(string, ...any)) {
	_ = tx.Bucket(bucketResolutions).ForEach(func(k, v []byte) error {
		var r Resolution
		switch err := json.Unmarshal(v, &r); {
		case err != nil:
			report("resolution %s does not decode: %v", k, err)
		case resolutionKey(r.DocID, r.TagID, r.Start, r.End) != string(k):
			report("resolution under key %s describes %s", k, resolutionKey(r.DocID, r.TagID, r.Start, r.End))
		case r.Kind != ResolutionKeepBoth:
			report("resolution %s has unknown kind %q", k, r.Kind)
		}
		return nil
	})
}
