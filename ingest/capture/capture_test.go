package capture

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	gowarc "github.com/nlnwa/gowarc/v3"
	"golang.org/x/text/encoding/charmap"

	"gloss/archive"
	"gloss/ingest"
	"gloss/store"
	"gloss/storetest"
	"gloss/version"
)

// savedPages are the benchmark's news pages in testdata/pages (see the README there).
func savedPages(t testing.TB) [][]byte {
	t.Helper()
	files, err := filepath.Glob("testdata/pages/*.html.gz")
	if err != nil || len(files) < 3 {
		t.Fatalf("testdata pages: %v (%d)", err, len(files))
	}
	var out [][]byte
	for _, f := range files {
		out = append(out, gunzip(t, f))
	}
	return out
}

func gunzip(t testing.TB, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(z)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const article = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>%s</title>
<meta property="og:site_name" content="The Loopback Times"></head><body><article><h1>%s</h1>
<p>%s</p><p>The council met on Tuesday evening to discuss the budget for the coming year, and members
argued at length about the cost of repairing the old bridge over the river.</p>
<p>Several residents spoke in favour of the repairs, saying the bridge was part of the town's history and
that closing it would cut the market off from the villages to the north.</p></article></body></html>`

func articlePage(title, first string) string { return fmt.Sprintf(article, title, title, first) }

// site is a loopback web site whose pages a test can change while it runs.
type site struct {
	*httptest.Server
	mu    sync.Mutex
	pages map[string]http.HandlerFunc
	hits  map[string]int
}

func newSite(t testing.TB) *site {
	s := &site{pages: map[string]http.HandlerFunc{}, hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		h, ok := s.pages[r.URL.Path]
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *site) handle(path string, h http.HandlerFunc) {
	s.mu.Lock()
	s.pages[path] = h
	s.mu.Unlock()
}

func (s *site) html(path, body string) {
	s.handle(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, body)
	})
}

func quick() Options { return Options{ConnectTimeout: 2 * time.Second, Timeout: 5 * time.Second} }

func newCapturer(t testing.TB, opt Options) (*Capturer, *store.Store) {
	s := storetest.Open(t)
	c := New(s, opt)
	t.Cleanup(func() {
		c.Close()
		problems, err := c.Archive().Verify(s)
		if err != nil || len(problems) > 0 {
			t.Errorf("archive check: %v %v", err, problems)
		}
	})
	return c, s
}

func one(t *testing.T, c *Capturer, u string) URLResult {
	t.Helper()
	res, err := c.ImportURLs(context.Background(), []string{u}, nil)
	if err != nil || len(res) != 1 {
		t.Fatalf("import %s: %v %v", u, res, err)
	}
	return res[0]
}

func TestImportSavedPagesRecordsProvenanceAndWARC(t *testing.T) {
	web := newSite(t)
	pages := savedPages(t)
	var urls []string
	for i, p := range pages {
		path := fmt.Sprintf("/news/%d", i)
		web.handle(path, func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("User-Agent") != version.Software() || !strings.HasPrefix(version.Software(), "Gloss/") {
				t.Errorf("User-Agent %q", r.Header.Get("User-Agent"))
			}
			if r.Header.Get("Cookie") != "" {
				t.Errorf("a cookie was sent: %q", r.Header.Get("Cookie"))
			}
			http.SetCookie(w, &http.Cookie{Name: "tracker", Value: "1"})
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("ETag", fmt.Sprintf(`"v1-%d"`, i))
			w.Header().Set("Last-Modified", "Mon, 02 Dec 2026 10:00:00 GMT")
			w.Write(p)
		})
		urls = append(urls, web.URL+path)
	}
	c, s := newCapturer(t, quick())
	var progress []int
	res, err := c.ImportURLs(context.Background(), urls, func(p ingest.Progress) { progress = append(progress, p.Done) })
	if err != nil {
		t.Fatal(err)
	}
	if len(progress) != len(urls) || progress[len(progress)-1] != len(urls) {
		t.Errorf("progress %v", progress)
	}
	for i, r := range res {
		if r.Status != StatusImported || r.DocID == "" || r.URL != urls[i] {
			t.Fatalf("result %d: %+v", i, r)
		}
		v, err := s.Version(r.DocID, 0)
		if err != nil {
			t.Fatal(err)
		}
		cp := v.Capture
		if cp == nil {
			t.Fatalf("%s: no capture provenance", r.URL)
		}
		sum := sha256.Sum256(pages[i])
		text := sha256.Sum256([]byte(v.Text))
		if cp.URL != urls[i] || cp.FinalURL != urls[i] || cp.Status != 200 || cp.ETag != fmt.Sprintf(`"v1-%d"`, i) ||
			cp.LastModified == "" || cp.PayloadSHA256 != hex.EncodeToString(sum[:]) || cp.TextSHA256 != hex.EncodeToString(text[:]) ||
			cp.RetrievedAt.Location() != time.UTC || time.Since(cp.RetrievedAt) > time.Minute || cp.WARCFile == "" || cp.WARCRecordID == "" {
			t.Errorf("capture %+v", cp)
		}
		// The record the version names holds exactly the page's bytes, and the WARC library agrees.
		rec, err := c.Archive().Response(cp.WARCFile, cp.WARCRecordID)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Type != "response" || rec.Status != 200 || !bytes.Equal(rec.Body, pages[i]) || rec.TargetURI != urls[i] {
			t.Errorf("record %s: %s %d %d bytes", rec.ID, rec.Type, rec.Status, len(rec.Body))
		}
		doc, _ := s.Document(r.DocID)
		if !strings.Contains(strings.Join(doc.URLs, " "), urls[i]) {
			t.Errorf("document URLs %v", doc.URLs)
		}
	}
	checkWARCFiles(t, c.Archive())

	// The same URLs again: unchanged, nothing added.
	again, err := c.ImportURLs(context.Background(), urls, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range again {
		if r.Status != StatusUnchanged || r.DocID != res[i].DocID || !strings.Contains(r.Message(), "already in the library — unchanged") {
			t.Errorf("again %d: %+v", i, r)
		}
	}
	if docs, _ := s.Documents(); len(docs) != len(urls) {
		t.Errorf("%d documents", len(docs))
	}
}

// checkWARCFiles reads every archive file with gowarc itself (strict), record by record, and checks
// each payload against its WARC-Payload-Digest and each block against its WARC-Block-Digest.
func checkWARCFiles(t *testing.T, a archive.Archive) {
	t.Helper()
	files, err := a.Files()
	if err != nil || len(files) == 0 {
		t.Fatalf("archive files: %v %v", files, err)
	}
	for _, f := range files {
		r, err := gowarc.NewWarcFileReader(filepath.Join(a.Dir, filepath.FromSlash(f)), 0, gowarc.WithStrictValidation())
		if err != nil {
			t.Fatal(err)
		}
		types := []string{}
		for rec, err := range r.Records() {
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if len(rec.Validation) > 0 {
				t.Errorf("%s: %v", f, rec.Validation)
			}
			wr := rec.WarcRecord
			types = append(types, wr.Type().String())
			if wr.Version().String() != "WARC/1.1" {
				t.Errorf("%s: version %s", f, wr.Version())
			}
			raw, _ := wr.Block().RawBytes()
			block, _ := io.ReadAll(raw)
			sum := sha256.Sum256(block)
			if got := wr.WarcHeader().Get(gowarc.WarcBlockDigest); got != "sha256:"+hex.EncodeToString(sum[:]) {
				t.Errorf("%s %s: block digest %s", f, wr.RecordId(), got)
			}
			if hb, ok := wr.Block().(gowarc.HttpResponseBlock); ok && wr.Type() == gowarc.Response {
				pr, _ := hb.PayloadBytes()
				payload, _ := io.ReadAll(pr)
				ps := sha256.Sum256(payload)
				if got := wr.WarcHeader().Get(gowarc.WarcPayloadDigest); got != "sha256:"+hex.EncodeToString(ps[:]) {
					t.Errorf("%s %s: payload digest %s", f, wr.RecordId(), got)
				}
			}
			rec.Close()
		}
		r.Close()
		if len(types) < 3 || types[0] != "warcinfo" {
			t.Errorf("%s: records %v", f, types)
		}
	}
}

func TestEditedPageBecomesANewVersionAndAnnotationsFollow(t *testing.T) {
	web := newSite(t)
	etag := `"one"`
	body := articlePage("Bridge vote delayed", "The mayor said the vote on the bridge would be delayed until spring.")
	var mu sync.Mutex
	web.handle("/a", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, body)
	})
	c, s := newCapturer(t, quick())
	r := one(t, c, web.URL+"/a")
	if r.Status != StatusImported {
		t.Fatal(r)
	}
	v1, _ := s.Version(r.DocID, 0)
	quote := "members argued at length about the cost"
	start := len([]rune(v1.Text[:strings.Index(v1.Text, quote)]))
	ann, err := s.CreateAnnotation(store.NewAnnotation{DocID: r.DocID, Start: start, End: start + len([]rune(quote))})
	if err != nil {
		t.Fatal(err)
	}

	// 304: unchanged, a revisit record, no version.
	res, err := c.Refresh(context.Background(), nil, nil)
	if err != nil || len(res) != 1 || res[0].Status != StatusUnchanged {
		t.Fatalf("refresh 304: %+v %v", res, err)
	}
	// ETag changes, same text: unchanged.
	mu.Lock()
	etag, body = `"two"`, strings.Replace(body, "<title>", "<!-- ad slot 42 --><title>", 1)
	mu.Unlock()
	if res, _ := c.Refresh(context.Background(), []string{r.DocID}, nil); res[0].Status != StatusUnchanged {
		t.Fatalf("refresh same text: %+v", res)
	}
	// Visible text outside the article changes (a footer's clock): extracted again, the same text.
	mu.Lock()
	etag, body = `"two-b"`, strings.Replace(body, "</article>", "</article><footer><p>Page generated at 10:42 by the Loopback CMS</p></footer>", 1)
	mu.Unlock()
	if res, _ := c.Refresh(context.Background(), []string{r.DocID}, nil); res[0].Status != StatusUnchanged {
		t.Fatalf("refresh with a new footer: %+v", res)
	}
	// The article is edited silently.
	mu.Lock()
	etag, body = `"three"`, strings.Replace(body, "delayed until spring", "cancelled outright", 1)
	mu.Unlock()
	res, _ = c.Refresh(context.Background(), []string{r.DocID}, nil)
	if res[0].Status != StatusChanged || res[0].Version != 2 || res[0].Title != "Bridge vote delayed" {
		t.Fatalf("refresh edited: %+v", res)
	}
	v2, _ := s.Version(r.DocID, 0)
	if !strings.Contains(v2.Text, "cancelled outright") || v2.Capture == nil || v2.Capture.ETag != `"three"` {
		t.Errorf("version 2: %q %+v", v2.Text, v2.Capture)
	}
	anns, _ := s.Annotations(store.AnnotationFilter{DocID: r.DocID})
	if len(anns) != 1 || anns[0].ID != ann.ID || anns[0].Exact != quote || anns[0].Version != 2 {
		t.Errorf("annotation after the edit: %+v", anns)
	}
	// Importing the URL again now: unchanged against version 2.
	if r := one(t, c, web.URL+"/a"); r.Status != StatusUnchanged {
		t.Errorf("re-import: %+v", r)
	}
	// Edited once more and imported by URL: a new version, reported as such.
	mu.Lock()
	etag, body = `"four"`, strings.Replace(body, "cancelled outright", "put to a referendum", 1)
	mu.Unlock()
	if r := one(t, c, web.URL+"/a"); r.Status != StatusVersion || r.Version != 3 || !strings.Contains(r.Message(), "new version of “Bridge vote delayed”") {
		t.Errorf("import edited: %+v %s", r, r.Message())
	}
	// Revisit records point at the capture they repeat.
	var revisits, notModified int
	files, _ := c.Archive().Files()
	for _, f := range files {
		c.Archive().ReadFile(f, func(rec archive.Record) error {
			if rec.Type == "revisit" {
				revisits++
				if rec.Status == 304 {
					notModified++
				}
			}
			return nil
		})
	}
	if revisits != 2 || notModified != 1 { // the 304, and the re-import of the bytes of version 2

		t.Errorf("%d revisits, %d of them 304", revisits, notModified)
	}
	checkWARCFiles(t, c.Archive())
}

// TestRefreshByLastModified: a site that sends Last-Modified and no ETag is asked If-Modified-Since with
// the date of the last capture (and no If-None-Match); its 304 is "unchanged", archived as a revisit; an
// edited page with a later date becomes a new version whose date the next refresh asks with.
func TestRefreshByLastModified(t *testing.T) {
	web := newSite(t)
	var mu sync.Mutex
	modified := "Mon, 30 Nov 2026 10:00:00 GMT"
	body := articlePage("Harbour dues", "The harbour dues will rise by a tenth from January.")
	var asked []string // If-Modified-Since of each request, "" for none
	web.handle("/h", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.Header.Get("If-None-Match") != "" {
			t.Errorf("If-None-Match %q sent to a site that gave no ETag", r.Header.Get("If-None-Match"))
		}
		asked = append(asked, r.Header.Get("If-Modified-Since"))
		w.Header().Set("Last-Modified", modified)
		if r.Header.Get("If-Modified-Since") == modified {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, body)
	})
	c, s := newCapturer(t, quick())
	r := one(t, c, web.URL+"/h")
	if r.Status != StatusImported {
		t.Fatal(r)
	}
	if v, _ := s.Version(r.DocID, 0); v.Capture.LastModified != modified || v.Capture.ETag != "" {
		t.Fatalf("capture %+v", v.Capture)
	}
	if res, err := c.Refresh(context.Background(), nil, nil); err != nil || len(res) != 1 || res[0].Status != StatusUnchanged {
		t.Fatalf("refresh: %+v %v", res, err)
	}
	mu.Lock()
	modified, body = "Wed, 02 Dec 2026 08:15:00 GMT", strings.Replace(body, "by a tenth", "by a fifth", 1)
	mu.Unlock()
	res, _ := c.Refresh(context.Background(), nil, nil)
	if res[0].Status != StatusChanged || res[0].Version != 2 {
		t.Fatalf("refresh after the edit: %+v", res)
	}
	if v, _ := s.Version(r.DocID, 0); !strings.Contains(v.Text, "by a fifth") || v.Capture.LastModified != modified {
		t.Errorf("version 2: %+v", v.Capture)
	}
	if res, _ := c.Refresh(context.Background(), nil, nil); res[0].Status != StatusUnchanged {
		t.Errorf("refresh of version 2: %+v", res)
	}
	mu.Lock()
	got := fmt.Sprint(asked)
	mu.Unlock()
	if want := "[ Mon, 30 Nov 2026 10:00:00 GMT Mon, 30 Nov 2026 10:00:00 GMT Wed, 02 Dec 2026 08:15:00 GMT]"; got != want {
		t.Errorf("If-Modified-Since asked %s, want %s", got, want)
	}
	notModified := 0
	files, _ := c.Archive().Files()
	for _, f := range files {
		c.Archive().ReadFile(f, func(rec archive.Record) error {
			if rec.Type == "revisit" && rec.Status == http.StatusNotModified {
				notModified++
			}
			return nil
		})
	}
	if notModified != 2 {
		t.Errorf("%d revisit records of a 304, want 2", notModified)
	}
}

func TestRefreshGoneKeepsTheLastCapture(t *testing.T) {
	for _, status := range []int{404, 410} {
		web := newSite(t)
		web.html("/gone", articlePage("Soon removed", "This story will be taken down."))
		c, s := newCapturer(t, quick())
		r := one(t, c, web.URL+"/gone")
		web.handle("/gone", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(status) })
		res, _ := c.Refresh(context.Background(), nil, nil)
		if res[0].Status != StatusGone || !strings.Contains(res[0].Error, fmt.Sprint(status)) {
			t.Errorf("%d: %+v", status, res)
		}
		if v, _ := s.Version(r.DocID, 0); v.N != 1 || v.Capture == nil || v.Capture.Status != 200 {
			t.Errorf("%d: last capture lost: %+v", status, v.Capture)
		}
	}
}

func TestRedirectsAreFollowedAndRecorded(t *testing.T) {
	web := newSite(t)
	web.html("/final", articlePage("Where it landed", "A page behind three redirects."))
	web.handle("/r1", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/r2", http.StatusMovedPermanently) })
	web.handle("/r2", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, web.URL+"/r3", http.StatusFound) })
	web.handle("/r3", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "final#top", http.StatusSeeOther) })
	c, s := newCapturer(t, quick())
	r := one(t, c, web.URL+"/r1")
	if r.Status != StatusImported {
		t.Fatal(r)
	}
	v, _ := s.Version(r.DocID, 0)
	want := []string{web.URL + "/r2", web.URL + "/r3", web.URL + "/final"}
	if fmt.Sprint(v.Capture.Redirects) != fmt.Sprint(want) || v.Capture.FinalURL != web.URL+"/final" || v.Capture.URL != web.URL+"/r1" {
		t.Errorf("capture %+v", v.Capture)
	}
	var statuses []int
	c.Archive().ReadFile(v.Capture.WARCFile, func(rec archive.Record) error {
		if rec.Type == "response" {
			statuses = append(statuses, rec.Status)
		}
		return nil
	})
	if fmt.Sprint(statuses) != "[301 302 303 200]" {
		t.Errorf("archived responses %v", statuses)
	}
	// Known by any of its URLs: importing the landing page is "unchanged".
	if r2 := one(t, c, web.URL+"/final"); r2.Status != StatusUnchanged || r2.DocID != r.DocID {
		t.Errorf("final URL: %+v", r2)
	}

	// A loop, and a chain longer than ten.
	web.handle("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop2", http.StatusFound) })
	web.handle("/loop2", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	for i := range 12 {
		web.handle(fmt.Sprintf("/chain%d", i), func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, fmt.Sprintf("/chain%d", i+1), http.StatusFound)
		})
	}
	web.html("/chain12", articlePage("End of chain", "Twelve hops away."))
	f := NewFetcher(quick())
	defer f.Close()
	if _, err := f.Fetch(context.Background(), web.URL+"/loop", Conditional{}); KindOf(err) != KindRedirects || !strings.Contains(err.Error(), "loop") {
		t.Errorf("loop: %v", err)
	}
	if _, err := f.Fetch(context.Background(), web.URL+"/chain0", Conditional{}); KindOf(err) != KindRedirects || !strings.Contains(err.Error(), "more than 10 redirects") {
		t.Errorf("chain of 12: %v", err)
	}
	// Exactly ten redirects are allowed (chain0 → … → chain10).
	web.html("/chain10", articlePage("Ten hops", "Ten hops away."))
	if p, err := f.Fetch(context.Background(), web.URL+"/chain0", Conditional{}); err != nil || len(p.Redirects) != 10 {
		t.Errorf("ten redirects: %v", err)
	}
}

func TestFailuresAreNamed(t *testing.T) {
	web := newSite(t)
	web.handle("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(20 * time.Second):
		case <-r.Context().Done():
		}
	})
	web.handle("/slowbody", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html><body><p>start")
		w.(http.Flusher).Flush()
		select {
		case <-time.After(20 * time.Second):
		case <-r.Context().Done():
		}
	})
	web.handle("/huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		chunk := bytes.Repeat([]byte("<p>padding padding padding</p>\n"), 1000)
		for range 100 { // ~3 MB, chunked: no Content-Length to refuse early
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	web.handle("/huge-declared", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", "3000000")
		w.Write(bytes.Repeat([]byte("x"), 1000))
	})
	var bomb bytes.Buffer
	z := gzip.NewWriter(&bomb)
	z.Write(bytes.Repeat([]byte("<p>a</p>"), 500_000)) // 4 MB unpacked, a few KB packed
	z.Close()
	web.handle("/bomb", func(w http.ResponseWriter, r *http.Request) {
		b := &bomb
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(b.Bytes())
	})
	web.handle("/pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		io.WriteString(w, "%PDF-1.4\n")
	})
	for _, code := range []int{401, 402, 403, 451} {
		web.handle(fmt.Sprintf("/blocked%d", code), func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(code)
			io.WriteString(w, articlePage("Subscribe to read", "This article is for subscribers only."))
		})
	}
	web.handle("/error500", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(500) })
	web.handle("/nolocation", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(302) })
	web.html("/empty", "<html><body></body></html>")

	refused := func() string { // a port nobody listens on
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		return "http://" + addr + "/"
	}()
	tlsSrv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})) // untrusted certificate
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0)
	tlsSrv.StartTLS()
	defer tlsSrv.Close()

	// Only the two slow pages meet the short timeouts; every other case gets time to spare (a loaded CI
	// machine under -race once took 1.5 s to unpack the bomb), so no case depends on the machine's speed.
	opt := Options{ConnectTimeout: 2 * time.Second, Timeout: 3 * time.Second, MaxBytes: 1 << 20}
	short, s := newCapturer(t, opt)
	roomy := New(s, Options{ConnectTimeout: 30 * time.Second, Timeout: 60 * time.Second, MaxBytes: 1 << 20})
	defer roomy.Close()
	capturerFor := func(kind Kind) *Capturer {
		if kind == KindTimeout {
			return short
		}
		return roomy
	}
	cases := []struct {
		url  string
		kind Kind
		says string
	}{
		{web.URL + "/slow", KindTimeout, "timed out"},
		{web.URL + "/slowbody", KindTimeout, "timed out"},
		{web.URL + "/huge", KindTooLarge, "the limit is 1048576 bytes"},
		{web.URL + "/huge-declared", KindTooLarge, "the limit is 1048576 bytes"},
		{web.URL + "/bomb", KindTooLarge, "unpacks to more than"},
		{web.URL + "/pdf", KindNotHTML, "not an HTML page (application/pdf)"},
		{web.URL + "/blocked401", KindBlocked, "HTTP 401"},
		{web.URL + "/blocked402", KindBlocked, "HTTP 402"},
		{web.URL + "/blocked403", KindBlocked, "HTTP 403 Forbidden: the site refused the page (a paywall"},
		{web.URL + "/blocked451", KindBlocked, "HTTP 451"},
		{web.URL + "/missing", KindGone, "HTTP 404 Not Found"},
		{web.URL + "/error500", KindHTTP, "HTTP 500"},
		{web.URL + "/nolocation", KindRedirects, "without a Location"},
		{web.URL + "/empty", KindNotHTML, "no article text"},
		{refused, KindRefused, "refused"},
		{tlsSrv.URL + "/", KindTLS, "TLS"},
		{"ftp://example.org/file", KindBadURL, "only http:// and https://"},
		{"not a url", KindBadURL, "not a web address"},
	}
	var slowURLs, urls []string
	for _, tc := range cases {
		if tc.kind == KindTimeout {
			slowURLs = append(slowURLs, tc.url)
		} else {
			urls = append(urls, tc.url)
		}
	}
	results := map[string]URLResult{}
	for _, run := range []struct {
		c    *Capturer
		urls []string
	}{{short, slowURLs}, {roomy, urls}} {
		res, err := run.c.ImportURLs(context.Background(), run.urls, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i, u := range run.urls {
			results[u] = res[i]
		}
	}
	for _, tc := range cases {
		c := capturerFor(tc.kind)
		r := results[tc.url]
		if r.Status != StatusError || !strings.Contains(r.Error, tc.says) || !strings.Contains(r.Error, tc.url) {
			t.Errorf("%s: %+v (want %q)", tc.url, r, tc.says)
		}
		page, err := c.fetch.Fetch(context.Background(), tc.url, Conditional{})
		if tc.kind == KindNotHTML && strings.Contains(tc.says, "no article") {
			if err == nil {
				_, err = Extract(page)
			}
		}
		if KindOf(err) != tc.kind {
			t.Errorf("%s: kind %q, want %q (%v)", tc.url, KindOf(err), tc.kind, err)
		}
	}
	if docs, _ := s.Documents(); len(docs) != 0 {
		t.Errorf("failures stored %d documents", len(docs))
	}
	if files, _ := short.Archive().Files(); len(files) != 0 {
		t.Errorf("failures archived %v", files)
	}
	// A DNS failure is named as one (no lookup is made: the error is the resolver's).
	if e := netError("http://nowhere.invalid/", nil, &net.DNSError{Err: "no such host", Name: "nowhere.invalid", IsNotFound: true}, opt.withDefaults()); e.Kind != KindDNS || !strings.Contains(e.Error(), "could not be found (DNS") {
		t.Errorf("dns: %v", e)
	}
}

func TestEncodingsAndCharsets(t *testing.T) {
	web := newSite(t)
	text := "Le maire a déclaré que le pont « historique » serait réparé avant l’été."
	page := articlePage("Pont réparé", text)
	web.handle("/gzip", func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") || !strings.Contains(r.Header.Get("Accept-Encoding"), "br") {
			t.Errorf("Accept-Encoding %q", r.Header.Get("Accept-Encoding"))
		}
		var b bytes.Buffer
		z := gzip.NewWriter(&b)
		io.WriteString(z, page)
		z.Close()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(b.Bytes())
	})
	web.handle("/br", func(w http.ResponseWriter, r *http.Request) {
		var b bytes.Buffer
		z := brotli.NewWriter(&b)
		io.WriteString(z, strings.Replace(page, "Pont réparé", "Pont réparé (br)", 2))
		z.Close()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "br")
		w.Write(b.Bytes())
	})
	// deflate is zlib as RFC 9110 says; some servers send the raw DEFLATE stream instead: both are read.
	for _, enc := range []string{"deflate", "rawdeflate"} {
		web.handle("/"+enc, func(w http.ResponseWriter, r *http.Request) {
			var b bytes.Buffer
			var z io.WriteCloser = zlib.NewWriter(&b)
			if enc == "rawdeflate" {
				z, _ = flate.NewWriter(&b, flate.DefaultCompression)
			}
			io.WriteString(z, strings.Replace(page, "Pont réparé", "Pont réparé ("+enc+")", 2))
			z.Close()
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Encoding", "deflate")
			w.Write(b.Bytes())
		})
	}
	latin1, _ := charmap.Windows1252.NewEncoder().String(strings.Replace(page, "Pont réparé", "Pont réparé (latin)", 2))
	web.handle("/header-charset", func(w http.ResponseWriter, r *http.Request) {
		// The header is right, the page's own <meta charset="utf-8"> is wrong: the header wins.
		w.Header().Set("Content-Type", "text/html; charset=windows-1252")
		io.WriteString(w, latin1)
	})
	greek := "Ο δήμαρχος είπε ότι η γέφυρα θα επισκευαστεί πριν από το καλοκαίρι."
	metaOnly, err := charmap.ISO8859_7.NewEncoder().String(strings.Replace(articlePage("Η γέφυρα", greek), `<meta charset="utf-8">`, `<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-7">`, 1))
	if err != nil {
		t.Fatal(err)
	}
	web.handle("/meta-charset", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, metaOnly)
	})
	web.handle("/wrong-charset", func(w http.ResponseWriter, r *http.Request) {
		// Claims UTF-8 in the header, but the bytes are Windows-1252 (and so is no <meta>).
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, strings.Replace(strings.Replace(latin1, `<meta charset="utf-8">`, "", 1), "(latin)", "(wrong)", 2))
	})
	web.handle("/bom", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=iso-8859-1") // the BOM beats the header
		io.WriteString(w, "\xEF\xBB\xBF"+strings.Replace(page, "Pont réparé", "Pont réparé (bom)", 2))
	})
	c, s := newCapturer(t, quick())
	for _, path := range []string{"/gzip", "/br", "/deflate", "/rawdeflate", "/header-charset", "/meta-charset", "/wrong-charset", "/bom"} {
		r := one(t, c, web.URL+path)
		if r.Status != StatusImported {
			t.Errorf("%s: %+v", path, r)
			continue
		}
		v, _ := s.Version(r.DocID, 0)
		if path == "/meta-charset" {
			if !strings.Contains(v.Text, greek) || r.Title != "Η γέφυρα" {
				t.Errorf("%s: title %q text %q", path, r.Title, v.Text)
			}
		} else if !strings.Contains(v.Text, text) || !strings.HasPrefix(r.Title, "Pont réparé") {
			t.Errorf("%s: title %q text %q", path, r.Title, v.Text)
		}
		// The archive keeps the body as received: compressed stays compressed.
		rec, err := c.Archive().Response(v.Capture.WARCFile, v.Capture.WARCRecordID)
		if err != nil {
			t.Fatal(err)
		}
		deflated := path == "/deflate" || path == "/rawdeflate"
		if enc := rec.Header.Get("Content-Encoding"); (path == "/gzip") != (enc == "gzip") || (path == "/br") != (enc == "br") || deflated != (enc == "deflate") {
			t.Errorf("%s: archived Content-Encoding %q", path, enc)
		}
	}
	checkWARCFiles(t, c.Archive())
}

