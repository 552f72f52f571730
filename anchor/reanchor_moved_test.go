package anchor

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// Moved paragraphs against deleted copies, generated apart from every other set (issue 17: the
// two rule sets combined). The passages that touch a paragraph's edge are the hard ones: when the
// paragraph moves, one side of their context is new text. Three shapes, in every script:
//   - move: a paragraph with highlights at its start, in its middle and at its end moves elsewhere;
//   - swap: it changes places with the paragraph after it;
//   - deleted-copy: the paragraph was there twice (a republished block, or its first sentences as a
//     pull quote) and the highlighted copy is deleted: its highlights must become orphans (kind 4).
//
// Every article also holds one ordinary highlight per other paragraph. The tuning part (seed 5050)
// was looked at while changing reanchor_place.go; the held-back part (seed 5051) is only measured.

type movedCase struct {
	testCase
	targets []int // indices in Anns of the highlights in the paragraph that moved or was deleted
}

func movedSet(seed uint64, n int) []movedCase {
	scripts := []string{"en", "en", "zh", "ar"}
	shapes := []string{"move", "swap", "deleted-copy"}
	var out []movedCase
	for i := 0; i < n; i++ {
		rng := rand.New(rand.NewPCG(seed, uint64(i)))
		script := scripts[i%len(scripts)]
		shape := shapes[(i/len(scripts))%len(shapes)]
		p := tuneParams
		p.paragraphs = [2]int{6, 10}
		paras := strings.Split(newsArticle(rng, p, script), "\n\n")
		// The target paragraph: one with enough words for three highlights.
		j := -1
		for _, k := range rng.Perm(len(paras) - 2) {
			if len(words([]rune(paras[1+k]))) >= 9 {
				j = 1 + k
				break
			}
		}
		if j < 0 {
			continue
		}
		oldParas := slices.Clone(paras)
		var newParas []string
		order := make([]int, len(paras)) // order[k]: old paragraph at new position k, -1 for none
		switch shape {
		case "move":
			to := j
			for to == j {
				to = rng.IntN(len(paras))
			}
			rest := slices.Delete(slices.Clone(paras), j, j+1)
			newParas = slices.Insert(rest, to, paras[j])
			order = make([]int, 0, len(paras))
			for k := range paras {
				if k != j {
					order = append(order, k)
				}
			}
			order = slices.Insert(order, to, j)
		case "swap":
			if j+1 >= len(paras) {
				j--
			}
			newParas = slices.Clone(paras)
			newParas[j], newParas[j+1] = newParas[j+1], newParas[j]
			for k := range order {
				order[k] = k
			}
			order[j], order[j+1] = j+1, j
		default:
			// A copy elsewhere: the whole paragraph, or its first sentences as a pull quote.
			cp := paras[j]
			if ss := sentences([]rune(cp)); len(ss) > 1 && rng.IntN(2) == 0 {
				cp = string([]rune(cp)[:ss[len(ss)/2][1]])
			}
			// Not next to it: deleting one of two adjacent copies cannot be told from deleting
			// the other.
			at := j
			for at >= j-1 && at <= j+1 {
				at = 1 + rng.IntN(len(paras))
			}
			oldParas = slices.Insert(slices.Clone(paras), at, cp)
			if at < j {
				j++
			}
			newParas = slices.Delete(slices.Clone(oldParas), j, j+1)
			order = make([]int, 0, len(oldParas))
			for k := range oldParas {
				if k != j {
					order = append(order, k)
				}
			}
		}
		oldText, newText := strings.Join(oldParas, "\n\n"), strings.Join(newParas, "\n\n")
		old := []rune(oldText)
		starts := func(ps []string) []int {
			var s []int
			at := 0
			for _, p := range ps {
				s = append(s, at)
				at += len([]rune(p)) + 2
			}
			return s
		}
		oldAt, newAt := starts(oldParas), starts(newParas)
		newPos := make([]int, len(oldParas)) // new start of each old paragraph, -1 if deleted
		for k := range newPos {
			newPos[k] = -1
		}
		for k, o := range order {
			newPos[o] = newAt[k]
		}
		c := movedCase{testCase: testCase{Doc: fmt.Sprintf("moved-%d-%d-%s", seed, i, script), Scenario: shape, Old: oldText, New: newText}}
		add := func(k, a, b int, target bool) {
			s := [2]int{oldAt[k] + a, oldAt[k] + b}
			ta := testAnno{Sel: describeRunes(old, s[0], s[1])}
			if newPos[k] < 0 {
				ta.Deleted = true
			} else {
				ta.Start, ta.End = newPos[k]+a, newPos[k]+b
			}
			whole := ta.Sel.Prefix + ta.Sel.Exact + ta.Sel.Suffix
			ta.Ambiguous = countOverlapping(oldText, whole) > 1 || !ta.Deleted && countOverlapping(newText, whole) > 1
			if target {
				c.targets = append(c.targets, len(c.Anns))
			}
			c.Anns = append(c.Anns, ta)
		}
		for k, p := range oldParas {
			ws := words([]rune(p))
			if k == j {
				n := 2 + rng.IntN(3)
				if 2*n+3 > len(ws) {
					n = 2
				}
				add(k, ws[0][0], ws[n-1][1], true)                     // at its start
				add(k, ws[len(ws)-n][0], ws[len(ws)-1][1], true)       // at its end
				add(k, ws[n+1][0], ws[min(len(ws)-n-2, n+3)][1], true) // inside
				continue
			}
			if len(ws) >= 5 && rng.IntN(3) > 0 {
				a := 1 + rng.IntN(len(ws)-4)
				add(k, ws[a][0], ws[a+2][1], false)
			}
		}
		out = append(out, c)
	}
	return out
}

