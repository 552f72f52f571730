package memtest

import (
	"os"
	"path/filepath"
	"testing"
)

// Enabled skips t unless GLOSS_MEMORY is set: the memory measurements take minutes and gigabytes, so
// they run only when asked for (GLOSS_MEMORY=1 go test ./ingest ./teams -run Memory -v).
func Enabled(t testing.TB) {
	t.Helper()
	if os.Getenv("GLOSS_MEMORY") == "" {
		t.Skip("set GLOSS_MEMORY=1 to measure")
	}
}

// JSONLDFile writes ManyAnnotationsJSONLD(n) to name in a temp folder of t and returns its path and
// size; the bytes are not kept, so they are not counted in what is measured next.
func JSONLDFile(t testing.TB, name string, n int) (string, int64) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	data := ManyAnnotationsJSONLD(n)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, int64(len(data))
}