func TestFourFetchesToOneHost(t *testing.T) {
	web := newSite(t)
	var mu sync.Mutex
	now, most := 0, 0
	for i := range 12 {
		web.handle(fmt.Sprintf("/p%d", i), func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			now++
			most = max(most, now)
			mu.Unlock()
			time.Sleep(30 * time.Millisecond)
			mu.Lock()
			now--
			mu.Unlock()
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, articlePage(fmt.Sprintf("Story %d", i), fmt.Sprintf("Story number %d of twelve.", i)))
		})
	}
	c, _ := newCapturer(t, quick())
	var urls []string
	for i := range 12 {
		urls = append(urls, fmt.Sprintf("%s/p%d", web.URL, i))
	}
	res, err := c.ImportURLs(context.Background(), urls, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Status != StatusImported || r.Title != fmt.Sprintf("Story %d", i) {
			t.Errorf("%d: %+v", i, r)
		}
	}
	if most != DefaultPerHost {
		t.Errorf("%d fetches at once to one host, want %d", most, DefaultPerHost)
	}
}

// TestFetchesPerHost: three sites are fetched from at once, never more than DefaultPerHost fetches to
// one of them, never more than DefaultInFlight in all.
func TestFetchesPerHost(t *testing.T) {
	var mu sync.Mutex
	now, most := 0, 0
	perHost, mostPerHost := map[int]int{}, map[int]int{}
	var urls []string
	for h := range 3 {
		web := newSite(t)
		for i := range 8 {
			web.handle(fmt.Sprintf("/p%d", i), func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				now++
				perHost[h]++
				most, mostPerHost[h] = max(most, now), max(mostPerHost[h], perHost[h])
				mu.Unlock()
				time.Sleep(40 * time.Millisecond)
				mu.Lock()
				now--
				perHost[h]--
				mu.Unlock()
				w.Header().Set("Content-Type", "text/html")
				io.WriteString(w, articlePage(fmt.Sprintf("Site %d story %d", h, i), fmt.Sprintf("Story number %d of site %d.", i, h)))
			})
			urls = append(urls, fmt.Sprintf("%s/p%d", web.URL, i))
		}
	}
	c, _ := newCapturer(t, quick())
	res, err := c.ImportURLs(context.Background(), urls, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Status != StatusImported {
			t.Errorf("%d: %+v", i, r)
		}
	}
	for h, n := range mostPerHost {
		if n > DefaultPerHost {
			t.Errorf("site %d: %d fetches at once, the most is %d", h, n, DefaultPerHost)
		}
	}
	if most <= DefaultPerHost || most > DefaultInFlight {
		t.Errorf("%d fetches at once over three sites, want more than %d (one site's share) and at most %d", most, DefaultPerHost, DefaultInFlight)
	}
}

