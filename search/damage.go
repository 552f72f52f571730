package search

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// ErrDamaged marks an error that means the index's files are damaged: the index is derived data, so it
// is moved aside and rebuilt from the store.
var ErrDamaged = errors.New("the search index is damaged")

// ErrBusy is returned when the index stayed locked longer than lockWait: no call waits forever.
var ErrBusy = errors.New("the search index is busy; try again")

// NoticeRebuilding is what a caller shows while an index found damaged is rebuilt.
const NoticeRebuilding = "the search index was damaged and is being rebuilt"

// lockWait bounds every wait for the index's lock. Searches hold it for milliseconds and the swap after
// a rebuild for one close and rename, so only a call stuck in bleve (damaged data) can outlast it.
const lockWait = 10 * time.Second

// guard runs a call into bleve: a panic there (its readers trust the bytes on disk: a damaged FST
// slices out of range) becomes an error, and errors that say the files are damaged are marked so.
// Both keep their files mapped in memory, so a file cut short faults on read (SIGBUS): SetPanicOnFault
// turns that into a panic too, for this goroutine and this call only.
func guard(f func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: bleve panicked: %v", ErrDamaged, p)
		}
	}()
	return markDamage(f())
}

// markDamage wraps err in ErrDamaged when it says the files are damaged.
func markDamage(err error) error {
	if err != nil && isDamage(err) {
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	return err
}

// isDamage tells damage from the errors bleve passes on from elsewhere: Gloss builds every query and
// record itself, so what remains ("error loading roaring bitmap", "vellum err: invalid address", bolt
// checksums) comes from the files.
func isDamage(err error) bool {
	switch {
	case errors.Is(err, ErrDamaged):
		return false // already marked
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, bleve.ErrorIndexClosed), errors.Is(err, bleve.ErrorIndexPathDoesNotExist),
		errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EROFS),
		errors.Is(err, ErrBusy):
		return false
	}
	return true
}

// acquire calls try until it succeeds or limit has passed.
func acquire(try func() bool, limit time.Duration) bool {
	if try() {
		return true
	}
	deadline := time.Now().Add(limit)
	for wait := 50 * time.Microsecond; time.Now().Before(deadline); wait = min(2*wait, 5*time.Millisecond) {
		time.Sleep(wait)
		if try() {
			return true
		}
	}
	return false
}

// verifySegments checks the CRC-32 in the footer of every segment the index uses: zap stores one but
// never checks it, and reads whatever the bytes say.
func verifySegments(idx bleve.Index) error {
	var paths []string
	err := guard(func() error {
		adv, err := idx.Advanced()
		if err != nil {
			return err
		}
		r, err := adv.Reader()
		if err != nil {
			return err
		}
		defer r.Close()
		snap, ok := r.(*scorch.IndexSnapshot)
		if !ok {
			return nil
		}
		for _, seg := range snap.Segments() {
			if p, ok := seg.Segment().(interface{ Path() string }); ok {
				paths = append(paths, p.Path())
			}
		}
		return nil
	})
	for _, p := range paths {
		if err == nil {
			err = markDamage(checkCRC(p))
		}
	}
	return err
}

// checkCRC reads a zap segment file and compares its CRC-32 with the one in its last four bytes.
func checkCRC(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if info.Size() < 4 {
		return fmt.Errorf("%s is %d bytes", path, info.Size())
	}
	h := crc32.NewIEEE()
	if _, err := io.CopyN(h, f, info.Size()-4); err != nil {
		return err
	}
	var stored [4]byte
	if _, err := io.ReadFull(f, stored[:]); err != nil {
		return err
	}
	if got, want := h.Sum32(), binary.BigEndian.Uint32(stored[:]); got != want {
		return fmt.Errorf("%s fails its checksum (%08x, its footer says %08x)", path, got, want)
	}
	return nil
}
