//go:build !windows

package store

import (
	"errors"
	"os"
	"syscall"
)

// lockFile takes the exclusive lock bbolt uses on the database file, without waiting; busy means another
// process holds it.
func lockFile(f *os.File) (busy bool, err error) {
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	return errors.Is(err, syscall.EWOULDBLOCK), err
}
