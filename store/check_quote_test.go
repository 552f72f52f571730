package store

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// Check slices quotes through a code point index; it must agree with quote() everywhere, including
// multi-byte text, invalid UTF-8 (one code point per bad byte) and selections out of range (whose error
// names the text's full length, where quote() names the code points it had counted).
func TestCodePointsQuoteAgreesWithQuote(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"a", "b ", "é", "€", "🔎", "\n\n", "\xff", "\xe2\x82", "x"}
	for round := range 300 {
		var b strings.Builder
		for range rng.IntN(200) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		if round%3 == 0 { // ASCII only: no index is built
			b.Reset()
			b.WriteString(strings.Repeat("abc ", rng.IntN(60)))
		}
		text := b.String()
		c := NewCodePoints(text)
		for range 40 {
			start, end := rng.IntN(c.n+40)-20, rng.IntN(c.n+40)-20
			e1, p1, s1, err1 := quote(text, start, end)
			e2, p2, s2, err2 := quoteIn(c, start, end)
			if e1 != e2 || p1 != p2 || s1 != s2 || (err1 == nil) != (err2 == nil) {
				t.Fatalf("%q [%d,%d): quote %q %q %q %v; index %q %q %q %v", text, start, end, e1, p1, s1, err1, e2, p2, s2, err2)
			}
		}
	}
}
