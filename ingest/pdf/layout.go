package pdf

// Layout analysis: from PDFium's characters to paragraphs in reading order.
//
//  1. Characters → fragments: runs on one baseline with no wide gap, split where PDFium ends a line
//     (its generated CR LF) or the text jumps. Spaces are PDFium's (it generates them from glyph
//     spacing) plus any gap wider than a fifth of the font size, never two in a row.
//  2. Running headers and footers: fragments in the top or bottom margin whose text (digits read as one
//     digit) repeats on at least half the pages, and page numbers in the margins, are left out.
//  3. Reading order: a recursive XY cut. A page is cut into horizontal bands at empty rows; consecutive
//     bands that share an empty column (a gutter) are read as columns, left then right, each recursively.
//  4. Lines → blocks: a new block where the baseline pitch grows, the font size changes, the previous
//     line ends short of the column's edge (the next line's first word would have fitted), a list item
//     starts after a sentence's end; below a wider empty row in the same column only a sentence that runs
//     on in lower case goes on (word processors part paragraphs by spacing alone); a block continues
//     across a column or page when the sentence does. Hyphens at line ends are undone where the word is
//     split (see dehyphenate).
//  5. Headings: blocks in a font larger than the body's (levels by size), or short bold lines; footnotes:
//     small-type blocks at the foot of a page that start with a mark; they stay apart, after their page.

import (
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Kind of a block.
type Kind int

const (
	Paragraph Kind = iota
	Heading
	Footnote
	// NoText stands for a page whose text layer gives no text (Page; Text is empty): its reader writes
	// what it wants in its place.
	NoText
)

// Block is one paragraph, heading or footnote; Page is where it starts (1-based) and Breaks the pages
// that start inside it (At: code point in Text).
type Block struct {
	Kind   Kind
	Level  int // headings: 1 = largest
	Text   string
	Page   int
	Breaks []Break
	// Where its last line ends and its first begins, for a paragraph that may run on to the next page.
	room      float64 // space left at the end of its last line, to its column's edge
	firstWord float64 // what its first word and a space take
}

// Break is a page starting inside a block's text.
type Break struct{ At, Page int }

// Result is a document's blocks and what was seen on the way.
type Result struct {
	Blocks        []Block
	PagesWithText int // pages with at least a line of text
	Glyphs        int // characters that are not spaces (on readable pages)
	// Unreadable are the pages whose text layer gives no text (unreadable.go), in page order: each has a
	// NoText block in Blocks, and nothing of it is in the text.
	Unreadable []Unreadable
	// Struck are the pages with text struck through (strike.go), left out of the text.
	Struck []int
}

type frag struct {
	x0, y0, x1, y1 float64
	base           float64 // the fragment's baseline: the median glyph bottom
	size           float64
	bold           bool
	text           string
	glyphs         int
	page           int
}

func (f frag) height() float64 { return max(f.size, f.y1-f.y0) }

// Layout reads a document's pages into blocks.
func Layout(doc *Document) Result {
	var res Result
	pages := make([][]frag, len(doc.Pages))
	for i, p := range doc.Pages {
		if p.Layer != Readable {
			res.Unreadable = append(res.Unreadable, Unreadable{Page: i + 1, Layer: p.Layer})
			continue // its characters are not text: nor running headers, nor words to dehyphenate by
		}
		if p.Struck > 0 {
			res.Struck = append(res.Struck, i+1)
		}
		pages[i] = p.frags
		if !p.fragsMade {
			pages[i] = fragments(p, i+1)
		}
		for _, f := range pages[i] {
			res.Glyphs += f.glyphs
		}
	}
	dropRunning(pages, doc.Pages)
	body := bodySize(pages)
	var blocks []Block
	for i, frags := range pages {
		if doc.Pages[i].Layer != Readable {
			// A page of its own: no paragraph runs on across it.
			blocks = append(blocks, Block{Kind: NoText, Page: i + 1})
			continue
		}
		if len(frags) == 0 {
			continue
		}
		res.PagesWithText++
		lines := order(frags)
		pb := pageBlocks(lines, body, doc.Pages[i].Height, i+1, doc.Pages[i].rules...)
		blocks = joinAcrossPages(blocks, pb)
	}
	words := wordSet(blocks)
	marked := breaksMarked(pages)
	for i := range blocks {
		blocks[i].Text = dehyphenate(blocks[i].Text, words, marked, &blocks[i].Breaks)
	}
	headingLevels(blocks, body)
	for i := range blocks {
		blocks[i].Text = clean(blocks[i].Text)
	}
	res.Blocks = blocks
	return res
}

// --- 1. fragments ---------------------------------------------------------------------------------

func isRTL(r rune) bool {
	return unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana, unicode.Nko)
}

// glyph maps what PDFium gives to the text: ligatures and Arabic presentation forms to their letters,
// PDFium's mark for a hyphen at a line end (U+0002) to a soft hyphen.
func glyph(r rune) string {
	switch {
	case r == '\u00ad':
		return "\u00ad"
	case r == 2: // PDFium's mark for a hyphen-minus at a line end: hyphenation or a compound's own hyphen
		return "\ue001" // a stand-in for "-" that dehyphenate can tell from U+2010 (clean writes "-")
	case r >= 0xFB00 && r <= 0xFB06, r >= 0xFB50 && r <= 0xFDFF, r >= 0xFE70 && r <= 0xFEFF:
		return norm.NFKC.String(string(r))
	case r == '\uFFFE' || r == '\uFFFF' || r == utf8.RuneError || r < 0x20 || (r >= 0x7f && r < 0xa0):
		return ""
	}
	return string(r)
}

