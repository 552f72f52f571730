package store

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteFileAtomic writes path through a temporary file in the same folder: created exclusively under a
// random name (a symlink or another file planted there is never followed), synced, renamed over path, and
// the folder synced. On any failure path is untouched and the temporary file is removed. Every file Gloss
// writes whole (exports, settings, backups, restores) goes through here.
func WriteFileAtomic(path string, perm os.FileMode, write func(w io.Writer) error) error {
	return writeBeside(path, perm, write, os.Rename)
}

// writeBeside writes a temporary file beside path and hands it to place (which renames or links it to
// path); the temporary file is removed on failure.
func writeBeside(path string, perm os.FileMode, write func(w io.Writer) error, place func(tmp, path string) error) error {
	f, tmp, err := CreateTempBeside(path, perm)
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	err = write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = place(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return fmt.Errorf("writing %s: syncing its folder: %w", path, err)
	}
	return nil
}

// CreateTempBeside creates a new file in path's folder, exclusively (O_EXCL), with a short random name
// (".gloss-<hex>.tmp": a long target name never makes it too long) and returns it with its name. The
// caller renames it over path or removes it. The file is locked until closed, so that the clean-up of
// stale temporary files (removeStaleTemps) leaves it alone while it is written.
func CreateTempBeside(path string, perm os.FileMode) (*os.File, string, error) {
	dir := filepath.Dir(path)
	for range 10 {
		var b [8]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, "", err
		}
		tmp := filepath.Join(dir, ".gloss-"+hex.EncodeToString(b[:])+".tmp")
		f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err != nil {
			return nil, "", err
		}
		_, _ = lockFile(f) // best effort: a file system without locks still gets the age rule
		return f, tmp, nil
	}
	return nil, "", fmt.Errorf("no free temporary name in %s", dir)
}