func TestArchiveVerifyFindsTampering(t *testing.T) {
	web := newSite(t)
	web.html("/a", articlePage("Kept as evidence", "The original wording of the story."))
	s := storetest.Open(t)
	c := New(s, quick())
	defer c.Close()
	r := one(t, c, web.URL+"/a")
	v, _ := s.Version(r.DocID, 0)
	if problems, err := c.Archive().Verify(s); err != nil || len(problems) != 0 {
		t.Fatalf("sound archive: %v %v", problems, err)
	}
	path := filepath.Join(c.Archive().Dir, filepath.FromSlash(v.Capture.WARCFile))
	data, _ := os.ReadFile(path)
	// Rewrite the response record with one changed word, keeping the stored digests.
	var out bytes.Buffer
	c.Archive().ReadFile(v.Capture.WARCFile, func(rec archive.Record) error {
		raw := rec.Raw
		if rec.Type == "response" {
			z, _ := gzip.NewReader(bytes.NewReader(raw))
			plain, _ := io.ReadAll(z)
			plain = bytes.Replace(plain, []byte("original wording"), []byte("doctored wording"), 1)
			var b bytes.Buffer
			zw := gzip.NewWriter(&b)
			zw.Write(plain)
			zw.Close()
			raw = b.Bytes()
		}
		out.Write(raw)
		return nil
	})
	if err := os.WriteFile(path, out.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	problems, err := c.Archive().Verify(s)
	if err != nil || len(problems) == 0 || !strings.Contains(strings.Join(problems, "\n"), "digest") {
		t.Errorf("tampered archive: %v %v", problems, err)
	}
	os.Remove(path)
	problems, _ = c.Archive().Verify(s)
	if len(problems) != 1 || !strings.Contains(problems[0], "is not in the archive") {
		t.Errorf("missing file: %v", problems)
	}
	// Put it back so the cleanup's library check passes.
	os.WriteFile(path, data, 0o600)
	if errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
}

func TestCapturedPageIsSanitizedWithImagesFromTheArchive(t *testing.T) {
	web := newSite(t)
	png := []byte("\x89PNG\r\n\x1a\n fake image bytes")
	web.handle("/photo.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(png)
	})
	web.handle("/evil.svg", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/svg+xml")
		io.WriteString(w, `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`)
	})
	page := strings.Replace(articlePage("With pictures", "A story with a photo."), "<h1>",
		`<script>window.parent.go.app.App.DeleteDocument("x")</script><style>body{background:url(http://tracker.example/x)}</style>
<img src="/photo.png" alt="the bridge" onerror="alert(1)"><img src="/missing.png" alt="gone"><img src="http://127.0.0.1:1/a.jpg">
<img src="/evil.svg"><iframe src="http://ads.invalid/"></iframe><a href="http://elsewhere.invalid/next" onclick="steal()">next story</a>
<form action="http://x.invalid/"><input name="q"></form><h1 onmouseover="x()" style="color:red">`, 1)
	web.html("/story", page)
	opt := quick()
	opt.Images = 10
	c, s := newCapturer(t, opt)
	r := one(t, c, web.URL+"/story")
	if r.Status != StatusImported {
		t.Fatal(r)
	}
	v, _ := s.Version(r.DocID, 0)
	out, err := CapturedPage(c.Archive(), v.Capture)
	if err != nil {
		t.Fatal(err)
	}
	want := "data:image/png;base64," + base64.StdEncoding.EncodeToString(png)
	if !strings.Contains(out, `src="`+want+`"`) || !strings.Contains(out, `alt="the bridge"`) {
		t.Errorf("archived image not inlined:\n%s", out)
	}
	for _, bad := range []string{"<script", "DeleteDocument", "onerror", "onclick", "onmouseover", "onload", "<iframe", "<form", "<input",
		"127.0.0.1:1", "/missing.png", "svg", "href=", "style=\"color", "tracker.example", "alert("} {
		if strings.Contains(out, bad) {
			t.Errorf("captured page keeps %q:\n%s", bad, out)
		}
	}
	for _, good := range []string{"A story with a photo.", `title="http://elsewhere.invalid/next"`, "next story", pageCSP} {
		if !strings.Contains(out, good) {
			t.Errorf("captured page lacks %q:\n%s", good, out)
		}
	}
	if _, err := CapturedPage(c.Archive(), nil); err == nil {
		t.Error("a version without capture gave a page")
	}
}

