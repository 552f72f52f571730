package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestMigrateBacksUpThenRunsSteps(t *testing.T) {
	path := filepath.Join(t.TempDir(), "library.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	d := mustAdd(t, s, sample("Before the migration", "m"))
	ran := 0
	steps := map[int]migrationStep{
		1: func(tx *bolt.Tx) error { ran++; return tx.Bucket(bucketMeta).Put([]byte("migrated"), []byte("yes")) },
		2: func(tx *bolt.Tx) error { ran++; return nil },
	}
	backup, err := migrate(s.db, path, 1, 3, steps)
	if err != nil {
		t.Fatal(err)
	}
	if ran != 2 || !strings.HasPrefix(backup, path+".before-migration-1-to-3-") {
		t.Errorf("ran %d steps, backup %s", ran, backup)
	}
	if v, _ := s.SchemaVersion(); v != 3 {
		t.Errorf("schema %d after migrating to 3", v)
	}
	s.Close()

	// The backup is the library as it was: schema 1, the document, no migration mark.
	b, err := Open(backup)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if v, _ := b.SchemaVersion(); v != 1 {
		t.Errorf("backup has schema %d", v)
	}
	if _, err := b.Document(d.ID); err != nil {
		t.Error(err)
	}
	_ = b.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketMeta).Get([]byte("migrated")) != nil {
			t.Error("the backup was taken after the step")
		}
		return nil
	})
	if err := b.Check(); err != nil {
		t.Error(err)
	}
	// A schema-3 file is refused by this Gloss (schema 1), untouched.
	if _, err := Open(path); !errors.Is(err, ErrNewerSchema) {
		t.Errorf("Open(migrated to 3) = %v", err)
	}
}

func TestMigrateFailureLeavesTheDatabase(t *testing.T) {
	s := openTestStore(t)
	d := mustAdd(t, s, sample("Stays", "s"))
	steps := map[int]migrationStep{1: func(tx *bolt.Tx) error {
		_ = tx.Bucket(bucketDocs).Delete([]byte(d.ID))
		return errors.New("fake step failed")
	}}
	backup, err := migrate(s.db, s.path, 1, 2, steps)
	if err == nil || !strings.Contains(err.Error(), "fake step failed") || !strings.Contains(err.Error(), backup) {
		t.Fatalf("err = %v", err)
	}
	if v, _ := s.SchemaVersion(); v != 1 {
		t.Errorf("schema %d after a failed migration", v)
	}
	if _, err := s.Document(d.ID); err != nil {
		t.Errorf("the failed step's change was kept: %v", err)
	}
	if _, err := os.Stat(backup); err != nil {
		t.Error(err)
	}
	// A missing step is refused before anything is written.
	if _, err := migrate(s.db, s.path, 1, 3, map[int]migrationStep{1: steps[1]}); err == nil || !strings.Contains(err.Error(), "no migration from schema 2") {
		t.Errorf("missing step: %v", err)
	}
	if len(migrations) != 0 && SchemaVersion == 1 {
		t.Error("schema 1 needs no migrations")
	}
}

