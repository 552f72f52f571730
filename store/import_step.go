package store

import (
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// An import too large for one transaction (a file of a million annotations) is written in batches, one
// durable transaction each, so memory stays bounded; the batches still make one undo step. The first
// batch is an ordinary undoable write; each later one is journaled with its values but not pushed on the
// undo stack: its seq is added to the first's stack entry (stepParts), and Undo and Redo apply every
// part of the step in one transaction.

// stepParts is the value of an undo or redo stack key whose step spans several journal entries (nil for
// an ordinary step of one entry).
type stepParts struct {
	Label string   `json:"label,omitempty"` // the step's label, when it differs from its first entry's
	More  []uint64 `json:"more"`            // the later entries, oldest first
}

func readStepParts(raw []byte) (stepParts, error) {
	var p stepParts
	if len(raw) == 0 {
		return p, nil
	}
	err := json.Unmarshal(raw, &p)
	return p, err
}

// ImportStep gathers the batches of one import into one undo step.
type ImportStep struct {
	s     *Store
	label func(created int) string
	first uint64 // the step's first journal entry; 0 before the first batch that changed anything
	made  int
}

// NewImportStep starts an undo step; label names it from the number of annotations created so far.
func (s *Store) NewImportStep(label func(created int) string) *ImportStep {
	return &ImportStep{s: s, label: label}
}

// CreateAnnotationsKeepingGood creates one batch in one transaction, as Store.CreateAnnotationsKeepingGood
// (an item the store refuses is reported and the others still come in), as part of this step.
func (st *ImportStep) CreateAnnotationsKeepingGood(list []NewAnnotation) (created []Annotation, failed []ItemError, err error) {
	now := time.Now().UTC()
	err = st.s.update(func(tx *bolt.Tx) error {
		created, failed = nil, nil
		cs := &changeSet{tx: tx, before: map[recordKey][]byte{}}
		b := &annotationBatch{author: authorIn(tx), now: now, docs: map[string]Document{}, texts: map[string]*CodePoints{}}
		for i, na := range list {
			a, err := st.s.newAnnotation(cs, b, na)
			if err != nil {
				failed = append(failed, ItemError{i, err})
				continue
			}
			created = append(created, a)
		}
		changes := cs.changes()
		if len(changes) == 0 {
			return nil
		}
		label := st.label(st.made + len(created))
		seq, err := appendJournal(tx, opAnnCreate, label, changes, true)
		if err != nil {
			return err
		}
		meta := tx.Bucket(bucketMeta)
		key := stackKey(undoPrefix, st.first)
		raw := meta.Get(key)
		if st.first == 0 || raw == nil && !hasKey(meta, key) {
			// The first batch, or the step was undone meanwhile (in the window): a new step.
			for _, k := range keysWithPrefix(meta, redoPrefix) {
				if err := meta.Delete(k); err != nil {
					return err
				}
			}
			st.first = seq
			return meta.Put(stackKey(undoPrefix, seq), nil)
		}
		parts, err := readStepParts(raw)
		if err != nil {
			return fmt.Errorf("undo step %d: %w", st.first, err)
		}
		parts.Label, parts.More = label, append(parts.More, seq)
		value, err := json.Marshal(parts)
		if err != nil {
			return err
		}
		return meta.Put(key, value)
	})
	if err != nil {
		return nil, nil, err
	}
	st.made += len(created)
	return created, failed, nil
}

func hasKey(b *bolt.Bucket, key []byte) bool {
	k, _ := b.Cursor().Seek(key)
	return k != nil && string(k) == string(key)
}

// stepRecords reads every journal entry of the step on top of a stack, oldest first, and its label.
func stepRecords(tx *bolt.Tx, prefix []byte, seq uint64) ([]journalRecord, string, []byte, error) {
	value := tx.Bucket(bucketMeta).Get(stackKey(prefix, seq))
	parts, err := readStepParts(value)
	if err != nil {
		return nil, "", nil, fmt.Errorf("undo step %d: %w", seq, err)
	}
	var recs []journalRecord
	for _, n := range append([]uint64{seq}, parts.More...) {
		rec, err := readJournal(tx, n)
		if err != nil {
			return nil, "", nil, err
		}
		recs = append(recs, rec)
	}
	label := recs[0].Label
	if parts.Label != "" {
		label = parts.Label
	}
	return recs, label, bytesClone(value), nil
}

func bytesClone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte{}, b...)
}
