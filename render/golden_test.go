package render

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGolden renders every testdata/*.md (Markdown) and testdata/*.txt
// (Plain, from 0), with the marks in *.marks.json if present, and compares
// with *.golden.html and *.golden.txt.
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob("testdata/*")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, input := range inputs {
		ext := filepath.Ext(input)
		if strings.HasSuffix(input, ".golden"+ext) || (ext != ".md" && ext != ".txt" && ext != ".html") {
			continue
		}
		n++
		t.Run(filepath.Base(input), func(t *testing.T) {
			src, err := os.ReadFile(input)
			if err != nil {
				t.Fatal(err)
			}
			base := strings.TrimSuffix(input, ext)
			var marks []Mark
			if js, err := os.ReadFile(base + ".marks.json"); err == nil {
				if err := json.Unmarshal(js, &marks); err != nil {
					t.Fatal(err)
				}
			}
			var doc Doc
			uncovered := markdownUncovered
			if ext == ".md" {
				if doc, err = Markdown(src, marks...); err != nil {
					t.Fatal(err)
				}
			} else if ext == ".html" {
				doc = HTML(string(src), marks...) // sanitized article markup, as an HTML import stores it
			} else {
				doc = Plain(string(src), 0, marks...)
				uncovered = plainUncovered(0)
			}
			for _, err := range checkDoc(doc, uncovered, marks...) {
				t.Error(err)
			}
			compareGolden(t, base+".golden.html", formatBlocks(doc.Blocks))
			compareGolden(t, base+".golden.txt", doc.Text)
		})
	}
	if n == 0 {
		t.Fatal("no golden inputs in testdata")
	}
}

// formatBlocks lists the blocks as HTML, each preceded by its range.
func formatBlocks(blocks []Block) string {
	var b strings.Builder
	for _, block := range blocks {
		fmt.Fprintf(&b, "<!-- [%d,%d) -->\n%s\n", block.Start, block.End, block.HTML)
	}
	return b.String()
}

func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./render/ -run TestGolden -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run with -update to accept):\n--- got ---\n%s\n--- want ---\n%s", path, got, want)
	}
}
