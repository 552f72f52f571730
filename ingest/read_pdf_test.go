package ingest

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gloss/ingest/pdf"
	"gloss/render"
	"gloss/store"
	"gloss/storetest"
)

// testEngines read the PDFs of this package's tests, as the app's read its imports (loaded once).
var testEngines = NewEngines()

// readPDFBytes is ReadBytes with the tests' engines.
func readPDFBytes(name string, data []byte) (store.NewDocument, error) {
	return readBytes(name, data, "", testEngines)
}

func pdfFixture(t testing.TB, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("pdf", "testdata", rel))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestReadPDFStructureAndPages(t *testing.T) {
	doc, err := ReadBytes("one-footnotes.pdf", pdfFixture(t, "quality/set/one-footnotes.pdf")) // no engines given: one made for the call
	if err != nil {
		t.Fatal(err)
	}
	if doc.Format != "md" || !strings.HasPrefix(doc.Raw, "# Report 3") || !strings.Contains(doc.Raw, "\n## ") {
		t.Errorf("headings not kept: %.200q", doc.Raw)
	}
	if doc.Title != "Report 3: The procurement inquiry" || doc.Date == "" {
		t.Errorf("title %q date %q", doc.Title, doc.Date)
	}
	if len(doc.Provenance.Pages) != 3 || doc.Provenance.Pages[0] != 0 {
		t.Fatalf("pages %v", doc.Provenance.Pages)
	}
	rs := []rune(doc.Text)
	for i, at := range doc.Provenance.Pages[1:] {
		page := string(rs[doc.Provenance.Pages[i]:at])
		// Running header and page number are out; the page's footnotes close it.
		if strings.Contains(page, "Regional Monitor") {
			t.Errorf("page %d keeps the running header", i+1)
		}
		last := strings.TrimSpace(page[strings.LastIndex(strings.TrimSpace(page), "\n")+1:])
		if !footnoteStart(last) {
			t.Errorf("page %d does not end with its footnotes: %q", i+1, last)
		}
	}
	o := doc.Provenance.Original
	if o == nil || o.MediaType != "application/pdf" || o.SHA256 != doc.SHA256 || o.Path != "originals/"+doc.SHA256+".pdf" {
		t.Errorf("original %+v", o)
	}
	if rd, err := render.Version(doc.Format, doc.Text, doc.Raw, 0, nil); err != nil || rd.Text != doc.Text {
		t.Errorf("the Reader would not show the stored text: %v", err)
	}
}

func footnoteStart(s string) bool { return len(s) > 2 && s[0] >= '1' && s[0] <= '9' && s[1] == ' ' }

