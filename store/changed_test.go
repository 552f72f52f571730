package store_test

import (
	"testing"
	"time"

	"gloss/store"
	"gloss/storetest"
)

func TestAnnotatedChanges(t *testing.T) {
	s := storetest.Open(t)
	text1 := "Harbour budget approved. The council voted on Tuesday to approve the budget."
	text2 := "Harbour budget approved. The council voted on Monday to approve the budget."
	text3 := "Harbour budget approved. The council voted on Monday to approve the new budget."
	edited, err := s.AddDocument(store.NewDocument{Title: "Edited", Text: text1})
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := s.AddDocument(store.NewDocument{Title: "Annotated on its latest", Text: text1 + " Fresh."})
	if err != nil {
		t.Fatal(err)
	}
	bare, err := s.AddDocument(store.NewDocument{Title: "No annotations", Text: text1 + " Bare."})
	if err != nil {
		t.Fatal(err)
	}
	annotate := func(id string) {
		t.Helper()
		if _, err := s.CreateAnnotation(store.NewAnnotation{DocID: id, Start: 0, End: 14}); err != nil {
			t.Fatal(err)
		}
	}
	annotate(edited.ID)
	annotate(edited.ID)
	none, err := s.AnnotatedChanges()
	if err != nil || len(none) != 0 {
		t.Fatalf("one version each: %v, %v; want none", none, err)
	}
	time.Sleep(2 * time.Millisecond) // versions and annotations are ordered by their times
	for _, v := range []struct{ id, text string }{{edited.ID, text2}, {fresh.ID, text2 + " Fresh."}, {bare.ID, text2 + " Bare."}} {
		if _, _, err := s.AddVersion(v.id, store.NewVersion{Text: v.text}); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(2 * time.Millisecond)
	annotate(fresh.ID) // made on version 2, the current one: not changed since
	annotate(edited.ID)
	got, err := s.AnnotatedChanges()
	if err != nil {
		t.Fatal(err)
	}
	want := store.AnnotatedChange{DocID: edited.ID, AnnotatedOn: 1, Current: 2, Annotations: 2}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("AnnotatedChanges = %+v, want [%+v]", got, want)
	}
	time.Sleep(2 * time.Millisecond)
	if _, _, err := s.AddVersion(fresh.ID, store.NewVersion{Text: text3 + " Fresh."}); err != nil {
		t.Fatal(err)
	}
	got, err = s.AnnotatedChanges()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("after version 3 of %s: %+v, want two documents", fresh.ID, got)
	}
	for _, c := range got {
		switch c.DocID {
		case fresh.ID:
			if (c != store.AnnotatedChange{DocID: fresh.ID, AnnotatedOn: 2, Current: 3, Annotations: 1}) {
				t.Errorf("fresh: %+v", c)
			}
		case edited.ID:
			if c != want {
				t.Errorf("edited: %+v", c)
			}
		default:
			t.Errorf("unexpected %+v (no annotations)", c)
		}
	}
	// Undoing the last version brings the document back to "annotated on its current version".
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.AnnotatedChanges(); len(got) != 1 || got[0] != want {
		t.Fatalf("after undo: %+v", got)
	}
}
