package export_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gloss/export"
)

// TestJSONLDExpandsWithJSONLDJS expands Gloss's JSON-LD with a real JSON-LD processor, jsonld.js (pinned
// in testdata/jsonld/package-lock.json, installed once into a temporary folder as validate_exports.sh
// does for the W3C suite; the W3C context is served from testdata/w3c, never fetched), and fails on any
// value the expansion drops and any relative IRI. Skipped only where node/npm are missing or the registry
// cannot be reached; the Go check (w3c_expand_test.go) runs everywhere.
func TestJSONLDExpandsWithJSONLDJS(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	src, _ := filepath.Abs(filepath.Join("testdata", "jsonld"))
	lock, err := os.ReadFile(filepath.Join(src, "package-lock.json"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(lock)
	dir := filepath.Join(os.TempDir(), "gloss-jsonld-"+hex.EncodeToString(sum[:6]))
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "jsonld")); err != nil {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"package.json", "package-lock.json"} {
			data, err := os.ReadFile(filepath.Join(src, f))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Skipf("npm ci failed (registry unreachable?): %v\n%s", err, out)
		}
	}
	script, err := os.ReadFile(filepath.Join(src, "expand.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "expand.mjs"), script, 0o644); err != nil {
		t.Fatal(err)
	}
	anno, _ := filepath.Abs(filepath.Join("testdata", "w3c", "anno.jsonld"))
	run := func(name, doc string) string {
		path := filepath.Join(t.TempDir(), name+".jsonld")
		if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
			t.Fatal(err)
		}
		out, _ := exec.Command("node", filepath.Join(dir, "expand.mjs"), path, anno).CombinedOutput()
		return strings.TrimSpace(string(out))
	}
	if out := run("seeds", exportString(t, newExportFixture(t).s, "jsonld", export.ExportOptions{})); out != "ok" {
		t.Errorf("jsonld.js expansion of the seed export:\n%s", out)
	}
	if out := run("provenance", exportString(t, newProvenanceLibrary(t).s, "jsonld", export.ExportOptions{})); out != "ok" {
		t.Errorf("jsonld.js expansion of the provenance export:\n%s", out)
	}
	// The check is not blind: the old export's undeclared terms and text-as-IRI are caught.
	old := `{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:uuid:1", "type": "Annotation", "anchor": {"status": "moved"},
	 "target": {"source": "Reuters", "selector": {"type": "TextQuoteSelector", "exact": "x"}}}`
	if out := run("old", old); !strings.Contains(out, `dropped: "moved"`) || !strings.Contains(out, `relative IRI: "Reuters"`) {
		t.Errorf("jsonld.js check missed the losses:\n%s", out)
	}
}
