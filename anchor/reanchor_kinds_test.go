package anchor

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// Tests of the four kinds of miss in issue 17 and the property that matters most, on generated
// articles (seeds apart from both parts of the news test set).

// propertyParams draws articles of every script with every kind of edit, from seeds of their own.
var propertyParams = newsParams{part: "property", seedBase: 1 << 50, articles: 150, paragraphs: [2]int{6, 11}, editsPer: 3, pullQuotes: 2,
	scripts: []string{"en", "zh", "ar"}}

// TestPropertyNeverOnOtherText: random edits of random articles. Every annotation should be an
// orphan or lie on its own edited form (it overlaps the passage's true span, or for a passage
// repeated with its whole context, holds the same text); a deleted passage should be an orphan.
// The property does NOT hold yet: 12 of 2,184 annotations (0.55%, down from 26) land on other
// text (short phrases that recur with one side of their context between the same neighbours,
// near-duplicate templated sentences); the test logs every one and holds the share to that
// ceiling so that it can only shrink.
func TestPropertyNeverOnOtherText(t *testing.T) {
	set := generateNewsSet(propertyParams)
	bad, total := 0, 0
	for _, c := range set.Cases {
		olds := make([]Selector, len(c.Anns))
		for i, a := range c.Anns {
			olds[i] = a.Sel
		}
		newRunes := []rune(c.New)
		for i, r := range ReanchorAll(c.New, olds) {
			a := c.Anns[i]
			total++
			if r.Status == StatusOrphan {
				continue
			}
			own := !a.Deleted && (r.Start < a.End && a.Start < r.End ||
				a.Ambiguous && string(newRunes[r.Start:r.End]) == string(newRunes[a.Start:a.End]))
			if !own {
				bad++
				t.Logf("%s/%s: %q → %s %.2f on %q; truth deleted=%v %q", c.Doc, c.Scenario, a.Sel.Exact, r.Status, r.Confidence,
					string(newRunes[r.Start:r.End]), a.Deleted, string(newRunes[a.Start:a.End]))
			}
		}
	}
	t.Logf("%d of %d annotations on other text", bad, total)
	if ratio(bad, total) > 0.006 {
		t.Errorf("%d annotations (%.3f) anchored on text that is not their own, ceiling 0.006 (goal 0)", bad, ratio(bad, total))
	}
}

// kindCases generates n articles of a script, each with its annotations and one edit per
// annotation from edit, and returns them with the truth, as the news set does.
func kindCases(seed uint64, n int, script string, edit func(rng *rand.Rand, e *edited, s [2]int)) []testCase {
	p := tuneParams
	p.scripts = []string{script}
	var out []testCase
	for i := 0; i < n; i++ {
		rng := rand.New(rand.NewPCG(seed, uint64(i)))
		oldText := newsArticle(rng, p, script)
		old := []rune(oldText)
		spans := pickSpans(rng, old, 10)
		e := newEdited(old)
		for _, s := range spans[2:8] {
			edit(rng, e, s)
		}
		c := testCase{Doc: fmt.Sprintf("%s-%d", script, i), Old: oldText, New: string(e.text)}
		for _, s := range spans {
			ta := testAnno{Sel: describeRunes(old, s[0], s[1])}
			var heavy bool
			ta.Start, ta.End, ta.Deleted, heavy = newsTruth(e, s[0], s[1])
			whole := ta.Sel.Prefix + ta.Sel.Exact + ta.Sel.Suffix
			ta.Ambiguous = heavy || countOverlapping(c.Old, whole) > 1 || countOverlapping(c.New, whole) > 1
			c.Anns = append(c.Anns, ta)
		}
		out = append(out, c)
	}
	return out
}

func reanchorCase(c testCase) []Result {
	olds := make([]Selector, len(c.Anns))
	for i, a := range c.Anns {
		olds[i] = a.Sel
	}
	return ReanchorAll(c.New, olds)
}

