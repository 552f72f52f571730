package cli

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	gowarc "github.com/nlnwa/gowarc/v3"

	"gloss/archive"
	"gloss/ingest/capture"
	"gloss/store"
)

func capturePage(title, first string) string {
	return fmt.Sprintf(`<!doctype html><html><head><title>%s</title></head><body><article><h1>%s</h1><p>%s</p>
<p>The harbour authority said the new quay would open in the autumn, two years later than planned, and
that the cost had risen by a third since the contract was signed.</p></article></body></html>`, title, title, first)
}

// webSite serves pages a test can change, on loopback.
type webSite struct {
	*httptest.Server
	mu    sync.Mutex
	pages map[string]string
}

func newWebSite(t *testing.T) *webSite {
	w := &webSite{pages: map[string]string{}}
	w.Server = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.mu.Lock()
		body, ok := w.pages[r.URL.Path]
		w.mu.Unlock()
		if !ok {
			http.NotFound(rw, r)
			return
		}
		etag := fmt.Sprintf(`"%x"`, len(body))
		rw.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			rw.WriteHeader(http.StatusNotModified)
			return
		}
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(rw, body)
	}))
	t.Cleanup(w.Close)
	return w
}

func (w *webSite) set(path, body string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if body == "" {
		delete(w.pages, path)
		return
	}
	w.pages[path] = body
}

