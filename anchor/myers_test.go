package anchor

import (
	"math/rand/v2"
	"testing"
)

// naiveDistances is the textbook dynamic program that myersPattern.distances must agree with.
func naiveDistances(p, t []rune, anchored bool) []int {
	prev := make([]int, len(p)+1)
	for i := range prev {
		prev[i] = i
	}
	out := make([]int, len(t))
	for j := range t {
		cur := make([]int, len(p)+1)
		if anchored {
			cur[0] = j + 1
		}
		for i := 1; i <= len(p); i++ {
			cost := 1
			if p[i-1] == t[j] {
				cost = 0
			}
			cur[i] = min(prev[i-1]+cost, prev[i]+1, cur[i-1]+1)
		}
		out[j] = cur[len(p)]
		prev = cur
	}
	return out
}

func TestMyersAgreesWithDynamicProgram(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("ab c🇺é")
	randRunes := func(n int) []rune {
		r := make([]rune, n)
		for i := range r {
			r[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return r
	}
	for trial := 0; trial < 400; trial++ {
		// Pattern lengths around the 64-bit word boundaries.
		m := []int{1, 2, 5, 63, 64, 65, 127, 128, 129, 200}[trial%10]
		p, text := randRunes(m), randRunes(rng.IntN(300)+1)
		for _, anchored := range []bool{false, true} {
			want := naiveDistances(p, text, anchored)
			got := make([]int, len(text))
			newMyersPattern(p).distances(text, anchored, got)
			for j := range want {
				if got[j] != want[j] {
					t.Fatalf("m=%d anchored=%v j=%d: myers %d, dp %d", m, anchored, j, got[j], want[j])
				}
			}
		}
	}
}
