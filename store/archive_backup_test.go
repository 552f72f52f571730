package store

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestDailyBackupMirrorsTheArchive(t *testing.T) {
	db := filepath.Join(t.TempDir(), "library.db")
	s, err := Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	warc := filepath.Join(LayoutOf(db).Archive(), "warc")
	if err := os.MkdirAll(warc, 0o700); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(warc, "a.warc.gz"), []byte("capture a"), 0o600)
	os.WriteFile(filepath.Join(warc, ".gloss-0123.tmp"), []byte("half written"), 0o600)
	if err := s.SetBackupRetention(2); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	var written []string
	for i := range 3 {
		if i == 1 {
			os.WriteFile(filepath.Join(warc, "b.warc.gz"), []byte("capture b"), 0o600)
		}
		w, err := s.DailyBackup(day.AddDate(0, 0, i))
		if err != nil || w == "" {
			t.Fatalf("day %d: %q %v", i, w, err)
		}
		written = append(written, w)
	}
	for i, w := range written[1:] {
		mirror := filepath.Join(LayoutOf(w).Archive(), "warc")
		for _, name := range []string{"a.warc.gz", "b.warc.gz"} {
			got, err := os.ReadFile(filepath.Join(mirror, name))
			if err != nil || string(got) != "capture "+name[:1] {
				t.Errorf("backup %d: %s: %q %v", i+1, name, got, err)
			}
		}
		if _, err := os.Stat(filepath.Join(mirror, ".gloss-0123.tmp")); err == nil {
			t.Errorf("backup %d mirrors a file being written", i+1)
		}
	}
	// The pruned day's mirror went with it; the library's archive is untouched.
	if _, err := os.Stat(LayoutOf(written[0]).Archive()); err == nil {
		t.Error("the pruned backup's archive mirror is still there")
	}
	if got, _ := os.ReadFile(filepath.Join(warc, "a.warc.gz")); string(got) != "capture a" {
		t.Error("pruning touched the library's archive")
	}
	if err := s.Check(); err != nil {
		t.Error(err)
	}
}
