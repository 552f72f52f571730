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
