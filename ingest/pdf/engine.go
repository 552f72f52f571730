// Package pdf reads the text of PDF files with PDFium (Google's PDF engine, as in Chromium) compiled to
// WebAssembly and run by wazero: no cgo, so every platform builds from Go alone, and the engine runs in a
// sandbox with a memory limit and a time budget. Layout analysis (reading order, paragraphs, headings,
// running headers and footers, footnotes) is in layout.go, over the characters and boxes PDFium gives.
//
// The module is go-pdfium v1.21.5's PDFium build (wasm.go). Gloss calls the dozen PDFium functions it
// needs on the module itself (pdfium.go, host.go) rather than through go-pdfium's Go wrapper: that
// wrapper binds all of PDFium's ~800 functions, and since Wails binds by reflection the linker keeps
// every one of them (2.3 MB of the binary, see BENCHMARKS.md); it also made some thirty engine calls per
// character where five do. go-pdfium's wrapper is the reference in the tests (engine_test.go).
package pdf

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

// Reasons a PDF is refused; errors wrap them with detail.
var (
	ErrPassword = errors.New("password-protected")
	ErrDamaged  = errors.New("damaged PDF")
	ErrTimeout  = errors.New("reading it took too long")
	ErrEngine   = errors.New("the PDF engine failed")
)

// Limits bound one document's extraction.
type Limits struct {
	Timeout  time.Duration // for the whole document; 0 = DefaultTimeout
	MaxPages int           // pages read; 0 = DefaultMaxPages
}

const (
	DefaultTimeout = 60 * time.Second
	// DefaultMemoryMiB bounds the engine's memory (its WebAssembly memory; each document gets a fresh
	// instance, so nothing accumulates from one to the next).
	DefaultMemoryMiB = 1024
	DefaultMaxPages  = 5000
	// stopGrace is how long a document past its time is given to stop: the engine's compiled code checks
	// at every loop and call whether its instance was closed, so it stops within microseconds; a runtime
	// whose call has not returned by then is dropped whole and the next document gets a new one.
	stopGrace = 2 * time.Second
)

// Char is one character PDFium found, its box in points from the page's top left (y grows down).
type Char struct {
	R              rune
	X0, Y0, X1, Y1 float64
	Size           float64 // font size as rendered, points
	Bold           bool
	Unmapped       bool // its font maps its glyph to no character: R is the glyph's code, not a letter
	Struck         bool // a line is drawn through it (strike.go): left out of the text
}

// Page is one page: its characters in content-stream order, until Read has made them into fragments
// (lines and parts of lines, layout.go) and let them go, so a 500-page report is never held as millions
// of characters.
type Page struct {
	Width, Height float64
	Chars         []Char
	Layer         TextLayer // whether its text layer gives text (unreadable.go); not Readable: Layout leaves its text out
	Struck        int       // characters struck through (strike.go), left out of its text
	frags         []frag
	fragsMade     bool
	rules         []segment // short rules in its lower half (strike.go): a word processor's footnote separator
}

// Document is what the engine read from a PDF.
type Document struct {
	Pages      []Page
	Title      string
	Author     string
	Created    string // YYYY-MM-DD, "" unknown
	ID         string // the trailer's permanent /ID, hex; "" when it has none
	ChangingID string // the trailer's second /ID (changes with each revision)
}

// Engine is PDFium, loaded on its first document (never at start: compiling the module costs seconds;
// a compiled copy is cached in the cache folder, so later starts load it in a fraction of that). Its
// owner (ingest.Engines, held by the app or the CLI) keeps it for the life of the process. Each document
// is read in a fresh instance of the module, closed after it; a document that runs past its time is
// stopped by closing its instance, and should a call still not return, the whole runtime is dropped and
// made again for the next document.
type Engine struct {
	cacheDir string
	memMiB   uint32
	module   func() ([]byte, error) // the WebAssembly module (tests give small stand-ins)
	config   wazero.ModuleConfig    // each document's instance
	grace    time.Duration

	mu       sync.Mutex // one document at a time (the module's memory is the budget); guards the rest
	cache    wazero.CompilationCache
	rt       wazero.Runtime
	compiled wazero.CompiledModule // PDFium
	batch    wazero.CompiledModule // batch.go's character reader
	err      error                 // the module could not be loaded (it is embedded: it will not load later either)
	dropped  int                   // runtimes dropped because a call would not stop
}

