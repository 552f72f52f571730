package store

import (
	"slices"
	"testing"
)

// The next undo (and redo) step names the documents it changes, so that the window never changes
// another article silently.
func TestStepDocuments(t *testing.T) {
	s := openTestStore(t)
	if got, err := s.StepDocuments(true); err != nil || len(got) != 0 {
		t.Fatalf("empty library: %v %v", got, err)
	}
	a := mustAdd(t, s, sample("First", "sha-a"))
	b := mustAdd(t, s, sample("Second", "sha-b"))
	annA := annotate(t, s, a.ID)
	annotate(t, s, b.ID)
	if got, _ := s.StepDocuments(true); !slices.Equal(got, []string{b.ID}) {
		t.Errorf("after annotating b: %v", got)
	}
	if err := s.DeleteAnnotation(annA); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.StepDocuments(true); !slices.Equal(got, []string{a.ID}) {
		t.Errorf("after deleting a's annotation: %v", got)
	}
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.StepDocuments(false); !slices.Equal(got, []string{a.ID}) {
		t.Errorf("redo of the deletion: %v", got)
	}
	if got, _ := s.StepDocuments(true); !slices.Equal(got, []string{b.ID}) {
		t.Errorf("next undo after one undo: %v", got)
	}
	if _, err := s.CreateTag(NewTag{Name: "library-wide"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.StepDocuments(true); len(got) != 0 {
		t.Errorf("a tag names no document: %v", got)
	}
	if _, _, err := s.AddVersion(a.ID, NewVersion{Text: "Another text entirely.", SHA256: "sha-a2"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.StepDocuments(true); !slices.Equal(got, []string{a.ID}) {
		t.Errorf("a new version: %v", got)
	}
}
