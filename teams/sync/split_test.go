package sync

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"gloss/store"
	"gloss/teams/sync/synctest"
)

// Split version histories: ana and ben share an article (synced), then, each offline, import a different
// new version of it and annotate it. After they sync, neither version is lost: each library has the one
// document (no copy) with the three versions in the same order (the shared one, then the two new ones,
// the one whose sha256 sorts first before the other), each annotation on the version it was made on, the
// person is told, the libraries export the same, and the rounds after are quiet.
func TestSplitVersionHistories(t *testing.T) {
	o, libs, base := sharedArticle(t, "split", "ana", "ben")
	a, b := libs[0], libs[1]
	baseText := convergeTexts[0]
	textA := "Correction, Tuesday: " + baseText + " The sheriff later said the policy was under review."
	textB := baseText + " Update, Wednesday: the county board voted to keep the policy."
	shaA, shaB := shaOfText(textA), shaOfText(textB)
	onA := annotateNewVersion(t, "ana", a, base.SHA256, textA, "policy was under review", "ana's")
	onB := annotateNewVersion(t, "ben", b, base.SHA256, textB, "voted to keep the policy", "ben's")
	var told []string
	for _, r := range rounds(t, o, a, b, a, b, a, b) {
		told = append(told, r.Notes...)
		for _, p := range r.Problems {
			t.Errorf("problem: %s", p)
		}
	}
	if len(told) == 0 || !strings.Contains(strings.Join(told, "\n"), "Bulletin 0") {
		t.Errorf("nobody was told of the split history: %q", told)
	}
	want := []string{"", base.SHA256, min(shaA, shaB), max(shaA, shaB)}
	for _, l := range []struct {
		name string
		s    *store.Store
	}{{"ana", a}, {"ben", b}} {
		ds, err := l.s.Documents()
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) != len(convergeTexts) {
			t.Errorf("%s has %d documents, want %d (a copy of the article was made)", l.name, len(ds), len(convergeTexts))
		}
		d, ok, err := l.s.DocumentBySHA(want[3])
		if err != nil || !ok {
			t.Fatalf("%s: no document is at %s: %v", l.name, want[3][:8], err)
		}
		if shas, err := l.s.SyncVersionSHAs(d.ID); err != nil || !slices.Equal(shas, want) {
			t.Fatalf("%s's versions %v, want %v (%v)", l.name, shas, want, err)
		}
		wantOn(t, l.s, l.name, onA.ID, textA, "policy was under review")
		wantOn(t, l.s, l.name, onB.ID, textB, "voted to keep the policy")
	}
	r := rounds(t, o, a, b)
	for i, s := range []*store.Store{a, b} {
		quiet(t, "after the split", o, r[i], s)
		if r[i].Pushed != 0 || r[i].Pulled != 0 {
			t.Fatalf("round %d after the split moved %+v", i, r[i])
		}
	}
	if ea, eb := normalisedExport(t, a), normalisedExport(t, b); ea != eb {
		t.Fatalf("the libraries differ: %s", firstDiff(ea, eb))
	}
}

// addVersionApart imports text as a new version of the shared article (named by its sha256 base) in
// library s, as a person apart imports a correction.
// sharedArticle starts a test server for project and opens a library for each person; after a round each
// (and one more of the first) they share the first seed article, which it returns with the libraries.
func sharedArticle(t *testing.T, project string, people ...string) (Options, []*store.Store, store.Document) {
	t.Helper()
	o := Options{Server: synctest.Start(t).URL, Project: project}
	var libs []*store.Store
	for _, who := range people {
		libs = append(libs, openTeamLibrary(t, who))
	}
	rounds(t, o, append(libs, libs[0])...)
	docs, err := libs[0].Documents()
	if err != nil {
		t.Fatal(err)
	}
	return o, libs, docs[0]
}

