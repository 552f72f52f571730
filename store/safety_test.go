package store

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// restoreFixture is a closed library holding two documents and a backup of it holding only the first.
func restoreFixture(t *testing.T) (path, backup string, old, newer Document) {
	t.Helper()
	dir := t.TempDir()
	path = filepath.Join(dir, "library.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	old = mustAdd(t, s, sample("In the backup", "b"))
	var buf bytes.Buffer
	if _, err := s.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	backup = filepath.Join(dir, "backup.db")
	if err := os.WriteFile(backup, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	newer = mustAdd(t, s, sample("Only in the current library", "c"))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path, backup, old, newer
}

// A restore killed after any of its steps leaves a library at its path, the old one or the new one, and
// opening it never starts a fresh library.
func TestRestoreKilledAfterEveryStepLeavesALibrary(t *testing.T) {
	steps := restoreSteps()
	for done := 0; done <= len(steps); done++ {
		path, backup, old, newer := restoreFixture(t)
		r := &restoring{path: path, file: backup}
		for _, step := range steps[:done] {
			if err := step(r); err != nil {
				t.Fatalf("step %d: %v", done, err)
			}
		}
		if r.held != nil {
			r.held.Close() // what the kernel does for a killed process; no clean-up runs
		}
		s, err := Open(path)
		if err != nil {
			t.Fatalf("killed after %d of %d steps: %v", done, len(steps), err)
		}
		if _, err := s.Document(old.ID); err != nil {
			t.Errorf("killed after %d steps: the backup's document is gone: %v", done, err)
		}
		_, err = s.Document(newer.ID)
		restored := errors.Is(err, ErrNotFound)
		if err != nil && !restored {
			t.Error(err)
		}
		if restored != (done == len(steps)) {
			t.Errorf("killed after %d of %d steps: restored = %v", done, len(steps), restored)
		}
		if err := s.Check(); err != nil {
			t.Error(err)
		}
		s.Close()
	}
}

func TestRestoreKeepsTheOldLibraryAsideAndLeavesNoTemporaryFile(t *testing.T) {
	path, backup, _, newer := restoreFixture(t)
	before := readFile(t, path)
	aside, err := Restore(path, backup)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(readFile(t, aside), before) {
		t.Errorf("%s is not the library as it was", aside)
	}
	if tmps, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".gloss-*")); len(tmps) > 0 {
		t.Errorf("left behind: %v", tmps)
	}
	// The kept library opens by itself and still holds what the backup did not.
	s, err := Open(aside)
	if err != nil {
		t.Fatal(err)
	}
	closeOnCleanup(t, s)
	if _, err := s.Document(newer.ID); err != nil {
		t.Error(err)
	}
}

// Traces of an earlier library make Open refuse a missing path rather than start a new library there.
func TestOpenReportsAVanishedLibrary(t *testing.T) {
	cases := map[string]func(t *testing.T, path string){
		"interrupted restore (file moved aside, copy not yet renamed in)": func(t *testing.T, path string) {
			os.WriteFile(path+".before-restore-20261202-101010", []byte("old"), 0o600)
			os.WriteFile(filepath.Join(filepath.Dir(path), ".gloss-restore-1234"), []byte("new"), 0o600)
		},
		"daily backups of it": func(t *testing.T, path string) {
			os.MkdirAll(BackupDir(path), 0o700)
			os.WriteFile(filepath.Join(BackupDir(path), "library-2026-12-01.db"), []byte("x"), 0o600)
		},
	}
	for name, leave := range cases {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "library.db")
			leave(t, path)
			_, err := Open(path)
			if !errors.Is(err, ErrVanished) || !strings.Contains(err.Error(), "gloss restore") {
				t.Fatalf("Open = %v, want ErrVanished with a way back", err)
			}
			if _, err := os.Lstat(path); !errors.Is(err, os.ErrNotExist) {
				t.Error("Open created a file in place of the vanished library")
			}
			// Starting anew on purpose (the window's "move aside and start") still works.
			s, err := OpenWith(path, Options{StartNew: true})
			if err != nil {
				t.Fatal(err)
			}
			closeOnCleanup(t, s)
		})
	}
	t.Run("nothing around a new path", func(t *testing.T) {
		openTestStore(t)
	})
	t.Run("the restore's own kept copy does not block the restored library", func(t *testing.T) {
		path, backup, _, _ := restoreFixture(t)
		if _, err := Restore(path, backup); err != nil {
			t.Fatal(err)
		}
		s, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		closeOnCleanup(t, s)
	})
}

