package anchor

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// hypothesisMatch is the baseline: the Hypothesis client's text-quote anchoring as its
// match-quote module does it (approx-string-match, Myers' bit-parallel search): the position
// selector if the text there is still the quote, else every exact occurrence, else every
// approximate one with at most min(256, len/2) errors; each scored
// (50 quote + 20 prefix + 20 suffix + 2 position) / 92, where a context score is
// 1 - errors / length of the best match of the context in the text just beside the match; the
// best wins, however low. It never orphans a quote that half matches somewhere.
func hypothesisMatch(newText string, olds []Selector) []Result {
	text := []rune(newText)
	out := make([]Result, len(olds))
	for i, o := range olds {
		out[i] = hypothesisOne(text, newText, o)
	}
	return out
}

func hypothesisOne(text []rune, textStr string, o Selector) Result {
	quote := []rune(o.Exact)
	if len(quote) == 0 {
		return Result{Status: StatusOrphan}
	}
	if o.Start >= 0 && o.Start+len(quote) <= len(text) && string(text[o.Start:o.Start+len(quote)]) == o.Exact {
		return Result{Status: StatusExact, Confidence: 1, Start: o.Start, End: o.Start + len(quote)}
	}
	type match struct{ start, end, errors int }
	var matches []match
	if strings.Contains(textStr, o.Exact) {
		for a := 0; a+len(quote) <= len(text); a++ {
			if text[a] == quote[0] && equalRunes(text[a:a+len(quote)], quote) {
				matches = append(matches, match{a, a + len(quote), 0})
			}
		}
	} else {
		maxErrors := min(256, len(quote)/2)
		fwd := newMyersPattern(quote)
		bwd := newMyersPattern(reversed(quote))
		dists := make([]int, len(text))
		fwd.distances(text, false, dists)
		for j, d := range dists {
			// approx-string-match reports every end within the budget; the ends of one place are
			// consecutive, and the best of them scores best, so keeping local minima changes nothing.
			if d > maxErrors || j > 0 && dists[j-1] <= d || j+1 < len(dists) && dists[j+1] < d {
				continue
			}
			lo := max(0, j+1-len(quote)-maxErrors)
			rev := reversed(text[lo : j+1])
			back := make([]int, len(rev))
			bwd.distances(rev, true, back)
			best := 0
			for k := range back {
				if back[k] < back[best] {
					best = k
				}
			}
			matches = append(matches, match{j - best, j + 1, d})
		}
	}
	if len(matches) == 0 {
		return Result{Status: StatusOrphan}
	}
	contextScore := func(near []rune, want string) float64 {
		w := []rune(want)
		if len(near) == 0 || len(w) == 0 {
			return 0
		}
		d := make([]int, len(near))
		newMyersPattern(w).distances(near, false, d)
		best := len(w)
		for _, x := range d {
			best = min(best, x)
		}
		return 1 - float64(best)/float64(len(w))
	}
	bestScore, best := -1.0, match{}
	prefixLen, suffixLen := len([]rune(o.Prefix)), len([]rune(o.Suffix))
	for _, m := range matches {
		score := 50*(1-float64(m.errors)/float64(len(quote))) +
			20*contextScore(text[max(0, m.start-prefixLen):m.start], o.Prefix) +
			20*contextScore(text[m.end:min(len(text), m.end+suffixLen)], o.Suffix) +
			2*(1-float64(abs(m.start-o.Start))/float64(len(text)))
		if score > bestScore {
			bestScore, best = score, m
		}
	}
	st := StatusFuzzy
	if best.errors == 0 {
		st = StatusExact
	}
	return Result{Status: st, Confidence: bestScore / 92, Start: best.start, End: best.end}
}

var newsMethods = []method{
	{name: "ReanchorFrom", from: ReanchorFrom},
	{name: "Reanchor", run: ReanchorAll},
	{name: "Hypothesis-style", run: hypothesisMatch},
}

// calibration counts, per confidence bucket of the anchors made, how many were right (exact span,
// or IoU ≥ 0.8 for a surviving or ambiguous passage).
type calibration struct{ n, right [5]int }

var calibrationBuckets = []string{"< 0.70", "0.70–0.80", "0.80–0.90", "0.90–0.99", "≥ 0.99"}

func (c *calibration) add(a testAnno, r Result) {
	if r.Status == StatusOrphan {
		return
	}
	b := 4
	switch {
	case r.Confidence < 0.70:
		b = 0
	case r.Confidence < 0.80:
		b = 1
	case r.Confidence < 0.90:
		b = 2
	case r.Confidence < 0.99:
		b = 3
	}
	c.n[b]++
	if !a.Deleted && iou(r.Start, r.End, a.Start, a.End) >= 0.8 {
		c.right[b]++
	}
}

func (c calibration) String() string {
	var sb strings.Builder
	for b, name := range calibrationBuckets {
		fmt.Fprintf(&sb, "  %-10s %5d anchors, %.3f right\n", name, c.n[b], ratio(c.right[b], c.n[b]))
	}
	return sb.String()
}

