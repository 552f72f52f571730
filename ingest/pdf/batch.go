package pdf

// The per-character read in one engine call per run of characters, not five per character: a small
// WebAssembly module, written below, imports PDFium's accessors and its memory and loops over a page's
// characters in WebAssembly, writing one record per character into PDFium's memory. Calls from Go into
// the engine cost a goroutine each while the engine can be stopped (WithCloseOnContextDone), which made
// five calls a character six times slower than the whole read; calls between the two modules cost
// nothing of the kind.

import (
	"bytes"
	"fmt"
	"math"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// pdfiumName is the name each document's PDFium instance has, so the batch module can import from it.
const pdfiumName = "pdfium"

// A character's record, recordSize bytes: code point (u32), weight (i32), box left, right, bottom, top
// (f64, as FPDFText_GetCharBox writes them), font size (f64), text matrix a…f (f32, FS_MATRIX), whether
// the box and the matrix were found (u32 each), whether its font maps it to no character (u32,
// FPDFText_HasUnicodeMapError: PDFium then gives the glyph's code as if it were one), 4 bytes padding.
const (
	recCode, recWeight, recBox, recSize, recMatrix, recBoxOK, recMatrixOK, recMapError = 0, 4, 8, 40, 48, 72, 76, 80
	recordSize                                                                         = 88
	batchChars                                                                         = 4096 // records per call
)

// The accessors the batch module imports, with the types PDFium's build gives them.
var batchImports = []struct {
	name            string
	params, results []api.ValueType
}{
	{"FPDFText_GetUnicode", []api.ValueType{i32, i32}, []api.ValueType{i32}},
	{"FPDFText_GetFontWeight", []api.ValueType{i32, i32}, []api.ValueType{i32}},
	{"FPDFText_GetCharBox", []api.ValueType{i32, i32, i32, i32, i32, i32}, []api.ValueType{i32}},
	{"FPDFText_GetFontSize", []api.ValueType{i32, i32}, []api.ValueType{f64}},
	{"FPDFText_GetMatrix", []api.ValueType{i32, i32, i32}, []api.ValueType{i32}},
	{"FPDFText_HasUnicodeMapError", []api.ValueType{i32, i32}, []api.ValueType{i32}},
	// objs (strike.go): a page's objects, their type and bounds
	{"FPDFPage_GetObject", []api.ValueType{i32, i32}, []api.ValueType{i32}},
	{"FPDFPageObj_GetType", []api.ValueType{i32}, []api.ValueType{i32}},
	{"FPDFPageObj_GetBounds", []api.ValueType{i32, i32, i32, i32, i32}, []api.ValueType{i32}},
}

// An object's record, objRecordSize bytes: type (i32, FPDF_PAGEOBJ_*), whether its bounds were found
// (i32), left, bottom, right, top (f32, page space: y grows up).
const (
	objType, objBoundsOK, objBounds = 0, 4, 8
	objRecordSize                   = 24
)

const (
	i32 = api.ValueTypeI32
	f64 = api.ValueTypeF64
)

// batchModule is the module's binary: two functions, chars(textPage, start, end, out) and objs(page,
// start, end, out), and the imports.
func batchModule() []byte {
	sig := func(params, results []api.ValueType) []byte {
		return cat([]byte{0x60}, uleb(uint64(len(params))), params, uleb(uint64(len(results))), results)
	}
	var types, imports [][]byte
	for i, im := range batchImports {
		types = append(types, sig(im.params, im.results))
		imports = append(imports, cat(wstr(pdfiumName), wstr(im.name), []byte{0x00}, uleb(uint64(i))))
	}
	types = append(types, sig([]api.ValueType{i32, i32, i32, i32}, nil)) // chars and objs
	imports = append(imports, cat(wstr(pdfiumName), wstr("memory"), []byte{0x02, 0x00, 0x00}))
	const (
		unicode, weight, box, size, matrix, mapError = 0, 1, 2, 3, 4, 5 // function indices (the imports)
		tp, i, end, p                                = 0, 1, 2, 3       // chars's parameters (i and p advance)
	)
	get := func(l byte) []byte { return []byte{0x20, l} }
	call := func(f byte) []byte { return []byte{0x10, f} }
	storeI32 := func(off int) []byte { return cat([]byte{0x36, 0x02}, uleb(uint64(off))) }
	storeF64 := func(off int) []byte { return cat([]byte{0x39, 0x03}, uleb(uint64(off))) }
	ptr := func(off int) []byte { return cat(get(p), []byte{0x41}, sleb(int64(off)), []byte{0x6a}) } // p + off
	body := cat(
		[]byte{0x02, 0x40, 0x03, 0x40},             // block loop
		get(i), get(end), []byte{0x4e, 0x0d, 0x01}, // i >= end (signed): br_if out
		get(p), get(tp), get(i), call(unicode), storeI32(recCode),
		get(p), get(tp), get(i), call(weight), storeI32(recWeight),
		get(p), get(tp), get(i), ptr(recBox), ptr(recBox+8), ptr(recBox+16), ptr(recBox+24), call(box), storeI32(recBoxOK),
		get(p), get(tp), get(i), call(size), storeF64(recSize),
		get(p), get(tp), get(i), ptr(recMatrix), call(matrix), storeI32(recMatrixOK),
		get(p), get(tp), get(i), call(mapError), storeI32(recMapError),
		get(i), []byte{0x41, 0x01, 0x6a, 0x21, i}, // i++
		get(p), []byte{0x41}, sleb(recordSize), []byte{0x6a, 0x21, p}, // p += recordSize
		[]byte{0x0c, 0x00, 0x0b, 0x0b}, // br loop; end loop; end block
	)
	fn := cat([]byte{0x00}, body, []byte{0x0b}) // no locals
	// objs(page, i, end, p), one i32 local obj: for i < end, obj = FPDFPage_GetObject(page, i) (import 6),
	// p[objType] = FPDFPageObj_GetType(obj) (7), p[objBoundsOK] = FPDFPageObj_GetBounds(obj, p+8, p+12,
	// p+16, p+20) (8), i++, p += objRecordSize. Written out (the helpers above cost more code than these bytes).
	objs := []byte{
		0x02, 0x40, 0x03, 0x40, // block loop
		0x20, 0x01, 0x20, 0x02, 0x4e, 0x0d, 0x01, // i >= end: br_if out
		0x20, 0x00, 0x20, 0x01, 0x10, 0x06, 0x21, 0x04, // obj = GetObject(page, i)
		0x20, 0x03, 0x20, 0x04, 0x10, 0x07, 0x36, 0x02, objType, // store32 p+0 GetType(obj)
		0x20, 0x03, 0x20, 0x04, // p, obj
		0x20, 0x03, 0x41, objBounds, 0x6a, 0x20, 0x03, 0x41, objBounds + 4, 0x6a, // p+8, p+12
		0x20, 0x03, 0x41, objBounds + 8, 0x6a, 0x20, 0x03, 0x41, objBounds + 12, 0x6a, // p+16, p+20
		0x10, 0x08, 0x36, 0x02, objBoundsOK, // store32 p+4 GetBounds(…)
		0x20, 0x01, 0x41, 0x01, 0x6a, 0x21, 0x01, // i++
		0x20, 0x03, 0x41, objRecordSize, 0x6a, 0x21, 0x03, // p += objRecordSize
		0x0c, 0x00, 0x0b, 0x0b, // br loop; end loop; end block
	}
	objsFn := cat([]byte{0x01, 0x01, 0x7f}, objs, []byte{0x0b}) // one i32 local
	first := uleb(uint64(len(batchImports)))                    // chars's type index (objs has the same type)
	return cat([]byte("\x00asm\x01\x00\x00\x00"),
		section(1, vec(types...)), section(2, vec(imports...)), section(3, vec(first, first)),
		section(7, vec(cat(wstr("chars"), []byte{0x00}, uleb(uint64(len(batchImports)))),
			cat(wstr("objs"), []byte{0x00}, uleb(uint64(len(batchImports)+1))))),
		section(10, vec(cat(uleb(uint64(len(fn))), fn), cat(uleb(uint64(len(objsFn))), objsFn))))
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

func uleb(v uint64) []byte {
	var b []byte
	for {
		c := byte(v & 0x7f)
		if v >>= 7; v == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

func sleb(v int64) []byte {
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

func wstr(s string) []byte { return append(uleb(uint64(len(s))), s...) }

func vec(items ...[]byte) []byte { return cat(append([][]byte{uleb(uint64(len(items)))}, items...)...) }

func section(id byte, body []byte) []byte { return cat([]byte{id}, uleb(uint64(len(body))), body) }

// checkBatchImports: PDFium's build must give the accessors the types the batch module declares.
func checkBatchImports(pdfium wazero.CompiledModule) error {
	exported := pdfium.ExportedFunctions()
	same := func(a, b []api.ValueType) bool { return bytes.Equal(a, b) }
	for _, im := range batchImports {
		f, ok := exported[im.name]
		if !ok || !same(f.ParamTypes(), im.params) || !same(f.ResultTypes(), im.results) {
			return fmt.Errorf("%w: the module's %s is not the one Gloss calls", ErrEngine, im.name)
		}
	}
	return nil
}

// batchChars reads a text page's count characters, appended to chars, through the batch instance (made
// on the first page).
func (in *instance) batchChars(tp uint64, count int, height float64, chars []Char) ([]Char, error) {
	if in.batch == nil {
		b, err := in.rt.InstantiateModule(in.ctx, in.batchCompiled, wazero.NewModuleConfig().WithName(""))
		if err != nil {
			return nil, fmt.Errorf("%w: its character reader: %v", ErrEngine, err)
		}
		in.batch, in.batchFn, in.objsFn = b, b.ExportedFunction("chars"), b.ExportedFunction("objs")
	}
	if in.records == 0 {
		p, err := in.callName("malloc", batchChars*recordSize)
		if err != nil || p == 0 {
			return nil, fmt.Errorf("%w: out of memory", ErrEngine)
		}
		in.records = p
	}
	for start := 0; start < count; start += batchChars {
		end := min(start+batchChars, count)
		if _, err := in.call(in.batchFn, tp, uint64(start), uint64(end), in.records); err != nil {
			return nil, err
		}
		raw, ok := in.mem.Read(uint32(in.records), uint32((end-start)*recordSize))
		if !ok {
			return nil, fmt.Errorf("%w: its character records are out of its memory", ErrEngine)
		}
		for r := 0; r+recordSize <= len(raw); r += recordSize {
			rec := raw[r : r+recordSize]
			u32 := func(off int) uint32 {
				return uint32(rec[off]) | uint32(rec[off+1])<<8 | uint32(rec[off+2])<<16 | uint32(rec[off+3])<<24
			}
			fl64 := func(off int) float64 {
				return math.Float64frombits(uint64(u32(off)) | uint64(u32(off+4))<<32)
			}
			c := Char{R: rune(u32(recCode)), Size: fl64(recSize), Bold: int32(u32(recWeight)) >= 600, Unmapped: u32(recMapError) == 1}
			if u32(recBoxOK) != 0 {
				l, rt, b, t := fl64(recBox), fl64(recBox+8), fl64(recBox+16), fl64(recBox+24)
				c.X0, c.X1, c.Y0, c.Y1 = l, rt, height-t, height-b
			}
			// The size as rendered: the font size scaled by the text matrix (a font set at size 1 and
			// scaled up by the matrix is common).
			if u32(recMatrixOK) != 0 {
				mc := float64(math.Float32frombits(u32(recMatrix + 8)))
				md := float64(math.Float32frombits(u32(recMatrix + 12)))
				if scale := math.Hypot(mc, md); scale > 0 {
					c.Size *= scale
				}
			}
			chars = append(chars, c)
		}
	}
	return chars, nil
}
