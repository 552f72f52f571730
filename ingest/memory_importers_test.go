package ingest

import (
	"archive/zip"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"gloss/ingest/memtest"
	"gloss/store"
)

// Memory per input byte of every importer (issue 22): each builds a file of about the given size,
// imports it through ImportPaths into a fresh library (the path the CLI and the window take) and reports
// what it allocated and how far the heap grew, per byte of the file. The bounds are in RELIABILITY.md,
// "memory per input byte"; TestImportMemoryBounds holds each importer to its bound at two sizes:
//
//	GLOSS_MEMORY=1 go test ./ingest -run ImportMemoryBounds -v
//	GLOSS_MEMORY=first go test ./ingest -run ImportMemoryBounds   (the smaller size only: make test)
//	go test ./ingest -run '^$' -bench ImportMemory -benchtime 1x

// memoryCase is one importer's file at a size; prepare, if set, adds what the file refers to.
type memoryCase struct {
	name    string
	file    string
	make    func(size int) []byte
	prepare func(t testing.TB, s *store.Store, size int)
	// bound is the most the peak heap may grow, in bytes per input byte, on top of a fixed 24 MB (fixed,
	// when set: the annotation files' library document, whose re-anchoring index the import holds).
	bound float64
	fixed int64
	// allocBound, when set, is the most the import may allocate, in bytes per input byte (allocation does
	// not depend on the collector's timing as the peak does).
	allocBound float64
	sizes      []int                 // the two sizes measured; nil: 4 MB and 16 MB
	want       func(r Report) string // "" when the import did what it should
}

// proseParagraph is one paragraph of about 120 words of varied prose.
func proseParagraph(r *rand.Rand) string {
	words := strings.Fields("the council voted on the port budget after a long debate about fishing rights harbour dues " +
		"and the new ferry line which critics said would cost more than promised while supporters pointed to jobs " +
		"le conseil a voté après débat über den Hafen")
	var b strings.Builder
	for i := range 120 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[r.IntN(len(words))])
	}
	b.WriteByte('.')
	return b.String()
}

func memText(size int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	for b.Len() < size {
		b.WriteString(proseParagraph(r))
		b.WriteString("\n\n")
	}
	return b.Bytes()
}

// memMarkdown: paragraphs with emphasis, strong text, a link and code, a heading every 20 paragraphs.
func memMarkdown(size int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	b.WriteString("# The port budget\n\n")
	for i := 0; b.Len() < size; i++ {
		if i%20 == 19 {
			fmt.Fprintf(&b, "## Part %d\n\n", i/20+1)
		}
		words := strings.Fields(proseParagraph(r))
		words[3] = "*" + words[3] + "*"
		words[9] = "**" + words[9] + "**"
		words[20] = "[" + words[20] + "](https://example.org/" + words[21] + ")"
		words[40] = "`" + words[40] + "`"
		b.WriteString(strings.Join(words, " "))
		b.WriteString("\n\n")
	}
	return b.Bytes()
}

func memHTML(size int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	b.WriteString(`<!doctype html><html><head><title>The port budget</title><meta name="author" content="A. Reporter"></head><body>` +
		`<nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>The port budget</h1>`)
	for i := 0; b.Len() < size; i++ {
		if i%20 == 19 {
			fmt.Fprintf(&b, "<h2>Part %d</h2>", i/20+1)
		}
		words := strings.Fields(proseParagraph(r))
		words[3] = "<em>" + words[3] + "</em>"
		words[20] = `<a href="https://example.org/` + words[21] + `">` + words[20] + "</a>"
		b.WriteString("<p>" + strings.Join(words, " ") + "</p>\n")
	}
	b.WriteString(`</article><footer>© The Paper</footer></body></html>`)
	return b.Bytes()
}

