// Package app holds the methods the window calls through Wails. It is kept thin: each method checks that the
// library is open and makes one call into reading, store, ingest, export or teams, so the CLI and the window
// share every behaviour.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"gloss/anchor"
	"gloss/ingest"
	"gloss/reading"
	"gloss/store"
)

// App is bound to the window: its exported methods become window.go.app.App.*, and every one of them is
// called by the page (bind_test.go checks both ways; DEVELOPERS.md says what each may touch). What main and
// Wails' lifecycle call is on Window (window.go), test seams on DevApp (dev.go, dev build only).
type App struct {
	ctx        context.Context
	store      *store.Store
	startupErr error
	log        io.Writer

	reader *reading.Reader // what the Reader shows, with its render cache; replaced with store

	mu      sync.Mutex
	painted []string // views reported painted, in order (for tests and the smoke log)

	chosen       []string // files and folders the person picked in a dialog or gave Gloss to open (paths.go)
	cancelImport context.CancelFunc
	search       searchState
	quotes       *anchor.QuoteIndex // the library's words, for TrackQuote
	engines      *ingest.Engines    // the file readers imports share (PDFium, loaded on the first PDF)
	sync         syncState          // team sync's background watch (sync.go)
}

// New wraps an open store. When the store could not be opened, startupErr says why and the window shows it.
func New(s *store.Store, startupErr error, log io.Writer) *App {
	a := &App{store: s, startupErr: startupErr, log: log, quotes: anchor.NewQuoteIndex(), engines: ingest.NewEngines()}
	if s != nil {
		a.reader = reading.New(s)
	}
	return a
}

func (a *App) startup(ctx context.Context) { a.ctx = ctx }

func (a *App) focus() {
	if a.ctx == nil {
		return
	}
	runtime.WindowUnminimise(a.ctx)
	runtime.WindowShow(a.ctx)
}

func (a *App) ready() error {
	if a.store == nil {
		return fmt.Errorf("the library is not open: %v", a.startupErr)
	}
	return nil
}

// StartupError is "" when the library opened, else the reason it did not.
func (a *App) StartupError() string {
	if a.startupErr != nil {
		return a.startupErr.Error()
	}
	return ""
}

// Recovery is what the start-up error screen can offer: moving a damaged file aside, and the daily
// backups (newest last) that `gloss restore` can put back.
type Recovery struct {
	MoveAside bool     `json:"moveAside"`
	StartNew  bool     `json:"startNew"` // the library vanished: an empty one may be started at its path
	Path      string   `json:"path"`
	Backups   []string `json:"backups"`
}

// libraryPath is the database file main named (UseLibrary).
func (a *App) libraryPath() string { return a.search.layout.DB }

// Recovery says what the start-up error screen may offer. Only a damaged file (store.ErrUnreadable) can
// be moved aside: not a locked, read-only or newer one.
func (a *App) Recovery() Recovery {
	a.mu.Lock()
	defer a.mu.Unlock()
	r := Recovery{Path: a.libraryPath(), Backups: []string{}}
	r.MoveAside = a.store == nil && errors.Is(a.startupErr, store.ErrUnreadable) && r.Path != ""
	r.StartNew = a.store == nil && errors.Is(a.startupErr, store.ErrVanished) && r.Path != ""
	if list, err := store.DailyBackups(r.Path); err == nil && r.Path != "" {
		r.Backups = append(r.Backups, list...)
	}
	return r
}

// MoveAsideAndStart renames a damaged library to <db>.corrupt-<time> (nothing is deleted) and opens a
// new one in its place; the page then reloads into the library. It returns the new name of the old file.
func (a *App) MoveAsideAndStart() (string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	path := a.libraryPath()
	switch {
	case a.store != nil:
		return "", errors.New("the library is already open")
	case !errors.Is(a.startupErr, store.ErrUnreadable) || path == "":
		return "", fmt.Errorf("only a damaged library can be moved aside (%v)", a.startupErr)
	}
	aside, err := store.MoveAside(path, "corrupt")
	if err != nil {
		return "", err
	}
	if err := a.startNew(path); err != nil {
		return aside, fmt.Errorf("the damaged file is now %s, but a new library could not be started: %w", aside, err)
	}
	fmt.Fprintf(a.log, "gloss: moved the damaged library to %s and started a new one at %s\n", aside, path)
	return aside, nil
}