func fragments(p Page, page int) []frag {
	var out []frag
	var cur *frag
	var b strings.Builder
	var bottoms, sizes []float64
	var boldCount int
	space := false
	lastX0, lastX1 := 0.0, 0.0
	lastRTL := false
	flush := func() {
		if cur != nil && cur.glyphs > 0 {
			cur.text = strings.TrimSpace(b.String())
			slices.Sort(bottoms)
			slices.Sort(sizes)
			cur.base = bottoms[len(bottoms)/2]
			cur.size = sizes[len(sizes)/2]
			cur.bold = boldCount*2 > cur.glyphs
			out = append(out, *cur)
		}
		cur = nil
		b.Reset()
		bottoms, sizes, boldCount, space = bottoms[:0], sizes[:0], 0, false
	}
	for _, c := range p.Chars {
		if c.R == '\r' || c.R == '\n' {
			flush()
			continue
		}
		if unicode.IsSpace(c.R) {
			space = true
			continue
		}
		g := glyph(c.R)
		if g == "" {
			continue
		}
		size := c.Size
		if size < 1 {
			size = max(c.Y1-c.Y0, 1)
		}
		rtl := isRTL(c.R)
		if cur != nil {
			gap := c.X0 - lastX1
			if rtl || lastRTL {
				gap = math.Min(gap, lastX0-c.X1)
				if gap < 0 {
					gap = math.Max(c.X0-lastX1, lastX0-c.X1)
				}
			}
			ref := math.Max(size, cur.size)
			lineBase := bottoms[len(bottoms)/2]
			switch {
			case math.Abs(c.Y1-lineBase) > 0.7*ref && (c.Y0 > cur.y1 || c.Y1 < cur.y0):
				flush()
			case gap > 1.5*ref || gap < -2*ref:
				flush()
			case c.Struck: // out of the text (below); a space before or inside it stands for it
				space = space || gap > 0.45*math.Min(size, cur.size)
			case space || gap > 0.45*math.Min(size, cur.size):
				b.WriteByte(' ')
			}
			if !c.Struck {
				space = false
			}
		}
		if cur == nil {
			cur = &frag{x0: c.X0, y0: c.Y0, x1: c.X1, y1: c.Y1, page: page, size: size}
			space = false // a space before a fragment's first glyph is not one after it ("M emo")
		}
		cur.x0, cur.x1 = math.Min(cur.x0, c.X0), math.Max(cur.x1, c.X1)
		cur.y0, cur.y1 = math.Min(cur.y0, c.Y0), math.Max(cur.y1, c.Y1)
		bottoms = append(bottoms, c.Y1)
		sizes = append(sizes, size)
		lastX0, lastX1, lastRTL = c.X0, c.X1, rtl
		if c.Struck {
			// Struck through (strike.go): out of the text, but its place is kept (the line's width, the
			// gap to the next glyph).
			continue
		}
		b.WriteString(g)
		cur.glyphs++
		if c.Bold {
			boldCount++
		}
	}
	flush()
	return out
}

// --- 2. running headers, footers, page numbers ---------------------------------------------------

var (
	digits     = regexp.MustCompile(`\d+`)
	pageNumber = regexp.MustCompile(`(?i)^[\s\-–—|•·(\[]*(page|p\.|seite|página|pagina)?\s*([0-9]+|[ivxlcdm]+)(\s*(/|of|von|de|sur)\s*[0-9]+)?[\s\-–—|•·)\]]*$`)
)

func runningKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(digits.ReplaceAllString(s, "0")), " "))
}

func inMargin(f frag, height float64) bool {
	return f.y1 < 0.1*height || f.y0 > 0.9*height
}

func dropRunning(pages [][]frag, meta []Page) {
	count := map[string]int{}
	for i, frags := range pages {
		seen := map[string]bool{}
		for _, f := range frags {
			if k := runningKey(f.text); inMargin(f, meta[i].Height) && !seen[k] {
				seen[k] = true
				count[k]++
			}
		}
	}
	need := max(2, (len(pages)+1)/2)
	for i, frags := range pages {
		// The note marks the page's text refers to: a footnote whose text repeats on other pages ("Ibid.")
		// starts with one of them; a running footer does not.
		marks := noteMarks(frags, meta[i].Height)
		// Margin furniture: a repeated line or a page number, with nothing but furniture beside it (a number
		// beside text is a note mark).
		furniture := func(f frag) bool {
			if !inMargin(f, meta[i].Height) {
				return false
			}
			if lt := lineText(frags, f); len(strings.Fields(lt)) > 1 {
				if m := footnoteMark.FindString(lt); m != "" && marks[strings.Trim(m, " .)[]")] {
					return false
				}
			}
			return count[runningKey(f.text)] >= need || pageNumber.MatchString(f.text) && f.glyphs <= 12
		}
		var kept []frag
		for _, f := range frags {
			drop := furniture(f)
			for _, g := range frags {
				if drop && g != f && g.y0 < f.y1 && f.y0 < g.y1 && !furniture(g) {
					drop = false
				}
			}
			if !drop {
				kept = append(kept, f)
			}
		}
		pages[i] = kept
	}
}