// Proxies come from the environment (HTTP_PROXY …). net/http reads it once per process and never proxies
// loopback addresses, so the test runs itself again with HTTP_PROXY set to a loopback proxy and fetches a
// made-up host through it: the name is never looked up, the proxy answers.
func TestProxyFromTheEnvironment(t *testing.T) {
	if os.Getenv("GLOSS_PROXY_CHILD") != "" {
		f := NewFetcher(quick())
		defer f.Close()
		p, err := f.Fetch(context.Background(), "http://news.example/story", Conditional{})
		if err != nil || !strings.Contains(string(p.Content), "Through the proxy") {
			t.Fatalf("through the proxy: %v", err)
		}
		return
	}
	var asked []string
	var mu sync.Mutex
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.URL.String())
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, articlePage("Through the proxy", "Fetched by way of the newsroom proxy."))
	}))
	defer proxy.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestProxyFromTheEnvironment$", "-test.count=1")
	cmd.Env = append(os.Environ(), "GLOSS_PROXY_CHILD=1", "HTTP_PROXY="+proxy.URL, "http_proxy="+proxy.URL, "NO_PROXY=", "no_proxy=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(asked) != 1 || asked[0] != "http://news.example/story" {
		t.Errorf("the proxy was asked for %v", asked)
	}
}

