package app

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/search"
	"gloss/store"
)

func TestMoveAsideAndStart(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "library.db")
	damaged := bytes.Repeat([]byte("not a database "), 4096)
	if err := os.WriteFile(path, damaged, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(path)
	if err == nil || !errors.Is(err, store.ErrUnreadable) {
		t.Fatalf("Open(damaged) = %v, want ErrUnreadable", err)
	}
	var log bytes.Buffer
	a := New(s, err, &log)
	a.useLibrary(path)
	if r := a.Recovery(); !r.MoveAside || r.Path != path {
		t.Fatalf("Recovery() = %+v", r)
	}
	if _, err := a.Documents(); err == nil {
		t.Fatal("Documents works without a library")
	}

	// The error screen reports itself painted: that must not use up the search index's one start.
	a.Shown("startup-error")
	if _, err := a.search.lib.Search(search.Query{Text: "x"}); err == nil {
		t.Error("the search index opened without a library")
	}

	aside, err := a.MoveAsideAndStart()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.store.Close() })
	if !strings.HasPrefix(aside, path+".corrupt-") {
		t.Errorf("moved to %s", aside)
	}
	if got, _ := os.ReadFile(aside); !bytes.Equal(got, damaged) {
		t.Error("the damaged file was not kept as it was")
	}
	if a.StartupError() != "" {
		t.Errorf("StartupError = %q after the move", a.StartupError())
	}
	docs, err := a.Documents()
	if err != nil || len(docs) == 0 {
		t.Fatalf("new library: %d documents, %v", len(docs), err)
	}
	if err := a.store.Check(); err != nil {
		t.Fatal(err)
	}
	// The page reloads into the library: its first paint opens the index of the new library.
	a.Shown("library")
	a.search.lib.Wait() // the catch-up started by that paint
	if _, err := a.search.lib.Search(search.Query{Text: "x"}); err != nil {
		t.Fatalf("no search index after the library painted: %v", err)
	}
	a.search.lib.Close()
	if _, err := a.MoveAsideAndStart(); err == nil {
		t.Error("moved an open library aside")
	}
}

func TestNoMoveAsideForNewerOrLockedLibrary(t *testing.T) {
	for _, startErr := range []error{store.ErrNewerSchema, store.ErrLocked} {
		a := New(nil, startErr, &bytes.Buffer{})
		path := filepath.Join(t.TempDir(), "library.db")
		os.WriteFile(path, []byte("x"), 0o600)
		a.useLibrary(path)
		if a.Recovery().MoveAside {
			t.Errorf("%v: offers to move aside", startErr)
		}
		if _, err := a.MoveAsideAndStart(); err == nil {
			t.Errorf("%v: moved aside", startErr)
		}
		if _, err := os.Stat(path); err != nil {
			t.Errorf("%v: file gone: %v", startErr, err)
		}
	}
}

// A library whose folder went whole is reported; the error screen may then start an empty one there.
func TestStartNewLibraryWhereOneVanished(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	dir := filepath.Join(t.TempDir(), "Research")
	path := filepath.Join(dir, "library.db")
	s, err := store.OpenWith(path, store.Options{Known: store.DefaultKnown()})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	os.RemoveAll(dir)

	s, err = store.OpenWith(path, store.Options{Known: store.DefaultKnown()})
	if !errors.Is(err, store.ErrVanished) {
		t.Fatalf("reopen = %v, want ErrVanished", err)
	}
	a := New(s, err, &bytes.Buffer{})
	a.useLibrary(path)
	if r := a.Recovery(); !r.StartNew || r.MoveAside || r.Path != path {
		t.Fatalf("Recovery() = %+v, want StartNew only", r)
	}
	if err := a.StartNewLibrary(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.store.Close() })
	if docs, err := a.Documents(); err != nil || len(docs) == 0 {
		t.Fatalf("the new library: %d documents, %v", len(docs), err)
	}
	if err := a.StartNewLibrary(); err == nil {
		t.Error("started a new library over an open one")
	}
	// Not for a damaged file: that one is moved aside, never started over.
	b := New(nil, store.ErrUnreadable, &bytes.Buffer{})
	b.useLibrary(filepath.Join(t.TempDir(), "x.db"))
	if b.Recovery().StartNew || b.StartNewLibrary() == nil {
		t.Error("offers to start over a damaged library")
	}
}
