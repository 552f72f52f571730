package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"gloss/cli"
)

func TestFileArgs(t *testing.T) {
	dir := t.TempDir()
	md := filepath.Join(dir, "a.md")
	os.WriteFile(md, []byte("# A"), 0o644)
	os.WriteFile(filepath.Join(dir, "list"), []byte("x"), 0o644) // a file named like a subcommand
	db := filepath.Join(dir, "lib.db")
	os.WriteFile(db, nil, 0o644)

	files, rest := fileArgs([]string{"a.md", "--db", db, filepath.Join(dir, "missing.txt")}, dir)
	if !slices.Equal(files, []string{md}) || !slices.Equal(rest, []string{"--db", db, filepath.Join(dir, "missing.txt")}) {
		t.Fatalf("files %v rest %v", files, rest)
	}
	// double-clicking a file: window mode with the file to import
	files, rest = fileArgs([]string{md}, "/")
	if len(files) != 1 || !cli.IsWindow(rest) {
		t.Fatalf("a lone file must open the window: files %v rest %v", files, rest)
	}
	// subcommands keep their arguments, even a file argument
	files, rest = fileArgs([]string{"list"}, dir)
	if len(files) != 0 || cli.IsWindow(rest) {
		t.Fatalf("list: files %v rest %v", files, rest)
	}
	files, rest = fileArgs([]string{"import", md}, dir)
	if cli.IsWindow(rest) {
		t.Fatalf("import FILE must stay a subcommand: files %v rest %v", files, rest)
	}
}
