package sync

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/go-kivik/kivik/v4"
	"github.com/go-kivik/kivik/v4/couchdb"

	"gloss/store"
	"gloss/storetest"
	"gloss/teams/sync/synctest"
)

// A library that lacks an article gets it from the other's texts: both versions byte for byte (with its
// markup), its sha256s and details, and with it the memo, a project note, a resolution and an
// annotation on it; then both are quiet.
func TestDocumentTravelsWithItsTexts(t *testing.T) {
	srv := synctest.Start(t)
	a, b := storetest.Open(t), storetest.Open(t)
	v1 := "Le préfet a dit « non ».\r\nZweite Zeile — mit 🙂 e\u0301 und\ttab.\n"
	v2 := v1 + "Correction: the prefect said \"maybe\".\n"
	d, err := a.AddDocument(store.NewDocument{Title: "Préfet", Date: "2024-05-01", Source: "Le Monde", Format: "md",
		URL: "https://example.org/p", Text: v1, Raw: "# Préfet\n\n" + v1, SHA256: strings.Repeat("1a", 32),
		Meta: store.Meta{Authors: []string{"Anne"}, Language: "fr"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.AddVersion(d.ID, store.NewVersion{Text: v2, SHA256: strings.Repeat("2b", 32), BodyStart: 3}); err != nil {
		t.Fatal(err)
	}
	tag, err := a.CreateTag(store.NewTag{Name: "Claims"})
	if err != nil {
		t.Fatal(err)
	}
	ann, err := a.CreateAnnotation(store.NewAnnotation{DocID: d.ID, Start: 3, End: 9, Tags: []string{tag.ID}, Note: "who"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.SaveNote(store.Note{DocID: d.ID, Title: "Memo", Body: "about the prefect"}); err != nil {
		t.Fatal(err)
	}
	note, err := a.SaveNote(store.Note{Title: "Plan", Body: "code the rest"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ResolveDisagreement(store.Resolution{DocID: d.ID, TagID: tag.ID, Start: 3, End: 9, With: []string{"x", "y"}}); err != nil {
		t.Fatal(err)
	}
	o := Options{Server: srv.URL, Project: "texts"}
	rs := rounds(t, o, a, b)
	if len(rs[1].Problems) != 0 {
		t.Fatalf("B: %+v", rs[1])
	}
	got, ok, err := b.DocumentBySHA(strings.Repeat("2b", 32))
	if err != nil || !ok || got.Title != "Préfet" || got.Version != 2 || got.Date != "2024-05-01" || got.Source != "Le Monde" ||
		got.BodyStart != 3 || got.Meta.Language != "fr" || len(got.Meta.Authors) != 1 || got.Format != "md" {
		t.Fatalf("B's document: %+v %v %v", got, ok, err)
	}
	for n, want := range map[int]string{1: v1, 2: v2} {
		v, err := b.Version(got.ID, n)
		if err != nil || v.Text != want || v.SHA256 != strings.Repeat([]string{"", "1a", "2b"}[n], 32) {
			t.Fatalf("B's version %d: %q %v", n, v.Text, err)
		}
		if n == 1 && v.Raw != "# Préfet\n\n"+v1 {
			t.Fatalf("B's markup: %q", v.Raw)
		}
	}
	ga, err := b.Annotation(ann.ID)
	if err != nil || ga.DocID != got.ID || ga.Exact != ann.Exact || ga.Note != "who" {
		t.Fatalf("B's annotation: %+v %v", ga, err)
	}
	memo, found, _ := b.DocumentNote(got.ID)
	notes, _ := b.Notes()
	if !found || memo.Body != "about the prefect" || len(notes) != 2 {
		t.Fatalf("B's notes: %+v %+v", memo, notes)
	}
	if pn := notes[0]; pn.ID != note.ID && notes[1].ID != note.ID {
		t.Fatalf("the project note keeps its id: %+v", notes)
	}
	res, _ := b.Resolutions()
	if len(res) != 1 || res[0].DocID != got.ID || res[0].Start != 3 || strings.Join(res[0].With, ",") != "x,y" {
		t.Fatalf("B's resolutions: %+v", res)
	}
	for _, s := range []*store.Store{a, b, a} {
		if r, err := Round(context.Background(), s, o); err != nil || r.Pushed != 0 || r.Pulled != 0 {
			t.Fatalf("not quiet: %+v %v", r, err)
		}
	}
	// edits and deletions of each travel back
	if _, err := b.SetMetadata(got.ID, "Le préfet", "2024-05-02"); err != nil {
		t.Fatal(err)
	}
	if err := b.DeleteNote(memo.ID); err != nil {
		t.Fatal(err)
	}
	if err := b.ReopenDisagreement(got.ID, res[0].TagID, 3, 9); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SaveNote(store.Note{ID: note.ID, Title: "Plan", Body: "code the rest, then compare"}); err != nil {
		t.Fatal(err)
	}
	rounds(t, o, b, a)
	da, _ := a.Document(d.ID)
	_, memoLeft, _ := a.DocumentNote(d.ID)
	resA, _ := a.Resolutions()
	notesA, _ := a.Notes()
	if da.Title != "Le préfet" || da.Date != "2024-05-02" || memoLeft || len(resA) != 0 || len(notesA) != 1 ||
		notesA[0].Body != "code the rest, then compare" {
		t.Fatalf("A after B's edits: %+v memo %v res %+v notes %+v", da, memoLeft, resA, notesA)
	}
}

// With the texts kept local, the server gets a document's hashes only: no text, no title.
func TestKeepTextsLocalSendsHashesOnly(t *testing.T) {
	srv := synctest.Start(t)
	a, b := storetest.Open(t), storetest.Open(t)
	if err := a.SetSetting(SettingKeepTextsLocal, "true"); err != nil {
		t.Fatal(err)
	}
	d := addDoc(t, a, "A confidential source said so.", strings.Repeat("3c", 32))
	if _, err := a.CreateAnnotation(store.NewAnnotation{DocID: d.ID, Start: 2, End: 14}); err != nil {
		t.Fatal(err)
	}
	o := Options{Server: srv.URL, Project: "local"}
	if st, _ := StatusOf(a); !st.KeepTextsLocal || st.Pending != 2 {
		t.Fatalf("status: %+v", st)
	}
	rs := rounds(t, o, a, b)
	client, err := kivik.New("couch", srv.URL, couchdb.OptionNoRequestCompression())
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := client.DB("local").Get(context.Background(), "doc:"+d.SHA256, kivik.Param("attachments", true)).ScanDoc(&raw); err != nil {
		t.Fatal(err)
	}
	whole, _ := json.Marshal(raw)
	if _, ok := raw["_attachments"]; ok || strings.Contains(string(whole), "Bulletin") || strings.Contains(string(whole), "confidential") ||
		!strings.Contains(string(whole), textSHA("A confidential source said so.")) {
		t.Fatalf("the server has more than hashes: %s", whole)
	}
	if docs, _ := b.Documents(); len(docs) != 0 || len(rs[1].Problems) != 1 {
		t.Fatalf("B got a document it cannot have: %+v %+v", docs, rs[1])
	}
}

// Notes are never last-writer-wins: a project note edited on two libraries is a conflict shown, and
// keeping both joins the texts; two memos written on one document are one record in conflict.
func TestNotesConflictInsteadOfBeingDropped(t *testing.T) {
	srv := synctest.Start(t)
	a, b := storetest.Open(t), storetest.Open(t)
	sha := strings.Repeat("4d", 32)
	da := addDoc(t, a, "Text of the article.", sha)
	db := addDoc(t, b, "Text of the article.", sha)
	note, err := a.SaveNote(store.Note{Title: "Plan", Body: "start"})
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Server: srv.URL, Project: "notes"}
	rounds(t, o, a, b)
	if _, err := a.SaveNote(store.Note{ID: note.ID, Title: "Plan", Body: "A's plan"}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SaveNote(store.Note{ID: note.ID, Title: "Plan", Body: "B's plan"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SaveNote(store.Note{DocID: da.ID, Title: "Memo", Body: "A's memo"}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SaveNote(store.Note{DocID: db.ID, Title: "Memo", Body: "B's memo"}); err != nil {
		t.Fatal(err)
	}
	rounds(t, o, a, b, a)
	for name, s := range map[string]*store.Store{"A": a, "B": b} {
		cs, _ := Conflicts(s)
		kinds := map[string]bool{}
		for _, c := range cs {
			kinds[c.Kind] = true
		}
		if len(cs) != 2 || !kinds["note"] || !kinds["memo"] {
			t.Fatalf("%s: %+v", name, cs)
		}
	}
	for _, id := range []string{"note:" + note.ID, "memo:" + sha} {
		if err := Resolve(context.Background(), a, o, id, KeepBoth); err != nil {
			t.Fatal(err)
		}
	}
	rounds(t, o, a, b, a)
	for name, s := range map[string]*store.Store{"A": a, "B": b} {
		if cs, _ := Conflicts(s); len(cs) != 0 {
			t.Fatalf("%s: %+v", name, cs)
		}
		notes, _ := s.Notes()
		if len(notes) != 2 {
			t.Fatalf("%s: %+v", name, notes)
		}
		for _, n := range notes {
			if want := map[bool][]string{true: {"A's memo", "B's memo"}, false: {"A's plan", "B's plan"}}[n.DocID != ""]; !strings.Contains(n.Body, want[0]) || !strings.Contains(n.Body, want[1]) {
				t.Fatalf("%s: note %q does not hold both %q", name, n.Body, want)
			}
		}
	}
	for _, s := range []*store.Store{a, b} {
		if r, err := Round(context.Background(), s, o); err != nil || r.Pushed != 0 || r.Pulled != 0 {
			t.Fatalf("not quiet: %+v %v", r, err)
		}
	}
}

// A merged annotation deleted on one library and pulled as a deletion leaves a tombstone on the other
// too, so merging the file again there does not bring it back.
func TestPulledDeletionLeavesTombstone(t *testing.T) {
	srv := synctest.Start(t)
	a, b := storetest.Open(t), storetest.Open(t)
	sha := strings.Repeat("5e", 32)
	da := addDoc(t, a, "Merged from a coder's file.", sha)
	db := addDoc(t, b, "Merged from a coder's file.", sha)
	id := "0190aaaa-bbbb-7ccc-8ddd-eeeeffff0001"
	when := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) // the same merged file: the same annotation on both
	for _, c := range []struct {
		s   *store.Store
		doc string
	}{{a, da.ID}, {b, db.ID}} {
		if _, err := c.s.CreateAnnotations([]store.NewAnnotation{{ID: id, DocID: c.doc, Start: 0, End: 6,
			Merged: "coder.json", Author: "ana", Created: when}}, "merge"); err != nil {
			t.Fatal(err)
		}
	}
	o := Options{Server: srv.URL, Project: "tomb"}
	rounds(t, o, a, b)
	if err := a.DeleteAnnotation(id); err != nil {
		t.Fatal(err)
	}
	rounds(t, o, a, b)
	if _, err := b.Annotation(id); err == nil {
		t.Fatal("the deletion did not travel")
	}
	if ts, _ := b.Tombstones(); len(ts) != 1 || ts[0].ID != id {
		t.Fatalf("B's tombstones: %+v", ts)
	}
}

// A document's details edited on two libraries are a conflict; taking the other's keeps the texts on
// the server, so a third library that lacks the article still gets it.
func TestDocumentDetailsConflictKeepsTexts(t *testing.T) {
	srv := synctest.Start(t)
	a, b, c := storetest.Open(t), storetest.Open(t), storetest.Open(t)
	text := "An article both coders have."
	d := addDoc(t, a, text, strings.Repeat("6f", 32))
	o := Options{Server: srv.URL, Project: "details"}
	rounds(t, o, a, b)
	db, ok, _ := b.DocumentBySHA(d.SHA256)
	if !ok {
		t.Fatal("B did not get the document")
	}
	if _, err := a.SetMetadata(d.ID, "Title by A", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SetMetadata(db.ID, "Title by B", ""); err != nil {
		t.Fatal(err)
	}
	rounds(t, o, a, b, a)
	cs, _ := Conflicts(b)
	if len(cs) != 1 || cs[0].Kind != "document" {
		t.Fatalf("B: %+v", cs)
	}
	if err := Resolve(context.Background(), b, o, cs[0].ID, TakeLoser); err != nil {
		t.Fatal(err)
	}
	rounds(t, o, b, a, c)
	da, _ := a.Document(d.ID)
	dbb, _ := b.Document(db.ID)
	dc, ok, _ := c.DocumentBySHA(d.SHA256)
	if !ok || da.Title != dbb.Title || dc.Title != da.Title {
		t.Fatalf("titles: A %q B %q C %q (C has it: %v)", da.Title, dbb.Title, dc.Title, ok)
	}
	if v, err := c.Version(dc.ID, 1); err != nil || v.Text != text {
		t.Fatalf("C's text: %q %v", v.Text, err)
	}
}
