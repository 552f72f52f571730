package sync

import (
	"context"
	"testing"

	"gloss/store"
	"gloss/storetest"
)

// A document deleted on one library travels as a removal, never as a deletion of the others' work: the
// libraries that have it keep it with every annotation and show "removed by ana"; the remover's library
// leaves the document's records on the server alone (a later edit of ben's is neither applied there nor
// reported); "delete here too" removes it the same way; keeping it publishes it again, so a library that
// joins later gets it, annotations and all. Every round is quiet.
func TestDocumentRemovalTravelsAsANotice(t *testing.T) {
	r := newConvergeRun(t, "removal", "ana", "ben", "cleo")
	a, b, c := r.libs[0].s, r.libs[1].s, r.libs[2].s
	o := r.o
	docOf := func(s *store.Store) store.Document {
		d, ok, err := s.DocumentBySHA(shaOfText(convergeTexts[0]))
		if err != nil || !ok {
			t.Fatalf("the document is gone: %v", err)
		}
		return d
	}
	annA, err := a.CreateAnnotation(store.NewAnnotation{DocID: docOf(a).ID, Start: 0, End: 10, Note: "ana's"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.SaveNote(store.Note{DocID: docOf(a).ID, Title: "Memo", Body: "ana's memo"}); err != nil {
		t.Fatal(err)
	}
	rounds(t, o, a, b, c)
	annB, err := b.CreateAnnotation(store.NewAnnotation{DocID: docOf(b).ID, Start: 4, End: 10, Note: "ben's"})
	if err != nil {
		t.Fatal(err)
	}
	rounds(t, o, b, a, c)

	if err := a.DeleteDocument(docOf(a).ID); err != nil {
		t.Fatal(err)
	}
	res := rounds(t, o, a, b, c, a)
	for i, s := range []*store.Store{a, b, c, a} {
		quiet(t, "after the removal", o, res[i], s)
	}
	if res[0].Deleted != 1 {
		t.Fatalf("ana's round sent %d deletions, want the one removal and no annotation's", res[0].Deleted)
	}
	for _, l := range []struct {
		name string
		s    *store.Store
	}{{"ben", b}, {"cleo", c}} {
		d := docOf(l.s)
		if d.Annotations != 2 {
			t.Fatalf("%s's copy lost annotations: %d", l.name, d.Annotations)
		}
		if memo, found, err := l.s.DocumentNote(d.ID); err != nil || !found || memo.Body != "ana's memo" {
			t.Fatalf("%s's memo: %+v %v %v", l.name, memo, found, err)
		}
		ns, err := Removals(l.s)
		if err != nil || len(ns) != 1 || ns[0].By != "ana" || ns[0].DocID != d.ID || ns[0].Title != d.Title {
			t.Fatalf("%s's notice: %+v %v", l.name, ns, err)
		}
	}
	if _, ok, _ := a.DocumentBySHA(shaOfText(convergeTexts[0])); ok {
		t.Fatal("the document came back to ana")
	}
	if n := pendingOf(t, a); n != 0 {
		t.Fatalf("ana has %d pending", n)
	}
	// ben edits his annotation: ana's library neither applies it nor reports it
	if _, err := b.UpdateAnnotation(annB.ID, nil, "ben's, again"); err != nil {
		t.Fatal(err)
	}
	res = rounds(t, o, b, a)
	quiet(t, "ben's edit", o, res[1], a)
	if res[1].Pulled != 0 {
		t.Fatalf("ana pulled %d records of a document she removed", res[1].Pulled)
	}

	// ben deletes it too; cleo keeps it, which publishes it again
	if err := SettleRemoval(b, shaOfText(convergeTexts[0]), true); err != nil {
		t.Fatal(err)
	}
	rounds(t, o, b, c)
	if ns, _ := Removals(c); len(ns) != 1 || ns[0].By != "ben" {
		t.Fatalf("cleo's notice after ben's removal: %+v", ns)
	}
	if err := SettleRemoval(c, shaOfText(convergeTexts[0]), false); err != nil {
		t.Fatal(err)
	}
	res = rounds(t, o, c, a, b, c)
	for i, s := range []*store.Store{c, a, b, c} {
		quiet(t, "kept", o, res[i], s)
	}
	if ns, _ := Removals(c); len(ns) != 0 {
		t.Fatalf("cleo's notice stayed: %+v", ns)
	}
	if d := docOf(c); d.Annotations != 2 {
		t.Fatalf("cleo's copy: %d annotations", d.Annotations)
	}
	for _, s := range []*store.Store{a, b} {
		if _, ok, _ := s.DocumentBySHA(shaOfText(convergeTexts[0])); ok {
			t.Fatal("publishing it again brought the document back to a library that removed it")
		}
	}
	late := storetest.Open(t)
	res = rounds(t, o, late)
	quiet(t, "a library joining later", o, res[0], late)
	d := docOf(late)
	if d.Annotations != 2 {
		t.Fatalf("the late library's copy: %d annotations", d.Annotations)
	}
	if got, err := late.Annotation(annA.ID); err != nil || got.Note != "ana's" {
		t.Fatalf("ana's annotation at the late library: %+v %v", got, err)
	}
	if _, err := Round(context.Background(), c, o); err != nil {
		t.Fatal(err)
	}
}