// TestLastCheckedIsStored: every fetch of a captured document records when it was checked, a 304 and
// an unchanged page included; the check describes the page only while its version is current, so once
// the new version is undone the next refresh compares with the archive again (and still finds the
// page unchanged against the current text it shows).
func TestLastCheckedIsStored(t *testing.T) {
	web := newSite(t)
	var mu sync.Mutex
	etag := `"one"`
	body := articlePage("Ferry timetable", "The ferry will run every hour from the first of May.")
	web.handle("/f", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, body)
	})
	c, s := newCapturer(t, quick())
	r := one(t, c, web.URL+"/f")
	checkedAt := func() store.CaptureCheck {
		t.Helper()
		checks, err := s.CaptureChecks()
		if err != nil {
			t.Fatal(err)
		}
		return checks[r.DocID]
	}
	imported := checkedAt()
	doc, _ := s.Document(r.DocID)
	if imported.CheckedAt.IsZero() || imported.DocSHA256 != doc.SHA256 || imported.PayloadSHA256 == "" || imported.VisibleSHA256 == "" {
		t.Fatalf("after the import: %+v", imported)
	}
	for _, step := range []struct {
		what   string
		change func()
		status string
	}{
		{"304", func() {}, StatusUnchanged},
		{"a comment", func() { etag, body = `"two"`, strings.Replace(body, "<title>", "<!-- nonce 7 --><title>", 1) }, StatusUnchanged},
		{"an edit", func() { etag, body = `"three"`, strings.Replace(body, "every hour", "every two hours", 1) }, StatusChanged},
	} {
		before := checkedAt()
		time.Sleep(5 * time.Millisecond)
		mu.Lock()
		step.change()
		mu.Unlock()
		res, err := c.Refresh(context.Background(), []string{r.DocID}, nil)
		if err != nil || res[0].Status != step.status {
			t.Fatalf("%s: %+v %v", step.what, res, err)
		}
		after := checkedAt()
		if !after.CheckedAt.After(before.CheckedAt) {
			t.Errorf("%s: last checked %v, not after %v", step.what, after.CheckedAt, before.CheckedAt)
		}
		doc, _ := s.Document(r.DocID)
		if after.DocSHA256 != doc.SHA256 {
			t.Errorf("%s: the check describes %s, the document is %s", step.what, after.DocSHA256, doc.SHA256)
		}
	}
	// Undo the new version: the check (of the edited page) no longer describes the current text.
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	doc, _ = s.Document(r.DocID)
	if doc.Version != 1 || checkedAt().DocSHA256 == doc.SHA256 {
		t.Fatalf("after undo: version %d, check %+v", doc.Version, checkedAt())
	}
	mu.Lock()
	etag, body = `"four"`, strings.Replace(body, "<!-- nonce 7 -->", "<!-- nonce 8 -->", 1)
	mu.Unlock()
	// The page still shows the edit, which is not the current version: a change again, not "unchanged".
	if res, _ := c.Refresh(context.Background(), []string{r.DocID}, nil); res[0].Status != StatusChanged {
		t.Errorf("after undo: %+v", res)
	}
}

