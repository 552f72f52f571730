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
	a.useIndex(path + ".search")
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
		a.useIndex(path + ".search")
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