// Kind 1: a fuzzy match never begins or ends inside a word when the passage did not.
func TestKindBoundariesOnWords(t *testing.T) {
	text := "The man pleaded guilty to selling cocaine in 2009, the court said."
	sel := mustDescribeQuote(t, text, "pleaded guilty to selling cocaine")
	newText := strings.Replace(text, "pleaded guilty to selling cocaine", "pled guilty to selling cocain", 1)
	if r := Reanchor(newText, sel); r.Status == StatusOrphan || string([]rune(newText)[r.Start:r.End]) != "pled guilty to selling cocain" {
		t.Errorf("got %+v %q", r, string([]rune(newText)[r.Start:r.End]))
	}
	for _, script := range []string{"en", "ar", "zh"} {
		n, onWords := 0, 0
		for _, c := range kindCases(101, 30, script, func(rng *rand.Rand, e *edited, s [2]int) {
			replaceEdgeWord(rng, e, s, script)
			typoInside(rng, e, s)
		}) {
			nr := []rune(c.New)
			for i, r := range reanchorCase(c) {
				if r.Status == StatusOrphan || c.Anns[i].Deleted {
					continue
				}
				n++
				inWord := func(at int) bool { return at > 0 && at < len(nr) && wordJoins(nr[at-1], nr[at]) }
				if !inWord(r.Start) && !inWord(r.End) {
					onWords++
				} else {
					t.Logf("%q → %q (prefix %q suffix %q, new %q|%q)", c.Anns[i].Sel.Exact, string(nr[r.Start:r.End]), c.Anns[i].Sel.Prefix, c.Anns[i].Sel.Suffix, string(nr[max(0, r.Start-5):r.Start]), string(nr[r.End:min(len(nr), r.End+5)]))
				}
			}
		}
		t.Logf("%s: %d of %d anchors on word boundaries", script, onWords, n)
		if n == 0 || onWords < n {
			t.Errorf("%s: %d of %d anchors begin and end on word boundaries (want all)", script, onWords, n)
		}
	}
}

// Kind 2: a sentence with a word or two changed, with a sentence inserted beside it, is found.
func TestKindLightRewrite(t *testing.T) {
	// Between two neighbours that are still in place (its window), with one side of its context
	// replaced by the inserted sentence.
	text := "Budget approved after a long night of talks in the council chamber.\n\n" +
		"City officials approved the long-delayed budget on Monday after a heated six-hour debate. Critics were not convinced and said they would appeal.\n\n" +
		"The mayor thanked the council members for their patience and their work."
	sels := []Selector{mustDescribeQuote(t, text, "Budget approved after a long night"),
		mustDescribeQuote(t, text, "City officials approved the long-delayed budget on Monday after a heated six-hour debate."),
		mustDescribeQuote(t, text, "thanked the council members")}
	newText := strings.Replace(text, "City officials approved the long-delayed budget on Monday", "A new sentence was added here. City officials passed the long-delayed budget on Tuesday", 1)
	want := "City officials passed the long-delayed budget on Tuesday after a heated six-hour debate."
	if r := ReanchorAll(newText, sels)[1]; r.Status != StatusFuzzy || string([]rune(newText)[r.Start:r.End]) != want {
		t.Errorf("got %+v %q", r, string([]rune(newText)[r.Start:r.End]))
	}
	found, n := 0, 0
	for _, c := range kindCases(202, 40, "en", func(rng *rand.Rand, e *edited, s [2]int) {
		rewriteInside(rng, e, s, "en", 1)
		insertBeside(rng, e, s, "en")
	}) {
		for i, r := range reanchorCase(c) {
			a := c.Anns[i]
			if a.Deleted || a.Ambiguous || len(words([]rune(a.Sel.Exact))) < 8 {
				continue
			}
			n++
			if r.Status != StatusOrphan && iou(r.Start, r.End, a.Start, a.End) >= 0.8 {
				found++
			} else if testing.Verbose() {
				t.Logf("missed %q → %s; truth %q", a.Sel.Exact, r.Status, string([]rune(c.New)[a.Start:a.End]))
			}
		}
	}
	// Measured 0.85 when written, 0.84 (136 of 162) since a changed figure needs its place vouched
	// for (two rewrites here replace a figure by a word: orphans with a suggestion now); the goal is
	// all of them (BENCHMARKS.md): this floor only keeps it from getting worse.
	t.Logf("%d of %d rewritten passages of 8+ words found", found, n)
	if n == 0 || ratio(found, n) < 0.835 {
		t.Errorf("%d of %d rewritten passages of 8+ words found (floor 0.835)", found, n)
	}
}