// NewEngine makes an engine whose compiled module is cached in cacheDir ("" = no cache). Nothing is
// loaded until the first document.
func NewEngine(cacheDir string) *Engine {
	// No folders, no clock to sleep on: the engine gets the bytes, never the disk.
	config := wazero.NewModuleConfig().WithStartFunctions("_initialize").WithName(pdfiumName).
		WithStdout(io.Discard).WithStderr(io.Discard)
	return &Engine{cacheDir: cacheDir, memMiB: DefaultMemoryMiB, module: pdfiumWasm, config: config, grace: stopGrace}
}

// DefaultCacheDir is where the compiled engine is kept: <user cache>/gloss/pdfium-wazero.
func DefaultCacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "gloss", "pdfium-wazero")
}

// load makes the runtime and compiles the module (from the cache when it is there); e.mu is held.
func (e *Engine) load() error {
	if e.rt != nil || e.err != nil {
		return e.err
	}
	wasm, err := e.module()
	if err != nil {
		e.err = err
		return err
	}
	ctx := context.Background()
	// WithCloseOnContextDone: the compiled code checks at each loop and call whether its instance was
	// closed, and a call whose context ends closes it, so no engine call outlives its document's time.
	rc := wazero.NewRuntimeConfig().WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		WithMemoryLimitPages(e.memMiB * 16). // 64 KiB pages
		WithCloseOnContextDone(true)
	if e.cache == nil && e.cacheDir != "" {
		if err := os.MkdirAll(e.cacheDir, 0o700); err == nil {
			e.cache, _ = wazero.NewCompilationCacheWithDir(e.cacheDir)
		}
	}
	if e.cache != nil {
		rc = rc.WithCompilationCache(e.cache)
	}
	rt := wazero.NewRuntimeWithConfig(ctx, rc)
	fail := func(what string, err error) error {
		_ = rt.Close(ctx)
		return fmt.Errorf("%w: %s: %v", ErrEngine, what, err)
	}
	if _, err := wasi_snapshot_preview1.Instantiate(ctx, rt); err != nil {
		return fail("its system interface", err)
	}
	compiled, err := rt.CompileModule(ctx, wasm)
	if err != nil {
		e.err = fail("compiling it", err)
		return e.err
	}
	if err := instantiateHost(ctx, rt, compiled); err != nil {
		return fail("its host functions", err)
	}
	var batch wazero.CompiledModule
	if err := checkBatchImports(compiled); err == nil {
		if batch, err = rt.CompileModule(ctx, batchModule()); err != nil {
			e.err = fail("its character reader", err)
			return e.err
		}
	} // else (a stand-in module in tests) the first page fails
	e.rt, e.compiled, e.batch = rt, compiled, batch
	return nil
}

// Warm loads the engine now (benchmarks; a window could call it when the person opens the import dialog).
func (e *Engine) Warm() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.load()
}

// Close lets the engine's runtime go (a later document loads it again).
func (e *Engine) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.rt == nil {
		return nil
	}
	err := e.rt.Close(context.Background())
	e.rt, e.compiled, e.batch = nil, nil, nil
	return err
}

