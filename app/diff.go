package app

// Comparing versions for the window's diff view, and which documents changed since they were annotated
// (the logic is in anchor and store).

import (
	"fmt"

	"gloss/anchor"
	"gloss/store"
)

// VersionDiff is a word diff of two versions of a document for the diff view.
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
func (a *App) VersionDiff(docID string, from, to int) (VersionDiff, error) {
	if err := a.ready(); err != nil {
		return VersionDiff{}, err
	}
	doc, err := a.store.Document(docID)
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
	infos, err := a.store.Versions(docID)
	if err != nil {
		return VersionDiff{}, err
	}
	old, err := a.store.Version(docID, from)
	if err != nil {
		return VersionDiff{}, err
	}
	cur, err := a.store.Version(docID, to)
	if err != nil {
		return VersionDiff{}, err
	}
	parts := anchor.JoinChanges(anchor.DiffVersions(old.Text, cur.Text))
	return VersionDiff{DocID: doc.ID, Title: doc.Title, From: infos[from-1], To: infos[to-1], Parts: parts,
		Summary: anchor.SummarizeDiff(parts)}, nil
}

// AnnotatedChanges lists the documents changed since they were annotated: a version newer than the one
// some of their annotations were made on.
func (a *App) AnnotatedChanges() ([]store.AnnotatedChange, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	return a.store.AnnotatedChanges()
}
