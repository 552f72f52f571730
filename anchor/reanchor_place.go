package anchor

import (
	"cmp"
	"slices"
	"unicode"
)

// window is where a selector's own place must lie in the new text, judged by its neighbours: the
// new start of the nearest landmark before it (in old order) and of the nearest one after it.
// Landmarks are the selectors found verbatim with both sides of their context intact, in an order
// that agrees with the old one (a moved paragraph's landmarks are left out).
type window struct {
	lo, hi int
	// shifts are the neighbours' shifts (new start - old start): a passage that shifted as one of
	// them did sits where an insertion or deletion beside it put it.
	shifts []int
	// moved are the landmarks left out of the ordered chain, near the passage in the old text: a
	// passage that shifted as one of them did moved with it (a moved paragraph).
	moved []int
}

// shiftSlack is how far (code points) a passage may be from a shift of its neighbours.
const shiftSlack = 2

// movedNear is how far apart (old code points) a passage and a landmark out of order may be for
// the passage to count as moved with it.
const movedNear = 4 * ContextLen

// shiftedAsNeighbour reports whether c sits where a neighbour's shift puts the passage.
func (w *window) shiftedAsNeighbour(c candidate, oldStart int) bool {
	return w != nil && slices.ContainsFunc(w.shifts, func(s int) bool { return abs(c.start-oldStart-s) <= shiftSlack })
}

// movedWithLandmark reports whether c shifted as a nearby landmark out of order did.
func (w *window) movedWithLandmark(c candidate, oldStart int) bool {
	return w != nil && slices.ContainsFunc(w.moved, func(s int) bool { return abs(c.start-oldStart-s) <= shiftSlack })
}

// windowSlack is how far (code points) a passage may sit outside the shifts of its neighbours: an
// edit at the passage's own edge.
const windowSlack = 2 * ContextLen

func (w *window) holds(c candidate) bool { return w == nil || w.lo <= c.start && c.start <= w.hi }

