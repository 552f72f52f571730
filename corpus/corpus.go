// Package corpus holds the seed articles a new library starts with (ingest.Seed adds them).
package corpus

import (
	"embed"
	"io/fs"
)

//go:embed seeds/*.txt
var seeds embed.FS

// Files is the seed articles, by file name (their seed keys) at the top of the tree.
func Files() fs.FS {
	sub, err := fs.Sub(seeds, "seeds")
	if err != nil {
		panic(err) // "seeds" is a valid path: cannot happen
	}
	return sub
}
