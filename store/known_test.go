package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/store"
)

// A library whose whole folder was deleted, backups and all, leaves nothing beside its path: only the
// user's list of known libraries tells the next start that this is a loss, not a first run.
func TestOpenReportsALibraryWhoseFolderWentWhole(t *testing.T) {
	home := t.TempDir()
	known := store.Known{File: filepath.Join(home, "state", "libraries.json")}
	dir := filepath.Join(home, "Research")
	db := filepath.Join(dir, "library.db")
	s, err := store.OpenWith(db, store.Options{Known: known})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddDocument(store.NewDocument{Title: "Kept", Format: "txt", Text: "some words", SHA256: "k"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := os.RemoveAll(dir); err != nil { // the folder, with any backups in it
		t.Fatal(err)
	}

	_, err = store.OpenWith(db, store.Options{Known: known})
	if !errors.Is(err, store.ErrVanished) || !strings.Contains(err.Error(), db) || !strings.Contains(err.Error(), "Start a new library") {
		t.Fatalf("reopening a library whose folder went: %v, want ErrVanished naming %s and the way to start anew", err, db)
	}
	if _, statErr := os.Stat(db); !os.IsNotExist(statErr) {
		t.Fatalf("a refused open created %s", db)
	}
	// Without the list (a test, a first run) a missing path is simply a new library.
	if s, err := store.OpenWith(filepath.Join(home, "other.db"), store.Options{}); err != nil {
		t.Fatal(err)
	} else {
		s.Close()
	}
	// Choosing to start anew works, and the new library is remembered in turn.
	s, err = store.OpenWith(db, store.Options{Known: known, StartNew: true})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := known.Forget(db); err != nil {
		t.Fatal(err)
	}
	os.Remove(db)
	if s, err := store.OpenWith(db, store.Options{Known: known}); err != nil {
		t.Fatalf("a forgotten path must start anew: %v", err)
	} else {
		s.Close()
	}
}

// The list is a convenience, never a reason to stay closed: an unwritable or damaged one is ignored.
func TestKnownListProblemsNeverKeepALibraryClosed(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "libraries.json")
	if err := os.WriteFile(bad, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := store.OpenWith(filepath.Join(dir, "a.db"), store.Options{Known: store.Known{File: bad}})
	if err != nil {
		t.Fatalf("a damaged list kept the library closed: %v", err)
	}
	s.Close()
	blocked := filepath.Join(dir, "file-not-dir", "libraries.json")
	if err := os.WriteFile(filepath.Join(dir, "file-not-dir"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err = store.OpenWith(filepath.Join(dir, "b.db"), store.Options{Known: store.Known{File: blocked}})
	if err != nil {
		t.Fatalf("an unwritable list kept the library closed: %v", err)
	}
	s.Close()
}
