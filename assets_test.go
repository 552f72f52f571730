package main

import (
	"io/fs"
	"strings"
	"testing"
)

// The window's files: a plain build (go test, go vet on a fresh clone) carries the placeholder page, a
// production or dev build the built frontend (frontend/dist with its index.html). Either way Wails finds
// exactly one index.html to serve.
func TestAssetsHaveOneIndexPage(t *testing.T) {
	var pages []string
	err := fs.WalkDir(assets, ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, "index.html") {
			pages = append(pages, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "build/nofrontend/index.html"
	if assetsBuilt {
		want = "frontend/dist/index.html"
	}
	if len(pages) != 1 || pages[0] != want {
		t.Fatalf("index pages %v, want [%s]", pages, want)
	}
	page, err := fs.ReadFile(assets, want)
	if err != nil {
		t.Fatal(err)
	}
	if !assetsBuilt && !strings.Contains(string(page), "make build") {
		t.Errorf("the placeholder page does not say how to build the window:\n%s", page)
	}
	if assetsBuilt && !strings.Contains(string(page), "Content-Security-Policy") {
		t.Errorf("the built index.html has no CSP")
	}
}
