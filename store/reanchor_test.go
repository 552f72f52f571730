package store

import (
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gloss/anchor"
)

// anchored is the Options every library opened for use has: anchor's re-anchoring. It is
// anchorstore.Reanchor, written again here because that package imports this one (tests of package
// store cannot import it); anchorstore's test holds the two to the same results.
var anchored = Options{Reanchor: func(oldText, newText string, olds []Selector) []Placement {
	sels := make([]anchor.Selector, len(olds))
	for i, o := range olds {
		sels[i] = anchor.Selector{Start: o.Start, End: o.End, Exact: o.Exact, Prefix: o.Prefix, Suffix: o.Suffix}
	}
	var out []Placement
	for _, r := range anchor.ReanchorFrom(oldText, newText, sels) {
		out = append(out, Placement{Status: string(r.Status), Confidence: r.Confidence, Start: r.Start, End: r.End})
	}
	return out
}}

// A library opened without re-anchoring never takes a new version: AddVersion names why, and the
// document, its versions and its annotations are as they were. Opened with it, the same call succeeds.
func TestAddVersionWithoutReanchoringFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "library.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	d, _, v2 := versionedDoc(t, s)
	before, err := s.Annotations(AnnotationFilter{DocID: d.ID})
	if err != nil {
		t.Fatal(err)
	}
	doc, anns, err := s.AddVersion(d.ID, NewVersion{Text: v2, SHA256: "sha-v2"})
	if !errors.Is(err, ErrNoReanchor) || doc.ID != "" || anns != nil {
		t.Fatalf("AddVersion without re-anchoring = %+v, %v, %v; want ErrNoReanchor", doc, anns, err)
	}
	if vs, err := s.Versions(d.ID); err != nil || len(vs) != 1 {
		t.Errorf("versions after the refusal: %+v, %v; want the one there was", vs, err)
	}
	if after, err := s.Annotations(AnnotationFilter{DocID: d.ID}); err != nil || !reflect.DeepEqual(after, before) {
		t.Errorf("annotations after the refusal: %+v, %v; want %+v", after, err, before)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err = OpenWith(path, anchored); err != nil {
		t.Fatal(err)
	}
	closeOnCleanup(t, s)
	if doc, anns, err = s.AddVersion(d.ID, NewVersion{Text: v2, SHA256: "sha-v2"}); err != nil || doc.Version != 2 || len(anns) != len(before) {
		t.Fatalf("AddVersion with re-anchoring = version %d, %d annotations, %v; want 2, %d", doc.Version, len(anns), err, len(before))
	}
}

// A Reanchorer that answers for the wrong number of selectors, or with a status the store does not
// know, fails AddVersion in its transaction: nothing of the new version is kept.
func TestAddVersionRefusesABadReanchorer(t *testing.T) {
	for name, bad := range map[string]Reanchorer{
		"one too few": func(o, n string, olds []Selector) []Placement { return anchored.Reanchor(o, n, olds)[1:] },
		"unknown status": func(o, n string, olds []Selector) []Placement {
			out := anchored.Reanchor(o, n, olds)
			out[0].Status = "found"
			return out
		},
	} {
		s, err := OpenWith(filepath.Join(t.TempDir(), "library.db"), Options{Reanchor: bad})
		if err != nil {
			t.Fatal(err)
		}
		closeOnCleanup(t, s)
		d, _, v2 := versionedDoc(t, s)
		if _, _, err := s.AddVersion(d.ID, NewVersion{Text: v2, SHA256: "sha-v2"}); err == nil || !strings.Contains(err.Error(), "re-anchoring gave") {
			t.Errorf("%s: AddVersion = %v; want it refused", name, err)
		}
		if vs, err := s.Versions(d.ID); err != nil || len(vs) != 1 {
			t.Errorf("%s: versions after the refusal: %+v, %v", name, vs, err)
		}
	}
}
