package anchorstore_test

import (
	"path/filepath"
	"testing"

	"gloss/anchor"
	"gloss/anchor/anchorstore"
	"gloss/store"
)

// The store spells anchor statuses as plain strings (it does not import anchor); they are anchor's.
func TestStoreStatusesAreAnchors(t *testing.T) {
	for got, want := range map[string]anchor.Status{
		store.AnchorExact: anchor.StatusExact, store.AnchorMoved: anchor.StatusMoved,
		store.AnchorFuzzy: anchor.StatusFuzzy, store.AnchorOrphan: anchor.StatusOrphan,
	} {
		if got != string(want) {
			t.Errorf("store spells %q as %q", want, got)
		}
	}
}

// Reanchor hands back what anchor.ReanchorFrom finds, selector for selector, and a library opened with
// Open re-anchors AddVersion with it.
func TestReanchorIsAnchorsReanchorFrom(t *testing.T) {
	v1 := "The harbour\n\nThe harbour opened on Monday after a year of work. The mayor spoke first.\n\n" +
		"Fishermen said the new quay was too short. The council promised a longer one by spring.\n"
	v2 := "The harbour\n\nFishermen said the new quay was too short. The council promised a longer one by sprung.\n\n" +
		"The harbour opened on Tuesday after a year of work. The mayor spoke first.\n"
	var olds []store.Selector
	var sels []anchor.Selector
	for _, q := range []string{"opened on Monday", "The mayor spoke first.", "new quay", "year of work", "the new quay was too short", "a longer one by spring"} {
		start, _ := codePoints(t, v1, q)
		sel, err := anchor.Describe(v1, start, start+len([]rune(q)))
		if err != nil {
			t.Fatal(err)
		}
		sels = append(sels, sel)
		olds = append(olds, store.Selector{Start: sel.Start, End: sel.End, Exact: sel.Exact, Prefix: sel.Prefix, Suffix: sel.Suffix})
	}
	want := anchor.ReanchorFrom(v1, v2, sels)
	got := anchorstore.Reanchor(v1, v2, olds)
	if len(got) != len(want) {
		t.Fatalf("%d placements for %d selectors", len(got), len(want))
	}
	statuses := map[string]bool{}
	for i, w := range want {
		if g := got[i]; g != (store.Placement{Status: string(w.Status), Confidence: w.Confidence, Start: w.Start, End: w.End}) {
			t.Errorf("selector %q: Reanchor = %+v, anchor.ReanchorFrom = %+v", olds[i].Exact, g, w)
		}
		statuses[got[i].Status] = true
	}
	if len(statuses) != 4 {
		t.Errorf("the sample reaches only %v: it should reach every status", statuses)
	}

	s, err := anchorstore.Open(filepath.Join(t.TempDir(), "library.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, err := s.AddDocument(store.NewDocument{Title: "The harbour", Format: "txt", Text: v1})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]int{}
	for i, o := range olds {
		a, err := s.CreateAnnotation(store.NewAnnotation{DocID: d.ID, Start: o.Start, End: o.End})
		if err != nil {
			t.Fatal(err)
		}
		byID[a.ID] = i
	}
	_, anns, err := s.AddVersion(d.ID, store.NewVersion{Text: v2})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range anns {
		w := want[byID[a.ID]]
		if a.Anchor.Status != string(w.Status) || a.Anchor.Confidence != w.Confidence ||
			w.Status != anchor.StatusOrphan && (a.Start != w.Start || a.End != w.End || a.Version != 2) {
			t.Errorf("annotation %q after AddVersion: %+v at [%d, %d) of version %d; anchor found %+v", a.Exact, a.Anchor, a.Start, a.End, a.Version, w)
		}
	}
	if err := s.Check(); err != nil {
		t.Error(err)
	}
}

func codePoints(t *testing.T, text, quote string) (int, int) {
	t.Helper()
	r, q := []rune(text), []rune(quote)
	for i := 0; i+len(q) <= len(r); i++ {
		if string(r[i:i+len(q)]) == quote {
			return i, i + len(q)
		}
	}
	t.Fatalf("%q not in the text", quote)
	return 0, 0
}
