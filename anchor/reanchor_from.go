package anchor

import (
	"slices"
	"strings"
	"unicode"
)

// Re-anchoring with the old version at hand. The store keeps every version's text, so a selector
// need not be found again from its quote and context alone: the two versions are aligned (align.go)
// and each passage follows its own code points. That settles the cases the quote alone cannot
// (issue 17): a passage that now occurs twice follows the copy that is its own text (kind 3); a
// passage deleted at its place is an orphan even when its words recur elsewhere in text that was
// already there (kind 4: a deleted pull quote's words in the body); a light rewrite keeps the
// surviving words and takes the new words between them (kind 2); and the ends of the new span are
// token boundaries of the alignment (kind 1).
//
// Only a passage whose own text is gone is searched for, with Reanchor's matcher, and the place it
// finds is taken only in text the new version added (a moved paragraph is deleted at one place and
// inserted at another); a place in text that was there before is another passage with the same
// words, at most a suggestion. So is a place inside a quotation the new version opened where the
// passage was not quoted: a correction or editor's note citing the old wording.

// FollowSimilarity: a passage followed through the alignment is anchored (fuzzy, when its words
// changed) if at least this share of it (1 - edit distance / length, folded) is the same; below it
// the passage changed too much, and it is searched for as one whose text is gone.
const FollowSimilarity = 0.75

// InsertedShare: the share of a searched-for place's code points (white space aside) that must be
// new in this version for the place to be taken.
const InsertedShare = 0.7

// ReanchorFrom re-anchors selectors made on oldText onto newText. A selector whose quote is not at
// its position in oldText (the text given is not the one it was made on) is re-anchored from its
// quote and context alone, as ReanchorAll does. When the two texts are too different to align, it
// is ReanchorAll.
func ReanchorFrom(oldText, newText string, olds []Selector) []Result {
	oldR := []rune(oldText)
	doc := newDocument(newText)
	al := alignTexts(oldR, doc.runes)
	results := make([]Result, len(olds))
	var search []int // selectors whose own text is gone (or which do not fit oldText)
	inOld := make([]bool, len(olds))
	for i, o := range olds {
		exact := []rune(o.Exact)
		if len(exact) == 0 {
			results[i] = Result{Status: StatusOrphan}
			continue
		}
		if o.Start < 0 || o.Start+len(exact) > len(oldR) || !equalRunes(oldR[o.Start:o.Start+len(exact)], exact) {
			search = append(search, i)
			continue
		}
		inOld[i] = true
		unsure := func(start, end int) bool { // another copy it may have been paired with, or a citation of it
			return occursTwice(oldText, o.Exact) || occursTwice(newText, o.Exact) || al.newlyQuoted(doc.runes, start, o.Start, oldR) ||
				len(foldString(o.Exact)) < movedMinLen && !al.besideKept(o.Start, o.Start+len(exact), start, end)
		}
		if r, ok := doc.follow(al, o, exact, unsure); ok {
			results[i] = doc.calibrateFollowed(newText, o, doc.splitAtMoved(al, o, exact, doc.trimForeign(al, o, doc.dropForeignSentences(al, o, exact, r))))
			continue
		}
		search = append(search, i)
	}
	if len(search) == 0 {
		return results
	}
	// The passages whose own text is gone are found, if at all, as ReanchorAll finds them (from the
	// quote, its context and the landmarks), and then only in text this version added.
	known := make([]bool, len(olds))
	for i := range known {
		known[i] = true
	}
	for _, i := range search {
		known[i] = false
	}
	found := doc.reanchorAll(olds, slices.Clone(results), known, true)
	added := al.addedRuns()
	doc.each(len(search), func(k int) {
		i := search[k]
		r := found[i]
		if inOld[i] && r.Status != StatusOrphan && !(r.Status == StatusExact && r.Confidence == 1) && al.newShare(r.Start, r.End, doc.runes) < InsertedShare &&
			!uniqueVerbatim(oldText, newText, olds[i].Exact, doc.runes[r.Start:r.End]) {
			// The same words in text that was already there: another passage (unless the quote
			// is there with the whole of its context).
			r = Result{Status: StatusOrphan, Suggestion: Span{r.Start, r.End}}
		}
		if inOld[i] && r.Status == StatusOrphan {
			if m, ok := doc.searchAdded(al, olds[i], added, oldText); ok {
				r = m
			}
		}
		if inOld[i] && r.Status == StatusOrphan {
			// The neighbours' window held only other copies of its words (text that was there):
			// the passage alone, by its quote and context, may be in text this version added (a
			// paragraph moved out of the window, its words common in the article).
			if m, _ := doc.reanchor(olds[i], nil); m.Status != StatusOrphan && al.newShare(m.Start, m.End, doc.runes) >= InsertedShare {
				r = m
			}
		}
		if inOld[i] && r.Status != StatusOrphan {
			r = doc.trimForeign(al, olds[i], r)
		}
		if inOld[i] && r.Status != StatusOrphan {
			o := olds[i]
			if al.newlyQuoted(doc.runes, r.Start, o.Start, oldR) ||
				equalRunes(doc.runes[r.Start:r.End], []rune(o.Exact)) && al.keptInPart(o.Start, o.Start+len([]rune(o.Exact))) {
				// Its words are found only inside a quotation that this version opened, where its
				// own place was not one: a correction or editor's note citing the old wording, not
				// the passage moved (a sentence moved into a quotation that was there is). Or its
				// words are found whole elsewhere while part of them is still at its place: that
				// is a copy (a pull quote), not the passage moved, which would have taken them along.
				r = Result{Status: StatusOrphan, Suggestion: Span{r.Start, r.End}}
			}
		}
		results[i] = r
	})
	oneEach(olds, results, search, inOld)
	return results
}