// lineText is the text of the line f is on: the fragments beside it, left to right (a note's superscript
// mark is a fragment of its own).
func lineText(frags []frag, f frag) string {
	var on []frag
	for _, g := range frags {
		if g.y0 < f.y1 && f.y0 < g.y1 {
			on = append(on, g)
		}
	}
	sort.Slice(on, func(a, b int) bool { return on[a].x0 < on[b].x0 })
	parts := make([]string, len(on))
	for k, g := range on {
		parts[k] = g.text
	}
	return strings.Join(parts, " ")
}

// noteMarks collects the note marks in a page's text outside its margins: a superscript number (a
// fragment of its own, PDFium ends a line at the shift of baseline), a number that ends a word or a
// sentence ("year.3"), or a number in brackets ("[3]").
func noteMarks(frags []frag, height float64) map[string]bool {
	marks := map[string]bool{}
	for _, f := range frags {
		if inMargin(f, height) {
			continue
		}
		if f.glyphs <= 3 && strings.Trim(f.text, "0123456789") == "" {
			marks[f.text] = true
			continue
		}
		for _, m := range attachedMark.FindAllStringSubmatch(f.text, -1) {
			marks[m[1]+m[2]] = true
		}
	}
	return marks
}

var attachedMark = regexp.MustCompile(`(?:[\p{L}.,;:!?)”’"]([0-9]{1,3})|\[([0-9]{1,3})\])(?:\s|$)`)

// bodySize is the font size most of the text is set in.
func bodySize(pages [][]frag) float64 {
	weight := map[float64]int{}
	for _, frags := range pages {
		for _, f := range frags {
			weight[math.Round(f.size*2)/2] += f.glyphs
		}
	}
	best, most := 10.0, -1
	for s, w := range weight {
		if w > most || (w == most && s < best) {
			best, most = s, w
		}
	}
	return best
}

// --- 3. reading order ----------------------------------------------------------------------------

// line is a fragment (or fragments on one baseline) in reading order; region counts the column it is in.
type line struct {
	frag
	region int
	left   float64 // the column's left and right edges
	right  float64
	row    bool // a table's row (its cells' text, left to right): a block of its own
}

func order(frags []frag) []line {
	var out []line
	region := 0
	var cut func(fs []frag)
	cut = func(fs []frag) {
		if len(fs) == 0 {
			return
		}
		bands := horizontalBands(fs)
		for i := 0; i < len(bands); {
			gx0, gx1, ok := gutter(bands[i])
			j := i + 1
			if ok {
				for ; j < len(bands); j++ {
					hx0, hx1, ok2 := gutter(bands[j])
					if ok2 && math.Max(gx0, hx0) < math.Min(gx1, hx1) {
						gx0, gx1 = math.Max(gx0, hx0), math.Min(gx1, hx1)
						continue
					}
					if !oneSide(bands[j], gx0, gx1) {
						break
					}
				}
				var group []frag
				for _, b := range bands[i:j] {
					group = append(group, b...)
				}
				mid := (gx0 + gx1) / 2
				var left, right []frag
				for _, f := range group {
					if f.x1 <= mid {
						left = append(left, f)
					} else {
						right = append(right, f)
					}
				}
				if above, rows := tableRows(group, left, right); rows != nil {
					if len(above) > 0 { // a heading over the table's first column
						region++
						out = append(out, sortBand(above, region)...)
					}
					region++
					for _, r := range rows {
						r.region = region
						out = append(out, r)
					}
				} else {
					cut(left)
					cut(right)
				}
			} else {
				region++
				out = append(out, sortBand(bands[i], region)...)
			}
			i = j
		}
	}
	cut(frags)
	return out
}

// tableRows reads a group of bands parted by a gutter as a table, row by row, when it is one: on both
// sides of the gutter most lines are short of their side's width (cells, not a column's text, whose lines
// fill it), and at least two baselines are shared across it. A row starts at a baseline that two columns
// share (cells' first lines are level); its text is its cells' left to right, each cell's lines in order.
// above are the fragments over its first row (a heading beside no cell); rows nil: not a table.
func tableRows(group, left, right []frag) (above []frag, rows []line) {
	short := func(fs []frag) bool {
		if len(fs) < 2 {
			return false
		}
		x0, x1 := math.Inf(1), math.Inf(-1)
		for _, f := range fs {
			x0, x1 = math.Min(x0, f.x0), math.Max(x1, f.x1)
		}
		full := 0
		for _, f := range fs {
			if f.x1-x0 >= 0.85*(x1-x0) {
				full++
			}
		}
		return full*2 <= len(fs)
	}
	if !short(left) || !short(right) {
		return nil, nil
	}
	// The table's columns: the runs of x that some fragment covers.
	fs := slices.Clone(group)
	sort.Slice(fs, func(i, j int) bool { return fs[i].x0 < fs[j].x0 })
	var cols []float64 // the right edge of each column but the last
	end := fs[0].x1
	for _, f := range fs[1:] {
		if f.x0 > end+0.9*f.size {
			cols = append(cols, end)
		}
		end = math.Max(end, f.x1)
	}
	col := func(f frag) int {
		c := 0
		for c < len(cols) && f.x0 > cols[c] {
			c++
		}
		return c
	}
	// Row starts: baselines two columns share.
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].base < fs[j].base })
	var starts []float64
	prev := math.Inf(-1) // the baseline of the line before f's
	for i, f := range fs {
		if i > 0 && f.base-fs[i-1].base > 0.4*f.size {
			prev = fs[i-1].base
		}
		if f.base-prev <= cellLinePitch*f.size {
			continue // a cell's next line, however many cells wrap beside it
		}
		for _, g := range fs[i+1:] {
			if g.base-f.base > 0.4*f.size {
				break
			}
			if col(g) != col(f) && (len(starts) == 0 || f.base-starts[len(starts)-1] > 0.4*f.size) {
				starts = append(starts, f.base)
				break
			}
		}
	}
	if len(starts) < 2 {
		return nil, nil
	}
	cells := fs[:0:0]
	for _, f := range fs {
		if f.base < starts[0]-0.4*f.size {
			above = append(above, f)
		} else {
			cells = append(cells, f)
		}
	}
	fs = cells
	return above, tableRowLines(fs, col, starts)
}

