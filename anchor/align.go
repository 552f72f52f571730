package anchor

import (
	"strings"
	"unicode"
)

// The alignment of two versions of one text, for re-anchoring with the old version at hand
// (ReanchorFrom): which code points of the old text are still there, unchanged, in the new one.
//
// The texts are cut into tokens (words, white-space runs, every other code point alone; a CJK
// ideograph or kana is a token of its own), compared folded (white space and quote marks as in
// normalize). Lines are aligned first with Myers' algorithm, then the tokens of each run of lines
// that differ: a 1 MB text costs what its changed lines cost.

// tok is one token: the code points [start, end) of its text, and its folded form.
type tok struct {
	start, end int
	key        string
}

// alignTokens cuts text into tokens.
func alignTokens(t []rune) []tok {
	var out []tok
	for i := 0; i < len(t); {
		j := i + 1
		var key string
		switch r := t[i]; {
		case unicode.IsSpace(r):
			for j < len(t) && unicode.IsSpace(t[j]) {
				j++
			}
			key = " "
			for _, c := range t[i:j] {
				if c == '\n' || c == '\r' {
					key = "\n" // a line's end: lines are cut there (the key still folds to one space)
					break
				}
			}
		case isWordRune(r):
			for j < len(t) && wordJoins(t[j-1], t[j]) {
				j++
			}
			key = string(t[i:j])
		default:
			key = string(foldRune(r))
		}
		out = append(out, tok{i, j, key})
		i = j
	}
	return out
}

// sameTok compares two tokens folded: every white-space run is one space.
func sameTok(a, b string) bool {
	if a == "\n" {
		a = " "
	}
	if b == "\n" {
		b = " "
	}
	return a == b
}

// alignment maps old code points to new ones.
type alignment struct {
	oldTok, newTok []tok
	oldTo          []int32 // per old token: the new token it is aligned with, or -1
	newFrom        []int32 // per new token: the old token aligned with it, or -1
	moved          *[]Span // movedLines, once computed
	// The line pairing: each old and new line's folded key, and the new line each old line is
	// paired with whole (-1: none).
	oldLines, newLines [][2]int
	oldKeys, newKeys   []string
	lineTo             []int
}

// alignTexts aligns old with new. Where the texts differ too much to align within the work bound
// (maxDiffEdits per level), that part is left unaligned: its old text counts as deleted and its new
// text as added.
func alignTexts(oldR, newR []rune) *alignment {
	al := &alignment{oldTok: alignTokens(oldR), newTok: alignTokens(newR)}
	al.oldTo = make([]int32, len(al.oldTok))
	al.newFrom = make([]int32, len(al.newTok))
	for i := range al.oldTo {
		al.oldTo[i] = -1
	}
	for i := range al.newFrom {
		al.newFrom[i] = -1
	}
	oldLines, newLines := lines(al.oldTok), lines(al.newTok)
	keys := func(ls [][2]int, ts []tok) []string {
		out := make([]string, len(ls))
		var sb strings.Builder
		for i, l := range ls {
			sb.Reset()
			for _, t := range ts[l[0]:l[1]] {
				if t.key == "\n" {
					sb.WriteByte(' ')
				} else {
					sb.WriteString(t.key)
				}
			}
			out[i] = sb.String()
		}
		return out
	}
	ka, kb := keys(oldLines, al.oldTok), keys(newLines, al.newTok)
	pre := 0
	for pre < len(ka) && pre < len(kb) && ka[pre] == kb[pre] {
		pre++
	}
	suf := 0
	for suf < len(ka)-pre && suf < len(kb)-pre && ka[len(ka)-1-suf] == kb[len(kb)-1-suf] {
		suf++
	}
	equalLine := func(i, j int) {
		if oldLines[i][1]-oldLines[i][0] != newLines[j][1]-newLines[j][0] {
			al.alignHunk(oldLines[i][0], oldLines[i][1], newLines[j][0], newLines[j][1])
			return
		}
		for k := 0; k < oldLines[i][1]-oldLines[i][0]; k++ {
			al.link(oldLines[i][0]+k, newLines[j][0]+k)
		}
	}
	// Which new line each old line is paired with (-1: none), in order.
	match := make([]int, len(ka))
	for i := range match {
		match[i] = -1
	}
	for i := 0; i < pre; i++ {
		match[i] = i
	}
	for i := 0; i < suf; i++ {
		match[len(ka)-1-i] = len(kb) - 1 - i
	}
	midA, midB := ka[pre:len(ka)-suf], kb[pre:len(kb)-suf]
	script, ok := myersScript(midA, midB)
	if ok {
		for _, s := range script {
			if s.op == 'e' {
				match[pre+s.i] = pre + s.j
			}
		}
	}
	joinCopies(match, ka, kb)
	al.oldLines, al.newLines, al.oldKeys, al.newKeys, al.lineTo = oldLines, newLines, ka, kb, match
	// Equal lines, and the runs of lines between them (a hunk), as line index ranges.
	type hunk struct{ a0, a1, b0, b1 int }
	var hunks []hunk
	if !ok {
		for i := 0; i < pre; i++ {
			equalLine(i, i)
		}
		for i := 0; i < suf; i++ {
			equalLine(len(ka)-1-i, len(kb)-1-i)
		}
		hunks = append(hunks, hunk{pre, len(ka) - suf, pre, len(kb) - suf})
	} else {
		h := hunk{0, 0, 0, 0}
		for i, j := range match {
			if j < 0 {
				continue
			}
			if h.a0 < i || h.b0 < j {
				hunks = append(hunks, hunk{h.a0, i, h.b0, j})
			}
			equalLine(i, j)
			h = hunk{i + 1, i + 1, j + 1, j + 1}
		}
		if h.a0 < len(ka) || h.b0 < len(kb) {
			hunks = append(hunks, hunk{h.a0, len(ka), h.b0, len(kb)})
		}
	}
	tokRange := func(ls [][2]int, a, b int) (int, int) {
		if a >= b {
			if a < len(ls) {
				return ls[a][0], ls[a][0]
			}
			if len(ls) == 0 {
				return 0, 0
			}
			return ls[len(ls)-1][1], ls[len(ls)-1][1]
		}
		return ls[a][0], ls[b-1][1]
	}
	for _, h := range hunks {
		ta0, ta1 := tokRange(oldLines, h.a0, h.a1)
		tb0, tb1 := tokRange(newLines, h.b0, h.b1)
		if ta0 == ta1 || tb0 == tb1 {
			continue
		}
		al.alignHunk(ta0, ta1, tb0, tb1)
	}
	return al
}