// oneEach: two passages that were apart in the old text (both made on it) are not one place in the new. A passage
// searched for whose place found is (nearly, IoU ≥ 0.8) where another passage that was elsewhere now
// is becomes an orphan with that place as a suggestion when the other was followed at its own
// text, or has the higher confidence; both do when neither does (a pull quote and the body
// sentence it copied, one of them deleted: the one copy left is one of them at most).
func oneEach(olds []Selector, results []Result, search []int, inOld []bool) {
	apart := func(i, j int) bool {
		return olds[i].Start+len([]rune(olds[i].Exact)) <= olds[j].Start || olds[j].Start+len([]rune(olds[j].Exact)) <= olds[i].Start
	}
	searched := make([]bool, len(olds))
	for _, i := range search {
		searched[i] = true
	}
	lose := make([]bool, len(olds))
	for _, i := range search {
		ri := results[i]
		if ri.Status == StatusOrphan || !inOld[i] {
			continue
		}
		for j, rj := range results {
			if j == i || rj.Status == StatusOrphan || !inOld[j] || !apart(i, j) || spanIoU(ri.Start, ri.End, rj.Start, rj.End) < 0.8 {
				continue
			}
			switch {
			case !searched[j] || rj.Confidence > ri.Confidence:
				lose[i] = true
			case rj.Confidence == ri.Confidence:
				lose[i], lose[j] = true, true
			}
		}
	}
	for i, l := range lose {
		if l {
			results[i] = Result{Status: StatusOrphan, Suggestion: Span{results[i].Start, results[i].End}}
		}
	}
}

// spanIoU is the overlap of [s1, e1) and [s2, e2) over their union.
func spanIoU(s1, e1, s2, e2 int) float64 {
	inter := min(e1, e2) - max(s1, s2)
	if inter <= 0 {
		return 0
	}
	return float64(inter) / float64(max(e1, e2)-min(s1, s2))
}

// uniqueVerbatim: the place found holds the quote itself, a distinctive one (movedMinLen or
// longer), which occurs once in the old text and once in the new: the passage's own words, moved
// with new text around them (a paragraph moved and sentences added beside it), even where the
// alignment paired its common words with other sentences so that the place does not count as added
// text. A deleted passage whose words recur elsewhere occurred twice in the old text.
func uniqueVerbatim(oldText, newText, quote string, got []rune) bool {
	return len(foldString(quote)) >= movedMinLen && equalRunes(got, []rune(quote)) &&
		!occursTwice(oldText, quote) && !occursTwice(newText, quote)
}

// EditedShare: how much of a quote (1 - edit distance / length, folded) a corrected copy of it keeps.
const EditedShare = 0.9

