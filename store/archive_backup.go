package store

// The archive beside the library (Layout.Archive: web captures as WARC, originals) is part of what a daily
// backup keeps: its files are written once and never changed, so each daily backup gets a mirror of it
// beside its copy of the database (<backup>.archive), made of hard links (no space used) or, where the
// file system has none, copies. `gloss restore` brings back the files the library lacks from there.

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// mirrorArchive mirrors the library's archive beside the backup file dst; files already there are kept.
func mirrorArchive(l Layout, dst string) error {
	src := l.Archive()
	if _, err := os.Stat(src); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	out := LayoutOf(dst).Archive()
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(out, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o700)
		case !d.Type().IsRegular() || strings.HasPrefix(d.Name(), ".gloss-"): // a file being written
			return nil
		}
		if _, err := os.Lstat(target); err == nil {
			return nil
		}
		if err := os.Link(path, target); err == nil {
			return syncDir(filepath.Dir(target))
		}
		in, err := os.Open(path)
		if err != nil {
			return err
		}
		defer in.Close()
		return WriteFileAtomic(target, 0o600, func(w io.Writer) error {
			_, err := io.Copy(w, in)
			return err
		})
	})
}
