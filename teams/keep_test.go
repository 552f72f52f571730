package teams

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gloss/store"
)

// TestKeepBoth: keeping both versions takes a disagreement off the open list (the figures stay), in the
// file, so it stays off after the library is reopened; it is listed on demand; undo, Reopen or another
// coder joining the span bring it back.
func TestKeepBoth(t *testing.T) {
	// The fixture's store, opened here so the test can close and reopen it.
	path := filepath.Join(t.TempDir(), "keep.db")
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{s: s}
	t.Cleanup(func() {
		if err := f.s.Check(); err != nil {
			t.Errorf("check: %v", err)
		}
		f.s.Close()
	})
	d, err := s.AddDocument(store.NewDocument{Title: "Doc 1", Format: "txt", Text: strings.Repeat("abcdefghij", 10)})
	if err != nil {
		t.Fatal(err)
	}
	tag, err := s.CreateTag(store.NewTag{Name: "T"})
	if err != nil {
		t.Fatal(err)
	}
	f.doc1, f.t = d.ID, tag.ID
	f.ann(t, f.doc1, "A", 0, 30, f.t)
	f.ann(t, f.doc1, "B", 10, 40, f.t)
	compute := func(s *store.Store, filter Filter) Report {
		t.Helper()
		r, err := Compute(s, filter)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	first := compute(f.s, Filter{TagID: f.t})
	if len(first.Disagreements) != 2 || first.Resolved != 0 {
		t.Fatalf("disagreements %+v", first.Disagreements)
	}
	kept := first.Disagreements[1] // 30–40: B's alone
	if _, err := KeepBoth(f.s, kept); err != nil {
		t.Fatal(err)
	}
	r := compute(f.s, Filter{TagID: f.t})
	if len(r.Disagreements) != 1 || r.Disagreements[0].Start != 0 || r.Resolved != 1 {
		t.Errorf("after keep both: %+v, %d resolved", r.Disagreements, r.Resolved)
	}
	if *r.Overall.Kappa != *first.Overall.Kappa || r.Overall.Units != first.Overall.Units {
		t.Errorf("keeping both changed the figures: %+v", r.Overall)
	}
	all := compute(f.s, Filter{TagID: f.t, IncludeResolved: true})
	if len(all.Disagreements) != 2 || all.Disagreements[0].Resolved || !all.Disagreements[1].Resolved ||
		all.Disagreements[1].ResolvedBy != f.s.Author() || all.Disagreements[1].ResolvedAt == "" || all.Resolved != 1 {
		t.Errorf("with the resolved ones: %+v", all.Disagreements)
	}

	// It is stored: a reopened library still has it settled.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err = store.Open(path); err != nil {
		t.Fatal(err)
	}
	f.s = s
	if r := compute(s, Filter{TagID: f.t}); len(r.Disagreements) != 1 || r.Resolved != 1 {
		t.Errorf("after reopening the library: %+v", r.Disagreements)
	}

	// Undo and redo.
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if r := compute(s, Filter{TagID: f.t}); len(r.Disagreements) != 2 {
		t.Errorf("after undo: %+v", r.Disagreements)
	}
	if _, err := s.Redo(); err != nil {
		t.Fatal(err)
	}
	// Reopen, then keep both again.
	if err := Reopen(s, kept); err != nil {
		t.Fatal(err)
	}
	if r := compute(s, Filter{TagID: f.t}); len(r.Disagreements) != 2 || r.Resolved != 0 {
		t.Errorf("after Reopen: %+v", r.Disagreements)
	}
	if _, err := KeepBoth(s, kept); err != nil {
		t.Fatal(err)
	}
	// A third coder tags 30–40 too: the coders with the tag there changed, so it is open again.
	c := f.ann(t, f.doc1, "C", 30, 40, f.t)
	r = compute(s, Filter{TagID: f.t})
	if i := slices.IndexFunc(r.Disagreements, func(d Disagreement) bool { return d.Start == 30 && d.End == 40 }); i < 0 || r.Resolved != 0 {
		t.Errorf("with a third coder: %+v", r.Disagreements)
	}
	if err := s.DeleteAnnotation(c.ID); err != nil {
		t.Fatal(err)
	}
	if r := compute(s, Filter{TagID: f.t}); r.Resolved != 1 || len(r.Disagreements) != 1 {
		t.Errorf("without the third coder: %+v", r.Disagreements)
	}
}

// TestAcceptIsUndoable: accepting either version is one undo step that brings the disagreement back.
func TestAcceptIsUndoable(t *testing.T) {
	f := newFixture(t)
	if err := f.s.SetAuthor("B"); err != nil {
		t.Fatal(err)
	}
	theirs := f.ann(t, f.doc1, "A", 0, 30, f.t)
	f.ann(t, f.doc1, "B", 50, 60, f.t)
	f.ann(t, f.doc1, "A", 70, 80, f.u) // A still coded the document when their T is dropped
	open := func() int {
		t.Helper()
		r, err := Compute(f.s, Filter{TagID: f.t})
		if err != nil {
			t.Fatal(err)
		}
		return len(r.Disagreements)
	}
	if n := open(); n != 2 {
		t.Fatalf("%d disagreements, want 2", n)
	}
	for _, accept := range []func() error{
		func() error { _, err := Adopt(f.s, theirs.ID, f.t); return err },
		func() error { _, err := Drop(f.s, theirs.ID, f.t); return err },
	} {
		if err := accept(); err != nil {
			t.Fatal(err)
		}
		if n := open(); n != 1 {
			t.Errorf("after accepting: %d disagreements, want 1", n)
		}
		if _, err := f.s.Undo(); err != nil {
			t.Fatal(err)
		}
		if n := open(); n != 2 {
			t.Errorf("after undo: %d disagreements, want 2", n)
		}
	}
	if _, err := f.s.Annotation(theirs.ID); err != nil {
		t.Errorf("their annotation is not back: %v", err)
	}
}
