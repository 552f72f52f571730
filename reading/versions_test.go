package reading

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/ingest"
	"gloss/storetest"
)

func TestOriginalURL(t *testing.T) {
	if got := originalURL("/home/a b/lib.db.archive/originals/x.pdf", 12); got != "file:///home/a%20b/lib.db.archive/originals/x.pdf#page=12" {
		t.Errorf("got %s", got)
	}
	if got := originalURL("/x.pdf", 0); strings.Contains(got, "#") {
		t.Errorf("page 0 got a fragment: %s", got)
	}
}

func TestPagesAndOriginal(t *testing.T) {
	s := storetest.Open(t)
	data, err := os.ReadFile(filepath.Join("..", "ingest", "pdf", "testdata", "quality", "set", "one-header-footer.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := ingest.ImportBytes(s, "report.pdf", data)
	if err != nil || rep.Count(ingest.StatusImported) != 1 {
		t.Fatalf("%+v %v", rep, err)
	}
	a := New(s)
	info, err := a.Pages(rep.Items[0].DocID, 0)
	if err != nil || len(info.Starts) != 4 || !info.Original {
		t.Fatalf("%+v %v", info, err)
	}
	v, err := s.Version(rep.Items[0].DocID, 0)
	if err != nil {
		t.Fatal(err)
	}
	path := ingest.OriginalPath(s, v.Original)
	u, err := a.Original(rep.Items[0].DocID, 0, 3)
	if err != nil || !strings.HasPrefix(path, s.Path()+".archive") || u != originalURL(path, 3) || !strings.HasSuffix(u, "#page=3") {
		t.Fatalf("%s %s %v", path, u, err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Original(rep.Items[0].DocID, 0, 0); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("a missing original: %v", err)
	}
	// A text document has no pages and no original.
	rep, _ = ingest.ImportBytes(s, "note.txt", []byte("A note\n\nwith a body.\n"))
	if info, err := a.Pages(rep.Items[0].DocID, 0); err != nil || len(info.Starts) != 0 || info.Original {
		t.Errorf("%+v %v", info, err)
	}
	if _, err := a.Original(rep.Items[0].DocID, 0, 0); err == nil || !strings.Contains(err.Error(), "no original") {
		t.Errorf("a text document's original: %v", err)
	}
}
