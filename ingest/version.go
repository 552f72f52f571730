package ingest

// Versions of a document: importing a corrected article (the diff and quote tracking are in anchor/).

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"

	"github.com/yuin/goldmark/util"

	"gloss/render"
	"gloss/store"
)

// VersionReport says what a new version did to a document's annotations.
type VersionReport struct {
	DocID  string             `json:"doc"`
	Title  string             `json:"title"`
	File   string             `json:"file"`
	From   int                `json:"from"` // the version that was current
	To     int                `json:"to"`   // the new version
	Exact  int                `json:"exact"`
	Moved  int                `json:"moved"`
	Fuzzy  int                `json:"fuzzy"`
	Orphan int                `json:"orphan"`
	Review []store.Annotation `json:"review"` // the fuzzy and orphaned annotations, for the review queue
	// Warning is what the import report says of the new version's file besides, as ReportItem.Reason does
	// of an imported document: a PDF's pages without usable text ("" when there is nothing to say).
	Warning string `json:"warning,omitempty"`
}

// ImportNewVersion reads a corrected article (any file ImportFile reads: .txt, .md, .html, .pdf, .docx …)
// and stores it as the next version of document docID, re-anchoring its annotations (store.AddVersion);
// a PDF's pages without usable text are named in rep.Warning, as the import report names them. A file
// identical to the current version is refused (store.ErrSameVersion), as is one that is another document.
func ImportNewVersion(s *store.Store, docID, path string) (store.Document, VersionReport, error) {
	name := filepath.Base(path)
	rep := VersionReport{DocID: docID, File: name, Review: []store.Annotation{}}
	before, err := s.Document(docID)
	if err != nil {
		return store.Document{}, rep, err
	}
	rep.Title, rep.From = before.Title, before.Version
	nd, err := ReadFile(path)
	if err != nil {
		return store.Document{}, rep, err
	}
	if nd.Format == "md" && nd.Text == "" { // readers that leave the rendering to the caller
		text, _, err := render.MarkdownText(util.StringToReadOnlyBytes(nd.Raw))
		if err != nil {
			return store.Document{}, rep, fmt.Errorf("%s: %w", name, err)
		}
		nd.Text = text
	}
	if o := nd.Provenance.Original; o != nil { // a PDF: its file is kept beside the library too
		data, err := os.ReadFile(path)
		if err == nil && fmt.Sprintf("%x", sha256.Sum256(data)) != o.SHA256 {
			err = fmt.Errorf("it changed while it was read")
		}
		if err == nil {
			err = keepOriginal(s, o, data)
		}
		if err != nil {
			return store.Document{}, rep, fmt.Errorf("%s: %w", name, err)
		}
	}
	doc, anns, err := s.AddVersion(docID, store.NewVersion{
		Text: nd.Text, Raw: nd.Raw, SHA256: nd.SHA256, SourcePath: nd.SourcePath, BodyStart: nd.BodyStart, Format: nd.Format,
		Provenance: nd.Provenance, Meta: &nd.Meta,
	})
	if err != nil {
		return store.Document{}, rep, fmt.Errorf("%s: %w", name, err)
	}
	rep.To = doc.Version
	rep.Warning = unreadableWarning(nd)
	for _, a := range anns {
		switch a.Anchor.Status {
		case store.AnchorExact:
			rep.Exact++
		case store.AnchorMoved:
			rep.Moved++
		case store.AnchorFuzzy:
			rep.Fuzzy++
		case store.AnchorOrphan:
			rep.Orphan++
		}
		if a.Anchor.Status == store.AnchorFuzzy || a.Anchor.Status == store.AnchorOrphan {
			rep.Review = append(rep.Review, a)
		}
	}
	return doc, rep, nil
}