// Kind 3: a passage that now also occurs elsewhere (a pull quote) stays on its own copy.
func TestKindRepeatedText(t *testing.T) {
	onCopy, n := 0, 0
	for _, c := range kindCases(303, 40, "en", func(rng *rand.Rand, e *edited, s [2]int) {
		repeatElsewhere(rng, e, s, nil, "en")
	}) {
		newRunes := []rune(c.New)
		for i, r := range reanchorCase(c) {
			a := c.Anns[i]
			if a.Deleted || r.Status == StatusOrphan {
				continue
			}
			n++
			if iou(r.Start, r.End, a.Start, a.End) < 0.8 && string(newRunes[r.Start:r.End]) != string(newRunes[a.Start:a.End]) {
				onCopy++
				t.Logf("%s: %q → %+v", c.Doc, a.Sel.Exact, r)
			}
		}
	}
	if n == 0 || onCopy > 0 {
		t.Errorf("%d of %d anchors on a copy instead of the passage", onCopy, n)
	}
}

// Kind 4: a deleted passage whose words recur elsewhere (the pull quote) is an orphan with a
// suggestion, never a move.
func TestKindDeletedPassageWordsElsewhere(t *testing.T) {
	body := "The mayor spoke for an hour. “We will not cut the program that helped so many families this year,” she told the council, before leaving early.\n\n" +
		"Officials said the budget would be revised in March."
	text := "Budget fight\n\nthe program that helped so many families\n\n" + body
	sel := mustDescribeQuote(t, text, "the program that helped so many families")
	newText := "Budget fight\n\n" + body
	r := Reanchor(newText, sel)
	if r.Status != StatusOrphan {
		t.Fatalf("deleted pull quote anchored: %+v", r)
	}
	if got := string([]rune(newText)[r.Suggestion.Start:r.Suggestion.End]); got != "the program that helped so many families" {
		t.Errorf("suggestion %q", got)
	}
	// Generated: pull quotes cut from inside body sentences, highlighted, then deleted.
	anchored, n := 0, 0
	for i := 0; i < 60; i++ {
		rng := rand.New(rand.NewPCG(404, uint64(i)))
		paras := strings.Split(newsArticle(rng, tuneParams, "en"), "\n\n")
		src := []rune(paras[2+rng.IntN(len(paras)-2)])
		ws := words(src)
		if len(ws) < 8 {
			continue
		}
		a := 1 + rng.IntN(len(ws)/2-1)
		b := a + 2 + rng.IntN(len(ws)-a-3)
		quote := string(src[ws[a][0]:ws[b][1]])
		oldText := strings.Join(slices.Insert(slices.Clone(paras), 1, quote), "\n\n")
		newText := strings.Join(paras, "\n\n")
		sel := mustDescribeQuote(t, oldText, quote)
		n++
		if r := Reanchor(newText, sel); r.Status != StatusOrphan {
			anchored++
			t.Logf("%q → %+v", quote, r)
		}
	}
	if n == 0 || anchored > 0 {
		t.Errorf("%d of %d deleted pull quotes anchored elsewhere", anchored, n)
	}
}
