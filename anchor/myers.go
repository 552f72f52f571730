package anchor

// Myers' bit-parallel edit distance (G. Myers, JACM 1999) in the multi-word form of H. Hyyrö (2003),
// over code points. One column of the dynamic-programming table is kept as vertical +1/-1 bit
// vectors, 64 pattern positions per word, so a text position costs ceil(m/64) word steps.

type myersPattern struct {
	m      int
	blocks int
	peq    map[rune][]uint64 // per code point: bit i of word i/64 is set where pattern[i] == r
	zero   []uint64          // match vector of code points not in the pattern
}

func newMyersPattern(p []rune) *myersPattern {
	blocks := (len(p) + 63) / 64
	mp := &myersPattern{m: len(p), blocks: blocks, peq: make(map[rune][]uint64), zero: make([]uint64, blocks)}
	for i, r := range p {
		v := mp.peq[r]
		if v == nil {
			v = make([]uint64, blocks)
			mp.peq[r] = v
		}
		v[i/64] |= 1 << (i % 64)
	}
	return mp
}

// distances sets out[j] to the least edit distance between the whole pattern and a substring of
// text that ends just before j+1. With anchored, that substring must start at text[0] (a
// global-on-the-left alignment, used to find where a match begins); otherwise it may start anywhere
// (search). out must hold len(text) ints.
func (mp *myersPattern) distances(text []rune, anchored bool, out []int) {
	pv := make([]uint64, mp.blocks)
	mv := make([]uint64, mp.blocks)
	for i := range pv {
		pv[i] = ^uint64(0)
	}
	last := mp.blocks - 1
	lastBit := uint64(1) << ((mp.m - 1) % 64)
	score := mp.m
	for j, r := range text {
		eqs, ok := mp.peq[r]
		if !ok {
			eqs = mp.zero
		}
		// The top row is 0 everywhere when searching, j+1 when anchored: its horizontal step is 0 or +1.
		hin := 0
		if anchored {
			hin = 1
		}
		for b := 0; b <= last; b++ {
			eq, p, m := eqs[b], pv[b], mv[b]
			xv := eq | m
			if hin < 0 {
				eq |= 1
			}
			xh := (((eq & p) + p) ^ p) | eq
			ph := m | ^(xh | p)
			mh := p & xh
			if b == last {
				// The score we want is row m, which may sit inside the last word: padding rows below
				// it never flow back up, so they are harmless.
				if ph&lastBit != 0 {
					score++
				} else if mh&lastBit != 0 {
					score--
				}
			}
			hout := int(ph>>63) - int(mh>>63)
			ph <<= 1
			mh <<= 1
			if hin < 0 {
				mh |= 1
			} else if hin > 0 {
				ph |= 1
			}
			pv[b] = mh | ^(xv | ph)
			mv[b] = ph & xv
			hin = hout
		}
		out[j] = score
	}
}
