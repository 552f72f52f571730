package store

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Output is a checked place to write a whole file (an export, a backup): where the write lands once
// symlinks are followed, and whether it may replace a file there. Made by Layout.OutputTarget.
type Output struct {
	Path      string      // the file written: the path asked for with its symlinks resolved
	Exists    bool        // a regular file is there now
	perm      os.FileMode // the existing file's permissions, kept; 0o666 (less the umask) for a new one
	overwrite bool
}

// OutputTarget resolves path for writing a whole file and refuses it, with an error naming path and the
// reason, when it is (or leads through symlinks or a hard link to) the library or anything inside its
// index, archive or backups; when something other than a regular file is there (a folder, a device:
// "/dev/full is not a regular file"); or, unless overwrite, when a file is there at all (the error
// wraps fs.ErrExist). Symlinks are resolved once, here: writing a link's path writes the file it
// points to, and a link to nothing is refused.
func (l Layout) OutputTarget(path string, overwrite bool) (Output, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return Output{}, fmt.Errorf("writing %s: %w", path, err)
	}
	out := Output{Path: abs, perm: 0o666, overwrite: overwrite}
	var info fs.FileInfo
	if _, err := os.Lstat(abs); errors.Is(err, fs.ErrNotExist) {
		dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
		if err != nil {
			if what, exact := l.ownerOf(resolveOr(abs), nil); what != "" {
				return Output{}, refusal(path, what, exact)
			}
			return Output{}, fmt.Errorf("writing %s: its folder: %w", path, err)
		}
		out.Path = filepath.Join(dir, filepath.Base(abs))
	} else if err != nil {
		return Output{}, fmt.Errorf("writing %s: %w", path, err)
	} else {
		if out.Path, err = filepath.EvalSymlinks(abs); errors.Is(err, fs.ErrNotExist) {
			return Output{}, fmt.Errorf("writing %s: it is a symbolic link to a file that does not exist", path)
		} else if err != nil {
			return Output{}, fmt.Errorf("writing %s: %w", path, err)
		}
		if info, err = os.Stat(out.Path); err != nil {
			return Output{}, fmt.Errorf("writing %s: %w", path, err)
		}
	}
	if what, exact := l.ownerOf(out.Path, info); what != "" {
		return Output{}, refusal(path, what, exact)
	}
	switch {
	case info == nil:
	case info.IsDir():
		return Output{}, fmt.Errorf("writing %s: it is a folder", path)
	case !info.Mode().IsRegular():
		return Output{}, fmt.Errorf("%s is not a regular file", path)
	case !overwrite:
		return Output{}, existsError(path)
	default:
		out.Exists, out.perm = true, info.Mode().Perm()
	}
	return out, nil
}

// OutputFolder resolves a folder to write new files into, creating it when missing, and refuses it when it
// is, or is inside, one of the library's own folders (checked before anything is created).
func (l Layout) OutputFolder(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("writing into %s: %w", dir, err)
	}
	check := func() (string, error) {
		resolved, err := resolveExisting(abs)
		if err != nil {
			return "", fmt.Errorf("writing into %s: %w", dir, err)
		}
		if what, exact := l.ownerOf(resolved, nil); what != "" {
			return "", refusal(dir, what, exact)
		}
		return resolved, nil
	}
	if _, err := check(); err != nil {
		return "", err
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return "", fmt.Errorf("writing into %s: %w", dir, err)
	}
	resolved, err := check()
	if err != nil {
		return "", err
	}
	if info, err := os.Stat(resolved); err != nil || !info.IsDir() {
		return "", fmt.Errorf("writing into %s: not a folder", dir)
	}
	return resolved, nil
}

// Write writes the file through a temporary file beside it (WriteFileAtomic). A file that was not there
// when the target was checked is never replaced unless overwrite was given: it is linked into place,
// which fails if a file appeared there meanwhile.
func (o Output) Write(write func(w io.Writer) error) error {
	if o.overwrite {
		return WriteFileAtomic(o.Path, o.perm, write)
	}
	return writeBeside(o.Path, o.perm, write, placeNew)
}

// placeNew moves tmp to path only if path does not exist. A hard link does that atomically; where the
// file system has none (FAT, some network shares) it checks and renames.
func placeNew(tmp, path string) error {
	err := os.Link(tmp, path)
	if err == nil {
		return os.Remove(tmp)
	}
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("it appeared while writing: %w", fs.ErrExist)
	}
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("it appeared while writing: %w", fs.ErrExist)
	}
	return os.Rename(tmp, path)
}

// ownerOf names the part of the library resolved is or is inside ("" for none), and whether it is that
// part itself. Each part is compared as named and with its own symlinks resolved (a backups folder
// linked to another disk is still the backups); info, when the file exists, also catches a hard link to
// the database or a name that differs only in case on a case-insensitive disk.
func (l Layout) ownerOf(resolved string, info fs.FileInfo) (what string, exact bool) {
	for _, own := range l.parts() {
		for _, at := range []string{own.path, resolveOr(own.path)} {
			if within(resolved, at) {
				return own.what, filepath.Clean(resolved) == filepath.Clean(at)
			}
		}
	}
	if info != nil {
		if db, err := os.Stat(l.DB); err == nil && os.SameFile(info, db) {
			return "the library", true
		}
	}
	return "", false
}

// existsError says "PATH already exists" and matches fs.ErrExist.
type existsError string

func (e existsError) Error() string { return string(e) + " already exists" }
func (e existsError) Unwrap() error { return fs.ErrExist }

func refusal(path, what string, exact bool) error {
	if exact {
		return &refusedError{fmt.Sprintf("refusing to write %s: it is %s; choose another place", path, what)}
	}
	return &refusedError{fmt.Sprintf("refusing to write %s: it is inside %s; choose another place", path, what)}
}

// refusedError is an output refused because it is one of the library's own files or folders.
type refusedError struct{ msg string }

func (e *refusedError) Error() string { return e.msg }

// resolveOr is path with its symlinks resolved as far as it exists.
func resolveOr(path string) string {
	if r, err := resolveExisting(path); err == nil {
		return r
	}
	return path
}

// resolveExisting resolves the symlinks of the longest part of path that exists and appends the rest.
func resolveExisting(path string) (string, error) {
	rest := ""
	for at := filepath.Clean(path); ; {
		resolved, err := filepath.EvalSymlinks(at)
		if err == nil {
			return filepath.Join(resolved, rest), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(at)
		if parent == at {
			return "", err
		}
		rest = filepath.Join(filepath.Base(at), rest)
		at = parent
	}
}
