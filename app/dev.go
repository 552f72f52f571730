//go:build dev

package app

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gloss/ingest"
)

// Bind is the dev build's bind list (make dev-build, Playwright): App and the test seams of DevApp.
func (w *Window) Bind() []any { return []any{w.a, &DevApp{w.a}} }

// DevApp holds the methods end-to-end tests and benchmarks use to skip native dialogs or to read the
// page's geometry. It exists only under the dev build tag: the shipped binary has none of them, since
// any script in the page could read and write arbitrary files through them.
type DevApp struct{ a *App }

// ExportTo writes an export to path ("~/" is the home folder), as ExportDialog does once a file is chosen.
func (d *DevApp) ExportTo(req ExportRequest, path string) error {
	if strings.HasPrefix(path, "~/") {
		home, _ := os.UserHomeDir()
		path = filepath.Join(home, path[2:])
	}
	return d.a.exportTo(req, path, false)
}

// ImportPaths imports files and folders, as ImportDialog does once they are chosen.
func (d *DevApp) ImportPaths(paths []string) (ingest.Report, error) {
	d.a.choose(paths...)
	return d.a.importPaths(paths)
}

// MergeFile previews merging a file, as MergeDialog does once it is chosen.
func (d *DevApp) MergeFile(path string) (MergePreview, error) {
	d.a.choose(path)
	return d.a.mergeFile(path)
}

// ImportNewVersionFrom stores path as the document's next version, as NewVersionDialog does once it is chosen.
func (d *DevApp) ImportNewVersionFrom(docID, path string) (ingest.VersionReport, error) {
	d.a.choose(path)
	return d.a.ImportNewVersion(docID, path)
}

// BackupTo writes a copy of the library to path, as BackupDialog does once it is chosen.
func (d *DevApp) BackupTo(path string) error { return d.a.backupTo(path) }

// Painted is App.Shown with a detail the tests read: a small JSON object (row positions, counts).
func (d *DevApp) Painted(view, detail string) { d.a.shown(view, " "+detail) }

// BenchPlan is "" except when the reader benchmark (scripts/bench-reader.sh) starts Gloss with
// GLOSS_BENCH_READER set: then the page measures opening and scrolling those documents and reports the
// figures through Painted("bench", …).
func (d *DevApp) BenchPlan() string { return os.Getenv("GLOSS_BENCH_READER") }

// ViewportTop is told by the page how far below the window's top edge the page starts (the menu bar's
// height): tests that click at page coordinates add it.
func (d *DevApp) ViewportTop(px int) { fmt.Fprintf(d.a.log, "gloss: viewport top %d\n", px) }
