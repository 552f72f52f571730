package store_test

import (
	"strings"
	"testing"
	"time"

	"gloss/store"
	"gloss/storetest"
)

// A pulled body or deletion of an annotation edited here after the round's push read the library is left
// out and reported (the next round pushes the edit), and the record stays remembered.
func TestApplySyncLeavesRecentEditsAlone(t *testing.T) {
	s := storetest.Open(t)
	sha := strings.Repeat("7a", 32)
	d, err := s.AddDocument(store.NewDocument{Title: "T", Format: "txt", Text: "Some text to annotate here.", SHA256: sha})
	if err != nil {
		t.Fatal(err)
	}
	one, _ := s.CreateAnnotation(store.NewAnnotation{DocID: d.ID, Start: 0, End: 4})
	two, _ := s.CreateAnnotation(store.NewAnnotation{DocID: d.ID, Start: 5, End: 9})
	if err := s.RememberSync([]store.SyncRecord{{Key: "ann:" + one.ID, Rev: "1-a"}, {Key: "ann:" + two.ID, Rev: "1-b"}}, nil); err != nil {
		t.Fatal(err)
	}
	seq, _ := s.JournalSeq()
	if _, err := s.UpdateAnnotation(one.ID, nil, "edited here"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateAnnotation(two.ID, nil, "edited here too"); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	b := store.SyncBatch{EditedFrom: seq + 1,
		Annotations: []store.SyncAnnotation{{ID: one.ID, DocSHA: sha, Version: 1, Start: 0, End: 4, Exact: one.Exact, Prefix: one.Prefix, Suffix: one.Suffix, Note: "from the server", Created: now, Modified: now}},
		Deleted:     []string{two.ID},
		Remember:    []store.SyncRecord{{Key: "ann:" + one.ID, Rev: "2-x"}},
		Forget:      []string{"ann:" + two.ID}}
	problems, err := s.ApplySync(b)
	if err != nil || len(problems) != 2 || !strings.Contains(problems[0], "edited here while this round ran") {
		t.Fatalf("%q %v", problems, err)
	}
	if a, _ := s.Annotation(one.ID); a.Note != "edited here" {
		t.Fatalf("overwritten: %+v", a)
	}
	if _, err := s.Annotation(two.ID); err != nil {
		t.Fatal("deleted despite the edit")
	}
	recs, _ := s.SyncRecords()
	if recs["ann:"+one.ID].Rev != "1-a" || recs["ann:"+two.ID].Rev != "1-b" {
		t.Fatalf("records moved: %+v", recs)
	}
	b.EditedFrom = 0 // not checked: applied
	if problems, err := s.ApplySync(b); err != nil || len(problems) != 0 {
		t.Fatalf("%q %v", problems, err)
	}
	if a, _ := s.Annotation(one.ID); a.Note != "from the server" {
		t.Fatalf("not applied: %+v", a)
	}
}
