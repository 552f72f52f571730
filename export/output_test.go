package export_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"gloss/export"
	"gloss/store"
)

// Issue 22, item 1: `gloss export --format md --out "$GLOSS_DB"` replaced the library with a Markdown
// file. No output path that is, or leads to, one of the library's own files is ever written.
func TestExportRefusesTheLibrarysOwnFiles(t *testing.T) {
	f := newExportFixture(t)
	db := f.s.Path()
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	layout := store.LayoutOf(db)
	link := filepath.Join(t.TempDir(), "notes.md")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	dirLink := filepath.Join(t.TempDir(), "lib")
	if err := os.Symlink(filepath.Dir(db), dirLink); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{
		db,
		link, // a symlink to the library
		filepath.Join(dirLink, filepath.Base(db)), // the library through a linked folder
		filepath.Join(layout.SearchIndex(), "index_meta.json"),
		filepath.Join(layout.Backups(), "library-2026-01-01.db"),
		filepath.Join(layout.Archive(), "page.warc"),
	} {
		for _, overwrite := range []bool{false, true} {
			err := export.ExportToPath(f.s, "md", target, export.ExportOptions{Overwrite: overwrite})
			if err == nil || !strings.Contains(err.Error(), target) || !strings.Contains(err.Error(), "library") {
				t.Errorf("export to %s (overwrite %v): %v, want a refusal naming the path and the library", target, overwrite, err)
			}
		}
	}
	for _, dir := range []string{layout.SearchIndex(), layout.Backups(), filepath.Join(layout.Archive(), "x")} {
		err := export.ExportToPath(f.s, "md", dir, export.ExportOptions{PerDocument: true, Overwrite: true})
		if err == nil || !strings.Contains(err.Error(), dir) {
			t.Errorf("per-document export into %s: %v, want a refusal", dir, err)
		}
	}
	after, err := os.ReadFile(db)
	if err != nil || string(after[:4096]) != string(before[:4096]) || len(after) < len(before) {
		t.Fatalf("the library file changed: %d → %d bytes, %v", len(before), len(after), err)
	}
	if docs, err := f.s.Documents(); err != nil || len(docs) != 5 {
		t.Errorf("library after the attempts: %d documents, %v", len(docs), err)
	}
	if _, err := os.Lstat(layout.Archive()); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the refused export created %s: %v", layout.Archive(), err)
	}
}

