package pdf

// The PDFium functions Gloss calls, on one document's instance of the module. Per character it makes
// five calls (code point, box, font size, text matrix, weight) with one scratch buffer per page: about a
// microsecond a character.

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
	"github.com/tetratelabs/wazero/api"
)

// PDFium's FPDF_GetLastError codes.
const (
	errFile     = 2
	errFormat   = 3
	errPassword = 4
	errSecurity = 5
)

func readDocument(ctx context.Context, rt wazero.Runtime, compiled wazero.CompiledModule, cfg wazero.ModuleConfig, data []byte, password string, maxPages int) (*Document, error) {
	in, err := newInstance(ctx, rt, compiled, cfg)
	if err != nil {
		return nil, err
	}
	defer in.mod.Close(context.Background()) // everything the document used goes with the instance
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
	p.Chars, err = in.chars(page, p.Height)
	return p, err
}

// chars reads a page's characters: code point, box (turned so y grows down), size as rendered, weight.
func (in *instance) chars(page uint64, height float64) ([]Char, error) {
	names := [...]string{"FPDFText_LoadPage", "FPDFText_ClosePage", "FPDFText_CountChars", "FPDFText_GetUnicode",
		"FPDFText_GetCharBox", "FPDFText_GetFontSize", "FPDFText_GetMatrix", "FPDFText_GetFontWeight"}
	var f [len(names)]api.Function
	for i, name := range names {
		var err error
		if f[i], err = in.fn(name); err != nil {
			return nil, err
		}
	}
	load, closeFn, countFn, unicodeFn, boxFn, sizeFn, matrixFn, weightFn := f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]
	tp, err := in.call(load, page)
	if err != nil {
		return nil, err
	}
	if uint32(tp) == 0 {
		return nil, fmt.Errorf("PDFium could not read its text")
	}
	defer in.call(closeFn, tp)
	buf, err := in.callName("malloc", 64) // four doubles (the box), then six floats (the text matrix)
	if err != nil || buf == 0 {
		return nil, fmt.Errorf("%w: out of memory", ErrEngine)
	}
	defer in.callName("free", buf)
	n, err := in.call(countFn, tp)
	if err != nil {
		return nil, err
	}
	count := int(int32(uint32(n)))
	chars := make([]Char, 0, max(count, 0))
	for i := range count {
		idx := uint64(i)
		u, err := in.call(unicodeFn, tp, idx)
		if err != nil {
			return nil, err
		}
		c := Char{R: rune(uint32(u))}
		if ok, err := in.call(boxFn, tp, idx, buf, buf+8, buf+16, buf+24); err != nil {
			return nil, err
		} else if uint32(ok) != 0 {
			l, _ := in.mem.ReadFloat64Le(uint32(buf))
			r, _ := in.mem.ReadFloat64Le(uint32(buf + 8))
			b, _ := in.mem.ReadFloat64Le(uint32(buf + 16))
			t, _ := in.mem.ReadFloat64Le(uint32(buf + 24))
			c.X0, c.X1, c.Y0, c.Y1 = l, r, height-t, height-b
		}
		s, err := in.call(sizeFn, tp, idx)
		if err != nil {
			return nil, err
		}
		c.Size = math.Float64frombits(s)
		// The size as rendered: the font size scaled by the text matrix (a font set at size 1 and
		// scaled up by the matrix is common).
		if ok, err := in.call(matrixFn, tp, idx, buf+32); err != nil {
			return nil, err
		} else if uint32(ok) != 0 {
			mc, _ := in.mem.ReadFloat32Le(uint32(buf + 32 + 8))
			md, _ := in.mem.ReadFloat32Le(uint32(buf + 32 + 12))
			if scale := math.Hypot(float64(mc), float64(md)); scale > 0 {
				c.Size *= scale
			}
		}
		w, err := in.call(weightFn, tp, idx)
		if err != nil {
			return nil, err
		}
		c.Bold = int32(uint32(w)) >= 600
		chars = append(chars, c)
	}
	return chars, nil
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
