package store

import "slices"

// The Reader's side panel on a document with many annotations: it takes the list page by page (Page); its
// filters and n / p ask Go (MatchingIn, Step, AuthorsOf) instead of holding every annotation. All work on a
// document's annotations in text order, as Annotations(AnnotationFilter{DocID: …}) returns them.

// Page is anns[offset:offset+limit], clamped to anns; limit <= 0 means to the end.
func Page(anns []Annotation, offset, limit int) []Annotation {
	offset = max(0, min(offset, len(anns)))
	end := len(anns)
	if limit > 0 {
		end = min(end, offset+limit)
	}
	return anns[offset:end]
}

// Matches says whether a carries tagID (exactly: not a sub-tag) and is by author; "" matches any.
func Matches(a *Annotation, tagID, author string) bool {
	return (tagID == "" || slices.Contains(a.Tags, tagID)) && (author == "" || a.Author == author)
}

// MatchingIn is the ids of the annotations overlapping [from, to) (code points) that match tagID and author.
func MatchingIn(anns []Annotation, tagID, author string, from, to int) []string {
	out := []string{}
	for i := range anns {
		if a := &anns[i]; a.Start < to && a.End > from && Matches(a, tagID, author) {
			out = append(out, a.ID)
		}
	}
	return out
}

// Step is the next (dir > 0) or previous matching annotation after the one with id fromID, wrapping
// around; from an unknown or empty fromID, the first (or last) matching one. ok is false when none matches.
func Step(anns []Annotation, tagID, author, fromID string, dir int) (a Annotation, ok bool) {
	n := len(anns)
	if n == 0 {
		return Annotation{}, false
	}
	d := 1
	if dir < 0 {
		d = -1
	}
	pos := slices.IndexFunc(anns, func(a Annotation) bool { return a.ID == fromID })
	if pos < 0 || fromID == "" {
		pos = -1
		if d < 0 {
			pos = n
		}
	}
	for k := 1; k <= n; k++ {
		i := ((pos+d*k)%n + n) % n
		if Matches(&anns[i], tagID, author) {
			return anns[i], true
		}
	}
	return Annotation{}, false
}

// AuthorsOf counts annotations by author, by name.
func AuthorsOf(anns []Annotation) []AuthorCount {
	counts := map[string]int{}
	for i := range anns {
		counts[anns[i].Author]++
	}
	return byName(counts)
}
