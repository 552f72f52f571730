package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// A REFI-QDA file always gets a summary with counts, and --json is never null: an ATLAS.ti project with
// nothing importable printed nothing and "null" before.
func TestImportQDPXSummaryAndJSON(t *testing.T) {
	fixtures := filepath.Join("..", "ingest", "testdata", "interop", "qdpx")
	db := newDB(t)
	code, out, errOut := run(t, db, "import", "--json", filepath.Join(fixtures, "atlas-nothing-importable.qdpx"))
	if code == 0 {
		t.Errorf("nothing importable, exit 0: %s", errOut)
	}
	var items []struct {
		Status string `json:"status"`
		Reason string `json:"reason"`
		Counts *struct {
			Documents, DocumentsSkipped int
			SkippedSources              map[string]int
		} `json:"counts"`
	}
	if err := json.Unmarshal([]byte(out), &items); err != nil || items == nil {
		t.Fatalf("--json: %v %q", err, out)
	}
	found := false
	for _, it := range items {
		if it.Status == "summary" && it.Counts != nil && it.Counts.DocumentsSkipped == 1 && it.Counts.SkippedSources["picture"] == 1 {
			found = true
		}
	}
	if !found {
		t.Errorf("no summary with counts: %s", out)
	}
	code, _, errOut = run(t, db, "import", filepath.Join(fixtures, "qc-demo.qdpx"))
	if code != 0 || !strings.Contains(errOut, "REFI-QDA project: 2 documents, 262 codes, 205 codings and 0 notes imported; nothing skipped") {
		t.Errorf("summary line: %d %s", code, errOut)
	}
}