// keptInPart reports whether part of the old passage [s, t) is still at its place: a run of its
// tokens, three words or more and at least a third of it, aligned one after another with tokens
// that follow one another in the new text (scattered common words paired inside rewritten text
// are no such run, nor is a two-word phrase such as "would cost" that a template repeats).
func (al *alignment) keptInPart(s, t int) bool {
	best, run, words, bestWords := 0, 0, 0, 0
	prev := -2
	for k := tokenAt(al.oldTok, s); k < len(al.oldTok) && al.oldTok[k].start < t; k++ {
		j := int(al.oldTo[k])
		switch {
		case j >= 0 && j == prev+1:
			run += al.oldTok[k].end - al.oldTok[k].start
		case j >= 0:
			run, words = al.oldTok[k].end-al.oldTok[k].start, 0
		default:
			run, words = 0, 0
		}
		if j >= 0 && isWordKey(al.oldTok[k].key) {
			words++
		}
		prev = j
		if run > best && words >= 3 {
			best, bestWords = run, words
		}
	}
	return bestWords >= 3 && best*3 >= t-s
}

// besideKept reports whether the word (or sign) right outside old passage [s, t) on one side is
// aligned with the word right outside its new place [start, end) on that side: the passage's own
// words run on into text kept beside it, so the alignment did not pair it with another copy or
// with the same word of a sentence written in place of its own (whose neighbours are new text).
func (al *alignment) besideKept(s, t, start, end int) bool {
	outside := func(ts []tok, at, step int) int { // the first token outside, past white space
		k := at
		for k >= 0 && k < len(ts) && isSpaceKey(ts[k].key) {
			k += step
		}
		return k
	}
	oa, ob := outside(al.oldTok, tokenAt(al.oldTok, s)-1, -1), outside(al.oldTok, tokenAt(al.oldTok, t-1)+1, 1)
	na, nb := outside(al.newTok, tokenAt(al.newTok, start)-1, -1), outside(al.newTok, tokenAt(al.newTok, end-1)+1, 1)
	return oa >= 0 && na >= 0 && int(al.oldTo[oa]) == na || ob < len(al.oldTok) && nb < len(al.newTok) && int(al.oldTo[ob]) == nb
}

// newlyQuoted reports whether new-text code point i lies inside a quotation this version opened
// (its opening mark is added text) while old-text code point oldI did not lie in one.
func (al *alignment) newlyQuoted(newR []rune, i, oldI int, oldR []rune) bool {
	q := quoteOpening(newR, i)
	return q >= 0 && al.newShare(q, q+1, newR) == 1 && !quotedAt(oldR, oldI)
}

// quotedAt reports whether code point i of text lies inside a quotation of its paragraph: an
// opening mark (“ « „ 「 『, or an odd number of straight double quotes) before it in the
// paragraph that is not closed before it.
func quotedAt(text []rune, i int) bool { return quoteOpening(text, i) >= 0 }

// quoteOpening is the index of the opening mark of the quotation of its paragraph that code point
// i of text lies in (the innermost), or -1.
func quoteOpening(text []rune, i int) int {
	a := i
	for a > 0 && !(text[a-1] == '\n' && a > 1 && text[a-2] == '\n') {
		a--
	}
	var open []int // the marks opened and not yet closed
	lastStraight, straight := -1, 0
	for k := a; k < min(i, len(text)); k++ {
		switch c := text[k]; {
		case c == '“' && len(open) > 0 && text[open[len(open)-1]] == '„': // „…“ (German, Czech)
			open = open[:len(open)-1]
		case c == '“' || c == '«' || c == '„' || c == '「' || c == '『':
			open = append(open, k)
		case c == '”' || c == '»' || c == '」' || c == '』':
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		case c == '"':
			straight++
			lastStraight = k
		}
	}
	switch {
	case straight%2 == 1 && (len(open) == 0 || lastStraight > open[len(open)-1]):
		return lastStraight
	case len(open) > 0:
		return open[len(open)-1]
	}
	return -1
}

// MovedSimilarity: a passage whose own text is gone is taken at a place in added text only as
// nearly the same words (a paragraph moved, perhaps with a typo fixed), and only if it is the one
// such place.
const MovedSimilarity = 0.85

// movedMinLen: a shorter quote (folded code points) moved into added text needs one side of its
// context to have come along; a short phrase ("the mayor said") recurs in new sentences too.
const movedMinLen = 24

