package anchor

import (
	"math"
	"slices"
	"strings"
)

// TrackSimilarity is the least similarity at which a passage counts as "nearly the same" as a quote
// when tracking it across documents: at most one code point in five edited (substituted, inserted or
// deleted), measured, as everywhere in this package, on folded text (white-space runs and curly
// quotes do not count) and case-sensitively. Between it and 1 lie the reprints with a changed word,
// punctuation, "..." for a cut, or a typo; below it a passage is a different one that shares words.
const TrackSimilarity = 0.8

// Match is an approximate occurrence of a pattern: code points [Start, End) of the text searched, and
// Similarity = 1 - edit distance / pattern length (folded), 1 for a verbatim occurrence.
type Match struct {
	Start      int     `json:"start"`
	End        int     `json:"end"`
	Similarity float64 `json:"similarity"`
}

// Pattern is a quote prepared for searching many texts with Myers' bit-parallel matcher.
type Pattern struct {
	folded   []rune
	fwd, bwd *myersPattern
}

// NewPattern prepares a quote; white space at its ends is ignored. It returns nil for a quote with
// nothing but white space.
func NewPattern(quote string) *Pattern {
	f := foldString(strings.TrimSpace(quote))
	if len(f) == 0 {
		return nil
	}
	return &Pattern{folded: f, fwd: newMyersPattern(f), bwd: newMyersPattern(reversed(f))}
}

// Len is the length of the folded quote in code points: the denominator of Similarity.
func (p *Pattern) Len() int { return len(p.folded) }

// MaxEdits is the most edits a match with at least minSimilarity may have.
func (p *Pattern) MaxEdits(minSimilarity float64) int {
	return int(math.Floor((1-minSimilarity)*float64(len(p.folded)) + 1e-9))
}

// FindAll returns every non-overlapping place in text whose similarity to the quote is at least
// minSimilarity, in text order.
func (p *Pattern) FindAll(text string, minSimilarity float64) []Match {
	n := normalize([]rune(text))
	k := p.MaxEdits(minSimilarity)
	if k < 0 || len(n.runes) == 0 {
		return nil
	}
	dists := make([]int, len(n.runes))
	p.fwd.distances(n.runes, false, dists)
	var out []Match
	var lastEnd, lastDist = -1, 0
	for j := 0; j < len(dists); j++ {
		if dists[j] > k {
			continue
		}
		// A run of ends within the budget is one place: take its best end.
		best := j
		for j+1 < len(dists) && dists[j+1] <= k {
			j++
			if dists[j] < dists[best] {
				best = j
			}
		}
		a, b, d := p.trace(&n, best+1)
		m := Match{Similarity: p.similarity(d)}
		m.Start, m.End = n.toOrig(a, b)
		if len(out) > 0 && a < lastEnd { // overlaps the previous place: keep the better one
			if d < lastDist {
				out[len(out)-1] = m
				lastEnd, lastDist = b, d
			}
			continue
		}
		out = append(out, m)
		lastEnd, lastDist = b, d
	}
	return out
}

// trace finds where the best match ending at folded position end starts, anchored at end.
func (p *Pattern) trace(n *normText, end int) (start, stop, dist int) {
	band := len(p.folded)/2 + 4
	lo := max(0, end-len(p.folded)-band)
	rev := reversed(n.runes[lo:end])
	dists := make([]int, len(rev))
	p.bwd.distances(rev, true, dists)
	// Among equally good starts prefer one that is not white space, then the length nearest the quote's.
	rank := func(j int) (int, int, int) {
		space := 0
		if n.runes[end-(j+1)] == ' ' {
			space = 1
		}
		return dists[j], space, abs(j + 1 - len(p.folded))
	}
	bestJ := 0
	for j := range dists {
		d, sp, l := rank(j)
		bd, bsp, bl := rank(bestJ)
		if d < bd || d == bd && (sp < bsp || sp == bsp && l < bl) {
			bestJ = j
		}
	}
	return end - (bestJ + 1), end, dists[bestJ]
}

func (p *Pattern) similarity(dist int) float64 {
	return max(0, 1-float64(dist)/float64(len(p.folded)))
}

// BestMatch returns the place in text most similar to pattern (folded, as FindAll) and its similarity,
// however low; (0, 0, 0) for an empty pattern or text.
func BestMatch(text, pattern string) (start, end int, similarity float64) {
	p := NewPattern(pattern)
	if p == nil {
		return 0, 0, 0
	}
	n := normalize([]rune(text))
	if len(n.runes) == 0 {
		return 0, 0, 0
	}
	dists := make([]int, len(n.runes))
	p.fwd.distances(n.runes, false, dists)
	best := slices.Index(dists, slices.Min(dists))
	a, b, d := p.trace(&n, best+1)
	start, end = n.toOrig(a, b)
	return start, end, p.similarity(d)
}
