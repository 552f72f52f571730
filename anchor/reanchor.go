package anchor

import (
	"cmp"
	"runtime"
	"slices"
	"sync"
	"unicode"
)

// Status says how a selector relates to the new text.
type Status string

const (
	StatusExact  Status = "exact"  // the same quote, where its context agrees (normally the old place, shifted)
	StatusMoved  Status = "moved"  // the same quote elsewhere, its context changed: chosen by context and position
	StatusFuzzy  Status = "fuzzy"  // an edited quote (or one that differs only in white space or quote marks)
	StatusOrphan Status = "orphan" // the passage is gone, too changed, or could be in more than one place
)

// Result is where a selector anchors in the new text. Start and End are code points of the new text
// (End exclusive) and are zero for an orphan. Confidence is 0..1.
type Result struct {
	Status     Status  `json:"status"`
	Confidence float64 `json:"confidence"`
	Start      int     `json:"start"`
	End        int     `json:"end"`
	// Suggestion, on an orphan only, is where the same or nearly the same words are now, although
	// the passage's own place is gone: something to show a person, never an anchor.
	Suggestion Span `json:"suggestion,omitzero"`
}

// Span is a range of code points of the new text (End exclusive).
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Thresholds. A wrong anchor is worse than an orphan: a person sees an orphan and re-selects the
// passage, but a highlight on the wrong words silently corrupts their evidence. So every rule
// below errs towards orphan. They were set on the versioned test set (testset_test.go,
// eval_test.go). Similarities are 1 - edit distance / length on folded text: unrelated English
// context of 32 code points scores about 0.3-0.45, one typo in it about 0.97. The test set calls a
// passage deleted when more than 25% of it changed; MinQuoteSimilarity keeps a margin below that.
const (
	// Places are ranked by their cost: the edits (code points) that turn the old quote, prefix and
	// suffix into the text there. When the second-best place (not overlapping the best) costs less
	// than max(AmbiguityEdits, AmbiguityRatio × the best's cost) more, the selector is orphaned
	// rather than guessed. One exception: a verbatim quote still at its old offset wins a near-tie,
	// since position is the only evidence left when a passage repeats together with its context.
	AmbiguityEdits = 2
	AmbiguityRatio = 0.5
	// MinContextSupport: the context similarity (prefix and suffix, weighted by their lengths) a
	// place needs, unless one side agrees exactly or the quote is distinctive on its own.
	MinContextSupport = 0.60
	// Edited quotes (fuzzy): the share of the quote that must survive (1 - edit distance / length)
	// depends on how much the context vouches for the place: QuoteSimilarity with MinContextSupport,
	// MinQuoteSimilarity only with StrongContextSupport (both sides nearly intact), and
	// DistinctiveSimilarity with no context at all for a distinctive quote.
	QuoteSimilarity       = 0.90
	MinQuoteSimilarity    = 0.80
	StrongContextSupport  = 0.85
	DistinctiveSimilarity = 0.95
	// DistinctiveLen: a quote this long (folded code points) may anchor without context support
	// where its place is vouched for otherwise: between its neighbours (window) or as a whole
	// paragraph found as a whole paragraph. Shorter verbatim phrases recur too often in news
	// (a repeated attribution, a name and title) to be trusted on their own.
	DistinctiveLen = 40
	// RewriteWordShare: between its neighbours, a light rewrite (a word or two changed) is found
	// when this share of the quote's words (by length) survives in order, with MinContextSupport.
	RewriteWordShare = 0.75
	// ReviewConfidence: a moved anchor with less confidence is reported fuzzy, so that it goes to
	// Review (see the calibration table in BENCHMARKS.md).
	ReviewConfidence = 0.90
	// OutsideContextSupport: a place outside the selector's window (its neighbours put its own
	// place elsewhere) is taken only as a whole paragraph moved, or when both sides of the context
	// came along nearly intact. Repeated boilerplate often agrees at 0.6-0.9 with another copy's
	// context; below this a passage deleted at its own place would land on another copy of its
	// words (issue 17, kind 4): such a place is at most a suggestion.
	OutsideContextSupport = 0.95
	// MinConfidence: the least confidence (the mean of quote and context similarity) of a fuzzy anchor.
	MinConfidence = 0.70
)

