package store

import (
	"reflect"
	"testing"
)

// The Reader's pages and index over a document's annotations in text order.
func TestPageAndIndexAnnotations(t *testing.T) {
	s := openTestStore(t)
	d, err := s.AddDocument(NewDocument{Title: "Doc", Text: "Enough words here to hold a dozen small annotations at different places in the text."})
	if err != nil {
		t.Fatal(err)
	}
	tag, err := s.CreateTag(NewTag{Name: "Claim"})
	if err != nil {
		t.Fatal(err)
	}
	for i := 11; i >= 0; i-- { // created out of text order
		na := NewAnnotation{DocID: d.ID, Start: i * 5, End: i*5 + 4, Author: []string{"Ann", "Bo"}[i%2]}
		if i%3 == 0 {
			na.Tags = []string{tag.ID}
		}
		if _, err := s.CreateAnnotation(na); err != nil {
			t.Fatal(err)
		}
	}
	anns, err := s.Annotations(AnnotationFilter{DocID: d.ID})
	if err != nil || len(anns) != 12 {
		t.Fatal(len(anns), err)
	}
	starts := func(p []Annotation) (out []int) {
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
		if got := starts(Page(anns, c.offset, c.limit)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Page(%d, %d) = %v, want %v", c.offset, c.limit, got, c.want)
		}
	}

	all := IndexAnnotations(anns, "", "")
	if len(all.IDs) != 12 || len(all.Spans) != 24 || all.IDs[3] != anns[3].ID || all.Spans[6] != 15 || all.Spans[7] != 19 {
		t.Fatalf("unfiltered index: %+v", all)
	}
	if want := []AuthorCount{{"Ann", 6}, {"Bo", 6}}; !reflect.DeepEqual(all.Authors, want) {
		t.Fatalf("authors %v", all.Authors)
	}
	tagged := IndexAnnotations(anns, tag.ID, "")
	if want := []int{0, 4, 15, 19, 30, 34, 45, 49}; !reflect.DeepEqual(tagged.Spans, want) {
		t.Fatalf("tag filter spans %v, want %v", tagged.Spans, want)
	}
	both := IndexAnnotations(anns, tag.ID, "Bo") // i = 3, 9
	if want := []int{15, 19, 45, 49}; !reflect.DeepEqual(both.Spans, want) || len(both.IDs) != 2 || !reflect.DeepEqual(both.Authors, all.Authors) {
		t.Fatalf("tag and author filter: %+v", both)
	}
	if none := IndexAnnotations(anns, "", "Cy"); len(none.IDs) != 0 || none.Spans == nil {
		t.Fatalf("no match must be empty, not null: %+v", none)
	}
}
