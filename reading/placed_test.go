package reading

import (
	"os"
	"strings"
	"testing"

	"gloss/ingest"
	"gloss/store"
	"gloss/storetest"
)

// One rule says which annotations the Reader draws: those on the current version that are not orphans.
// An annotation whose passage is gone after a new version is left out of the marks, the side panel, its
// filters and author counts, and waits in the review queue.
func TestOnlyPlacedAnnotationsAreDrawn(t *testing.T) {
	s := storetest.Open(t)
	r := New(s)
	v1 := "The harbour budget passed on Tuesday.\n\nA second paragraph about the weather that will go away.\n"
	d, err := s.AddDocument(store.NewDocument{Title: "Budget", Format: "txt", Text: v1, SHA256: "v1"})
	if err != nil {
		t.Fatal(err)
	}
	kept, err := s.CreateAnnotation(store.NewAnnotation{DocID: d.ID, Start: 4, End: 11, Author: "Ann"}) // "harbour"
	if err != nil {
		t.Fatal(err)
	}
	gone, err := s.CreateAnnotation(store.NewAnnotation{DocID: d.ID, Start: strings.Index(v1, "weather"), End: strings.Index(v1, "weather") + 7, Author: "Bo"}) // ASCII: bytes are code points
	if err != nil {
		t.Fatal(err)
	}
	if before, err := r.Open(d.ID); err != nil || before.AnnotationCount != 2 {
		t.Fatalf("before the new version: %+v %v", before, err)
	}
	dir := t.TempDir() + "/v2.txt"
	if err := writeFile(dir, "The harbour budget passed on Tuesday.\n\nSomething else entirely now.\n"); err != nil {
		t.Fatal(err)
	}
	if _, rep, err := ingest.ImportNewVersion(s, d.ID, dir); err != nil || rep.Orphan != 1 {
		t.Fatalf("new version: %+v %v", rep, err)
	}
	after, err := r.Open(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	var html strings.Builder
	for _, b := range after.Blocks {
		html.WriteString(b.HTML)
	}
	if after.AnnotationCount != 1 || len(after.Annotations) != 1 || after.Annotations[0].ID != kept.ID ||
		strings.Count(html.String(), "<mark") != 1 || strings.Contains(html.String(), gone.ID) {
		t.Fatalf("after: %d listed of %d, %s", len(after.Annotations), after.AnnotationCount, html.String())
	}
	if authors, err := r.Authors(d.ID); err != nil || len(authors) != 1 || authors[0].Name != "Ann" {
		t.Errorf("authors %+v %v", authors, err)
	}
	if ids, err := r.Matches(d.ID, "", "Bo", 0, 1000); err != nil || len(ids) != 0 {
		t.Errorf("the orphan matched: %v %v", ids, err)
	}
	q, err := r.ReviewQueue()
	if err != nil || len(q) != 1 || q[0].Annotation.ID != gone.ID || q[0].New != "" || !strings.Contains(q[0].Old, "[weather]") {
		t.Errorf("review %+v %v", q, err)
	}
	var orphan store.Annotation
	if orphan, err = s.Annotation(gone.ID); err != nil || orphan.Placed(2) {
		t.Errorf("the orphan is placed: %+v %v", orphan, err)
	}
	if k, _ := s.Annotation(kept.ID); !k.Placed(2) || k.Placed(1) {
		t.Errorf("the kept one: %+v", k.Anchor)
	}
}

func writeFile(path, text string) error { return os.WriteFile(path, []byte(text), 0o600) }
