package anchor

// A second held-back set for re-anchoring (issue 17, round 2 session 8): "tail1", made after this
// session's rules were written and only measured. Its text is the part of the Zyte benchmark's
// article bodies that real1 leaves out (testdata/zyte/tails.json.gz, made by make_tails.py: the
// paragraphs after real1's 5,000-code-point cut, cut again at 5,000; 34 articles with 1,000 code
// points or more of them), so no set tuned on holds it. Each text is edited three times, in desk2's
// ten profiles (deskCase), with seeds of its own; the headline profile has no headline here and
// edits the body only. testdata/testset-tail1.sha256 pins it.

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

const tailSetVersion = "tail1"

func generateTailSet(t testing.TB) testSet {
	arts := loadZyte(t, "tails.json.gz")
	set := testSet{Version: "news-" + tailSetVersion}
	for pass := 0; pass < 3; pass++ {
		for i := range arts {
			rng := rand.New(rand.NewPCG(3<<50+uint64(pass)<<20+uint64(i), 31))
			kind := deskProfiles[(i+pass*3)%len(deskProfiles)]
			if c, ok := deskCase(arts, i, rng, kind, fmt.Sprintf("tail1-%d-%s", pass, arts[i].ID)); ok {
				set.Cases = append(set.Cases, c)
			}
		}
	}
	return set
}

// TestTail1SetVersion pins the tail1 set.
func TestTail1SetVersion(t *testing.T) {
	pinSet(t, generateTailSet(t), tailSetVersion)
}

// TestTail1HeldBackAccuracy only measures tail1 (ReanchorFrom, ReanchorAll and the Hypothesis-style
// matcher, same run). It fails only if ReanchorFrom makes more false anchors, or finds fewer
// deleted passages, than the Hypothesis-style matcher, or if too few articles made cases.
func TestTail1HeldBackAccuracy(t *testing.T) {
	set := generateTailSet(t)
	if len(set.Cases) < 80 {
		t.Fatalf("only %d cases", len(set.Cases))
	}
	noWorseThanHypothesis(t, set)
}