// Read extracts a PDF's characters and metadata within the limits. A panic or a trap in the engine is an
// error, never a crash; so is a document that runs past its time.
func (e *Engine) Read(data []byte, password string, lim Limits) (*Document, error) {
	if lim.Timeout <= 0 {
		lim.Timeout = DefaultTimeout
	}
	if lim.MaxPages <= 0 {
		lim.MaxPages = DefaultMaxPages
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.load(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), lim.Timeout)
	defer cancel()
	type result struct {
		doc *Document
		err error
	}
	done := make(chan result, 1)
	rt, compiled, batch, config := e.rt, e.compiled, e.batch, e.config
	go func() {
		var r result
		defer func() {
			if p := recover(); p != nil {
				r = result{err: fmt.Errorf("%w: %v", ErrEngine, p)}
			}
			done <- r
		}()
		r.doc, r.err = readDocument(ctx, rt, compiled, batch, config, data, password, lim.MaxPages)
	}()
	timedOut := func() error { return fmt.Errorf("%w (more than %s)", ErrTimeout, lim.Timeout) }
	select {
	case r := <-done:
		if r.err != nil && ctx.Err() != nil {
			return nil, timedOut()
		}
		return r.doc, r.err
	case <-ctx.Done():
	}
	// Past its time: its calls stop at their next check (the instance is closed by its context).
	select {
	case <-done:
		return nil, timedOut()
	case <-time.After(e.grace):
	}
	// A call that would not stop (its instance is closed, so it ends at its next check): the runtime is
	// left to it, closed once the call returns (not before: its compiled code may still be running), and
	// the next document gets a new runtime, from the compilation cache.
	e.rt, e.compiled, e.batch = nil, nil, nil
	e.dropped++
	go func() {
		<-done
		_ = rt.Close(context.Background())
	}()
	return nil, timedOut()
}

// instance is one document's instance of the module, with the functions Gloss calls.
type instance struct {
	ctx   context.Context
	rt    wazero.Runtime
	mod   api.Module
	mem   api.Memory
	stack []uint64
	fns   map[string]api.Function

	batchCompiled wazero.CompiledModule // batch.go: made into batch on the first page
	batch         api.Module
	batchFn       api.Function
	objsFn        api.Function
	records       uint64 // where batch writes its records, in PDFium's memory
}

func (in *instance) fn(name string) (api.Function, error) {
	if f, ok := in.fns[name]; ok {
		return f, nil
	}
	f := in.mod.ExportedFunction(name)
	if f == nil {
		return nil, fmt.Errorf("%w: the module has no %s", ErrEngine, name)
	}
	in.fns[name] = f
	return f, nil
}

// call calls an exported function with integer (or bit-cast) parameters and returns its first result.
func (in *instance) call(f api.Function, params ...uint64) (uint64, error) {
	copy(in.stack, params)
	if err := f.CallWithStack(in.ctx, in.stack); err != nil {
		return 0, err
	}
	return in.stack[0], nil
}

func (in *instance) callName(name string, params ...uint64) (uint64, error) {
	f, err := in.fn(name)
	if err != nil {
		return 0, err
	}
	return in.call(f, params...)
}

// alloc copies b into the instance's memory (freed with the instance).
func (in *instance) alloc(b []byte) (uint64, error) {
	p, err := in.callName("malloc", uint64(max(len(b), 1)))
	if err != nil {
		return 0, err
	}
	if p == 0 || !in.mem.Write(uint32(p), b) {
		return 0, fmt.Errorf("%w: out of memory (%d bytes)", ErrEngine, len(b))
	}
	return p, nil
}

func (in *instance) cString(s string) (uint64, error) { return in.alloc(append([]byte(s), 0)) }

// newInstance starts a fresh instance of the module and initialises PDFium in it.
func newInstance(ctx context.Context, rt wazero.Runtime, compiled, batch wazero.CompiledModule, cfg wazero.ModuleConfig) (*instance, error) {
	mod, err := rt.InstantiateModule(ctx, compiled, cfg)
	if err != nil {
		return nil, fmt.Errorf("%w: starting it: %v", ErrEngine, err)
	}
	in := &instance{ctx: ctx, rt: rt, mod: mod, mem: mod.Memory(), stack: make([]uint64, 8), fns: map[string]api.Function{}, batchCompiled: batch}
	if in.mem == nil {
		_ = mod.Close(context.Background())
		return nil, fmt.Errorf("%w: the module has no memory", ErrEngine)
	}
	if _, err := in.callName("FPDF_InitLibrary"); err != nil {
		_ = mod.Close(context.Background())
		return nil, fmt.Errorf("%w: starting it: %v", ErrEngine, err)
	}
	return in, nil
}

// close ends the instance (and its batch reader): everything the document used goes with it.
func (in *instance) close() {
	if in.batch != nil {
		_ = in.batch.Close(context.Background())
	}
	_ = in.mod.Close(context.Background())
}
