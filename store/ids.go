package store

import (
	"crypto/rand"

	"github.com/google/uuid"
)

// newV7 is a time-ordered uuid drawn from crypto/rand directly: google/uuid's own NewV7 reads a
// package-wide pool flag that gowarc (the web archive) sets on every record it builds, a data race.
func newV7() (uuid.UUID, error) { return uuid.NewV7FromReader(rand.Reader) }

// newRandomID is a random uuid, for the same reason not uuid.NewString.
func newRandomID() string { return uuid.Must(uuid.NewRandomFromReader(rand.Reader)).String() }
