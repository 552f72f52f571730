// Package pdf reads the text of PDF files with PDFium (Google's PDF engine, as in Chromium) compiled to
// WebAssembly and run by wazero: no cgo, so every platform builds from Go alone, and the engine runs in a
// sandbox with a memory limit and a time budget. Layout analysis (reading order, paragraphs, headings,
// running headers and footers, footnotes) is in layout.go, over the characters and boxes PDFium gives.
package pdf

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
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
)

// Char is one character PDFium found, its box in points from the page's top left (y grows down).
type Char struct {
	R              rune
	X0, Y0, X1, Y1 float64
	Size           float64 // font size as rendered, points
	Bold           bool
}

// Page is one page: its characters in content-stream order, until Read has made them into fragments
// (lines and parts of lines, layout.go) and let them go, so a 500-page report is never held as millions
// of characters.
type Page struct {
	Width, Height float64
	Chars         []Char
	frags         []frag
	fragsMade     bool
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

// Engine loads PDFium on first use (never at start: compiling the module costs seconds; a compiled copy
// is cached in CacheDir so later starts load it in a fraction of that).
type Engine struct {
	cacheDir string
	once     sync.Once
	pool     pdfium.Pool
	err      error
	mu       sync.Mutex // one document at a time: the module's memory is the budget
	memMiB   uint32
}

// NewEngine makes an engine whose compiled module is cached in cacheDir ("" = the user's cache folder,
// or no cache when there is none). Nothing is loaded until the first document.
func NewEngine(cacheDir string) *Engine {
	return &Engine{cacheDir: cacheDir, memMiB: DefaultMemoryMiB}
}

// DefaultCacheDir is where the compiled engine is kept: <user cache>/gloss/pdfium-wazero.
func DefaultCacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "gloss", "pdfium-wazero")
}

func (e *Engine) load() error {
	e.once.Do(func() {
		// Not WithCloseOnContextDone: it starts a goroutine for every call into the engine, which was
		// most of the time spent on a page. The time budget is checked between pages and every few
		// hundred characters instead (read, fastChars).
		rc := wazero.NewRuntimeConfig().WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
			WithMemoryLimitPages(e.memMiB * 16) // 64 KiB pages
		if e.cacheDir != "" {
			if err := os.MkdirAll(e.cacheDir, 0o700); err == nil {
				if cache, err := wazero.NewCompilationCacheWithDir(e.cacheDir); err == nil {
					rc = rc.WithCompilationCache(cache)
				}
			}
		}
		wasm, err := pdfiumWasm()
		if err != nil {
			e.err = err
			return
		}
		e.pool, e.err = webassembly.InitWithWASM(webassembly.Config{
			WASM:    wasm,
			MinIdle: 0, MaxIdle: 1, MaxTotal: 1,
			RuntimeConfig: rc,
			FSConfig:      wazero.NewFSConfig(), // no folders: the engine gets the bytes, never the disk
			Stdout:        io.Discard, Stderr: io.Discard,
		})
		if e.err != nil {
			e.err = fmt.Errorf("%w: %v", ErrEngine, e.err)
		}
	})
	return e.err
}

// Warm loads the engine now (benchmarks; a window could call it when the person opens the import dialog).
func (e *Engine) Warm() error { return e.load() }

// Read extracts a PDF's characters and metadata within the limits. A panic or a trap in the engine is an
// error, never a crash; so is a document that runs past its time.
func (e *Engine) Read(data []byte, password string, lim Limits) (doc *Document, err error) {
	if lim.Timeout <= 0 {
		lim.Timeout = DefaultTimeout
	}
	if lim.MaxPages <= 0 {
		lim.MaxPages = DefaultMaxPages
	}
	if err := e.load(); err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), lim.Timeout)
	defer cancel()
	inst, err := e.pool.GetInstanceWithContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrEngine, err)
	}
	type result struct {
		doc *Document
		err error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		defer func() {
			if p := recover(); p != nil {
				r = result{err: fmt.Errorf("%w: %v", ErrEngine, p)}
			}
			done <- r
		}()
		r.doc, r.err = read(inst, data, password, lim.MaxPages, ctx)
	}()
	select {
	case r := <-done:
		if r.err != nil && !errors.Is(r.err, ErrPassword) && !errors.Is(r.err, ErrDamaged) {
			_ = inst.Kill() // a trap may leave the instance broken: start the next document on a fresh one
		} else {
			_ = inst.Close()
		}
		return r.doc, r.err
	case <-ctx.Done():
		// The reader stops at its next check; should it be stuck inside one engine call, it is left to
		// finish on its own (its instance is discarded), and the import goes on.
		go func() {
			<-done
			_ = inst.Kill()
		}()
		return nil, fmt.Errorf("%w (more than %s)", ErrTimeout, lim.Timeout)
	}
}