// Search limits that keep a 1 MB text fast.
const (
	maxContextCandidates = 16   // occurrences of a common quote scored on their context in full
	maxQuoteSeeds        = 12   // rarest grams of the quote used to find regions for the approximate matcher
	maxContextSeeds      = 3    // rarest grams of each context side used the same way
	maxSeedPostings      = 1024 // a gram more common than this locates nothing
	maxSeedHits          = 4096 // postings voted per selector, rarest seeds first
	maxRegions           = 4    // regions aligned per selector
	maxTiedEnds          = 4    // equally good match ends tried per region
)

// Reanchor finds the passage old described in newText. See ReanchorAll.
func Reanchor(newText string, old Selector) Result {
	return ReanchorAll(newText, []Selector{old})[0]
}

// ReanchorAll re-anchors many selectors onto one new text, decoding, folding and indexing the text
// once for all of them (and spreading the selectors over the CPUs). Each selector is tried in turn:
//  1. its old position, if the quote and its whole context are still there: exact, confidence 1;
//  2. every place where the folded quote occurs, with the edits its context needs;
//  3. approximate matches (Myers' bit-parallel edit distance) in the few regions where rare grams
//     of the quote and its context line up. This runs even when the quote is found verbatim: an
//     edited copy in the old context would make the choice ambiguous.
//
// The cheapest place wins only if it is clearly cheaper than the next one (AmbiguityEdits,
// AmbiguityRatio) and passes the thresholds above; otherwise the result is an orphan. Confidence
// is the mean of quote and context similarity (1 for a verbatim quote with both sides intact).
//
// A second pass uses the neighbours: the selectors found verbatim with their whole context, in an
// order that agrees with the old one, bound where each other selector's own place can be (window).
// A place between its neighbours settles a repeated passage; a place outside them must bring its
// context along (or be a whole paragraph moved), else the result is an orphan with a suggestion.
func ReanchorAll(newText string, olds []Selector) []Result {
	return reanchorAll(newText, olds, true)
}

// reanchorAll is ReanchorAll; without paragraphs it skips the third pass (withParagraph), which
// the tests measure against in the same run.
func reanchorAll(newText string, olds []Selector, paragraphs bool) []Result {
	return newDocument(newText).reanchorAll(olds, make([]Result, len(olds)), nil, paragraphs)
}

// reanchorAll is ReanchorAll on a prepared document. Where known[i] is set (known may be nil),
// results[i] is already decided (ReanchorFrom followed the passage) and serves only as a landmark.
func (doc *document) reanchorAll(olds []Selector, results []Result, known []bool, paragraphs bool) []Result {
	todo := func(i int) bool { return known == nil || !known[i] }
	doc.each(len(olds), func(i int) {
		if todo(i) {
			results[i], _ = doc.reanchor(olds[i], nil)
		}
	})
	wins, chain := windows(olds, results, len(doc.runes))
	moves := make([][]candidate, len(olds))
	doc.each(len(olds), func(i int) {
		if wins[i] != nil && todo(i) {
			results[i], moves[i] = doc.reanchor(olds[i], wins[i])
		}
	})
	if paragraphs {
		withParagraph(olds, results, moves, chain)
	}
	return results
}

// each runs f(0..n-1), spread over the CPUs when n is large.
func (d *document) each(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), (n+63)/64)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				f(i)
			}
		})
	}
	wg.Wait()
}

// document is the new text in the forms the matcher needs, shared by all selectors.
type document struct {
	runes     []rune
	norm      normText
	indexOnce sync.Once
	ix        *qgramIndex // built on first need: an unchanged text never needs it
}

