package app

import (
	"fmt"
	"path/filepath"
	"strings"
)

// A bound method that takes a path from the page (MergeApply, ImportNewVersion: the page passes back the
// file of a preview or an import report) reads it only if the person chose it: picked in a native dialog,
// given on the command line or by a second start, or inside a folder picked so. A script in the page
// cannot make Gloss read any other file (DEVELOPERS.md, "Bound methods").

// choose records paths the person chose.
func (a *App) choose(paths ...string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, p := range paths {
		if abs, err := filepath.Abs(p); err == nil {
			a.chosen = append(a.chosen, abs)
		}
	}
}

// chosenPath is nil when path is one the person chose or lies inside a chosen folder.
func (a *App) chosenPath(path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, c := range a.chosen {
		if abs == c || strings.HasPrefix(abs, c+string(filepath.Separator)) {
			return nil
		}
	}
	return fmt.Errorf("%s: Gloss reads only files chosen in its dialogs; choose the file again", path)
}