func read(inst pdfium.Pdfium, data []byte, password string, maxPages int, ctx context.Context) (*Document, error) {
	req := &requests.OpenDocument{File: &data}
	if password != "" {
		req.Password = &password
	}
	opened, err := inst.OpenDocument(req)
	if err != nil {
		switch {
		case errors.Is(err, pdfiumerrors.ErrPassword):
			if password != "" {
				return nil, fmt.Errorf("%w: the password is wrong", ErrPassword)
			}
			return nil, ErrPassword
		case errors.Is(err, pdfiumerrors.ErrFormat), errors.Is(err, pdfiumerrors.ErrFile):
			return nil, fmt.Errorf("%w: not a readable PDF (%s)", ErrDamaged, strings.TrimLeft(err.Error(), "0123456789: "))
		case errors.Is(err, pdfiumerrors.ErrSecurity):
			return nil, fmt.Errorf("%w: its encryption is not supported", ErrDamaged)
		}
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: opened.Document})
	doc := &Document{}
	meta := func(tag string) string {
		r, err := inst.FPDF_GetMetaText(&requests.FPDF_GetMetaText{Document: opened.Document, Tag: tag})
		if err != nil {
			return ""
		}
		return strings.TrimSpace(strings.ToValidUTF8(r.Value, ""))
	}
	doc.Title, doc.Author, doc.Created = meta("Title"), meta("Author"), pdfDate(meta("CreationDate"))
	for kind, into := range map[enums.FPDF_FILEIDTYPE]*string{enums.FPDF_FILEIDTYPE_PERMANENT: &doc.ID, enums.FPDF_FILEIDTYPE_CHANGING: &doc.ChangingID} {
		if r, err := inst.FPDF_GetFileIdentifier(&requests.FPDF_GetFileIdentifier{Document: opened.Document, FileIdType: kind}); err == nil && len(r.Identifier) > 0 {
			*into = hex.EncodeToString(r.Identifier)
		}
	}
	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: opened.Document})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if count.PageCount > maxPages {
		return nil, fmt.Errorf("%w: it has %d pages; the limit is %d", ErrDamaged, count.PageCount, maxPages)
	}
	for i := range count.PageCount {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		page, err := readPage(ctx, inst, opened.Document, i)
		if err != nil {
			return nil, fmt.Errorf("%w: page %d: %v", ErrDamaged, i+1, err)
		}
		page.frags, page.fragsMade, page.Chars = fragments(page, i+1), true, nil
		doc.Pages = append(doc.Pages, page)
	}
	return doc, nil
}

func readPage(ctx context.Context, inst pdfium.Pdfium, d references.FPDF_DOCUMENT, index int) (Page, error) {
	ref := requests.Page{ByIndex: &requests.PageByIndex{Document: d, Index: index}}
	var p Page
	if w, err := inst.FPDF_GetPageWidthF(&requests.FPDF_GetPageWidthF{Page: ref}); err == nil {
		p.Width = float64(w.PageWidth)
	}
	h, err := inst.FPDF_GetPageHeightF(&requests.FPDF_GetPageHeightF{Page: ref})
	if err != nil {
		return p, err
	}
	p.Height = float64(h.PageHeight)
	if chars, err := fastChars(ctx, inst, ref, p.Height); err == nil {
		p.Chars = chars
		return p, nil
	} else if !errors.Is(err, errNoFastPath) {
		return p, err
	}
	st, err := inst.GetPageTextStructured(&requests.GetPageTextStructured{Page: ref, Mode: requests.GetPageTextStructuredModeChars, CollectFontInformation: true})
	if err != nil {
		return p, err
	}
	p.Chars = make([]Char, 0, len(st.Chars))
	for _, c := range st.Chars {
		r := []rune(c.Text)
		if len(r) != 1 {
			continue
		}
		ch := Char{R: r[0], X0: c.PointPosition.Left, X1: c.PointPosition.Right,
			Y0: p.Height - c.PointPosition.Top, Y1: p.Height - c.PointPosition.Bottom}
		if f := c.FontInformation; f != nil {
			ch.Size = f.RenderedSize
			if ch.Size <= 0 {
				ch.Size = f.Size
			}
			ch.Bold = f.Weight >= 600 || strings.Contains(strings.ToLower(f.Name), "bold")
		}
		p.Chars = append(p.Chars, ch)
	}
	return p, nil
}

// pdfDate reads a PDF date (D:YYYYMMDDHHmmSS…) as YYYY-MM-DD.
func pdfDate(s string) string {
	s = strings.TrimPrefix(strings.TrimSpace(s), "D:")
	if len(s) < 8 {
		return ""
	}
	t, err := time.Parse("20060102", s[:8])
	if err != nil || t.Year() < 1900 {
		return ""
	}
	return t.Format(time.DateOnly)
}
