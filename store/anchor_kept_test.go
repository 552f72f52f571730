package store

import (
	"errors"
	"path/filepath"
	"testing"
)

// Keeping an orphan as one: out of Review, stored (it survives closing the library), one undo step;
// a new version that still cannot place it leaves it kept.
func TestKeepOrphan(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gloss", "library.db")
	s, err := OpenWith(path, anchored)
	if err != nil {
		t.Fatal(err)
	}
	d, _, v2 := versionedDoc(t, s)
	if _, _, err := s.AddVersion(d.ID, NewVersion{Text: v2, SHA256: "sha-v2"}); err != nil {
		t.Fatal(err)
	}
	q, _ := s.ReviewQueue()
	review := byNote(q)
	fuzzy, orphan := review[qFuzzy], review[qOrphan]
	if err := s.KeepOrphan(fuzzy.ID, true); !errors.Is(err, ErrNotOrphan) {
		t.Errorf("keeping a fuzzy anchor: %v", err)
	}
	if err := s.KeepOrphan(orphan.ID, true); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
	if q, _ := s.ReviewQueue(); len(q) != 1 || q[0].ID != fuzzy.ID {
		t.Errorf("queue after keep: %+v", q)
	}
	if _, label, _, _, _ := s.UndoState(); label != `Orphan "`+clip(qOrphan)+`" kept` {
		t.Errorf("undo label %q", label)
	}
	// Restart.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err = OpenWith(path, anchored); err != nil {
		t.Fatal(err)
	}
	closeOnCleanup(t, s)
	if a, _ := s.Annotation(orphan.ID); !a.Anchor.Kept || a.Anchor.Status != AnchorOrphan || a.Exact != qOrphan {
		t.Errorf("after restart: %+v", a.Anchor)
	}
	// A third version that still lacks the passage: still kept, still out of Review.
	if _, _, err := s.AddVersion(d.ID, NewVersion{Text: v2 + "\n\nA late paragraph about the harbour.", SHA256: "sha-v3"}); err != nil {
		t.Fatal(err)
	}
	if a, _ := s.Annotation(orphan.ID); !a.Anchor.Kept {
		t.Errorf("after a new version: %+v", a.Anchor)
	}
	if q, _ := s.ReviewQueue(); len(q) != 0 { // the fuzzy anchor's v2 words are found exactly in v3
		t.Errorf("queue after a new version: %+v", q)
	}
	if _, err := s.Undo(); err != nil { // the version
		t.Fatal(err)
	}
	if _, err := s.Undo(); err != nil { // the keep
		t.Fatal(err)
	}
	mustCheck(t, s)
	if a, _ := s.Annotation(orphan.ID); a.Anchor.Kept {
		t.Errorf("undo of keep: %+v", a.Anchor)
	}
	if q, _ := s.ReviewQueue(); len(q) != 2 {
		t.Errorf("queue after undo: %+v", q)
	}
	// Back in Review on purpose, and a no-op second call.
	if err := s.KeepOrphan(orphan.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := s.KeepOrphan(orphan.ID, false); err != nil {
		t.Fatal(err)
	}
	if err := s.KeepOrphan(orphan.ID, false); err != nil {
		t.Fatal(err)
	}
	if a, _ := s.Annotation(orphan.ID); a.Anchor.Kept {
		t.Errorf("unkept: %+v", a.Anchor)
	}
}
