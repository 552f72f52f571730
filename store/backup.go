package store

// Backups, migrations, restore and moving a damaged file aside. Nothing in this file deletes a user's
// database: an old file is always renamed beside the new one, and only the rolling backups this file
// wrote itself are pruned.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ErrUnreadable marks a file Open refused because it is damaged or not a Gloss library (not because it is
// locked, read-only or newer): the window offers to move such a file aside.
var ErrUnreadable = errors.New("not a readable Gloss library")

// DefaultBackupRetention is how many daily backups are kept when the library does not say otherwise.
const DefaultBackupRetention = 7

var keyBackupRetention = []byte("backup_retention")

// migrationStep upgrades an open write transaction from schema n to n+1.
type migrationStep func(tx *bolt.Tx) error

// migrations maps a schema version n to the step that upgrades it to n+1. Schema 1 is the first, so
// there are none yet; a step added here runs, after a hot backup, the first time a library is opened.
var migrations = map[int]migrationStep{}

// migrate upgrades db from schema from to schema to in one transaction, after writing a hot backup of
// the file beside it (<db>.before-migration-<from>-to-<to>-<time>). It returns the backup's path. A
// failed step leaves the database as it was.
func migrate(db *bolt.DB, path string, from, to int, steps map[int]migrationStep) (string, error) {
	for v := from; v < to; v++ {
		if steps[v] == nil {
			return "", fmt.Errorf("%s: no migration from schema %d to %d; the file was left untouched", path, v, v+1)
		}
	}
	backup := uniquePath(fmt.Sprintf("%s.before-migration-%d-to-%d-%s", path, from, to, stamp(time.Now())))
	if err := writeCopy(db, backup); err != nil {
		return "", fmt.Errorf("%s: backup before migrating from schema %d to %d failed, so nothing was migrated: %w", path, from, to, err)
	}
	err := db.Update(func(tx *bolt.Tx) error {
		for v := from; v < to; v++ {
			if err := steps[v](tx); err != nil {
				return fmt.Errorf("step %d to %d: %w", v, v+1, err)
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchemaVersion, []byte(strconv.Itoa(to)))
	})
	if err != nil {
		return backup, fmt.Errorf("migrating %s from schema %d to %d: %w; the database is unchanged and a copy is at %s", path, from, to, err, backup)
	}
	return backup, nil
}

// stamp is a timestamp safe in file names.
func stamp(t time.Time) string { return t.Format("20060102-150405") }

// uniquePath is p, or p-2, p-3… when p exists.
func uniquePath(p string) string {
	if _, err := os.Lstat(p); errors.Is(err, os.ErrNotExist) {
		return p
	}
	for i := 2; ; i++ {
		q := fmt.Sprintf("%s-%d", p, i)
		if _, err := os.Lstat(q); errors.Is(err, os.ErrNotExist) {
			return q
		}
	}
}

// writeCopy writes a consistent copy of db to dst through WriteFileAtomic, so dst is either complete or
// absent.
func writeCopy(db *bolt.DB, dst string) error {
	return WriteFileAtomic(dst, 0o600, func(w io.Writer) error {
		return db.View(func(tx *bolt.Tx) error {
			_, err := tx.WriteTo(w)
			return err
		})
	})
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// BackupDir is where the rolling daily backups of the library at path live: <dir>/backups.
func BackupDir(path string) string { return filepath.Join(filepath.Dir(path), "backups") }

// backupStem is the name daily backups start with: "library" for library.db.
func backupStem(path string) string {
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// DailyBackups lists the rolling backups of the library at path, oldest first.
func DailyBackups(path string) ([]string, error) {
	entries, err := os.ReadDir(BackupDir(path))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	prefix := backupStem(path) + "-"
	var out []string
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, ".db") {
			continue
		}
		if _, err := time.Parse("2006-01-02", strings.TrimSuffix(strings.TrimPrefix(name, prefix), ".db")); err != nil {
			continue
		}
		out = append(out, filepath.Join(BackupDir(path), name))
	}
	sort.Strings(out) // the dates sort as text
	return out, nil
}

// DailyBackup writes <db dir>/backups/<name>-YYYY-MM-DD.db for now's date unless it exists, then prunes
// the oldest daily backups beyond the retention. It returns the path written, "" when today's existed.
// Open calls it; its failure never stops the library from opening (see AutoBackupError).
func (s *Store) DailyBackup(now time.Time) (string, error) {
	dir := BackupDir(s.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("daily backup: %w", err)
	}
	removeStaleTemps(dir) // a backup killed half-way leaves one
	target := filepath.Join(dir, backupStem(s.path)+"-"+now.Format("2006-01-02")+".db")
	written := ""
	if _, err := os.Stat(target); errors.Is(err, os.ErrNotExist) {
		if err := writeCopy(s.db, target); err != nil {
			return "", fmt.Errorf("daily backup %s: %w", target, err)
		}
		written = target
		if err := mirrorArchive(LayoutOf(s.path), target); err != nil { // the web captures (archive_backup.go)
			return written, fmt.Errorf("daily backup %s: its archive: %w", target, err)
		}
	}
	keep, err := s.BackupRetention()
	if err != nil {
		return written, err
	}
	list, err := DailyBackups(s.path)
	if err != nil {
		return written, err
	}
	for len(list) > keep {
		if err := os.Remove(list[0]); err != nil {
			return written, fmt.Errorf("pruning daily backup %s: %w", list[0], err)
		}
		_ = os.RemoveAll(LayoutOf(list[0]).Archive()) // its archive mirror, if any (links: the library's stay)
		list = list[1:]
	}
	return written, nil
}

// AutoBackupError is why Open's daily backup failed (a full or read-only disk), nil when it worked.
func (s *Store) AutoBackupError() error { return s.backupErr }

// BackupRetention is how many daily backups are kept (DefaultBackupRetention unless set).
func (s *Store) BackupRetention() (int, error) {
	n := DefaultBackupRetention
	err := s.db.View(func(tx *bolt.Tx) error {
		if raw := tx.Bucket(bucketMeta).Get(keyBackupRetention); raw != nil {
			v, err := strconv.Atoi(string(raw))
			if err != nil || v < 1 {
				return fmt.Errorf("bad backup retention %q", raw)
			}
			n = v
		}
		return nil
	})
	return n, err
}

// SetBackupRetention sets how many daily backups are kept (1 to MaxBackupRetention, ValidateSetting's
// rule for "backup_retention"). It is a setting, not an undo step.
func (s *Store) SetBackupRetention(n int) error {
	if err := ValidateSetting("backup_retention", strconv.Itoa(n)); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keyBackupRetention, []byte(strconv.Itoa(n)))
	})
}

