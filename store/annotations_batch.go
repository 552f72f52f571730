package store

import (
	"fmt"
	"time"
)

// Creating annotations in bulk (imports, merges): one transaction and one undo step however many, with
// each document's text read and indexed once per batch, so the cost per annotation does not grow with
// the length of its document.

// annotationBatch holds what a batch looks up again and again.
type annotationBatch struct {
	author string
	now    time.Time
	docs   map[string]Document    // counts this batch's annotations too
	texts  map[string]*CodePoints // version key → indexed text
}

// newAnnotation checks and stores one annotation of a batch; on an error nothing of it is written.
func (s *Store) newAnnotation(cs *changeSet, b *annotationBatch, na NewAnnotation) (Annotation, error) {
	d, ok := b.docs[na.DocID]
	if !ok {
		var err error
		if d, err = getDoc(cs.tx, na.DocID); err != nil {
			return Annotation{}, err
		}
	}
	if d.Annotations >= maxAnnotationsPerDoc {
		return Annotation{}, fmt.Errorf("document %q already has %d annotations, the most one document can hold", d.Title, d.Annotations)
	}
	if na.Version == 0 {
		na.Version = d.Version
	}
	key := string(versionKey(d.ID, na.Version))
	text, ok := b.texts[key]
	if !ok {
		var err error
		if text, err = s.versionText(cs.tx, d.ID, na.Version); err != nil {
			return Annotation{}, err
		}
		b.texts[key] = text
	}
	exact, prefix, suffix, err := quoteIn(text, na.Start, na.End)
	if err != nil {
		return Annotation{}, err
	}
	tags, err := validTags(cs.tx, na.Tags)
	if err != nil {
		return Annotation{}, err
	}
	if err := checkNoteSize(na.Note); err != nil {
		return Annotation{}, err
	}
	if na.Author == "" {
		na.Author = b.author
	}
	id, err := annotationID(cs.tx, na.ID)
	if err != nil {
		return Annotation{}, err
	}
	created, modified := b.now, b.now
	if !na.Created.IsZero() {
		created, modified = na.Created.UTC(), na.Created.UTC()
	}
	if !na.Modified.IsZero() {
		modified = na.Modified.UTC()
	}
	a := Annotation{
		ID: id, DocID: d.ID, Version: na.Version, Start: na.Start, End: na.End,
		Exact: exact, Prefix: prefix, Suffix: suffix, Tags: tags, Note: na.Note, Author: na.Author,
		Created: created, Modified: modified, Anchor: Anchor{Status: "exact", Confidence: 1, Version: na.Version},
		Merged: na.Merged,
	}
	if err := revive(cs, a.ID); err != nil {
		return Annotation{}, err
	}
	if err := putAnnotation(cs, a); err != nil {
		return Annotation{}, err
	}
	d.Annotations++
	b.docs[d.ID] = d
	return a, nil
}

// quoteIn is quote over an indexed text: the same cuts, without walking the text up to the selection.
func quoteIn(text *CodePoints, start, end int) (exact, prefix, suffix string, err error) {
	n := text.Len()
	if start < 0 || start >= end || end > n {
		return "", "", "", fmt.Errorf("selection %d–%d is not inside the text (%d code points) or is empty", start, end, n)
	}
	exact, _ = text.Slice(start, end)
	prefix, _ = text.Slice(max(start-quoteContext, 0), start)
	suffix, _ = text.Slice(end, min(end+quoteContext, n))
	return exact, prefix, suffix, nil
}