// oneSide: every fragment of the band lies on one side of the gutter's middle (a column's lines alone in
// a band; ragged lines may reach a little further into the gutter than those above did).
func oneSide(fs []frag, gx0, gx1 float64) bool {
	mid := (gx0 + gx1) / 2
	for _, f := range fs {
		if f.x0 < mid && f.x1 > mid {
			return false
		}
	}
	return true
}

// horizontalBands splits fragments at empty rows taller than most of a line, top to bottom: the space
// between paragraphs, not between lines.
func horizontalBands(fs []frag) [][]frag {
	fs = slices.Clone(fs)
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].y0 < fs[j].y0 })
	var bands [][]frag
	var cur []frag
	bottom := math.Inf(-1)
	for _, f := range fs {
		if len(cur) > 0 && f.y0 > bottom+0.8*f.size {
			bands = append(bands, cur)
			cur = nil
		}
		cur = append(cur, f)
		bottom = math.Max(bottom, f.y1)
		if len(cur) == 1 {
			bottom = f.y1
		}
	}
	return append(bands, cur)
}

// gutter finds the empty column of a band (at least two lines) with the most text on both sides, the widest
// of those, wide enough to part columns. Counting the text on either side keeps a justified line's wide word
// space (wider than the gutter in a narrow column) from being taken for it: a gap with only one fragment on
// a side, and that fragment on the line of one across the gap, is a word space.
func gutter(fs []frag) (x0, x1 float64, ok bool) {
	if len(fs) < 2 {
		return 0, 0, false
	}
	fs = slices.Clone(fs)
	var size float64
	for _, f := range fs {
		size += f.size
	}
	size /= float64(len(fs))
	sort.Slice(fs, func(i, j int) bool { return fs[i].x0 < fs[j].x0 })
	// wordSpace: the one fragment alone on its side, with one on its line across the gap, makes with it a
	// line no wider than the band's widest other line (two columns' lines side by side are far wider).
	wordSpace := func(one frag, others []frag) bool {
		for k, g := range others {
			if math.Abs(g.base-one.base) >= 0.4*math.Min(g.size, one.size) {
				continue
			}
			widest := 0.0
			for m, h := range others {
				if m != k {
					widest = math.Max(widest, h.x1-h.x0)
				}
			}
			if widest == 0 || math.Max(one.x1, g.x1)-math.Min(one.x0, g.x0) <= 1.15*widest {
				return true
			}
		}
		return false
	}
	best, support := 0.0, 0
	end := fs[0].x1
	for i := 1; i < len(fs); i++ {
		v := fs[i]
		if v.x0 > end && v.x0-end >= 0.9*size {
			n := min(i, len(fs)-i)
			switch {
			case i == 1 && wordSpace(fs[0], fs[1:]), i == len(fs)-1 && wordSpace(v, fs[:i]):
			case n > support || n == support && v.x0-end > best:
				best, support, x0, x1 = v.x0-end, n, end, v.x0
			}
		}
		end = math.Max(end, v.x1)
	}
	return x0, x1, support > 0
}

// attachMarks joins superscripts (note marks, smaller type raised off the line) to the fragment they
// stand beside: PDFium ends a line at the shift of baseline.
func attachMarks(fs []frag) []frag {
	out := slices.Clone(fs)
	for i := 0; i < len(out); i++ {
		f := out[i]
		if f.glyphs > 4 {
			continue
		}
		for j := range out {
			g := &out[j]
			if j == i || g.size*0.85 < f.size || g.glyphs <= f.glyphs {
				continue
			}
			mid := (f.y0 + f.y1) / 2
			if mid < g.y0-0.3*g.size || mid > g.y1 {
				continue
			}
			after, before := f.x0-g.x1, g.x0-f.x1
			switch {
			case after >= -1 && after < 0.6*g.size:
				g.text += f.text
			case before >= -1 && before < 0.6*g.size:
				sep := ""
				if before > 0.3*f.size {
					sep = " "
				}
				g.text = f.text + sep + g.text
			default:
				continue
			}
			g.x0, g.x1, g.y0, g.y1 = math.Min(g.x0, f.x0), math.Max(g.x1, f.x1), math.Min(g.y0, f.y0), math.Max(g.y1, f.y1)
			g.glyphs += f.glyphs
			out = slices.Delete(out, i, i+1)
			i--
			break
		}
	}
	return out
}

