package merge

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/ingest"
	"gloss/store"
	"gloss/storetest"
)

func newMergeStore(t *testing.T) *store.Store {
	t.Helper()
	return storetest.OpenAt(t, filepath.Join(t.TempDir(), "merge.db"))
}

// TestMergeIDClashKeepsTheirs: their annotation whose id is one of ours, on the same text but by another
// author with another span and note, was reported "0 added, 1 already there" and lost. It comes in under
// a new id, counted and named; ours is untouched.
func TestMergeIDClashKeepsTheirs(t *testing.T) {
	s := newMergeStore(t)
	text := "The council met on Tuesday and voted for the harbour budget."
	doc, err := s.AddDocument(store.NewDocument{Title: "Harbour", Format: "txt", Text: text})
	if err != nil {
		t.Fatal(err)
	}
	ours, err := s.CreateAnnotation(store.NewAnnotation{DocID: doc.ID, Start: 4, End: 11, Note: "ours", Author: "Ann"})
	if err != nil {
		t.Fatal(err)
	}
	b := ingest.Bundle{
		Documents:   []ingest.BundleDocument{{Ref: "d", Title: "Harbour", Text: text}},
		Annotations: []ingest.BundleAnnotation{{Ref: ours.ID, DocRef: "d", Start: 45, End: 52, Note: "theirs", Author: "Bob"}},
	}
	for _, dry := range []bool{true, false} {
		report, err := MergeBundle(s, "bob.qdpx", b, MergeOptions{DryRun: dry})
		if err != nil {
			t.Fatal(err)
		}
		if report.AnnotationsCreated != 1 || report.AnnotationsUnchanged != 0 || report.AnnotationsNewIDs != 1 ||
			!strings.Contains(strings.Join(report.Problems, "\n"), ingest.NewIDReason) {
			t.Errorf("dry run %v: %+v", dry, report)
		}
	}
	anns, _ := s.Annotations(store.AnnotationFilter{DocID: doc.ID})
	if len(anns) != 2 {
		t.Fatalf("annotations = %+v", anns)
	}
	for _, a := range anns {
		if a.ID == ours.ID && (a.Note != "ours" || a.Author != "Ann") || a.ID != ours.ID && (a.Note != "theirs" || a.Author != "Bob" || a.Exact != "harbour") {
			t.Errorf("annotation %+v", a)
		}
	}
	again, err := MergeBundle(s, "bob.qdpx", b, MergeOptions{})
	if err != nil || again.AnnotationsCreated != 0 || again.AnnotationsUnchanged != 1 {
		t.Errorf("merging again: %+v %v", again, err)
	}
}

// TestMergeSizeLimit: merge reads within the import's limit instead of reading any file whole.
func TestMergeSizeLimit(t *testing.T) {
	s := newMergeStore(t)
	path := filepath.Join(t.TempDir(), "big.jsonld")
	if err := os.WriteFile(path, []byte(`{"type":"Annotation","bodyValue":"`+strings.Repeat("x", 2000)+`"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Merge(s, path, MergeOptions{Limits: ingest.Limits{MaxBytes: 1000}})
	if err == nil || !strings.Contains(err.Error(), "big.jsonld: file too large") {
		t.Errorf("err = %v", err)
	}
}

// TestMergeTagsInOneStep: their codebook comes in as one undo step, whatever its size.
func TestMergeTagsInOneStep(t *testing.T) {
	s := newMergeStore(t)
	b := ingest.Bundle{Tags: []ingest.BundleTag{{Ref: "a", Name: "Parent"}, {Ref: "b", Name: "Child", Parent: "a"}, {Ref: "c", Name: "Other"},
		{Ref: "d", Name: strings.Repeat("n", ingest.MaxTagNameCodePoints+1)}}}
	report, err := MergeBundle(s, "codes.qdpx", b, MergeOptions{})
	if err != nil || report.TagsCreated != 3 || !strings.Contains(strings.Join(report.Problems, "\n"), "the limit is 200") {
		t.Fatalf("%+v %v", report, err)
	}
	if tags, _ := s.Tags(); len(tags) != 3 {
		t.Errorf("tags = %+v", tags)
	}
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if tags, _ := s.Tags(); len(tags) != 0 {
		t.Errorf("after one undo: %+v", tags)
	}
}
