package render

import (
	"cmp"
	"html"
	"io"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Mark is a highlight drawn into the runs as <mark> elements: WebKitGTK's
// CSS Custom Highlight API is far too slow for thousands of highlights.
type Mark struct {
	ID         string // annotation id; must not contain spaces (data-a is a space-separated list)
	Start, End int    // code points, end exclusive
	Colour     string // "#rrggbb" of its first tag, "" for default
	// Fuzzy: re-anchoring placed it on edited words (to check in Review); drawn dashed and labelled.
	Fuzzy bool
}

// colourPattern guards the style attribute: a colour is the only text of a
// Mark that reaches CSS.
var colourPattern = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// markSweep splits runs at mark boundaries. Runs must be written in increasing
// offset order, so one sweep over the sorted marks serves the whole document.
type markSweep struct {
	marks  []Mark // non-empty ranges, sorted by start, then id
	next   int    // first mark of marks not yet reached by the sweep
	active []Mark // marks covering the sweep position, in marks order
}

// newMarkSweep returns nil when no mark can show, so unmarked documents take
// the plain path.
func newMarkSweep(marks []Mark) *markSweep {
	var valid []Mark
	for _, m := range marks {
		m.Start = max(m.Start, 0)
		if m.End <= m.Start {
			continue
		}
		if !colourPattern.MatchString(m.Colour) {
			m.Colour = ""
		}
		valid = append(valid, m)
	}
	if len(valid) == 0 {
		return nil
	}
	slices.SortStableFunc(valid, func(a, b Mark) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), strings.Compare(a.ID, b.ID))
	})
	return &markSweep{marks: valid}
}

// write writes text, whose first code point is at offset start, escaped,
// with every stretch covered by marks wrapped in one <mark>.
func (m *markSweep) write(b io.StringWriter, start int, text string) {
	if m == nil {
		writeEscapedText(b, text)
		return
	}
	pos := start
	for text != "" {
		m.active = slices.DeleteFunc(m.active, func(a Mark) bool { return a.End <= pos })
		for ; m.next < len(m.marks) && m.marks[m.next].Start <= pos; m.next++ {
			if m.marks[m.next].End > pos {
				m.active = append(m.active, m.marks[m.next])
			}
		}
		boundary := math.MaxInt
		if m.next < len(m.marks) {
			boundary = m.marks[m.next].Start
		}
		for _, a := range m.active {
			boundary = min(boundary, a.End)
		}
		if boundary == math.MaxInt { // past every mark
			writeEscapedText(b, text)
			return
		}
		cut, n := 0, 0
		for ; cut < len(text) && n < boundary-pos; n++ {
			_, size := utf8.DecodeRuneInString(text[cut:])
			cut += size
		}
		if len(m.active) == 0 {
			writeEscapedText(b, text[:cut])
		} else {
			m.writeMark(b, text[:cut])
		}
		text, pos = text[cut:], pos+n
	}
}

// writeMark writes piece inside a <mark> listing every active mark, coloured
// by the innermost one (latest start, then shortest, then last in order).
func (m *markSweep) writeMark(b io.StringWriter, piece string) {
	_, _ = b.WriteString(`<mark data-a="`)
	inner := m.active[0]
	for i, a := range m.active {
		if i > 0 {
			_, _ = b.WriteString(" ")
		}
		_, _ = b.WriteString(html.EscapeString(a.ID))
		if a.Start > inner.Start || a.Start == inner.Start && a.End <= inner.End {
			inner = a
		}
	}
	_, _ = b.WriteString(`"`)
	if inner.Colour != "" {
		_, _ = b.WriteString(` style="--hl: `)
		_, _ = b.WriteString(inner.Colour)
		_, _ = b.WriteString(`"`)
	}
	class := `hl`
	if len(m.active) > 1 {
		class += ` o` // overlap: drawn darker by CSS
	}
	if slices.ContainsFunc(m.active, func(a Mark) bool { return a.Fuzzy }) {
		class += ` fz` // a fuzzy anchor: dashed, with a label
	}
	_, _ = b.WriteString(` class="` + class + `">`)
	writeEscapedText(b, piece)
	_, _ = b.WriteString(`</mark>`)
}

// Slice returns the blocks intersecting [from, to), sharing d.Blocks: the
// app re-renders only the blocks an annotation change touches.
func (d Doc) Slice(from, to int) []Block {
	i := sort.Search(len(d.Blocks), func(i int) bool { return d.Blocks[i].End > from })
	j := i
	for j < len(d.Blocks) && d.Blocks[j].Start < to {
		j++
	}
	return d.Blocks[i:j]
}
