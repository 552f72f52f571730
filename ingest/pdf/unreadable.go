package pdf

// Pages whose text layer gives no text: a font that maps its glyphs to no characters (PDFium then gives
// each glyph's code as if it were a character: punctuation, digits and control codes, so the page reads
// "& ' & & ! +"), or maps them to private-use code points; and pages that are a picture (a scan) with next
// to no text. Such a page is judged on its own, so that a report with a few of them keeps the rest; the
// reader (ingest) writes a line in its place and says which pages they were.

import (
	"fmt"
	"strings"
	"unicode"
)

// TextLayer is what a page's text layer gives.
type TextLayer int

const (
	Readable TextLayer = iota
	// Unmapped: most of its characters are glyphs its fonts map to no character (or to private-use or
	// control code points).
	Unmapped
	// Picture: images cover much of the page and it has next to no text (a scan without OCR).
	Picture
)

const (
	// minJudged: a page with fewer characters than this (besides spaces) is not judged by them.
	minJudged = 20
	// pictureShare: the share of a page that images must cover for a page without text to be a picture.
	pictureShare = 0.25
	// maxObjects: page objects looked at for images (a page of vector art can have hundreds of thousands).
	maxObjects = 2000
)

// unreadable: a character that is no text (private-use or control code points), or a glyph its font maps
// to no character (PDFium gives its code instead) that is not a letter.
func unreadable(c Char) bool {
	r := c.R
	switch {
	case r == 0 || r == 0xfffd || r < 0x20 && r != 2, r >= 0xe000 && r <= 0xf8ff, r >= 0xf0000:
		return true
	case c.Unmapped:
		return !unicode.IsLetter(r) && !unicode.IsMark(r)
	}
	return false
}

// judgeChars counts a page's characters (besides spaces and line ends) and the unreadable ones. Glyphs
// mapped to no character whose codes are letters are text only when they read like it: fonts whose
// codes are ASCII (TeX's bitmap fonts) give prose, mostly small letters with vowels among them; codes
// numbered in the order glyphs were used, or by the font's glyph order (ASCII shifted by 29), give
// capitals and few vowels ("7KH FRXQFLO").
func judgeChars(chars []Char) (glyphs, bad int) {
	letters, small, vowels := 0, 0, 0
	for _, c := range chars {
		if unicode.IsSpace(c.R) || c.R == 2 {
			continue
		}
		glyphs++
		switch {
		case unreadable(c):
			bad++
		case c.Unmapped:
			letters++
			if unicode.IsLower(c.R) {
				small++
			}
			if strings.ContainsRune("aeiouAEIOU", c.R) {
				vowels++
			}
		}
	}
	if letters > 0 && (letters < minJudged || small*2 < letters || vowels*4 < letters || vowels*5 > letters*3) {
		bad += letters
	}
	return glyphs, bad
}

// judge says what a page's text layer gives; images is the share of the page its images cover (only
// needed when it has fewer than minJudged characters).
func judge(glyphs, bad int, images float64) TextLayer {
	switch {
	case glyphs >= minJudged && bad*2 > glyphs:
		return Unmapped
	case glyphs-bad < minJudged && images >= pictureShare:
		return Picture
	}
	return Readable
}

// Unreadable is a page whose text layer gives no text.
type Unreadable struct {
	Page  int // 1-based
	Layer TextLayer
}

// imageShare is the share of the page (width × height points) that its image objects cover, images
// inside form objects counted by the form's bounds (their sum, at most 1).
func (in *instance) imageShare(page uint64, width, height float64) (float64, error) {
	if width <= 0 || height <= 0 {
		return 0, nil
	}
	box, err := in.callName("malloc", 16)
	if err != nil || box == 0 {
		return 0, fmt.Errorf("%w: out of memory", ErrEngine)
	}
	defer in.callName("free", box)
	bounds := func(obj uint64) float64 {
		ok, err := in.callName("FPDFPageObj_GetBounds", obj, box, box+4, box+8, box+12)
		raw, read := in.mem.Read(uint32(box), 16)
		if err != nil || uint32(ok) == 0 || !read {
			return 0
		}
		v := func(i int) float64 {
			return f32(uint64(raw[i]) | uint64(raw[i+1])<<8 | uint64(raw[i+2])<<16 | uint64(raw[i+3])<<24)
		}
		w := min(v(8), width) - max(v(0), 0)
		h := min(v(12), height) - max(v(4), 0)
		return max(w, 0) * max(h, 0)
	}
	const (
		objImage = 3 // FPDF_PAGEOBJ_IMAGE
		objForm  = 5 // FPDF_PAGEOBJ_FORM
	)
	seen := 0
	// hasImage: a form object holds an image (looked into three levels deep).
	var hasImage func(form uint64, depth int) bool
	hasImage = func(form uint64, depth int) bool {
		n, err := in.callName("FPDFFormObj_CountObjects", form)
		if err != nil {
			return false
		}
		for i := range int(int32(uint32(n))) {
			if seen++; seen > maxObjects {
				return false
			}
			obj, err := in.callName("FPDFFormObj_GetObject", form, uint64(i))
			if err != nil || uint32(obj) == 0 {
				continue
			}
			switch t, _ := in.callName("FPDFPageObj_GetType", obj); int32(uint32(t)) {
			case objImage:
				return true
			case objForm:
				if depth < 3 && hasImage(obj, depth+1) {
					return true
				}
			}
		}
		return false
	}
	n, err := in.callName("FPDFPage_CountObjects", page)
	if err != nil {
		return 0, err
	}
	area := 0.0
	for i := range int(int32(uint32(n))) {
		if seen++; seen > maxObjects {
			break
		}
		obj, err := in.callName("FPDFPage_GetObject", page, uint64(i))
		if err != nil {
			return 0, err
		}
		if uint32(obj) == 0 {
			continue
		}
		switch t, _ := in.callName("FPDFPageObj_GetType", obj); int32(uint32(t)) {
		case objImage:
			area += bounds(obj)
		case objForm:
			if hasImage(obj, 1) {
				area += bounds(obj)
			}
		}
	}
	return min(area/(width*height), 1), nil
}
