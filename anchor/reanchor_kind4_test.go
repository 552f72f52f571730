package anchor

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// Kind 4 of issue 17, generated apart from the news set: a deleted passage whose words recur
// elsewhere must become an orphan, never a move. Two shapes, in every script:
//   - pullquote: a pull quote (a fragment of a body sentence, as its own paragraph near the top,
//     with or without quote marks) holds a highlight and is deleted; its words stay in the body,
//     sometimes with a typo;
//   - boilerplate: a stock sentence (a credit line, "This story has been updated.") occurs two or
//     three times; the highlighted occurrence is deleted, sometimes with the sentence before it.
// Every article also holds ordinary highlights (the neighbours). The tuning part (seed 4040) was
// looked at while changing reanchor.go; the held-back part (seed 4041) is only measured.

var boilerplate = map[string][]string{
	"en": {"Reporting by Grace Lin; editing by Tom Okafor.", "This story has been updated.", "The Associated Press contributed to this report.",
		"Subscribe to our newsletter for more local news.", "Read more: the full report is available online."},
	"zh": {"本报记者报道。", "本文已更新。", "更多新闻请关注我们。"},
	"ar": {"ساهم في التقرير مراسلونا.", "تم تحديث هذا الخبر.", "تابعونا لمزيد من الأخبار."},
}

type kind4Case struct {
	testCase
	target int // index in Anns of the deleted highlight (always 0)
}

func kind4Set(seed uint64, n int) []kind4Case {
	scripts := []string{"en", "en", "zh", "ar"}
	var out []kind4Case
	for i := 0; i < n; i++ {
		rng := rand.New(rand.NewPCG(seed, uint64(i)))
		script := scripts[i%len(scripts)]
		p := tuneParams
		p.paragraphs = [2]int{5, 10}
		paras := strings.Split(newsArticle(rng, p, script), "\n\n")
		shape := "pullquote"
		if i%2 == 1 {
			shape = "boilerplate"
		}
		var quote string
		var at int // paragraph of the passage that will be deleted
		switch shape {
		case "pullquote":
			body := []rune(paras[2+rng.IntN(len(paras)-2)])
			ws := words(body)
			if len(ws) < 4 {
				continue
			}
			a := rng.IntN(len(ws) / 2)
			b := min(len(ws)-1, a+2+rng.IntN(len(ws)))
			quote = string(body[ws[a][0]:ws[b][1]])
			para := quote
			if rng.IntN(2) == 0 {
				para = "“" + quote + "”"
			}
			at = 1 + rng.IntN(2)
			paras = slices.Insert(paras, at, para)
		default:
			quote = pick(rng, boilerplate[script])
			sep := newsSentenceSep(script)
			copies := 2 + rng.IntN(2)
			var ends []int
			for _, k := range rng.Perm(len(paras) - 1)[:min(copies, len(paras)-1)] {
				paras[1+k] += sep + quote
				ends = append(ends, 1+k)
			}
			at = pick(rng, ends)
		}
		oldText := strings.Join(paras, "\n\n")
		old := []rune(oldText)
		// The passage to delete: the quote in paragraph at (its last occurrence there).
		pstart := 0
		for k := 0; k < at; k++ {
			pstart += len([]rune(paras[k])) + 2
		}
		pr := []rune(paras[at])
		qi := strings.LastIndex(string(pr), quote)
		qs := pstart + len([]rune(string(pr)[:qi]))
		qe := qs + len([]rune(quote))
		// The highlight: all of the quote or a few of its words.
		hs, he := qs, qe
		if ws := words(old[qs:qe]); len(ws) > 3 && rng.IntN(2) == 0 {
			a := rng.IntN(len(ws) - 2)
			hs, he = qs+ws[a][0], qs+ws[a+2][1]
		}
		e := newEdited(old)
		switch shape {
		case "pullquote":
			e.replace(pstart, pstart+len(pr)+2, "")
			if rng.IntN(3) == 0 {
				// A typo in the body copy as well.
				if k := strings.Index(string(e.text), quote); k >= 0 {
					typo(rng, e, len([]rune(string(e.text)[:k]))+len([]rune(quote))/2)
				}
			}
		default:
			from := qs
			if rng.IntN(2) == 0 {
				// The sentence before it goes too.
				if ss := sentences(old[pstart:qs]); len(ss) > 0 {
					from = pstart + ss[len(ss)-1][0]
				}
			}
			for from > pstart && old[from-1] == ' ' {
				from--
			}
			e.replace(from, qe, "")
		}
		c := kind4Case{testCase: testCase{Doc: fmt.Sprintf("kind4-%d-%d-%s", seed, i, script), Scenario: shape, Old: oldText, New: string(e.text)}}
		spans := append([][2]int{{hs, he}}, pickSpans(rng, old, 8)...)
		for k, s := range spans {
			if k > 0 && s[0] < qe && hs < s[1] {
				continue // an ordinary highlight that overlaps the deleted one
			}
			ta := testAnno{Sel: describeRunes(old, s[0], s[1])}
			var heavy bool
			ta.Start, ta.End, ta.Deleted, heavy = newsTruth(e, s[0], s[1])
			if k == 0 {
				ta.Start, ta.End, ta.Deleted = 0, 0, true
				// A highlight inside a long pull quote can have its whole context inside it too:
				// then the old text held it twice with the same context, and no selector tells
				// the copies apart (counted apart, as the news set does).
			}
			whole := ta.Sel.Prefix + ta.Sel.Exact + ta.Sel.Suffix
			ta.Ambiguous = heavy || !ta.Deleted && (countOverlapping(c.Old, whole) > 1 || countOverlapping(c.New, whole) > 1)
			if k == 0 {
				ta.Ambiguous = countOverlapping(c.Old, whole) > 1
			}
			c.Anns = append(c.Anns, ta)
		}
		out = append(out, c)
	}
	return out
}