func TestDailyBackupsRollAndOpenWritesOne(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lib", "library.db")
	s, err := Open(path) // fresh: no backup of an empty library
	if err != nil {
		t.Fatal(err)
	}
	mustAdd(t, s, sample("Kept", "k"))
	s.Close()
	if list, _ := DailyBackups(path); len(list) != 0 {
		t.Fatalf("backups of a fresh library: %v", list)
	}
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	closeOnCleanup(t, s)
	today := filepath.Join(BackupDir(path), "library-"+time.Now().Format("2006-01-02")+".db")
	if list, _ := DailyBackups(path); len(list) != 1 || list[0] != today || s.AutoBackupError() != nil {
		t.Fatalf("after Open: %v, %v", list, s.AutoBackupError())
	}
	if n, _ := s.BackupRetention(); n != DefaultBackupRetention {
		t.Errorf("retention %d", n)
	}
	// Ten days: only the newest 7 stay; a second backup the same day writes nothing.
	day := time.Date(2030, 1, 1, 12, 0, 0, 0, time.Local)
	for i := range 10 {
		if _, err := s.DailyBackup(day.AddDate(0, 0, i)); err != nil {
			t.Fatal(err)
		}
	}
	if p, err := s.DailyBackup(day.AddDate(0, 0, 9)); p != "" || err != nil {
		t.Errorf("second backup of a day: %q %v", p, err)
	}
	list, _ := DailyBackups(path)
	if len(list) != 7 || !strings.HasSuffix(list[6], "2030-01-10.db") || !strings.HasSuffix(list[0], "2030-01-04.db") {
		t.Errorf("after 10 days: %v", list)
	}
	if err := s.SetBackupRetention(0); err == nil {
		t.Error("retention 0 accepted")
	}
	if err := s.SetBackupRetention(2); err != nil {
		t.Fatal(err)
	}
	s.DailyBackup(day.AddDate(0, 0, 9))
	if list, _ := DailyBackups(path); len(list) != 2 {
		t.Errorf("retention 2: %v", list)
	}
	// Each backup is a library that passes the check; other files in the folder are never pruned.
	other := filepath.Join(BackupDir(path), "mine.db")
	os.WriteFile(other, []byte("x"), 0o600)
	s.SetBackupRetention(1)
	s.DailyBackup(day.AddDate(0, 0, 9))
	if _, err := os.Stat(other); err != nil {
		t.Error("pruned a file it did not write")
	}
	list, _ = DailyBackups(path)
	if err := ValidateBackup(list[0]); err != nil {
		t.Error(err)
	}
}

func TestRestore(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "library.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	old := mustAdd(t, s, sample("In the backup", "b"))
	var buf bytes.Buffer
	if _, err := s.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "backup.db")
	os.WriteFile(backup, buf.Bytes(), 0o600)
	newer := mustAdd(t, s, sample("Only in the current library", "c"))

	// Refused while the library is open.
	if _, err := Restore(path, backup); !errors.Is(err, ErrLocked) {
		t.Errorf("restore into an open library: %v", err)
	}
	s.Close()
	current := readFile(t, path)

	// A damaged backup is refused before anything moves.
	bad := filepath.Join(dir, "bad.db")
	os.WriteFile(bad, buf.Bytes()[:len(buf.Bytes())/2], 0o600)
	if _, err := Restore(path, bad); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("damaged backup: %v", err)
	}
	if !bytes.Equal(readFile(t, path), current) {
		t.Error("a refused restore changed the library")
	}

	aside, err := Restore(path, backup)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(aside, path+".before-restore-") || !bytes.Equal(readFile(t, aside), current) {
		t.Errorf("the previous library was not kept as %s", aside)
	}
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	closeOnCleanup(t, r)
	if _, err := r.Document(old.ID); err != nil {
		t.Error(err)
	}
	if _, err := r.Document(newer.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("document written after the backup: %v", err)
	}
}

func TestUnreadableAndReadOnlyErrors(t *testing.T) {
	path := filepath.Join(t.TempDir(), "library.db")
	os.WriteFile(path, bytes.Repeat([]byte{0xAB}, 64<<10), 0o600)
	if _, err := Open(path); !errors.Is(err, ErrUnreadable) || !strings.Contains(err.Error(), "not a readable Gloss library") {
		t.Errorf("garbage: %v", err)
	}
	aside, err := MoveAside(path, "corrupt")
	if err != nil || !strings.HasPrefix(aside, path+".corrupt-") {
		t.Fatalf("MoveAside = %s, %v", aside, err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Error("the file is still there")
	}
	if err := unreadable(path, &os.PathError{Op: "open", Path: path, Err: os.ErrPermission}); errors.Is(err, ErrUnreadable) || !strings.Contains(err.Error(), "cannot be opened for writing") {
		t.Errorf("permission: %v", err)
	}
}