// sortBand orders a band without columns: by baseline, then left to right, joining fragments on one line.
func sortBand(fs []frag, region int) []line {
	fs = attachMarks(fs)
	sort.SliceStable(fs, func(i, j int) bool {
		if math.Abs(fs[i].base-fs[j].base) > 0.4*math.Min(fs[i].size, fs[j].size) {
			return fs[i].base < fs[j].base
		}
		return fs[i].x0 < fs[j].x0
	})
	left, right := math.Inf(1), math.Inf(-1)
	for _, f := range fs {
		left, right = math.Min(left, f.x0), math.Max(right, f.x1)
	}
	var out []line
	var parts [][]frag // each line's fragments
	for _, f := range fs {
		if n := len(out); n > 0 {
			p := &out[n-1]
			// On one baseline in a band without columns: one line, however wide a justified narrow
			// column's word spaces are ("The      committee") or a table's cells apart.
			if math.Abs(p.base-f.base) <= 0.4*math.Min(p.size, f.size) && f.x0 >= p.x1-1 {
				p.text += " " + f.text
				p.x1, p.y0, p.y1 = math.Max(p.x1, f.x1), math.Min(p.y0, f.y0), math.Max(p.y1, f.y1)
				p.glyphs += f.glyphs
				parts[n-1] = append(parts[n-1], f)
				continue
			}
		}
		out = append(out, line{frag: f, region: region, left: left, right: right})
		parts = append(parts, []frag{f})
	}
	return tablesInBand(out, parts)
}

// cellsApart: a line's fragments stand apart as cells do, wider than any word space, and not as a
// justified line's few words do: from edge to edge of its column with spaces alike.
func cellsApart(ps []frag, left, right float64) bool {
	if len(ps) < 2 {
		return false
	}
	lo, hi := math.Inf(1), 0.0
	for k := 1; k < len(ps); k++ {
		gap := ps[k].x0 - ps[k-1].x1
		if gap < 2*ps[k].size {
			return false
		}
		lo, hi = math.Min(lo, gap), math.Max(hi, gap)
	}
	justified := ps[0].x0-left < 0.2*ps[0].size && right-ps[len(ps)-1].x1 < 0.2*ps[0].size && hi <= 1.15*lo
	return !justified
}

// tablesInBand finds a table inside a band that has lines across it (no gutter parts its columns): two or
// more lines of cells apart whose cells start where the first one's do, with the lines between them
// (a cell's next line) starting there too. They are read as rows (tableRowLines).
func tablesInBand(out []line, parts [][]frag) []line {
	var res []line
	for i := 0; i < len(out); {
		if !cellsApart(parts[i], out[i].left, out[i].right) {
			res = append(res, out[i])
			i++
			continue
		}
		var cols []float64
		for _, f := range parts[i] {
			cols = append(cols, f.x0)
		}
		// onCols: each fragment starts where a cell does and ends before the next column's cells start
		// (a justified column's next line, across its wide word spaces, is no cell).
		onCols := func(ps []frag) bool {
			for _, f := range ps {
				ok := false
				for c, x := range cols {
					ok = ok || math.Abs(f.x0-x) <= 0.6*f.size && (c+1 == len(cols) || f.x1 < cols[c+1]-0.5*f.size)
				}
				if !ok {
					return false
				}
			}
			return true
		}
		j, rows := i+1, 1
		for j < len(out) && out[j].base-out[j-1].base <= 2.5*out[j].size && onCols(parts[j]) {
			if cellsApart(parts[j], out[j].left, out[j].right) {
				rows++
			}
			j++
		}
		var fs []frag
		for _, ps := range parts[i:j] {
			fs = append(fs, ps...)
		}
		// Cells, as in tableRows, are short of their column (its start to the next one's); columns of
		// text set side by side in one band fill theirs.
		full, counted := 0, 0
		for _, f := range fs {
			for c := 0; c+1 < len(cols); c++ {
				if math.Abs(f.x0-cols[c]) <= 0.6*f.size {
					counted++
					if f.x1-cols[c] >= 0.75*(cols[c+1]-cols[c]) {
						full++
					}
				}
			}
		}
		if rows < 2 || full*2 > counted {
			res = append(res, out[i])
			i++
			continue
		}
		col := func(f frag) int {
			best := 0
			for c := range cols {
				if math.Abs(f.x0-cols[c]) < math.Abs(f.x0-cols[best]) {
					best = c
				}
			}
			return best
		}
		var starts []float64
		for k := i; k < j; k++ {
			if k == i || cellsApart(parts[k], out[k].left, out[k].right) && out[k].base-out[k-1].base > cellLinePitch*out[k].size {
				starts = append(starts, out[k].base)
			}
		}
		for _, r := range tableRowLines(fs, col, starts) {
			r.region, r.left, r.right = out[i].region, out[i].left, out[i].right
			res = append(res, r)
		}
		i = j
	}
	return res
}

// cellLinePitch: a cell's next line is this many times its type below the line before (the type's own
// line spacing); the next row's first line is further, below the cells' padding.
const cellLinePitch = 1.25

