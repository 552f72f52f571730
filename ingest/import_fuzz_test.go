package ingest

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"

	"gloss/render"
)

var fuzzExtensions = []string{".txt", ".md", ".html"}

// FuzzReadBytes: whatever the bytes, reading gives an error or a document that is valid UTF-8, has a
// title, renders back to its canonical text and carries no markup that could run.
func FuzzReadBytes(f *testing.F) {
	seeds := []string{
		"Headline Here Today\r\n\r\nBody text.\r\n", "\xEF\xBB\xBFBOM text", "\xFF\xFEh\x00i\x00", "caf\xe9",
		"---\ntitle: T\ndate: 2024-01-02\n---\n# H\n\ntext", "---\ntitle: [x\n---\n", "# <script>x</script>\n\n[a](javascript:b)",
		"<scr<b>ipt>alert(1)</script>", "<p onclick=x>hi</p><script>y</script>", "<meta http-equiv=refresh content=0>",
		"<svg onload=alert(1)>", "<p style='background:url(javascript:x)'>p</p>", "<<iframe>iframe src=x>",
		"[r]: javascript:x\n\n[a][r]", "<javascript:alert(1)>", "\x00\x01\x02", "",
	}
	for _, s := range seeds {
		for i := range fuzzExtensions {
			f.Add(uint8(i), []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, ext uint8, data []byte) {
		name := "f" + fuzzExtensions[int(ext)%len(fuzzExtensions)]
		doc, err := ReadBytes(name, data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), name+": ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if !utf8.ValidString(doc.Text) || !utf8.ValidString(doc.Raw) || strings.TrimSpace(doc.Title) == "" || strings.TrimSpace(doc.Text) == "" {
			t.Fatalf("bad document: %+v", doc)
		}
		rendered, err := render.Version(doc.Format, doc.Text, doc.Raw, doc.BodyStart, nil)
		if err != nil || rendered.Text != doc.Text {
			t.Fatalf("render.Version: %v, %q != %q", err, rendered.Text, doc.Text)
		}
		if doc.Format == "txt" {
			return
		}
		if strings.ContainsAny(doc.Title+doc.Source, "<>") || (doc.URL != "" && !strings.HasPrefix(doc.URL, "http")) {
			t.Fatalf("metadata carries markup: %q %q %q", doc.Title, doc.Source, doc.URL)
		}
		if doc.Format == "md" && cleanMarkdownOnce(doc.Raw) != doc.Raw {
			t.Fatalf("Raw Markdown still holds HTML or unsafe links: %q", doc.Raw)
		}
		if doc.Format == "html" {
			assertSafeMarkup(t, doc.Raw)
		}
	})
}

// FuzzReadW3C: any bytes give an error or a bundle with sane spans; nothing panics.
func FuzzReadW3C(f *testing.F) {
	for _, name := range []string{"good.jsonld", "good_collection.jsonld", "bad_no_target.jsonld"} {
		if data, err := os.ReadFile(filepath.Join(samples, name)); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"type":"Annotation","target":{"source":"s","selector":{"type":"TextPositionSelector","start":1e99,"end":-1}}}`))
	f.Add([]byte(`[{"type":"AnnotationPage","items":[],"next":{"type":"AnnotationPage","items":[{"type":["Annotation"],"body":"x","target":"y"}]}}]`))
	f.Add([]byte(`{"@graph":[{"type":"Annotation","gloss:tags":[{"id":"a","parent":"a","name":"loop"}]}]}`))
	f.Add([]byte(`{"gloss:documents":[{"id":"d","versions":[{"n":1,"text":"t"}],"version":1}],"gloss:tags":[{"path":"a/b/c"}]}`))
	f.Add([]byte(`{"type":"AnnotationCollection","first":"urn:x"}`))
	f.Add([]byte(`not json`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ReadW3C(bytes.NewReader(data))
		sameAsStreamed(t, data, b, err)
		if err != nil {
			return
		}
		for _, a := range b.Annotations {
			if a.Start < -1 || a.End < -1 {
				t.Fatalf("negative span: %+v", a)
			}
		}
	})
}

// FuzzReadQDPX: any archive bytes give an error or a bundle; no panic, no runaway allocation.
func FuzzReadQDPX(f *testing.F) {
	if data, err := os.ReadFile(filepath.Join(samples, "good.qdpx")); err == nil {
		f.Add(data)
	}
	f.Add(zipOf(f, map[string]string{"project.qde": `<Project name="p"><Sources><TextSource guid="a" plainTextPath="internal://a.txt"><PlainTextSelection guid="s" startPosition="2" endPosition="1"/></TextSource></Sources></Project>`, "sources/a.txt": "text"}))
	f.Add(zipOf(f, map[string]string{"project.qde": `<Project><CodeBook><Codes><Code guid="c" name="a/b"><Code guid="d" name=""/></Code></Codes></CodeBook><Sources><TextSource guid="x"><PlainTextContent>hi</PlainTextContent><PlainTextSelection guid="s" startPosition="-1" endPosition="x"/></TextSource></Sources></Project>`}))
	f.Add(zipOf(f, map[string]string{"project.qde": `<Project><Sources><TextSource guid="a" plainTextPath="internal://../../etc/passwd"/></Sources></Project>`}))
	f.Add([]byte("PK\x03\x04garbage"))
	interop, _ := filepath.Glob(filepath.Join("testdata", "interop", "qdpx", "*.qdpx")) // other tools' projects
	for _, p := range interop {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	// A few mutated bytes of deflate can unpack to the full limit; parsing 50 MB of that per run
	// starves the fuzzer (TestQDPXZipBomb checks the real limit).
	small := Limits{MaxBytes: 1 << 20, MaxUnpackedBytes: 2 << 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := readQDPX(bytes.NewReader(data), int64(len(data)), small)
		if err != nil {
			return
		}
		for _, d := range b.Documents {
			if !utf8.ValidString(d.Text) {
				t.Fatalf("document text is not UTF-8")
			}
		}
	})
}

// assertSafeMarkup: every tag is one the article policy allows, and the only attribute is a web link.
func assertSafeMarkup(t *testing.T, markup string) {
	z := html.NewTokenizer(strings.NewReader(markup))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			for _, a := range tok.Attr {
				if a.Key != "href" || tok.Data != "a" || unsafeDestination(a.Val) {
					t.Fatalf("markup keeps <%s %s=%q>: %q", tok.Data, a.Key, a.Val, markup)
				}
			}
			if !allowedTags[tok.Data] {
				t.Fatalf("markup keeps <%s>: %q", tok.Data, markup)
			}
		}
	}
}

var allowedTags = map[string]bool{}

func init() {
	for _, tag := range strings.Fields("p h1 h2 h3 h4 h5 h6 ul ol li blockquote pre code em strong b i u s sub sup br hr q cite abbr mark small table thead tbody tfoot tr th td caption figure figcaption dl dt dd a div section article main aside header footer details summary") {
		allowedTags[tag] = true
	}
}

func zipOf(t testing.TB, files map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestQDPXZipBomb: an entry that unpacks past the limit is refused without being read whole.
func TestQDPXZipBomb(t *testing.T) {
	bomb := zipOf(t, map[string]string{"project.qde": strings.Repeat("<", 2<<20)})
	if _, err := readQDPX(bytes.NewReader(bomb), int64(len(bomb)), Limits{MaxBytes: 1 << 20}); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("zip bomb: %v", err)
	}
}
