// Package store is Gloss's library database. It is the only package that
// touches bbolt; every write is a single bbolt Update transaction.
package store

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/adrg/xdg"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// ErrDuplicate is returned by AddDocument when a document with the same
// SHA-256 is already in the library (the sha index is one-to-one).
var ErrDuplicate = errors.New("a document with the same content is already in the library")

var (
	bucketMeta        = []byte("meta")
	bucketDocs        = []byte("docs")
	bucketVersions    = []byte("versions")
	bucketDocBySHA    = []byte("doc_by_sha")
	bucketTags        = []byte("tags")
	bucketAnnotations = []byte("annotations")
	bucketAnnByDoc    = []byte("ann_by_doc")
	bucketNotes       = []byte("notes")
	bucketJournal     = []byte("journal")

	allBuckets = [][]byte{
		bucketMeta, bucketDocs, bucketVersions, bucketDocBySHA, bucketTags,
		bucketAnnotations, bucketAnnByDoc, bucketNotes, bucketJournal, bucketTombstones, bucketResolutions,
	}

	keySchemaVersion = []byte("schema_version")
)

const seedKeyPrefix = "seeds/"

// Store is an open library. Its methods are safe for concurrent use.
type Store struct {
	db       *bolt.DB
	path     string
	readOnly bool
	reanchor Reanchorer  // Options.Reanchor
	opened   os.FileInfo // the file bbolt opened: a write checks it is still the one at path

	backupErr error // why Open's daily backup failed (backup.go)

	// The indexed text of the version annotated last: versions never change once written, and decoding
	// and indexing a long one is most of the cost of saving an annotation.
	textMu  sync.Mutex
	textKey string
	text    *CodePoints
}

// DefaultPath is $XDG_DATA_HOME/gloss/library.db (~/.local/share/gloss/library.db
// by default). Open creates the directory; this function has no side effects.
func DefaultPath() string {
	return filepath.Join(xdg.DataHome, "gloss", "library.db")
}

// DefaultLockTimeout is how long Open waits for another Gloss to release the file. A window holds the
// lock for its whole life, so a second window waits less (main passes its own): it must answer within
// 2 s even on a loaded machine. The CLI waits a little longer for a short write by another command.
const DefaultLockTimeout = 700 * time.Millisecond

// Options say how OpenWith opens a library; the zero value is Open's.
type Options struct {
	LockTimeout time.Duration // DefaultLockTimeout when 0
	// ReadOnly opens the file without ever writing it (bbolt's read-only mode: other readers may open it
	// too). Open falls back to it by itself when the file or its disk cannot be written.
	ReadOnly bool
	// StartNew creates a library at a missing path even where an earlier library left traces beside it
	// (the window's "move the damaged file aside and start anew"). Without it OpenWith refuses (ErrVanished).
	StartNew bool
	// Known is the user's list of libraries opened before (DefaultKnown for the window and the CLI): a
	// missing file that is on it is reported as vanished, not replaced; every open is recorded there.
	Known Known
	// Reanchor re-anchors a document's annotations when AddVersion adds a version; without it AddVersion
	// fails with ErrNoReanchor. anchorstore.Open sets it (anchor.ReanchorFrom) for every library opened
	// for use.
	Reanchor Reanchorer
}

// ErrVanished marks a library path with no file where one clearly existed (an interrupted restore, a
// file moved or deleted): Open refuses to seed a new library over the traces.
var ErrVanished = errors.New("the library file is missing")

// ErrReadOnly is what every write returns on a library opened read-only.
var ErrReadOnly = errors.New("the library is read-only")

// Open opens or creates the library at path with the default options. It never rewrites a file it
// cannot read: a locked file yields ErrLocked, a newer one ErrNewerSchema, a vanished one ErrVanished,
// and anything unreadable an error naming the file and the reason. A file it may not write is opened
// read-only (see Store.ReadOnly).
func Open(path string) (*Store, error) { return OpenWith(path, Options{}) }

