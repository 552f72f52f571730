package store

import (
	"path/filepath"
	"strings"
)

// Layout is where a library's files live. Everything that names one of them asks the Layout, so the
// conventions ("<db>.search", "backups/") live here alone.
type Layout struct {
	DB string // the bbolt file
}

// LayoutOf is the layout of the library whose database file is db (made absolute when possible).
func LayoutOf(db string) Layout {
	if abs, err := filepath.Abs(db); err == nil {
		db = abs
	}
	return Layout{DB: db}
}

// SearchIndex is the folder of the search index, beside the database: it is rebuilt from it when needed.
func (l Layout) SearchIndex() string { return l.DB + ".search" }

// DamagedIndex is where a damaged search index is moved before the rebuild (one copy kept).
func (l Layout) DamagedIndex() string { return l.SearchIndex() + ".damaged" }

// Archive is the folder of captured originals (web pages as WARC, PDFs) beside the database.
func (l Layout) Archive() string { return l.DB + ".archive" }

// Socket is where the window that holds the library open answers CLI commands (package remote): a Unix
// domain socket of mode 0600 beside the database, in the folder Open creates with 0700.
func (l Layout) Socket() string { return l.DB + ".sock" }

// Backups is the folder of the rolling daily backups.
func (l Layout) Backups() string { return BackupDir(l.DB) }

// Owns reports whether path is one of the library's own files or folders, or inside one of them (the
// database, its lock-free siblings, the index and its damaged copy, the archive, the backups, the socket). Output paths are checked
// against it so that no export or backup can replace the library. path should be resolved by the caller
// (symlinks followed); Owns compares cleaned absolute names.
func (l Layout) Owns(path string) bool {
	for _, own := range l.parts() {
		if within(path, own.path) {
			return true
		}
	}
	return false
}

// layoutPart is one of the library's files or folders, with what an error calls it.
type layoutPart struct{ path, what string }

func (l Layout) parts() []layoutPart {
	return []layoutPart{{l.DB, "the library"}, {l.SearchIndex(), "the library's search index"},
		{l.DamagedIndex(), "the library's damaged search index"}, {l.Socket(), "the library's socket"},
		{l.Archive(), "the library's archive"}, {l.Backups(), "the library's backups"},
		{l.SearchIndex() + ".crash", "the library's crash log"}} // search.CrashLog (main.go writes it)
}

// within reports whether path is dir or inside it, comparing cleaned names.
func within(path, dir string) bool {
	p, d := filepath.Clean(path), filepath.Clean(dir)
	return p == d || strings.HasPrefix(p, d+string(filepath.Separator))
}
