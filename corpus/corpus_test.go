package corpus

import (
	"io/fs"
	"testing"
)

func TestFilesAreTheSeeds(t *testing.T) {
	names, err := fs.Glob(Files(), "*.txt")
	if err != nil || len(names) == 0 {
		t.Fatalf("no seed articles at the top of Files(): %v %v", names, err)
	}
	for _, n := range names {
		if data, err := fs.ReadFile(Files(), n); err != nil || len(data) == 0 {
			t.Errorf("%s: %d bytes, %v", n, len(data), err)
		}
	}
}