// OpenWith is Open with options.
func OpenWith(path string, o Options) (s *Store, err error) {
	if o.LockTimeout == 0 {
		o.LockTimeout = DefaultLockTimeout
	}
	if _, err := os.Lstat(path); errors.Is(err, os.ErrNotExist) {
		if o.ReadOnly {
			return nil, fmt.Errorf("open %s read-only: %w", path, err)
		}
		if !o.StartNew {
			if err := checkNoTraces(path); err != nil {
				return nil, err
			}
			if err := checkNotKnown(path, o.Known); err != nil {
				return nil, err
			}
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s, err = open(path, o)
	if err != nil && !o.ReadOnly && notWritable(err) {
		if _, statErr := os.Stat(path); statErr == nil {
			// A read-only file or disk can still be listed and exported.
			o.ReadOnly = true
			if ro, roErr := open(path, o); roErr == nil {
				s, err = ro, nil
			}
		}
	}
	if err == nil {
		// Best effort: a state folder that cannot be written must not keep the library closed.
		_ = o.Known.remember(absPath(path))
	}
	return s, err
}

func open(path string, o Options) (s *Store, err error) {
	// Remember the file bbolt opens so it can be closed (releasing its flock)
	// if bbolt panics before handing us a *DB.
	var file *os.File
	opts := &bolt.Options{
		Timeout:  o.LockTimeout,
		ReadOnly: o.ReadOnly,
		OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
			f, err := os.OpenFile(name, flag, perm)
			file = f
			return f, err
		},
	}

	// A corrupt file can make bbolt read past the end of its mmap (SIGBUS) or
	// panic on a bad page; turn both into an ordinary error.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	var db *bolt.DB
	defer func() {
		if r := recover(); r != nil {
			if db != nil {
				_ = db.Close()
			} else if file != nil {
				_ = file.Close()
			}
			s, err = nil, unreadable(path, fmt.Errorf("the file is damaged (%v)", r))
		}
	}()

	db, err = bolt.Open(path, 0o600, opts)
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fmt.Errorf("open %s: %w", path, ErrLocked)
	}
	if err != nil {
		return nil, unreadable(path, err)
	}
	fresh, err := prepare(db, path, o.ReadOnly)
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	s = &Store{db: db, path: path, readOnly: o.ReadOnly, reanchor: o.Reanchor}
	if s.opened, err = file.Stat(); err != nil {
		_ = db.Close()
		return nil, unreadable(path, err)
	}
	if !o.ReadOnly {
		// We hold the lock, so no temporary file of ours in the library's folder is being written.
		removeStaleTemps(filepath.Dir(path))
	}
	if !fresh {
		// A daily copy in <dir>/backups (backup.go); a full or read-only disk must not stop reading.
		_, s.backupErr = s.DailyBackup(time.Now())
	}
	if !o.ReadOnly {
		// Best effort, like the backup: counts are shown, never relied on; the next open tries again.
		_ = s.recountWords()
	}
	return s, nil
}

// notWritable reports an open that failed only because the file or its disk refuses writing.
func notWritable(err error) bool {
	return errors.Is(err, syscall.EROFS) || errors.Is(err, fs.ErrPermission)
}

// ReadOnly reports a library opened read-only: every write returns ErrReadOnly.
func (s *Store) ReadOnly() bool { return s.readOnly }

// unreadable describes a file Open refused to use.
func unreadable(path string, err error) error {
	reason := err
	var pe *fs.PathError
	if errors.As(err, &pe) {
		reason = pe.Err // the path is already in our message
	}
	if errors.Is(reason, syscall.EROFS) || errors.Is(reason, fs.ErrPermission) {
		return fmt.Errorf("%s cannot be opened for writing: %w (Gloss writes every change at once, so it needs a writable disk and file); the file was left untouched", path, reason)
	}
	return fmt.Errorf("%s is %w: %w; the file was left untouched", path, ErrUnreadable, reason)
}