// addedRuns lists the runs of new text this version added (code points [start, end) of the new
// text), runs separated only by white space joined.
func (al *alignment) addedRuns() []Span {
	var out []Span
	for k := 0; k < len(al.newTok); k++ {
		if al.newFrom[k] >= 0 || isSpaceKey(al.newTok[k].key) {
			continue
		}
		j := k
		for j+1 < len(al.newTok) && (al.newFrom[j+1] < 0 || isSpaceKey(al.newTok[j+1].key) && j+2 < len(al.newTok) && al.newFrom[j+2] < 0) {
			j++
		}
		out = append(out, Span{al.newTok[k].start, al.newTok[j].end})
		k = j
	}
	return out
}

// searchAdded looks for a passage whose own text is gone in the text the new version added (a
// moved paragraph, see MovedSimilarity).
func (d *document) searchAdded(al *alignment, o Selector, added []Span, oldText string) (Result, bool) {
	p := NewPattern(o.Exact)
	if p == nil {
		return Result{}, false
	}
	var found []Match
	for _, run := range added {
		if run.End-run.Start < p.Len()*3/4 {
			continue
		}
		for _, m := range p.FindAll(string(d.runes[run.Start:run.End]), MovedSimilarity) {
			m.Start += run.Start
			m.End += run.Start
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		return Result{}, false
	}
	m := found[0]
	q := &query{old: o, exact: []rune(o.Exact), quote: foldString(o.Exact), prefix: foldString(o.Prefix), suffix: foldString(o.Suffix), oldStart: o.Start}
	a := d.norm.fromOrig(m.Start)
	b := d.norm.fromOrig(m.End-1) + 1
	dist := int(float64(p.Len())*(1-m.Similarity) + 0.5)
	c := d.newCandidate(q, a, b, dist)
	verbatim := c.dist == 0
	// A distinctive quote that occurs once in the old text, found in added text with a typo or two
	// (EditedShare) where those words are nowhere in the old text: the passage moved and corrected,
	// even with its context gone (its paragraph moved to the top, the sentence after it cut).
	corrected := len(q.quote) >= movedMinLen && m.Similarity >= EditedShare && !occursTwice(oldText, o.Exact) &&
		!strings.Contains(oldText, string(d.runes[m.Start:m.End]))
	if !d.sameFigures(q, c) || len(q.quote) < movedMinLen && max(c.prefixSim, c.suffixSim) < MinContextSupport ||
		!verbatim && !corrected && max(c.prefixSim, c.suffixSim) < StrongContextSupport {
		// Another figure is another fact; an edited or short quote must bring some context along.
		return Result{}, false
	}
	start, end := c.start, c.end
	if s, e := d.snapToWords(o, start, end); s < e {
		start, end = s, e
	}
	r := Result{Status: StatusFuzzy, Confidence: min(0.99, c.score), Start: start, End: end}
	if equalRunes(d.runes[start:end], q.exact) {
		r.Status = StatusMoved
		r.Confidence = min(0.99, (1+max(c.prefixSim, c.suffixSim))/2)
		if r.Confidence < ReviewConfidence {
			r.Status = StatusFuzzy
		}
	}
	return r, true
}

// trimForeign cuts a found place back to a paragraph break where the text beyond that break (two
// words or more) is kept text of the old version from outside the passage: the passage spanned a paragraph break, and
// the paragraph on that side is gone or moved; its new neighbour is not part of it.
func (d *document) trimForeign(al *alignment, o Selector, r Result) Result {
	s, t := o.Start, o.Start+len([]rune(o.Exact))
	foreign := func(k int) bool {
		j := al.newFrom[k]
		return isSpaceKey(al.newTok[k].key) || j >= 0 && (al.oldTok[j].end <= s || al.oldTok[j].start >= t)
	}
	paraBreak := func(k int) bool { // white space with a blank line in it
		n := 0
		for _, c := range d.runes[al.newTok[k].start:al.newTok[k].end] {
			if c == '\n' {
				n++
			}
		}
		return n >= 2
	}
	ka, kb := tokenAt(al.newTok, r.Start), tokenAt(al.newTok, r.End-1)
	start, end := r.Start, r.End
	words := 0 // a word or two may be the passage's own, edited: a cut needs more
	for k := ka; k <= kb && foreign(k); k++ {
		if paraBreak(k) && words >= 2 {
			start = al.newTok[k].end
		}
		if !isSpaceKey(al.newTok[k].key) {
			words++
		}
	}
	words = 0
	for k := kb; k >= ka && foreign(k); k-- {
		if paraBreak(k) && words >= 2 {
			end = al.newTok[k].start
		}
		if !isSpaceKey(al.newTok[k].key) {
			words++
		}
	}
	if start >= end || start == r.Start && end == r.End {
		return r
	}
	r.Start, r.End = start, end
	if r.Status == StatusExact || r.Status == StatusMoved {
		r.Status = StatusFuzzy
	}
	r.Confidence = min(r.Confidence, 0.9)
	return r
}

// follow maps the passage [o.Start, o.Start+len(exact)) of the old text through the alignment. It
// reports false when too little of the passage is left at its place, or when its quote is there
// (at new code points [start, end)) without either side of its context and unsure(start, end)
// reports that the place may be another copy of it or a citation of it.
func (d *document) follow(al *alignment, o Selector, exact []rune, unsure func(start, end int) bool) (Result, bool) {
	s, t := o.Start, o.Start+len(exact)
	ta := tokenAt(al.oldTok, s)
	tb := tokenAt(al.oldTok, t-1) + 1
	kept := 0
	for i := ta; i < tb; i++ {
		if al.oldTo[i] >= 0 && !isSpaceKey(al.oldTok[i].key) {
			kept++
		}
	}
	if kept == 0 {
		return Result{}, false
	}
	nt := al.newTok
	newPos := func(i int) int { // where new token i starts (the text's end past the last)
		if i < len(nt) {
			return nt[i].start
		}
		return len(d.runes)
	}
	var start, end int
	if j := al.oldTo[ta]; j >= 0 {
		if len(foldString(o.Exact)) >= movedMinLen { // a short passage's words are common: no such guess
			j = int32(al.laterTwin(ta, tb, int(j)))
		}
		start = nt[j].start + min(s-al.oldTok[ta].start, nt[j].end-nt[j].start-1)
	} else {
		// The first tokens were replaced: the passage starts where the replacement of its own
		// tokens starts (counted back from the next token kept), not before text inserted ahead of it.
		p, q := al.keptAround(ta)
		c, dd := al.newRun(p, q)
		k := max(c, dd-(q-ta))
		switch {
		case p == ta-1 && wordToks(nt[c:dd]) <= maxEdgeWords:
			k = c // the passage's first words were replaced, and only they: the new words are its start
		case wordToks(al.oldTok[ta:q]) > maxEdgeWords-1 || wordToks(nt[k:dd]) > maxEdgeWords:
			k = dd // more than a word or two: text deleted and other text written; the passage starts where its words do
		}
		start = newPos(k)
		if q-(p+1) == dd-c && k < dd && s == al.oldTok[ta].start {
			start += edgeJunk(d.runes[nt[k].start:nt[k].end], al.oldTok[ta].key, true)
		}
	}
	if j := al.oldTo[tb-1]; j >= 0 {
		end = min(nt[j].start+(t-al.oldTok[tb-1].start), nt[j].end)
	} else {
		p, q := al.keptAround(tb - 1)
		c, dd := al.newRun(p, q)
		e := min(dd, c+(tb-(p+1)))
		switch {
		case q == tb && wordToks(nt[c:dd]) <= maxEdgeWords:
			e = dd
		case wordToks(al.oldTok[p+1:tb]) > maxEdgeWords-1 || wordToks(nt[c:e]) > maxEdgeWords:
			e = c
		}
		if e > c {
			end = nt[e-1].end
			if q-(p+1) == dd-c && t == al.oldTok[tb-1].end {
				end -= edgeJunk(d.runes[nt[e-1].start:nt[e-1].end], al.oldTok[tb-1].key, false)
			}
		} else {
			end = newPos(c)
		}
	}
	for start < end && unicode.IsSpace(d.runes[start]) && !unicode.IsSpace(exact[0]) {
		start++
	}
	for end > start && unicode.IsSpace(d.runes[end-1]) && !unicode.IsSpace(exact[len(exact)-1]) {
		end--
	}
	if start >= end {
		return Result{}, false
	}
	got := d.runes[start:end]
	if equalRunes(got, exact) {
		conf := 1.0
		prefix, suffix := []rune(o.Prefix), []rune(o.Suffix)
		if !(len(prefix) <= start && equalRunes(d.runes[start-len(prefix):start], prefix) &&
			end+len(suffix) <= len(d.runes) && equalRunes(d.runes[end:end+len(suffix)], suffix)) {
			conf = 0.99 // its own words at its own place; only the text beside it changed
			// Repeated text (boilerplate, a pull quote): the alignment may have paired the passage
			// with another copy of it. Without either side of its context there, it is searched for
			// as a passage whose place is gone. A quote that occurs once in each text has no other
			// copy to be paired with (a standfirst extended on both sides is still itself), unless
			// it now stands inside a quotation this version opened (a note citing it); a short one
			// (under movedMinLen) may be a common word of a deleted sentence paired with the same
			// word in the sentence written in its place, unless its words run on into text kept
			// beside it (besideKept: text inserted on one side only).
			if d.contextSupport(o, exact, start, end) < MinContextSupport && unsure(start, end) {
				return Result{}, false
			}
		}
		return Result{Status: StatusExact, Confidence: conf, Start: start, End: end}, true
	}
	return d.fuzzyAt(o, exact, start, end)
}

// laterTwin: the passage's first token (old ta, of the passage's tokens [ta, tb)) is paired with
// new token j, but a sentence or paragraph break and other text lie between it and the passage's
// next paired word, and after the last such break stands a token like it: the passage starts there.
// A sentence inserted before the passage that begins with the passage's first word ("“The audit
// is …,” Lena Novak added. The [school→announced] board chair …") took that word's pairing.
func (al *alignment) laterTwin(ta, tb, j int) int {
	nt := al.newTok
	next := -1
	for k := ta + 1; k < tb; k++ {
		if al.oldTo[k] >= 0 && isWordKey(al.oldTok[k].key) {
			next = int(al.oldTo[k])
			break
		}
	}
	if next < 0 || !isWordKey(nt[j].key) {
		return j
	}
	twin := -1
	for k := next - 1; k > j; k-- {
		if f := int(al.newFrom[k]); f >= 0 && !(isSpaceKey(nt[k].key) && f > ta && f < tb) {
			return j // other paired text between (white space of the passage aside): not an insertion
		}
		if twin < 0 && nt[k].key == nt[j].key {
			twin = k
		}
		if twin >= 0 && (nt[k].key == "\n" || strings.ContainsAny(nt[k].key, ".!?。！？") && k+1 < len(nt) && isSpaceKey(nt[k+1].key)) {
			return twin // a break between the first pairing and the twin
		}
	}
	return j
}

// contextSupport is how much of the better side of o's context (prefix or suffix similarity) is
// beside the new code points [start, end).
func (d *document) contextSupport(o Selector, exact []rune, start, end int) float64 {
	q := &query{old: o, exact: exact, quote: foldString(o.Exact), prefix: foldString(o.Prefix), suffix: foldString(o.Suffix)}
	c := d.newCandidate(q, d.norm.fromOrig(start), d.norm.fromOrig(end-1)+1, 0)
	return max(c.prefixSim, c.suffixSim)
}

// fuzzyAt states the passage o (quote exact) followed to [start, end) of the new text, whose words
// are not the quote's: fuzzy with the matcher's confidence, or false when less than
// FollowSimilarity of it is the same.
func (d *document) fuzzyAt(o Selector, exact []rune, start, end int) (Result, bool) {
	got := d.runes[start:end]
	quote := foldString(o.Exact)
	g := foldString(string(got))
	dist := len(g)
	if len(g) > 0 {
		dists := make([]int, len(g))
		newMyersPattern(quote).distances(g, true, dists)
		dist = dists[len(g)-1]
	}
	sim := 1 - float64(dist)/float64(len(quote))
	if sim < FollowSimilarity {
		return Result{}, false
	}
	// Confidence as the matcher states it: the mean of quote and context similarity.
	q := &query{old: o, exact: exact, quote: quote, prefix: foldString(o.Prefix), suffix: foldString(o.Suffix)}
	c := d.newCandidate(q, d.norm.fromOrig(start), d.norm.fromOrig(end-1)+1, dist)
	return Result{Status: StatusFuzzy, Confidence: min(0.99, c.score), Start: start, End: end}, true
}

// edgeJunk: where a passage's first (last) word was replaced by a word that is the old one with
// letters added before (after) it, a typo glued onto the word from outside ("hStorm"), the
// passage leaves them out: it is how many code points to skip.
func edgeJunk(got []rune, old string, atStart bool) int {
	w := []rune(old)
	if len(w) < minIntactEdge || len(got) <= len(w) || len(got) > len(w)+2 {
		return 0
	}
	if atStart && equalRunes(got[len(got)-len(w):], w) || !atStart && equalRunes(got[:len(w)], w) {
		return len(got) - len(w)
	}
	return 0
}

// maxEdgeWords: a passage's edge follows a replacement of its first (last) words only when the
// new words are this few: "approved" for "passed", "spending plan" for "budget". A longer run is
// other text, and the passage begins (ends) at its own words that are still there.
const maxEdgeWords = 3

// wordToks counts the tokens that hold a word or a sign (not white space).
func wordToks(ts []tok) int {
	n := 0
	for _, t := range ts {
		if !isSpaceKey(t.key) {
			n++
		}
	}
	return n
}

func isSpaceKey(k string) bool { return k == " " || k == "\n" }

// tokenAt is the token that holds code point i.
func tokenAt(ts []tok, i int) int {
	k, _ := slices.BinarySearchFunc(ts, i, func(t tok, v int) int {
		switch {
		case t.end <= v:
			return -1
		case t.start > v:
			return 1
		}
		return 0
	})
	return min(k, len(ts)-1)
}

// keptAround: the nearest aligned old tokens before and after old token i (-1 and len past the ends).
func (al *alignment) keptAround(i int) (p, q int) {
	p, q = i-1, i+1
	for p >= 0 && al.oldTo[p] < 0 {
		p--
	}
	for q < len(al.oldTok) && al.oldTo[q] < 0 {
		q++
	}
	return p, q
}

// newRun is the new tokens between the aligned old tokens p and q: what replaced the old tokens
// between them.
func (al *alignment) newRun(p, q int) (c, d int) {
	c, d = 0, len(al.newTok)
	if p >= 0 {
		c = int(al.oldTo[p]) + 1
	}
	if q < len(al.oldTok) {
		d = int(al.oldTo[q])
	}
	return c, max(c, d)
}

// newShare is the share of the code points [start, end) of the new text (white space aside) that
// are in tokens this version added.
func (al *alignment) newShare(start, end int, runes []rune) float64 {
	n, added := 0, 0
	for k := tokenAt(al.newTok, start); k < len(al.newTok) && al.newTok[k].start < end; k++ {
		t := al.newTok[k]
		if isSpaceKey(t.key) {
			continue
		}
		w := min(t.end, end) - max(t.start, start)
		n += w
		if al.newFrom[k] < 0 {
			added += w
		}
	}
	if n == 0 {
		return 0
	}
	return float64(added) / float64(n)
}

// dropForeignSentences cuts a followed passage back to a sentence end (or paragraph break) where
// the part of the new span beyond it holds none of the passage's own words: the passage began
// (ended) inside a sentence or paragraph that was rewritten, deleted or moved away, and the text
// now beside the break ("comment." of an inserted sentence, the first word of the paragraph that
// now follows) is not the passage's. What is left must still be FollowSimilarity of the passage,
// else it is an orphan with what is left as a suggestion: a passage whose halves went apart is
// neither half.
func (d *document) dropForeignSentences(al *alignment, o Selector, exact []rune, r Result) Result {
	if r.Status == StatusOrphan {
		return r
	}
	s, t := o.Start, o.Start+len(exact)
	nt := al.newTok
	ka, kb := tokenAt(nt, r.Start), tokenAt(nt, r.End-1)
	own := func(k int) bool { // a word of the passage itself, kept
		j := al.newFrom[k]
		return j >= 0 && isWordKey(nt[k].key) && al.oldTok[j].start >= s && al.oldTok[j].end <= t
	}
	// breakAfter reports whether a sentence or paragraph ends right after token k, and the token
	// after the break's signs (closing quotes) and white space.
	breakAfter := func(k int) (bool, int) {
		key := nt[k].key
		if key == "\n" && strings.Count(string(d.runes[nt[k].start:nt[k].end]), "\n") >= 2 {
			return true, k + 1
		}
		if !strings.ContainsAny(key, ".!?。！？؟") {
			return false, 0
		}
		j := k + 1
		for j <= kb && strings.ContainsAny(nt[j].key, "\"'”’»)") {
			j++
		}
		if strings.ContainsAny(key, "。！？") {
			return true, j
		}
		if j <= kb && isSpaceKey(nt[j].key) {
			return true, j
		}
		return false, 0
	}
	// neighbourKept: the word outside the new span on one side is the old word beside the
	// passage on that side: the text outside is intact, so a changed edge word is the passage's
	// own, edited in place ("paper." → "federal."), not another sentence's.
	neighbourKept := func(k, step int) bool {
		for k >= 0 && k < len(nt) && isSpaceKey(nt[k].key) {
			k += step
		}
		if k < 0 || k >= len(nt) {
			return true // the text's edge
		}
		j := int(al.newFrom[k])
		if j < 0 {
			return false
		}
		i := tokenAt(al.oldTok, s) - 1
		if step > 0 {
			i = tokenAt(al.oldTok, t-1) + 1
		}
		for i >= 0 && i < len(al.oldTok) && isSpaceKey(al.oldTok[i].key) {
			i += step
		}
		return i == j
	}
	start, end := r.Start, r.End
	// From the start: the first break before which none of the passage's words are.
	for k := ka; k < kb && !neighbourKept(ka-1, -1); k++ {
		if own(k) {
			break
		}
		if ok, j := breakAfter(k); ok {
			for j <= kb && isSpaceKey(nt[j].key) {
				j++
			}
			if j <= kb && !resembles(d.runes[r.Start:nt[k].start], headFragment(exact)) {
				start = max(start, nt[j].start)
			}
			break
		}
	}
	// From the end: the last break after which none of the passage's words are.
	for k := kb; k > ka && !neighbourKept(kb+1, 1); k-- {
		if own(k) {
			break
		}
		if ok, _ := breakAfter(k - 1); ok {
			e := k - 1
			for e > ka && isSpaceKey(nt[e].key) {
				e--
			}
			// keep the sign and its closing quotes
			j := e + 1
			for j <= kb && !isSpaceKey(nt[j].key) && !isWordKey(nt[j].key) {
				j++
			}
			if !resembles(d.runes[nt[j-1].end:r.End], tailFragment(exact)) {
				end = min(end, nt[j-1].end)
			}
			break
		}
	}
	if start == r.Start && end == r.End || start >= end {
		return r
	}
	if equalRunes(d.runes[start:end], exact) {
		return r // not expected: the quote itself, already stated
	}
	f, ok := d.fuzzyAt(o, exact, start, end)
	if !ok {
		return Result{Status: StatusOrphan, Suggestion: Span{start, end}}
	}
	f.Confidence = min(f.Confidence, r.Confidence)
	return f
}

// isWordKey: a token that holds a letter or a digit.
func isWordKey(k string) bool {
	for _, c := range k {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			return true
		}
	}
	return false
}