// tableRowLines orders a table's fragments by row (starts: each row's first baseline), in a row by column,
// in a cell top to bottom, and makes a line of each row.
func tableRowLines(fs []frag, col func(frag) int, starts []float64) []line {
	fs = slices.Clone(fs)
	rowOf := func(f frag) int {
		r := 0
		for r+1 < len(starts) && f.base >= starts[r+1]-0.4*f.size {
			r++
		}
		return r
	}
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if ra, rb := rowOf(a), rowOf(b); ra != rb {
			return ra < rb
		}
		if ca, cb := col(a), col(b); ca != cb {
			return ca < cb
		}
		if math.Abs(a.base-b.base) > 0.4*math.Min(a.size, b.size) {
			return a.base < b.base
		}
		return a.x0 < b.x0
	})
	x0, x1 := math.Inf(1), math.Inf(-1)
	for _, f := range fs {
		x0, x1 = math.Min(x0, f.x0), math.Max(x1, f.x1)
	}
	var rows []line
	for i, f := range fs {
		if i > 0 && rowOf(f) == rowOf(fs[i-1]) {
			r := &rows[len(rows)-1]
			r.text += " " + f.text
			r.x0, r.x1, r.y0, r.y1 = math.Min(r.x0, f.x0), math.Max(r.x1, f.x1), math.Min(r.y0, f.y0), math.Max(r.y1, f.y1)
			r.glyphs += f.glyphs
			continue
		}
		rows = append(rows, line{frag: f, left: x0, right: x1, row: true})
	}
	return rows
}

// --- 4. blocks -----------------------------------------------------------------------------------

var sentenceEnd = regexp.MustCompile(`[.!?:;…"”’»)\]]([0-9]{1,3}|[*†‡¹²³⁴⁵⁶⁷⁸⁹⁰]+)?$`) // a note mark may follow

func endsSentence(s string) bool { return sentenceEnd.MatchString(s) }

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r) || unicode.IsDigit(r)
}

type pageBlock struct {
	Block
	size   float64
	bold   bool
	lines  int
	top    float64
	region int
	row    bool // a table's row
}

func pageBlocks(lines []line, body, height float64, page int, rules ...segment) []Block {
	// The line pitch of body text on this page: baselines of consecutive lines in a column.
	var pitches []float64
	for i := 1; i < len(lines); i++ {
		a, b := lines[i-1], lines[i]
		if a.region == b.region && math.Abs(a.size-b.size) < 0.5 && b.base > a.base {
			pitches = append(pitches, b.base-a.base)
		}
	}
	pitch := 1.2 * body
	if len(pitches) > 0 {
		slices.Sort(pitches)
		pitch = pitches[len(pitches)/2]
	}
	// A word processor may set its notes in the body's type: then a short rule at the page's foot (its
	// separator) parts them from the text, and the first note starts with a mark right below it.
	rule := math.Inf(1)
	for _, l := range lines {
		if l.y0 > 0.5*height && !l.row && footnoteMark.MatchString(l.text) {
			for _, r := range rules {
				if r.y < l.y0 && l.y0-r.y < 3*l.size {
					rule = math.Min(rule, r.y)
				}
			}
		}
		if !math.IsInf(rule, 1) {
			break
		}
	}
	var blocks []pageBlock
	for i, l := range lines {
		if i > 0 {
			p := lines[i-1]
			cur := &blocks[len(blocks)-1]
			sameSize := math.Abs(p.size-l.size) <= 0.12*body
			// The spacing of lines in this type: a heading's lines are as much further apart as its type is
			// larger than the body's.
			spacing := pitch*math.Max(1, math.Min(p.size, l.size)/body)*1.3 + 0.5
			cont := false
			switch {
			case p.row || l.row: // a table's row is a block of its own
			case (l.size < 0.92*body || l.y0 > rule && !l.row) && footnoteMark.MatchString(l.text): // each note its own block
			case !sameSize || p.bold != l.bold && (cur.lines == 1 || utf8.RuneCountInString(l.text) < 80):
			case p.region != l.region && stacked(p, l) && l.base-p.base > spacing:
				// The next band of the same column, below an empty row wider than the lines' spacing (word
				// processors part paragraphs, list items and a title block's lines by spacing alone): the
				// paragraph goes on only where its sentence runs on into a word in lower case.
				cont = !endsSentence(p.text) && startsLowerLetter(l.text) && !endedShort(p, l, body)
			case p.region != l.region && !stacked(p, l):
				// A new column: the paragraph goes on when its sentence does, or when the column's last
				// line was full (the first word here would not have fitted in what it left).
				cont = !endsSentence(p.text) && l.y0 < p.y0+height // any column, same page
				if endsSentence(p.text) && (startsLower(l.text) && !listMark.MatchString(l.text) || !endedShort(p, l, body) && cur.lines > 1) {
					cont = true
				}
			default:
				// The next line of the column: a new paragraph where the spacing grows, where the line
				// before ended short of the column's edge (the next line's first word would have fitted
				// there), and where a list item starts after a sentence's end.
				gap := l.base - p.base
				cont = gap > 0 && gap <= spacing && !(endedShort(p, l, body) && endsSentence(p.text)) &&
					!endedShortOfWords(p, l, body) && !(listMark.MatchString(l.text) && endsSentence(p.text))
			}
			if cont {
				cur.Text = joinLine(cur.Text, l.text)
				cur.lines++
				cur.room = l.right - l.x1
				continue
			}
		}
		blocks = append(blocks, pageBlock{Block: Block{Text: l.text, Page: page, room: l.right - l.x1, firstWord: firstWordWidth(l)}, size: l.size, bold: l.bold, lines: 1, top: l.y0, region: l.region, row: l.row})
	}
	// Footnotes: small type at the foot of the page, from the first that starts with a mark; or type of
	// any size below the rule (see above).
	var body0, notes []Block
	inNotes := false
	for _, b := range blocks {
		small := b.size < 0.92*body || b.top > rule && !b.row
		if !inNotes && small && b.top > 0.5*height && footnoteMark.MatchString(b.Text) {
			inNotes = true
		}
		if inNotes && small {
			b.Kind = Footnote
			notes = append(notes, b.Block)
			continue
		}
		if b.size >= 1.15*body && utf8.RuneCountInString(b.Text) <= 300 ||
			b.bold && b.lines <= 2 && utf8.RuneCountInString(b.Text) <= 150 && !endsSentence(b.Text) {
			b.Kind = Heading
			b.Level = int(math.Round(b.size * 10)) // sizes for now: headingLevels ranks them
			if b.size < 1.15*body {
				b.Level = -1 // bold, body size: below every larger heading
			}
		}
		body0 = append(body0, b.Block)
	}
	return append(body0, notes...)
}

