package anchor

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// referenceQgramIndex is buildQgramIndex as it was before it sorted in place (issue 22): the hashes kept
// in a slice, the postings placed through a cursor per bucket. The index must come out the same.
func referenceQgramIndex(t []rune) *qgramIndex {
	buckets := uint32(256)
	for int(buckets) < len(t) && buckets < 1<<22 {
		buckets <<= 1
	}
	ix := &qgramIndex{mask: buckets - 1, offsets: make([]int32, buckets+1)}
	grams := len(t) - qgramLen + 1
	if grams <= 0 {
		return ix
	}
	hashes := make([]uint32, grams)
	for i := range hashes {
		h := hashGram(t[i:]) & ix.mask
		hashes[i] = h
		ix.offsets[h+1]++
	}
	for h := 1; h < len(ix.offsets); h++ {
		ix.offsets[h] += ix.offsets[h-1]
	}
	ix.positions = make([]int32, grams)
	next := make([]int32, buckets)
	copy(next, ix.offsets[:buckets])
	for i, h := range hashes {
		ix.positions[next[h]] = int32(i)
		next[h]++
	}
	return ix
}

func TestQgramIndexBuiltInPlace(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []rune("ab cdé’\n\"xyz")
	for _, n := range []int{0, 1, 3, 4, 5, 17, 255, 256, 257, 1000, 5000, 70_000} {
		for _, letters := range []int{2, len(alphabet)} {
			text := make([]rune, n)
			for i := range text {
				text[i] = alphabet[r.IntN(letters)]
			}
			got, want := buildQgramIndex(text), referenceQgramIndex(text)
			if got.mask != want.mask || !slices.Equal(got.offsets, want.offsets) || !slices.Equal(got.positions, want.positions) {
				t.Fatalf("%d runes of %d letters: the index differs from the reference", n, letters)
			}
		}
	}
	// Every posting is a gram with its bucket's hash, ascending within the bucket.
	text := []rune(string(memTextForIndex()))
	ix := buildQgramIndex(text)
	for h := 0; h+1 < len(ix.offsets); h++ {
		posts := ix.positions[ix.offsets[h]:ix.offsets[h+1]]
		for k, p := range posts {
			if hashGram(text[p:])&ix.mask != uint32(h) || k > 0 && posts[k-1] >= p {
				t.Fatalf("bucket %d: posting %d (%d) is wrong", h, k, p)
			}
		}
	}
}

func memTextForIndex() []rune {
	r := rand.New(rand.NewPCG(5, 6))
	words := []rune("the port budget council voted ferry harbour dues")
	out := make([]rune, 0, 300_000)
	for len(out) < 300_000 {
		out = append(out, words[r.IntN(len(words))])
	}
	return out
}