func addVersionApart(t *testing.T, s *store.Store, base, text string) store.Document {
	t.Helper()
	d, ok, err := s.DocumentBySHA(base)
	if err != nil || !ok {
		t.Fatalf("the library lacks the article: %v", err)
	}
	if _, _, err := s.AddVersion(d.ID, store.NewVersion{Text: text, SHA256: shaOfText(text)}); err != nil {
		t.Fatal(err)
	}
	return d
}

// annotateNewVersion is addVersionApart, then who annotates exact in the new version with note.
func annotateNewVersion(t *testing.T, who string, s *store.Store, base, text, exact, note string) store.Annotation {
	t.Helper()
	d := addVersionApart(t, s, base, text)
	at := len([]rune(text[:strings.Index(text, exact)]))
	ann, err := s.CreateAnnotation(store.NewAnnotation{DocID: d.ID, Start: at, End: at + len([]rune(exact)), Note: note})
	if err != nil {
		t.Fatalf("%s: %v", who, err)
	}
	return ann
}

// Three libraries each import a different new version of the shared article offline, and a fourth joins
// the project only afterwards: every library ends with the one document and the same five versions (the
// shared one, then the three new ones in sha256 order), each annotation on the version it was made on,
// the same export, and quiet rounds after.
func TestSplitVersionHistoriesThreeWays(t *testing.T) {
	o, libs, base := sharedArticle(t, "split3", "ana", "ben", "cam")
	a, b, c := libs[0], libs[1], libs[2]
	baseText := convergeTexts[0]
	type edit struct {
		who         string
		s           *store.Store
		text, exact string
		ann         store.Annotation
	}
	edits := []*edit{
		{who: "ana", s: a, text: "Correction, Tuesday: " + baseText, exact: "Correction, Tuesday"},
		{who: "ben", s: b, text: baseText + " Update, Wednesday: the board voted.", exact: "the board voted"},
		{who: "cam", s: c, text: baseText + " Editor's note: a name was misspelt.", exact: "a name was misspelt"},
	}
	var shas []string
	for _, e := range edits {
		e.ann = annotateNewVersion(t, e.who, e.s, base.SHA256, e.text, e.exact, e.who+"'s")
		shas = append(shas, shaOfText(e.text))
	}
	slices.Sort(shas)
	for _, r := range rounds(t, o, a, b, c, a, b, c, a, b, c) {
		for _, p := range r.Problems {
			t.Errorf("problem: %s", p)
		}
	}
	d := openTeamLibrary(t, "dan") // joins now, with the shared documents only
	rounds(t, o, d)
	want := append([]string{"", base.SHA256}, shas...)
	named := []struct {
		name string
		s    *store.Store
	}{{"ana", a}, {"ben", b}, {"cam", c}, {"dan", d}}
	for _, l := range named {
		ds, err := l.s.Documents()
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) != len(convergeTexts) {
			t.Errorf("%s has %d documents, want %d (a copy of the article was made)", l.name, len(ds), len(convergeTexts))
		}
		doc, ok, err := l.s.DocumentBySHA(want[len(want)-1])
		if err != nil || !ok {
			t.Fatalf("%s: no document is at %s: %v", l.name, want[len(want)-1][:8], err)
		}
		if got, err := l.s.SyncVersionSHAs(doc.ID); err != nil || !slices.Equal(got, want) {
			t.Fatalf("%s's versions %v, want %v (%v)", l.name, got, want, err)
		}
		for _, e := range edits {
			wantOn(t, l.s, l.name, e.ann.ID, e.text, e.exact)
		}
	}
	rounds(t, o, a, b, c, d) // the last joins settle (a library pushes once more what its join wrote)
	r := rounds(t, o, a, b, c, d)
	for i, l := range named {
		quiet(t, "after the three-way split", o, r[i], l.s)
		if r[i].Pushed != 0 || r[i].Pulled != 0 {
			t.Fatalf("%s's round after the split moved %+v", l.name, r[i])
		}
	}
	ea := normalisedExport(t, a)
	for _, l := range named[1:] {
		if e := normalisedExport(t, l.s); e != ea {
			t.Fatalf("ana and %s differ: %s", l.name, firstDiff(ea, e))
		}
	}
}

