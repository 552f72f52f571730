package pdf

// The per-character read. go-pdfium's GetPageTextStructured makes some thirty engine calls per character
// (font names, matrices, a malloc and a free for each), 32 µs a character: 10 s for a 100-page report. The
// four calls Gloss needs (code point, box, font size, weight) are made here straight on the engine's
// exported functions, with one scratch buffer per page: about 1 µs a character. It reaches them through
// go-pdfium v1.21.5's exported Fn method and its text-page table by reflection, so a change there (a new
// pinned version) is caught by TestFastCharsMatchStructured and falls back to the slow path, never to
// wrong text.

import (
	"context"
	"errors"
	"math"
	"reflect"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
)

type rawFn interface {
	CallWithStack(ctx context.Context, stack []uint64) error
}

type rawMemory interface {
	ReadFloat64Le(offset uint32) (float64, bool)
	ReadFloat32Le(offset uint32) (float32, bool)
}

type rawAlloc interface {
	Malloc(size uint64) (uint64, error)
	Free(pointer uint64) error
}

var errNoFastPath = errors.New("no fast path")

// fastChars reads a page's characters with four engine calls each, or errNoFastPath.
func fastChars(budget context.Context, inst pdfium.Pdfium, ref requests.Page, height float64) ([]Char, error) {
	holder, ok := inst.(interface{ GetImplementation() any })
	if !ok {
		return nil, errNoFastPath
	}
	impl := holder.GetImplementation()
	alloc, ok := impl.(rawAlloc)
	if !ok {
		return nil, errNoFastPath
	}
	v := reflect.ValueOf(impl)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil, errNoFastPath
	}
	fnMethod := v.MethodByName("Fn")
	if !fnMethod.IsValid() {
		return nil, errNoFastPath
	}
	fn := func(name string) rawFn {
		out := fnMethod.Call([]reflect.Value{reflect.ValueOf(name)})
		if len(out) != 1 || out[0].IsNil() {
			return nil
		}
		f, _ := out[0].Interface().(rawFn)
		return f
	}
	module := v.Elem().FieldByName("Module")
	if !module.IsValid() || module.IsNil() {
		return nil, errNoFastPath
	}
	memOut := module.MethodByName("Memory").Call(nil)
	mem, ok := memOut[0].Interface().(rawMemory)
	if !ok {
		return nil, errNoFastPath
	}
	ctx := context.Background()
	unicodeFn, boxFn, sizeFn, weightFn, countFn := fn("FPDFText_GetUnicode"), fn("FPDFText_GetCharBox"), fn("FPDFText_GetFontSize"), fn("FPDFText_GetFontWeight"), fn("FPDFText_CountChars")
	matrixFn := fn("FPDFText_GetMatrix")
	if unicodeFn == nil || boxFn == nil || sizeFn == nil || weightFn == nil || countFn == nil || matrixFn == nil {
		return nil, errNoFastPath
	}

	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: ref})
	if err != nil {
		return nil, err
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	handle, ok := textPageHandle(v, tp.TextPage)
	if !ok {
		return nil, errNoFastPath
	}
	buf, err := alloc.Malloc(64) // four doubles (the box), then six floats (the text matrix)
	if err != nil {
		return nil, err
	}
	defer alloc.Free(buf)
	stack := make([]uint64, 8)
	call := func(f rawFn, params ...uint64) (uint64, error) {
		copy(stack, params)
		err := f.CallWithStack(ctx, stack)
		return stack[0], err
	}
	n, err := call(countFn, handle)
	if err != nil {
		return nil, err
	}
	count := int(int32(uint32(n)))
	chars := make([]Char, 0, max(count, 0))
	for i := range count {
		if i%256 == 255 && budget.Err() != nil {
			return nil, budget.Err()
		}
		idx := uint64(i)
		u, err := call(unicodeFn, handle, idx)
		if err != nil {
			return nil, err
		}
		c := Char{R: rune(uint32(u))}
		if ok, err := call(boxFn, handle, idx, buf, buf+8, buf+16, buf+24); err != nil {
			return nil, err
		} else if uint32(ok) != 0 {
			l, _ := mem.ReadFloat64Le(uint32(buf))
			r, _ := mem.ReadFloat64Le(uint32(buf + 8))
			b, _ := mem.ReadFloat64Le(uint32(buf + 16))
			t, _ := mem.ReadFloat64Le(uint32(buf + 24))
			c.X0, c.X1, c.Y0, c.Y1 = l, r, height-t, height-b
		}
		s, err := call(sizeFn, handle, idx)
		if err != nil {
			return nil, err
		}
		c.Size = math.Float64frombits(s)
		// The size as rendered: the font size scaled by the text matrix (a font set at size 1 and
		// scaled up by the matrix is common).
		if ok, err := call(matrixFn, handle, idx, buf+32); err != nil {
			return nil, err
		} else if uint32(ok) != 0 {
			mc, _ := mem.ReadFloat32Le(uint32(buf + 32 + 8))
			md, _ := mem.ReadFloat32Le(uint32(buf + 32 + 12))
			if scale := math.Hypot(float64(mc), float64(md)); scale > 0 {
				c.Size *= scale
			}
		}
		w, err := call(weightFn, handle, idx)
		if err != nil {
			return nil, err
		}
		c.Bold = int32(uint32(w)) >= 600
		chars = append(chars, c)
	}
	return chars, nil
}

// textPageHandle finds the engine's own handle of a text page go-pdfium registered.
func textPageHandle(impl reflect.Value, ref references.FPDF_TEXTPAGE) (uint64, bool) {
	refs := impl.Elem().FieldByName("textPageRefs")
	if !refs.IsValid() || refs.Kind() != reflect.Map {
		return 0, false
	}
	h := refs.MapIndex(reflect.ValueOf(ref))
	if !h.IsValid() || h.IsNil() {
		return 0, false
	}
	p := h.Elem().FieldByName("handle")
	if !p.IsValid() || p.Kind() != reflect.Pointer || p.IsNil() || p.Elem().Kind() != reflect.Uint64 {
		return 0, false
	}
	return p.Elem().Uint(), true
}
