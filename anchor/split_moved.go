package anchor

import "unicode"

// movedLines lists, in order, the new text's lines (paragraphs) that are old lines moved: neither
// is paired with a line of the other text, and their folded text is the same (three words or
// more). Computed once.
func (al *alignment) movedLines() []Span {
	if al.moved != nil {
		return *al.moved
	}
	trim := func(k string) string {
		for len(k) > 0 && k[len(k)-1] == ' ' {
			k = k[:len(k)-1]
		}
		return k
	}
	words := func(ts []tok, l [2]int) int {
		n := 0
		for _, t := range ts[l[0]:l[1]] {
			if isWordKey(t.key) {
				n++
			}
		}
		return n
	}
	gone := map[string]bool{}
	paired := make([]bool, len(al.newLines))
	for i, j := range al.lineTo {
		if j >= 0 {
			paired[j] = true
		} else if words(al.oldTok, al.oldLines[i]) >= 3 {
			gone[trim(al.oldKeys[i])] = true
		}
	}
	out := []Span{}
	for j, l := range al.newLines {
		if !paired[j] && gone[trim(al.newKeys[j])] && words(al.newTok, l) >= 3 {
			e := l[1]
			for e > l[0] && isSpaceKey(al.newTok[e-1].key) {
				e--
			}
			out = append(out, Span{al.newTok[l[0]].start, al.newTok[e-1].end})
		}
	}
	al.moved = &out
	return out
}

// splitAtMoved cuts a followed passage at the old paragraphs moved into it: a paragraph of the old
// text moved to where the passage now lies (or one of the passage's own paragraphs moved within
// it) breaks it, and what is left is its longest part, if that is still FollowSimilarity of the
// passage, else an orphan with that part as a suggestion: a passage is one run of its text in order.
func (d *document) splitAtMoved(al *alignment, o Selector, exact []rune, r Result) Result {
	if r.Status != StatusFuzzy {
		return r
	}
	var cuts []Span
	for _, m := range al.movedLines() {
		if m.Start > r.Start && m.End < r.End {
			cuts = append(cuts, m)
		}
	}
	if len(cuts) == 0 {
		return r
	}
	best, bestN := Span{}, -1
	from := r.Start
	for k := 0; k <= len(cuts); k++ {
		to := r.End
		if k < len(cuts) {
			to = cuts[k].Start
		}
		s, e := from, to
		for s < e && unicode.IsSpace(d.runes[s]) {
			s++
		}
		for e > s && unicode.IsSpace(d.runes[e-1]) {
			e--
		}
		if n := e - s; n > bestN {
			best, bestN = Span{s, e}, n
		}
		if k < len(cuts) {
			from = cuts[k].End
		}
	}
	if bestN <= 0 {
		return Result{Status: StatusOrphan}
	}
	f, ok := d.fuzzyAt(o, exact, best.Start, best.End)
	if !ok {
		return Result{Status: StatusOrphan, Suggestion: best}
	}
	f.Confidence = min(f.Confidence, r.Confidence)
	return f
}
