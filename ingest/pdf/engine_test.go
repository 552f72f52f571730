package pdf

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"errors"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// Gloss's own calls (pdfium.go) must read what go-pdfium's structured read gives (go-pdfium's wrapper is
// used here only, as the reference).
func TestCharsMatchGoPdfium(t *testing.T) {
	wasm, err := pdfiumWasm()
	if err != nil {
		t.Fatal(err)
	}
	cache, err := wazero.NewCompilationCacheWithDir(filepath.Join(t.TempDir(), "c"))
	if err != nil {
		t.Fatal(err)
	}
	pool, err := webassembly.InitWithWASM(webassembly.Config{WASM: wasm, MinIdle: 0, MaxIdle: 1, MaxTotal: 1,
		RuntimeConfig: wazero.NewRuntimeConfig().WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).WithCompilationCache(cache),
		FSConfig:      wazero.NewFSConfig(), Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	e := NewEngine(DefaultCacheDir())
	for _, name := range []string{"testdata/quality/set/two-footnotes-hyphenated.pdf", "testdata/realworld/ArabicCIDTrueType.pdf"} {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		inst, err := pool.GetInstance(30 * time.Second)
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
		want, err := inst.GetPageTextStructured(&requests.GetPageTextStructured{Page: ref, Mode: requests.GetPageTextStructuredModeChars, CollectFontInformation: true})
		if err != nil {
			t.Fatal(err)
		}
		meta, _ := inst.FPDF_GetMetaText(&requests.FPDF_GetMetaText{Document: doc.Document, Tag: "Title"})
		_ = inst.Close()

		got := readFirstPage(t, e, data)
		if len(got.Chars) != len(want.Chars) || len(got.Chars) < 20 {
			t.Fatalf("%s: %d chars read, %d by go-pdfium", name, len(got.Chars), len(want.Chars))
		}
		if math.Abs(got.Height-float64(h.PageHeight)) > 0.01 {
			t.Errorf("%s: height %v, go-pdfium %v", name, got.Height, h.PageHeight)
		}
		for i, c := range want.Chars {
			f := got.Chars[i]
			if []rune(c.Text + "\x00")[0] != f.R && c.Text != "" ||
				math.Abs(c.PointPosition.Left-f.X0) > 0.01 || math.Abs(float64(h.PageHeight)-c.PointPosition.Top-f.Y0) > 0.01 ||
				math.Abs(c.FontInformation.RenderedSize-f.Size) > 0.01 {
				t.Fatalf("%s char %d: read %+v, go-pdfium %q %+v %+v", name, i, f, c.Text, c.PointPosition, *c.FontInformation)
			}
		}
		d, err := e.Read(data, "", Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if meta != nil && strings.TrimSpace(meta.Value) != d.Title {
			t.Errorf("%s: title %q, go-pdfium %q", name, d.Title, meta.Value)
		}
	}
}

// readFirstPage reads page 1's characters (before layout lets them go).
func readFirstPage(t *testing.T, e *Engine, data []byte) Page {
	t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.load(); err != nil {
		t.Fatal(err)
	}
	in, err := newInstance(t.Context(), e.rt, e.compiled, e.batch, e.config)
	if err != nil {
		t.Fatal(err)
	}
	defer in.close()
	buf, err := in.alloc(data)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := in.callName("FPDF_LoadMemDocument", buf, uint64(len(data)), 0)
	if err != nil || doc == 0 {
		t.Fatalf("open: %v", err)
	}
	p, err := in.readPage(doc, 0)
	if err != nil {
		t.Fatal(err)
	}
	return p
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

// stuckModule is a stand-in for PDFium with the functions Read calls first. Its FPDF_LoadMemDocument
// never returns for a file that starts with "H" (a loop), sleeps for sleep in the host for one that
// starts with "S" (a call the engine's own checks cannot stop), and refuses anything else as damaged.
func stuckModule(sleep time.Duration) []byte {
	leb := func(v uint64) []byte {
		var b []byte
		for {
			c := byte(v & 0x7f)
			v >>= 7
			if v != 0 {
				b = append(b, c|0x80)
				continue
			}
			return append(b, c)
		}
	}
	sleb := func(v int64) []byte {
		var b []byte
		for {
			c := byte(v & 0x7f)
			v >>= 7
			if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
				return append(b, c)
			}
			b = append(b, c|0x80)
		}
	}
	vec := func(items ...[]byte) []byte {
		out := leb(uint64(len(items)))
		for _, it := range items {
			out = append(out, it...)
		}
		return out
	}
	str := func(s string) []byte { return append(leb(uint64(len(s))), s...) }
	section := func(id byte, body []byte) []byte {
		return append(append([]byte{id}, leb(uint64(len(body)))...), body...)
	}
	cat := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	const i32 = 0x7f
	fn := func(params, results []byte) []byte {
		return cat([]byte{0x60}, leb(uint64(len(params))), params, leb(uint64(len(results))), results)
	}
	types := vec(
		fn(nil, nil),                                // 0: () → ()
		fn([]byte{i32}, []byte{i32}),                // 1: malloc
		fn([]byte{i32}, nil),                        // 2: free
		fn([]byte{i32, i32, i32}, []byte{i32}),      // 3: FPDF_LoadMemDocument
		fn(nil, []byte{i32}),                        // 4: FPDF_GetLastError
		fn([]byte{i32, i32, i32, i32}, []byte{i32}), // 5: poll_oneoff
	)
	imports := vec(cat(str("wasi_snapshot_preview1"), str("poll_oneoff"), []byte{0x00}, leb(5)))
	// Functions 1…6 (0 is the import).
	funcs := vec(leb(0), leb(0), leb(1), leb(2), leb(3), leb(4))
	memory := vec([]byte{0x00, 0x02}) // two pages, no maximum
	export := func(name string, kind byte, idx uint64) []byte { return cat(str(name), []byte{kind}, leb(idx)) }
	exports := vec(export("memory", 0x02, 0), export("_initialize", 0, 1), export("FPDF_InitLibrary", 0, 2),
		export("malloc", 0, 3), export("free", 0, 4), export("FPDF_LoadMemDocument", 0, 5), export("FPDF_GetLastError", 0, 6))
	body := func(code ...byte) []byte {
		b := cat([]byte{0x00}, code, []byte{0x0b})
		return append(leb(uint64(len(b))), b...)
	}
	load := cat(
		// if data[0] == 'H' { loop { br 0 } }
		[]byte{0x20, 0x00, 0x2d, 0x00, 0x00, 0x41}, sleb('H'), []byte{0x46, 0x04, 0x40, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b},
		// if data[0] == 'S' { poll_oneoff(subscription at 0, events at 200, 1, nevents at 100) }
		[]byte{0x20, 0x00, 0x2d, 0x00, 0x00, 0x41}, sleb('S'), []byte{0x46, 0x04, 0x40},
		[]byte{0x41}, sleb(0), []byte{0x41}, sleb(200), []byte{0x41}, sleb(1), []byte{0x41}, sleb(100), []byte{0x10, 0x00, 0x1a, 0x0b},
		[]byte{0x41}, sleb(0), // return 0: not opened
	)
	code := vec(body(), body(), body(append([]byte{0x41}, sleb(1024)...)...), body(), body(load...), body(append([]byte{0x41}, sleb(3)...)...))
	// The clock subscription poll_oneoff sleeps on: userdata 0, tag 0 (clock), clock id 1, timeout.
	sub := make([]byte, 48)
	sub[16] = 1
	for i := range 8 {
		sub[24+i] = byte(uint64(sleep) >> (8 * i))
	}
	data := vec(cat([]byte{0x00, 0x41}, sleb(0), []byte{0x0b}, leb(uint64(len(sub))), sub))
	return cat([]byte("\x00asm\x01\x00\x00\x00"), section(1, types), section(2, imports), section(3, funcs),
		section(5, memory), section(7, exports), section(10, code), section(11, data))
}

func waitGoroutines(t *testing.T, atMost int) int {
	t.Helper()
	n := runtime.NumGoroutine()
	for deadline := time.Now().Add(5 * time.Second); n > atMost && time.Now().Before(deadline); n = runtime.NumGoroutine() {
		time.Sleep(20 * time.Millisecond)
	}
	return n
}

// An engine call that never returns is stopped at the document's time, and nothing is left running.
func TestCallThatNeverReturnsIsStopped(t *testing.T) {
	e := NewEngine("")
	e.module = func() ([]byte, error) { return stuckModule(time.Second), nil }
	if _, err := e.Read([]byte("%PDF-1.7"), "", Limits{}); !errors.Is(err, ErrDamaged) {
		t.Fatalf("the stand-in does not refuse a damaged file: %v", err)
	}
	before := runtime.NumGoroutine()
	start := time.Now()
	_, err := e.Read([]byte("Hang"), "", Limits{Timeout: 300 * time.Millisecond})
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("a call that never returns: %v", err)
	}
	if took := time.Since(start); took > 300*time.Millisecond+time.Second {
		t.Errorf("it took %v to give up on a 300 ms budget", took)
	}
	if e.dropped != 0 {
		t.Errorf("the engine's own checks did not stop the loop: the runtime was dropped")
	}
	if n := waitGoroutines(t, before); n > before {
		t.Errorf("%d goroutines left running (%d before)", n, before)
	}
	// The same engine reads the next document.
	if _, err := e.Read([]byte("%PDF-1.7"), "", Limits{}); !errors.Is(err, ErrDamaged) {
		t.Fatalf("after a stuck call: %v", err)
	}
}

// A call stuck where the engine's checks cannot reach (here a host sleep) costs the runtime: it is
// dropped, closed once the call returns, and the next document gets a new one.
func TestCallStuckInTheHostDropsTheRuntime(t *testing.T) {
	e := NewEngine("")
	e.grace = 100 * time.Millisecond
	e.config = e.config.WithSysNanosleep() // a real sleep, where Gloss's instances get none
	e.module = func() ([]byte, error) { return stuckModule(2 * time.Second), nil }
	if err := e.Warm(); err != nil {
		t.Fatal(err)
	}
	before := runtime.NumGoroutine()
	start := time.Now()
	_, err := e.Read([]byte("Sleep"), "", Limits{Timeout: 100 * time.Millisecond})
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("a call stuck in the host: %v", err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("Read waited %v for a stuck call", took)
	}
	if e.dropped != 1 || e.rt != nil {
		t.Fatalf("the runtime was not dropped (%d)", e.dropped)
	}
	if _, err := e.Read([]byte("%PDF-1.7"), "", Limits{}); !errors.Is(err, ErrDamaged) {
		t.Fatalf("a new runtime after the stuck one: %v", err)
	}
	// Once the sleep ends, its goroutine and the old runtime go.
	if n := waitGoroutines(t, before); n > before {
		t.Errorf("%d goroutines left running after the call returned (%d before)", n, before)
	}
}

// The gzip the module used to be embedded as, for the size comparison in BENCHMARKS.md.
func TestEmbeddedEngineSmallerThanGzip(t *testing.T) {
	wasm, err := pdfiumWasm()
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	w.Write(wasm)
	w.Close()
	t.Logf("module %d bytes; embedded %d; gzip -9 %d", len(wasm), len(pdfiumWasmCompressed), gz.Len())
	if len(pdfiumWasmCompressed) >= gz.Len() {
		t.Errorf("the embedded engine (%d bytes) is no smaller than gzip -9 (%d)", len(pdfiumWasmCompressed), gz.Len())
	}
}