// A title edited on one library while apart, with its own new version, reaches the other library once
// the split histories are joined: the edit travels on a record that is then named by a version that is an
// older one there, and the library that made it sends it again under the joined history's newest version.
func TestSplitHistoryKeepsATitleEditedApart(t *testing.T) {
	o, libs, base := sharedArticle(t, "split-title", "ana", "ben")
	a, b := libs[0], libs[1]
	for _, l := range []struct {
		s    *store.Store
		text string
	}{{a, "Correction: " + convergeTexts[0]}, {b, convergeTexts[0] + " Update: the board voted."}} {
		d := addVersionApart(t, l.s, base.SHA256, l.text)
		if l.s == a {
			if _, err := a.SetMetadata(d.ID, "Bulletin 0, corrected", "2026-12-01"); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, r := range rounds(t, o, a, b, a, b, a, b) {
		for _, p := range r.Problems {
			t.Errorf("problem: %s", p)
		}
	}
	for _, l := range []struct {
		name string
		s    *store.Store
	}{{"ana", a}, {"ben", b}} {
		ds, err := l.s.Documents()
		if err != nil {
			t.Fatal(err)
		}
		var titles []string
		for _, d := range ds {
			titles = append(titles, d.Title+" "+d.Date)
		}
		if !slices.Contains(titles, "Bulletin 0, corrected 2026-12-01") {
			t.Errorf("%s's titles %q: ana's edit made apart is lost", l.name, titles)
		}
	}
}

// An annotation made on the shared version before the split is re-anchored by each library onto its own
// new version; after the join both libraries hold it in the same place, and its anchor describes that
// place (not the version it was left on here before the other library's record moved it).
func TestSplitHistoryAnnotationMadeBefore(t *testing.T) {
	o, libs, base := sharedArticle(t, "split-before", "ana", "ben")
	a, b := libs[0], libs[1]
	text := convergeTexts[0]
	exact := strings.Join(strings.Fields(text)[2:5], " ")
	at := len([]rune(text[:strings.Index(text, exact)]))
	ann, err := a.CreateAnnotation(store.NewAnnotation{DocID: base.ID, Start: at, End: at + len([]rune(exact)), Note: "before the split"})
	if err != nil {
		t.Fatal(err)
	}
	rounds(t, o, a, b, a, b)
	for _, l := range []struct {
		s    *store.Store
		text string
	}{{a, "Correction: " + text}, {b, text + " Update: the board voted."}} {
		addVersionApart(t, l.s, base.SHA256, l.text)
	}
	rounds(t, o, a, b, a, b, a, b, a, b)
	var places []string
	for _, l := range []struct {
		name string
		s    *store.Store
	}{{"ana", a}, {"ben", b}} {
		got, err := l.s.Annotation(ann.ID)
		if err != nil {
			t.Fatalf("%s lost the annotation: %v", l.name, err)
		}
		v, err := l.s.Version(got.DocID, got.Version)
		if err != nil {
			t.Fatal(err)
		}
		if got.Anchor.Version != got.Version {
			t.Errorf("%s: the annotation is on version %d but its anchor describes version %d (%s)", l.name, got.Version, got.Anchor.Version, got.Anchor.Status)
		}
		if string([]rune(v.Text)[got.Start:got.End]) != exact {
			t.Errorf("%s: the annotation is on %q", l.name, string([]rune(v.Text)[got.Start:got.End]))
		}
		places = append(places, fmt.Sprintf("%s %d-%d %s", v.SHA256[:8], got.Start, got.End, got.Anchor.Status))
	}
	if places[0] != places[1] {
		t.Errorf("the libraries hold the annotation differently: ana %s, ben %s", places[0], places[1])
	}
}
