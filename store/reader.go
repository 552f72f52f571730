package store

import (
	"slices"
	"sort"
)

// The Reader's side panel on a document with many annotations: it takes the list page by page (Page) and,
// for its filters and n / p, a compact index of the annotations that match (IndexAnnotations). Both work
// on a document's annotations in text order, as Annotations(AnnotationFilter{DocID: …}) returns them.

// Page is anns[offset:offset+limit], clamped to anns; limit <= 0 means to the end.
func Page(anns []Annotation, offset, limit int) []Annotation {
	offset = max(0, min(offset, len(anns)))
	end := len(anns)
	if limit > 0 {
		end = min(end, offset+limit)
	}
	return anns[offset:end]
}

// AnnotationIndex is the annotations of a document that match a filter, in text order, without their text:
// IDs[i] spans Spans[2i] to Spans[2i+1] (code points). Authors counts every annotation of the document
// by author (the filter's choices), by name.
type AnnotationIndex struct {
	IDs     []string      `json:"ids"`
	Spans   []int         `json:"spans"`
	Authors []AuthorCount `json:"authors"`
}

// IndexAnnotations indexes the annotations carrying tagID (exactly: not its sub-tags) and made by author;
// "" matches any.
func IndexAnnotations(anns []Annotation, tagID, author string) AnnotationIndex {
	ix := AnnotationIndex{IDs: []string{}, Spans: []int{}}
	counts := map[string]int{}
	for i := range anns {
		a := &anns[i]
		counts[a.Author]++
		if (tagID == "" || slices.Contains(a.Tags, tagID)) && (author == "" || a.Author == author) {
			ix.IDs = append(ix.IDs, a.ID)
			ix.Spans = append(ix.Spans, a.Start, a.End)
		}
	}
	ix.Authors = make([]AuthorCount, 0, len(counts))
	for name, n := range counts {
		ix.Authors = append(ix.Authors, AuthorCount{Name: name, Annotations: n})
	}
	sort.Slice(ix.Authors, func(i, j int) bool { return ix.Authors[i].Name < ix.Authors[j].Name })
	return ix
}
