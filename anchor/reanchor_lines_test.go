package anchor

import (
	"strings"
	"testing"
)

// The article's opening paragraphs copied above it (a boxed excerpt, a syndicated header): the
// common prefix pairs the old paragraphs with the copy, but the article they open follows later,
// whole, its last paragraph still beside them. A highlight of the opening stays on the article's
// own text, not on the copy (joinCopies).
func TestFromOpeningCopiedAboveTheArticle(t *testing.T) {
	old := "The council met on Monday to discuss the budget.\n\n" +
		"Residents asked why the library would close early.\n\n" +
		"The mayor said the decision was final and would not be revisited."
	nu := "The council met on Monday to discuss the budget.\n\n" +
		"Residents asked why the library would close early.\n\n" +
		"Editor's note: this report was first published last week.\n\n" +
		"The council met on Monday to discuss the budget.\n\n" +
		"Residents asked why the library would close early.\n\n" +
		"The mayor said the decision was final and would not be revisited."
	quote := "Residents asked why the library"
	sel := describeRunes([]rune(old), strings.Index(old, quote), strings.Index(old, quote)+len(quote)) // ASCII: bytes are code points
	r := ReanchorFrom(old, nu, []Selector{sel})[0]
	want := len([]rune(nu[:strings.LastIndex(nu, quote)]))
	if r.Status == StatusOrphan || r.Start != want {
		t.Fatalf("got %s [%d,%d), want the article's own copy at %d", r.Status, r.Start, r.End, want)
	}
}

// A paragraph whose neighbours were both reworded stays where it is, though an identical copy of it
// was put before the next paragraph that is unchanged (a pull quote): a copy is taken only beside the
// very line that was beside the passage, never beside the next line paired further on.
func TestFromParagraphBesideAChangedNeighbourStays(t *testing.T) {
	old := "The report was released on Friday by the state auditor.\n\n" +
		"It found that the agency had lost track of millions in grants.\n\n" +
		"Officials said they would respond within thirty days of the finding.\n\n" +
		"The agency's director declined to comment."
	nu := "The report was published on Friday by the state auditor.\n\n" +
		"It found that the agency had lost track of millions in grants.\n\n" +
		"Officials said they would respond within sixty days of the finding.\n\n" +
		"It found that the agency had lost track of millions in grants.\n\n" +
		"The agency's director declined to comment."
	quote := "lost track of millions"
	sel := describeRunes([]rune(old), strings.Index(old, quote), strings.Index(old, quote)+len(quote)) // ASCII: bytes are code points
	r := ReanchorFrom(old, nu, []Selector{sel})[0]
	want := len([]rune(nu[:strings.Index(nu, quote)]))
	if r.Status == StatusOrphan || r.Start != want {
		t.Fatalf("got %s [%d,%d), want its own place at %d", r.Status, r.Start, r.End, want)
	}
}

// A paragraph from elsewhere moved into the middle of a passage that spans paragraphs breaks it: the
// passage is its longest part in order (splitAtMoved), not a span that takes the moved paragraph in.
func TestFromMovedParagraphInsideAPassage(t *testing.T) {
	a := "The storm reached the coast on Tuesday night."
	b := "Power failed."
	c := "Crews worked through the weekend to restore lines across the northern districts, officials said."
	d := "By Sunday most homes had electricity again, though some rural roads stayed closed for days."
	e := "Calmer days ahead."
	old := strings.Join([]string{a, b, c, d, e}, "\n\n")
	nu := strings.Join([]string{a, b, e, c, d}, "\n\n")
	from := strings.Index(old, b)
	sel := describeRunes([]rune(old), from, strings.Index(old, d)+len(d))
	r := ReanchorFrom(old, nu, []Selector{sel})[0]
	want := strings.Index(nu, c)
	if r.Status == StatusOrphan || r.Start != want || r.End != len(nu) {
		t.Fatalf("got %s [%d,%d) %q, want [%d,%d)", r.Status, r.Start, r.End, nu[r.Start:r.End], want, len(nu))
	}
}

// Its longest part under FollowSimilarity of the passage: an orphan, that part as the suggestion.
func TestFromPassageBrokenByAMovedParagraph(t *testing.T) {
	a := "The storm reached the coast on Tuesday night."
	b := "Power failed across the city within minutes, and phone lines went down soon after."
	c := "Crews worked through the weekend to restore lines across the northern districts."
	e := "Calmer days ahead."
	old := strings.Join([]string{a, b, c, e}, "\n\n")
	nu := strings.Join([]string{a, b, e, c}, "\n\n")
	sel := describeRunes([]rune(old), strings.Index(old, b), strings.Index(old, c)+len(c))
	r := ReanchorFrom(old, nu, []Selector{sel})[0]
	if r.Status != StatusOrphan || r.Suggestion.End <= r.Suggestion.Start {
		t.Fatalf("got %s [%d,%d), want an orphan with a suggestion", r.Status, r.Start, r.End)
	}
}
