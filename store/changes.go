package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Journal operations.
const (
	opDocAdd     = "doc.add"
	opDocMeta    = "doc.meta"
	opDocDelete  = "doc.delete"
	opAnnCreate  = "annotation.create"
	opAnnUpdate  = "annotation.update"
	opAnnDelete  = "annotation.delete"
	opTagCreate  = "tag.create"
	opTagUpdate  = "tag.update"
	opTagMove    = "tag.move"
	opTagReorder = "tag.reorder"
	opTagMerge   = "tag.merge"
	opTagDelete  = "tag.delete"
	opNoteSave   = "note.save"
	opNoteDelete = "note.delete"
	opAuthorSet  = "author.set"
	opResolve    = "disagreement.resolve"
	opReopen     = "disagreement.reopen"
	opUndo       = "undo"
	opRedo       = "redo"
)

// Undo and redo stacks are meta keys prefix+seq. Seqs only grow and every undo step is newer than every
// redo step, so the undo top is the last undo key and the redo top the first redo key.
var (
	undoPrefix = []byte("undo/")
	redoPrefix = []byte("redo/")
)

// change is one record's value before and after a write; nil means absent.
type change struct {
	Bucket string `json:"bucket"`
	Key    string `json:"key"`
	Before []byte `json:"before"`
	After  []byte `json:"after"`
}

// journalRecord is the stored form of a journal entry. Only undoable entries keep the values; the
// others (imports, undo and redo themselves) name the records they changed.
type journalRecord struct {
	Seq     uint64    `json:"seq"`
	Op      string    `json:"op"`
	Label   string    `json:"label,omitempty"`
	Changes []change  `json:"changes,omitempty"`
	At      time.Time `json:"at"`
}

type recordKey struct{ bucket, key string }

// changeSet records one user-visible write. Writes go straight into the transaction, so later reads see
// them; the value each record had when first touched is kept as its before.
type changeSet struct {
	tx      *bolt.Tx
	touched []recordKey
	before  map[recordKey][]byte
}

// lookup returns a record's value, []byte{} for an empty one and nil only when the key is absent (Get
// cannot tell those apart).
func lookup(b *bolt.Bucket, key []byte) []byte {
	k, v := b.Cursor().Seek(key)
	if !bytes.Equal(k, key) {
		return nil
	}
	return append([]byte{}, v...)
}

func sameValue(a, b []byte) bool { return (a == nil) == (b == nil) && bytes.Equal(a, b) }

func (cs *changeSet) touch(bucket []byte, key string) {
	rk := recordKey{string(bucket), key}
	if _, seen := cs.before[rk]; !seen {
		cs.before[rk] = lookup(cs.tx.Bucket(bucket), []byte(key))
		cs.touched = append(cs.touched, rk)
	}
}

func (cs *changeSet) put(bucket []byte, key string, value []byte) error {
	cs.touch(bucket, key)
	return cs.tx.Bucket(bucket).Put([]byte(key), value)
}

func (cs *changeSet) putJSON(bucket []byte, key string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return cs.put(bucket, key, raw)
}

func (cs *changeSet) del(bucket []byte, key string) error {
	cs.touch(bucket, key)
	return cs.tx.Bucket(bucket).Delete([]byte(key))
}

// changes lists the touched records whose value really changed. After is the transaction's own value, not
// a copy (a version's record is the size of its text): use it before the transaction ends.
func (cs *changeSet) changes() []change {
	var out []change
	for _, rk := range cs.touched {
		after := peek(cs.tx.Bucket([]byte(rk.bucket)), []byte(rk.key))
		if before := cs.before[rk]; !sameValue(before, after) {
			out = append(out, change{Bucket: rk.bucket, Key: rk.key, Before: before, After: after})
		}
	}
	return out
}

