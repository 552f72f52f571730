package store

import (
	"path/filepath"
	"strings"
	"testing"
)

func openBatchStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "batch.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Check(); err != nil {
			t.Errorf("check: %v", err)
		}
		s.Close()
	})
	return s
}

// TestCreateAnnotationsKeepingGood: one bad annotation among good ones is refused alone; the good ones
// are one undo step (they fell back to one transaction and one undo step each: 54 s for 50,000).
func TestCreateAnnotationsKeepingGood(t *testing.T) {
	s := openBatchStore(t)
	d, err := s.AddDocument(NewDocument{Title: "D", Format: "txt", Text: "héllo wörld, a text"})
	if err != nil {
		t.Fatal(err)
	}
	list := []NewAnnotation{{DocID: d.ID, Start: 0, End: 5}, {DocID: d.ID, Start: 3, End: 99}, {DocID: d.ID, Start: 6, End: 11, Note: "n"}}
	made, refused, err := s.CreateAnnotationsKeepingGood(list, "two of three")
	if err != nil {
		t.Fatal(err)
	}
	if len(made) != 2 || made[0].Exact != "héllo" || made[1].Exact != "wörld" || made[1].Prefix != "héllo " {
		t.Errorf("made = %+v", made)
	}
	if len(refused) != 1 || refused[0].Index != 1 || !strings.Contains(refused[0].Err.Error(), "not inside the text") {
		t.Errorf("refused = %+v", refused)
	}
	if label, err := s.Undo(); err != nil || label != "two of three" {
		t.Fatalf("undo: %q %v", label, err)
	}
	if anns, _ := s.Annotations(AnnotationFilter{}); len(anns) != 0 {
		t.Errorf("after one undo: %d annotations", len(anns))
	}
}

// TestCreateTags: a tree of new tags under an existing one, in one step; a sibling clash refuses it.
func TestCreateTags(t *testing.T) {
	s := openBatchStore(t)
	root, err := s.CreateTag(NewTag{Name: "Root"})
	if err != nil {
		t.Fatal(err)
	}
	made, err := s.CreateTags([]TagToCreate{{Ref: "a", NewTag: NewTag{Name: "A", Parent: root.ID}}, {Ref: "b", NewTag: NewTag{Name: "B", Parent: "a", Colour: "#112233"}}}, "")
	if err != nil {
		t.Fatal(err)
	}
	if made["a"].Parent != root.ID || made["b"].Parent != made["a"].ID || made["b"].Colour != "#112233" {
		t.Errorf("made = %+v", made)
	}
	if _, err := s.CreateTags([]TagToCreate{{Ref: "x", NewTag: NewTag{Name: "new"}}, {Ref: "y", NewTag: NewTag{Name: "root"}}}, ""); err == nil || !strings.Contains(err.Error(), "already a tag") {
		t.Errorf("sibling clash: %v", err)
	}
	if tags, _ := s.Tags(); len(tags) != 3 {
		t.Errorf("tags = %d, want 3 (the refused batch adds none)", len(tags))
	}
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if tags, _ := s.Tags(); len(tags) != 1 {
		t.Errorf("after undo: %d tags", len(tags))
	}
}
