package export_test

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
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

func TestSURT(t *testing.T) {
	for in, want := range map[string]string{
		"https://www.Example.com/News/A?id=1": "com,example)/news/a?id=1",
		"http://bbc.co.uk":                    "uk,co,bbc)/",
		"http://news.test:8080/x":             "test,news:8080)/x",
		"https://example.org:443/y":           "org,example)/y",
		"http://127.0.0.1:5000/one":           "127.0.0.1:5000)/one",
	} {
		if got := export.SURT(in); got != want {
			t.Errorf("SURT(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestWACZExportReadsBack writes a WACZ of captured documents (one with two versions, one behind a
// redirect) and reads it as a replay tool would: the zip's files, the datapackage's hashes and sizes, the
// digest of the datapackage, every CDXJ line's offset and length landing on the record it names, and a
// page for every captured version that the index can resolve.
// waczOfCaptures captures three pages from a loopback server (one edited and captured again, one behind a
// redirect) and exports two of the documents as a WACZ: the library, the server's URL, the two documents and
// the package.
func waczOfCaptures(t *testing.T) (*store.Store, string, []string, []byte) {
	t.Helper()
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
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	s := storetest.Open(t)
	c := capture.New(s, capture.Options{Timeout: 5 * time.Second})
	t.Cleanup(func() { c.Close() })
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
	chosen := []string{res[0].DocID, res[2].DocID}
	var buf bytes.Buffer
	if err := export.Export(s, "wacz", &buf, export.ExportOptions{DocIDs: chosen}); err != nil {
		t.Fatal(err)
	}
	return s, srv.URL, chosen, buf.Bytes()
}

func TestWACZExportReadsBack(t *testing.T) {
	s, srvURL, chosen, pkgBytes := waczOfCaptures(t)
	buf := bytes.NewBuffer(pkgBytes)
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	var names []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc) // checks the CRC too
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if f.Method != zip.Store {
			t.Errorf("%s is compressed (method %d): a WACZ stores its files", f.Name, f.Method)
		}
		files[f.Name] = b
		names = append(names, f.Name)
	}
	sort.Strings(names)
	if strings.Join(names, " ") != "archive/data.warc.gz datapackage-digest.json datapackage.json indexes/index.cdx pages/pages.jsonl" {
		t.Fatalf("files %v", names)
	}

	// datapackage.json: every other file, with its sha256 and size; and its own digest.
	var pkg struct {
		Profile     string `json:"profile"`
		WACZVersion string `json:"wacz_version"`
		Resources   []struct {
			Name, Path, Hash string
			Bytes            int
		} `json:"resources"`
	}
	if err := json.Unmarshal(files["datapackage.json"], &pkg); err != nil {
		t.Fatal(err)
	}
	if pkg.Profile != "data-package" || pkg.WACZVersion != "1.1.1" || len(pkg.Resources) != 3 {
		t.Errorf("datapackage %+v", pkg)
	}
	hashOf := func(b []byte) string { sum := sha256.Sum256(b); return "sha256:" + hex.EncodeToString(sum[:]) }
	for _, r := range pkg.Resources {
		b, ok := files[r.Path]
		if !ok || r.Hash != hashOf(b) || r.Bytes != len(b) || !strings.HasSuffix(r.Path, "/"+r.Name) {
			t.Errorf("resource %+v does not match the file (%d bytes, %s)", r, len(b), hashOf(b))
		}
	}
	var digest struct{ Path, Hash string }
	if err := json.Unmarshal(files["datapackage-digest.json"], &digest); err != nil || digest.Path != "datapackage.json" || digest.Hash != hashOf(files["datapackage.json"]) {
		t.Errorf("datapackage-digest %+v (%v)", digest, err)
	}

	// The index: sorted, and each line's offset/length is exactly the gzip member of the record it names.
	warc := files["archive/data.warc.gz"]
	byURL := map[string][]string{}
	lines := strings.Split(strings.TrimSpace(string(files["indexes/index.cdx"])), "\n")
	if !sort.StringsAreSorted(lines) {
		t.Errorf("index not sorted:\n%s", strings.Join(lines, "\n"))
	}
	for _, line := range lines {
		parts := strings.SplitN(line, " ", 3)
		if len(parts) != 3 || len(parts[1]) != 14 {
			t.Fatalf("index line %q", line)
		}
		var f map[string]string
		if err := json.Unmarshal([]byte(parts[2]), &f); err != nil {
			t.Fatalf("index line %q: %v", line, err)
		}
		if parts[0] != export.SURT(f["url"]) || f["filename"] != "data.warc.gz" {
			t.Errorf("index line %q", line)
		}
		off, _ := strconv.Atoi(f["offset"])
		n, _ := strconv.Atoi(f["length"])
		if off <= 0 || n <= 0 || off+n > len(warc) {
			t.Fatalf("index line %q out of the WARC (%d bytes)", line, len(warc))
		}
		rr, err := gowarc.NewWarcFileReaderFromStream(bytes.NewReader(warc[off:off+n]), 0, gowarc.WithStrictValidation())
		if err != nil {
			t.Fatal(err)
		}
		count := 0
		for rec, err := range rr.Records() {
			if err != nil {
				t.Fatalf("record at %d: %v", off, err)
			}
			count++
			wr := rec.WarcRecord
			h := wr.WarcHeader()
			if id := "<" + strings.Trim(wr.RecordId(), "<>") + ">"; id != f["recordId"] || h.Get(gowarc.WarcTargetURI) != f["url"] || wr.Type().String() != "response" {
				t.Errorf("index line %q lands on %s %s %s", line, wr.Type(), id, h.Get(gowarc.WarcTargetURI))
			}
			if h.Get(gowarc.WarcPayloadDigest) != f["digest"] {
				t.Errorf("index digest %s, record %s", f["digest"], h.Get(gowarc.WarcPayloadDigest))
			}
			if d, _ := time.Parse(time.RFC3339Nano, h.Get(gowarc.WarcDate)); d.UTC().Format("20060102150405") != parts[1] {
				t.Errorf("index time %s, record %s", parts[1], h.Get(gowarc.WarcDate))
			}
			rec.Close()
		}
		if count != 1 {
			t.Errorf("index line %q: %d records in its range", line, count)
		}
		if f["url"] == srvURL+"/moved" && f["status"] != "301" || f["url"] == srvURL+"/three" && (f["status"] != "200" || f["mime"] != "text/html") {
			t.Errorf("index line %q", line)
		}
		byURL[f["url"]] = append(byURL[f["url"]], f["recordId"])
	}
	if len(byURL[srvURL+"/one"]) != 2 || len(byURL[srvURL+"/three"]) != 1 || len(byURL[srvURL+"/moved"]) != 1 || byURL[srvURL+"/two"] != nil {
		t.Errorf("indexed %v", byURL)
	}

	// Pages: a header line, then one per captured version, at the URL of its response record.
	sc := bufio.NewScanner(bytes.NewReader(files["pages/pages.jsonl"]))
	var header map[string]string
	sc.Scan()
	if err := json.Unmarshal(sc.Bytes(), &header); err != nil || header["format"] != "json-pages-1.0" {
		t.Errorf("pages header %q", sc.Text())
	}
	want := map[string]store.Capture{}
	for _, id := range chosen {
		infos, _ := s.Versions(id)
		for _, v := range infos {
			want[v.Capture.WARCRecordID] = *v.Capture
		}
	}
	got := 0
	for sc.Scan() {
		var p struct{ ID, URL, TS, Title, RecordID string }
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		got++
		c, ok := want[p.RecordID]
		if !ok || p.URL != c.FinalURL || p.TS != c.RetrievedAt.UTC().Format(time.RFC3339) || p.Title == "" {
			t.Errorf("page %+v (capture %+v)", p, c)
		}
		found := false
		for _, id := range byURL[p.URL] {
			found = found || id == p.RecordID
		}
		if !found {
			t.Errorf("page %s: its capture is not in the index", p.URL)
		}
	}
	if got != 3 {
		t.Errorf("%d pages, want 3 (two versions of one, one of three)", got)
	}
	// Nothing captured among the chosen: refused as for WARC.
	seed, err := s.AddDocument(store.NewDocument{Title: "Typed by hand", Format: "txt", Text: "Some words."})
	if err != nil {
		t.Fatal(err)
	}
	if err := export.Export(s, "wacz", io.Discard, export.ExportOptions{DocIDs: []string{seed.ID}}); err == nil || !strings.Contains(err.Error(), "captured from the web") {
		t.Errorf("no captures: %v", err)
	}
}