// movedTally: highlights of a moved paragraph found on their own text, of n; highlights of a
// deleted copy anchored anywhere, of d; ordinary highlights on other text, of m; passages repeated
// with their whole context (either answer right) are left out.
type movedTally struct{ found, n, deletedMoved, d, other, m int }

func measureMoved(logf func(string, ...any), set []movedCase, run func(string, []Selector) []Result) movedTally {
	var k movedTally
	for _, c := range set {
		olds := make([]Selector, len(c.Anns))
		for i, a := range c.Anns {
			olds[i] = a.Sel
		}
		nr := []rune(c.New)
		for i, r := range run(c.New, olds) {
			a := c.Anns[i]
			if a.Ambiguous {
				continue
			}
			on := r.Status != StatusOrphan && !a.Deleted && string(nr[r.Start:r.End]) == string(nr[a.Start:a.End]) && r.Start == a.Start
			switch {
			case a.Deleted:
				k.d++
				if r.Status != StatusOrphan {
					k.deletedMoved++
					logf("%s/%s: deleted %q → %s %.2f on %q", c.Doc, c.Scenario, a.Sel.Exact, r.Status, r.Confidence, string(nr[r.Start:r.End]))
				}
			case slices.Contains(c.targets, i):
				k.n++
				if on {
					k.found++
				} else if r.Status != StatusOrphan {
					k.other++
					logf("%s/%s: moved %q → %s %.2f on %q", c.Doc, c.Scenario, a.Sel.Exact, r.Status, r.Confidence, string(nr[r.Start:r.End]))
				}
			default:
				k.m++
				if r.Status != StatusOrphan && !on {
					k.other++
					logf("%s/%s: %q → %s %.2f on %q", c.Doc, c.Scenario, a.Sel.Exact, r.Status, r.Confidence, string(nr[r.Start:r.End]))
				}
			}
		}
	}
	return k
}

func (k movedTally) String() string {
	return fmt.Sprintf("moved paragraphs' highlights found %d of %d (%.3f); deleted copies' highlights anchored %d of %d; on other text %d of %d others",
		k.found, k.n, ratio(k.found, k.n), k.deletedMoved, k.d, k.other, k.n+k.m)
}

func TestMovedParagraphsGenerated(t *testing.T) {
	tune := measureMoved(t.Logf, movedSet(5050, 120), ReanchorAll)
	held := measureMoved(func(string, ...any) {}, movedSet(5051, 150), ReanchorAll)
	without := func(text string, olds []Selector) []Result { return reanchorAll(text, olds, false) }
	tune0 := measureMoved(func(string, ...any) {}, movedSet(5050, 120), without)
	held0 := measureMoved(func(string, ...any) {}, movedSet(5051, 150), without)
	t.Logf("tuning part, two passes:    %v", tune0)
	t.Logf("tuning part, with paragraphs: %v", tune)
	t.Logf("held-back part, two passes:    %v", held0)
	t.Logf("held-back part, with paragraphs: %v", held)
	// Kind 4 first: the third pass must not add a single wrong anchor. The two passes before it
	// already put some deleted copies' highlights, and a few short stock phrases, on other text
	// (logged above): those are open, held to their count so that it can only shrink.
	for _, k := range [][2]movedTally{{tune0, tune}, {held0, held}} {
		if k[1].deletedMoved > k[0].deletedMoved || k[1].other > k[0].other {
			t.Errorf("the third pass added wrong anchors: %v, against %v", k[1], k[0])
		}
	}
	if tune.deletedMoved > 7 || tune.other > 6 {
		t.Errorf("tuning part: %v (ceilings 7 deleted copies anchored, 6 on other text; goal 0)", tune)
	}
	// Measured when the rules were combined (0.817; 0.328 without the third pass): a floor.
	if ratio(tune.found, tune.n) < 0.80 {
		t.Errorf("tuning part: %v (floor 0.80)", tune)
	}
}
