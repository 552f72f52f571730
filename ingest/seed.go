package ingest

import (
	"errors"
	"fmt"
	"io/fs"

	"gloss/anchor/anchorstore"
	"gloss/corpus"
	"gloss/store"
)

// OpenLibrary opens (or creates) the library at path and adds the seed articles it has never seen: the
// one way the window and the CLI open a library, with anchor's re-anchoring (anchorstore.Open). A read-only library (a file or disk Gloss may not write)
// opens without seeding: it can be listed, shown and exported, and every write says why it fails.
func OpenLibrary(path string, o store.Options) (*store.Store, error) {
	s, err := anchorstore.Open(path, o)
	if err != nil {
		return nil, err
	}
	if s.ReadOnly() {
		return s, nil
	}
	if _, err := Seed(s, corpus.Files()); err != nil {
		s.Close()
		return nil, fmt.Errorf("importing the seed articles into %s: %w", path, err)
	}
	return s, nil
}

// Seed adds every *.txt article of seeds (corpus.Files) the store has never seen. The store keeps a
// marker per seed key (the file name), so restarting never duplicates and a seed the person deleted
// stays deleted.
func Seed(s *store.Store, seeds fs.FS) (added int, err error) {
	names, err := fs.Glob(seeds, "*.txt")
	if err != nil {
		return 0, err
	}
	for _, key := range names {
		seen, err := s.SeedImported(key)
		if err != nil {
			return added, err
		}
		if seen {
			continue
		}
		data, err := fs.ReadFile(seeds, key)
		if err != nil {
			return added, err
		}
		doc, err := ReadBytes(key, data)
		if err != nil {
			return added, fmt.Errorf("seed %w", err)
		}
		doc.SeedKey = key
		if _, err := s.AddDocument(doc); err != nil {
			// The person already imported this very file themselves: keep theirs.
			if errors.Is(err, store.ErrDuplicate) {
				continue
			}
			return added, fmt.Errorf("seed %s: %w", key, err)
		}
		added++
	}
	return added, nil
}
