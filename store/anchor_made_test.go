package store

import "testing"

// A fuzzy re-anchoring rewrites the selectors to the words found in the new version; the quote as
// made (version 1, the misspelt words) stays beside them, through accepting and re-attaching.
func TestReanchorKeepsTheQuoteAsMade(t *testing.T) {
	s := openTestStore(t)
	d, before, v2 := versionedDoc(t, s)
	if _, _, err := s.AddVersion(d.ID, NewVersion{Text: v2, SHA256: "sha-v2"}); err != nil {
		t.Fatal(err)
	}
	orig := before[qFuzzy]
	a, err := s.Annotation(orig.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a.Anchor.Status != "fuzzy" || a.Exact == orig.Exact {
		t.Fatalf("not re-anchored fuzzy onto new words: %+v", a)
	}
	want := MadeQuote{Version: 1, Start: orig.Start, End: orig.End, Exact: orig.Exact, Prefix: orig.Prefix, Suffix: orig.Suffix}
	if a.Made() != want {
		t.Errorf("made %+v, want %+v", a.Made(), want)
	}
	if err := s.AcceptAnchor(a.ID); err != nil {
		t.Fatal(err)
	}
	if a, _ = s.Annotation(a.ID); a.Made() != want {
		t.Errorf("after accept: made %+v", a.Made())
	}
	start, end := cp(t, v2, "a long debate", 1)
	if a, err = s.Reattach(a.ID, start, end); err != nil || a.Made() != want {
		t.Errorf("after re-attach: made %+v, %v", a.Made(), err)
	}
	// An orphan keeps its selectors on the last version it was found in: that is the quote as made.
	o, _ := s.Annotation(before[qOrphan].ID)
	if o.Anchor.Status != "orphan" || o.Made().Exact != qOrphan || o.Made().Version != 1 {
		t.Errorf("orphan: %+v", o)
	}
	// A new annotation's quote as made is its selectors.
	if n := before[qExact]; n.Made().Exact != n.Exact || n.Anchor.Made != nil {
		t.Errorf("new annotation: %+v", n)
	}
}

// withoutMade is an anchor with its quote as made left out (compared on its own).
func withoutMade(a Anchor) Anchor {
	a.Made = nil
	return a
}

func sameAnchor(a, b Anchor) bool {
	return withoutMade(a) == withoutMade(b) && (a.Made == nil) == (b.Made == nil) && (a.Made == nil || *a.Made == *b.Made)
}
