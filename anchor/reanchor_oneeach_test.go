package anchor

import (
	"strings"
	"testing"
)

// oneEach: of two passages apart in the old text that land on one place, a searched one gives way to
// one followed at its own text, or to one found with a higher confidence; with equal confidence both
// become orphans; passages that overlapped in the old text (two highlights of one sentence) may
// share a place.
func TestOneEach(t *testing.T) {
	olds := []Selector{
		{Start: 0, Exact: "abcdefghij"},   // 0: searched, lands where 1 was followed
		{Start: 50, Exact: "abcdefghij"},  // 1: followed
		{Start: 100, Exact: "klmnopqrst"}, // 2: searched, lower confidence than 3
		{Start: 150, Exact: "klmnopqrst"}, // 3: searched
		{Start: 200, Exact: "uvwxyzabcd"}, // 4, 5: searched, equal confidence
		{Start: 250, Exact: "uvwxyzabcd"},
		{Start: 300, Exact: "0123456789"}, // 6, 7: overlapped in the old text
		{Start: 302, Exact: "23456789"},
	}
	at := func(s, e int, c float64) Result { return Result{Status: StatusFuzzy, Start: s, End: e, Confidence: c} }
	results := []Result{at(40, 50, 0.9), at(40, 50, 0.99), at(60, 70, 0.8), at(60, 70, 0.9), at(80, 90, 0.85), at(81, 90, 0.85), at(100, 110, 0.9), at(102, 110, 0.9)}
	inOld := []bool{true, true, true, true, true, true, true, true}
	oneEach(olds, results, []int{0, 2, 3, 4, 5, 6, 7}, inOld)
	wantOrphan := []bool{true, false, true, false, true, true, false, false}
	for i, w := range wantOrphan {
		if got := results[i].Status == StatusOrphan; got != w {
			t.Errorf("selector %d: orphan %v, want %v", i, got, w)
		}
		if w && results[i].Suggestion.End == 0 {
			t.Errorf("selector %d: orphan with no suggestion", i)
		}
	}
}

// The desk2 case that showed it (a pull quote and the body sentence it copied both highlighted, the
// pull quote deleted and the body's paragraph rewritten around the sentence): both were searched for
// and both found the one copy left; the deleted pull quote's highlight is an orphan now.
func TestFromDeletedPullQuoteNotOnItsBodyCopy(t *testing.T) {
	seen := false
	for _, c := range generateDeskSet(t).Cases {
		if c.Doc != "desk2-0-quanta-1" {
			continue
		}
		olds := make([]Selector, len(c.Anns))
		for i, a := range c.Anns {
			olds[i] = a.Sel
		}
		rs := ReanchorFrom(c.Old, c.New, olds)
		for i, a := range c.Anns {
			if a.Deleted && strings.HasPrefix(a.Sel.Exact, "But in fact, Lorenz") {
				seen = true
				if rs[i].Status != StatusOrphan {
					t.Errorf("deleted pull quote: %s [%d,%d)", rs[i].Status, rs[i].Start, rs[i].End)
				}
			}
		}
	}
	if !seen {
		t.Fatal("the case is not in desk2")
	}
}