func (al *alignment) link(i, j int) {
	al.oldTo[i], al.newFrom[j] = int32(j), int32(i)
}

// alignHunk aligns old tokens [a0, a1) with new tokens [b0, b1), after their common ends.
func (al *alignment) alignHunk(a0, a1, b0, b1 int) {
	defer slide(al.newTok, al.newFrom, al.oldTo, b0, b1)
	defer slide(al.oldTok, al.oldTo, al.newFrom, a0, a1)
	for a0 < a1 && b0 < b1 && sameTok(al.oldTok[a0].key, al.newTok[b0].key) {
		al.link(a0, b0)
		a0, b0 = a0+1, b0+1
	}
	for a1 > a0 && b1 > b0 && sameTok(al.oldTok[a1-1].key, al.newTok[b1-1].key) {
		a1, b1 = a1-1, b1-1
		al.link(a1, b1)
	}
	if a0 == a1 || b0 == b1 {
		return
	}
	ka, kb := make([]string, a1-a0), make([]string, b1-b0)
	for i := range ka {
		ka[i] = foldedKey(al.oldTok[a0+i].key)
	}
	for j := range kb {
		kb[j] = foldedKey(al.newTok[b0+j].key)
	}
	script, ok := myersScript(ka, kb)
	if !ok {
		return
	}
	for _, s := range script {
		if s.op == 'e' {
			al.link(a0+s.i, b0+s.j)
		}
	}
}