// headFragment is the passage's text before its first sentence end or paragraph break (its signs
// left out), tailFragment its text after the last one; nil when it has none.
func headFragment(p []rune) []rune {
	for i := range p {
		if n := breakAt(p, i); n > 0 && i+n < len(p) {
			return p[:i]
		}
	}
	return nil
}

func tailFragment(p []rune) []rune {
	for i := len(p) - 1; i >= 0; i-- {
		if n := breakAt(p, i); n > 0 && i+n < len(p) {
			return p[i+n:]
		}
	}
	return nil
}

// breakAt: the length of the sentence end (sign, closing quotes, white space) or paragraph break
// that starts at p[i], else 0.
func breakAt(p []rune, i int) int {
	j := i
	switch {
	case p[i] == '\n' && i+1 < len(p) && (p[i+1] == '\n' || p[i+1] == '\r'):
		for j < len(p) && unicode.IsSpace(p[j]) {
			j++
		}
		return j - i
	case strings.ContainsRune("。！？", p[i]):
		return 1
	case strings.ContainsRune(".!?؟", p[i]):
		j++
		for j < len(p) && strings.ContainsRune("\"'”’»)", p[j]) {
			j++
		}
		if j == len(p) || !unicode.IsSpace(p[j]) {
			return 0
		}
		for j < len(p) && unicode.IsSpace(p[j]) {
			j++
		}
		return j - i
	}
	return 0
}

// resembles: the new fragment is the old one edited (a typo, a word changed), not other text: at
// least half of the longer of the two is the same, folded.
func resembles(got, old []rune) bool {
	g := foldString(strings.TrimSpace(string(got)))
	q := foldString(strings.TrimSpace(string(old)))
	if len(q) == 0 || len(g) == 0 {
		return false
	}
	dists := make([]int, len(g))
	newMyersPattern(q).distances(g, true, dists)
	return float64(dists[len(g)-1]) <= 0.5*float64(max(len(g), len(q)))
}