// stacked: line l is below line p (the next band of one column), not at the top of another column.
func stacked(p, l line) bool {
	return l.y0 >= p.y1-0.25*p.size && math.Min(p.x1, l.x1) > math.Max(p.x0, l.x0)
}

// listMark: a line that starts with a list item's number, letter or bullet ("1. ", "b) ", "(iv) ", "• ").
var listMark = regexp.MustCompile(`^(\(?[0-9]{1,3}[.)]|\(?[a-z][.)]|[A-Z]\)|\(?[ivxlc]{1,6}[.)]|[•◦▪‣∙●○■□➢✓])\s`)

func startsLowerLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// endedShortOfWords: line p ends short enough of its column's edge that its paragraph ended there though
// its sentence did not (a title block's line, a short paragraph): more room than the next line's first word
// by a margin that the width's estimate from the line's average advance cannot miss by.
func endedShortOfWords(p, next line, body float64) bool {
	room := p.right - p.x1
	return room > 3*body && room > 1.5*firstWordWidth(next)+2*body
}

// endedShort: line p ends short of its column's edge, by more than the next line's first word would have
// taken (a line that ends a sentence before a word too long to fit is not a paragraph's last line).
func endedShort(p, next line, body float64) bool {
	room := p.right - p.x1
	return room > 3*body && room > firstWordWidth(next)
}

// firstWordWidth is what a line's first word and a space take, from the line's average advance.
func firstWordWidth(l line) float64 {
	n := utf8.RuneCountInString(l.text)
	if n == 0 {
		return 0
	}
	word, _, _ := strings.Cut(strings.TrimSpace(l.text), " ")
	return (l.x1 - l.x0) / float64(n) * float64(utf8.RuneCountInString(word)+1)
}

var footnoteMark = regexp.MustCompile(`^([0-9]{1,3}[.)]?\s|[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]|\[[0-9]{1,3}\])`)

// joinLine appends a line to a block's text; a hyphen at the end is kept for dehyphenate to judge,
// marked with U+E000 before it (a private-use character that never reaches the text).
func joinLine(text, next string) string {
	if text == "" {
		return next
	}
	r, _ := utf8.DecodeLastRuneInString(text)
	switch r {
	case '\u00ad':
		return strings.TrimSuffix(text, "\u00ad") + next
	case '-', '\u2010', '\ue001':
		before, _ := utf8.DecodeLastRuneInString(text[:len(text)-utf8.RuneLen(r)])
		if unicode.IsLetter(before) && startsLower(next) {
			return text + "\ue000" + next
		}
	}
	return text + " " + next
}

// joinAcrossPages appends a page's blocks, continuing the last paragraph when the sentence runs on. The
// page before may end with its footnotes: they then move before that paragraph, so they stay on their page
// and the paragraph stays whole.
func joinAcrossPages(blocks, next []Block) []Block {
	if len(blocks) == 0 || len(next) == 0 {
		return append(blocks, next...)
	}
	n, page := len(blocks), blocks[len(blocks)-1].Page
	notes := 0
	for notes < n && blocks[n-1-notes].Kind == Footnote && blocks[n-1-notes].Page == page {
		notes++
	}
	if notes == n {
		return append(blocks, next...)
	}
	last, first := blocks[n-1-notes], next[0]
	endsOn := last.Page
	if len(last.Breaks) > 0 {
		endsOn = last.Breaks[len(last.Breaks)-1].Page
	}
	// The sentence runs on, or the page's last line was full: the next page's first word would not have
	// fitted in what it left (a paragraph's last line seldom is).
	runsOn := !endsSentence(last.Text) || len(last.Breaks) == 0 && last.room <= first.firstWord && strings.Count(last.Text, " ") > 12
	if last.Kind != Paragraph || first.Kind != Paragraph || !runsOn || notes > 0 && endsOn != page {
		return append(blocks, next...)
	}
	joined := joinLine(last.Text, first.Text)
	at := utf8.RuneCountInString(joined) - utf8.RuneCountInString(first.Text)
	last.Text = joined
	last.Breaks = append(slices.Clip(last.Breaks), Break{At: at, Page: first.Page})
	for _, br := range first.Breaks {
		last.Breaks = append(last.Breaks, Break{At: at + br.At, Page: br.Page})
	}
	// The footnotes, then the paragraph, and the heading it stands under, if any, with it.
	at0 := n - 1 - notes
	if at0 > 0 && blocks[at0-1].Kind == Heading && blocks[at0-1].Page == page {
		at0--
	}
	moved := slices.Clone(blocks[at0 : n-1-notes])
	out := append(blocks[:at0:at0], blocks[n-notes:]...)
	out = append(append(out, moved...), last)
	return append(out, next[1:]...)
}

