package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/export"
	"gloss/store"
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
	// One Obsidian note per annotation.
	each := filepath.Join(dir, "each")
	code, stdout, errOut = run(t, db, "export", "--format", "md", "--per-annotation", "--out", each)
	if code != 0 {
		t.Fatalf("md --per-annotation: %d %s", code, errOut)
	}
	if files, _ = filepath.Glob(filepath.Join(each, "*.md")); len(files) != 2 || !strings.Contains(stdout, files[1]) {
		t.Errorf("files %v, printed %q", files, stdout)
	}
	if code, _, errOut = run(t, db, "export", "--format", "csv", "--per-annotation", "--out", each); code != 2 || !strings.Contains(errOut, "--per-annotation does not apply to --format csv") {
		t.Errorf("csv --per-annotation: %d %s", code, errOut)
	}
	if code, _, errOut = run(t, db, "export", "--format", "md", "--per-annotation", "--per-document", "--out", each); code != 2 || !strings.Contains(errOut, "exclude each other") {
		t.Errorf("both: %d %s", code, errOut)
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
		{"bom on md", []string{"--format", "md", "--bom", "--out", filepath.Join(dir, "x.md")}, 2, "--bom does not apply to --format md"},
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

// Issue 22, item 1: `gloss export --format md --out "$GLOSS_DB"` exited 0 and replaced the library with
// a Markdown file. Every export (and backup) to the library or one of its folders is refused with exit
// 1 and an error naming the path; the library still lists its documents.
func TestExportNeverReplacesTheLibrary(t *testing.T) {
	db, _ := annotatedDB(t)
	layout := store.LayoutOf(db)
	link := filepath.Join(t.TempDir(), "evidence.md")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"export", "--format", "md", "--out", db},
		{"export", "--format", "md", "--out", db, "--force"},
		{"export", "--format", "csv", "--out", link, "--force"},
		{"export", "--format", "md", "--per-document", "--out", layout.Backups()},
		{"export", "--format", "html", "--out", filepath.Join(layout.SearchIndex(), "pack.html")},
		{"backup", "--out", db},
		{"backup", "--out", link},
		{"backup", "--out", filepath.Join(layout.Backups(), "mine.db")},
	} {
		out := args[len(args)-1]
		if out == "--force" {
			out = args[len(args)-2]
		}
		code, _, errOut := run(t, db, args...)
		if code != 1 || !strings.Contains(errOut, "refusing to write "+out) || !strings.Contains(errOut, "library") {
			t.Errorf("%v: exit %d, stderr %q; want exit 1 and a refusal naming %s", args, code, errOut, out)
		}
	}
	if docs := listJSON(t, db); len(docs) != 5 {
		t.Errorf("the library lists %d documents after the refused exports", len(docs))
	}
}

// Issue 22, item 2: an existing file is replaced only with --force; per-document exports take free
// names, listed in the JSON result.
func TestExportForce(t *testing.T) {
	db, _ := annotatedDB(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "thesis.csv")
	if err := os.WriteFile(out, []byte("my thesis"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, db, "export", "--format", "csv", "--out", out)
	if code != 1 || !strings.Contains(errOut, out+" already exists: pass --force to replace it") {
		t.Errorf("export over a file: exit %d, %q", code, errOut)
	}
	if data, _ := os.ReadFile(out); string(data) != "my thesis" {
		t.Fatalf("replaced without --force: %.40q", data)
	}
	if code, _, errOut := run(t, db, "export", "--format", "csv", "--out", out, "--force"); code != 0 {
		t.Fatalf("--force: %d %s", code, errOut)
	}
	if data, _ := os.ReadFile(out); !strings.HasPrefix(string(data), "document,") {
		t.Errorf("--force did not replace the file: %.40q", data)
	}

	vault := filepath.Join(dir, "vault")
	var names [2][]string
	for i := range names {
		code, stdout, errOut := run(t, db, "export", "--json", "--format", "md", "--per-document", "--out", vault)
		var res exportResult
		if err := json.Unmarshal([]byte(stdout), &res); code != 0 || err != nil {
			t.Fatalf("per-document export %d: %d %s %v", i, code, errOut, err)
		}
		names[i] = res.Files
	}
	if len(names[1]) != 1 || names[1][0] != strings.TrimSuffix(names[0][0], ".md")+" (2).md" {
		t.Errorf("second export into the vault wrote %q after %q", names[1], names[0])
	}
	if entries, _ := os.ReadDir(vault); len(entries) != 2 {
		t.Errorf("%d files in the vault, want 2", len(entries))
	}
}

// The usage lists the formats of export.Formats(), the one list.
func TestExportUsageListsTheFormats(t *testing.T) {
	code, stdout, _ := run(t, newDB(t), "help")
	if code != 0 || !strings.Contains(stdout, "--format "+export.FormatNames("|")+" ") || !strings.Contains(stdout, "--force") {
		t.Errorf("help: %d\n%s", code, stdout)
	}
	for _, f := range export.Formats() {
		if !strings.Contains(stdout, f.Name+": "+f.Description) {
			t.Errorf("help does not describe %s", f.Name)
		}
	}
}
