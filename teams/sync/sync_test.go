package sync

import (
	"context"
	"strings"
	"testing"

	"gloss/store"
	"gloss/storetest"
	"gloss/teams/sync/synctest"
)

func TestCheckURL(t *testing.T) {
	for _, ok := range []string{"http://127.0.0.1:5984", "http://localhost:5984/", "http://[::1]:5984", "https://couch.example.org"} {
		if _, err := CheckURL(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"http://couch.example.org", "http://10.0.0.2:5984", "ftp://127.0.0.1", "127.0.0.1:5984", ""} {
		if _, err := CheckURL(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

// Pulled in batches of one change each: every batch is its own transaction and moves the _local checkpoint,
// and the library ends with everything the other pushed; a fresh round resumes from the checkpoint.
func TestPullInBatchesFromCheckpoint(t *testing.T) {
	srv := synctest.Start(t)
	a, b := storetest.Open(t), storetest.Open(t)
	tags := []store.NewTag{{Name: "Claims", Colour: "#aa0000", Description: "asserted"}, {Name: "Sources"}, {Name: "Frames"}}
	if _, failed, err := a.CreateTags(tags); err != nil || len(failed) > 0 {
		t.Fatal(err, failed)
	}
	ctx := context.Background()
	o := Options{Server: srv.URL, Project: "batches"}
	if r, err := Round(ctx, a, o); err != nil || r.Pushed != 3 {
		t.Fatalf("push: %+v %v", r, err)
	}
	o.Batch = 1
	r, err := Round(ctx, b, o)
	if err != nil || r.Pulled != 3 || r.Since != "0" {
		t.Fatalf("pull in batches: %+v %v", r, err)
	}
	got, _, err := b.TagByPath("claims")
	if err != nil || got.Colour != "#aa0000" || got.Description != "asserted" {
		t.Fatalf("pulled tag: %+v %v", got, err)
	}
	r2, err := Round(ctx, b, o)
	if err != nil || r2.Pulled != 0 || r2.Pushed != 0 || r2.Since != r.Checkpoint || r.Checkpoint == "0" {
		t.Fatalf("second round should start at the checkpoint %q: %+v %v", r.Checkpoint, r2, err)
	}
	if strings.TrimSpace(b.Setting(SettingServer)) != srv.URL || b.Setting(SettingProject) != "batches" {
		t.Fatal("settings not remembered")
	}
}

func addDoc(t *testing.T, s *store.Store, text, sha string) store.Document {
	t.Helper()
	d, err := s.AddDocument(store.NewDocument{Title: "Bulletin", Format: "txt", Text: text, SHA256: sha})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// With the texts kept local, an annotation whose document this library lacks is reported and not
// remembered; once the document is imported here, the next round brings it: the checkpoint waited before it.
func TestAnnotationWithoutItsDocumentIsReported(t *testing.T) {
	srv := synctest.Start(t)
	a, b := storetest.Open(t), storetest.Open(t)
	if err := a.SetSetting(SettingKeepTextsLocal, "true"); err != nil {
		t.Fatal(err)
	}
	text := "The county will not comply with detainer requests."
	d := addDoc(t, a, text, strings.Repeat("ab", 32))
	ann, err := a.CreateAnnotation(store.NewAnnotation{DocID: d.ID, Start: 4, End: 10, Note: "who"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	o := Options{Server: srv.URL, Project: "docs"}
	if _, err := Round(ctx, a, o); err != nil {
		t.Fatal(err)
	}
	r, err := Round(ctx, b, o)
	if err != nil || len(r.Problems) != 1 || !strings.Contains(r.Problems[0], "not in this library") || r.Pulled != 0 {
		t.Fatalf("missing document: %+v %v", r, err)
	}
	if _, err := b.Annotation(ann.ID); err == nil {
		t.Fatal("an annotation without its document was stored")
	}
	recs, err := b.SyncRecords()
	if err != nil || len(recs) != 0 {
		t.Fatalf("a skipped record was remembered: %v %v", recs, err)
	}
	if r, err := Round(ctx, b, o); err != nil || r.Pushed != 0 {
		t.Fatalf("B pushed something it never had: %+v %v", r, err)
	}
	addDoc(t, b, text, strings.Repeat("ab", 32))
	if r, err := Round(ctx, b, o); err != nil || r.Pulled != 1 || len(r.Problems) != 0 || r.Pushed != 0 {
		t.Fatalf("B after importing the document (its record taken as known): %+v %v", r, err)
	}
	if got, err := b.Annotation(ann.ID); err != nil || got.Note != "who" {
		t.Fatalf("B's copy: %+v %v", got, err)
	}
	c := storetest.Open(t) // a library that has the document from the start gets everything in one round
	addDoc(t, c, text, strings.Repeat("ab", 32))
	if r, err := Round(ctx, c, o); err != nil || r.Pulled != 1 || r.Pushed != 0 {
		t.Fatalf("C: %+v %v", r, err)
	}
	got, err := c.Annotation(ann.ID)
	if err != nil || got.Exact != "county" || got.Note != "who" {
		t.Fatalf("C's copy: %+v %v", got, err)
	}
}

// The same tag made on two libraries with other capitals and colours: one record on the server, CouchDB's
// winner on both, and then quiet rounds (no spelling pushed back and forth).
func TestSameTagTwiceSettles(t *testing.T) {
	srv := synctest.Start(t)
	a, b := storetest.Open(t), storetest.Open(t)
	if _, err := a.CreateTag(store.NewTag{Name: "Claims", Colour: "#aa0000"}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.CreateTag(store.NewTag{Name: "claims", Colour: "#00aa00"}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	o := Options{Server: srv.URL, Project: "case"}
	for _, s := range []*store.Store{a, b, a} {
		if _, err := Round(ctx, s, o); err != nil {
			t.Fatal(err)
		}
	}
	ta, _, _ := a.TagByPath("claims")
	tb, _, _ := b.TagByPath("claims")
	if ta.Name != tb.Name || ta.Colour != tb.Colour {
		t.Fatalf("not settled: %+v %+v", ta, tb)
	}
	for _, s := range []*store.Store{a, b} {
		if r, err := Round(ctx, s, o); err != nil || r.Pushed != 0 || r.Pulled != 0 {
			t.Fatalf("a quiet round moved something: %+v %v", r, err)
		}
	}
}
