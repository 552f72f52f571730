package store

// What a library leaves around its path: the traces that show one lived there (so a missing file is
// reported, not replaced by a new library), and the temporary files of writes killed half-way.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// staleAfter is how long a temporary file of ours must have been left unchanged before it is removed.
const staleAfter = time.Minute

// tempPatterns are the names of Gloss's temporary files: CreateTempBeside's, and those of earlier
// versions (backups, restores, copies).
func tempPatterns() []string {
	return []string{".gloss-*.tmp", ".gloss-tmp-*", ".gloss-backup-*", ".gloss-restore-*"}
}

// Traces lists the files beside the library's path that show a library lived there: what an earlier
// restore kept (<db>.before-restore-*, a hidden .gloss-restore-* copy) and its daily backups. Newest
// candidates for `gloss restore` come first within each kind.
func (l Layout) Traces() ([]string, error) {
	var out []string
	for _, pattern := range []string{l.DB + ".before-restore-*", filepath.Join(filepath.Dir(l.DB), ".gloss-restore-*")} {
		found, err := filepath.Glob(pattern)
		if err != nil {
			return nil, err
		}
		sort.Sort(sort.Reverse(sort.StringSlice(found)))
		out = append(out, found...)
	}
	backups, err := DailyBackups(l.DB)
	if err != nil {
		return nil, err
	}
	for i := len(backups) - 1; i >= 0; i-- {
		out = append(out, backups[i])
	}
	return out, nil
}

// checkNoTraces refuses to create a library at a missing path where one clearly existed.
func checkNoTraces(path string) error {
	traces, err := LayoutOf(path).Traces()
	if err != nil {
		return fmt.Errorf("open %s: looking for an earlier library there: %w", path, err)
	}
	if len(traces) == 0 {
		return nil
	}
	shown := traces
	if len(shown) > 3 {
		shown = shown[:3]
	}
	more := ""
	if len(traces) > len(shown) {
		more = fmt.Sprintf(" and %d more", len(traces)-len(shown))
	}
	return fmt.Errorf("%w: there is no file at %s, but an earlier library left %s%s (an interrupted restore, "+
		"or the file was moved or deleted); no new library was created. To put one back: gloss restore FILE "+
		"(e.g. gloss restore %q); to start an empty library there instead, move those files away first",
		ErrVanished, path, strings.Join(shown, ", "), more, traces[0])
}

// removeStaleTemps removes Gloss's own temporary files in dir that are older than staleAfter and not
// locked by the write that made them (see CreateTempBeside): what a killed backup, restore or export
// left. Failures are ignored: this is tidying, never needed for correctness.
func removeStaleTemps(dir string) {
	now := time.Now()
	for _, pattern := range tempPatterns() {
		found, _ := filepath.Glob(filepath.Join(dir, pattern))
		for _, name := range found {
			info, err := os.Lstat(name)
			if err != nil || !info.Mode().IsRegular() || now.Sub(info.ModTime()) < staleAfter {
				continue
			}
			if inUse(name) {
				continue
			}
			_ = os.Remove(name)
		}
	}
}

// inUse reports a file whose lock another open file holds.
func inUse(name string) bool {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return !errors.Is(err, os.ErrNotExist)
	}
	defer f.Close() // releases our lock
	busy, _ := lockFile(f)
	return busy
}