// evalSet runs every method over a set and logs the table, per kind for Reanchor, and the
// calibration of each method.
func evalSet(t *testing.T, set testSet) []tally {
	totals := make([]tally, len(newsMethods))
	cals := make([]calibration, len(newsMethods))
	byKind := map[string]*tally{}
	var order []string
	for _, c := range set.Cases {
		olds := make([]Selector, len(c.Anns))
		for i, a := range c.Anns {
			olds[i] = a.Sel
		}
		for m, meth := range newsMethods {
			results := meth.runOn(c, olds)
			for i, a := range c.Anns {
				totals[m].add(a, results[i])
				cals[m].add(a, results[i])
				if m != 0 {
					continue
				}
				k := byKind[c.Scenario]
				if k == nil {
					k = &tally{}
					byKind[c.Scenario] = k
					order = append(order, c.Scenario)
				}
				k.add(a, results[i])
				if testing.Verbose() && os.Getenv("ANCHOR_EVAL_DETAIL") != "" {
					logMiss(t, c, a, results[i])
				}
			}
		}
	}
	meth0 := newsMethods[0].name
	t.Logf("set %s: %d cases, %d annotations (%d surviving, %d deleted, %d ambiguous or heavily changed)",
		set.Version, len(set.Cases), totals[0].all, totals[0].surviving, totals[0].deleted, totals[0].ambiguous)
	t.Log(tableHeader)
	for m, meth := range newsMethods {
		t.Log(totals[m].row(meth.name))
	}
	t.Log(meth0 + " by kind:")
	for _, name := range order {
		t.Log(byKind[name].row("  " + name))
	}
	for m, meth := range newsMethods {
		t.Logf("calibration of %s (confidence → share right):\n%s", meth.name, cals[m])
	}
	return totals
}

// The issue-17 goals (exact ≥ 0.97, near ≥ 0.99, orphan recall 1, no false anchor) are NOT met on
// this set yet (BENCHMARKS.md, "Re-anchoring (issue 17)"); these floors are the figures measured
// when the set was made, so that no change makes them worse.
var newsTuneFloors = floors{exact: 0.89, near: 0.89, orphan: 0.97, falseAnchor: 0.013}

// TestNewsAccuracy: the tuning part of the generated set, held to its floors.
func TestNewsAccuracy(t *testing.T) {
	holdToFloors(t, evalSet(t, generateNewsSet(tuneParams))[0], newsTuneFloors)
}

// TestHeldBackAccuracy only measures the held-back part (never tuned on by ReanchorAll; its misses
// were read, one by one, to find the kinds ReanchorFrom addresses, so for ReanchorFrom the fresh
// part, TestFreshHeldBackAccuracy, is the held-back one). It fails only if either makes more false
// anchors than the Hypothesis-style matcher or finds fewer deleted passages.
func TestHeldBackAccuracy(t *testing.T) {
	totals := evalSet(t, generateNewsSet(heldParams))
	theirs := totals[len(totals)-1]
	for m, ours := range totals[:len(totals)-1] {
		if ours.falseAnchor >= theirs.falseAnchor || ours.orphaned <= theirs.orphaned {
			t.Errorf("%s %d false anchors, %d orphans found; Hypothesis-style %d, %d",
				newsMethods[m].name, ours.falseAnchor, ours.orphaned, theirs.falseAnchor, theirs.orphaned)
		}
	}
}

// TestCalibration: confidence means something. No moved anchor is under ReviewConfidence (such
// anchors are reported fuzzy, so they go to Review); anchors at ≥ 0.99 are right at least 97% of the time; and each bucket from 0.80
// up is right at least as often as the anchors below it.
func TestCalibration(t *testing.T) {
	set := generateNewsSet(tuneParams)
	var cal calibration
	for _, c := range set.Cases {
		olds := make([]Selector, len(c.Anns))
		for i, a := range c.Anns {
			olds[i] = a.Sel
		}
		for i, r := range ReanchorAll(c.New, olds) {
			cal.add(c.Anns[i], r)
			if r.Status == StatusMoved && r.Confidence < ReviewConfidence {
				t.Errorf("%s anchor with confidence %.2f < %.2f would skip Review", r.Status, r.Confidence, ReviewConfidence)
			}
		}
	}
	t.Logf("calibration:\n%s", cal)
	share := func(lo, hi int) float64 {
		n, right := 0, 0
		for b := lo; b < hi; b++ {
			n += cal.n[b]
			right += cal.right[b]
		}
		return ratio(right, n)
	}
	if got := share(4, 5); got < 0.97 {
		t.Errorf("anchors at ≥ 0.99 right %.3f of the time", got)
	}
	for b := 2; b < 5; b++ {
		below := 0
		for k := 0; k < b; k++ {
			below += cal.n[k]
		}
		// Compared with the anchors below it only when they are enough to say so (one wrong anchor in
		// 14 swings their share by 7 points); every bucket from 0.80 up must be right 85% of the time.
		if below >= 30 && share(b, b+1) < share(0, b) {
			t.Errorf("bucket %s right %.3f, less often than the anchors below it (%.3f)", calibrationBuckets[b], share(b, b+1), share(0, b))
		}
		if cal.n[b] > 0 && share(b, b+1) < 0.85 {
			t.Errorf("bucket %s right %.3f, under 0.85", calibrationBuckets[b], share(b, b+1))
		}
	}
}
