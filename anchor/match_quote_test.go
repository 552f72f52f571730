package anchor

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestLocateQuote(t *testing.T) {
	text := "Ünïcode first: the program ran. Later the program ended; then “the program” again."
	runes := []rune(text)
	at := func(s, e int) string { return string(runes[s:e]) }
	tests := []struct {
		name                  string
		exact, prefix, suffix string
		hint                  int
		want                  string // "" for not found
		wantStart             int
	}{
		{"context picks the second", "the program", "Later ", " ended", -1, "the program", 38},
		{"hint breaks a tie", "the program", "", "", 70, "the program", 63},
		{"no hint, no context: first", "the program", "", "", -1, "the program", 15},
		{"code points, not bytes", "first", "Ünïcode ", "", -1, "first", 8},
		{"white space folded", "the  program\nran.", "", "", -1, "the program ran.", 15},
		{"curly quotes folded", `"the program" again.`, "then ", "", -1, "“the program” again.", 62},
		{"absent", "nowhere in the text at all, not even close", "", "", -1, "", 0},
		{"empty quote", "", "", "", -1, "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, e, ok := LocateQuote(text, tc.exact, tc.prefix, tc.suffix, tc.hint)
			if tc.want == "" {
				if ok {
					t.Fatalf("found %q at %d", at(s, e), s)
				}
				return
			}
			if !ok || at(s, e) != tc.want || s != tc.wantStart {
				t.Fatalf("got %v [%d,%d) %q, want %q at %d", ok, s, e, at(s, e), tc.want, tc.wantStart)
			}
		})
	}
}

// TestQuoteFinderAgreesWithNaive: on random texts, Find's verbatim answer is an occurrence with the
// most context agreement, as the importer's old per-position search chose it.
func TestQuoteFinderAgreesWithNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 300; trial++ {
		text := randomText(rng, 10+rng.IntN(60))
		runes := []rune(text)
		s := rng.IntN(len(runes))
		e := min(len(runes), s+1+rng.IntN(8))
		sel := describeRunes(runes, s, e)
		f := NewQuoteFinder(text)
		gs, ge, ok := f.Find(sel.Exact, sel.Prefix, sel.Suffix, sel.Start)
		if !ok || string(runes[gs:ge]) != sel.Exact {
			t.Fatalf("text %q sel %+v: got %v [%d,%d)", text, sel, ok, gs, ge)
		}
		agree := func(a int) int {
			return commonSuffixLen(string(runes[:a]), sel.Prefix) + commonPrefixLen(string(runes[a+len([]rune(sel.Exact)):]), sel.Suffix)
		}
		if agree(gs) < agree(s) {
			t.Fatalf("text %q sel %+v: chose %d (agreement %d) over %d (%d)", text, sel, gs, agree(gs), s, agree(s))
		}
	}
}

// BenchmarkLocateQuoteMissing: 20 quotes that are not in the text (issue 22 item 6), at 1 and 2 M
// code points: time must double, not quadruple.
func BenchmarkLocateQuoteMissing(b *testing.B) {
	vocab := benchVocabulary(b)
	for _, size := range []int{1 << 20, 2 << 20} {
		rng := rand.New(rand.NewPCG(5, uint64(size)))
		text := benchDocument(rng, vocab, size)
		quotes := make([]string, 20)
		for i := range quotes {
			quotes[i] = strings.Repeat("zq", 10) + " " + benchDocument(rng, vocab, 60)[:40]
		}
		b.Run(map[int]string{1 << 20: "1M", 2 << 20: "2M"}[size], func(b *testing.B) {
			for b.Loop() {
				f := NewQuoteFinder(text)
				for _, q := range quotes {
					if _, _, ok := f.Find(q, "", "", 1000); ok {
						b.Fatal("found a missing quote")
					}
				}
			}
		})
	}
}
