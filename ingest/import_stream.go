package ingest

import (
	"context"
	"fmt"

	"gloss/store"
)

// streamBatch is how many annotations of a streamed file are placed and written per transaction: large
// enough that a batch's commit and fsync are a small part of its time, small enough that what a batch's
// transaction holds (the records, their index entries, the undo record, bbolt's dirty nodes and the
// copy of them it makes when the file's map grows: about 8 KB an annotation, measured) stays a few
// megabytes. At 5,000 that was 40 MB live under each write, which the collector's pacing doubled into
// the import's peak (issue 22, RELIABILITY.md round 7); at 1,000 a JSON-LD import took 15-20 % longer
// (more commits, each reading its documents' texts again) for little less memory.
const streamBatch = 2000

// maxPlacementLines: a file from another tool gets a line per placed annotation up to this many, then
// one line saying how many more were placed (a million lines would be a report nobody reads, held in memory).
const maxPlacementLines = 1000

// readAnnotationJSONStream reads a .json/.jsonld file for import, its annotations left in the file: a
// Hypothesis export (readHypothesisStream) or W3C JSON-LD (readW3CStream).
func readAnnotationJSONStream(data []byte) (Bundle, error) {
	if IsHypothesisExport(data) {
		return readHypothesisStream(data)
	}
	return readW3CStream(data)
}

