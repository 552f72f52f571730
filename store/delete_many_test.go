package store

import (
	"errors"
	"testing"
	"time"
)

// TestDeleteDocumentsIsOneUndoStep: the Library's selection goes in one transaction, comes back with one
// undo, and an unknown id refuses the batch with nothing deleted. Last checks of deleted documents are
// not listed.
func TestDeleteDocumentsIsOneUndoStep(t *testing.T) {
	s := openTestStore(t)
	var ids []string
	for _, text := range []string{"First article text.", "Second article text.", "Third article text."} {
		d, err := s.AddDocument(NewDocument{Title: text, Format: "txt", Text: text})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	now := time.Now().UTC().Truncate(time.Second)
	if err := s.SetCaptureChecks(map[string]CaptureCheck{ids[0]: {CheckedAt: now}, ids[2]: {CheckedAt: now}, "gone": {CheckedAt: now}}); err != nil {
		t.Fatal(err)
	}
	if checks, _ := s.CaptureChecks(); len(checks) != 2 || !checks[ids[0]].CheckedAt.Equal(now) {
		t.Errorf("checks = %+v", checks)
	}
	if err := s.DeleteDocuments([]string{ids[0], "no-such-id"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown id: %v", err)
	}
	if docs, _ := s.Documents(); len(docs) != 3 {
		t.Fatalf("a refused batch deleted %d documents", 3-len(docs))
	}
	if err := s.DeleteDocuments([]string{ids[2], ids[0], ids[0]}); err != nil {
		t.Fatal(err)
	}
	if docs, _ := s.Documents(); len(docs) != 1 || docs[0].ID != ids[1] {
		t.Fatalf("after delete: %+v", docs)
	}
	if checks, _ := s.CaptureChecks(); len(checks) != 0 {
		t.Errorf("checks of deleted documents listed: %+v", checks)
	}
	label, err := s.Undo()
	if err != nil || label != "2 documents deleted" {
		t.Fatalf("undo: %q %v", label, err)
	}
	if docs, _ := s.Documents(); len(docs) != 3 {
		t.Errorf("after undo: %d documents", len(docs))
	}
	if err := s.Check(); err != nil {
		t.Error(err)
	}
}