// MoveAside renames the file at path to <path>.<reason>-<time> (never overwriting anything) and returns
// the new name. The window uses it for a damaged library ("corrupt"), restore for the replaced one.
func MoveAside(path, reason string) (string, error) {
	aside := uniquePath(fmt.Sprintf("%s.%s-%s", path, reason, stamp(time.Now())))
	if err := os.Rename(path, aside); err != nil {
		return "", fmt.Errorf("moving %s aside: %w", path, err)
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return aside, err
	}
	return aside, nil
}

// ValidateBackup opens a copy of file (never file itself) and runs Check on it.
func ValidateBackup(file string) error {
	src, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("backup %s: %w", file, err)
	}
	defer src.Close()
	tmpDir, err := os.MkdirTemp("", "gloss-restore-check-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmpDir) // our own scratch copy
	cp := filepath.Join(tmpDir, "library.db")
	dst, err := os.OpenFile(cp, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(dst, src)
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("copying %s: %w", file, err)
	}
	s, err := Open(cp)
	if err != nil {
		return fmt.Errorf("backup %s cannot be restored: %s", file, strings.ReplaceAll(err.Error(), cp, file))
	}
	defer s.Close()
	if err := s.Check(); err != nil {
		return fmt.Errorf("backup %s cannot be restored, it fails the check: %w", file, err)
	}
	return nil
}

