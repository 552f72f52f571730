package pdf

// The PDFium functions Gloss calls, on one document's instance of the module: a dozen a page; the
// characters are read in runs of thousands by batch.go.

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/tetratelabs/wazero"
)

// PDFium's FPDF_GetLastError codes.
const (
	errFile     = 2
	errFormat   = 3
	errPassword = 4
	errSecurity = 5
)

func readDocument(ctx context.Context, rt wazero.Runtime, compiled, batch wazero.CompiledModule, cfg wazero.ModuleConfig, data []byte, password string, maxPages int) (*Document, error) {
	in, err := newInstance(ctx, rt, compiled, batch, cfg)
	if err != nil {
		return nil, err
	}
	defer in.close() // everything the document used goes with the instance
	// The bytes stay in the instance's memory for as long as the document is open (PDFium reads them
	// there), which is until the instance closes.
	buf, err := in.alloc(data)
	if err != nil {
		return nil, err
	}
	var pw uint64
	if password != "" {
		if pw, err = in.cString(password); err != nil {
			return nil, err
		}
	}
	doc, err := in.callName("FPDF_LoadMemDocument", buf, uint64(len(data)), pw)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrEngine, err)
	}
	if uint32(doc) == 0 {
		code, err := in.callName("FPDF_GetLastError")
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrEngine, err)
		}
		switch uint32(code) {
		case errPassword:
			if password != "" {
				return nil, fmt.Errorf("%w: the password is wrong", ErrPassword)
			}
			return nil, ErrPassword
		case errFormat, errFile:
			reason := "incorrect format"
			if code == errFile {
				reason = "unable to read file"
			}
			return nil, fmt.Errorf("%w: not a readable PDF (%s)", ErrDamaged, reason)
		case errSecurity:
			return nil, fmt.Errorf("%w: its encryption is not supported", ErrDamaged)
		}
		return nil, fmt.Errorf("%w: PDFium error %d", ErrDamaged, uint32(code))
	}
	d := &Document{}
	d.Title, d.Author, d.Created = in.metaText(doc, "Title"), in.metaText(doc, "Author"), pdfDate(in.metaText(doc, "CreationDate"))
	d.ID, d.ChangingID = in.fileID(doc, 0), in.fileID(doc, 1)
	n, err := in.callName("FPDF_GetPageCount", doc)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrEngine, err)
	}
	count := int(int32(uint32(n)))
	if count > maxPages {
		return nil, fmt.Errorf("%w: it has %d pages; the limit is %d", ErrDamaged, count, maxPages)
	}
	for i := range count {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		page, err := in.readPage(doc, i)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fmt.Errorf("%w: page %d: %v", ErrDamaged, i+1, err)
		}
		page.frags, page.fragsMade, page.Chars = fragments(page, i+1), true, nil
		d.Pages = append(d.Pages, page)
	}
	return d, nil
}

// metaText is an Info dictionary entry ("" when there is none).
func (in *instance) metaText(doc uint64, tag string) string {
	t, err := in.cString(tag)
	if err != nil {
		return ""
	}
	n, err := in.callName("FPDF_GetMetaText", doc, t, 0, 0)
	if err != nil || uint32(n) <= 2 {
		return ""
	}
	out, err := in.callName("malloc", uint64(uint32(n)))
	if err != nil || out == 0 {
		return ""
	}
	if _, err := in.callName("FPDF_GetMetaText", doc, t, out, uint64(uint32(n))); err != nil {
		return ""
	}
	raw, ok := in.mem.Read(uint32(out), uint32(n))
	if !ok {
		return ""
	}
	u := make([]uint16, 0, len(raw)/2)
	for i := 0; i+1 < len(raw); i += 2 {
		u = append(u, uint16(raw[i])|uint16(raw[i+1])<<8)
	}
	s := string(utf16.Decode(u))
	return strings.TrimSpace(strings.ToValidUTF8(strings.TrimRight(s, "\x00"), ""))
}

// fileID is the trailer's /ID entry (0 permanent, 1 changing), hex; "" when it has none.
func (in *instance) fileID(doc uint64, kind uint64) string {
	n, err := in.callName("FPDF_GetFileIdentifier", doc, kind, 0, 0)
	if err != nil || uint32(n) == 0 {
		return ""
	}
	out, err := in.callName("malloc", uint64(uint32(n)))
	if err != nil || out == 0 {
		return ""
	}
	if _, err := in.callName("FPDF_GetFileIdentifier", doc, kind, out, uint64(uint32(n))); err != nil {
		return ""
	}
	raw, ok := in.mem.Read(uint32(out), uint32(n))
	if !ok {
		return ""
	}
	return hex.EncodeToString(bytes.TrimSuffix(raw, []byte{0}))
}

func f32(bits uint64) float64 { return float64(math.Float32frombits(uint32(bits))) }

// readPage reads one page's size and characters.
func (in *instance) readPage(doc uint64, index int) (Page, error) {
	var p Page
	page, err := in.callName("FPDF_LoadPage", doc, uint64(index))
	if err != nil {
		return p, err
	}
	if uint32(page) == 0 {
		return p, fmt.Errorf("PDFium could not load it")
	}
	defer in.callName("FPDF_ClosePage", page)
	w, err := in.callName("FPDF_GetPageWidthF", page)
	if err != nil {
		return p, err
	}
	h, err := in.callName("FPDF_GetPageHeightF", page)
	if err != nil {
		return p, err
	}
	p.Width, p.Height = f32(w), f32(h)
	if p.Chars, err = in.chars(page, p.Height); err != nil {
		return p, err
	}
	glyphs, bad := judgeChars(p.Chars)
	images := 0.0
	if glyphs-bad < minJudged { // a scan? (looking at the objects of every page would cost time for nothing)
		if images, err = in.imageShare(page, p.Width, p.Height); err != nil {
			return p, err
		}
	}
	p.Layer = judge(glyphs, bad, images)
	if p.Layer == Readable && glyphs > 0 {
		segs, err := in.pageSegments(page, p.Height)
		if err != nil {
			return p, err
		}
		p.Struck = strike(p.Chars, segs)
		p.rules = noteRules(segs, p.Width, p.Height)
	}
	return p, nil
}

// chars reads a page's characters: code point, box (turned so y grows down), size as rendered, weight.
func (in *instance) chars(page uint64, height float64) ([]Char, error) {
	if in.batchCompiled == nil {
		return nil, fmt.Errorf("%w: the module has no text functions", ErrEngine)
	}
	tp, err := in.callName("FPDFText_LoadPage", page)
	if err != nil {
		return nil, err
	}
	if uint32(tp) == 0 {
		return nil, fmt.Errorf("PDFium could not read its text")
	}
	defer in.callName("FPDFText_ClosePage", tp)
	n, err := in.callName("FPDFText_CountChars", tp)
	if err != nil {
		return nil, err
	}
	count := max(int(int32(uint32(n))), 0)
	return in.batchChars(tp, count, height, make([]Char, 0, count))
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