// prepare validates an opened file read-only, and only then creates the
// buckets and schema version a new library needs, or migrates an older one
// (after a hot backup, see migrate). fresh reports a library just created.
func prepare(db *bolt.DB, path string, readOnly bool) (fresh bool, err error) {
	var missing bool
	stored := SchemaVersion
	err = db.View(func(tx *bolt.Tx) error {
		if err := checkFileSize(tx, path); err != nil {
			return err
		}
		fresh = isEmpty(tx)
		if fresh {
			return nil
		}
		var err error
		stored, err = readSchemaVersion(tx)
		if err != nil {
			return unreadable(path, err)
		}
		if stored > SchemaVersion {
			return fmt.Errorf("%s: %w (schema %d, this Gloss reads up to %d); the file was left untouched",
				path, ErrNewerSchema, stored, SchemaVersion)
		}
		for _, name := range allBuckets {
			if tx.Bucket(name) == nil {
				missing = true
			}
		}
		return nil
	})
	if err != nil {
		return fresh, err
	}
	if readOnly && (fresh || missing || stored < SchemaVersion) {
		return fresh, fmt.Errorf("%s is read-only and needs to be set up or upgraded before this Gloss can read it; make it writable once; the file was left untouched", path)
	}
	if !fresh && stored < SchemaVersion {
		if _, err := migrate(db, path, stored, SchemaVersion, migrations); err != nil {
			return fresh, err
		}
	}
	if !(fresh || missing) {
		return fresh, nil
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		if fresh {
			return tx.Bucket(bucketMeta).Put(keySchemaVersion, []byte(strconv.Itoa(SchemaVersion)))
		}
		return nil
	})
	if err != nil {
		return fresh, fmt.Errorf("initialise %s: %w", path, err)
	}
	return fresh, nil
}

// isEmpty reports a file with no buckets at all: one bbolt just created.
func isEmpty(tx *bolt.Tx) bool {
	k, _ := tx.Cursor().First()
	return k == nil
}

// checkFileSize refuses a truncated file before anything touches pages that
// lie past its end, which would fault.
func checkFileSize(tx *bolt.Tx, path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return unreadable(path, err)
	}
	if tx.Size() > info.Size() {
		return unreadable(path, fmt.Errorf("the file is truncated (%d bytes, expected at least %d)", info.Size(), tx.Size()))
	}
	return nil
}

func readSchemaVersion(tx *bolt.Tx) (int, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return 0, errors.New("no meta bucket")
	}
	raw := meta.Get(keySchemaVersion)
	if raw == nil {
		return 0, errors.New("no schema version")
	}
	v, err := strconv.Atoi(string(raw))
	if err != nil || v < 1 {
		return 0, fmt.Errorf("bad schema version %q", raw)
	}
	return v, nil
}

// update runs fn as one durable write transaction on the library at its path. It refuses on a read-only
// library, and fails when the file bbolt has open is no longer the one at the path (its folder deleted,
// the file moved or replaced): such a write would land in a file nobody will open again.
func (s *Store) update(fn func(tx *bolt.Tx) error) error {
	if s.readOnly {
		return fmt.Errorf("%w: %s was opened read-only (the file or its disk cannot be written); nothing was changed", ErrReadOnly, s.path)
	}
	if err := s.stillAtPath(); err != nil {
		return fmt.Errorf("%w; nothing was changed", err)
	}
	if err := s.db.Update(fn); err != nil {
		return err
	}
	if err := s.stillAtPath(); err != nil {
		return fmt.Errorf("%w; the last change went into the vanished file and is not in the library", err)
	}
	return nil
}

// stillAtPath checks that the open file is still the library at s.path.
func (s *Store) stillAtPath() error {
	cur, err := os.Stat(s.path)
	if err == nil && os.SameFile(cur, s.opened) {
		return nil
	}
	return fmt.Errorf("%w: %s is no longer the file Gloss opened (it, or its folder, was deleted, moved or replaced while open)", ErrVanished, s.path)
}

// Close releases the database file and its lock.
func (s *Store) Close() error { return s.db.Close() }

// Path is the file the store was opened from.
func (s *Store) Path() string { return s.path }

// SchemaVersion reads the schema version stored in the file.
func (s *Store) SchemaVersion() (int, error) {
	var v int
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		v, err = readSchemaVersion(tx)
		return err
	})
	return v, err
}

// Backup writes a consistent copy of the database while it stays in use.
func (s *Store) Backup(w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

// JournalSeq is the sequence number of the last journal record (0 if none).
func (s *Store) JournalSeq() (uint64, error) {
	var seq uint64
	err := s.db.View(func(tx *bolt.Tx) error {
		seq = tx.Bucket(bucketJournal).Sequence()
		return nil
	})
	return seq, err
}
