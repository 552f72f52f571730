package app

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gloss/store"
	"gloss/storetest"
)

// A captured page edited after it was annotated: Check for updates makes version 2, the document is
// listed as changed since annotated, and VersionDiff shows the edit word by word with both versions'
// capture records.
func TestVersionDiffAndAnnotatedChanges(t *testing.T) {
	var edited atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		day := "Tuesday"
		if edited.Load() {
			day = "Monday"
		}
		io.WriteString(w, `<html><head><title>Harbour news</title></head><body><article><h1>Harbour news</h1>
<p>The harbour will close for a week in March while the old quay is repaired, the port authority said on `+day+`.</p>
<p>Ferries will sail from the north pier instead, with buses to the town centre every half hour.</p></article></body></html>`)
	}))
	defer srv.Close()
	s := storetest.Open(t)
	a := New(s, nil, io.Discard)
	res, err := a.ImportURLs([]string{srv.URL + "/harbour"})
	if err != nil || len(res) != 1 || res[0].Status != "imported" {
		t.Fatalf("ImportURLs: %+v %v", res, err)
	}
	id := res[0].DocID
	v1, err := s.Version(id, 0)
	if err != nil {
		t.Fatal(err)
	}
	at := strings.Index(v1.Text, "Ferries")
	if _, err := s.CreateAnnotation(store.NewAnnotation{DocID: id, Start: len([]rune(v1.Text[:at])), End: len([]rune(v1.Text[:at])) + 7}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.VersionDiff(id, 0, 0); err == nil || !strings.Contains(err.Error(), "no version 0") {
		t.Errorf("VersionDiff of a one-version document: %v", err)
	}
	if ch, err := a.AnnotatedChanges(); err != nil || len(ch) != 0 {
		t.Errorf("AnnotatedChanges before the edit: %+v %v", ch, err)
	}
	time.Sleep(2 * time.Millisecond)
	edited.Store(true)
	ref, err := a.RefreshDocuments([]string{id})
	if err != nil || len(ref) != 1 || ref[0].Status != "changed" || ref[0].Version != 2 {
		t.Fatalf("RefreshDocuments: %+v %v", ref, err)
	}
	ch, err := a.AnnotatedChanges()
	if err != nil || len(ch) != 1 || (ch[0] != store.AnnotatedChange{DocID: id, AnnotatedOn: 1, Current: 2, Annotations: 1}) {
		t.Fatalf("AnnotatedChanges after the edit: %+v %v", ch, err)
	}
	d, err := a.VersionDiff(id, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	var ins, del []string
	for _, p := range d.Parts {
		switch p.Op {
		case "insert":
			ins = append(ins, p.Text)
		case "delete":
			del = append(del, p.Text)
		}
	}
	if strings.Join(ins, "|") != "Monday" || strings.Join(del, "|") != "Tuesday" {
		t.Errorf("diff inserts %q, deletes %q; want Monday for Tuesday", ins, del)
	}
	if d.Summary.Inserted != 1 || d.Summary.Deleted != 1 || d.Summary.Changes != 1 {
		t.Errorf("summary %+v", d.Summary)
	}
	if d.From.N != 1 || d.To.N != 2 || !d.To.Current || d.From.Capture == nil || d.To.Capture == nil ||
		d.From.Capture.TextSHA256 == d.To.Capture.TextSHA256 || d.Title != "Harbour news" {
		t.Errorf("versions: from %+v to %+v title %q", d.From, d.To, d.Title)
	}
	// from = 0 is the version before to; the same version twice or one out of range is an error.
	if back, err := a.VersionDiff(id, 0, 2); err != nil || back.From.N != 1 {
		t.Errorf("VersionDiff(0, 2): from %d, %v", back.From.N, err)
	}
	if _, err := a.VersionDiff(id, 2, 2); err == nil || !strings.Contains(err.Error(), "two different versions") {
		t.Errorf("VersionDiff(2, 2): %v", err)
	}
	if _, err := a.VersionDiff(id, 1, 3); err == nil || !strings.Contains(err.Error(), "versions 1 to 2") {
		t.Errorf("VersionDiff(1, 3): %v", err)
	}
}
