package app

import (
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"gloss/archive"
	"gloss/store"
	"gloss/storetest"
)

// The bindings hand the work to ingest/capture; this checks the wiring: results, the import slot, the
// captured page and its refusal for a version that was not captured.
func TestCaptureBindings(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, `<html><head><title>Harbour news</title></head><body><article><h1>Harbour news</h1>
<p>The harbour will close for a week in March while the old quay is repaired, the port authority said.</p>
<script>alert(1)</script><p>Ferries will sail from the north pier instead, with buses to the town centre.</p></article></body></html>`)
	}))
	defer srv.Close()
	s := storetest.Open(t)
	a := New(s, nil, io.Discard)
	res, err := a.ImportURLs([]string{srv.URL + "/harbour", "ftp://nowhere/"})
	if err != nil || len(res) != 2 || res[0].Status != "imported" || res[0].Title != "Harbour news" || res[1].Status != "error" {
		t.Fatalf("ImportURLs: %+v %v", res, err)
	}
	page, err := a.CapturedPage(res[0].DocID, 0)
	if err != nil || !strings.Contains(page, "north pier") || strings.Contains(page, "<script") || !strings.Contains(page, "Content-Security-Policy") {
		t.Errorf("CapturedPage: %v\n%s", err, page)
	}
	refreshed, err := a.RefreshDocuments(nil)
	if err != nil || len(refreshed) != 1 || refreshed[0].Status != "unchanged" || refreshed[0].DocID != res[0].DocID {
		t.Errorf("RefreshDocuments: %+v %v", refreshed, err)
	}
	typed, err := s.AddDocument(store.NewDocument{Title: "Typed", Format: "txt", Text: "Words typed by hand."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.CapturedPage(typed.ID, 0); err == nil || !strings.Contains(err.Error(), "not captured") {
		t.Errorf("CapturedPage of a typed document: %v", err)
	}
	// A backup from the window carries the archive beside it.
	backup := filepath.Join(t.TempDir(), "copy.db")
	if err := a.backupTo(backup); err != nil {
		t.Fatal(err)
	}
	if files, _ := archive.Of(backup).Files(); len(files) == 0 {
		t.Error("the backup has no archive")
	}
	// One import at a time: a running one holds the slot.
	_, done, err := a.startFetching()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ImportURLs([]string{srv.URL}); err == nil || !strings.Contains(err.Error(), "another import") {
		t.Errorf("second import: %v", err)
	}
	done()
}
