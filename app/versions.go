package app

import (
	"fmt"
	"strings"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"gloss/anchor"
	"gloss/ingest"
	"gloss/reading"
	"gloss/search"
	"gloss/store"
)

// NewVersionDialog asks for the corrected article and stores it as the document's next version.
func (a *App) NewVersionDialog(docID string) (*ingest.VersionReport, error) {
	path, err := runtime.OpenFileDialog(a.ctx, runtime.OpenDialogOptions{
		Title:   "Replace with a new version",
		Filters: []runtime.FileFilter{{DisplayName: "Articles", Pattern: "*.txt;*.md;*.markdown;*.html;*.htm;*.pdf;*.docx;*.odt"}},
	})
	if err != nil || path == "" {
		return nil, err
	}
	a.choose(path)
	r, err := a.ImportNewVersion(docID, path)
	return &r, err
}

// ImportNewVersion stores the file as the document's next version and re-anchors its annotations.
func (a *App) ImportNewVersion(docID, path string) (ingest.VersionReport, error) {
	if err := a.ready(); err != nil {
		return ingest.VersionReport{}, err
	}
	if err := a.chosenPath(path); err != nil {
		return ingest.VersionReport{}, err
	}
	_, report, err := ingest.ImportNewVersion(a.store, docID, path)
	a.indexChanged()
	return report, err
}

// Versions lists a document's versions.
func (a *App) Versions(docID string) ([]store.VersionInfo, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	return list(a.store.Versions(docID))
}

// OpenVersion renders an old version read-only.
func (a *App) OpenVersion(docID string, n int) (reading.Reading, error) {
	if err := a.ready(); err != nil {
		return reading.Reading{}, err
	}
	return a.reader.OpenVersion(docID, n)
}

// ReviewQueue lists every fuzzy and orphaned annotation with its context.
func (a *App) ReviewQueue() ([]reading.ReviewItem, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	return a.reader.ReviewQueue()
}

// AcceptAnchor confirms a fuzzy re-anchoring.
func (a *App) AcceptAnchor(annID string) error {
	if err := a.ready(); err != nil {
		return err
	}
	return a.store.AcceptAnchor(annID)
}

// Reattach places an annotation on [start, end) of its document's current version.
func (a *App) Reattach(annID string, start, end int) (store.Annotation, error) {
	if err := a.ready(); err != nil {
		return store.Annotation{}, err
	}
	return a.store.Reattach(annID, start, end)
}

// Diff compares two versions of a document word by word (to = 0: the current one).
func (a *App) Diff(docID string, from, to int) ([]anchor.DiffOp, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	old, err := a.store.Version(docID, from)
	if err != nil {
		return nil, err
	}
	cur, err := a.store.Version(docID, to)
	if err != nil {
		return nil, err
	}
	return list(anchor.DiffVersions(old.Text, cur.Text), nil)
}

// TrackQuote lists other documents containing the same or nearly the same passage.
func (a *App) TrackQuote(docID, quote string) ([]anchor.QuoteMatch, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	if strings.TrimSpace(quote) == "" {
		return nil, fmt.Errorf("no passage to look for")
	}
	return list(search.TrackQuote(a.store, a.quotes, docID, quote))
}
