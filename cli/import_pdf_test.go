package cli

import (
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