func TestReadPDFRealWorld(t *testing.T) {
	arabic, err := readPDFBytes("ArabicCIDTrueType.pdf", pdfFixture(t, "realworld/ArabicCIDTrueType.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	// Presentation forms come out as letters, in logical order.
	if !strings.HasPrefix(arabic.Text, "انواع الخطوط العربية") {
		t.Errorf("arabic: %q", arabic.Text)
	}
	// TAMReview.pdf: its first page reads, the body's subset fonts map their glyphs to punctuation ("& ' & &
	// ! + Introduction- , & 2"; pdftotext gives "Ǥǡ"): refused, not imported as garbage.
	_, err = readPDFBytes("TAMReview.pdf", pdfFixture(t, "realworld/TAMReview.pdf"))
	if !errors.Is(err, ErrNoCharMap) || !strings.Contains(err.Error(), "TAMReview.pdf: text layer has no usable character map") || !strings.Contains(err.Error(), "of its 23 pages the fonts map their glyphs to no letters") {
		t.Errorf("TAM: %v", err)
	}
	t.Logf("TAM: %v", err)
}

func TestReadPDFRefusals(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want error
		text string
	}{
		{"scan.pdf", pdfFixture(t, "made/scan.pdf"), ErrNoTextLayer, "scan.pdf: no text layer (a scan?): Gloss does not do OCR"},
		{"form.pdf", pdfFixture(t, "realworld/form_two_pages.pdf"), ErrNoTextLayer, "form.pdf: no text layer"},
		{"locked.pdf", pdfFixture(t, "made/password-secret.pdf"), ErrPassword, "locked.pdf: password-protected: give its password (gloss import --password)"},
		{"aes.pdf", pdfFixture(t, "realworld/bug1782186.pdf"), ErrPassword, "aes.pdf: password-protected"},
		{"cut.pdf", pdfFixture(t, "quality/set/one-plain.pdf")[:400], ErrDamaged, "cut.pdf: damaged file"},
		{"junk.pdf", []byte("%PDF-1.7\n%junk that is no PDF at all\n"), ErrDamaged, "junk.pdf: damaged file: not a readable PDF"},
	}
	for _, c := range cases {
		_, err := readPDFBytes(c.name, c.data)
		if !errors.Is(err, c.want) || !strings.HasPrefix(err.Error(), c.text) {
			t.Errorf("%s: %v, want %q", c.name, err, c.text)
		}
	}
	if _, err := ReadBytesWithPassword("locked.pdf", pdfFixture(t, "made/password-secret.pdf"), "wrong", testEngines); !errors.Is(err, ErrPassword) || !strings.Contains(err.Error(), "the password is wrong") {
		t.Errorf("wrong password: %v", err)
	}
	for name, pw := range map[string]string{"made/password-secret.pdf": "secret"} { // bug1782186's AES-R4 opens in neither PDFium nor poppler
		doc, err := ReadBytesWithPassword(filepath.Base(name), pdfFixture(t, name), pw, testEngines)
		if err != nil || len(doc.Text) < 10 {
			t.Errorf("%s with its password: %v %q", name, err, doc.Text)
		}
	}
}

func TestImportPDFKeepsOriginalAndKnowsItAgain(t *testing.T) {
	s := storetest.Open(t)
	dir := t.TempDir()
	data := pdfFixture(t, "made/report-v1.pdf")
	first, second := filepath.Join(dir, "a", "report.pdf"), filepath.Join(dir, "b", "copy of report.pdf")
	for _, p := range []string{first, second} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := ImportPaths(t.Context(), s, []string{first}, ImportOptions{Engines: testEngines}, nil)
	if err != nil || rep.Count(StatusImported) != 1 {
		t.Fatalf("%+v %v", rep, err)
	}
	id := rep.Items[0].DocID
	v, err := s.Version(id, 1)
	if err != nil {
		t.Fatal(err)
	}
	if v.Original == nil || v.Original.DocumentID == "" || len(v.Pages) != 2 {
		t.Fatalf("version provenance %+v pages %v", v.Original, v.Pages)
	}
	kept, err := os.ReadFile(OriginalPath(s, v.Original))
	if err != nil || !bytes.Equal(kept, data) {
		t.Fatalf("original not kept: %v", err)
	}
	// The same file at another path: already in the library.
	rep, _ = ImportPaths(t.Context(), s, []string{second}, ImportOptions{Engines: testEngines}, nil)
	if rep.Count(StatusDuplicate) != 1 || rep.Items[0].Reason != "already in the library" {
		t.Errorf("same PDF elsewhere: %+v", rep)
	}
	// A revised PDF (other bytes, the same /ID): offered as a new version, then imported as one.
	revised := filepath.Join(dir, "report-rev.pdf")
	if err := os.WriteFile(revised, pdfFixture(t, "made/report-v2.pdf"), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, _ = ImportPaths(t.Context(), s, []string{revised}, ImportOptions{Engines: testEngines}, nil)
	if rep.Count(StatusNewVersion) != 1 || rep.Items[0].DocID != id {
		t.Fatalf("revised PDF: %+v", rep)
	}
	doc, vr, err := ImportNewVersion(s, id, revised)
	if err != nil || doc.Version != 2 || vr.To != 2 {
		t.Fatalf("new version: %v %+v", err, vr)
	}
	v2, err := s.Version(id, 2)
	if err != nil || len(v2.Pages) != 4 || v2.Original == nil {
		t.Fatalf("version 2: %v %+v", err, v2.Provenance)
	}
	if _, err := os.Stat(OriginalPath(s, v2.Original)); err != nil {
		t.Errorf("revised original not kept: %v", err)
	}
	if got := (store.Provenance{Pages: v2.Pages}).PageOf(v2.Pages[2]); got != 3 {
		t.Errorf("PageOf the third page's start = %d", got)
	}
}

func TestPDFEngineBudget(t *testing.T) {
	e := pdf.NewEngine(pdf.DefaultCacheDir())
	data := pdfFixture(t, "realworld/TAMReview.pdf")
	start := time.Now()
	_, err := e.Read(data, "", pdf.Limits{Timeout: 50 * time.Millisecond})
	if err == nil {
		t.Skip("the machine read 23 pages within 50 ms: nothing to cut short")
	}
	if !errors.Is(err, pdf.ErrTimeout) && !errors.Is(err, pdf.ErrEngine) {
		t.Errorf("over time: %v", err)
	}
	if took := time.Since(start); took > 20*time.Second { // the compile on a cold cache, not the read
		t.Errorf("the budget did not stop it: %v", took)
	}
	// The engine still reads the next document.
	if d, err := e.Read(data, "", pdf.Limits{}); err != nil || len(d.Pages) != 23 {
		t.Fatalf("after a timeout: %v", err)
	}
}

func FuzzReadPDF(f *testing.F) {
	for _, rel := range []string{"quality/set/one-plain.pdf", "made/scan.pdf", "realworld/ArabicCIDTrueType.pdf", "quality/tracked/t-one-tracked.pdf"} {
		f.Add(pdfFixture(f, rel))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := readPDFBytes("f.pdf", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.pdf: ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if rd, err := render.Version(doc.Format, doc.Text, doc.Raw, 0, nil); err != nil || rd.Text != doc.Text {
			t.Fatalf("stored text is not what the Reader derives: %v", err)
		}
	})
}