// write runs fn as one transaction and journals what it changed. An undoable write becomes the newest
// undo step and clears the redo stack; a write that changed nothing is not journaled.
func (s *Store) write(op string, undoable bool, fn func(cs *changeSet) (label string, err error)) error {
	return s.update(func(tx *bolt.Tx) error {
		cs := &changeSet{tx: tx, before: map[recordKey][]byte{}}
		label, err := fn(cs)
		if err != nil {
			return err
		}
		changes := cs.changes()
		if len(changes) == 0 {
			return nil
		}
		seq, err := appendJournal(tx, op, label, changes, undoable)
		if err != nil || !undoable {
			return err
		}
		meta := tx.Bucket(bucketMeta)
		for _, k := range keysWithPrefix(meta, redoPrefix) {
			if err := meta.Delete(k); err != nil {
				return err
			}
		}
		return meta.Put(stackKey(undoPrefix, seq), nil)
	})
}

func appendJournal(tx *bolt.Tx, op, label string, changes []change, keepValues bool) (uint64, error) {
	b := tx.Bucket(bucketJournal)
	seq, err := b.NextSequence()
	if err != nil {
		return 0, err
	}
	if !keepValues {
		stripped := make([]change, len(changes))
		for i, c := range changes {
			stripped[i] = change{Bucket: c.Bucket, Key: c.Key}
		}
		changes = stripped
	}
	rec := journalRecord{Seq: seq, Op: op, Label: label, Changes: changes, At: time.Now().UTC()}
	return seq, putJSON(b, seqKey(seq), rec)
}

func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

func stackKey(prefix []byte, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(bytes.Clone(prefix), seq)
}

// stackTop returns the seq on top of the undo (last key) or redo (first key) stack.
func stackTop(tx *bolt.Tx, prefix []byte) (uint64, bool) {
	keys := keysWithPrefix(tx.Bucket(bucketMeta), prefix)
	if len(keys) == 0 {
		return 0, false
	}
	k := keys[0]
	if bytes.Equal(prefix, undoPrefix) {
		k = keys[len(keys)-1]
	}
	return binary.BigEndian.Uint64(k[len(prefix):]), true
}

func readJournal(tx *bolt.Tx, seq uint64) (journalRecord, error) {
	var rec journalRecord
	raw := tx.Bucket(bucketJournal).Get(seqKey(seq))
	if raw == nil {
		return rec, fmt.Errorf("journal entry %d: %w", seq, ErrNotFound)
	}
	if err := json.Unmarshal(raw, &rec); err != nil {
		return rec, fmt.Errorf("journal entry %d: %w", seq, err)
	}
	rec.Seq = seq
	return rec, nil
}

// Undo reverts the newest undoable write as a new transaction and returns its label. It refuses, changing
// nothing, when a record it would restore no longer holds the value that write left.
func (s *Store) Undo() (label string, err error) { return s.step(true) }

// Redo re-applies the newest undone write, with the same checks as Undo.
func (s *Store) Redo() (label string, err error) { return s.step(false) }

func (s *Store) step(undo bool) (label string, err error) {
	from, to, op, none := undoPrefix, redoPrefix, opUndo, ErrNothingToUndo
	if !undo {
		from, to, op, none = redoPrefix, undoPrefix, opRedo, ErrNothingToRedo
	}
	// Undo and redo can remove or restore a version: the cached version text must not outlive that.
	defer s.forgetText()
	err = s.update(func(tx *bolt.Tx) error {
		seq, ok := stackTop(tx, from)
		if !ok {
			return none
		}
		// A step is one journal entry, or several for an import written in batches (import_step.go):
		// undo applies them newest first, redo oldest first, all or nothing.
		recs, stepLabel, parts, err := stepRecords(tx, from, seq)
		if err != nil {
			return err
		}
		label = stepLabel
		if undo {
			slices.Reverse(recs)
		}
		var inverse []change
		for _, rec := range recs {
			for _, c := range rec.Changes {
				if undo {
					c.Before, c.After = c.After, c.Before
				}
				inverse = append(inverse, c)
			}
		}
		// Each record is checked against the value the step left as it is reached: a record changed by
		// two parts of one step holds the later part's value.
		for _, c := range inverse {
			b := tx.Bucket([]byte(c.Bucket))
			if current := lookup(b, []byte(c.Key)); !sameValue(current, c.Before) {
				return fmt.Errorf("cannot %s %s: %s %s: %w", op, label, c.Bucket, c.Key, ErrConflict)
			}
			if c.After == nil {
				err = b.Delete([]byte(c.Key))
			} else {
				err = b.Put([]byte(c.Key), c.After)
			}
			if err != nil {
				return err
			}
		}
		meta := tx.Bucket(bucketMeta)
		if err := meta.Delete(stackKey(from, seq)); err != nil {
			return err
		}
		if err := meta.Put(stackKey(to, seq), parts); err != nil {
			return err
		}
		_, err = appendJournal(tx, op, label, inverse, false)
		return err
	})
	return label, err
}

