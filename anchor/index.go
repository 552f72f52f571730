package anchor

// qgramLen is the length of the grams the index is built from: long enough that most grams of a
// quote are rare in a news text, short enough that a one-letter edit spoils few of them.
const qgramLen = 4

// qgramIndex lists, for every gram of a folded text, where it occurs. Grams are hashed into
// buckets; a collision only adds a false candidate, which the caller verifies anyway.
type qgramIndex struct {
	mask      uint32
	offsets   []int32 // the postings of bucket h are positions[offsets[h]:offsets[h+1]]
	positions []int32 // ascending within a bucket
}

func hashGram(g []rune) uint32 {
	h := uint32(2166136261)
	for _, r := range g[:qgramLen] {
		h = (h ^ uint32(r)) * 16777619
	}
	return h ^ h>>15
}

func buildQgramIndex(t []rune) *qgramIndex {
	buckets := uint32(256)
	for int(buckets) < len(t) && buckets < 1<<22 {
		buckets <<= 1
	}
	ix := &qgramIndex{mask: buckets - 1, offsets: make([]int32, buckets+1)}
	grams := len(t) - qgramLen + 1
	if grams <= 0 {
		return ix
	}
	// A counting sort in place (issue 22): offsets[h] counts bucket h, then is summed to where bucket h
	// ends, and the grams, taken last first, are put just before it, so each bucket ends ascending and
	// offsets[h] where it starts. The hashes are computed twice rather than kept, and no cursor slice
	// is made: those were two more slices as long as the text (4 bytes a character each), live while
	// the index was built.
	for i := range grams {
		ix.offsets[hashGram(t[i:])&ix.mask]++
	}
	for h := 1; h < len(ix.offsets); h++ {
		ix.offsets[h] += ix.offsets[h-1]
	}
	ix.positions = make([]int32, grams)
	for i := grams - 1; i >= 0; i-- {
		h := hashGram(t[i:]) & ix.mask
		ix.offsets[h]--
		ix.positions[ix.offsets[h]] = int32(i)
	}
	return ix
}

// postings returns the positions where a gram with the same hash as g[:qgramLen] starts.
func (ix *qgramIndex) postings(g []rune) []int32 {
	h := hashGram(g) & ix.mask
	return ix.positions[ix.offsets[h]:ix.offsets[h+1]]
}
