package ingest

import (
	"context"

	"gloss/store"
)

// What a merge (teams) needs to walk a streamed JSON-LD file as an import does (import_stream.go): the
// annotations stay in the file's bytes and are placed and written StreamBatch at a time.

// StreamBatch is how many annotations of a streamed file are placed and written per transaction.
const StreamBatch = streamBatch

// ReadW3CStream is ReadW3C over a file's bytes with the annotations left in the file: walk them with
// EachAnnotation. What it holds is the file, its documents, tags and notes, and 16 bytes an annotation.
func ReadW3CStream(data []byte) (Bundle, error) { return readW3CStream(data) }

// EachAnnotation walks the bundle's annotations, those in Annotations or those left in the file by
// ReadW3CStream, in the file's order; fn's error stops the walk and is returned.
func (b Bundle) EachAnnotation(fn func(BundleAnnotation) error) error {
	if b.each != nil {
		return b.each(fn)
	}
	for _, a := range b.Annotations {
		if err := fn(a); err != nil {
			return err
		}
	}
	return nil
}

// AnnotationBatches places and writes a file's annotations batch after batch: each batch one durable
// transaction, all of them one undo step (store.ImportStep); what it remembers between batches is a
// 16-byte hash per annotation. guard is a merge's (nil for an import).
type AnnotationBatches struct {
	lib    *LibraryTexts
	docIDs map[string]string
	skip   func(what, reason string)
	w      *annotationWriter
	n      int
}

// NewAnnotationBatches starts the writes of one file; label names the undo step from the number created.
func NewAnnotationBatches(s *store.Store, file string, lib *LibraryTexts, docIDs, tagIDs map[string]string,
	skip func(what, reason string), guard *DuplicateGuard, label func(created int) string) *AnnotationBatches {
	return &AnnotationBatches{lib: lib, docIDs: docIDs, skip: skip,
		w: newAnnotationWriter(s, file, tagIDs, skip, guard, s.NewImportStep(label))}
}

// Add places and writes one batch; annotations are numbered across batches in reports.
func (b *AnnotationBatches) Add(ctx context.Context, anns []BundleAnnotation) error {
	placed, err := b.lib.placeFrom(ctx, anns, b.n, b.docIDs, b.skip)
	b.n += len(anns)
	if err != nil {
		return err
	}
	return b.w.add(ctx, placed)
}

// Counts is what the batches wrote so far.
func (b *AnnotationBatches) Counts() AnnotationCounts { return b.w.counts }
