package anchor

import "unicode"

// normText is a text folded for matching only: every run of white space (spaces, tabs, CR, LF,
// CRLF, no-break spaces) becomes one ' ', and curly quotes and apostrophes become straight ones, so
// reflowed lines, CRLF conversion and "smart quotes" do not count as edits. Offsets are never
// stored in this form: origStart maps each folded rune back to the first original code point it
// stands for (the code points of runes[i] end where those of runes[i+1] start, the last at origLen),
// and every result is reported in original offsets.
type normText struct {
	runes     []rune
	origStart []int32 // original index of the first code point folded into runes[i]
	origLen   int32   // the original's length: where the last folded rune's code points end
}

// origEnd is the original index just past the last code point folded into runes[i]. (It used to be a
// second slice as long as the text, 4 bytes a character: issue 22.)
func (n *normText) origEnd(i int) int32 {
	if i+1 < len(n.origStart) {
		return n.origStart[i+1]
	}
	return n.origLen
}

// foldRune maps the typographic variants of quotes to their ASCII forms.
func foldRune(r rune) rune {
	switch r {
	case '\u2018', '\u2019', '\u201A', '\u201B', '\u2032', '\uFF07': // ‘ ’ ‚ ‛ ′ ＇
		return '\''
	case '\u201C', '\u201D', '\u201E', '\u201F', '\u2033', '\uFF02': // “ ” „ ‟ ″ ＂
		return '"'
	}
	return r
}

func normalize(orig []rune) normText {
	n := normText{
		runes:     make([]rune, 0, len(orig)),
		origStart: make([]int32, 0, len(orig)),
		origLen:   int32(len(orig)),
	}
	for i := 0; i < len(orig); {
		j := i + 1
		r := orig[i]
		if unicode.IsSpace(r) {
			for j < len(orig) && unicode.IsSpace(orig[j]) {
				j++
			}
			r = ' '
		} else {
			r = foldRune(r)
		}
		n.runes = append(n.runes, r)
		n.origStart = append(n.origStart, int32(i))
		i = j
	}
	return n
}

// foldString is normalize for a quote or its context, where no offset map is needed.
func foldString(s string) []rune {
	out := make([]rune, 0, len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				out = append(out, ' ')
			}
			space = true
			continue
		}
		space = false
		out = append(out, foldRune(r))
	}
	return out
}

// toOrig maps the folded range [a, b) to the original code points it covers.
func (n *normText) toOrig(a, b int) (start, end int) {
	return int(n.origStart[a]), int(n.origEnd(b - 1))
}

// fromOrig returns the folded index of the rune that covers original index i (len(runes) at the end).
func (n *normText) fromOrig(i int) int {
	lo, hi := 0, len(n.origStart)
	for lo < hi { // first folded rune whose origEnd > i
		mid := (lo + hi) / 2
		if int(n.origEnd(mid)) <= i {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}
