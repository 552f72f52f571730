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
type window struct{ lo, hi int }

// mark is a landmark: a selector found verbatim with its whole context, at its old and new start.
type mark struct{ oldStart, newStart int }

// windowSlack is how far (code points) a passage may sit outside the shifts of its neighbours: an
// edit at the passage's own edge.
const windowSlack = 2 * ContextLen

func (w *window) holds(c candidate) bool { return w == nil || w.lo <= c.start && c.start <= w.hi }

// windows computes each selector's window from the first pass's results (nil: no landmark on either
// side, so position says nothing).
func windows(olds []Selector, results []Result, textLen int) ([]*window, []mark) {
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
		return make([]*window, len(olds)), nil
	}
	out := make([]*window, len(olds))
	for i, o := range olds {
		if results[i].Status == StatusExact && results[i].Confidence == 1 {
			continue
		}
		k, _ := slices.BinarySearchFunc(chain, o.Start, func(m mark, v int) int { return cmp.Compare(m.oldStart, v) })
		w := window{0, textLen}
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
		if k > 0 && next < len(chain) {
			// Between two neighbours the passage shifts by their shifts or something in between:
			// text inserted or deleted between them moves it by at most that much.
			before, after := chain[k-1].newStart-chain[k-1].oldStart, chain[next].newStart-chain[next].oldStart
			w.lo = max(w.lo, o.Start+min(before, after)-windowSlack)
			w.hi = min(w.hi, o.Start+max(before, after)+windowSlack)
		}
		out[i] = &w
	}
	return out, chain
}

// isWordRune: letters, digits and combining marks (Arabic vowel signs, accents) belong to a word;
// CJK ideographs and kana do not join into words, so every one of them is a boundary.
func isWordRune(r rune) bool {
	if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc)
}

// wordScripts are the scripts whose letters join into words; a letter of one beside a letter of
// another is a word boundary ("e" glued by a typo onto an Arabic word), as Intl.Segmenter, which
// snaps the reader's selections, also cuts there.
var wordScripts = []*unicode.RangeTable{unicode.Latin, unicode.Arabic, unicode.Cyrillic, unicode.Greek, unicode.Hebrew, unicode.Devanagari, unicode.Thai, unicode.Hangul}

// wordJoins reports whether a and b, side by side, are inside one word: both word runes, and not
// letters of two different scripts (digits and marks join anything).
func wordJoins(a, b rune) bool {
	if !isWordRune(a) || !isWordRune(b) {
		return false
	}
	script := func(r rune) int {
		for i, tab := range wordScripts {
			if unicode.Is(tab, r) {
				return i
			}
		}
		return -1
	}
	sa, sb := script(a), script(b)
	return sa < 0 || sb < 0 || sa == sb
}

// maxSnap is the furthest a match boundary moves to reach a word boundary.
const maxSnap = 16