// slide moves each run of unaligned tokens in [lo, hi) of one side whose neighbours are aligned to
// neighbouring tokens of the other side (a pure insertion or deletion) to its best place among the
// equivalent ones: Myers' algorithm may align the period of a passage with the period of a
// sentence inserted after it ("said.[ New words.]" against "said[. New words].").
// A run is best where it starts after white space or a sentence's end and ends with one.
func slide(ts []tok, to, other []int32, lo, hi int) {
	boundary := func(k string) bool {
		switch k {
		case " ", "\n", ".", "。", "!", "?", "！", "？", ";", "；":
			return true
		}
		return false
	}
	score := func(c, d int) int {
		n := 0
		if c == 0 || boundary(ts[c-1].key) {
			n += 2
		}
		if boundary(ts[d-1].key) {
			n++
		}
		return n
	}
	for c := lo; c < hi; c++ {
		if to[c] >= 0 {
			continue
		}
		d := c
		for d < hi && to[d] < 0 {
			d++
		}
		if c == 0 || d >= len(ts) || to[c-1] < 0 || to[d] < 0 || to[c-1]+1 != to[d] {
			c = d
			continue
		}
		// Equivalent places: slide left while the token before the run equals its last token, right
		// while the token after it equals its first.
		l := c
		for l > lo && to[l-1] >= 0 && ts[l-1].key == ts[l-1+d-c].key {
			l--
		}
		r := c
		for r+(d-c) < hi && to[r+(d-c)] >= 0 && ts[r].key == ts[r+(d-c)].key {
			r++
		}
		// Between places equally good, one beside another unaligned run: one insertion, not two
		// ("records [In the county… records] obtained by the paper.[ obtained by the paper.]").
		merged := func(x int) int {
			if x > 0 && to[x-1] < 0 || x+d-c < len(ts) && to[x+d-c] < 0 {
				return 1
			}
			return 0
		}
		best := c
		for x := l; x <= r; x++ {
			if 2*score(x, x+d-c)+merged(x) > 2*score(best, best+d-c)+merged(best) {
				best = x
			}
		}
		if best != c {
			// Re-link: the aligned tokens of [min, max) around the run keep their order.
			n := d - c
			from, upto := min(best, c), max(best, c)+n
			var links []int32
			for k := from; k < upto; k++ {
				if to[k] >= 0 {
					links = append(links, to[k])
				}
				to[k] = -1
			}
			k := 0
			for x := from; x < upto; x++ {
				if x >= best && x < best+n {
					continue
				}
				to[x] = links[k]
				other[links[k]] = int32(x)
				k++
			}
		}
		c = best + (d - c)
	}
}

func foldedKey(k string) string {
	if k == "\n" {
		return " "
	}
	return k
}

// lines cuts a token list at the white space that holds a line break: [from, to) token ranges, each
// line with the break after it.
func lines(ts []tok) [][2]int {
	var out [][2]int
	from := 0
	for i, t := range ts {
		if t.key == "\n" {
			out = append(out, [2]int{from, i + 1})
			from = i + 1
		}
	}
	if from < len(ts) {
		out = append(out, [2]int{from, len(ts)})
	}
	return out
}

// joinCopies moves a run of paired lines onto an unpaired copy of it that lies beside its
// neighbours, when its own pairing lies beside neither: a passage's own text is the copy that kept
// its place among its neighbours (the line before or after it paired with the line that was
// before or after it). The text's start and end are no neighbours: a pull quote that copies the first
// paragraphs at the top is paired with them by the common prefix, but the article they open
// follows later, whole. Where two copies would be beside neighbours, nothing moves.
func joinCopies(match []int, ka, kb []string) {
	paired := make([]bool, len(kb))
	for _, j := range match {
		if j >= 0 {
			paired[j] = true
		}
	}
	copyAt := func(c, i0, n int) bool { // new lines [c, c+n) are unpaired and the old lines [i0, i0+n)
		if c < 0 || c+n > len(kb) {
			return false
		}
		for k := 0; k < n; k++ {
			if paired[c+k] || kb[c+k] != ka[i0+k] {
				return false
			}
		}
		return true
	}
	for i0 := 0; i0 < len(match); {
		if match[i0] < 0 {
			i0++
			continue
		}
		i1 := i0 + 1
		for i1 < len(match) && match[i1] == match[i1-1]+1 {
			i1++
		}
		n, j0 := i1-i0, match[i0]
		prev, next := -1, -1 // where the old lines right before and after the run are paired
		if i0 > 0 {
			prev = match[i0-1]
		}
		if i1 < len(match) {
			next = match[i1]
		}
		if prev >= 0 && prev+1 == j0 || next >= 0 && next == j0+n {
			i0 = i1 // beside a neighbour already (a run ends at an unpaired line or a jump)
			continue
		}
		before := prev >= 0 && copyAt(prev+1, i0, n)
		after := next >= 0 && copyAt(next-n, i0, n)
		to := -1
		switch {
		case before && after && prev+1 == next-n, before && !after:
			to = prev + 1
		case after && !before:
			to = next - n
		}
		if to >= 0 {
			for k := 0; k < n; k++ {
				paired[j0+k] = false
			}
			for k := 0; k < n; k++ {
				paired[to+k] = true
				match[i0+k] = to + k
			}
		}
		i0 = i1
	}
}
