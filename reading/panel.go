package reading

import (
	"slices"
	"strings"

	"gloss/store"
)

// The Reader's side panel on a document with many annotations: it takes the list page by page; its
// filters and n / p ask Go instead of holding every annotation. All of these work on the annotations
// drawn in the current version, in text order.

// AnnotationPage is one page of the side panel: Total is how many the document shows.
type AnnotationPage struct {
	Annotations []ListedAnnotation `json:"annotations"`
	Total       int                `json:"total"`
}

// Annotations is a page of the side panel's list of a document's annotations, in text order: limit from
// offset (limit <= 0: all from offset).
func (r *Reader) Annotations(docID string, offset, limit int) (AnnotationPage, error) {
	c, err := r.rendered(docID)
	return AnnotationPage{List(page(c.anns, offset, limit)), len(c.anns)}, err
}

// Authors counts a document's annotations by author, by name: the author filter's choices.
func (r *Reader) Authors(docID string) ([]store.AuthorCount, error) {
	c, err := r.rendered(docID)
	return authorsOf(c.anns), err
}

// Matches is the ids of a document's annotations overlapping [from, to) (code points) that carry tagID
// and are by author ("" matches any): the Reader dims the other highlights of the text on screen.
func (r *Reader) Matches(docID, tagID, author string, from, to int) ([]string, error) {
	c, err := r.rendered(docID)
	return matchingIn(c.anns, tagID, author, from, to), err
}

// Step is the annotation n (dir 1) or p (dir -1) goes to from the one with id fromID, among those that
// carry tagID and are by author, wrapping around; its ID is "" when none does.
func (r *Reader) Step(docID, tagID, author, fromID string, dir int) (ListedAnnotation, error) {
	c, err := r.rendered(docID)
	if an, ok := step(c.anns, tagID, author, fromID, dir); ok && err == nil {
		return List([]store.Annotation{an})[0], nil
	}
	return ListedAnnotation{}, err
}

// page is anns[offset:offset+limit], clamped to anns; limit <= 0 means to the end.
func page(anns []store.Annotation, offset, limit int) []store.Annotation {
	offset = max(0, min(offset, len(anns)))
	end := len(anns)
	if limit > 0 {
		end = min(end, offset+limit)
	}
	return anns[offset:end]
}

// matches says whether a carries tagID (exactly: not a sub-tag) and is by author; "" matches any.
func matches(a *store.Annotation, tagID, author string) bool {
	return (tagID == "" || slices.Contains(a.Tags, tagID)) && (author == "" || a.Author == author)
}

// matchingIn is the ids of the annotations overlapping [from, to) (code points) that match tagID and author.
func matchingIn(anns []store.Annotation, tagID, author string, from, to int) []string {
	out := []string{}
	for i := range anns {
		if a := &anns[i]; a.Start < to && a.End > from && matches(a, tagID, author) {
			out = append(out, a.ID)
		}
	}
	return out
}

// step is the next (dir > 0) or previous matching annotation after the one with id fromID, wrapping
// around; from an unknown or empty fromID, the first (or last) matching one. ok is false when none matches.
func step(anns []store.Annotation, tagID, author, fromID string, dir int) (a store.Annotation, ok bool) {
	n := len(anns)
	if n == 0 {
		return store.Annotation{}, false
	}
	d := 1
	if dir < 0 {
		d = -1
	}
	pos := slices.IndexFunc(anns, func(a store.Annotation) bool { return a.ID == fromID })
	if pos < 0 || fromID == "" {
		pos = -1
		if d < 0 {
			pos = n
		}
	}
	for k := 1; k <= n; k++ {
		i := ((pos+d*k)%n + n) % n
		if matches(&anns[i], tagID, author) {
			return anns[i], true
		}
	}
	return store.Annotation{}, false
}

// authorsOf counts annotations by author, by name.
func authorsOf(anns []store.Annotation) []store.AuthorCount {
	counts := map[string]int{}
	for i := range anns {
		counts[anns[i].Author]++
	}
	out := make([]store.AuthorCount, 0, len(counts))
	for name, n := range counts {
		out = append(out, store.AuthorCount{Name: name, Annotations: n})
	}
	slices.SortFunc(out, func(x, y store.AuthorCount) int { return strings.Compare(x.Name, y.Name) })
	return out
}
