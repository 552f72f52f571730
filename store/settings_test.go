package store

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestSettingsPersistAndDelete(t *testing.T) {
	s := openTestStore(t)
	if got := s.Setting("theme"); got != "" {
		t.Fatalf("unset setting = %q", got)
	}
	if err := s.SetSettings(map[string]string{"theme": "dark", "reader_font": "serif", "window": `{"w":900}`}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSetting("theme", "light"); err != nil {
		t.Fatal(err)
	}
	all, err := s.Settings()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 || all["theme"] != "light" || all["reader_font"] != "serif" || all["window"] != `{"w":900}` {
		t.Fatalf("settings = %v", all)
	}
	// "" deletes; other meta keys (author, schema) are not settings
	if err := s.SetSetting("reader_font", ""); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAuthor("Ada"); err != nil {
		t.Fatal(err)
	}
	all, _ = s.Settings()
	if len(all) != 2 || all["reader_font"] != "" {
		t.Fatalf("after delete: %v", all)
	}
	// settings are not undoable changes
	if _, label, _, _, err := s.UndoState(); err != nil || strings.Contains(label, "theme") {
		t.Fatalf("a setting became an undo step: %q %v", label, err)
	}
	for _, bad := range []string{"", strings.Repeat("k", 65), "a\nb"} {
		if err := s.SetSetting(bad, "x"); err == nil {
			t.Errorf("key %q accepted", bad)
		}
	}
	if err := s.SetSetting("big", strings.Repeat("x", 65<<10)); err == nil {
		t.Error("oversized value accepted")
	}
}

func TestSettingsSurviveReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lib.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetSetting("welcome_dismissed", "1"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := s.Setting("welcome_dismissed"); got != "1" {
		t.Fatalf("after reopen: %q", got)
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
}

// The window and the CLI share these rules: `gloss backups --keep 1000` was accepted while the window
// capped retention at 365.
func TestSettingsValidatedInTheStore(t *testing.T) {
	s := openTestStore(t)
	if err := s.SetBackupRetention(1000); err == nil || !strings.Contains(err.Error(), "from 1 to 365") {
		t.Errorf("SetBackupRetention(1000) = %v", err)
	}
	if err := s.SetBackupRetention(365); err != nil {
		t.Error(err)
	}
	if n, _ := s.BackupRetention(); n != 365 {
		t.Errorf("retention %d", n)
	}
	bad := [][2]string{{"theme", "purple"}, {"reader_font", "mono"}, {"reader_size", "5"}, {"reader_size", "x"},
		{"zoom", "400"}, {"welcome_dismissed", "yes"}, {"backup_retention", "0"}, {"backup_retention", "366"},
		{"refresh_interval", "4"}, {"refresh_interval", "0"}, {"refresh_interval", "10081"}, {"refresh_interval", "hourly"}}
	for _, kv := range bad {
		if err := ValidateSetting(kv[0], kv[1]); err == nil {
			t.Errorf("%s=%q accepted", kv[0], kv[1])
		}
		if err := s.SetSetting(kv[0], kv[1]); err == nil {
			t.Errorf("SetSetting %s=%q accepted", kv[0], kv[1])
		}
	}
	good := [][2]string{{"theme", "dark"}, {"reader_font", "sans"}, {"reader_size", "32"}, {"zoom", "50"},
		{"welcome_dismissed", "1"}, {"backup_retention", "1"}, {"refresh_interval", "5"}, {"refresh_interval", "10080"}, {"theme", ""}, {"window", `{"W":800}`}}
	for _, kv := range good {
		if err := ValidateSetting(kv[0], kv[1]); err != nil {
			t.Error(err)
		}
	}
}
