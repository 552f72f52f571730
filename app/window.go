package app

import (
	"context"
	"io"

	"github.com/wailsapp/wails/v2/pkg/menu"

	"gloss/search"
	"gloss/store"
)

// Window is the side of the app that main and Wails' lifecycle hooks call. It is never bound, so no
// script in the page can reach these methods; Bind (bind.go, dev.go) says what is.
type Window struct{ a *App }

// NewWindow wraps an open store. When the store could not be opened, startupErr says why and the window
// shows it.
func NewWindow(s *store.Store, startupErr error, log io.Writer) *Window {
	return &Window{New(s, startupErr, log)}
}

// Startup is Wails' OnStartup hook.
func (w *Window) Startup(ctx context.Context) { w.a.startup(ctx) }

// DomReady is Wails' OnDomReady hook: put the window back where it was when it fits on a screen.
func (w *Window) DomReady(ctx context.Context) { w.a.domReady(ctx) }

// BeforeClose is Wails' OnBeforeClose hook: remember the window's size and position.
func (w *Window) BeforeClose(ctx context.Context) bool { w.a.stopSync(); return w.a.beforeClose(ctx) }

// Menu builds the native menu bar (options.App.Menu).
func (w *Window) Menu() *menu.Menu { return w.a.menuBar() }

// UseLibrary names the library's database file; its search index lives where store.Layout puts it.
func (w *Window) UseLibrary(db string) { w.a.useLibrary(db) }

// QueueOpen adds files to import and tells the page to take them (command line, a second start).
func (w *Window) QueueOpen(paths []string) { w.a.queueOpen(paths) }

// WindowSize is the size to open the window at: the one saved at the last close, else the defaults.
func (w *Window) WindowSize(defW, defH int) (int, int) { return w.a.windowSize(defW, defH) }

// Focus brings the window to the front (a second Gloss start asked for it).
func (w *Window) Focus() { w.a.focus() }

// Store is the open library, nil while the start-up error screen shows (it can change once, when a
// damaged library is moved aside and a new one started).
func (w *Window) Store() *store.Store {
	w.a.mu.Lock()
	defer w.a.mu.Unlock()
	return w.a.store
}

// Search is the window's search index, opened now if the page has not opened it yet: the CLI's search
// and reindex run against it while the window holds it.
func (w *Window) Search() (*search.Library, error) { return w.a.searchLibrary() }

// Changed tells the page that something outside it (a CLI command over the socket) wrote to the library:
// the search index catches up and the open view reloads ("library-changed").
func (w *Window) Changed() {
	w.a.indexChanged()
	w.a.emit("library-changed", nil)
}
