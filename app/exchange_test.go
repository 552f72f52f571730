package app

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/corpus"
	"gloss/export"
	"gloss/ingest"
	"gloss/store"
)

// Issue 22, item 1, the window's side: its export binding refused nothing (backup refused only the
// library itself). The window's exports go through the same checks as the CLI's.
func TestWindowExportNeverReplacesTheLibrary(t *testing.T) {
	a := openTestApp(t)
	if _, err := ingest.Seed(a.store, corpus.Files()); err != nil {
		t.Fatal(err)
	}
	db := a.store.Path()
	layout := store.LayoutOf(db)
	for _, req := range []struct {
		ExportRequest
		path string
	}{
		{ExportRequest{Format: "md"}, db},
		{ExportRequest{Format: "html"}, filepath.Join(layout.SearchIndex(), "x.html")},
		{ExportRequest{Format: "md", PerDocument: true}, layout.Backups()},
	} {
		for _, overwrite := range []bool{false, true} {
			if err := a.exportTo(req.ExportRequest, req.path, overwrite); err == nil || !strings.Contains(err.Error(), "refusing to write "+req.path) {
				t.Errorf("export %s to %s (overwrite %v): %v", req.Format, req.path, overwrite, err)
			}
		}
	}
	if docs, err := a.store.Documents(); err != nil || len(docs) != 5 {
		t.Errorf("the library after the attempts: %d documents, %v", len(docs), err)
	}

	// ExportTo has no dialog to confirm with: an existing file is refused.
	out := filepath.Join(t.TempDir(), "out.csv")
	if err := os.WriteFile(out, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := a.exportTo(ExportRequest{Format: "csv"}, out, false); !errors.Is(err, fs.ErrExist) {
		t.Errorf("ExportTo over a file: %v", err)
	}
	if data, _ := os.ReadFile(out); string(data) != "mine" {
		t.Errorf("replaced: %.40q", data)
	}
}

// The dialog's list is export.Formats, the CLI's list, in the JSON shape ExportDialog.svelte reads.
func TestExportFormatsServedFromGo(t *testing.T) {
	a := openTestApp(t)
	data, err := json.Marshal(a.ExportFormats())
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	want := export.Formats()
	if len(got) != len(want) {
		t.Fatalf("%d formats, want %d", len(got), len(want))
	}
	for i, f := range want {
		g := got[i]
		if g["name"] != f.Name || g["ext"] != f.Ext || g["description"] != f.Description || g["bom"] != f.BOM || g["perDocument"] != f.PerDocument || g["perAnnotation"] != f.PerAnnotation || len(g) != 6 {
			t.Errorf("format %d: %v, want %+v", i, g, f)
		}
	}
}
