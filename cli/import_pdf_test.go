package cli

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A PDF with pages that give no text is imported (its id on stdout) and the pages are named on stderr.
func TestImportPDFWarnsOfUnreadablePages(t *testing.T) {
	db := newDB(t)
	code, out, errOut := run(t, db, "import", filepath.Join("..", "ingest", "pdf", "testdata", "made", "mixed-pages.pdf"))
	if code != 0 || len(strings.Fields(out)) != 1 {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	if want := "mixed-pages.pdf: pages 3, 5 have no usable text layer (Gloss does not do OCR)"; !strings.HasPrefix(errOut, "gloss import: ") || !strings.Contains(errOut, want) {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
}

// The same PDF as a new version of a document (`import --new-version-of`, `version-import --of`): the
// pages are named on stderr as `import` names them, and in --json's report.
func TestNewVersionWarnsOfUnreadablePages(t *testing.T) {
	db := newDB(t)
	pdfs := filepath.Join("..", "ingest", "pdf", "testdata")
	code, out, errOut := run(t, db, "import", filepath.Join(pdfs, "quality", "set", "one-plain.pdf"))
	if code != 0 || errOut != "" {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	id := strings.TrimSpace(out)
	const want = "mixed-pages.pdf: pages 3, 5 have no usable text layer (Gloss does not do OCR)"
	code, out, errOut = run(t, db, "import", "--new-version-of", id, filepath.Join(pdfs, "made", "mixed-pages.pdf"))
	if code != 0 || !strings.Contains(out, "version 2 of") {
		t.Fatalf("import --new-version-of: %d %q %q", code, out, errOut)
	}
	if !strings.HasPrefix(errOut, "gloss import: ") || !strings.Contains(errOut, want) {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
	code, out, errOut = run(t, db, "--json", "version-import", "--of", id, filepath.Join(pdfs, "made", "report-v1.pdf"))
	if code != 0 || strings.Contains(out, `"warning"`) || errOut != "" {
		t.Errorf("a good PDF as version 3: %d %q %q", code, out, errOut)
	}
	code, out, errOut = run(t, db, "--json", "version-import", "--of", id, filepath.Join(pdfs, "made", "mixed-pages.pdf"))
	if code != 0 || !strings.Contains(out, `"warning": "pages 3, 5 have no usable text layer`) || !strings.HasPrefix(errOut, "gloss version-import: ") || !strings.Contains(errOut, want) {
		t.Errorf("version-import --json: %d %q %q", code, out, errOut)
	}
}

// A REFI-QDA project whose PDF source carries only its PDF: the document's id on stdout, its pages
// without text on stderr, as for the PDF itself.
func TestImportQDPXPDFSourceWarnsOfUnreadablePages(t *testing.T) {
	db := newDB(t)
	pdfBytes, err := os.ReadFile(filepath.Join("..", "ingest", "pdf", "testdata", "made", "mixed-pages.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range map[string]string{
		"project.qde": `<?xml version="1.0" encoding="utf-8"?><Project name="p" xmlns="urn:QDA-XML:project:1.0"><Sources>` +
			`<PDFSource guid="p1" name="Inspection report.pdf" path="internal://p1.pdf"/></Sources></Project>`,
		"sources/p1.pdf": string(pdfBytes),
	} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "team.qdpx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, db, "import", path)
	if code != 0 || len(strings.Fields(out)) != 1 {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	if want := `team.qdpx: document "Inspection report": pages 3, 5 have no usable text layer (Gloss does not do OCR)`; !strings.HasPrefix(errOut, "gloss import: ") || !strings.Contains(errOut, want) {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
}
