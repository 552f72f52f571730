package store

import (
	"sort"
	"unicode/utf8"
)

// cpStride is how many code points lie between two entries of a CodePoints table: a lookup walks at
// most this many, and the table costs 8 bytes per stride (5 MB for a 40 MB text, not 320 MB).
const cpStride = 64

// CodePoints converts between code-point offsets (what selectors count) and byte offsets of one text.
// It is built once per text, in one pass; every conversion after that is O(cpStride), so work per
// annotation no longer grows with the length of its document.
type CodePoints struct {
	text  string
	marks []int // marks[k]: byte offset of code point k·cpStride
	n     int   // code points in text
}

// NewCodePoints indexes text.
func NewCodePoints(text string) *CodePoints {
	c := &CodePoints{text: text, marks: make([]int, 0, len(text)/cpStride+1)}
	for i := range text {
		if c.n%cpStride == 0 {
			c.marks = append(c.marks, i)
		}
		c.n++
	}
	return c
}

// Text is the indexed text.
func (c *CodePoints) Text() string { return c.text }

// Len is the number of code points.
func (c *CodePoints) Len() int { return c.n }

// Byte is the byte offset of code point cp (Len() gives len(text)); ok is false out of range.
func (c *CodePoints) Byte(cp int) (int, bool) {
	if cp < 0 || cp > c.n {
		return 0, false
	}
	if cp == c.n {
		return len(c.text), true
	}
	at := c.marks[cp/cpStride]
	for range cp % cpStride {
		_, size := utf8.DecodeRuneInString(c.text[at:])
		at += size
	}
	return at, true
}

// CodePoint is the code-point offset of byte offset b, which must start a code point (or be len(text)).
func (c *CodePoints) CodePoint(b int) int {
	k := sort.Search(len(c.marks), func(k int) bool { return c.marks[k] > b }) - 1
	if k < 0 {
		return 0
	}
	return k*cpStride + utf8.RuneCountInString(c.text[c.marks[k]:b])
}

// Slice returns code points [start, end); ok is false when the range is not inside the text.
func (c *CodePoints) Slice(start, end int) (string, bool) {
	if start > end {
		return "", false
	}
	from, ok1 := c.Byte(start)
	to, ok2 := c.Byte(end)
	if !ok1 || !ok2 {
		return "", false
	}
	return c.text[from:to], true
}
