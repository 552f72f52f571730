package store

// The libraries this user has opened, remembered outside every library: a library whose whole folder
// went (its backups with it) leaves no trace beside its path, so only this list can tell that a missing
// file is a loss to report and not a first start.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// Known is the file that lists the libraries Gloss has opened; the zero value consults and records nothing.
type Known struct{ File string }

// maxKnown bounds the list: the oldest entries go first.
const maxKnown = 500

type knownEntry struct {
	Path   string    `json:"path"`
	Opened time.Time `json:"opened"` // the last open, to the day
}

// DefaultKnown is $XDG_STATE_HOME/gloss/libraries.json (~/.local/state/… by default), read from the
// environment at each call so tests and scripts can point it elsewhere.
func DefaultKnown() Known {
	dir := os.Getenv("XDG_STATE_HOME")
	if !filepath.IsAbs(dir) {
		home, err := os.UserHomeDir()
		if err != nil {
			return Known{}
		}
		dir = filepath.Join(home, ".local", "state")
	}
	return Known{File: filepath.Join(dir, "gloss", "libraries.json")}
}

func (k Known) entries() ([]knownEntry, error) {
	raw, err := os.ReadFile(k.File)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []knownEntry
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("%s: %w", k.File, err)
	}
	return out, nil
}

// lastOpened says when the library at db was last opened, if it ever was.
func (k Known) lastOpened(db string) (time.Time, bool) {
	if k.File == "" {
		return time.Time{}, false
	}
	list, err := k.entries()
	if err != nil {
		return time.Time{}, false
	}
	i := slices.IndexFunc(list, func(e knownEntry) bool { return e.Path == db })
	if i < 0 {
		return time.Time{}, false
	}
	return list[i].Opened, true
}

// remember records an open of db; it writes only when the day changed, so most opens cost a read.
func (k Known) remember(db string) error {
	if k.File == "" {
		return nil
	}
	list, err := k.entries()
	if err != nil {
		list = nil // a damaged list is replaced: it only ever adds a warning
	}
	today := time.Now().UTC().Truncate(24 * time.Hour)
	i := slices.IndexFunc(list, func(e knownEntry) bool { return e.Path == db })
	if i >= 0 && list[i].Opened.Equal(today) {
		return nil
	}
	if i >= 0 {
		list = slices.Delete(list, i, i+1)
	}
	list = append(list, knownEntry{Path: db, Opened: today})
	if len(list) > maxKnown {
		list = list[len(list)-maxKnown:]
	}
	return k.write(list)
}

// Forget drops db from the list: a person chose to start anew there.
func (k Known) Forget(db string) error {
	if k.File == "" {
		return nil
	}
	db = absPath(db)
	list, err := k.entries()
	if err != nil {
		return err
	}
	before := len(list)
	list = slices.DeleteFunc(list, func(e knownEntry) bool { return e.Path == db })
	if len(list) == before {
		return nil
	}
	return k.write(list)
}

func (k Known) write(list []knownEntry) error {
	if err := os.MkdirAll(filepath.Dir(k.File), 0o700); err != nil {
		return err
	}
	return WriteFileAtomic(k.File, 0o600, func(w io.Writer) error {
		return json.NewEncoder(w).Encode(list)
	})
}

func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return filepath.Clean(p)
}

// checkNotKnown refuses to create a library at a missing path where Gloss opened one before.
func checkNotKnown(path string, k Known) error {
	when, ok := k.lastOpened(absPath(path))
	if !ok {
		return nil
	}
	return fmt.Errorf("%w: there is no file at %s, but Gloss opened a library there (last on %s) and nothing of it "+
		"is left beside that path, not even its backups (its folder was deleted or moved, or its disk is not "+
		"mounted); no new library was created. Put the file back, or restore a backup kept elsewhere with "+
		"gloss restore FILE; to start an empty library there instead, choose \"Start a new library\" in the "+
		"window or remove the path from %s", ErrVanished, path, when.Format(time.DateOnly), k.File)
}
