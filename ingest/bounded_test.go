package ingest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"gloss/store"
)

// qdpxOf builds a .qdpx from a project.qde body (inside <Project>) and its sources.
func qdpxOf(t testing.TB, project string, sources map[string]string) []byte {
	files := map[string]string{"project.qde": `<?xml version="1.0" encoding="utf-8"?><Project name="p" xmlns="urn:QDA-XML:project:1.0">` + project + `</Project>`}
	for name, text := range sources {
		files["sources/"+name] = text
	}
	return zipOf(t, files)
}

func importQDPX(t *testing.T, s *store.Store, data []byte) Report {
	t.Helper()
	return importData(context.Background(), s, "team.qdpx", "", data, true, Limits{})
}

func reasons(r Report) string {
	var out []string
	for _, it := range r.Items {
		out = append(out, string(it.Status)+": "+it.Reason)
	}
	return strings.Join(out, "\n")
}

// TestQDPXDuplicateGUIDs: the first source and the first code of a GUID win and the others are named;
// before, the second source's selection landed on the first one's text ("Hello" became "Other") and the
// second code vanished, both without a word.
func TestQDPXDuplicateGUIDs(t *testing.T) {
	s := newStore(t)
	data := qdpxOf(t, `<CodeBook><Codes><Code guid="c1" name="First"/><Code guid="c1" name="Second"/></Codes></CodeBook>
<Sources>
<TextSource guid="s1" name="one.txt"><PlainTextContent>Other words first.</PlainTextContent></TextSource>
<TextSource guid="s1" name="two.txt"><PlainTextContent>Hello there.</PlainTextContent>
<PlainTextSelection guid="a1" startPosition="0" endPosition="5"><Coding guid="k"><CodeRef targetGUID="c1"/></Coding></PlainTextSelection></TextSource>
<TextSource guid="s2" name="three.txt"><PlainTextContent>Third text here.</PlainTextContent>
<PlainTextSelection guid="a2" startPosition="0" endPosition="5"><Coding guid="k2"><CodeRef targetGUID="c1"/></Coding></PlainTextSelection></TextSource>
</Sources>`, nil)
	report := importQDPX(t, s, data)
	all := reasons(report)
	if !strings.Contains(all, `source "two.txt": its GUID s1 is also the GUID of source "one.txt"`) ||
		!strings.Contains(all, `code "Second": its GUID c1 is also the GUID of code "First"`) {
		t.Errorf("duplicates not named:\n%s", all)
	}
	anns, _ := s.Annotations(store.AnnotationFilter{})
	if len(anns) != 1 || anns[0].Exact != "Third" {
		t.Fatalf("annotations = %+v (want only Third's; Hello must not land on Other)", anns)
	}
	if tags, _ := s.Tags(); len(tags) != 1 || tags[0].Name != "First" {
		t.Errorf("tags = %+v", tags)
	}
}

// TestImportIDClashKeepsTheirs: an imported annotation whose id is one of ours, with other content,
// comes in under a new id and the report says so.
func TestImportIDClashKeepsTheirs(t *testing.T) {
	s := newStore(t)
	doc, err := s.AddDocument(store.NewDocument{Title: "D", Format: "txt", Text: "Hello world, a text to annotate."})
	if err != nil {
		t.Fatal(err)
	}
	ours, err := s.CreateAnnotation(store.NewAnnotation{DocID: doc.ID, Start: 0, End: 5, Note: "ours", Author: "Ann"})
	if err != nil {
		t.Fatal(err)
	}
	b := Bundle{Annotations: []BundleAnnotation{{Ref: "urn:uuid:" + ours.ID, DocRef: doc.ID, Start: 6, End: 11, Exact: "world", Note: "theirs", Author: "Bob"}}}
	report, err := ApplyBundle(s, b)
	if err != nil {
		t.Fatal(err)
	}
	if report.AnnotationsCreated != 1 || report.AnnotationsNewIDs != 1 || !strings.Contains(reasons(report), NewIDReason) {
		t.Errorf("report = %+v", report)
	}
	anns, _ := s.Annotations(store.AnnotationFilter{DocID: doc.ID})
	if len(anns) != 2 {
		t.Fatalf("annotations = %+v", anns)
	}
	if got, _ := s.Annotation(ours.ID); got.Note != "ours" || got.Author != "Ann" {
		t.Errorf("ours changed: %+v", got)
	}
}

