// Package corpus holds the seed articles a new library starts with.
package corpus

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"

	"gloss/exchange"
	"gloss/store"
)

//go:embed seeds/*.txt
var seeds embed.FS

// Seed adds every embedded article the store has never seen. The store keeps
// a marker per seed key, so restarting never duplicates and a seed the person
// deleted stays deleted.
func Seed(s *store.Store) (added int, err error) {
	names, err := fs.Glob(seeds, "seeds/*.txt")
	if err != nil {
		return 0, err
	}
	for _, file := range names {
		key := path.Base(file)
		seen, err := s.SeedImported(key)
		if err != nil {
			return added, err
		}
		if seen {
			continue
		}
		data, err := seeds.ReadFile(file)
		if err != nil {
			return added, err
		}
		doc, err := exchange.ReadBytes(key, data)
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
