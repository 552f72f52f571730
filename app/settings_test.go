package app

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"gloss/store"
	"gloss/storetest"
)

func openTestApp(t *testing.T) *App {
	t.Helper()
	return New(storetest.Open(t), nil, io.Discard)
}

func TestSettingsValidatedAndStored(t *testing.T) {
	a := openTestApp(t)
	for _, kv := range [][2]string{{"theme", "dark"}, {"reader_font", "sans"}, {"reader_size", "22"}, {"welcome_dismissed", "1"}, {"zoom", "125"}, {"backup_retention", "14"}, {"refresh_interval", "60"}} {
		if err := a.SetSetting(kv[0], kv[1]); err != nil {
			t.Fatalf("%s=%s: %v", kv[0], kv[1], err)
		}
	}
	for _, kv := range [][2]string{{"theme", "purple"}, {"reader_size", "5"}, {"window", "{}"}, {"recent", "[]"}, {"nope", "1"}, {"backup_retention", "0"}, {"refresh_interval", "1"}} {
		if err := a.SetSetting(kv[0], kv[1]); err == nil {
			t.Errorf("%s=%s accepted", kv[0], kv[1])
		}
	}
	got, err := a.Settings()
	if err != nil {
		t.Fatal(err)
	}
	if got["theme"] != "dark" || got["reader_size"] != "22" || got["backup_retention"] != "14" || got["refresh_interval"] != "60" || got["author"] == "" {
		t.Fatalf("Settings() = %v", got)
	}
	if err := a.SetSetting("theme", ""); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.Settings(); got["theme"] != "" {
		t.Fatalf("theme not reset: %v", got)
	}
}

func TestBackupToWritesACompleteLibrary(t *testing.T) {
	a := openTestApp(t)
	a.SetSetting("theme", "dark")
	dst := filepath.Join(t.TempDir(), "copy.db")
	if err := a.backupTo(dst); err != nil {
		t.Fatal(err)
	}
	if err := a.backupTo(a.store.Path()); err == nil {
		t.Fatal("backing up onto the library itself was allowed")
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(dst), ".gloss-backup-*"))
	if len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}
	s, err := store.Open(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Setting("theme") != "dark" {
		t.Fatal("the copy lacks the settings")
	}
}

func TestOpenedFilesWaitForThePage(t *testing.T) {
	a := openTestApp(t)
	f := filepath.Join(t.TempDir(), "note.md")
	os.WriteFile(f, []byte("# Double-clicked\n\nA file from the file manager.\n"), 0o644)
	a.queueOpen([]string{f})
	if a.PendingOpen() != 1 {
		t.Fatal("not queued")
	}
	r, err := a.TakeOpened()
	if err != nil || len(r.Items) != 1 || r.Items[0].DocID == "" {
		t.Fatalf("TakeOpened = %+v, %v", r, err)
	}
	if a.PendingOpen() != 0 {
		t.Fatal("still pending")
	}
	if r, _ := a.TakeOpened(); len(r.Items) != 0 {
		t.Fatal("imported twice")
	}
}