// TestLocatePrefersContext: among repeats the one whose prefix and suffix agree wins, then the one
// nearest the file's offset; offsets out of the text are moved to the quote.
func TestLocatePrefersContext(t *testing.T) {
	text := "the cat sat. é the cat ran. the cat sat again"
	lib := newLibraryTexts()
	lib.Add("d", text)
	for _, tt := range []struct {
		a     BundleAnnotation
		start int
	}{
		{BundleAnnotation{Start: -1, Exact: "the cat", Suffix: " ran"}, 15},
		{BundleAnnotation{Start: 100, End: 107, Exact: "the cat", Prefix: "ran. "}, 28},
		{BundleAnnotation{Start: 0, End: 7, Exact: "the cat"}, 0},
		{BundleAnnotation{Start: 27, End: 34, Exact: "the cat"}, 28},
	} {
		start, end, problem := lib.Locate("d", tt.a)
		if problem != "" || start != tt.start || end != tt.start+7 {
			t.Errorf("Locate(%+v) = %d, %d, %q; want %d", tt.a, start, end, problem, tt.start)
		}
	}
	if _, _, problem := lib.Locate("d", BundleAnnotation{Start: -1, Exact: "dog"}); !strings.Contains(problem, "not in the document") {
		t.Errorf("missing quote: %q", problem)
	}
}