// applyStreamed is applyBundle for a bundle whose annotations stay in the file: they are walked in
// batches of streamBatch, each placed and written in one transaction, all of them one undo step. When
// the file's own tags are created only if used (tags named by annotations), or nothing else of the file
// came in, a first walk places them without writing, to know which tags are used; the second writes.
func applyStreamed(ctx context.Context, s *store.Store, file string, b Bundle, lib *LibraryTexts, docIDs map[string]string,
	report *Report, skip func(what, reason string)) error {
	implicit := false
	for _, t := range b.Tags {
		implicit = implicit || t.Implicit
	}
	placements := 0
	reportPlacement := func(p PlacedAnnotation) {
		if !b.ReportPlacements {
			return
		}
		placements++
		if placements <= maxPlacementLines {
			report.Items = append(report.Items, ReportItem{File: file, Status: StatusPlaced, Reason: p.What + ": " + lib.placement(p)})
		}
	}
	firstWalk := implicit || len(docIDs) == 0
	// The first walk remembers where it placed each annotation (a few bytes each), so the second
	// places none again: placing a quote is most of such an import's time (Hypothesis, Readwise).
	var found []foundPlace // by the annotation's number in the file
	var foundDocs []string
	recalling := false // the second walk, after a first
	docIndex := map[string]int32{}
	remember := func(placed []PlacedAnnotation, first, count int) {
		for range count {
			found = append(found, foundPlace{doc: -1})
		}
		for _, p := range placed {
			d, ok := docIndex[p.DocID]
			if !ok {
				d = int32(len(foundDocs))
				docIndex[p.DocID] = d
				foundDocs = append(foundDocs, p.DocID)
			}
			found[p.n] = foundPlace{doc: d, version: p.Version, start: p.Start, end: p.End}
		}
	}
	recall := func(buf []BundleAnnotation, first int) []PlacedAnnotation {
		var placed []PlacedAnnotation
		for i, a := range buf {
			if f := found[first+i]; f.doc >= 0 {
				placed = append(placed, PlacedAnnotation{BundleAnnotation: a, What: placedWhat(a, first+i), DocID: foundDocs[f.doc],
					Version: f.version, Start: f.start, End: f.end, n: first + i})
			}
		}
		return placed
	}
	walk := func(skip func(what, reason string), fn func([]PlacedAnnotation) error) error {
		var buf []BundleAnnotation
		n := 0
		flush := func() error {
			first := n - len(buf)
			var placed []PlacedAnnotation
			var err error
			if recalling && first+len(buf) <= len(found) {
				placed = recall(buf, first)
			} else {
				placed, err = lib.placeFrom(ctx, buf, first, docIDs, skip)
				if err == nil && firstWalk {
					remember(placed, first, len(buf))
				}
			}
			buf = buf[:0]
			if err != nil {
				return err
			}
			return fn(placed)
		}
		err := b.each(func(a BundleAnnotation) error {
			buf = append(buf, a)
			n++
			if len(buf) == streamBatch {
				return flush()
			}
			return nil
		})
		if err == nil && len(buf) > 0 {
			err = flush()
		}
		return err
	}
	placedCount := 0
	used := map[string]bool{}
	if firstWalk {
		err := walk(skip, func(placed []PlacedAnnotation) error {
			placedCount += len(placed)
			for _, p := range placed {
				reportPlacement(p)
				for _, ref := range p.TagRefs {
					used[ref] = true
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		recalling = true
		// The second walk recalls every place, so the quote finders (for a text whose quotes did not all
		// occur verbatim, its runes, folded copy and q-gram index: about 20 bytes a character) are not needed
		// again; dropped, they are not live under the writes (rebuilt if anything asks).
		lib.dropFinders()
		if implicit {
			b.Tags = usedTagRefs(b.Tags, used)
		}
		if placedCount == 0 && len(docIDs) == 0 && (b.annotationCount > 0 || len(b.Problems) > 0) {
			if len(b.Tags) > 0 {
				skip(fmt.Sprintf("%d codes", len(b.Tags)), "not created, as none of the file's annotations could be imported")
			}
			return nil
		}
	}
	tagIDs, created, err := applyTags(s, file, b.Tags, skip)
	report.TagsCreated = created
	if err != nil {
		return err
	}
	if report.NotesCreated, report.NotesUnchanged, err = applyNotes(s, lib, b.Notes, docIDs, skip); err != nil {
		return err
	}
	step := s.NewImportStep(func(n int) string {
		return fmt.Sprintf("%d annotations imported from %s", n, FirstNonEmpty(file, "a file"))
	})
	w := newAnnotationWriter(s, file, tagIDs, skip, nil, step)
	placeSkip := skip
	if firstWalk {
		placeSkip = func(string, string) {} // said by the first walk
	}
	err = walk(placeSkip, func(placed []PlacedAnnotation) error {
		if !firstWalk {
			for _, p := range placed {
				reportPlacement(p)
			}
		}
		return w.add(ctx, placed)
	})
	if placements > maxPlacementLines {
		report.Items = append(report.Items, ReportItem{File: file, Status: StatusPlaced,
			Reason: fmt.Sprintf("and %d more annotations placed (one line each is shown for the first %d)", placements-maxPlacementLines, maxPlacementLines)})
	}
	counts := w.counts
	report.AnnotationsCreated, report.AnnotationsUnchanged, report.AnnotationsNewIDs = counts.Created, counts.Unchanged, len(counts.NewIDs)
	for _, what := range counts.NewIDs {
		report.Items = append(report.Items, ReportItem{File: file, Status: StatusImported, Reason: what + ": " + NewIDReason})
	}
	return err
}

// usedTagRefs is usedTags from the set of tag refs placed annotations carry.
func usedTagRefs(tags []BundleTag, refs map[string]bool) []BundleTag {
	parent := map[string]string{}
	for _, t := range tags {
		parent[t.Ref] = t.Parent
	}
	used := map[string]bool{}
	for ref := range refs {
		for depth := 0; ref != "" && !used[ref] && depth < 100; depth++ {
			used[ref] = true
			ref = parent[ref]
		}
	}
	kept := tags[:0:0]
	for _, t := range tags {
		if !t.Implicit || used[t.Ref] {
			kept = append(kept, t)
		}
	}
	return kept
}

// foundPlace is where the first walk of a streamed file placed one annotation; doc < 0: not placed.
type foundPlace struct {
	doc        int32
	version    int
	start, end int
}