var wordRE = regexp.MustCompile(`[\p{L}][\p{L}\-\x{2010}]*[\p{L}]`)

func wordSet(blocks []Block) map[string]bool {
	words := map[string]bool{}
	for _, b := range blocks {
		for _, field := range strings.Fields(b.Text) {
			if strings.ContainsRune(field, '\ue000') {
				continue // a word split at a line end says nothing about how the document writes it
			}
			for _, w := range wordRE.FindAllString(field, -1) {
				words[strings.ToLower(w)] = true
				for _, part := range strings.FieldsFunc(w, func(r rune) bool { return r == '-' || r == '\u2010' }) {
					words[strings.ToLower(part)] = true
				}
			}
		}
	}
	return words
}

// breaksMarked: the document breaks words at line ends with a hyphen of its own (U+2010 or a soft hyphen,
// as Chromium and word processors write them): a hyphen-minus at a line end is then the word's own
// ("cross-" "examined").
func breaksMarked(pages [][]frag) bool {
	for _, frags := range pages {
		for _, f := range frags {
			if strings.HasSuffix(f.text, "\u2010") || strings.HasSuffix(f.text, "\u00ad") {
				return true
			}
		}
	}
	return false
}

// dehyphenate judges each hyphen at a line end (marked by joinLine): the word is joined ("infor-" +
// "mation") unless the document writes it with its hyphen elsewhere and never without. Breaks after a
// removed hyphen move back by one.
func dehyphenate(text string, words map[string]bool, marked bool, breaks *[]Break) string {
	if !strings.Contains(text, "\ue000") {
		return text
	}
	rs := []rune(text)
	var removed []int // positions in rs dropped
	isWord := func(r rune) bool { return unicode.IsLetter(r) }
	for i, r := range rs {
		if r != '\ue000' {
			continue
		}
		removed = append(removed, i)
		s := i - 1 // the hyphen
		for s > 0 && (isWord(rs[s-1]) || rs[s-1] == '-' || rs[s-1] == '\u2010' || rs[s-1] == '\ue001') {
			s--
		}
		e := i + 1
		for e < len(rs) && isWord(rs[e]) {
			e++
		}
		left, right := string(rs[s:i]), string(rs[i+1:e])
		stem := strings.TrimRight(left, "-\u2010\ue001")
		left = strings.ReplaceAll(left, "\ue001", "-")
		// Keep the hyphen when the document writes the word with it elsewhere and never without, or when
		// both halves stand as words of their own in it ("cross-" "examined", "follow-" "up").
		joined, hyphened := strings.ToLower(stem+right), strings.ToLower(left+right)
		keep := marked && rs[i-1] == '\ue001' || words[hyphened] && !words[joined] ||
			!words[joined] && len([]rune(stem)) > 1 && words[strings.ToLower(stem)] && words[strings.ToLower(right)]
		if !keep {
			removed = append(removed, i-1)
		}
	}
	slices.Sort(removed)
	var b strings.Builder
	k := 0
	for i, r := range rs {
		if k < len(removed) && removed[k] == i {
			k++
			continue
		}
		b.WriteRune(r)
	}
	for j := range *breaks {
		at := (*breaks)[j].At
		n := 0
		for _, p := range removed {
			if p < at {
				n++
			}
		}
		(*breaks)[j].At = at - n
	}
	return b.String()
}

// clean collapses white space, removes soft hyphens and writes PDFium's line-end hyphen-minus as one.
func clean(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\u00ad", ""), "\ue001", "-")
	return strings.Join(strings.Fields(s), " ")
}

// headingLevels turns heading font sizes into levels 1..5, largest first; bold body-size headings
// come below them.
func headingLevels(blocks []Block, body float64) {
	var sizes []int
	for _, b := range blocks {
		if b.Kind == Heading && b.Level > 0 && !slices.Contains(sizes, b.Level) {
			sizes = append(sizes, b.Level)
		}
	}
	slices.Sort(sizes)
	slices.Reverse(sizes)
	for i := range blocks {
		if blocks[i].Kind != Heading {
			continue
		}
		if blocks[i].Level < 0 {
			blocks[i].Level = min(len(sizes)+1, 6)
			continue
		}
		blocks[i].Level = min(slices.Index(sizes, blocks[i].Level)+1, 6)
	}
	_ = body
}
