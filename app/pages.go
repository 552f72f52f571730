package app

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"gloss/ingest"
	"gloss/store"
)

// PageInfo is what the Reader needs to mark the pages of a paged version (a PDF).
type PageInfo struct {
	Starts   []int `json:"starts"`   // code point where each page starts; [] without pages
	Original bool  `json:"original"` // the original file is kept and can be opened
}

// Pages returns version n's page starts (n = 0: the current version).
func (a *App) Pages(docID string, n int) (PageInfo, error) {
	if err := a.ready(); err != nil {
		return PageInfo{}, err
	}
	v, err := a.store.Version(docID, n)
	if err != nil {
		return PageInfo{}, err
	}
	info := PageInfo{Starts: v.Pages, Original: v.Original != nil}
	if info.Starts == nil {
		info.Starts = []int{}
	}
	return info, nil
}

// OpenOriginal opens version n's original file (a PDF, kept in the archive beside the library) in the
// system viewer at a page (1-based; 0 = the first). It opens only the file Gloss keeps for that version:
// the page names a document, never a path.
func (a *App) OpenOriginal(docID string, n, page int) error {
	if err := a.ready(); err != nil {
		return err
	}
	v, err := a.store.Version(docID, n)
	if err != nil {
		return err
	}
	path, err := originalToOpen(a.store, v)
	if err != nil {
		return err
	}
	if a.ctx == nil {
		return errors.New("no window to open the original from")
	}
	runtime.BrowserOpenURL(a.ctx, originalURL(path, page))
	return nil
}

func originalToOpen(s *store.Store, v store.Version) (string, error) {
	path := ingest.OriginalPath(s, v.Original)
	if path == "" {
		return "", errors.New("this version has no original file kept")
	}
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("the original file is missing from the library's archive (%s)", filepath.Base(path))
	}
	return path, nil
}

// originalURL is a file URL with an RFC 3778 page fragment (#page=12), which PDF viewers and browsers follow.
func originalURL(path string, page int) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	if page > 0 {
		u.Fragment = fmt.Sprintf("page=%d", page)
	}
	return u.String()
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
