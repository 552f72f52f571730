package app

import (
	"fmt"
	"strings"
	"testing"

	"gloss/reading"
	"gloss/store"
)

// A document with more annotations than Open sends: the side panel pages through them in text order,
// and the index covers all of them (filtered by tag and author).
func TestReaderAnnotationsPages(t *testing.T) {
	a := openTestApp(t)
	d, err := a.store.AddDocument(store.NewDocument{Title: "Many", Format: "txt", Text: strings.Repeat("word ", 1200)})
	if err != nil {
		t.Fatal(err)
	}
	tag, err := a.store.CreateTag(store.NewTag{Name: "Every tenth"})
	if err != nil {
		t.Fatal(err)
	}
	n := reading.DeferAnnotations + 100
	for i := n - 1; i >= 0; i-- {
		na := store.NewAnnotation{DocID: d.ID, Start: i * 5, End: i*5 + 4, Author: fmt.Sprint("coder", i%2)}
		if i%10 == 0 {
			na.Tags = []string{tag.ID}
		}
		if _, err := a.store.CreateAnnotation(na); err != nil {
			t.Fatal(err)
		}
	}
	r, err := a.Open(d.ID)
	if err != nil || len(r.Annotations) != 0 || r.AnnotationCount != n {
		t.Fatalf("Open: %d listed of %d, %v", len(r.Annotations), r.AnnotationCount, err)
	}
	seen := 0
	for off := 0; ; off += 200 {
		p, err := a.ReaderAnnotations(d.ID, off, 200)
		if err != nil || p.Total != n {
			t.Fatalf("page at %d: total %d, %v", off, p.Total, err)
		}
		if len(p.Annotations) == 0 {
			break
		}
		for k, an := range p.Annotations {
			if an.Start != (off+k)*5 {
				t.Fatalf("page at %d, entry %d starts at %d: not in text order", off, k, an.Start)
			}
		}
		seen += len(p.Annotations)
	}
	if seen != n {
		t.Fatalf("paged through %d of %d", seen, n)
	}
	if authors, err := a.ReaderAuthors(d.ID); err != nil || len(authors) != 2 || authors[0].Annotations != n/2 {
		t.Fatalf("authors %v, %v", authors, err)
	}
	ids, err := a.ReaderMatches(d.ID, tag.ID, "coder0", 0, 105)
	if err != nil || len(ids) != 3 { // at 0, 50 and 100
		t.Fatalf("matches %v, %v", ids, err)
	}
	next, err := a.ReaderStep(d.ID, tag.ID, "", ids[1], 1)
	if err != nil || next.Start != 100 {
		t.Fatalf("n from 50: %+v, %v", next, err)
	}
	if none, err := a.ReaderStep(d.ID, "", "nobody", "", 1); err != nil || none.ID != "" {
		t.Fatalf("no match: %+v, %v", none, err)
	}
	if full, err := a.Annotation(ids[1]); err != nil || full.Start != 50 {
		t.Fatalf("the annotation by id: %+v, %v", full, err)
	}
}