// windows computes each selector's window from the first pass's results (nil: no landmark on either
// side, so position says nothing).
func windows(olds []Selector, results []Result, textLen int) []*window {
	type mark struct{ oldStart, newStart int }
	var marks []mark
	for i, r := range results {
		if r.Status == StatusExact && r.Confidence == 1 {
			marks = append(marks, mark{olds[i].Start, r.Start})
		}
	}
	slices.SortFunc(marks, func(a, b mark) int {
		return cmp.Or(cmp.Compare(a.oldStart, b.oldStart), cmp.Compare(a.newStart, b.newStart))
	})
	// Longest run of landmarks whose new order agrees with the old (patience sorting).
	tails, prev := []int{}, make([]int, len(marks))
	for i, m := range marks {
		k, _ := slices.BinarySearchFunc(tails, m.newStart, func(t, v int) int { return cmp.Compare(marks[t].newStart, v) })
		if k > 0 {
			prev[i] = tails[k-1]
		} else {
			prev[i] = -1
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	var chain []mark
	if len(tails) > 0 {
		for i := tails[len(tails)-1]; i >= 0; i = prev[i] {
			chain = append(chain, marks[i])
		}
	}
	slices.Reverse(chain)
	if len(chain) == 0 {
		return make([]*window, len(olds))
	}
	var offChain []mark
	for i, c := 0, 0; i < len(marks); i++ {
		if c < len(chain) && marks[i] == chain[c] {
			c++
			continue
		}
		offChain = append(offChain, marks[i])
	}
	out := make([]*window, len(olds))
	for i, o := range olds {
		if results[i].Status == StatusExact && results[i].Confidence == 1 {
			continue
		}
		k, _ := slices.BinarySearchFunc(chain, o.Start, func(m mark, v int) int { return cmp.Compare(m.oldStart, v) })
		w := window{lo: 0, hi: textLen}
		if k > 0 {
			w.lo = chain[k-1].newStart
		}
		next := k
		for next < len(chain) && chain[next].oldStart == o.Start {
			next++
		}
		if next < len(chain) {
			w.hi = chain[next].newStart
		}
		if k > 0 {
			w.shifts = append(w.shifts, chain[k-1].newStart-chain[k-1].oldStart)
		}
		if next < len(chain) {
			w.shifts = append(w.shifts, chain[next].newStart-chain[next].oldStart)
		}
		for _, m := range offChain {
			if abs(m.oldStart-o.Start) <= movedNear {
				w.moved = append(w.moved, m.newStart-m.oldStart)
			}
		}
		if k > 0 && next < len(chain) {
			// Between two neighbours the passage shifts by their shifts or something in between:
			// text inserted or deleted between them moves it by at most that much.
			before, after := chain[k-1].newStart-chain[k-1].oldStart, chain[next].newStart-chain[next].oldStart
			w.lo = max(w.lo, o.Start+min(before, after)-windowSlack)
			w.hi = min(w.hi, o.Start+max(before, after)+windowSlack)
		}
		out[i] = &w
	}
	return out
}

// isWordRune: letters, digits and combining marks (Arabic vowel signs, accents) belong to a word;
// CJK ideographs and kana do not join into words, so every one of them is a boundary.
func isWordRune(r rune) bool {
	if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc)
}

// maxSnap is the furthest a match boundary moves to reach a word boundary.
const maxSnap = 16

// snapToWords moves a match's ends to word boundaries where the old quote's ends were at word
// boundaries: a fuzzy match must not begin or end inside a word ("aded guilty" for "pleaded
// guilty"), nor gain white space the quote did not have.
func (d *document) snapToWords(old Selector, start, end int) (int, int) {
	exact, prefix, suffix := []rune(old.Exact), []rune(old.Prefix), []rune(old.Suffix)
	t := d.runes
	startAtBoundary := len(prefix) == 0 || !(isWordRune(prefix[len(prefix)-1]) && isWordRune(exact[0]))
	endAtBoundary := len(suffix) == 0 || !(isWordRune(exact[len(exact)-1]) && isWordRune(suffix[0]))
	if startAtBoundary {
		for start < end && unicode.IsSpace(t[start]) && !unicode.IsSpace(exact[0]) {
			start++
		}
		if s := start; s > 0 && isWordRune(t[s-1]) && s < end && isWordRune(t[s]) && !edgeWordIntact(exact, t[start:end], true) {
			for s > 0 && isWordRune(t[s-1]) && start-s < maxSnap {
				s--
			}
			if s == 0 || !isWordRune(t[s-1]) {
				start = s
			}
		}
	}
	if endAtBoundary {
		for end > start && unicode.IsSpace(t[end-1]) && !unicode.IsSpace(exact[len(exact)-1]) {
			end--
		}
		if e := end; e < len(t) && isWordRune(t[e]) && e > start && isWordRune(t[e-1]) && !edgeWordIntact(exact, t[start:end], false) {
			for e < len(t) && isWordRune(t[e]) && e-end < maxSnap {
				e++
			}
			if e == len(t) || !isWordRune(t[e]) {
				end = e
			}
		}
	}
	// Punctuation the quote began or ended with ("“The", "it,”") that the alignment dropped.
	if np := punctRun(exact, true); np > 0 && start < end && t[start] != exact[0] {
		for k := np; k > 0; k-- {
			if start >= k && equalRunes(t[start-k:start], exact[:k]) {
				start -= k
				break
			}
		}
	}
	if nt := punctRun(exact, false); nt > 0 && end > start && t[end-1] != exact[len(exact)-1] {
		for k := nt; k > 0; k-- {
			if end+k <= len(t) && equalRunes(t[end:end+k], exact[len(exact)-k:]) {
				end += k
				break
			}
		}
	}
	return start, end
}

// punctRun counts the non-word, non-space runes at the start (or end) of the quote.
func punctRun(exact []rune, atStart bool) int {
	n := 0
	for n < len(exact) {
		r := exact[n]
		if !atStart {
			r = exact[len(exact)-1-n]
		}
		if isWordRune(r) || unicode.IsSpace(r) {
			break
		}
		n++
	}
	return n
}

// edgeWordIntact reports whether the quote's first (or last) word is whole at that edge of the
// match: then a letter beside it is a neighbour's edit, not part of the passage.
func edgeWordIntact(exact, match []rune, first bool) bool {
	n := 0
	if first {
		for n < len(exact) && isWordRune(exact[n]) {
			n++
		}
		return n > 0 && len(match) >= n && equalRunes(match[:n], exact[:n]) && (len(match) == n || !isWordRune(match[n]))
	}
	for n < len(exact) && isWordRune(exact[len(exact)-1-n]) {
		n++
	}
	return n > 0 && len(match) >= n && equalRunes(match[len(match)-n:], exact[len(exact)-n:]) && (len(match) == n || !isWordRune(match[len(match)-1-n]))
}

// paragraphUnit reports whether the old quote was a whole paragraph (line breaks or the text's edge
// on both sides) and [start, end) is one in the new text: a paragraph moved as a unit takes no
// context along, yet its place is its own.
func (d *document) paragraphUnit(old Selector, start, end int) bool {
	return lineBreakBefore([]rune(old.Prefix)) && lineBreakAfter([]rune(old.Suffix)) &&
		lineBreakBefore(d.runes[max(0, start-4):start]) && lineBreakAfter(d.runes[end:min(len(d.runes), end+4)])
}

// contextCameAlong: both sides of the context agree at least in part (MinContextSupport, well above
// unrelated text), or each side came along up to its paragraph's edge: it agrees nearly in full
// (StrongContextSupport), or its part inside the paragraph is there verbatim, then a line break,
// as at the edge of a moved paragraph. A quote that began or ended the text has one side only.
func (d *document) contextCameAlong(q *query, c candidate, support float64) bool {
	hasP, hasS := len(q.prefix) > 0, len(q.suffix) > 0
	switch {
	case hasP && hasS && min(c.prefixSim, c.suffixSim) >= support:
		return true
	case !hasP && hasS:
		return c.suffixSim >= support
	case !hasS && hasP:
		return c.prefixSim >= support
	}
	before := c.prefixSim >= StrongContextSupport || d.sameUpToBreak([]rune(q.old.Prefix), c.start, true)
	after := c.suffixSim >= StrongContextSupport || d.sameUpToBreak([]rune(q.old.Suffix), c.end, false)
	return before && after
}

// sameUpToBreak reports whether the old context side holds a line break and its part between the
// quote and that break is next to pos verbatim, with a line break (or the text's edge) beyond it.
func (d *document) sameUpToBreak(side []rune, pos int, before bool) bool {
	t := d.runes
	isBreak := func(r rune) bool { return r == '\n' || r == '\r' }
	if before {
		k := len(side) - 1
		for k >= 0 && !isBreak(side[k]) {
			k--
		}
		if k < 0 {
			return false
		}
		inner := side[k+1:]
		at := pos - len(inner)
		return at >= 0 && equalRunes(t[at:pos], inner) && (at == 0 || isBreak(t[at-1]))
	}
	k := 0
	for k < len(side) && !isBreak(side[k]) {
		k++
	}
	if k == len(side) {
		return false
	}
	inner := side[:k]
	at := pos + len(inner)
	return at <= len(t) && equalRunes(t[pos:at], inner) && (at == len(t) || isBreak(t[at]))
}

// lineBreakBefore: s ends in white space that holds a line break, or s is empty (the text's edge).
func lineBreakBefore(s []rune) bool {
	for i := len(s) - 1; i >= 0 && unicode.IsSpace(s[i]); i-- {
		if s[i] == '\n' || s[i] == '\r' {
			return true
		}
	}
	return len(s) == 0
}

// lineBreakAfter: s starts with white space that holds a line break, or s is empty.
func lineBreakAfter(s []rune) bool {
	for i := 0; i < len(s) && unicode.IsSpace(s[i]); i++ {
		if s[i] == '\n' || s[i] == '\r' {
			return true
		}
	}
	return len(s) == 0
}

// wordsSurvive is, for a candidate that begins and ends with the quote's first and last words, the share of the quote's word code points whose words occur, in order, in the
// candidate (a word-level longest common subsequence): a changed word costs its own length, not
// the edit distance of the whole rewrite.
func (d *document) wordsSurvive(q *query, c candidate) float64 {
	qw := splitWords(q.quote)
	cw := splitWords(d.norm.runes[c.a:c.b])
	// Only a rewrite inside the passage: its first and last words are still there, so the
	// match does not reach into a neighbour's words.
	if len(qw) == 0 || len(cw) == 0 || len(qw)*len(cw) > 1<<16 ||
		!equalRunes(qw[0], cw[0]) || !equalRunes(qw[len(qw)-1], cw[len(cw)-1]) {
		return 0
	}
	total := 0
	for _, w := range qw {
		total += len(w)
	}
	prev := make([]int, len(cw)+1)
	cur := make([]int, len(cw)+1)
	for i := 1; i <= len(qw); i++ {
		for j := 1; j <= len(cw); j++ {
			cur[j] = max(prev[j], cur[j-1])
			if equalRunes(qw[i-1], cw[j-1]) {
				cur[j] = max(cur[j], prev[j-1]+len(qw[i-1]))
			}
		}
		prev, cur = cur, prev
	}
	return float64(prev[len(cw)]) / float64(total)
}

// splitWords cuts folded text into words: runs of word runes, and every other non-space rune on
// its own (so CJK text becomes one "word" per character).
func splitWords(t []rune) [][]rune {
	var out [][]rune
	for i := 0; i < len(t); {
		switch {
		case unicode.IsSpace(t[i]):
			i++
		case isWordRune(t[i]):
			j := i
			for j < len(t) && isWordRune(t[j]) {
				j++
			}
			out = append(out, t[i:j])
			i = j
		default:
			out = append(out, t[i:i+1])
			i++
		}
	}
	return out
}

// breakLost reports whether the old quote began (or ended) a paragraph but the candidate sits inside
// one on that side: the same words, not the same place (a pull quote's words found in the body).
func (d *document) breakLost(q *query, c candidate) bool {
	before := len(q.old.Prefix) > 0 && lineBreakBefore([]rune(q.old.Prefix)) && !lineBreakBefore(d.runes[max(0, c.start-4):c.start])
	after := len(q.old.Suffix) > 0 && lineBreakAfter([]rune(q.old.Suffix)) && !lineBreakAfter(d.runes[c.end:min(len(d.runes), c.end+4)])
	return before || after
}

// sameNumbers reports whether two folded texts hold the same runs of digits, in the same order.
func sameNumbers(a, b []rune) bool {
	na, nb := digitRuns(a), digitRuns(b)
	return slices.EqualFunc(na, nb, func(x, y []rune) bool { return equalRunes(x, y) })
}

func digitRuns(t []rune) [][]rune {
	var out [][]rune
	for i := 0; i < len(t); {
		if !unicode.IsDigit(t[i]) {
			i++
			continue
		}
		j := i
		for j < len(t) && unicode.IsDigit(t[j]) {
			j++
		}
		out = append(out, t[i:j])
		i = j
	}
	return out
}
