package ingest

// Applying an annotation file (ApplyBundle) and merging a colleague's (ingest/merge's MergeBundle) share one rule
// for what must not come in twice.

import (
	"errors"
	"fmt"

	"gloss/store"
)

// DuplicateGuard keeps out of an import or a merge what must not come (back) in: their annotations that were merged before
// and deleted here since (the store's tombstones), and those whose id is already one of ours (merged
// before and edited here since, so no longer identical).
type DuplicateGuard struct {
	file    string
	buried  map[string]bool // tombstoned annotation ids
	spans   map[string]bool // doc, span and author of tombstones: for files whose annotations carry no UUID
	Deleted int             // their annotations left out as deleted here
}

// GuardVerdict is what DuplicateGuard.Check says of one annotation.
type GuardVerdict int

const (
	GuardAdd     GuardVerdict = iota
	GuardDeleted              // merged before and deleted here: stays deleted
	GuardPresent              // its id is one of ours already: the same annotation, maybe edited here since
	// GuardClash: its id is one of ours, but on another document or by another author: not the same
	// annotation (a copied file, a tool reusing ids). It comes in under a new id, never dropped.
	GuardClash
)

func NewDuplicateGuard(s *store.Store, file string) (*DuplicateGuard, error) {
	g := &DuplicateGuard{file: file, buried: map[string]bool{}, spans: map[string]bool{}}
	tombs, err := s.Tombstones()
	if err != nil {
		return nil, err
	}
	for _, t := range tombs {
		g.buried[t.ID] = true
		g.spans[spanKey(t.DocID, t.Start, t.End, t.Author)] = true
	}
	return g, nil
}

func spanKey(docID string, start, end int, author string) string {
	return fmt.Sprintf("%s\x00%d\x00%d\x00%s", docID, start, end, author)
}

// Check judges one of their annotations, placed at [start, end) of our document docID.
func (g *DuplicateGuard) Check(s *store.Store, a BundleAnnotation, docID string, start, end int, who string) (GuardVerdict, error) {
	id := annotationUUID(a.Ref)
	if g.buried[id] || (id == "" && g.spans[spanKey(docID, start, end, who)]) {
		g.Deleted++
		return GuardDeleted, nil
	}
	if id == "" {
		return GuardAdd, nil
	}
	ours, err := s.Annotation(id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return GuardAdd, nil
	case err != nil:
		return GuardAdd, err
	case ours.DocID != docID || ours.Author != who:
		// Edits here change tags, note and, by re-anchoring, the span: never the document or the author.
		return GuardClash, nil
	}
	return GuardPresent, nil
}
