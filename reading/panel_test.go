package reading

import (
	"reflect"
	"testing"

	"gloss/store"
	"gloss/storetest"
)

// The Reader's pages and index over a document's annotations in text order.
func TestPageAndIndexAnnotations(t *testing.T) {
	s := storetest.Open(t)
	d, err := s.AddDocument(store.NewDocument{Title: "Doc", Text: "Enough words here to hold a dozen small annotations at different places in the text."})
	if err != nil {
		t.Fatal(err)
	}
	tag, err := s.CreateTag(store.NewTag{Name: "Claim"})
	if err != nil {
		t.Fatal(err)
	}
	for i := 11; i >= 0; i-- { // created out of text order
		na := store.NewAnnotation{DocID: d.ID, Start: i * 5, End: i*5 + 4, Author: []string{"Ann", "Bo"}[i%2]}
		if i%3 == 0 {
			na.Tags = []string{tag.ID}
		}
		if _, err := s.CreateAnnotation(na); err != nil {
			t.Fatal(err)
		}
	}
	anns, err := s.Annotations(store.AnnotationFilter{DocID: d.ID})
	if err != nil || len(anns) != 12 {
		t.Fatal(len(anns), err)
	}
	starts := func(p []store.Annotation) (out []int) {
		for _, a := range p {
			out = append(out, a.Start)
		}
		return out
	}
	for _, c := range []struct {
		offset, limit int
		want          []int
	}{
		{0, 5, []int{0, 5, 10, 15, 20}},
		{5, 5, []int{25, 30, 35, 40, 45}},
		{10, 5, []int{50, 55}},
		{12, 5, nil},
		{40, 5, nil},
		{-3, 2, []int{0, 5}},
		{9, 0, []int{45, 50, 55}},
	} {
		if got := starts(page(anns, c.offset, c.limit)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Page(%d, %d) = %v, want %v", c.offset, c.limit, got, c.want)
		}
	}

	if want := []store.AuthorCount{{Name: "Ann", Annotations: 6}, {Name: "Bo", Annotations: 6}}; !reflect.DeepEqual(authorsOf(anns), want) {
		t.Fatalf("authors %v", authorsOf(anns))
	}
	if got := matchingIn(anns, tag.ID, "", 0, 1000); len(got) != 4 || got[1] != anns[3].ID {
		t.Fatalf("tagged: %v", got)
	}
	if got := matchingIn(anns, "", "", 13, 21); !reflect.DeepEqual(got, []string{anns[2].ID, anns[3].ID, anns[4].ID}) {
		t.Fatalf("overlapping [13, 21): %v", got)
	}
	if got := matchingIn(anns, tag.ID, "Bo", 0, 1000); !reflect.DeepEqual(got, []string{anns[3].ID, anns[9].ID}) {
		t.Fatalf("tag and author: %v", got)
	}
	stepTo := func(tagID, author, from string, dir int) int {
		a, ok := step(anns, tagID, author, from, dir)
		if !ok {
			return -1
		}
		return a.Start
	}
	for _, c := range []struct {
		tag, author, from string
		dir, want         int
	}{
		{"", "", "", 1, 0},
		{"", "", "", -1, 55},
		{"", "", anns[4].ID, 1, 25},
		{"", "", anns[0].ID, -1, 55},
		{tag.ID, "", "", 1, 0},
		{tag.ID, "", anns[1].ID, 1, 15}, // from an annotation the filter leaves out
		{tag.ID, "", anns[9].ID, 1, 0},  // wraps
		{tag.ID, "", anns[3].ID, -1, 0},
		{tag.ID, "Bo", anns[9].ID, 1, 15},
		{tag.ID, "Bo", anns[3].ID, -1, 45},
		{"", "Cy", "", 1, -1},
	} {
		if got := stepTo(c.tag, c.author, c.from, c.dir); got != c.want {
			t.Errorf("step(%q, %q, from %q, %d) at %d, want %d", c.tag, c.author, c.from, c.dir, got, c.want)
		}
	}
	one := anns[3:4] // the only match is the current one: it is the next, too
	if a, ok := step(one, "", "", one[0].ID, 1); !ok || a.ID != one[0].ID {
		t.Fatal("a single annotation steps to itself")
	}
}
