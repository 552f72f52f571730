package app

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"gloss/archive"
	"gloss/ingest"
	"gloss/reading"
	"gloss/store"
	"gloss/version"
)

// The settings the page may change (SetSetting). "window" and "recent" are written by Go only.
var pageSettings = []string{"theme", "reader_font", "reader_size", "backup_retention", "welcome_dismissed", "zoom", "refresh_interval"}

const settingWindow = "window"

// AppInfo is what Help › About shows.
type AppInfo struct {
	Version string `json:"version"`
	Library string `json:"library"`
}

// Info returns the version and the library's path.
func (a *App) Info() AppInfo {
	info := AppInfo{Version: version.String()}
	if a.store != nil {
		info.Library = a.store.Path()
	}
	return info
}

// Settings returns the stored settings the page uses (absent keys are defaults) and the author name.
func (a *App) Settings() (map[string]string, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	all, err := a.store.Settings()
	if err != nil {
		return nil, err
	}
	out := map[string]string{"author": a.store.Author()}
	if n, err := a.store.BackupRetention(); err == nil {
		out["backup_retention"] = strconv.Itoa(n)
	}
	for _, k := range pageSettings {
		if k == "backup_retention" {
			continue
		}
		if v, ok := all[k]; ok {
			out[k] = v
		}
	}
	return out, nil
}

// SetSetting stores one of the page's settings; "" goes back to the default.
func (a *App) SetSetting(key, value string) error {
	if err := a.ready(); err != nil {
		return err
	}
	if !slices.Contains(pageSettings, key) {
		return fmt.Errorf("unknown setting %q", key)
	}
	if err := store.ValidateSetting(key, value); err != nil {
		return err
	}
	if key == "backup_retention" { // the store's own setting: how many daily backups it keeps
		n := store.DefaultBackupRetention
		if value != "" {
			n, _ = strconv.Atoi(value)
		}
		return a.store.SetBackupRetention(n)
	}
	return a.store.SetSetting(key, value)
}

// Opened records a document as read most recently (the page calls it when the Reader opens one).
func (a *App) Opened(id string) error {
	if err := a.ready(); err != nil {
		return err
	}
	return a.reader.Opened(id)
}

// Recent lists the last documents read, newest first, leaving out deleted ones.
func (a *App) Recent() ([]reading.RecentDoc, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	return a.reader.Recent()
}

// windowGeometry is the window's last size and position (setting "window").
type windowGeometry struct {
	W, H, X, Y int
}

// windowSize is the size to open the window at: the one saved at the last close, else the defaults.
func (a *App) windowSize(defW, defH int) (int, int) {
	if g, ok := a.savedGeometry(); ok {
		return g.W, g.H
	}
	return defW, defH
}

func (a *App) savedGeometry() (windowGeometry, bool) {
	var g windowGeometry
	if a.store == nil || json.Unmarshal([]byte(a.store.Setting(settingWindow)), &g) != nil {
		return g, false
	}
	return g, g.W >= 320 && g.H >= 240 && g.W <= 16384 && g.H <= 16384
}

// domReady is Wails' OnDomReady hook: put the window back where it was when it fits on a screen.
func (a *App) domReady(ctx context.Context) {
	g, ok := a.savedGeometry()
	if !ok {
		return
	}
	screens, err := runtime.ScreenGetAll(ctx)
	if err != nil || len(screens) == 0 {
		return
	}
	maxW, maxH := 0, 0
	for _, s := range screens {
		maxW, maxH = max(maxW, s.Size.Width), max(maxH, s.Size.Height)
	}
	if g.X >= 0 && g.Y >= 0 && g.X+g.W/2 < maxW && g.Y+g.H/2 < maxH {
		runtime.WindowSetPosition(ctx, g.X, g.Y)
	}
}

// beforeClose is Wails' OnBeforeClose hook: remember the window's size and position. It never blocks
// closing.
func (a *App) beforeClose(ctx context.Context) bool {
	if a.store == nil || runtime.WindowIsMaximised(ctx) || runtime.WindowIsFullscreen(ctx) {
		return false
	}
	var g windowGeometry
	g.W, g.H = runtime.WindowGetSize(ctx)
	g.X, g.Y = runtime.WindowGetPosition(ctx)
	if g.W > 0 && g.H > 0 {
		raw, _ := json.Marshal(g)
		if err := a.store.SetSetting(settingWindow, string(raw)); err != nil {
			fmt.Fprintf(a.log, "gloss: saving the window size: %v\n", err)
		}
	}
	return false
}

// Quit closes the window (File › Quit, and the palette).
func (a *App) Quit() {
	if a.ctx != nil {
		runtime.Quit(a.ctx)
	}
}

// BackupDialog asks where to save a copy of the library and writes it there: to a temporary file in the
// same folder first, renamed into place once it is complete and on disk. Returns the path ("" if cancelled).
func (a *App) BackupDialog() (string, error) {
	if err := a.ready(); err != nil {
		return "", err
	}
	path, err := runtime.SaveFileDialog(a.ctx, runtime.SaveDialogOptions{
		Title:           "Back up the library",
		DefaultFilename: "gloss-backup-" + time.Now().Format("2006-01-02") + ".db",
		Filters:         []runtime.FileFilter{{DisplayName: "Gloss library", Pattern: "*.db"}},
	})
	if err != nil || path == "" {
		return "", err
	}
	return path, a.backupTo(path)
}

// backupTo writes a consistent copy of the library to path (temporary file, fsync, rename).
func (a *App) backupTo(path string) error {
	if err := a.ready(); err != nil {
		return err
	}
	// The save dialog asked before replacing a file; the store refuses the library's own files.
	if _, err := a.store.BackupTo(path); err != nil {
		return err
	}
	_, err := archive.Backup(a.store.Path(), path) // the web captures beside it (<file>.archive)
	return err
}

// Files to open: given on the command line, or sent by a second start of Gloss (a double-clicked file
// while the window is open). They wait here until the page takes them (TakeOpened), so none is lost
// if the page is not listening yet.

// pending holds each App's files to open (kept beside App rather than in it).
var pending = struct {
	sync.Mutex
	paths map[*App][]string
}{paths: map[*App][]string{}}

// queueOpen adds files to import and tells the page ("open-files") to take them.
func (a *App) queueOpen(paths []string) {
	if len(paths) == 0 {
		return
	}
	a.choose(paths...)
	pending.Lock()
	pending.paths[a] = append(pending.paths[a], paths...)
	pending.Unlock()
	a.emit("open-files", len(paths))
}

// TakeOpened imports the files waiting to be opened and reports on them (no items when there were none).
func (a *App) TakeOpened() (ingest.Report, error) {
	pending.Lock()
	paths := pending.paths[a]
	delete(pending.paths, a)
	pending.Unlock()
	if len(paths) == 0 {
		return ingest.Report{Items: []ingest.ReportItem{}}, nil
	}
	return a.importPaths(paths)
}

// PendingOpen is how many files wait to be opened (TakeOpened).
func (a *App) PendingOpen() int {
	pending.Lock()
	defer pending.Unlock()
	return len(pending.paths[a])
}
