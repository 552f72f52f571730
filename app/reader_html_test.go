package app

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 16: an imported web page reaches the Reader with its structure (subheading, list, quote) and its
// metadata (authors from the page), through the same bindings the window calls.
func TestImportedPageShowsStructure(t *testing.T) {
	a := openTestApp(t)
	data, err := os.ReadFile(filepath.Join("..", "ingest", "testdata", "extract", "bbc-template.html"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := a.ImportDropped([]DroppedFile{{Name: "story.html", Data: base64.StdEncoding.EncodeToString(data)}})
	if err != nil || len(rep.Items) != 1 || rep.Items[0].DocID == "" {
		t.Fatalf("import: %+v %v", rep, err)
	}
	r, err := a.Open(rep.Items[0].DocID)
	if err != nil {
		t.Fatal(err)
	}
	var tags []string
	for _, b := range r.Blocks {
		tags = append(tags, b.HTML[1:strings.IndexAny(b.HTML, " >")])
	}
	if got := strings.Join(tags, " "); got != "p p p h2 p ul p blockquote p" {
		t.Errorf("the Reader shows blocks %q", got)
	}
	if r.Doc.Source != "BBC News" || r.Doc.Meta.Language != "en-GB" {
		t.Errorf("metadata: source %q, meta %+v", r.Doc.Source, r.Doc.Meta)
	}
}