// StartNewLibrary starts an empty library where one vanished (store.ErrVanished), once the person has
// read what is missing: whatever the earlier one left beside the path stays where it is.
func (a *App) StartNewLibrary() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	path := a.libraryPath()
	switch {
	case a.store != nil:
		return errors.New("the library is already open")
	case !errors.Is(a.startupErr, store.ErrVanished) || path == "":
		return fmt.Errorf("a new library is started only where one vanished (%v)", a.startupErr)
	}
	if err := a.startNew(path); err != nil {
		return err
	}
	fmt.Fprintf(a.log, "gloss: started a new library at %s, where one had vanished\n", path)
	return nil
}

// startNew opens a new library at path; a.mu is held.
func (a *App) startNew(path string) error {
	// Its backups or its entry in the list of known libraries must not stop a start the person chose.
	s, err := ingest.OpenLibrary(path, store.Options{StartNew: true, Known: store.DefaultKnown()})
	if err != nil {
		return err
	}
	// main closes only the store it opened; this one is closed by the process exit (every write is
	// already durable, and the lock goes with the process).
	a.store, a.reader, a.startupErr, a.quotes = s, reading.New(s), nil, anchor.NewQuoteIndex()
	return nil
}

// Documents lists the library.
func (a *App) Documents() ([]store.Document, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	return list(a.store.Documents())
}

// Open returns a document's current version rendered for the Reader (reading.Reader.Open: long documents
// travel as block ranges, many annotations follow through ReaderAnnotations).
func (a *App) Open(id string) (reading.Reading, error) {
	if err := a.ready(); err != nil {
		return reading.Reading{}, err
	}
	return a.reader.Open(id)
}

// ReaderAnnotations is a page of the side panel's list of a document's annotations, in text order:
// limit from offset (limit <= 0: all from offset).
func (a *App) ReaderAnnotations(id string, offset, limit int) (reading.AnnotationPage, error) {
	if err := a.ready(); err != nil {
		return reading.AnnotationPage{}, err
	}
	return a.reader.Annotations(id, offset, limit)
}

// ReaderAuthors counts a document's annotations by author: the author filter's choices.
func (a *App) ReaderAuthors(id string) ([]store.AuthorCount, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	return a.reader.Authors(id)
}

// ReaderMatches is the ids of a document's annotations overlapping [from, to) (code points) that carry tag
// and are by author ("" matches any): the Reader dims the other highlights of the text on screen.
func (a *App) ReaderMatches(id, tag, author string, from, to int) ([]string, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	return a.reader.Matches(id, tag, author, from, to)
}

// ReaderStep is the annotation n (dir 1) or p (dir -1) goes to from the one with id from, among those
// that carry tag and are by author; its ID is "" when none does.
func (a *App) ReaderStep(id, tag, author, from string, dir int) (reading.ListedAnnotation, error) {
	if err := a.ready(); err != nil {
		return reading.ListedAnnotation{}, err
	}
	return a.reader.Step(id, tag, author, from, dir)
}

// SetMetadata changes a document's title and publication date.
func (a *App) SetMetadata(id, title, date string) (store.Document, error) {
	if err := a.ready(); err != nil {
		return store.Document{}, err
	}
	return a.store.SetMetadata(id, title, date)
}

// ReportError receives uncaught errors from the page: WebKitGTK's console is not visible on Linux.
func (a *App) ReportError(msg string) {
	fmt.Fprintf(a.log, "gloss: window error: %s\n", strings.TrimSpace(msg))
}

// Shown is called by a view once it is on screen. The search index waits for it (start-up paints first);
// the line it logs is what the window smoke test and the start-up benchmark wait for. The dev build's
// DevApp.Painted adds a detail (row positions, counts) for the tests.
func (a *App) Shown(view string) { a.shown(view, "") }

func (a *App) shown(view, detail string) {
	a.mu.Lock()
	a.painted = append(a.painted, view)
	open := a.store != nil
	if open && view == "library" { // the document read last is rendered meanwhile (reading.Reader.Prewarm)
		a.reader.Prewarm()
	}
	a.mu.Unlock()
	fmt.Fprintf(a.log, "gloss: painted %s%s\n", view, detail)
	// The search index opens (and catches up) only once the first view is on screen: start-up paints first.
	// Not before there is a library: the start-up error screen paints too, and a library moved aside and
	// started anew (MoveAsideAndStart) reloads the page into its first real view.
	if open {
		a.search.once.Do(a.startIndex)
		a.sync.once.Do(a.startSync) // team sync's watch, when set up, after the first paint too
	}
}

// DeleteDocument removes a document with its versions, annotations and memo (one undo step).
func (a *App) DeleteDocument(id string) error {
	if err := a.ready(); err != nil {
		return err
	}
	err := a.store.DeleteDocument(id)
	a.indexChanged()
	return err
}
