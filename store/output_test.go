package store

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A file that appears while an export is being written is not replaced: the new file is linked into
// place, which fails when the name is taken, and the temporary file is removed.
func TestOutputNeverReplacesAFileThatAppeared(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.md")
	target, err := LayoutOf(filepath.Join(t.TempDir(), "library.db")).OutputTarget(path, false)
	if err != nil {
		t.Fatal(err)
	}
	err = target.Write(func(w io.Writer) error {
		if err := os.WriteFile(path, []byte("someone else's"), 0o644); err != nil {
			return err
		}
		_, err := io.WriteString(w, "export")
		return err
	})
	if !errors.Is(err, fs.ErrExist) {
		t.Errorf("write onto a file that appeared: %v", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "someone else's" {
		t.Errorf("replaced: %q", data)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

// A hard link to the database is the database.
func TestOutputRefusesAHardLinkToTheLibrary(t *testing.T) {
	db := filepath.Join(t.TempDir(), "library.db")
	if err := os.WriteFile(db, []byte("library"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "copy.db")
	if err := os.Link(db, link); err != nil {
		t.Fatal(err)
	}
	_, err := LayoutOf(db).OutputTarget(link, true)
	if err == nil || !strings.Contains(err.Error(), "refusing to write "+link+": it is the library") {
		t.Errorf("hard link: %v", err)
	}
}
