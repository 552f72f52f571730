package app

import (
	"fmt"
	"strings"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"gloss/anchor"
	"gloss/ingest"
	"gloss/render"
	"gloss/search"
	"gloss/store"
)

// NewVersionDialog asks for the corrected article and stores it as the document's next version.
func (a *App) NewVersionDialog(docID string) (*ingest.VersionReport, error) {
	path, err := runtime.OpenFileDialog(a.ctx, runtime.OpenDialogOptions{
		Title:   "Replace with a new version",
		Filters: []runtime.FileFilter{{DisplayName: "Articles", Pattern: "*.txt;*.md;*.markdown;*.html;*.htm;*.docx;*.odt"}},
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

// OpenVersion renders an old version read-only, with the annotations that still anchor to it.
func (a *App) OpenVersion(docID string, n int) (Reading, error) {
	if err := a.ready(); err != nil {
		return Reading{}, err
	}
	doc, err := a.store.Document(docID)
	if err != nil {
		return Reading{}, err
	}
	v, err := a.store.Version(docID, n)
	if err != nil {
		return Reading{}, err
	}
	rd, err := render.Version(doc.Format, v.Text, v.Raw, 0, nil)
	return Reading{Doc: doc, Blocks: rd.Blocks, Annotations: []ListedAnnotation{}, Virtual: len(rd.Blocks) > virtualBlocks, PlainReason: rd.PlainReason}, err
}

// ReviewItem is one annotation the re-anchoring could not place exactly: its passage in the version it
// last anchored to and, for a fuzzy match, where it is now.
type ReviewItem struct {
	Annotation store.Annotation `json:"annotation"`
	DocTitle   string           `json:"docTitle"`
	Old        string           `json:"old"`        // the quote as made, [bracketed] in its version's text
	OldVersion int              `json:"oldVersion"` // the version the quote was made on
	New        string           `json:"new"`        // the current context, "" for an orphan
	// Changes is the word diff from the quote as made to the words it is anchored to now (none for
	// an orphan).
	Changes []anchor.DiffOp `json:"changes"`
}

// reviewContext is the code points of context Review shows on each side of a quote.
const reviewContext = 60

// bracketed is text's [start, end) in brackets with reviewContext code points each side.
func bracketed(r []rune, start, end int) string {
	from, to := max(0, start-reviewContext), min(len(r), end+reviewContext)
	return string(r[from:start]) + "[" + string(r[start:end]) + "]" + string(r[end:to])
}

// ReviewQueue lists every fuzzy and orphaned annotation.
func (a *App) ReviewQueue() ([]ReviewItem, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	anns, err := a.store.ReviewQueue()
	if err != nil {
		return nil, err
	}
	items := []ReviewItem{}
	for _, an := range anns {
		doc, err := a.store.Document(an.DocID)
		if err != nil {
			return nil, err
		}
		made := an.Made()
		it := ReviewItem{Annotation: an, DocTitle: doc.Title, OldVersion: made.Version, Changes: []anchor.DiffOp{},
			Old: made.Prefix + "[" + made.Exact + "]" + made.Suffix}
		if v, err := a.store.Version(an.DocID, made.Version); err == nil {
			// The old version's own text around the quote as made (not the new wording).
			if r := []rune(v.Text); made.Start >= 0 && made.End <= len(r) && made.Start <= made.End && string(r[made.Start:made.End]) == made.Exact {
				it.Old = bracketed(r, made.Start, made.End)
			}
		}
		if an.Anchor.Status != "orphan" {
			v, err := a.store.Version(an.DocID, 0)
			if err != nil {
				return nil, err
			}
			it.New = bracketed([]rune(v.Text), an.Start, an.End)
			it.Changes = anchor.DiffVersions(made.Exact, an.Exact)
		}
		items = append(items, it)
	}
	return items, nil
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