// kind4Tally: deleted highlights anchored somewhere, of n; other annotations on other text, of m;
// surviving unambiguous ones found exactly, of s; deleted highlights whose whole context was twice
// in the old text, and of them anchored on the surviving copy.
type kind4Tally struct{ moved, n, other, m, exact, s, suggested, twice, twiceMoved int }

func measureKind4(logf func(string, ...any), set []kind4Case, run func(string, []Selector) []Result) kind4Tally {
	var k kind4Tally
	for _, c := range set {
		olds := make([]Selector, len(c.Anns))
		for i, a := range c.Anns {
			olds[i] = a.Sel
		}
		nr := []rune(c.New)
		for i, r := range run(c.New, olds) {
			a := c.Anns[i]
			if i == c.target && a.Ambiguous {
				k.twice++
				if r.Status != StatusOrphan {
					k.twiceMoved++
				}
				continue
			}
			if i == c.target {
				k.n++
				if r.Status != StatusOrphan {
					k.moved++
					logf("%s/%s: deleted %q → %s %.2f on %q", c.Doc, c.Scenario, a.Sel.Exact, r.Status, r.Confidence, string(nr[r.Start:r.End]))
				} else if r.Suggestion != (Span{}) {
					k.suggested++
				}
				continue
			}
			k.m++
			if !a.Deleted && !a.Ambiguous {
				k.s++
				if r.Status != StatusOrphan && r.Start == a.Start && r.End == a.End {
					k.exact++
				}
			}
			if r.Status == StatusOrphan {
				continue
			}
			own := !a.Deleted && (r.Start < a.End && a.Start < r.End ||
				a.Ambiguous && string(nr[r.Start:r.End]) == string(nr[a.Start:a.End]))
			if !own {
				k.other++
			}
		}
	}
	return k
}

func (k kind4Tally) String() string {
	return fmt.Sprintf("deleted highlights anchored %d of %d (%d orphans with a suggestion); whole context twice in the old text: %d of %d anchored; other annotations on other text %d of %d; exact %.3f of %d",
		k.moved, k.n, k.suggested, k.twiceMoved, k.twice, k.other, k.m, ratio(k.exact, k.s), k.s)
}

// TestKind4Generated measures both parts, the held-back one beside the Hypothesis-style matcher,
// and holds each to the figure measured when it was written. The goal (no deleted highlight
// anchored) is NOT met: a short phrase deleted beside another copy of it between the same
// neighbours, with one side of its context shared (boilerplate in the next paragraph, "critics
// said it" twice in a paragraph), still anchors on the copy; and a highlight inside a long pull
// quote whose whole context lies inside the quote is indistinguishable from the body copy by its
// selector (counted apart: "whole context twice in the old text").
func TestKind4Generated(t *testing.T) {
	tune, held := kind4Set(4040, 120), kind4Set(4041, 160)
	kt := measureKind4(t.Logf, tune, ReanchorAll)
	kh := measureKind4(t.Logf, held, ReanchorAll)
	ht := measureKind4(func(string, ...any) {}, held, hypothesisMatch)
	t.Logf("kind 4, tuning part:    Reanchor %s", kt)
	t.Logf("kind 4, held-back part: Reanchor %s", kh)
	t.Logf("kind 4, held-back part: Hypothesis-style %s", ht)
	if kt.n < 80 || kt.moved > kind4TuneCeiling || kt.other > 0 {
		t.Errorf("tuning part: %d of %d deleted highlights anchored elsewhere (ceiling %d, goal 0); %d other annotations on other text",
			kt.moved, kt.n, kind4TuneCeiling, kt.other)
	}
	if kh.other > 0 || kh.moved >= ht.moved || kh.other > ht.other {
		t.Errorf("held-back part: Reanchor %+v, Hypothesis-style %+v", kh, ht)
	}
	if kh.n < 100 || kh.moved > kind4HeldCeiling {
		t.Errorf("held-back part: %d of %d deleted highlights anchored elsewhere (ceiling %d, goal 0)", kh.moved, kh.n, kind4HeldCeiling)
	}
}

// The figures measured when the test was written (goal 0): 2 of 86 and 4 of 117.
const kind4TuneCeiling, kind4HeldCeiling = 2, 4