func newDocument(text string) *document {
	runes := []rune(text)
	return &document{runes: runes, norm: normalize(runes)}
}

func (d *document) index() *qgramIndex {
	d.indexOnce.Do(func() { d.ix = buildQgramIndex(d.norm.runes) })
	return d.ix
}

// candidate is one place the quote might be, in folded offsets [a, b) and original offsets [start, end).
type candidate struct {
	a, b       int
	start, end int
	dist       int  // edit distance between the folded quote and the folded text at [a, b)
	verbatim   bool // the original text at [start, end) is exactly the old quote
	cost       int  // edits to quote, prefix and suffix: the ranking
	prefixSim  float64
	suffixSim  float64
	quoteSim   float64
	context    float64
	score      float64 // (quoteSim + context) / 2: the confidence
}

// query is one selector prepared for matching.
type query struct {
	old                   Selector
	win                   *window // nil: position says nothing
	exact                 []rune
	quote, prefix, suffix []rune // folded
	oldStart              int    // original offset in the old text
	hint                  int    // folded index of the old start: only breaks ties
}

// reanchor decides one selector. When the result is an orphan, it also returns the places outside
// the window that a moved paragraph would explain (see withParagraph).
func (d *document) reanchor(old Selector, win *window) (Result, []candidate) {
	exact := []rune(old.Exact)
	if len(exact) == 0 {
		return Result{Status: StatusOrphan}, nil
	}
	if d.atOldPlace(old, exact) {
		return Result{Status: StatusExact, Confidence: 1, Start: old.Start, End: old.Start + len(exact)}, nil
	}
	q := &query{old: old, win: win, exact: exact, quote: foldString(old.Exact), prefix: foldString(old.Prefix), suffix: foldString(old.Suffix)}
	q.oldStart = old.Start
	q.hint = d.norm.fromOrig(max(0, min(old.Start, len(d.runes))))

	// The approximate matcher runs even when the quote is found verbatim: an edited copy of the
	// passage in its old context may be the real one, and then the choice is ambiguous.
	cands := append(d.exactCandidates(q), d.fuzzyCandidates(q)...)
	return d.decide(q, cands)
}

// atOldPlace reports whether the quote and all of its context are still at the old offsets.
func (d *document) atOldPlace(old Selector, exact []rune) bool {
	start, end := old.Start, old.Start+len(exact)
	if start < 0 || end > len(d.runes) || !equalRunes(d.runes[start:end], exact) {
		return false
	}
	prefix, suffix := []rune(old.Prefix), []rune(old.Suffix)
	return len(prefix) <= start && equalRunes(d.runes[start-len(prefix):start], prefix) &&
		end+len(suffix) <= len(d.runes) && equalRunes(d.runes[end:end+len(suffix)], suffix)
}

// exactCandidates lists the places where the folded quote occurs as it is, the best
// maxContextCandidates of them by exact context agreement scored in full.
func (d *document) exactCandidates(q *query) []candidate {
	t, quote := d.norm.runes, q.quote
	var starts []int
	if len(quote) >= qgramLen {
		// Verify the postings of the quote's rarest gram.
		ix := d.index()
		bestJ, bestN := 0, -1
		for j := 0; j+qgramLen <= len(quote); j++ {
			if n := len(ix.postings(quote[j:])); bestN < 0 || n < bestN {
				bestJ, bestN = j, n
			}
		}
		for _, p := range ix.postings(quote[bestJ:]) {
			a := int(p) - bestJ
			if a >= 0 && a+len(quote) <= len(t) && equalRunes(t[a:a+len(quote)], quote) {
				starts = append(starts, a)
			}
		}
	} else {
		for a := 0; a+len(quote) <= len(t); a++ {
			if equalRunes(t[a:a+len(quote)], quote) {
				starts = append(starts, a)
			}
		}
	}
	if len(starts) > maxContextCandidates {
		agree := func(a int) int {
			return commonBefore(t, a, q.prefix) + commonAfter(t, a+len(quote), q.suffix)
		}
		slices.SortStableFunc(starts, func(x, y int) int { return cmp.Compare(agree(y), agree(x)) })
		starts = starts[:maxContextCandidates]
	}
	cands := make([]candidate, 0, len(starts))
	for _, a := range starts {
		cands = append(cands, d.newCandidate(q, a, a+len(quote), 0))
	}
	return cands
}

