// Package storetest opens real libraries for tests: in a temporary folder, checked (Store.Check) and
// closed when the test ends, with anchor's re-anchoring as every library opened for use has it
// (anchorstore.Open). Only tests import it.
package storetest

import (
	"path/filepath"
	"testing"

	"gloss/anchor/anchorstore"
	"gloss/store"
)

// Open opens a new library in t.TempDir().
func Open(t testing.TB) *store.Store {
	t.Helper()
	return OpenAt(t, filepath.Join(t.TempDir(), "library.db"))
}

// OpenAt opens the library at path (creating it when new) and checks and closes it on cleanup.
func OpenAt(t testing.TB, path string) *store.Store {
	t.Helper()
	s, err := anchorstore.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Check(); err != nil {
			t.Errorf("%s fails the check: %v", path, err)
		}
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}
