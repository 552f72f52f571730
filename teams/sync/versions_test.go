package sync

import (
	"strings"
	"testing"

	"gloss/store"
	"gloss/storetest"
	"gloss/teams/sync/synctest"
)

// The texts of two versions: the second puts a line before the first's words, so a passage of the first
// sits elsewhere in the second, and a selector put on the wrong text would show the wrong words.
const (
	oldText = "The council voted to close the library on Monday. A spokesman for the mayor declined to comment."
	newText = "Correction appended on Tuesday.\nThe council voted to keep the library open on Monday, officials said."
)

// twoVersionLibraries: ana imported the article and then its correction (version 2), and has an
// annotation left on version 1 (its passage is gone from version 2) and one on version 2; ben imported only the corrected file, so his
// version 1 is ana's version 2, and he annotated it.
func twoVersionLibraries(t *testing.T) (a, b *store.Store, onOld, onNew, bens store.Annotation) {
	t.Helper()
	a, b = storetest.Open(t), storetest.Open(t)
	sha1, sha2 := shaOfText(oldText), shaOfText(newText)
	d, err := a.AddDocument(store.NewDocument{Title: "Council", Format: "txt", Text: oldText, SHA256: sha1})
	if err != nil {
		t.Fatal(err)
	}
	at := strings.Index(oldText, "A spokesman for the mayor declined")
	if onOld, err = a.CreateAnnotation(store.NewAnnotation{DocID: d.ID, Start: at, End: at + len("A spokesman for the mayor declined"), Note: "the first report"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.AddVersion(d.ID, store.NewVersion{Text: newText, SHA256: sha2}); err != nil {
		t.Fatal(err)
	}
	if got, err := a.Annotation(onOld.ID); err != nil || got.Version != 1 || got.Anchor.Status != store.AnchorOrphan {
		t.Fatalf("the passage gone from version 2 should stay on version 1: %+v %v", got, err)
	}
	at = strings.Index(newText, "keep the library open")
	if onNew, err = a.CreateAnnotation(store.NewAnnotation{DocID: d.ID, Start: at, End: at + len("keep the library open"), Note: "corrected"}); err != nil {
		t.Fatal(err)
	}
	db, err := b.AddDocument(store.NewDocument{Title: "Council", Format: "txt", Text: newText, SHA256: sha2})
	if err != nil {
		t.Fatal(err)
	}
	at = strings.Index(newText, "Correction appended")
	if bens, err = b.CreateAnnotation(store.NewAnnotation{DocID: db.ID, Start: at, End: at + len("Correction appended"), Note: "ben's"}); err != nil {
		t.Fatal(err)
	}
	return a, b, onOld, onNew, bens
}

// wantOn fails unless annotation id in s is on the version of s's document whose text is text, its
// selectors picking exact there.
func wantOn(t *testing.T, s *store.Store, who, id, text, exact string) {
	t.Helper()
	got, err := s.Annotation(id)
	if err != nil {
		t.Fatalf("%s lacks annotation %q: %v", who, exact, err)
	}
	v, err := s.Version(got.DocID, got.Version)
	if err != nil || v.Text != text {
		t.Fatalf("%s has %q on version %d, whose text is %q (%v)", who, exact, got.Version, v.Text, err)
	}
	if r := []rune(text); got.Start < 0 || got.End > len(r) || string(r[got.Start:got.End]) != exact || got.Exact != exact {
		t.Fatalf("%s has %q at %d–%d (%q)", who, exact, got.Start, got.End, got.Exact)
	}
}

// The version ben never imported travels from ana's texts and takes its place before his version 1, so
// ana's annotation on it applies there; each library finds the others' annotations on its own number of
// a version, by the version's sha256; both end with the same two versions, the same three annotations,
// and quiet rounds.
func TestAnnotationsOnAVersionTheOtherLacks(t *testing.T) {
	srv := synctest.Start(t)
	o := Options{Server: srv.URL, Project: "versions"}
	a, b, onOld, onNew, bens := twoVersionLibraries(t)
	rounds(t, o, a, b, a)
	r := rounds(t, o, b, a)
	for i, s := range []*store.Store{b, a} {
		quiet(t, "versions", o, r[i], s)
	}
	for _, l := range []struct {
		name string
		s    *store.Store
	}{{"ana", a}, {"ben", b}} {
		d, ok, err := l.s.DocumentBySHA(shaOfText(newText))
		if err != nil || !ok || d.Version != 2 {
			t.Fatalf("%s's document: %+v %v %v", l.name, d, ok, err)
		}
		if v, err := l.s.Version(d.ID, 1); err != nil || v.Text != oldText || v.SHA256 != shaOfText(oldText) {
			t.Fatalf("%s's version 1: %q %v", l.name, v.Text, err)
		}
		wantOn(t, l.s, l.name, onOld.ID, oldText, "A spokesman for the mayor declined")
		wantOn(t, l.s, l.name, onNew.ID, newText, "keep the library open")
		wantOn(t, l.s, l.name, bens.ID, newText, "Correction appended")
	}
	if r[1].Pushed != 0 || r[1].Pulled != 0 {
		t.Fatalf("the last round moved %+v", r[1])
	}
	if ea, eb := normalisedExport(t, a), normalisedExport(t, b); ea != eb {
		t.Fatalf("the libraries differ: %s", firstDiff(ea, eb))
	}
}

// With "keep texts local" ana's old version cannot travel: her annotation on it is reported at ben's,
// never put on another text, and the rest still applies by sha256 (ben's on ana's version 2).
func TestVersionKeptLocalIsReportedNotMisplaced(t *testing.T) {
	srv := synctest.Start(t)
	o := Options{Server: srv.URL, Project: "versions-local"}
	a, b, onOld, onNew, bens := twoVersionLibraries(t)
	if err := a.SetSettings(map[string]string{SettingKeepTextsLocal: "true"}); err != nil {
		t.Fatal(err)
	}
	rounds(t, o, a, b, a)
	r := rounds(t, o, b)
	reported := false
	for _, p := range r[0].Problems {
		reported = reported || strings.Contains(p, onOld.ID) && strings.Contains(p, "not in this library")
	}
	if !reported {
		t.Fatalf("ben's round did not report the annotation on the version he lacks: %v", r[0].Problems)
	}
	if _, err := b.Annotation(onOld.ID); err == nil {
		t.Fatal("the annotation on a version ben lacks was put on another text")
	}
	if d, ok, _ := b.DocumentBySHA(shaOfText(newText)); !ok || d.Version != 1 {
		t.Fatalf("ben's document got a version although ana keeps texts local: %+v", d)
	}
	wantOn(t, b, "ben", onNew.ID, newText, "keep the library open")
	wantOn(t, a, "ana", bens.ID, newText, "Correction appended")
}
