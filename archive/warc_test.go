package archive

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gowarc "github.com/nlnwa/gowarc/v3"

	"gloss/store"
)

// hop is one made-up HTTP exchange, as capture would record it: a 200 with body, or a redirect.
func hop(url string, status int, body string) Hop {
	head := "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
	if status != 200 {
		head = "HTTP/1.1 301 Moved Permanently\r\nLocation: " + url + "/final\r\n\r\n"
	}
	return Hop{URL: url, Request: []byte("GET / HTTP/1.1\r\nHost: example.invalid\r\n\r\n"), Status: status,
		Head: []byte(head), Body: []byte(body), Date: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
}

// gunzipAll undoes the gzip members of a WARC file, all of them.
func gunzipAll(t *testing.T, b []byte) []byte {
	z, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(z)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// A fetch written to the archive reads back record by record: the warcinfo, then per exchange a response
// and a request, the final response's id being the one Write returns, its payload as fetched.
func TestWriteAndReadBack(t *testing.T) {
	a := Archive{Dir: filepath.Join(t.TempDir(), "lib.db.archive")}
	page := []Hop{hop("http://example.invalid/a", 301, ""), hop("http://example.invalid/a/final", 200, "<p>the story</p>")}
	images := []Hop{hop("http://example.invalid/photo.png", 200, "\x89PNG fake")}
	w, err := a.Write(page, images, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(w.File, "warc/gloss-") || !strings.HasSuffix(w.File, ".warc.gz") || !strings.HasPrefix(w.ResponseID, "<urn:uuid:") {
		t.Fatalf("written %+v", w)
	}
	var types []string
	if err := a.ReadFile(w.File, func(r Record) error {
		types = append(types, r.Type)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(types, " "); got != "warcinfo response request response request response request" {
		t.Errorf("records: %s", got)
	}
	rec, err := a.Response(w.File, w.ResponseID)
	if err != nil || rec.Type != "response" || string(rec.Body) != "<p>the story</p>" || rec.TargetURI != "http://example.invalid/a/final" || len(rec.Raw) == 0 {
		t.Fatalf("final response: %+v %v", rec, err)
	}
	if fast, err := a.ResponseUnverified(w.File, w.ResponseID); err != nil || !bytes.Equal(fast.Body, rec.Body) {
		t.Errorf("unverified read: %+v %v", fast, err)
	}
	if _, err := a.Response(w.File, "<urn:uuid:nothing>"); err == nil {
		t.Error("a record that is not there was found")
	}
	if problems, err := a.Verify(nil); err != nil || len(problems) != 0 {
		t.Errorf("verify: %v %v", problems, err)
	}
	for _, bad := range []string{"../elsewhere.warc.gz", "/etc/passwd", ""} {
		if err := a.ReadFile(bad, func(Record) error { return nil }); err == nil {
			t.Errorf("read %q outside the archive", bad)
		}
	}
}

// A batch is one file for many fetches, there only once closed; a revisit keeps headers only and points
// at the capture it repeats. CopyTo copies what the other archive lacks, once.
func TestBatchRevisitAndCopy(t *testing.T) {
	a := Archive{Dir: filepath.Join(t.TempDir(), "lib.db.archive")}
	first, err := a.Write([]Hop{hop("http://example.invalid/b", 200, "<p>v1</p>")}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	b := a.NewBatch()
	var ids []Written
	of := &store.Capture{WARCFile: first.File, WARCRecordID: first.ResponseID, FinalURL: "http://example.invalid/b", RetrievedAt: time.Now()}
	for i := range 3 {
		w, err := b.Add([]Hop{hop("http://example.invalid/b", 200, "<p>v1</p>")}, nil, &Revisit{Of: of, NotModified: i == 2})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, w)
	}
	if files, _ := a.Files(); len(files) != 1 {
		t.Fatalf("before Close: %v", files)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if files, _ := a.Files(); len(files) != 2 || ids[0].File != ids[2].File {
		t.Fatalf("after Close: %v, %+v", files, ids)
	}
	for i, w := range ids {
		rec, err := a.Response(w.File, w.ResponseID)
		if err != nil || rec.Type != "revisit" || len(rec.Body) != 0 || rec.Status != 200 {
			t.Errorf("revisit %d: %+v %v", i, rec, err)
		}
	}
	if err := a.NewBatch().Close(); err != nil {
		t.Errorf("an empty batch: %v", err)
	}
	dst := Archive{Dir: filepath.Join(t.TempDir(), "backup.db.archive")}
	if n, err := a.CopyTo(dst); n != 2 || err != nil {
		t.Fatalf("copy: %d %v", n, err)
	}
	if n, err := a.CopyTo(dst); n != 0 || err != nil {
		t.Errorf("second copy: %d %v", n, err)
	}
	if rec, err := dst.Response(first.File, first.ResponseID); err != nil || string(rec.Body) != "<p>v1</p>" {
		t.Errorf("copied capture: %+v %v", rec, err)
	}
}

// A changed byte in a stored payload is found by Verify; the warcinfo written for an export is a record
// of its own that reads back.
func TestVerifyAndWarcinfo(t *testing.T) {
	a := Archive{Dir: filepath.Join(t.TempDir(), "lib.db.archive")}
	w, err := a.Write([]Hop{hop("http://example.invalid/c", 200, "<p>the original wording</p>")}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := WriteWarcinfo(&out, "export.warc.gz", "software: test\nformat: WARC File Format 1.1\n"); err != nil {
		t.Fatal(err)
	}
	export := filepath.Join(a.Dir, "warc", "export.warc")
	path := filepath.Join(a.Dir, filepath.FromSlash(w.File))
	data, _ := os.ReadFile(path)
	if err := os.WriteFile(export, append(out.Bytes(), data...), 0o600); err != nil {
		t.Fatal(err)
	}
	var types []string
	if err := a.ReadFile("warc/export.warc", func(r Record) error {
		types = append(types, r.Type)
		return nil
	}); err != nil || len(types) != 4 || types[0] != "warcinfo" || types[1] != "warcinfo" {
		t.Fatalf("export-like file: %v %v", types, err)
	}
	os.Remove(export)
	// A plain (not gzipped) copy with one word changed, the digests kept.
	var plain bytes.Buffer
	if err := a.ReadFile(w.File, func(r Record) error {
		plain.Write(r.Raw)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	tampered := filepath.Join(a.Dir, "warc", "tampered.warc")
	raw := gunzipAll(t, plain.Bytes())
	if err := os.WriteFile(tampered, bytes.Replace(raw, []byte("original"), []byte("doctored"), 1), 0o600); err != nil {
		t.Fatal(err)
	}
	problems, err := a.Verify(nil)
	if err != nil || len(problems) != 1 || !strings.Contains(problems[0], "tampered.warc") || !strings.Contains(problems[0], "digest") {
		t.Errorf("tampered file: %v %v", problems, err)
	}
}

// A Writer's compressors, reset for each record, write the very bytes a new compressor writes: records
// of every kind and size (a page, a tiny request, a revisit), compressed or stored, one after another through one compressor
// and side by side through several, come out as they do from compressors made for them. The payload
// digest a fetcher worked out (Hop.BodySHA256) is the one written, and the body read back matches it; one that is not the body's is refused.
func TestWriterReusesCompressors(t *testing.T) {
	big := strings.Repeat("<p>A paragraph of the story, with some words that repeat, and others. </p>\n", 3000)
	heads := func(i int) map[string]string {
		return map[string]string{"WARC-Record-ID": fmt.Sprintf("<urn:uuid:00000000-0000-4000-8000-%012d>", i),
			"WARC-Date": "2026-03-01T12:00:00Z", "WARC-Target-URI": "http://example.invalid/x", "Content-Type": "application/http;msgtype=response"}
	}
	blocks := [][]byte{[]byte("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + big), []byte("GET / HTTP/1.1\r\nHost: example.invalid\r\n\r\n"),
		[]byte("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>short</p>"), []byte("HTTP/1.1 304 Not Modified\r\n\r\n")}
	fresh := func(i int) []byte {
		var out bytes.Buffer
		if err := (*Writer)(nil).writeRecord(&out, gowarc.Response, heads(i), i%5 == 0, blocks[i%len(blocks)]); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	z := Archive{}.NewWriter()
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			for i := range 24 {
				var out bytes.Buffer
				if err := z.writeRecord(&out, gowarc.Response, heads(i), i%5 == 0, blocks[i%len(blocks)]); err != nil {
					t.Error(err)
					return
				}
				if !bytes.Equal(out.Bytes(), fresh(i)) {
					t.Errorf("record %d: %d bytes through a reused compressor, %d through a new one", i, out.Len(), len(fresh(i)))
				}
			}
		})
	}
	wg.Wait()

	a := Archive{Dir: filepath.Join(t.TempDir(), "lib.db.archive")}
	page := hop("http://example.invalid/d", 200, big)
	sum := sha256.Sum256(page.Body)
	page.BodySHA256 = hex.EncodeToString(sum[:])
	w, err := a.NewWriter().Write([]Hop{page}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := a.Response(w.File, w.ResponseID)
	if err != nil || string(rec.Body) != big {
		t.Fatalf("read back: %v", err)
	}
	page.BodySHA256 = strings.Repeat("0", 64) // not the body's: gowarc's check refuses the record
	if _, err = a.Write([]Hop{page}, nil, nil); err == nil || !strings.Contains(err.Error(), "payload: wrong digest") {
		t.Errorf("a payload digest that is not the body's: %v", err)
	}
	if files, _ := a.Files(); len(files) != 1 {
		t.Errorf("files after the refused record: %v", files)
	}
}

// A body that came compressed (a gzip Content-Encoding, a JPEG) is stored in its record's gzip member as
// it is, a plain page's is compressed; either reads back byte for byte with its digests checked, and
// standard gzip reads the file.
func TestCompressedBodiesAreStored(t *testing.T) {
	page := strings.Repeat("<p>A paragraph of the story, with some words that repeat, and others. </p>\n", 2000)
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write([]byte(page))
	zw.Close()
	noise := make([]byte, 64<<10) // an image's bytes: as good as random to a compressor
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range noise {
		noise[i] = byte(rng.Uint32())
	}
	for _, c := range []struct {
		name, head string
		body       []byte
		stored     bool
	}{
		{"plain page", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", []byte(page), false},
		{"gzip page", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n", zipped.Bytes(), true},
		{"br page", "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\n\r\n", noise, true},
		{"jpeg", "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n\r\n", noise, true},
		{"identity", "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: identity\r\n\r\n", []byte(page), false},
	} {
		resp, err := http.ReadResponse(bufio.NewReader(strings.NewReader(c.head)), nil)
		if err != nil {
			t.Fatal(err)
		}
		a := Archive{Dir: filepath.Join(t.TempDir(), "lib.db.archive")}
		h := Hop{URL: "http://example.invalid/a", Request: []byte("GET /a HTTP/1.1\r\nHost: example.invalid\r\n\r\n"), Status: 200,
			Head: []byte(c.head), Header: resp.Header, Body: c.body, Date: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
		w, err := a.NewWriter().Write([]Hop{h}, nil, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		rec, err := a.Response(w.File, w.ResponseID) // digests verified
		if err != nil || !bytes.Equal(rec.Body, c.body) {
			t.Fatalf("%s: read back: %v", c.name, err)
		}
		file, err := os.ReadFile(filepath.Join(a.Dir, filepath.FromSlash(w.File)))
		if err != nil {
			t.Fatal(err)
		}
		if raw := gunzipAll(t, file); !bytes.Contains(raw, c.body) {
			t.Errorf("%s: gzip does not give the body back", c.name)
		}
		if stored := bytes.Contains(file, c.body[:min(len(c.body), 4096)]); stored != c.stored { // a stored member holds the bytes as they are
			t.Errorf("%s: file %d bytes for a %d-byte body: stored %v, want %v", c.name, len(file), len(c.body), stored, c.stored)
		}
	}
}
