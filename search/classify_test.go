package search

import (
	"testing"
	"unicode"
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