// snapToWords moves a match's ends to word boundaries where the old quote's ends were at word
// boundaries: a fuzzy match must not begin or end inside a word ("aded guilty" for "pleaded
// guilty"), nor gain white space the quote did not have.
func (d *document) snapToWords(old Selector, start, end int) (int, int) {
	exact, prefix, suffix := []rune(old.Exact), []rune(old.Prefix), []rune(old.Suffix)
	t := d.runes
	startAtBoundary := len(prefix) == 0 || !wordJoins(prefix[len(prefix)-1], exact[0])
	endAtBoundary := len(suffix) == 0 || !wordJoins(exact[len(exact)-1], suffix[0])
	if startAtBoundary {
		for start < end && unicode.IsSpace(t[start]) && !unicode.IsSpace(exact[0]) {
			start++
		}
		if s := start; s > 0 && s < end && wordJoins(t[s-1], t[s]) && !edgeWordIntact(exact, t[start:end], true) {
			for s > 0 && wordJoins(t[s-1], t[s]) && start-s < maxSnap {
				s--
			}
			if s == 0 || !wordJoins(t[s-1], t[s]) {
				start = s
			}
		}
	}
	if endAtBoundary {
		for end > start && unicode.IsSpace(t[end-1]) && !unicode.IsSpace(exact[len(exact)-1]) {
			end--
		}
		if e := end; e < len(t) && e > start && wordJoins(t[e-1], t[e]) && !edgeWordIntact(exact, t[start:end], false) {
			for e < len(t) && wordJoins(t[e-1], t[e]) && e-end < maxSnap {
				e++
			}
			if e == len(t) || !wordJoins(t[e-1], t[e]) {
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

// minIntactEdge: an edge word shorter than this proves nothing when letters are glued to it ("it"
// inside "audit", which replaced it): the match is widened to the whole word.
const minIntactEdge = 3

// edgeWordIntact reports whether the quote's first (or last) word is whole at that edge of the
// match: then a letter beside it is a neighbour's edit, not part of the passage.
func edgeWordIntact(exact, match []rune, first bool) bool {
	n := 0
	if first {
		for n < len(exact) && isWordRune(exact[n]) {
			n++
		}
		return n >= minIntactEdge && len(match) >= n && equalRunes(match[:n], exact[:n]) && (len(match) == n || !isWordRune(match[n]))
	}
	for n < len(exact) && isWordRune(exact[len(exact)-1-n]) {
		n++
	}
	return n >= minIntactEdge && len(match) >= n && equalRunes(match[len(match)-n:], exact[len(exact)-n:]) && (len(match) == n || !isWordRune(match[len(match)-1-n]))
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
func (d *document) contextCameAlong(q *query, c candidate) bool {
	hasP, hasS := len(q.prefix) > 0, len(q.suffix) > 0
	switch {
	case hasP && hasS && min(c.prefixSim, c.suffixSim) >= MinContextSupport:
		return true
	case !hasP && hasS:
		return c.suffixSim >= MinContextSupport
	case !hasS && hasP:
		return c.prefixSim >= MinContextSupport
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

// paragraphReach is how far apart (old code points) two selectors may be and still vouch for each
// other as parts of one moved paragraph.
const paragraphReach = 2000

// movedWithParagraph reports whether a verbatim place outside the window is what a moved paragraph
// would leave: one side of the context came along whole (OutsideContextSupport), and the other is
// intact up to the paragraph's edge, where a line break now meets other text. That alone is not
// enough (a deleted pull quote's words may begin a paragraph of the body too): withParagraph also
// wants a second selector moved by the same shift.
func (d *document) movedWithParagraph(q *query, c candidate) bool {
	if c.dist != 0 || !c.verbatim {
		return false
	}
	prefixWhole := len(q.prefix) == 0 || c.prefixSim >= OutsideContextSupport
	suffixWhole := len(q.suffix) == 0 || c.suffixSim >= OutsideContextSupport
	return prefixWhole && d.sameUpToBreak([]rune(q.old.Suffix), c.end, false) ||
		suffixWhole && d.sameUpToBreak([]rune(q.old.Prefix), c.start, true)
}

// withParagraph is ReanchorAll's third pass. An orphan whose own place is gone but that has a place
// a moved paragraph explains (moves[i], see movedWithParagraph) takes it when another selector
// within paragraphReach moved by exactly the same shift: it was anchored there (with its whole
// context, or verbatim in its paragraph), or it has such a place of its own. Two passages of one
// paragraph that moved as a whole vouch for each other; the words of a deleted passage found
// elsewhere almost never shift exactly as a neighbour did. Several such places: still an orphan.
//
// The gaps between landmarks must also tell of a move: where the new place lies between two
// landmarks, the new text is longer than the old by at least the passage (it was inserted
// there), or the passage stayed between the same two landmarks and the text between them did
// not lose its length (paragraphs swapped). A deleted passage whose copy (a pull quote, a
// repeated paragraph) was already there leaves its own gap shorter and the copy's unchanged.
func withParagraph(olds []Selector, results []Result, moves [][]candidate, chain []mark) {
	before := slices.Clone(results)
	marks := append([]mark{{0, 0}}, chain...) // the text's start is a landmark too
	// gain is how much longer the text between landmark k-1 and k is now; ok false past the last.
	gain := func(k int) (int, bool) {
		if k <= 0 || k >= len(marks) {
			return 0, false
		}
		return (marks[k].newStart - marks[k-1].newStart) - (marks[k].oldStart - marks[k-1].oldStart), true
	}
	moved := func(old Selector, c candidate) bool {
		kOld, _ := slices.BinarySearchFunc(marks, old.Start+1, func(m mark, v int) int { return cmp.Compare(m.oldStart, v) })
		kNew, _ := slices.BinarySearchFunc(marks, c.start+1, func(m mark, v int) int { return cmp.Compare(m.newStart, v) })
		g, ok := gain(kNew)
		if !ok {
			return false
		}
		if kOld == kNew {
			return g > -(c.end - c.start)
		}
		return g >= c.end-c.start
	}
	// The selectors by old start, so that each looks only at those within paragraphReach.
	byStart := make([]int, len(olds))
	for i := range byStart {
		byStart[i] = i
	}
	slices.SortFunc(byStart, func(x, y int) int { return cmp.Compare(olds[x].Start, olds[y].Start) })
	witness := func(i, shift int) bool {
		from, _ := slices.BinarySearchFunc(byStart, olds[i].Start-paragraphReach, func(j, v int) int { return cmp.Compare(olds[j].Start, v) })
		for _, j := range byStart[from:] {
			o := olds[j]
			if o.Start > olds[i].Start+paragraphReach {
				break
			}
			if j == i {
				continue
			}
			if r := before[j]; r.Status != StatusOrphan && r.Start-o.Start == shift {
				return true
			}
			if slices.ContainsFunc(moves[j], func(c candidate) bool { return c.start-o.Start == shift }) {
				return true
			}
		}
		return false
	}
	for i, cands := range moves {
		if before[i].Status != StatusOrphan || len(cands) == 0 {
			continue
		}
		var took *candidate
		ambiguous := false
		for k := range cands {
			c := &cands[k]
			if !moved(olds[i], *c) || !witness(i, c.start-olds[i].Start) {
				continue
			}
			if took != nil && (took.start != c.start || took.end != c.end) {
				ambiguous = true
				break
			}
			took = c
		}
		if took == nil || ambiguous {
			continue
		}
		r := Result{Status: StatusMoved, Confidence: min(took.score, 0.99), Start: took.start, End: took.end}
		if r.Confidence < ReviewConfidence {
			r.Status = StatusFuzzy
		}
		results[i] = r
	}
}