func memDOCX(size int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	var body bytes.Buffer
	body.WriteString(`<?xml version="1.0" encoding="UTF-8"?><w:document ` + wordNS + `><w:body>`)
	for i := 0; body.Len() < size; i++ {
		if i%20 == 0 {
			fmt.Fprintf(&body, `<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Part %d</w:t></w:r></w:p>`, i/20+1)
		}
		body.WriteString(`<w:p><w:r><w:t xml:space="preserve">` + proseParagraph(r) + `</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t> and more.</w:t></w:r></w:p>`)
	}
	body.WriteString(`</w:body></w:document>`)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range map[string][]byte{
		"[Content_Types].xml": []byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`),
		"word/document.xml":   body.Bytes(),
	} {
		w, _ := zw.Create(name)
		w.Write(data)
	}
	zw.Close()
	return buf.Bytes()
}

// memQDPX: one source of size bytes with a selection every 1,000 bytes, coded with one of 20 codes.
func memQDPX(size int) []byte {
	text := memText(size)
	var project strings.Builder
	project.WriteString(`<?xml version="1.0" encoding="utf-8"?><Project name="m" xmlns="urn:QDA-XML:project:1.0"><CodeBook><Codes>`)
	for i := range 20 {
		fmt.Fprintf(&project, `<Code guid="c%d" name="Code %d"/>`, i, i)
	}
	project.WriteString(`</Codes></CodeBook><Sources><TextSource guid="s0" name="port.txt" plainTextPath="internal://s0.txt">`)
	runes := len([]rune(string(text)))
	for i := 0; (i+1)*1000 < runes; i++ {
		fmt.Fprintf(&project, `<PlainTextSelection guid="sel%d" startPosition="%d" endPosition="%d"><Coding guid="k%d"><CodeRef targetGUID="c%d"/></Coding></PlainTextSelection>`,
			i, i*1000, i*1000+30, i, i%20)
	}
	project.WriteString(`</TextSource></Sources></Project>`)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("project.qde")
	w.Write([]byte(project.String()))
	w, _ = zw.Create("sources/s0.txt")
	w.Write(text)
	zw.Close()
	return buf.Bytes()
}

// memLibraryText is the document the annotation files (Hypothesis, Readwise) point into.
const memDocURL = "https://example.org/port-budget"

func memLibraryDocument(t testing.TB, s *store.Store, size int) {
	text := string(memText(2 << 20))
	if _, err := s.AddDocument(store.NewDocument{Title: "The port budget", Format: "txt", Text: text, SHA256: TextSHA(text), URL: memDocURL}); err != nil {
		t.Fatal(err)
	}
}

// memQuote is the i-th quote annotation files place: 8 words of the library document.
func memQuotes() []string {
	words := strings.Fields(string(memText(2 << 20)))
	var quotes []string
	for i := 0; i+8 < len(words) && len(quotes) < 5000; i += 71 {
		quotes = append(quotes, strings.Join(words[i:i+8], " "))
	}
	return quotes
}

func memHypothesis(size int) []byte {
	quotes := memQuotes()
	var anns []map[string]any
	for n, i := 0, 0; n < size; i++ {
		a := map[string]any{"id": fmt.Sprintf("h%07d", i), "created": "2026-11-20T10:01:02.123456+00:00", "updated": "2026-11-20T10:01:02.123456+00:00",
			"user": "acct:ann@hypothes.is", "uri": memDocURL, "text": fmt.Sprintf("note %d about the port", i), "tags": []string{"port", fmt.Sprintf("t%d", i%20)},
			"target": []any{map[string]any{"source": memDocURL, "selector": []any{
				map[string]any{"type": "TextQuoteSelector", "exact": quotes[i%len(quotes)], "prefix": "", "suffix": ""}}}},
			"document": map[string]any{"title": []string{"The port budget"}}, "links": map[string]any{"html": "https://hypothes.is/a/x"}}
		raw, _ := json.Marshal(a)
		n += len(raw) + 1
		anns = append(anns, a)
	}
	data, _ := json.Marshal(map[string]any{"export_date": "2026-11-28T16:02:11.418Z", "annotations": anns})
	return data
}

func memReadwise(size int) []byte {
	quotes := memQuotes()
	var b bytes.Buffer
	b.WriteString("Highlight,Title,Author,URL,Note,Location,Date,Tags\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "%q,The port budget,A. Reporter,%s,note %d,%d,2026-11-20 10:00:00+00:00,\"port,t%d\"\n", quotes[i%len(quotes)], memDocURL, i, i, i%20)
	}
	return b.Bytes()
}

func memJSONLD(size int) []byte { return manyAnnotationsJSONLD(max(size/250-25_000, 1000)) }

func memPDF(size int) []byte { return makeReportPDF(max(size/6000, 10)) }

func imported(n int) func(Report) string {
	return func(r Report) string {
		if r.Count(StatusImported) != n || r.Count(StatusFailed) > 0 {
			return fmt.Sprintf("imported %d, failed %d: %s", r.Count(StatusImported), r.Count(StatusFailed), reasons(r))
		}
		return ""
	}
}

func annotated(least int) func(Report) string {
	return func(r Report) string {
		if r.AnnotationsCreated < least || r.Count(StatusFailed) > 0 {
			return fmt.Sprintf("%d annotations created: %.500s", r.AnnotationsCreated, reasons(r))
		}
		return ""
	}
}

func memoryCases() []memoryCase {
	small := []int{1 << 20, 4 << 20} // placing each quote costs milliseconds: 16 MB would take minutes
	return []memoryCase{
		{name: "txt", file: "port.txt", make: memText, bound: 6, want: imported(1)},
		{name: "md", file: "port.md", make: memMarkdown, bound: 11, want: imported(1)},
		{name: "html", file: "port.html", make: memHTML, bound: 18, want: imported(1)}, // 30 before the page was parsed once (RELIABILITY.md, round 6)
		// Per byte of the zip (#19: 100 before the body was streamed). At 16 MB of document.xml the peak
		// (~116 MB) is the store's commit of the 28 MB of text and Markdown (four copies: the document, its
		// JSON, bbolt's page and its copy on remap), not the reader; the reader's garbage is bounded apart:
		// 160× (main allocated 223×: every block's words were a slice in oneLine, and the text and the
		// Markdown were copied some five times over as their builders grew; now 117-119×).
		{name: "docx", file: "port.docx", make: memDOCX, bound: 75, allocBound: 160, want: imported(1)},
		{name: "pdf", file: "report.pdf", make: memPDF, bound: 30, want: imported(1)},
		{name: "qdpx", file: "team.qdpx", make: memQDPX, bound: 80, want: annotated(100)}, // per byte of the zip
		// The annotation files place quotes in a 2 MB library document: some quotes are not verbatim, so
		// its re-anchoring index (about 20 bytes a character, 42 MB) is live while they are placed, and
		// the collector's pacing doubles it (RELIABILITY.md, round 7): 100 MB fixed. Before round 7:
		// 24 MB + 110× (Hypothesis) and 160× (Readwise); main then took 108-125 MB at 1 MB, 175-200 at 4.
		{name: "hypothesis", file: "hypothesis.json", make: memHypothesis, prepare: memLibraryDocument, bound: 12, fixed: 100 << 20, sizes: small, want: annotated(100)},
		{name: "readwise", file: "readwise.csv", make: memReadwise, prepare: memLibraryDocument, bound: 16, fixed: 100 << 20, sizes: small, want: annotated(100)},
		{name: "jsonld", file: "gloss.jsonld", make: memJSONLD, bound: 12, want: annotated(100)}, // 16 before round 7 (2,000 a transaction)
	}
}

// measureImport imports c's file of about size bytes into a fresh library and measures it.
func measureImport(t testing.TB, c memoryCase, size int) memtest.Figures {
	data := c.make(size)
	path := filepath.Join(t.TempDir(), c.file)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	in := int64(len(data))
	data = nil
	s := storetestOpen(t)
	if c.prepare != nil {
		c.prepare(t, s, size)
	}
	var report Report
	var err error
	fig := memtest.Measure(in, func() {
		report, err = ImportPaths(context.Background(), s, []string{path}, ImportOptions{MaxBytes: 1 << 31, Engines: testEngines}, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	if problem := c.want(report); problem != "" {
		t.Fatalf("%s: %s", c.name, problem)
	}
	return fig
}

func storetestOpen(t testing.TB) *store.Store { return newStore(t) }

// BenchmarkImportMemory reports, per importer and size, bytes allocated and peak heap growth per byte of
// the file (alloc-B/B, peak-B/B) beside the time.
func BenchmarkImportMemory(b *testing.B) {
	for _, c := range memoryCases() {
		for _, size := range []int{2 << 20, 8 << 20} {
			b.Run(fmt.Sprintf("%s/%dMB", c.name, size>>20), func(b *testing.B) {
				var fig memtest.Figures
				for b.Loop() {
					fig = measureImport(b, c, size)
				}
				b.ReportMetric(fig.AllocPerByte(), "alloc-B/B")
				b.ReportMetric(fig.PeakPerByte(), "peak-B/B")
				b.ReportMetric(float64(fig.In)/(1<<20), "file-MB")
			})
		}
	}
}

// TestImportMemoryBounds holds every importer's peak heap growth to 24 MB (or its fixed part) + bound × the
// file at two sizes.
// For md, txt, jsonld and the merge the bound is the one stated after this round's fixes; for the others
// it is what they take now (RELIABILITY.md says which), so that no change makes them worse unseen.
func TestImportMemoryBounds(t *testing.T) {
	memtest.Enabled(t)
	only := os.Getenv("GLOSS_MEMORY_ONLY")
	for _, c := range memoryCases() {
		if only != "" && !strings.Contains(","+only+",", ","+c.name+",") {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			sizes := c.sizes
			if sizes == nil {
				sizes = []int{4 << 20, 16 << 20}
			}
			if os.Getenv("GLOSS_MEMORY") == "first" { // make test: each bound at the smaller size, in minutes
				sizes = sizes[:1]
			}
			for _, size := range sizes {
				fig := measureImport(t, c, size)
				t.Logf("%s %s", c.name, fig)
				fixed := cmp.Or(c.fixed, 24<<20)
				if limit := fixed + int64(c.bound*float64(fig.In)); fig.PeakHeap > limit {
					t.Errorf("%s of %d MB: the heap grew %d MB, over the bound of %d MB + %.0f × the file = %d MB", c.name, fig.In>>20, fig.PeakHeap>>20, fixed>>20, c.bound, limit>>20)
				}
				if c.allocBound > 0 && fig.AllocPerByte() > c.allocBound {
					t.Errorf("%s of %.1f MB: allocated %.0f× the file, over the bound of %.0f×", c.name, float64(fig.In)/(1<<20), fig.AllocPerByte(), c.allocBound)
				}
			}
		})
	}
}

// TestMarkdownManyInlineTags: removing raw HTML spliced each tag out of the whole string (a copy of the
// file per tag: 200,000 tags in 2 MB never finished); the edits now go into one builder.
func TestMarkdownManyInlineTags(t *testing.T) {
	src := strings.Repeat("word <i>a</i> ", 100_000) + "\n"
	start := time.Now()
	doc, err := ReadBytes("tags.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 30*time.Second {
		t.Errorf("200,000 inline tags took %v", took)
	}
	if strings.Contains(doc.Raw, "<") || !strings.HasPrefix(doc.Text, "word a word a") {
		t.Errorf("raw %.60q, text %.60q", doc.Raw, doc.Text)
	}
}

// TestStreamedAnnotationFilesReadAsWhole: the streamed Hypothesis and Readwise readers (a token walk, a
// row at a time) give the annotations, tags and problems the whole readers give, for the generated
// exports and for replies, page notes, bad rows, "rows" instead of "annotations", and null lists; and
// they refuse what the whole readers refuse.
func TestStreamedAnnotationFilesReadAsWhole(t *testing.T) {
	walked := func(b Bundle) []BundleAnnotation {
		var out []BundleAnnotation
		if err := b.EachAnnotation(func(a BundleAnnotation) error { out = append(out, a); return nil }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	same := func(name string, whole, streamed Bundle) {
		t.Helper()
		got := walked(streamed)
		if streamed.each == nil || streamed.annotationCount != len(got) {
			t.Errorf("%s: not streamed (count %d, walked %d)", name, streamed.annotationCount, len(got))
		}
		for i := range 2 { // a second walk gives the same again, and adds no tag or problem
			if i == 1 {
				got = walked(streamed)
			}
			if !reflect.DeepEqual(got, whole.Annotations) && !(len(got) == 0 && len(whole.Annotations) == 0) {
				t.Errorf("%s: walk %d: %d annotations, whole %d; first %+v vs %+v", name, i+1, len(got), len(whole.Annotations), first(got), first(whole.Annotations))
			}
		}
		if !reflect.DeepEqual(streamed.Tags, whole.Tags) || !reflect.DeepEqual(streamed.Problems, whole.Problems) || streamed.ReportPlacements != whole.ReportPlacements {
			t.Errorf("%s: tags %v / %v, problems %v / %v", name, streamed.Tags, whole.Tags, streamed.Problems, whole.Problems)
		}
	}
	hypo := map[string]string{
		"generated": string(memHypothesis(200 << 10)),
		"odd": `{"export_date":"x","extra":{"a":[1,{"b":null}]},"annotations":[` +
			`{"id":"r","references":["p"],"text":"reply"},` +
			`{"id":"n","uri":"https://e.org/","text":"page note"},` +
			`null,` +
			`{"id":"q","uri":"https://e.org/","tags":["a/b","c"],"target":[{"selector":[{"type":"TextQuoteSelector","exact":"x y"}]},{"source":"https://f.org/","selector":[{"type":"TextPositionSelector","start":1,"end":3}]}]}]}`,
		"rows":          `{"total":1,"rows":[{"id":"a","uri":"https://e.org/","target":[{"selector":[{"type":"TextQuoteSelector","exact":"z"}]}]}]}`,
		"null list":     `{"export_date":"x","annotations":null,"rows":[{"id":"a","uri":"u","target":[{"selector":[{"type":"TextQuoteSelector","exact":"z"}]}]}]}`,
		"empty":         `{"export_date":"x","annotations":[]}`,
		"trailing junk": `{"export_date":"x","annotations":[]} garbage`,
	}
	for name, data := range hypo {
		whole, err1 := ReadHypothesis(strings.NewReader(data))
		streamed, err2 := readHypothesisStream([]byte(data))
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("hypothesis %s: whole %v, streamed %v", name, err1, err2)
		}
		if err1 == nil {
			same("hypothesis "+name, whole, streamed)
		}
	}
	for name, data := range map[string]string{
		"not a list": `{"export_date":"x","annotations":"no"}`, "not objects": `{"export_date":"x","annotations":[1]}`,
		"no list": `{"export_date":"x"}`, "broken": `{"export_date":"x","annotations":[{"id":`, "not an object": `[1]`,
	} {
		_, err1 := ReadHypothesis(strings.NewReader(data))
		_, err2 := readHypothesisStream([]byte(data))
		if err1 == nil || err2 == nil || !errors.Is(err2, ErrNotHypothesis) {
			t.Errorf("hypothesis %s: whole %v, streamed %v", name, err1, err2)
		}
	}
	csvs := map[string]string{
		"generated": string(memReadwise(200 << 10)),
		"odd":       "\xef\xbb\xbfBook Title,Highlight,Tags\nT,\"a, \"\"b\"\"\",\"x/y, z\"\nT,,\nT,\"bad\"quote\",q\n",
	}
	for name, data := range csvs {
		whole, err1 := ReadReadwise(strings.NewReader(data))
		streamed, err2 := readReadwiseStream([]byte(data))
		if err1 != nil || err2 != nil {
			t.Fatalf("readwise %s: %v %v", name, err1, err2)
		}
		same("readwise "+name, whole, streamed)
	}
	for _, data := range []string{"", "Title\nT\n", "Highlight\nx\n"} {
		if _, err := readReadwiseStream([]byte(data)); !errors.Is(err, ErrNotReadwise) {
			t.Errorf("readwise %q: %v", data, err)
		}
	}
}

func first(a []BundleAnnotation) any {
	if len(a) == 0 {
		return nil
	}
	return a[0]
}

// TestLargeAnnotationFilesStream: Hypothesis and Readwise files over the old whole-read limit (16 MB)
// are no longer refused for their size, and the import's total limit (--max-size) still refuses them.
func TestLargeAnnotationFilesStream(t *testing.T) {
	dir := t.TempDir()
	pad := strings.Repeat("x ", 9<<20) // 18 MB
	files := map[string]string{
		"highlights.csv":  "Highlight,Title\n\"" + pad + "\",T\n",
		"hypothesis.json": `{"export_date":"2026-11-28","annotations":[{"uri":"https://example.org/","target":[{"selector":[{"type":"TextQuoteSelector","exact":"` + pad + `"}]}]}]}`,
	}
	s := newStore(t)
	for name, body := range files {
		path := write(t, filepath.Join(dir, name), []byte(body))
		report, err := ImportPaths(context.Background(), s, []string{path}, ImportOptions{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(reasons(report), "too large") || report.Count(StatusSkipped) == 0 {
			t.Errorf("%s: %s", name, reasons(report))
		}
		report, err = ImportPaths(context.Background(), s, []string{path}, ImportOptions{MaxBytes: 16 << 20}, nil)
		if err != nil || len(report.Items) != 1 || !strings.Contains(report.Items[0].Reason, "too large") {
			t.Errorf("%s under a 16 MB --max-size: %v %s", name, err, reasons(report))
		}
	}
}

// TestStreamedPlacementsRecalled: the second walk of a streamed file takes each annotation's place from
// the first walk instead of placing it again; with unplaceable annotations between placed ones (so the
// numbering matters), every annotation lands on its own quote, in two batches.
func TestStreamedPlacementsRecalled(t *testing.T) {
	s := newStore(t)
	var text strings.Builder
	for i := range 6000 {
		fmt.Fprintf(&text, "Sentence number %d about the port. ", i)
	}
	if _, err := s.AddDocument(store.NewDocument{Title: "Port", Format: "txt", Text: text.String(), SHA256: TextSHA(text.String()), URL: memDocURL}); err != nil {
		t.Fatal(err)
	}
	var rows strings.Builder
	rows.WriteString("Highlight,Title,URL,Tags\n")
	want := map[string]bool{}
	for i := range 5500 {
		quote := fmt.Sprintf("number %d about", i*1)
		if i%3 == 1 {
			quote = fmt.Sprintf("not in the text %d", i)
		} else {
			want[quote] = true
		}
		fmt.Fprintf(&rows, "%q,Port,%s,t%d\n", quote, memDocURL, i%7)
	}
	path := write(t, filepath.Join(t.TempDir(), "readwise.csv"), []byte(rows.String()))
	report, err := ImportPaths(context.Background(), s, []string{path}, ImportOptions{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if report.AnnotationsCreated != len(want) {
		t.Fatalf("%d created, want %d: %.300s", report.AnnotationsCreated, len(want), reasons(report))
	}
	anns, err := s.Annotations(store.AnnotationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	runes := []rune(text.String())
	for _, a := range anns {
		if got := string(runes[a.Start:a.End]); !want[a.Exact] || got != a.Exact {
			t.Fatalf("annotation on %q at %d–%d holds %q", a.Exact, a.Start, a.End, got)
		}
		delete(want, a.Exact)
	}
	if len(want) != 0 {
		t.Errorf("%d quotes not annotated", len(want))
	}
}
