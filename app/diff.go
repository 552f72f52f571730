package app

// Comparing versions for the window's diff view, and which documents changed since they were annotated
// (the logic is in reading and store).

import (
	"gloss/reading"
	"gloss/store"
)

// VersionDiff compares version from with version to of a document word by word (to = 0: the current
// version; from = 0: the one before to).
func (a *App) VersionDiff(docID string, from, to int) (reading.VersionDiff, error) {
	if err := a.ready(); err != nil {
		return reading.VersionDiff{}, err
	}
	return a.reader.VersionDiff(docID, from, to)
}

// AnnotatedChanges lists the documents changed since they were annotated: a version newer than the one
// some of their annotations were made on.
func (a *App) AnnotatedChanges() ([]store.AnnotatedChange, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	return a.store.AnnotatedChanges()
}
