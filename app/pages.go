package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/pkg/browser"

	"gloss/ingest"
	"gloss/reading"
)

// Pages returns version n's page starts (n = 0: the current version).
func (a *App) Pages(docID string, n int) (reading.PageInfo, error) {
	if err := a.ready(); err != nil {
		return reading.PageInfo{}, err
	}
	return a.reader.Pages(docID, n)
}

// OpenOriginal opens version n's original file (a PDF, kept in the archive beside the library) in the
// system viewer at a page (1-based; 0 = the first). It opens only the file Gloss keeps for that version:
// the page names a document, never a path.
func (a *App) OpenOriginal(docID string, n, page int) error {
	if err := a.ready(); err != nil {
		return err
	}
	u, err := a.reader.Original(docID, n, page)
	if err != nil {
		return err
	}
	if a.ctx == nil {
		return errors.New("no window to open the original from")
	}
	// Not runtime.BrowserOpenURL: Wails lets only web links through it and drops a file:// URL with a line in
	// the log, so the button did nothing (scripts/smoke-pdf.sh). The URL names the kept original only.
	if err := browser.OpenURL(u); err != nil {
		return fmt.Errorf("no viewer opened the original: %w", err)
	}
	return nil
}

// ImportWithPassword imports a password-protected PDF the person chose (an import report names it) with
// its password.
func (a *App) ImportWithPassword(path, password string) (ingest.Report, error) {
	if err := a.ready(); err != nil {
		return ingest.Report{}, err
	}
	if err := a.chosenPath(path); err != nil {
		return ingest.Report{}, err
	}
	report, err := ingest.ImportPaths(context.Background(), a.store, []string{path}, ingest.ImportOptions{Password: password, Engines: a.engines}, nil)
	a.indexChanged()
	return report, err
}