// UndoState says what Undo and Redo would do, for the menu.
func (s *Store) UndoState() (canUndo bool, undoLabel string, canRedo bool, redoLabel string, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		top := func(prefix []byte) (bool, string, error) {
			seq, ok := stackTop(tx, prefix)
			if !ok {
				return false, "", nil
			}
			_, label, _, err := stepRecords(tx, prefix, seq)
			return err == nil, label, err
		}
		var err error
		if canUndo, undoLabel, err = top(undoPrefix); err != nil {
			return err
		}
		canRedo, redoLabel, err = top(redoPrefix)
		return err
	})
	return canUndo, undoLabel, canRedo, redoLabel, err
}

// JournalEntryAt is journal entry seq alone (found false when there is none): a follower checking where
// it stands reads one entry, not every one after it (JournalSince).
func (s *Store) JournalEntryAt(seq uint64) (e JournalEntry, found bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		rec, err := readJournal(tx, seq)
		if errors.Is(err, ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		found, e = true, journalEntry(seq, rec)
		return nil
	})
	return e, found, err
}

// JournalSince lists the journal entries after seq, oldest first, so a follower can catch up.
func (s *Store) JournalSince(seq uint64) ([]JournalEntry, error) {
	out := []JournalEntry{}
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketJournal).Cursor()
		for k, v := c.Seek(seqKey(seq + 1)); k != nil; k, v = c.Next() {
			var rec journalRecord
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("journal entry %x: %w", k, err)
			}
			out = append(out, journalEntry(binary.BigEndian.Uint64(k), rec))
		}
		return nil
	})
	return out, err
}

// journalEntry is what a follower is told of journal record rec at seq.
func journalEntry(seq uint64, rec journalRecord) JournalEntry {
	e := JournalEntry{Seq: seq, Op: rec.Op, Label: rec.Label, At: rec.At, Changed: []RecordKey{}}
	for _, ch := range rec.Changes {
		e.Changed = append(e.Changed, RecordKey{Bucket: ch.Bucket, Key: ch.Key})
	}
	return e
}

// checkStacks: every undo and redo step names an existing journal entry that kept its values.
func checkStacks(tx *bolt.Tx, report func(string, ...any)) {
	for _, prefix := range [][]byte{undoPrefix, redoPrefix} {
		for _, k := range keysWithPrefix(tx.Bucket(bucketMeta), prefix) {
			if len(k) != len(prefix)+8 {
				report("meta key %q is malformed", k)
				continue
			}
			seq := binary.BigEndian.Uint64(k[len(prefix):])
			rec, err := readJournal(tx, seq)
			if errors.Is(err, ErrNotFound) {
				report("%sstack names journal entry %d, which does not exist", prefix, seq)
			} else if err != nil {
				report("%v", err)
			} else if rec.Op == opUndo || rec.Op == opRedo {
				report("%sstack names journal entry %d, an %s", prefix, seq, rec.Op)
			} else if _, _, _, err := stepRecords(tx, prefix, seq); err != nil {
				report("%sstack step %d: %v", prefix, seq, err)
			}
		}
	}
}
