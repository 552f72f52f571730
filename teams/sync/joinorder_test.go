package sync

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestJoinOrderSameWhateverTheOrder: libraries apart each add their own versions after a shared history;
// whichever order their histories are joined in (pairwise, each join's result joined on), every library
// ends with the same history, each library's versions in its own order after the shared ones.
func TestJoinOrderSameWhateverTheOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 21))
	sha := func() string { return fmt.Sprintf("%016x", rng.Uint64()) }
	for trial := 0; trial < 300; trial++ {
		shared := []string{""}
		for range 1 + rng.IntN(3) {
			shared = append(shared, sha())
		}
		libs := make([][]string, 2+rng.IntN(3))
		for i := range libs {
			libs[i] = slices.Clone(shared)
			for range 1 + rng.IntN(3) {
				libs[i] = append(libs[i], sha())
			}
		}
		var first []string
		for p := 0; p < 6; p++ {
			order := rng.Perm(len(libs))
			got := libs[order[0]]
			for _, k := range order[1:] {
				if rng.IntN(2) == 0 {
					got = joinOrder(got, libs[k])
				} else {
					got = joinOrder(libs[k], got)
				}
			}
			if first == nil {
				first = got
			} else if !slices.Equal(got, first) {
				t.Fatalf("trial %d: joined in order %v: %v, before: %v", trial, order, got, first)
			}
		}
		if !slices.Equal(first[:len(shared)], shared) {
			t.Fatalf("trial %d: the shared history moved: %v", trial, first)
		}
		for i, l := range libs {
			at := -1
			for _, v := range l[len(shared):] {
				n := slices.Index(first, v)
				if n <= at {
					t.Fatalf("trial %d: library %d's versions out of their order in %v", trial, i, first)
				}
				at = n
			}
		}
		if len(first) != len(shared)+countOwn(libs, len(shared)) {
			t.Fatalf("trial %d: %d versions, want %d", trial, len(first), len(shared)+countOwn(libs, len(shared)))
		}
	}
}

func countOwn(libs [][]string, shared int) int {
	n := 0
	for _, l := range libs {
		n += len(l) - shared
	}
	return n
}
