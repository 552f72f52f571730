package reading

import (
	"fmt"

	"gloss/search"
	"gloss/store"
)

// Query is a filter of the library's annotations (the Annotations view, `gloss annotations`); a tag
// includes its sub-tags; "" matches any.
type Query struct {
	Doc    string `json:"doc"`
	Tag    string `json:"tag"` // a tag id
	Author string `json:"author"`
}

// Find lists the library's annotations that match q, in the store's order (by document, then text).
func (r *Reader) Find(q Query) ([]store.Annotation, error) {
	anns, err := r.store.Annotations(store.AnnotationFilter{DocID: q.Doc, TagID: q.Tag, IncludeChildTags: q.Tag != "", Author: q.Author})
	if anns == nil && err == nil {
		anns = []store.Annotation{}
	}
	return anns, err
}

// TagAllHits annotates every body hit of a search with a tag, as ONE undo step; with sentences, the
// sentence around each hit instead. preview only counts. It returns how many passages it tagged (or
// would tag).
func (r *Reader) TagAllHits(lib *search.Library, q search.Query, tagID string, preview, sentences bool) (int, error) {
	q.Limit = search.MaxLimit
	res, err := lib.Search(q)
	if err != nil {
		return 0, err
	}
	var list []store.NewAnnotation
	for _, d := range res.Docs {
		if d.Kind != "document" {
			continue
		}
		spans, err := search.HitSpans(r.store, d.DocID, q.Text, sentences)
		if err != nil {
			return 0, err
		}
		for _, sp := range spans {
			list = append(list, store.NewAnnotation{DocID: d.DocID, Start: sp.Start, End: sp.End, Tags: []string{tagID}})
		}
	}
	if preview || len(list) == 0 {
		return len(list), nil
	}
	if _, err := r.store.CreateAnnotations(list, fmt.Sprintf("Tag %d hits of “%s”", len(list), q.Text)); err != nil {
		return 0, err
	}
	return len(list), nil
}
