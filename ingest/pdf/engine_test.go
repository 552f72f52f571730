package pdf

import (
	"crypto/sha256"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klippa-app/go-pdfium/requests"
)

// The fast per-character read (fast.go) must give what go-pdfium's own structured read gives.
func TestFastCharsMatchStructured(t *testing.T) {
	e := NewEngine(DefaultCacheDir())
	if err := e.Warm(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"testdata/quality/set/two-footnotes-hyphenated.pdf", "testdata/realworld/ArabicCIDTrueType.pdf"} {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		inst, err := e.pool.GetInstance(30 * time.Second)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
		if err != nil {
			t.Fatal(err)
		}
		ref := requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: 0}}
		h, err := inst.FPDF_GetPageHeightF(&requests.FPDF_GetPageHeightF{Page: ref})
		if err != nil {
			t.Fatal(err)
		}
		fast, err := fastChars(t.Context(), inst, ref, float64(h.PageHeight))
		if err != nil {
			t.Fatalf("%s: the fast path is gone (%v): go-pdfium changed; see fast.go", name, err)
		}
		slow, err := inst.GetPageTextStructured(&requests.GetPageTextStructured{Page: ref, Mode: requests.GetPageTextStructuredModeChars, CollectFontInformation: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(fast) != len(slow.Chars) || len(fast) < 20 {
			t.Fatalf("%s: %d chars fast, %d structured", name, len(fast), len(slow.Chars))
		}
		for i, c := range slow.Chars {
			f := fast[i]
			if []rune(c.Text + "\x00")[0] != f.R && c.Text != "" ||
				math.Abs(c.PointPosition.Left-f.X0) > 0.01 || math.Abs(float64(h.PageHeight)-c.PointPosition.Top-f.Y0) > 0.01 ||
				math.Abs(c.FontInformation.RenderedSize-f.Size) > 0.01 {
				t.Fatalf("%s char %d: fast %+v, structured %q %+v %+v", name, i, f, c.Text, c.PointPosition, *c.FontInformation)
			}
		}
		_ = inst.Close()
	}
}

func TestPDFDate(t *testing.T) {
	for in, want := range map[string]string{"D:20240315101500+01'00'": "2024-03-15", "20231231": "2023-12-31", "D:garbage": "", "": ""} {
		if got := pdfDate(in); got != want {
			t.Errorf("pdfDate(%q) = %q, want %q", in, got, want)
		}
	}
}

// The embedded, compressed engine is the module's own (scripts/pdfium-wasm.sh after a go-pdfium update).
func TestEmbeddedEngineIsTheModules(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/klippa-app/go-pdfium").Output()
	if err != nil {
		t.Skipf("no go command to find the module: %v", err)
	}
	want, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "internal", "pdfium_wasm", "pdfium.wasm"))
	if err != nil {
		t.Skipf("module source not in the cache: %v", err)
	}
	got, err := pdfiumWasm()
	if err != nil {
		t.Fatal(err)
	}
	if sha256.Sum256(got) != sha256.Sum256(want) {
		t.Fatal("ingest/pdf/pdfium.wasm.gz is not go-pdfium's pdfium.wasm: run scripts/pdfium-wasm.sh")
	}
}
