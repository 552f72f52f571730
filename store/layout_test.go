package store

import (
	"path/filepath"
	"testing"
)

func TestLayoutNamesAndOwns(t *testing.T) {
	l := LayoutOf(filepath.Join(t.TempDir(), "library.db"))
	if l.Socket() != l.DB+".sock" || l.SearchIndex() != l.DB+".search" {
		t.Errorf("names: %s %s", l.Socket(), l.SearchIndex())
	}
	for _, own := range []string{l.DB, l.Socket(), l.SearchIndex() + "/x", l.Backups(), l.Archive()} {
		if !l.Owns(own) {
			t.Errorf("Owns(%s) = false", own)
		}
	}
	if other := filepath.Join(filepath.Dir(l.DB), "notes.md"); l.Owns(other) {
		t.Errorf("Owns(%s) = true", other)
	}
}