// Restore puts a copy of the backup file in place of the library at path, after validating it. The
// current database, if any, is kept as <path>.before-restore-<time>, whose name is returned. It refuses
// while another Gloss has the library open. At every instant either the old or the new library is at
// path: the old one is linked (or copied) aside first, and the copy renamed over it.
func Restore(path, file string) (aside string, err error) {
	if err := ValidateBackup(file); err != nil {
		return "", err
	}
	r := &restoring{path: path, file: file}
	defer r.cleanUp()
	for _, step := range restoreSteps() {
		if err := step(r); err != nil {
			return r.aside, err
		}
	}
	return r.aside, nil
}

// restoring is one restore under way; its steps run in order (restoreSteps), each leaving a library at
// path if the process dies right after it.
type restoring struct {
	path, file string
	held       *os.File // the old library, locked as bbolt locks it, so no Gloss opens it meanwhile
	tmp        string   // the copy of file beside path, until it is renamed over path
	aside      string   // the old library's second name
}

func restoreSteps() []func(*restoring) error {
	return []func(*restoring) error{(*restoring).lock, (*restoring).copyIn, (*restoring).keepOld, (*restoring).swap}
}

func (r *restoring) lock() error {
	f, err := os.OpenFile(r.path, os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		return os.MkdirAll(filepath.Dir(r.path), 0o700)
	}
	if err != nil {
		return fmt.Errorf("restore into %s: %w", r.path, err)
	}
	r.held = f
	if busy, err := lockFile(f); busy {
		return fmt.Errorf("restore into %s: %w; close it first", r.path, ErrLocked)
	} else if err != nil {
		return fmt.Errorf("restore into %s: %w", r.path, err)
	}
	return nil
}

func (r *restoring) copyIn() error {
	src, err := os.Open(r.file)
	if err != nil {
		return err
	}
	defer src.Close()
	tmp, name, err := CreateTempBeside(r.path, 0o600)
	if err != nil {
		return fmt.Errorf("restore into %s: %w", r.path, err)
	}
	r.tmp = name
	_, err = io.Copy(tmp, src)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("copying %s beside %s: %w; the library was left untouched", r.file, r.path, err)
	}
	return nil
}

// keepOld gives the old library its second name while it stays at path: a hard link, or where the file
// system has none a copy (we hold its lock, so it does not change meanwhile).
func (r *restoring) keepOld() error {
	if r.held == nil {
		return nil // nothing to keep
	}
	aside := uniquePath(fmt.Sprintf("%s.before-restore-%s", r.path, stamp(time.Now())))
	if err := os.Link(r.path, aside); err != nil {
		err = WriteFileAtomic(aside, 0o600, func(w io.Writer) error {
			if _, err := r.held.Seek(0, io.SeekStart); err != nil {
				return err
			}
			_, err := io.Copy(w, r.held)
			return err
		})
		if err != nil {
			return fmt.Errorf("keeping a copy of %s before restoring: %w; the library was left untouched", r.path, err)
		}
	}
	r.aside = aside
	return syncDir(filepath.Dir(r.path))
}

func (r *restoring) swap() error {
	if err := os.Rename(r.tmp, r.path); err != nil {
		return fmt.Errorf("putting the backup in place: %w; the library was left untouched", err)
	}
	r.tmp = ""
	return syncDir(filepath.Dir(r.path))
}

func (r *restoring) cleanUp() {
	if r.tmp != "" {
		os.Remove(r.tmp)
	}
	if r.held != nil {
		r.held.Close()
	}
}

// BackupTo writes a consistent copy of the library to file through a temporary file beside it, after
// removing stale temporary files a killed backup left in that folder, and returns the bytes written. The
// target is checked as every output is (Layout.OutputTarget): never the library or one of its folders
// (symlinks and hard links followed), never a folder or a device; an existing file is replaced.
func (s *Store) BackupTo(file string) (int64, error) {
	out, err := LayoutOf(s.path).OutputTarget(file, true)
	var refused *refusedError
	if errors.As(err, &refused) {
		return 0, fmt.Errorf("%w; a backup never replaces the library's own files", err)
	}
	if err != nil {
		return 0, err
	}
	out.perm = 0o600 // a copy of the library is as private as the library
	removeStaleTemps(filepath.Dir(out.Path))
	var n int64
	err = out.Write(func(w io.Writer) (err error) {
		n, err = s.Backup(w)
		return err
	})
	return n, err
}