func (d *document) newCandidate(q *query, a, b, dist int) candidate {
	start, end := d.norm.toOrig(a, b)
	c := candidate{a: a, b: b, start: start, end: end, dist: dist}
	c.verbatim = equalRunes(d.runes[start:end], q.exact)
	if !c.verbatim && dist == 0 {
		// A quote that begins or ends inside a run of white space folds onto the whole run: the
		// original quote may still be there, a little inside.
		if s, e := d.trimToExact(start, end, q.exact); s >= 0 {
			c.start, c.end, c.verbatim = s, e, true
		}
	}
	c.quoteSim = 1 - float64(dist)/float64(len(q.quote))
	pd := contextDistance(d.norm.runes, a, q.prefix, true)
	sd := contextDistance(d.norm.runes, b, q.suffix, false)
	c.cost = dist + pd + sd
	c.prefixSim = similarity(pd, len(q.prefix))
	c.suffixSim = similarity(sd, len(q.suffix))
	lp, ls := float64(len(q.prefix)), float64(len(q.suffix))
	if lp+ls == 0 {
		c.context = 0.5 // no context to judge by: neutral
	} else {
		c.context = (lp*c.prefixSim + ls*c.suffixSim) / (lp + ls)
	}
	c.score = (c.quoteSim + c.context) / 2
	return c
}

// trimToExact looks for exact inside the original range [start, end) when only white space at the
// edges differs; it returns -1, -1 if it is not there.
func (d *document) trimToExact(start, end int, exact []rune) (int, int) {
	for s := start; s+len(exact) <= end; s++ {
		if equalRunes(d.runes[s:s+len(exact)], exact) {
			return s, s + len(exact)
		}
	}
	return -1, -1
}

// sideAgrees reports whether a non-empty prefix or suffix agrees in full with the text around c.
func (d *document) sideAgrees(q *query, c candidate) bool {
	return (len(q.prefix) > 0 && c.prefixSim == 1) || (len(q.suffix) > 0 && c.suffixSim == 1)
}

// decide picks the best candidate and applies the thresholds. A candidate outside the selector's
// window (when its neighbours give one) competes only if its context came along nearly intact on
// both sides (OutsideContextSupport) or it is a whole paragraph found as a whole paragraph: otherwise the same words are elsewhere but the passage's
// own place is gone (a deleted pull quote whose words recur below), which is at most a suggestion.
//
// It also returns, for an orphan, the dropped places that only a moved paragraph would explain
// (movedWithParagraph): ReanchorAll takes one of them when another selector moved by exactly the
// same shift.
func (d *document) decide(q *query, cands []candidate) (Result, []candidate) {
	var kept, dropped, paragraph []candidate
	for _, c := range cands {
		if q.win.holds(c) || d.paragraphUnit(q.old, c.start, c.end) || d.contextCameAlong(q, c) && min(c.prefixSim, c.suffixSim) >= OutsideContextSupport {
			kept = append(kept, c)
		} else {
			dropped = append(dropped, c)
			if d.movedWithParagraph(q, c) {
				paragraph = append(paragraph, c)
			}
		}
	}
	r := d.decideAmong(q, kept)
	if r.Status != StatusOrphan {
		return r, nil
	}
	if r.Suggestion == (Span{}) && len(dropped) > 0 {
		best := slices.MinFunc(dropped, func(x, y candidate) int { return cmp.Compare(x.dist, y.dist) })
		if best.quoteSim >= MinQuoteSimilarity {
			r.Suggestion = Span{best.start, best.end}
		}
	}
	return r, paragraph
}

