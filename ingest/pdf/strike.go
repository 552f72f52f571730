package pdf

// Struck-through text: a word processor's PDF of a document with tracked changes prints the deleted text
// with a line through it (LibreOffice: a stroked line a quarter of the type size above the baseline;
// Chromium: a thin filled rectangle). The text layer has those glyphs like any others, so read as text
// they would run into the sentences around them. A thin horizontal path object drawn through the middle
// of glyphs (above their baseline, below their x-height's top) strikes them: they are left out of the
// text (the document as it reads now), and the page is named in the import report.

import (
	"fmt"
	"math"
	"slices"
	"sort"
)

const (
	objPath = 2 // FPDF_PAGEOBJ_PATH
	// maxStrikeObjects: objects looked at a page (a page of vector art can have hundreds of thousands);
	// maxSegments: thin horizontal lines kept of them.
	maxStrikeObjects = 20000
	maxSegments      = 2000
)

// segment is a thin horizontal line: x0..x1 at y (page space turned so y grows down), thick points.
type segment struct{ x0, x1, y, thick float64 }

// pageSegments reads a page's thin horizontal path objects (under 2 points high, at least three times as
// wide as high), in runs of batchChars objects through the batch module's objs.
func (in *instance) pageSegments(page uint64, height float64) ([]segment, error) {
	if in.objsFn == nil || in.records == 0 {
		return nil, nil
	}
	n, err := in.callName("FPDFPage_CountObjects", page)
	if err != nil {
		return nil, err
	}
	count := min(max(int(int32(uint32(n))), 0), maxStrikeObjects)
	var segs []segment
	for start := 0; start < count; start += batchChars {
		end := min(start+batchChars, count)
		if _, err := in.call(in.objsFn, page, uint64(start), uint64(end), in.records); err != nil {
			return nil, err
		}
		raw, ok := in.mem.Read(uint32(in.records), uint32((end-start)*objRecordSize))
		if !ok {
			return nil, fmt.Errorf("%w: its object records are out of its memory", ErrEngine)
		}
		for r := 0; r+objRecordSize <= len(raw); r += objRecordSize {
			rec := raw[r : r+objRecordSize]
			u32 := func(off int) uint32 {
				return uint32(rec[off]) | uint32(rec[off+1])<<8 | uint32(rec[off+2])<<16 | uint32(rec[off+3])<<24
			}
			if u32(objType) != objPath || u32(objBoundsOK) == 0 {
				continue
			}
			v := func(k int) float64 { return float64(math.Float32frombits(u32(objBounds + 4*k))) }
			l, b, rt, t := v(0), v(1), v(2), v(3)
			h, w := t-b, rt-l
			if !(h >= 0 && h <= 2 && w >= 3*h && w >= 1) || len(segs) >= maxSegments { // NaN bounds too
				continue
			}
			segs = append(segs, segment{x0: l, x1: rt, y: height - (b+t)/2, thick: h})
		}
	}
	return segs, nil
}

// strike marks the characters a segment strikes through. The line it is drawn over is the characters
// whose middle it spans horizontally and whose box's middle is within three fifths of their type size
// of it vertically (the line's letters, and its punctuation, which sits lower or higher); their baseline
// is the median of those boxes' bottoms. A strike lies between an eighth of the type size and three fifths
// of it above that baseline (an underline is at or below the baseline, an overline above the letters, a
// rule just under a line crosses only its descenders), and crosses most of the line's glyphs' boxes;
// then every one of them is struck, its full stop and commas too. It returns how many it marked.
func strike(chars []Char, segs []segment) int {
	if len(segs) == 0 {
		return 0
	}
	// The glyphs by their boxes' vertical middles, so that each segment looks only at those near it (a
	// page of drawings has many lines).
	var byMid []int
	biggest := 0.0
	for i, c := range chars {
		if c.X1 > c.X0 && c.Size > 0 && c.R != ' ' && c.R != '\r' && c.R != '\n' {
			byMid = append(byMid, i)
			biggest = math.Max(biggest, c.Size)
		}
	}
	vmid := func(k int) float64 { return (chars[byMid[k]].Y0 + chars[byMid[k]].Y1) / 2 }
	sort.Slice(byMid, func(a, b int) bool {
		return chars[byMid[a]].Y0+chars[byMid[a]].Y1 < chars[byMid[b]].Y0+chars[byMid[b]].Y1
	})
	marked := 0
	var line []int
	var bottoms, sizes []float64
	for _, s := range segs {
		line, bottoms, sizes = line[:0], bottoms[:0], sizes[:0]
		crossed := 0
		from := sort.Search(len(byMid), func(k int) bool { return vmid(k) >= s.y-0.6*biggest })
		for k := from; k < len(byMid) && vmid(k) <= s.y+0.6*biggest; k++ {
			i := byMid[k]
			c := chars[i]
			mid := (c.X0 + c.X1) / 2
			if mid < s.x0 || mid > s.x1 || math.Abs((c.Y0+c.Y1)/2-s.y) > 0.6*c.Size {
				continue
			}
			line = append(line, i)
			bottoms = append(bottoms, c.Y1)
			sizes = append(sizes, c.Size)
			if s.y >= c.Y0 && s.y <= c.Y1 {
				crossed++
			}
		}
		if len(line) == 0 || crossed*2 <= len(line) {
			continue
		}
		slices.Sort(bottoms)
		slices.Sort(sizes)
		base, size := bottoms[len(bottoms)/2], sizes[len(sizes)/2]
		if above := (base - s.y) / size; above < 0.125 || above > 0.6 {
			continue
		}
		for _, i := range line {
			if !chars[i].Struck {
				chars[i].Struck = true
				marked++
			}
		}
	}
	return marked
}

// noteRules are the page's short rules in its lower half that could part its footnotes from its text: a
// word processor's separator is a short line at the text's left (LibreOffice: a quarter of the text's
// width; Word: two inches), alone at its height (a table's cell borders come several on one line, a
// table's rule across it is long).
func noteRules(segs []segment, width, height float64) []segment {
	var out []segment
	for i, s := range segs {
		if s.y < 0.5*height || s.x1-s.x0 < 0.08*width || s.x1-s.x0 > 0.45*width || s.x0 > 0.3*width {
			continue
		}
		alone := true
		for j, o := range segs {
			if j != i && math.Abs(o.y-s.y) < 1 && o.x0 < s.x1+0.5*width && o.x1 > s.x0-0.5*width && (o.x0 != s.x0 || o.x1 != s.x1) {
				alone = false // another line at its height (the same line drawn twice, filled and stroked, is one)
				break
			}
		}
		if alone {
			out = append(out, s)
		}
	}
	return out
}
