package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"gloss/ingest/pdf/pdftest"
	"gloss/storetest"
)

// A report in which some pages give no text: a page from TAMReview.pdf (subset fonts that map their
// glyphs to no letters) and a scanned page among four good ones. Those two pages become a line each,
// keep their page start, and the import says which they were; the rest reads as it does alone.
func TestReadPDFSomePagesUnreadable(t *testing.T) {
	doc, err := readPDFBytes("mixed-pages.pdf", pdfFixture(t, "made/mixed-pages.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if got := UnreadablePages(doc.Text); !slices.Equal(got, []int{3, 5}) {
		t.Errorf("unreadable pages %v", got)
	}
	p := doc.Provenance
	if len(p.Pages) != 6 {
		t.Fatalf("page starts %v", p.Pages)
	}
	rs := []rune(doc.Text)
	page := func(n int) string { // 1-based
		end := len(rs)
		if n < len(p.Pages) {
			end = p.Pages[n]
		}
		return strings.TrimSpace(string(rs[p.Pages[n-1]:end]))
	}
	if got := page(3); got != "[Page 3: no usable text layer: its fonts map their glyphs to no letters — Gloss does not do OCR]" {
		t.Errorf("page 3: %q", got)
	}
	if got := page(5); got != "[Page 5: a picture without a text layer (a scan?) — Gloss does not do OCR]" {
		t.Errorf("page 5: %q", got)
	}
	alone, err := readPDFBytes("one-header-footer.pdf", pdfFixture(t, "quality/set/one-header-footer.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{1, 2, 4, 6} {
		text := page(n)
		for _, r := range text {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsSpace(r) && !strings.ContainsRune(".,;:'’“”\"()-–—%?!#*", r) {
				t.Errorf("page %d: garbage %q in %.300q", n, r, text)
				break
			}
		}
		// Its paragraphs are the file's own (a paragraph that ran on to the next page there ends here).
		words := strings.Fields(text)
		if len(words) < 40 || !strings.Contains(alone.Text, strings.Join(words[len(words)/2:len(words)/2+10], " ")) {
			t.Errorf("page %d: not the report's text: %.300q", n, text)
		}
	}
	if strings.Contains(doc.Text, "& ' &") || strings.Contains(doc.Text, "Introduction-") {
		t.Errorf("TAMReview's glyph codes came through: %.2000q", doc.Text)
	}
	if w := unreadableWarning(doc); w != "pages 3, 5 have no usable text layer (Gloss does not do OCR): a line in the text stands for each" {
		t.Errorf("warning %q", w)
	}
}

// Most pages without a character map: the document is refused, as a whole; fewer, and it is imported.
func TestReadPDFUnmappedMajorityRefused(t *testing.T) {
	pages := func(unmapped int) []pdftest.Page {
		var ps []pdftest.Page
		for i := range 6 {
			kind := pdftest.Text
			if i < unmapped {
				kind = pdftest.Unmapped
			}
			var lines []string
			for j := range 25 {
				lines = append(lines, fmt.Sprintf("Line %d of page %d says what the inspectors found in the kitchens of the school.", j+1, i+1))
			}
			ps = append(ps, pdftest.Page{Kind: kind, Lines: lines})
		}
		return ps
	}
	_, err := readPDFBytes("most.pdf", pdftest.Build(pages(4)))
	if !errors.Is(err, ErrNoCharMap) || !strings.Contains(err.Error(), "most.pdf: text layer has no usable character map: on 4 of its 6 pages") {
		t.Errorf("4 of 6: %v", err)
	}
	doc, err := readPDFBytes("some.pdf", pdftest.Build(pages(3)))
	if err != nil {
		t.Fatal(err)
	}
	if got := UnreadablePages(doc.Text); !slices.Equal(got, []int{1, 2, 3}) || !strings.Contains(doc.Text, "Line 7 of page 5 says") {
		t.Errorf("3 of 6: pages %v, %.300q", got, doc.Text)
	}
	if !strings.HasPrefix(doc.Text, "[Page 1: no usable text layer") || doc.Title != "some" {
		t.Errorf("title %q, text %.100q", doc.Title, doc.Text)
	}
}

// The import report carries the warning on the imported item (the CLI prints it, the window lists it).
func TestImportReportNamesUnreadablePages(t *testing.T) {
	s := storetest.Open(t)
	path := filepath.Join(t.TempDir(), "mixed.pdf")
	if err := os.WriteFile(path, pdfFixture(t, "made/mixed-pages.pdf"), 0o644); err != nil {
		t.Fatal(err)
	}
	report, err := ImportPaths(context.Background(), s, []string{path}, ImportOptions{Engines: testEngines}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Items) != 1 {
		t.Fatalf("report %+v", report)
	}
	it := report.Items[0]
	if it.Status != StatusImported || it.DocID == "" || !strings.Contains(it.Reason, "pages 3, 5 have no usable text layer") {
		t.Errorf("item %+v", it)
	}
	// A good PDF says nothing.
	good := filepath.Join(t.TempDir(), "good.pdf")
	if err := os.WriteFile(good, pdfFixture(t, "quality/set/one-plain.pdf"), 0o644); err != nil {
		t.Fatal(err)
	}
	report, err = ImportPaths(context.Background(), s, []string{good}, ImportOptions{Engines: testEngines}, nil)
	if err != nil || len(report.Items) != 1 || report.Items[0].Status != StatusImported || report.Items[0].Reason != "" {
		t.Errorf("good: %+v %v", report, err)
	}
}

func TestPageList(t *testing.T) {
	for in, want := range map[string]string{"3": "3", "3 5": "3, 5", "3 4 5 9 11 12": "3–5, 9, 11–12"} {
		var pages []int
		for _, f := range strings.Fields(in) {
			var n int
			fmt.Sscan(f, &n)
			pages = append(pages, n)
		}
		if got := pageList(pages); got != want {
			t.Errorf("%s: %q, want %q", in, got, want)
		}
	}
}

// A PDF with pages that give no text, imported as a new version of a document: the version report names
// the pages as the import report does; a good PDF as the next version says nothing.
func TestNewVersionNamesUnreadablePages(t *testing.T) {
	s := storetest.Open(t)
	dir := t.TempDir()
	write := func(name, fixture string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, pdfFixture(t, fixture), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	first := write("report.pdf", "quality/set/one-plain.pdf")
	report, err := ImportPaths(context.Background(), s, []string{first}, ImportOptions{Engines: testEngines}, nil)
	if err != nil || report.Count(StatusImported) != 1 {
		t.Fatalf("%+v %v", report, err)
	}
	id := report.Items[0].DocID
	_, rep, err := ImportNewVersion(s, id, write("report-rev.pdf", "made/mixed-pages.pdf"))
	if err != nil || rep.To != 2 {
		t.Fatalf("new version: %v %+v", err, rep)
	}
	if want := "pages 3, 5 have no usable text layer (Gloss does not do OCR): a line in the text stands for each"; rep.Warning != want {
		t.Errorf("warning %q, want %q", rep.Warning, want)
	}
	v, err := s.Version(id, 2)
	if err != nil || !slices.Equal(UnreadablePages(v.Text), []int{3, 5}) {
		t.Errorf("version 2: %v, pages %v", err, UnreadablePages(v.Text))
	}
	_, rep, err = ImportNewVersion(s, id, write("report-good.pdf", "quality/set/two-plain.pdf"))
	if err != nil || rep.To != 3 || rep.Warning != "" {
		t.Errorf("a good PDF as version 3: %v %+v", err, rep)
	}
}

// A REFI-QDA project's PDF source without a plain-text Representation comes in as its PDF, read as an
// imported PDF is (pages, original kept), and the report names its pages without usable text; a PDF
// source whose PDF is not in the file is named and skipped.
func TestQDPXPDFSourceNamesUnreadablePages(t *testing.T) {
	s := storetest.Open(t)
	pdfBytes := pdfFixture(t, "made/mixed-pages.pdf")
	data := qdpxOf(t, `<Sources>
<PDFSource guid="p1" name="Inspection report.pdf" path="internal://p1.pdf">
<PDFSelection guid="a1" page="1" firstX="0" firstY="0" secondX="10" secondY="10"><Coding guid="k1"><CodeRef targetGUID="c1"/></Coding></PDFSelection>
</PDFSource>
<PDFSource guid="p2" name="Missing.pdf" path="internal://p2.pdf"/>
</Sources>`, map[string]string{"p1.pdf": string(pdfBytes)})
	path := filepath.Join(t.TempDir(), "team.qdpx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	report, err := ImportPaths(context.Background(), s, []string{path}, ImportOptions{Engines: testEngines}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var doc ReportItem
	for _, it := range report.Items {
		if it.DocID != "" {
			doc = it
		}
	}
	all := reasons(report)
	if doc.Status != StatusImported || doc.Title != "Inspection report" || !strings.HasPrefix(doc.Reason, `document "Inspection report": pages 3, 5 have no usable text layer (Gloss does not do OCR)`) {
		t.Errorf("the PDF source: %+v\n%s", doc, all)
	}
	if !strings.Contains(all, `source "Inspection report.pdf": 1 codings of areas of its pages are not imported`) ||
		!strings.Contains(all, `source "Missing.pdf": its PDF could not be read (`) {
		t.Errorf("report:\n%s", all)
	}
	v, err := s.Version(doc.DocID, 1)
	if err != nil || len(v.Pages) != 6 || v.Original == nil || !slices.Equal(UnreadablePages(v.Text), []int{3, 5}) {
		t.Fatalf("version: %v, pages %v, original %+v", err, v.Pages, v.Original)
	}
	if kept, err := os.ReadFile(OriginalPath(s, v.Original)); err != nil || len(kept) != len(pdfBytes) {
		t.Errorf("original not kept: %v", err)
	}
}
