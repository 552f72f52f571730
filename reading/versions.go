package reading

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"gloss/anchor"
	"gloss/ingest"
	"gloss/store"
)

// VersionDiff is a word diff of two versions of a document.
type VersionDiff struct {
	DocID   string             `json:"docId"`
	Title   string             `json:"title"`
	From    store.VersionInfo  `json:"from"`
	To      store.VersionInfo  `json:"to"`
	Parts   []anchor.DiffOp    `json:"parts"` // equal and delete spell From's text, equal and insert To's
	Summary anchor.DiffSummary `json:"summary"`
}

// VersionDiff compares version from with version to of a document word by word (to = 0: the current
// version; from = 0: the one before to).
func (r *Reader) VersionDiff(docID string, from, to int) (VersionDiff, error) {
	doc, err := r.store.Document(docID)
	if err != nil {
		return VersionDiff{}, err
	}
	if to == 0 {
		to = doc.Version
	}
	if from == 0 {
		from = to - 1
	}
	if from < 1 || from > doc.Version || to < 1 || to > doc.Version {
		return VersionDiff{}, fmt.Errorf("%q has versions 1 to %d: there is no version %d to compare", doc.Title, doc.Version, min(from, to))
	}
	if from == to {
		return VersionDiff{}, fmt.Errorf("compare two different versions of %q (both are version %d)", doc.Title, from)
	}
	infos, err := r.store.Versions(docID)
	if err != nil {
		return VersionDiff{}, err
	}
	old, err := r.store.Version(docID, from)
	if err != nil {
		return VersionDiff{}, err
	}
	cur, err := r.store.Version(docID, to)
	if err != nil {
		return VersionDiff{}, err
	}
	parts := anchor.JoinChanges(anchor.DiffVersions(old.Text, cur.Text))
	return VersionDiff{DocID: doc.ID, Title: doc.Title, From: infos[from-1], To: infos[to-1], Parts: parts,
		Summary: anchor.SummarizeDiff(parts)}, nil
}

// PageInfo is what the Reader needs to mark the pages of a paged version (a PDF).
type PageInfo struct {
	Starts   []int `json:"starts"`   // code point where each page starts; [] without pages
	Original bool  `json:"original"` // the original file is kept and can be opened
}

// Pages is version n's page starts (n = 0: the current version).
func (r *Reader) Pages(docID string, n int) (PageInfo, error) {
	v, err := r.store.Version(docID, n)
	if err != nil {
		return PageInfo{}, err
	}
	info := PageInfo{Starts: v.Pages, Original: v.Original != nil}
	if info.Starts == nil {
		info.Starts = []int{}
	}
	return info, nil
}

// Original is the file URL of version n's original file (a PDF, kept in the archive beside the
// library) at a page (1-based; 0 = the first), with an RFC 3778 page fragment (#page=12) that PDF
// viewers and browsers follow. Only the file Gloss keeps for that version: a caller names a document,
// never a path.
func (r *Reader) Original(docID string, n, page int) (string, error) {
	v, err := r.store.Version(docID, n)
	if err != nil {
		return "", err
	}
	path := ingest.OriginalPath(r.store, v.Original)
	if path == "" {
		return "", errors.New("this version has no original file kept")
	}
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("the original file is missing from the library's archive (%s)", filepath.Base(path))
	}
	return originalURL(path, page), nil
}

func originalURL(path string, page int) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
	if page > 0 {
		u.Fragment = fmt.Sprintf("page=%d", page)
	}
	return u.String()
}