// TestQDPXTotalUnpackLimit: members within the per-member limit but past the total are refused, naming
// the limit; before, 100 sources of 45 MB ran Gloss out of memory.
func TestQDPXTotalUnpackLimit(t *testing.T) {
	var project strings.Builder
	project.WriteString("<Sources>")
	sources := map[string]string{}
	for i := range 4 {
		fmt.Fprintf(&project, `<TextSource guid="s%d" name="s%d.txt" plainTextPath="internal://s%d.txt"/>`, i, i, i)
		sources[fmt.Sprintf("s%d.txt", i)] = strings.Repeat("word ", 100_000) // 500 KB each
	}
	project.WriteString("</Sources>")
	data := qdpxOf(t, project.String(), sources)
	b, err := readQDPX(strings.NewReader(string(data)), int64(len(data)), Limits{MaxBytes: 1 << 20, MaxUnpackedBytes: 1200 << 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Documents) != 2 || len(b.Problems) != 2 || !strings.Contains(b.Problems[0].Reason, "in all") {
		t.Errorf("documents %d, problems %+v", len(b.Documents), b.Problems)
	}
}

// TestFieldLimits: a tag name, a title or a note past its limit is refused with the field named.
func TestFieldLimits(t *testing.T) {
	s := newStore(t)
	long := strings.Repeat("x", MaxTagNameCodePoints+1)
	data := qdpxOf(t, `<CodeBook><Codes><Code guid="c1" name="`+long+`"/><Code guid="c2" name="fine"/></Codes></CodeBook>
<Sources><TextSource guid="s1" name="a.txt"><PlainTextContent>Hello there.</PlainTextContent>
<PlainTextSelection guid="a1" startPosition="0" endPosition="5"><Coding guid="k"><CodeRef targetGUID="c2"/></Coding></PlainTextSelection></TextSource></Sources>`, nil)
	report := importQDPX(t, s, data)
	if !strings.Contains(reasons(report), fmt.Sprintf("its name is %d code points long; the limit is %d", MaxTagNameCodePoints+1, MaxTagNameCodePoints)) {
		t.Errorf("long tag name not refused:\n%s", reasons(report))
	}
	if tags, _ := s.Tags(); len(tags) != 1 {
		t.Errorf("tags = %+v", tags)
	}
	title := strings.Repeat("T", MaxTitleCodePoints+1)
	b := Bundle{Documents: []BundleDocument{{Ref: "d", Title: title, Text: "Some text."}}}
	report, err := ApplyBundle(s, b)
	if err != nil {
		t.Fatal(err)
	}
	if report.Count(StatusSkipped) != 1 || !strings.Contains(reasons(report), "its title is 1001 code points long; the limit is 1000") {
		t.Errorf("long title: %s", reasons(report))
	}
	b = Bundle{Documents: []BundleDocument{{Ref: "d", Title: "ok", Text: "Some text."}},
		Annotations: []BundleAnnotation{{Ref: "n", DocRef: "d", Start: 0, End: 4, Note: strings.Repeat("n", MaxNoteBytes+1)}}}
	if report, _ = ApplyBundle(s, b); !strings.Contains(reasons(report), fmt.Sprintf("its note is %d bytes; the limit is %d bytes", MaxNoteBytes+1, MaxNoteBytes)) {
		t.Errorf("long note: %s", reasons(report))
	}
}

// TestOffsetsOutOfRange: positions past 2³¹ are refused with the value, not shown as "-1–-1".
func TestOffsetsOutOfRange(t *testing.T) {
	s := newStore(t)
	data := qdpxOf(t, `<Sources><TextSource guid="s1" name="a.txt"><PlainTextContent>Hello there.</PlainTextContent>
<PlainTextSelection guid="a1" startPosition="2147483648" endPosition="2147483653"/></TextSource></Sources>`, nil)
	all := reasons(importQDPX(t, s, data))
	if !strings.Contains(all, "its position 2147483648 is out of range") || strings.Contains(all, "-1") {
		t.Errorf("qdpx: %s", all)
	}
	w, err := ReadW3C(strings.NewReader(`{"type":"Annotation","id":"x","target":{"source":"s","selector":{"type":"TextPositionSelector","start":4294967296,"end":4294967300}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Problems) != 1 || !strings.Contains(w.Problems[0].Reason, "the position 4294967296 is out of range") {
		t.Errorf("json-ld problems: %+v", w.Problems)
	}
}

// TestSkippedOnlyQDPXFails: a file none of whose annotations can be placed creates no tags and fails.
func TestSkippedOnlyQDPXFails(t *testing.T) {
	s := newStore(t)
	data := qdpxOf(t, `<CodeBook><Codes><Code guid="c1" name="Code"/></Codes></CodeBook>
<Sources><TextSource guid="s1" name="a.txt" plainTextPath="internal://missing.txt">
<PlainTextSelection guid="a1" startPosition="0" endPosition="5"><Coding guid="k"><CodeRef targetGUID="c1"/></Coding></PlainTextSelection></TextSource></Sources>`, nil)
	report := importQDPX(t, s, data)
	if report.Count(StatusFailed) != 1 || report.TagsCreated != 0 {
		t.Errorf("report:\n%s", reasons(report))
	}
	if tags, _ := s.Tags(); len(tags) != 0 {
		t.Errorf("tags created: %+v", tags)
	}
}

// TestImportCancelledInsideFile: a cancel stops a file's annotations between two of them.
func TestImportCancelledInsideFile(t *testing.T) {
	s := newStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	b := Bundle{Documents: []BundleDocument{{Ref: "d", Title: "ok", Text: "Some text."}},
		Annotations: []BundleAnnotation{{Ref: "n", DocRef: "d", Start: 0, End: 4}}}
	if _, err := applyBundle(ctx, s, "f.jsonld", b); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
	if anns, _ := s.Annotations(store.AnnotationFilter{}); len(anns) != 0 {
		t.Errorf("annotations after cancel: %d", len(anns))
	}
}

// cancelAfter is a context cancelled once its Err has answered nil n times: it stands for a person
// pressing Cancel while a file's annotations are being placed.
type cancelAfter struct {
	context.Context
	n, calls int
}

func (c *cancelAfter) Err() error {
	c.calls++
	if c.calls > c.n {
		return context.Canceled
	}
	return nil
}

// TestImportCancelledBetweenAnnotations: a cancel that comes once a file's 1,000 annotations are being
// read is seen at the next check (every 256 annotations, while placing or writing them), and none of
// them is stored. The older test cancels before the file starts, so it cannot tell.
func TestImportCancelledBetweenAnnotations(t *testing.T) {
	s := newStore(t)
	text := strings.Repeat("word ", 2000)
	b := Bundle{Documents: []BundleDocument{{Ref: "d", Title: "long", Text: text}}}
	for i := range 1000 {
		b.Annotations = append(b.Annotations, BundleAnnotation{Ref: fmt.Sprint("a", i), DocRef: "d", Start: 5 * i, End: 5*i + 4})
	}
	// Err answers nil for the document and for the first 256 annotations, then the person has cancelled.
	ctx := &cancelAfter{Context: context.Background(), n: 2}
	if _, err := applyBundle(ctx, s, "f.jsonld", b); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if ctx.calls != 3 {
		t.Errorf("the cancel was seen at check %d, not at the first one after it", ctx.calls)
	}
	if anns, _ := s.Annotations(store.AnnotationFilter{}); len(anns) != 0 {
		t.Errorf("annotations after cancel: %d", len(anns))
	}
}

// TestMarkdownUnsafeAutolinkKeepsText: <javascript:…> keeps what it showed, as text; it was "<#>".
func TestMarkdownUnsafeAutolinkKeepsText(t *testing.T) {
	doc, err := ReadBytes("a.md", []byte("# T\n\nSee <javascript:alert(1)> and [x](javascript:y) now.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(doc.Text, "See javascript∶alert(1) and x now.") || strings.Contains(doc.Raw, "javascript:") {
		t.Errorf("text %q raw %q", doc.Text, doc.Raw)
	}
}
