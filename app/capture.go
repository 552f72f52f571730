package app

// Web capture for the window (the logic is in ingest/capture): import by URL, check captured documents
// for edits, and the captured page itself for a sandboxed frame.

import (
	"context"
	"errors"
	"fmt"

	"gloss/archive"
	"gloss/ingest"
	"gloss/ingest/capture"
)

// URLResult is the outcome of one URL of ImportURLs: imported | unchanged | version | error.
type URLResult = capture.URLResult

// RefreshResult is the outcome of one document of RefreshDocuments: unchanged | changed | gone | error.
type RefreshResult = capture.RefreshResult

// startFetching takes the import slot (one import or refresh at a time; CancelImport stops it between
// pages) and returns its context and the function that gives it back.
func (a *App) startFetching() (context.Context, func(), error) {
	if err := a.ready(); err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.cancelImport != nil {
		cancel()
		return nil, nil, errors.New("another import is still running")
	}
	a.cancelImport = cancel
	return ctx, func() {
		a.mu.Lock()
		a.cancelImport = nil
		a.mu.Unlock()
		cancel()
	}, nil
}

// ImportURLs fetches web pages (eight at a time, four per site), archives each exchange and adds the articles to the
// library, emitting "import:progress" ({done, total, file: the URL}) after each.
func (a *App) ImportURLs(urls []string) ([]URLResult, error) {
	return withCapturer(a, func(ctx context.Context, c *capture.Capturer) ([]URLResult, error) {
		return c.ImportURLs(ctx, urls, func(p ingest.Progress) { a.emit("import:progress", p) })
	})
}

// RefreshDocuments checks captured documents for edits (ids; none = every captured document), emitting
// "refresh:progress" ({done, total, file: the title}) after each. A changed text becomes a new version.
func (a *App) RefreshDocuments(ids []string) ([]RefreshResult, error) {
	results, err := withCapturer(a, func(ctx context.Context, c *capture.Capturer) ([]RefreshResult, error) {
		return c.Refresh(ctx, ids, func(p ingest.Progress) { a.emit("refresh:progress", p) })
	})
	if results == nil {
		results = []RefreshResult{}
	}
	return results, err
}

// withCapturer runs one fetch job (one at a time, cancellable by CancelImport) on the library, then
// lets the search index catch up. A cancelled job is no error: its results say which links it left.
func withCapturer[T any](a *App, run func(ctx context.Context, c *capture.Capturer) (T, error)) (T, error) {
	ctx, done, err := a.startFetching()
	if err != nil {
		var none T
		return none, err
	}
	defer done()
	c := capture.New(a.store, capture.Standard())
	defer c.Close()
	out, err := run(ctx, c)
	a.indexChanged()
	if errors.Is(err, context.Canceled) {
		err = nil
	}
	return out, err
}

// CapturedPage is the page version n (0 = current) of a document was captured from, sanitized: no
// scripts, event handlers, links or remote loads, images only from the archive. For a sandboxed
// iframe's srcdoc, never for the page that holds the bindings.
func (a *App) CapturedPage(docID string, n int) (string, error) {
	if err := a.ready(); err != nil {
		return "", err
	}
	v, err := a.store.Version(docID, n)
	if err != nil {
		return "", err
	}
	if v.Capture == nil {
		return "", fmt.Errorf("version %d of this document was not captured from the web", v.N)
	}
	return capture.CapturedPage(archive.Of(a.store.Path()), v.Capture)
}