// TestReferenceListOfACapturedPage: a page fetched from the web, with no canonical link, keeps its list of
// sources (links to other sites) and loses its list of the site's own articles: the site is the host its
// menus link to, here the loopback server's (issue 16, "link-only reference lists").
func TestReferenceListOfACapturedPage(t *testing.T) {
	web := newSite(t)
	own := web.URL
	page := fmt.Sprintf(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>The bridge vote</title></head><body>
<nav><a href="%[1]s/">Home</a> <a href="%[1]s/news">News</a> <a href="%[1]s/sport">Sport</a> <a href="%[1]s/weather">Weather</a></nav>
<article><h1>The bridge vote</h1>
<p>The council met on Tuesday evening to discuss the budget for the coming year, and members argued at length about the cost of repairing the old bridge over the river.</p>
<p>Several residents spoke in favour of the repairs, saying the bridge was part of the town's history and that closing it would cut the market off from the villages to the north.</p>
<p>The vote was postponed to next month, when the engineers' report on the state of the piers is due, and the mayor promised a public meeting before any decision is taken.</p>
<h2>Sources</h2>
<ul><li><a href="https://engineers.example.org/reports/bridge-2026.pdf">Engineers' report on the river bridge</a></li>
<li><a href="https://region.example.net/budget">Regional budget for 2027</a></li></ul>
<h2>More from the Loopback Times</h2>
<ul><li><a href="%[1]s/news/market-petition">Market traders start a petition</a></li>
<li><a href="%[1]s/news/mayor-interview">The mayor on the year ahead</a></li></ul>
</article></body></html>`, own)
	web.html("/news/bridge-vote", page)
	c, s := newCapturer(t, quick())
	r := one(t, c, own+"/news/bridge-vote")
	if r.Status != StatusImported {
		t.Fatalf("%+v", r)
	}
	v, err := s.Version(r.DocID, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Engineers' report on the river bridge", "Regional budget for 2027", "the mayor promised a public meeting"} {
		if !strings.Contains(v.Text, want) {
			t.Errorf("lost %q:\n%s", want, v.Text)
		}
	}
	for _, chrome := range []string{"Market traders start a petition", "The mayor on the year ahead", "Weather"} {
		if strings.Contains(v.Text, chrome) {
			t.Errorf("kept %q:\n%s", chrome, v.Text)
		}
	}
}
