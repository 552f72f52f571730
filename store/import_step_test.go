package store

import (
	"fmt"
	"testing"
)

// An import written in batches (one transaction each, so a million annotations never sit in one) is
// still one undo step: Undo removes every batch, Redo brings every batch back, and a refused item in a
// batch is reported without a step of its own.
func TestImportStepIsOneUndoStepOverBatches(t *testing.T) {
	s := openTestStore(t)
	d := mustAdd(t, s, sample("Batches", "batches"))
	if _, err := s.CreateAnnotation(NewAnnotation{DocID: d.ID, Start: 0, End: 3}); err != nil {
		t.Fatal(err)
	}
	step := s.NewImportStep(func(n int) string { return fmt.Sprintf("%d annotations imported from f.jsonld", n) })
	total := 0
	for batch := range 3 {
		list := []NewAnnotation{
			{DocID: d.ID, Start: batch, End: batch + 4},
			{DocID: d.ID, Start: batch + 1, End: 99999}, // refused: past the end
			{DocID: d.ID, Start: batch + 2, End: batch + 6},
		}
		made, failed, err := step.CreateAnnotationsKeepingGood(list)
		if err != nil {
			t.Fatal(err)
		}
		if len(made) != 2 || len(failed) != 1 || failed[0].Index != 1 {
			t.Fatalf("batch %d: made %d, failed %v", batch, len(made), failed)
		}
		total += len(made)
	}
	count := func() int {
		got, err := s.Annotations(AnnotationFilter{DocID: d.ID})
		if err != nil {
			t.Fatal(err)
		}
		return len(got)
	}
	if n := count(); n != 1+total {
		t.Fatalf("%d annotations, want %d", n, 1+total)
	}
	if canUndo, label, _, _, err := s.UndoState(); err != nil || !canUndo || label != "6 annotations imported from f.jsonld" {
		t.Fatalf("undo state %v %q %v", canUndo, label, err)
	}
	if err := s.Check(); err != nil {
		t.Fatalf("check: %v", err)
	}
	if label, err := s.Undo(); err != nil || label != "6 annotations imported from f.jsonld" {
		t.Fatalf("undo = %q, %v", label, err)
	}
	if n := count(); n != 1 {
		t.Fatalf("one undo left %d annotations, want the 1 made before the import", n)
	}
	if _, _, canRedo, label, _ := s.UndoState(); !canRedo || label != "6 annotations imported from f.jsonld" {
		t.Fatalf("redo state %v %q", canRedo, label)
	}
	if _, err := s.Redo(); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 1+total {
		t.Fatalf("redo gave %d annotations, want %d", n, 1+total)
	}
	if err := s.Check(); err != nil {
		t.Fatalf("check after redo: %v", err)
	}
	// The next undo is the import again (one step), then the annotation made before it.
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if label, err := s.Undo(); err != nil || label == "6 annotations imported from f.jsonld" {
		t.Fatalf("second undo = %q, %v", label, err)
	}
	if n := count(); n != 0 {
		t.Fatalf("%d annotations after two undos", n)
	}
}