func TestImportURLsRefreshCheckAndBackup(t *testing.T) {
	web := newWebSite(t)
	web.set("/a", capturePage("Quay delayed", "The quay will open late."))
	web.set("/b", capturePage("Ferry fares", "Fares rise in March."))
	web.set("/c", capturePage("Lighthouse sold", "The old lighthouse was sold at auction."))
	db := newDB(t)

	// gloss import URL: the id on stdout.
	code, out, errOut := run(t, db, "import", web.URL+"/a")
	if code != 0 || len(strings.Fields(out)) != 1 {
		t.Fatalf("import URL: %d %q %q", code, out, errOut)
	}
	idA := strings.TrimSpace(out)

	// --urls FILE with --json: one result per link, comments and blank lines passed over.
	list := filepath.Join(t.TempDir(), "links.txt")
	os.WriteFile(list, []byte(fmt.Sprintf("# links\n%s/a\n\n%s/b\n%s/c\n%s/missing\n", web.URL, web.URL, web.URL, web.URL)), 0o600)
	code, out, errOut = run(t, db, "import", "--json", "--urls", list)
	if code != 1 {
		t.Errorf("a failed link must exit 1: %d %s", code, errOut)
	}
	var results []capture.URLResult
	if err := json.Unmarshal([]byte(out), &results); err != nil {
		t.Fatalf("--json: %v\n%s", err, out)
	}
	want := []string{"unchanged", "imported", "imported", "error"}
	for i, r := range results {
		if i >= len(want) || r.Status != want[i] {
			t.Errorf("result %d: %+v", i, r)
		}
	}
	if len(results) != 4 || results[0].DocID != idA || !strings.Contains(results[3].Error, "HTTP 404") {
		t.Errorf("results %+v", results)
	}
	if !strings.Contains(errOut, "4 links failed") && !strings.Contains(errOut, "1 of 4 links failed") {
		t.Errorf("stderr %q", errOut)
	}
	idC := results[2].DocID

	// Text output for an unchanged link.
	_, _, errOut = run(t, db, "import", web.URL+"/b")
	if !strings.Contains(errOut, "already in the library — unchanged") {
		t.Errorf("unchanged: %q", errOut)
	}
	// Files and links are not mixed; a list with a non-link names its line.
	if code, _, errOut := run(t, db, "import", web.URL+"/a", "notes.txt"); code != 2 || !strings.Contains(errOut, "not a link") {
		t.Errorf("mixed: %d %s", code, errOut)
	}
	os.WriteFile(list, []byte("http://x.invalid/\nnot a link\n"), 0o600)
	if code, _, errOut := run(t, db, "import", "--urls", list); code != 1 || !strings.Contains(errOut, "line 2") {
		t.Errorf("bad list: %d %s", code, errOut)
	}

	// Refresh: a changes, c is gone, b unchanged (304).
	web.set("/a", capturePage("Quay delayed", "The quay will not open before next year."))
	web.set("/c", "")
	code, out, errOut = run(t, db, "refresh", "--json")
	if code != 0 {
		t.Fatalf("refresh: %d %s %s", code, out, errOut)
	}
	var refreshed []capture.RefreshResult
	if err := json.Unmarshal([]byte(out), &refreshed); err != nil {
		t.Fatalf("refresh --json: %v\n%s", err, out)
	}
	got := map[string]capture.RefreshResult{}
	for _, r := range refreshed {
		got[r.DocID] = r
	}
	if len(refreshed) != 3 || got[idA].Status != "changed" || got[idA].Version != 2 || got[idC].Status != "gone" || got[results[1].DocID].Status != "unchanged" {
		t.Errorf("refresh: %+v", refreshed)
	}
	code, out, _ = run(t, db, "refresh", idA, idC)
	if code != 0 || !strings.Contains(out, idA+"  unchanged  Quay delayed") || !strings.Contains(out, "gone (HTTP 404 Not Found; the last capture is kept)") {
		t.Errorf("refresh text: %d %q", code, out)
	}
	// A document that was not captured cannot be refreshed.
	docs := listJSON(t, db)
	var seed string
	for _, d := range docs {
		if d.Format == "txt" {
			seed = d.ID
		}
	}
	if code, out, _ := run(t, db, "refresh", seed); code != 1 || !strings.Contains(out, "was not captured from the web") {
		t.Errorf("refresh a seed: %d %q", code, out)
	}

	// export --format warc: one WARC file of the chosen document's captures (both versions of a).
	warcOut := filepath.Join(t.TempDir(), "a.warc.gz")
	if code, _, errOut := run(t, db, "export", "--format", "warc", "--doc", idA, "--out", warcOut); code != 0 {
		t.Fatalf("export warc: %d %s", code, errOut)
	}
	r, err := gowarc.NewWarcFileReader(warcOut, 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	responses := 0
	for rec, err := range r.Records() {
		if err != nil {
			t.Fatal(err)
		}
		if rec.WarcRecord.Type() == gowarc.Response {
			responses++
			if rec.WarcRecord.WarcHeader().Get(gowarc.WarcTargetURI) != web.URL+"/a" {
				t.Errorf("export holds %s", rec.WarcRecord.WarcHeader().Get(gowarc.WarcTargetURI))
			}
		}
		rec.Close()
	}
	r.Close()
	if responses != 2 {
		t.Errorf("%d responses exported, want the 2 captures of a", responses)
	}
	// export --format wacz: the same captures packed for ReplayWeb.page (read back in export's tests).
	waczOut := filepath.Join(t.TempDir(), "a.wacz")
	if code, _, errOut := run(t, db, "export", "--format", "wacz", "--doc", idA, "--out", waczOut); code != 0 {
		t.Fatalf("export wacz: %d %s", code, errOut)
	}
	if zr, err := zip.OpenReader(waczOut); err != nil || len(zr.File) != 5 {
		t.Errorf("wacz: %v", err)
	} else {
		zr.Close()
	}

	// check reads the archive; a backup carries it; a tampered archive fails the check.
	if code, out, errOut := run(t, db, "check"); code != 0 {
		t.Fatalf("check: %s %s", out, errOut)
	}
	backup := filepath.Join(t.TempDir(), "copy.db")
	if code, _, errOut := run(t, db, "backup", "--out", backup); code != 0 || !strings.Contains(errOut, "web capture file(s) copied") {
		t.Fatalf("backup: %d %s", code, errOut)
	}
	files, _ := archive.Of(db).Files()
	copied, _ := archive.Of(backup).Files()
	if len(files) == 0 || len(copied) != len(files) {
		t.Errorf("backup archive: %d of %d files", len(copied), len(files))
	}
	s, err := store.Open(backup)
	if err != nil {
		t.Fatal(err)
	}
	problems, err := archive.Of(backup).Verify(s)
	s.Close()
	if err != nil || len(problems) > 0 {
		t.Errorf("the backup's archive: %v %v", problems, err)
	}
	first := filepath.Join(archive.Of(db).Dir, filepath.FromSlash(files[0]))
	saved, _ := os.ReadFile(first)
	os.Remove(first)
	if code, _, errOut := run(t, db, "check"); code != 1 || !strings.Contains(errOut, "is not in the archive") {
		t.Errorf("check with a capture missing: %d %s", code, errOut)
	}
	// Restoring the backup brings the capture back.
	if code, _, errOut := run(t, db, "restore", backup); code != 0 {
		t.Fatalf("restore: %s", errOut)
	}
	if again, _ := os.ReadFile(first); string(again) != string(saved) {
		t.Error("restore did not bring the archive file back")
	}
}