// Issue 22, item 2: an existing file is replaced only when the person said so.
func TestExportNeverOverwritesUnlessAsked(t *testing.T) {
	f := newExportFixture(t)
	path := filepath.Join(t.TempDir(), "thesis.md")
	if err := os.WriteFile(path, []byte("my thesis"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := export.ExportToPath(f.s, "md", path, export.ExportOptions{})
	if !errors.Is(err, fs.ErrExist) || !strings.Contains(err.Error(), path) {
		t.Errorf("export over an existing file: %v, want ErrExists naming it", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "my thesis" {
		t.Fatalf("the existing file was replaced: %.60q", data)
	}
	if err := export.ExportToPath(f.s, "md", path, export.ExportOptions{Overwrite: true}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	info, _ := os.Stat(path)
	if !strings.HasPrefix(string(data), "---\ntitle: Gloss export") || info.Mode().Perm() != 0o600 {
		t.Errorf("confirmed overwrite: mode %v, %.40q", info.Mode().Perm(), data)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

// Issue 22, item 2: per-document files never replace notes already in the vault; they take free names,
// and the result lists the names written.
func TestExportPerDocumentPicksFreeNames(t *testing.T) {
	f := newExportFixture(t)
	vault := t.TempDir()
	var first []string
	opt := export.ExportOptions{PerDocument: true, Progress: func(p export.ExportProgress) { first = p.Files }}
	if err := export.ExportToPath(f.s, "md", vault, opt); err != nil {
		t.Fatal(err)
	}
	if len(first) != 6 {
		t.Fatalf("first export wrote %d files: %q", len(first), first)
	}
	mine := filepath.Join(vault, "Records show ICE backtracking on immigration program.md")
	if err := os.WriteFile(mine, []byte("my own note"), 0o644); err != nil {
		t.Fatal(err)
	}
	var second []string
	opt.Progress = func(p export.ExportProgress) { second = p.Files }
	if err := export.ExportToPath(f.s, "md", vault, opt); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(mine); string(data) != "my own note" {
		t.Errorf("a note already in the vault was replaced: %.60q", data)
	}
	want := filepath.Join(vault, "Records show ICE backtracking on immigration program (2).md")
	if len(second) != 6 || !slices.Contains(second, want) || slices.ContainsFunc(second, func(p string) bool { return slices.Contains(first, p) }) {
		t.Errorf("second export wrote %q, want six new names with %q", second, want)
	}
	for _, p := range second {
		if data, err := os.ReadFile(p); err != nil || !strings.HasPrefix(string(data), "---\n") {
			t.Errorf("%s: %v %.30q", p, err, data)
		}
	}
	if entries, _ := os.ReadDir(vault); len(entries) != 12 {
		t.Errorf("%d entries in the vault, want 12", len(entries))
	}
	// With Overwrite (--force) the names are reused.
	var third []string
	opt.Overwrite, opt.Progress = true, func(p export.ExportProgress) { third = p.Files }
	if err := export.ExportToPath(f.s, "md", vault, opt); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(third, first) {
		t.Errorf("forced export wrote %q, want %q", third, first)
	}
}

// Issue 22, "Smaller": the temporary file is never PATH.tmp (a symlink planted there redirected the
// write); a symlink's target is written, the link kept; a folder is refused, even with Overwrite.
func TestExportWritesSafely(t *testing.T) {
	f := newExportFixture(t)
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim.txt")
	if err := os.WriteFile(victim, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.csv")
	if err := os.Symlink(victim, out+".tmp"); err != nil {
		t.Fatal(err)
	}
	if err := export.ExportToPath(f.s, "csv", out, export.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(victim); string(data) != "precious" {
		t.Errorf("a symlink at %s.tmp redirected the export: %.40q", out, data)
	}

	real := filepath.Join(dir, "real.csv")
	if err := os.WriteFile(real, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink("real.csv", link); err != nil {
		t.Fatal(err)
	}
	if err := export.ExportToPath(f.s, "csv", link, export.ExportOptions{}); !errors.Is(err, fs.ErrExist) {
		t.Errorf("export onto a link to an existing file: %v, want fs.ErrExist", err)
	}
	if err := export.ExportToPath(f.s, "csv", link, export.ExportOptions{Overwrite: true}); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the symlink was replaced: %v %v", info.Mode(), err)
	}
	if data, _ := os.ReadFile(real); !strings.HasPrefix(string(data), "document,") {
		t.Errorf("the link's target was not written: %.40q", data)
	}
	dangling := filepath.Join(dir, "dangling.csv")
	if err := os.Symlink(filepath.Join(dir, "nowhere", "x.csv"), dangling); err != nil {
		t.Fatal(err)
	}
	if err := export.ExportToPath(f.s, "csv", dangling, export.ExportOptions{Overwrite: true}); err == nil || !strings.Contains(err.Error(), dangling) {
		t.Errorf("export onto a dangling link: %v", err)
	}

	if err := export.ExportToPath(f.s, "csv", dir, export.ExportOptions{Overwrite: true}); err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("export onto a folder: %v, want a refusal naming it", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".gloss-") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// Issue 22, "Smaller": names are limited in bytes. A 252-character name works (PATH.tmp made it 256);
// per-document names are cut at 255 bytes on a code point boundary, not at 100 characters, so 200 CJK
// characters (600 bytes) no longer fail halfway with files already written.
func TestExportNamesFitInBytes(t *testing.T) {
	f := newExportFixture(t)
	dir := t.TempDir()
	long := filepath.Join(dir, strings.Repeat("n", 252-len(".csv"))+".csv")
	if err := export.ExportToPath(f.s, "csv", long, export.ExportOptions{}); err != nil {
		t.Fatalf("252-character name: %v", err)
	}
	cjk := strings.Repeat("漢", 200)
	for _, title := range []string{cjk, cjk, strings.Repeat("é", 300)} {
		if _, err := f.s.AddDocument(store.NewDocument{Title: title, Format: "txt", Text: "Some text to quote here."}); err != nil {
			t.Fatal(err)
		}
	}
	var docIDs []string
	docs, _ := f.s.Documents()
	for _, d := range docs {
		docIDs = append(docIDs, d.ID)
	}
	vault := filepath.Join(dir, "vault")
	var files []string
	opt := export.ExportOptions{PerDocument: true, DocIDs: docIDs, Progress: func(p export.ExportProgress) { files = p.Files }}
	if err := export.ExportToPath(f.s, "md", vault, opt); err != nil {
		t.Fatal(err)
	}
	if len(files) != len(docIDs)+1 {
		t.Fatalf("%d files for %d documents and the notes", len(files), len(docIDs))
	}
	var sawCJK, sawSecond bool
	for _, p := range files {
		name := filepath.Base(p)
		if len(name) > 255 || !utf8.ValidString(name) || !strings.HasSuffix(name, ".md") {
			t.Errorf("name of %d bytes (valid UTF-8 %v): %q", len(name), utf8.ValidString(name), name)
		}
		sawCJK = sawCJK || name == strings.Repeat("漢", 84)+".md"
		sawSecond = sawSecond || name == strings.Repeat("漢", 82)+" (2).md"
	}
	if !sawCJK || !sawSecond {
		t.Errorf("CJK names not cut at 255 bytes: %q", files)
	}
}
