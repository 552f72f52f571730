package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func annotatedDB(t *testing.T) (db, docID string) {
	t.Helper()
	db = newDB(t)
	docs := listJSON(t, db)
	docID = docs[len(docs)-1].ID // "CA AG Harris: Law Enforcement Doesn’t Have to Comply With Secure Communities"
	for _, args := range [][]string{
		{"--quote", "Secure Communities program", "--tag", "Claims/Verified", "--note", "Named in the **AG bulletin** 📄"},
		{"--quote", "28% of those targeted", "--tag", "Claims", "--tag", "Économie locale", "--note", `Says "28%", check`},
	} {
		if code, _, errOut := run(t, db, append([]string{"annotate", "--doc", docID}, args...)...); code != 0 {
			t.Fatalf("annotate: %d %s", code, errOut)
		}
	}
	return db, docID
}

func TestExportEveryFormat(t *testing.T) {
	db, docID := annotatedDB(t)
	dir := t.TempDir()
	for _, format := range []string{"md", "csv", "html", "jsonld", "qdpx", "qdc"} {
		out := filepath.Join(dir, "gloss."+format)
		code, stdout, errOut := run(t, db, "export", "--format", format, "--out", out)
		if code != 0 {
			t.Fatalf("export %s: %d %s", format, code, errOut)
		}
		info, err := os.Stat(out)
		if err != nil || info.Size() == 0 {
			t.Errorf("%s: %v", out, err)
		}
		want := "wrote " + out + ": 1 document, 2 annotations"
		if format == "qdc" {
			want = "wrote " + out + ": 3 tags"
		}
		if strings.TrimSpace(stdout) != want {
			t.Errorf("export %s printed %q, want %q", format, stdout, want)
		}
	}

	// Filters, the BOM and --json.
	out := filepath.Join(dir, "claims.csv")
	code, stdout, errOut := run(t, db, "export", "--json", "--format", "csv", "--bom", "--tag", "claims", "--doc", docID, "--author", "nobody", "--out", out)
	if code != 0 {
		t.Fatalf("filtered export: %d %s", code, errOut)
	}
	var res exportResult
	if err := json.Unmarshal([]byte(stdout), &res); err != nil || res.Documents != 1 || res.Annotations != 0 {
		t.Errorf("--json: %v %+v", err, res)
	}
	if data, _ := os.ReadFile(out); !strings.HasPrefix(string(data), "\uFEFFdocument,title") {
		t.Errorf("--bom: %q", data)
	}

	// One Markdown file per document into a folder.
	vault := filepath.Join(dir, "vault")
	code, stdout, errOut = run(t, db, "export", "--format", "md", "--per-document", "--out", vault)
	if code != 0 {
		t.Fatalf("md --per-document: %d %s", code, errOut)
	}
	files, _ := filepath.Glob(filepath.Join(vault, "*.md"))
	if len(files) != 1 || !strings.Contains(stdout, files[0]) {
		t.Errorf("files %v, printed %q", files, stdout)
	}
	if data, _ := os.ReadFile(files[0]); !strings.HasPrefix(string(data), "---\ntitle: ") || !strings.Contains(string(data), "#Claims/Verified") {
		t.Errorf("Obsidian note:\n%s", data)
	}
}

func TestExportErrors(t *testing.T) {
	db, _ := annotatedDB(t)
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown format", []string{"--format", "docx", "--out", filepath.Join(dir, "x.docx")}, 2, `unknown format "docx": use one of md, csv, html, jsonld, qdpx, qdc`},
		{"no format", []string{"--out", filepath.Join(dir, "x")}, 2, "--format is required"},
		{"no out", []string{"--format", "csv"}, 2, "--out PATH is required"},
		{"bom on md", []string{"--format", "md", "--bom", "--out", filepath.Join(dir, "x.md")}, 2, "--bom only applies"},
		{"unwritable path", []string{"--format", "csv", "--out", filepath.Join(blocker, "out.csv")}, 1, "writing " + filepath.Join(blocker, "out.csv")},
		{"unknown tag", []string{"--format", "csv", "--tag", "Nope", "--out", filepath.Join(dir, "x.csv")}, 1, `no tag named "Nope"`},
		{"unknown document", []string{"--format", "csv", "--doc", "no-such-doc", "--out", filepath.Join(dir, "x.csv")}, 1, "no-such-doc"},
	} {
		code, _, errOut := run(t, db, append([]string{"export"}, c.args...)...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit %d and %q", c.name, code, errOut, c.code, c.want)
		}
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, "x*")); len(leftovers) > 0 {
		t.Errorf("failed exports left files: %v", leftovers)
	}
}
