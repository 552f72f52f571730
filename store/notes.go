package store

import (
	"encoding/json"
	"fmt"
	"os"
	"os/user"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

var keyAuthor = []byte("author")

func getNote(tx *bolt.Tx, id string) (Note, error) {
	var n Note
	raw := tx.Bucket(bucketNotes).Get([]byte(id))
	if raw == nil {
		return n, fmt.Errorf("note %s: %w", id, ErrNotFound)
	}
	if err := json.Unmarshal(raw, &n); err != nil {
		return n, fmt.Errorf("note %s: %w", id, err)
	}
	return n, nil
}

func allNotes(tx *bolt.Tx) ([]Note, error) {
	out := []Note{}
	err := tx.Bucket(bucketNotes).ForEach(func(k, _ []byte) error {
		n, err := getNote(tx, string(k))
		out = append(out, n)
		return err
	})
	return out, err
}

// documentNote finds a document's memo (there is at most one).
func documentNote(tx *bolt.Tx, docID string) (Note, bool, error) {
	notes, err := allNotes(tx)
	for _, n := range notes {
		if n.DocID == docID {
			return n, true, err
		}
	}
	return Note{}, false, err
}

// SaveNote creates a note (ID "") or updates one. DocID "" makes a project note; a document has at most
// one memo. Modified moves only when something changed.
func (s *Store) SaveNote(n Note) (Note, error) {
	if err := checkNoteSize(n.Body); err != nil {
		return Note{}, err
	}
	now := time.Now().UTC()
	err := s.write(opNoteSave, true, func(cs *changeSet) (string, error) {
		if n.DocID != "" {
			if _, err := getDoc(cs.tx, n.DocID); err != nil {
				return "", err
			}
			if memo, found, err := documentNote(cs.tx, n.DocID); err != nil {
				return "", err
			} else if found && memo.ID != n.ID {
				return "", fmt.Errorf("document %s already has a memo (note %s)", n.DocID, memo.ID)
			}
		}
		label := fmt.Sprintf("Note %q created", clip(n.Title))
		if n.ID == "" {
			id, err := newV7()
			if err != nil {
				return "", err
			}
			n.ID, n.Created, n.Modified = id.String(), now, now
			if n.Author == "" {
				n.Author = authorIn(cs.tx)
			}
		} else {
			old, err := getNote(cs.tx, n.ID)
			if err != nil {
				return "", err
			}
			n.Created, n.Modified = old.Created, old.Modified
			if n.Author == "" {
				n.Author = old.Author
			}
			if n == old {
				return "", nil
			}
			n.Modified = now
			label = fmt.Sprintf("Note %q edited", clip(old.Title))
		}
		return label, cs.putJSON(bucketNotes, n.ID, n)
	})
	if err != nil {
		return Note{}, err
	}
	return n, nil
}

// Notes lists every note, oldest first.
func (s *Store) Notes() ([]Note, error) {
	var out []Note
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		out, err = allNotes(tx)
		return err
	})
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Created.Equal(out[j].Created) {
			return out[i].Created.Before(out[j].Created)
		}
		return out[i].ID < out[j].ID
	})
	return out, err
}

// DocumentNote returns a document's memo, if it has one.
func (s *Store) DocumentNote(docID string) (n Note, found bool, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		n, found, err = documentNote(tx, docID)
		return err
	})
	return n, found, err
}

// DeleteNote removes a note.
func (s *Store) DeleteNote(id string) error {
	return s.write(opNoteDelete, true, func(cs *changeSet) (string, error) {
		n, err := getNote(cs.tx, id)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("Note %q deleted", clip(n.Title)), cs.del(bucketNotes, id)
	})
}

// Author is the name new annotations are signed with: the one set with SetAuthor, else the OS user.
func (s *Store) Author() string {
	name := ""
	_ = s.db.View(func(tx *bolt.Tx) error {
		name = authorIn(tx)
		return nil
	})
	return name
}

func authorIn(tx *bolt.Tx) string {
	if name := tx.Bucket(bucketMeta).Get(keyAuthor); len(name) > 0 {
		return string(name)
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if name := os.Getenv("USER"); name != "" {
		return name
	}
	return "reader"
}

// SetAuthor sets the name new annotations are signed with; "" goes back to the OS user. It is a setting,
// so it is journaled but not undoable.
func (s *Store) SetAuthor(name string) error {
	name = strings.TrimSpace(name)
	return s.write(opAuthorSet, false, func(cs *changeSet) (string, error) {
		if name == "" {
			return "Author reset", cs.del(bucketMeta, string(keyAuthor))
		}
		return fmt.Sprintf("Author set to %q", name), cs.put(bucketMeta, string(keyAuthor), []byte(name))
	})
}
