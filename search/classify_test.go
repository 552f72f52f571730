package search

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// TestClassifyFastPaths: classify's shortcuts answer as the Unicode tables do, for every code point.
func TestClassifyFastPaths(t *testing.T) {
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		word, cjk, mark := classify(r)
		wantWord := isWordRune(r)
		if word != wantWord || cjk != (wantWord && isCJK(r)) || mark != (wantWord && unicode.IsMark(r)) {
			t.Fatalf("U+%04X: classify says word %v cjk %v mark %v", r, word, cjk, mark)
		}
	}
}

// TestSettledIsStable: a character settled() lets through is one lowercasing, NFKC and fold leave alone,
// and next to which no other settled character composes.
func TestSettledIsStable(t *testing.T) {
	var set []rune
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if settled(string(r)) {
			set = append(set, r)
		}
	}
	if len(set) < 20000 {
		t.Fatalf("only %d settled characters", len(set))
	}
	slowFold := func(s string) string { return strings.TrimSuffix(fold(s+"é"), "e") } // é: the slow path
	for _, r := range set {
		s := string(r)
		if got := norm.NFKC.String(strings.ToLower(s)); got != s {
			t.Fatalf("U+%04X: lowercase NFKC is %q", r, got)
		}
		if got := slowFold(s); got != s {
			t.Fatalf("U+%04X: fold makes %q", r, got)
		}
	}
	for _, pair := range [][2]rune{{'ا', 'ي'}, {'а', 'я'}, {'空', '气'}, {'e', 'ا'}} {
		s := string(pair[:])
		if norm.NFKC.String(s) != s || norm.NFD.String(s) != s {
			t.Errorf("%q composes", s)
		}
	}
}