func (d *document) decideAmong(q *query, cands []candidate) Result {
	if len(cands) == 0 {
		return Result{Status: StatusOrphan}
	}
	slices.SortStableFunc(cands, func(x, y candidate) int {
		if c := cmp.Compare(x.cost, y.cost); c != 0 {
			return c
		}
		if x.verbatim != y.verbatim {
			if x.verbatim {
				return -1
			}
			return 1
		}
		return cmp.Compare(abs(x.a-q.hint), abs(y.a-q.hint)) // position breaks exact ties only
	})
	best := cands[0]
	margin := max(AmbiguityEdits, int(AmbiguityRatio*float64(best.cost)))
	atOld := slices.IndexFunc(cands, func(c candidate) bool {
		return c.verbatim && c.start == q.oldStart && c.cost-best.cost < margin
	})
	if atOld >= 0 {
		best = cands[atOld]
	} else {
		for _, c := range cands[1:] {
			if c.a < best.b && best.a < c.b {
				continue // another alignment of the same place
			}
			if c.cost-best.cost < margin && !d.otherFigures(q, best, c) {
				return Result{Status: StatusOrphan}
			}
			break
		}
	}
	suggest := Result{Status: StatusOrphan, Suggestion: Span{best.start, best.end}}
	unit := d.paragraphUnit(q.old, best.start, best.end)
	known := q.win != nil && q.win.holds(best) // between its neighbours
	distinctive := len(q.quote) >= DistinctiveLen && (known || unit)
	noContext := len(q.prefix)+len(q.suffix) == 0
	sideAgrees := d.sideAgrees(q, best)
	supported := best.context >= MinContextSupport || sideAgrees
	res := Result{Start: best.start, End: best.end, Confidence: best.score}
	if unit {
		// A whole paragraph found as a whole paragraph: its context is its paragraph breaks, and
		// they agree.
		res.Confidence = (best.quoteSim + 1) / 2
	}
	switch {
	case best.dist == 0 && best.verbatim && (sideAgrees || noContext) && (known || !d.breakLost(q, best)):
		res.Status = StatusExact
		if best.prefixSim == 1 && best.suffixSim == 1 {
			res.Confidence = 1
		}
	case best.dist == 0 && best.verbatim && (distinctive && (unit || best.context >= MinContextSupport) || unit || supported && (best.start == q.oldStart || d.contextCameAlong(q, best))):
		// A quote moves only with its context: the same words with unrelated text around them are
		// another passage. That holds for a distinctive quote too, unless it is a whole paragraph:
		// a deleted pull quote's sentence is still in the body, between the same neighbours.
		res.Status = StatusMoved
	case best.dist == 0 && !best.verbatim && (supported || distinctive || noContext || unit):
		res.Status = StatusFuzzy // equal once white space and quote marks are folded
	case best.dist > 0 && best.score >= MinConfidence && (d.sameFigures(q, best) || d.correctedInPlace(q, best)) &&
		(best.quoteSim >= QuoteSimilarity && supported ||
			best.quoteSim >= MinQuoteSimilarity && best.context >= StrongContextSupport ||
			best.quoteSim >= DistinctiveSimilarity && distinctive ||
			known && best.context >= MinContextSupport && d.wordsSurvive(q, best) >= RewriteWordShare):
		res.Status = StatusFuzzy
	default:
		if best.quoteSim >= MinQuoteSimilarity {
			return suggest
		}
		return Result{Status: StatusOrphan}
	}
	if s, e := d.snapToWords(q.old, res.Start, res.End); s < e && (s != res.Start || e != res.End) {
		res.Start, res.End = s, e
		if !equalRunes(d.runes[s:e], q.exact) {
			res.Status = StatusFuzzy
		}
	}
	if res.Status == StatusMoved && res.Confidence < ReviewConfidence {
		// Calibrated on the news test set: below this about one anchor in ten was wrong, so a
		// person must see it (Review lists fuzzy anchors). An exact anchor (verbatim, one side of
		// its context intact) keeps its status: the store reports it as found in place.
		res.Status = StatusFuzzy
	}
	if res.Status != StatusExact {
		res.Confidence = min(res.Confidence, 0.99) // only a verbatim quote in its context is certain
	}
	return res
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// commonBefore counts how many code points of want agree with t just before pos, from pos backwards.
func commonBefore(t []rune, pos int, want []rune) int {
	k := 0
	for k < len(want) && pos-1-k >= 0 && t[pos-1-k] == want[len(want)-1-k] {
		k++
	}
	return k
}

// commonAfter counts how many code points of want agree with t from pos onwards.
func commonAfter(t []rune, pos int, want []rune) int {
	k := 0
	for k < len(want) && pos+k < len(t) && t[pos+k] == want[k] {
		k++
	}
	return k
}

func similarity(dist, length int) float64 {
	if length == 0 {
		return 1
	}
	return 1 - float64(dist)/float64(length)
}

// contextDistance is the least edit distance between want and text that touches the candidate
// (ending at pos if before, starting at pos otherwise) and may reach as far as it likes the other
// way.
func contextDistance(t []rune, pos int, want []rune, before bool) int {
	m := len(want)
	if before && commonBefore(t, pos, want) == m || !before && commonAfter(t, pos, want) == m {
		return 0
	}
	// Walk outwards from the candidate: the i-th code point of want and of the text, counted away from pos.
	wantAt := func(i int) rune {
		if before {
			return want[m-1-i]
		}
		return want[i]
	}
	n := m + m/2 + 1
	if before {
		n = min(n, pos)
	} else {
		n = min(n, len(t)-pos)
	}
	textAt := func(j int) rune {
		if before {
			return t[pos-1-j]
		}
		return t[pos+j]
	}
	// Rows over want, columns over text; row 0 costs j (text next to the candidate cannot be skipped
	// for free), the far end is free (minimum over the last row).
	prev := make([]int, n+1)
	cur := make([]int, n+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= m; i++ {
		cur[0] = i
		wi := wantAt(i - 1)
		for j := 1; j <= n; j++ {
			cost := 1
			if textAt(j-1) == wi {
				cost = 0
			}
			cur[j] = min(prev[j-1]+cost, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return slices.Min(prev)
}

// fuzzyCandidates finds approximate occurrences of the quote: rare grams of the quote and of its
// context vote for where the quote would start (a diagonal); the regions with the most distinct
// votes are aligned with Myers' algorithm, and each best end is traced back to its start.
func (d *document) fuzzyCandidates(q *query) []candidate {
	t, quote := d.norm.runes, q.quote
	if len(t) < qgramLen {
		return nil
	}
	maxErr := int(float64(len(quote))*(1-MinQuoteSimilarity)) + 1
	band := maxErr + 4
	ix := d.index()

	type seed struct {
		gram []rune
		diag int // quote start = posting + diag
		n    int
	}
	pick := func(src []rune, from, to, limit int, diagAt func(j int) int) []seed {
		var all []seed
		for j := max(0, from); j+qgramLen <= min(len(src), to); j++ {
			if n := len(ix.postings(src[j:])); n > 0 && n <= maxSeedPostings {
				all = append(all, seed{gram: src[j : j+qgramLen], diag: diagAt(j), n: n})
			}
		}
		slices.SortStableFunc(all, func(x, y seed) int { return cmp.Compare(x.n, y.n) })
		var out []seed
		hits := 0
		for _, s := range all {
			if len(out) == limit || len(out) >= 2 && hits+s.n > maxSeedHits/2 {
				break
			}
			// Spread the seeds: one typo spoils every gram that covers it.
			if slices.ContainsFunc(out, func(o seed) bool { return abs(o.diag-s.diag) < 2 }) {
				continue
			}
			out = append(out, s)
			hits += s.n
		}
		return out
	}
	seeds := pick(quote, 0, len(quote), maxQuoteSeeds, func(j int) int { return -j })
	lp := len(q.prefix)
	seeds = append(seeds, pick(q.prefix, lp-16, lp, maxContextSeeds, func(j int) int { return lp - j })...)
	seeds = append(seeds, pick(q.suffix, 0, 16, maxContextSeeds, func(j int) int { return -len(quote) - j })...)
	if len(seeds) == 0 {
		return nil
	}

	// A hit packs (diagonal + bias) << 8 | seed, so that sorting plain integers orders by diagonal.
	const bias = 1 << 31
	total := 0
	for _, s := range seeds {
		total += len(ix.postings(s.gram))
	}
	hits := make([]uint64, 0, total)
	for si, s := range seeds {
		for _, p := range ix.postings(s.gram) {
			if equalRunes(t[p:int(p)+qgramLen], s.gram) {
				hits = append(hits, uint64(int64(p)+int64(s.diag)+bias)<<8|uint64(si))
			}
		}
	}
	slices.Sort(hits)
	diagOf := func(h uint64) int { return int(int64(h>>8) - bias) }
	seedOf := func(h uint64) int { return int(h & 0xff) }

	// Slide a window of diagonals no wider than band; keep the windows with the most distinct seeds
	// voting, one per cluster (overlapping windows are the same place).
	type region struct{ lo, hi, votes int }
	var chosen []region
	counts := make([]int, len(seeds))
	distinct, minVotes := 0, min(2, len(seeds))
	for i, j := 0, 0; i < len(hits); i++ {
		for j < len(hits) && diagOf(hits[j])-diagOf(hits[i]) <= band {
			if counts[seedOf(hits[j])] == 0 {
				distinct++
			}
			counts[seedOf(hits[j])]++
			j++
		}
		if distinct >= minVotes {
			r := region{diagOf(hits[i]), diagOf(hits[j-1]), distinct}
			k := slices.IndexFunc(chosen, func(c region) bool { return r.lo <= c.hi+band && c.lo <= r.hi+band })
			switch {
			case k >= 0 && r.votes > chosen[k].votes:
				chosen[k] = r
			case k >= 0:
			case len(chosen) < maxRegions:
				chosen = append(chosen, r)
			default:
				worst := 0
				for c := range chosen {
					if chosen[c].votes < chosen[worst].votes {
						worst = c
					}
				}
				if r.votes > chosen[worst].votes {
					chosen[worst] = r
				}
			}
		}
		counts[seedOf(hits[i])]--
		if counts[seedOf(hits[i])] == 0 {
			distinct--
		}
	}

	forward := newMyersPattern(quote)
	backward := newMyersPattern(reversed(quote))
	var cands []candidate
	for _, r := range chosen {
		lo, hi := max(0, r.lo-band), min(len(t), r.hi+len(quote)+band)
		if lo >= hi {
			continue
		}
		dists := make([]int, hi-lo)
		forward.distances(t[lo:hi], false, dists)
		best := slices.Min(dists)
		if best > maxErr {
			continue
		}
		tried := 0
		for j, dj := range dists {
			if dj != best || tried == maxTiedEnds {
				continue
			}
			tried++
			end := lo + j + 1
			for _, st := range d.traceStarts(backward, end, band) {
				cands = append(cands, d.newCandidate(q, st.start, end, st.dist))
			}
		}
	}
	return cands
}

type matchStart struct{ start, dist int }

// traceStarts finds where the best matches of the quote that end at end begin: the reversed quote
// is aligned, anchored at end, against the reversed text before it. Equally good starts are all
// returned (up to maxTiedEnds): the context decides between them.
func (d *document) traceStarts(backward *myersPattern, end, band int) []matchStart {
	lo := max(0, end-backward.m-band)
	rev := reversed(d.norm.runes[lo:end])
	if len(rev) == 0 {
		return nil
	}
	dists := make([]int, len(rev))
	backward.distances(rev, true, dists)
	best := slices.Min(dists)
	var out []matchStart
	for j, dj := range dists {
		if dj == best && len(out) < maxTiedEnds {
			out = append(out, matchStart{end - (j + 1), dj})
		}
	}
	return out
}

func reversed(s []rune) []rune {
	out := make([]rune, len(s))
	for i, r := range s {
		out[len(s)-1-i] = r
	}
	return out
}

// otherFigures reports whether c is the same sentence form as best with other figures: best is the
// quote with its whole context, and c differs from it only in digits ("over 3 years" against "over
// 2 years"). That is another fact, not a second copy of the passage, so it does not make the
// choice ambiguous.
func (d *document) otherFigures(q *query, best, c candidate) bool {
	if best.cost != 0 || !best.verbatim || c.dist != 0 || len(q.prefix)+len(q.suffix) == 0 {
		return false
	}
	t := d.norm.runes
	if c.a < len(q.prefix) || c.b+len(q.suffix) > len(t) {
		return false
	}
	differ := false
	same := func(got, want []rune) bool {
		for i := range want {
			g, w := got[i], want[i]
			switch {
			case g == w:
			case unicode.IsDigit(g) && unicode.IsDigit(w):
				differ = true
			default:
				return false
			}
		}
		return true
	}
	return same(t[c.a-len(q.prefix):c.a], q.prefix) && same(t[c.b:c.b+len(q.suffix)], q.suffix) && differ
}

// sameFigures reports whether the candidate holds the quote's figures (runs of digits), the same
// ones in the same order. A light rewrite changes a word or two; one that changes a figure ("4206
// residents" → "6252 residents") is another sentence of the same form: another fact.
func (d *document) sameFigures(q *query, c candidate) bool {
	return slices.EqualFunc(figures(q.quote), figures(d.norm.runes[c.a:c.b]), slices.Equal[[]rune])
}

func figures(t []rune) [][]rune {
	var out [][]rune
	for i := 0; i < len(t); {
		if !unicode.IsDigit(t[i]) {
			i++
			continue
		}
		j := figureEnd(t, i)
		out = append(out, t[i:j])
		i = j
	}
	return out
}

// correctedInPlace: an edited quote whose figures changed is taken only as a correction of the
// passage itself, at the place its neighbours give it (or its old offset when they give none), and
// vouched for by its context: both sides nearly intact, or one side (the other may be a sentence
// inserted beside it) with nothing but the figures changed. A sentence of the same form with another
// place and another number is another fact.
func (d *document) correctedInPlace(q *query, c candidate) bool {
	if q.win != nil && !q.win.holds(c) || q.win == nil && abs(c.start-q.oldStart) > windowSlack {
		return false
	}
	if min(c.prefixSim, c.suffixSim) >= StrongContextSupport {
		return true
	}
	return max(c.prefixSim, c.suffixSim) >= StrongContextSupport && slices.Equal(maskFigures(q.quote), maskFigures(d.norm.runes[c.a:c.b]))
}

// maskFigures writes each figure (see figureEnd) as one '#'.
func maskFigures(t []rune) []rune {
	out := make([]rune, 0, len(t))
	for i := 0; i < len(t); {
		if unicode.IsDigit(t[i]) {
			out = append(out, '#')
			i = figureEnd(t, i)
			continue
		}
		out = append(out, t[i])
		i++
	}
	return out
}

// figureEnd is where the figure starting at t[i] ends: digits, with a point or comma between digits
// ("4.5", "1,200") inside it.
func figureEnd(t []rune, i int) int {
	for i < len(t) && (unicode.IsDigit(t[i]) || (t[i] == '.' || t[i] == ',') && i > 0 && unicode.IsDigit(t[i-1]) && i+1 < len(t) && unicode.IsDigit(t[i+1])) {
		i++
	}
	return i
}