// A write to a library whose folder (or file) went away while it was open fails instead of reporting
// success into a file no one will open again.
func TestWriteFailsWhenTheLibraryVanishesWhileOpen(t *testing.T) {
	t.Run("folder deleted", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "gloss")
		s, err := Open(filepath.Join(dir, "library.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close() // no Check: the file it would read is gone
		mustAdd(t, s, sample("Before", "a"))
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddDocument(sample("After", "b")); !errors.Is(err, ErrVanished) {
			t.Errorf("write after the folder was deleted: %v", err)
		}
	})
	t.Run("file replaced", func(t *testing.T) {
		s, err := Open(filepath.Join(t.TempDir(), "library.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		other := filepath.Join(filepath.Dir(s.Path()), "other")
		os.WriteFile(other, nil, 0o600)
		if err := os.Rename(other, s.Path()); err != nil {
			t.Fatal(err)
		}
		if err := s.SetSetting("theme", "dark"); !errors.Is(err, ErrVanished) {
			t.Errorf("write after the file was replaced: %v", err)
		}
	})
}

// Temporary files a killed backup, restore or export left are removed once stale, not while in use.
func TestOpenRemovesStaleTemporaryFiles(t *testing.T) {
	path := closedLibrary(t)
	dir, backups := filepath.Dir(path), BackupDir(path)
	os.MkdirAll(backups, 0o700)
	old := time.Now().Add(-2 * staleAfter)
	write := func(name string, mtime time.Time) string {
		os.WriteFile(name, []byte("half a backup"), 0o600)
		os.Chtimes(name, mtime, mtime)
		return name
	}
	stale := []string{
		write(filepath.Join(dir, ".gloss-backup-1234"), old),
		write(filepath.Join(dir, ".gloss-0123456789abcdef.tmp"), old),
		write(filepath.Join(backups, ".gloss-tmp-99"), old),
		write(filepath.Join(dir, ".gloss-restore-77"), old),
	}
	fresh := write(filepath.Join(dir, ".gloss-backup-fresh"), time.Now())
	unrelated := write(filepath.Join(dir, "notes.tmp"), old)
	inUse := write(filepath.Join(dir, ".gloss-fedcba9876543210.tmp"), old)
	held, err := os.OpenFile(inUse, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	if busy, err := lockFile(held); busy || err != nil {
		t.Fatal(busy, err)
	}

	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	closeOnCleanup(t, r)
	if _, err := r.DailyBackup(time.Now().AddDate(0, 0, 1)); err != nil {
		t.Fatal(err)
	}
	for _, f := range stale {
		if _, err := os.Lstat(f); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s was not removed", f)
		}
	}
	for _, f := range []string{fresh, unrelated, inUse} {
		if _, err := os.Lstat(f); err != nil {
			t.Errorf("%s was removed: %v", f, err)
		}
	}
}

func TestReadOnlyLibraryReadsAndRefusesWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "library.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	d := mustAdd(t, s, sample("Readable", "r"))
	s.Close()

	check := func(t *testing.T, r *Store) {
		t.Helper()
		if !r.ReadOnly() {
			t.Error("not marked read-only")
		}
		docs, err := r.Documents()
		if err != nil || len(docs) != 1 || docs[0].ID != d.ID {
			t.Errorf("Documents = %v, %v", docs, err)
		}
		if err := r.Check(); err != nil {
			t.Error(err)
		}
		_, err = r.AddDocument(sample("New", "n"))
		if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "the library is read-only") {
			t.Errorf("write on a read-only library: %v", err)
		}
	}
	t.Run("asked for", func(t *testing.T) {
		r, err := OpenWith(path, Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		check(t, r)
	})
	t.Run("file not writable", func(t *testing.T) {
		before := readFile(t, path)
		makeUnwritable(t, path)
		r, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		check(t, r)
		if !bytes.Equal(readFile(t, path), before) {
			t.Error("the read-only file changed")
		}
	})
}

// closedLibrary is the path of a new library, closed.
func closedLibrary(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "library.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// makeUnwritable makes path refuse writing: its mode, or for root (which ignores the mode) the
// immutable attribute.
func makeUnwritable(t *testing.T, path string) {
	t.Helper()
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(path, 0o600) })
	if f, err := os.OpenFile(path, os.O_WRONLY, 0); err != nil {
		return
	} else {
		f.Close()
	}
	if out, err := exec.Command("chattr", "+i", path).CombinedOutput(); err != nil {
		t.Skipf("cannot make %s unwritable as root here (chattr: %v %s)", path, err, out)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", path).Run() })
}

// A backup cleans what a killed backup left in its folder (~500 MB of .gloss-backup-* in the report) and
// never writes over the library.
func TestBackupToCleansStaleTempsAndRefusesTheLibrary(t *testing.T) {
	s := openTestStore(t)
	mustAdd(t, s, sample("Kept", "k"))
	out := t.TempDir()
	left := filepath.Join(out, ".gloss-backup-123456")
	os.WriteFile(left, []byte("half"), 0o600)
	old := time.Now().Add(-2 * staleAfter)
	os.Chtimes(left, old, old)
	file := filepath.Join(out, "copy.db")
	if _, err := s.BackupTo(file); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(left); !errors.Is(err, os.ErrNotExist) {
		t.Error("the stale temporary file is still there")
	}
	if err := ValidateBackup(file); err != nil {
		t.Error(err)
	}
	for _, own := range []string{s.Path(), filepath.Join(BackupDir(s.Path()), "x.db")} {
		if _, err := s.BackupTo(own); err == nil || !strings.Contains(err.Error(), "library's own") {
			t.Errorf("backup onto %s: %v", own, err)
		}
	}
	link := filepath.Join(out, "link.db")
	os.Symlink(s.Path(), link)
	if _, err := s.BackupTo(link); err == nil {
		t.Error("backup through a symlink onto the library was accepted")
	}
}
