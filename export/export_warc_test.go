package export_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	gowarc "github.com/nlnwa/gowarc/v3"

	"gloss/export"
	"gloss/ingest/capture"
	"gloss/store"
	"gloss/storetest"
)

func warcPage(title, text string) string {
	return fmt.Sprintf(`<html><head><title>%s</title></head><body><article><h1>%s</h1><p>%s</p><p>Residents of the
valley were told on Monday that the road would stay closed for repairs until the end of the month at least.</p>
</article></body></html>`, title, title, text)
}

func TestWARCExportHoldsTheChosenCaptures(t *testing.T) {
	var mu sync.Mutex
	pages := map[string]string{
		"/one":   warcPage("Road closed", "The valley road is closed."),
		"/two":   warcPage("School opens", "The new school opens in May."),
		"/three": warcPage("Mill sold", "The mill was sold."),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, "/three", http.StatusMovedPermanently)
			return
		}
		mu.Lock()
		body, ok := pages[r.URL.Path]
		mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, body)
	}))
	defer srv.Close()
	s := storetest.Open(t)
	c := capture.New(s, capture.Options{Timeout: 5 * time.Second})
	defer c.Close()
	res, err := c.ImportURLs(context.Background(), []string{srv.URL + "/one", srv.URL + "/two", srv.URL + "/moved"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	pages["/one"] = warcPage("Road closed", "The valley road is open again.")
	mu.Unlock()
	if r, _ := c.Refresh(context.Background(), []string{res[0].DocID}, nil); r[0].Status != capture.StatusChanged {
		t.Fatalf("refresh: %+v", r)
	}

	// Documents one (two versions) and three (behind a redirect); not two.
	var buf bytes.Buffer
	if err := export.Export(s, "warc", &buf, export.ExportOptions{DocIDs: []string{res[0].DocID, res[2].DocID}}); err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, id := range []string{res[0].DocID, res[2].DocID} {
		infos, _ := s.Versions(id)
		for _, v := range infos {
			want[v.Capture.WARCRecordID] = true
		}
	}
	r, err := gowarc.NewWarcFileReaderFromStream(bytes.NewReader(buf.Bytes()), 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	targets := map[string]bool{}
	for rec, err := range r.Records() {
		if err != nil {
			t.Fatal(err)
		}
		wr := rec.WarcRecord
		types = append(types, wr.Type().String())
		id := "<" + strings.Trim(wr.RecordId(), "<>") + ">"
		delete(want, id)
		targets[wr.WarcHeader().Get(gowarc.WarcTargetURI)] = true
		raw, _ := wr.Block().RawBytes()
		block, _ := io.ReadAll(raw)
		if sum := sha256.Sum256(block); wr.WarcHeader().Get(gowarc.WarcBlockDigest) != "sha256:"+hex.EncodeToString(sum[:]) {
			t.Errorf("%s: block digest", id)
		}
		if hb, ok := wr.Block().(gowarc.HttpResponseBlock); ok && wr.Type() == gowarc.Response {
			pr, _ := hb.PayloadBytes()
			payload, _ := io.ReadAll(pr)
			if sum := sha256.Sum256(payload); wr.WarcHeader().Get(gowarc.WarcPayloadDigest) != "sha256:"+hex.EncodeToString(sum[:]) {
				t.Errorf("%s: payload digest", id)
			}
		}
		rec.Close()
	}
	if len(want) != 0 {
		t.Errorf("captures missing from the export: %v", want)
	}
	if types[0] != "warcinfo" || strings.Count(strings.Join(types, " "), "warcinfo") != 2 {
		t.Errorf("record types %v", types)
	}
	if !targets[srv.URL+"/moved"] || !targets[srv.URL+"/three"] || !targets[srv.URL+"/one"] || targets[srv.URL+"/two"] {
		t.Errorf("targets %v", targets)
	}
	// Nothing captured among the chosen: refused, named.
	seed, err := s.AddDocument(store.NewDocument{Title: "Typed by hand", Format: "txt", Text: "Some words."})
	if err != nil {
		t.Fatal(err)
	}
	if err := export.Export(s, "warc", io.Discard, export.ExportOptions{DocIDs: []string{seed.ID}}); err == nil || !strings.Contains(err.Error(), "captured from the web") {
		t.Errorf("no captures: %v", err)
	}
	// Every document: all three captures' files.
	buf.Reset()
	if err := export.Export(s, "warc", &buf, export.ExportOptions{}); err != nil || !bytes.Contains(gunzipAll(t, buf.Bytes()), []byte("School opens")) {
		t.Errorf("all: %v", err)
	}
}

func gunzipAll(t *testing.T, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	r, err := gowarc.NewWarcFileReaderFromStream(bytes.NewReader(b), 0)
	if err != nil {
		t.Fatal(err)
	}
	for rec, err := range r.Records() {
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := rec.WarcRecord.Block().RawBytes()
		io.Copy(&out, raw)
		rec.Close()
	}
	return out.Bytes()
}
