package anchor

import (
	"errors"
	"strings"
	"testing"
	"unicode"
)

func TestDescribe(t *testing.T) {
	family := "👩\u200d👩\u200d👧" // five code points
	flag := "🇺🇸"                // two regional indicators
	long := strings.Repeat("x", 40)
	tests := []struct {
		name       string
		text       string
		start, end int
		want       Selector
	}{
		{"ascii middle", "the quick brown fox", 4, 9, Selector{4, 9, "quick", "the ", " brown fox"}},
		{"start of text", "quick brown", 0, 5, Selector{0, 5, "quick", "", " brown"}},
		{"end of text", "quick brown", 6, 11, Selector{6, 11, "brown", "quick ", ""}},
		{"whole text", "abc", 0, 3, Selector{0, 3, "abc", "", ""}},
		{"zwj family is five code points", "a" + family + "b", 1, 6, Selector{1, 6, family, "a", "b"}},
		{"flag is two code points", flag + " USA", 0, 2, Selector{0, 2, flag, "", " USA"}},
		{"half a flag", flag, 1, 2, Selector{1, 2, "🇸", "🇺", ""}},
		{"combining mark counts", "cafe\u0301 noir", 0, 5, Selector{0, 5, "cafe\u0301", "", " noir"}},
		{"crlf is two code points", "a\r\nb", 1, 3, Selector{1, 3, "\r\n", "a", "b"}},
		{"context is 32 code points", long + "Q" + long, 40, 41, Selector{40, 41, "Q", long[:32], long[:32]}},
		{"context counts code points not bytes", strings.Repeat("é", 40) + "Q", 40, 41,
			Selector{40, 41, "Q", strings.Repeat("é", 32), ""}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Describe(tc.text, tc.start, tc.end)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("Describe = %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestDescribeBadRanges(t *testing.T) {
	for _, r := range [][2]int{{-1, 2}, {0, 0}, {3, 2}, {0, 4}, {4, 4}, {2, 5}} {
		if _, err := Describe("a🇺🇸", r[0], r[1]); !errors.Is(err, ErrRange) {
			t.Errorf("Describe(%v) err = %v, want ErrRange", r, err)
		}
	}
}

func TestFindQuote(t *testing.T) {
	family := "👩\u200d👩\u200d👧"
	text := family + " x " + family + " 🇺🇸 cafe\u0301\r\nend aaa"
	tests := []struct {
		quote      string
		occurrence int
		start, end int
		ok         bool
	}{
		{family, 1, 0, 5, true},
		{family, 2, 8, 13, true},
		{family, 3, 0, 0, false},
		{"🇺🇸", 1, 14, 16, true},
		{"cafe\u0301", 1, 17, 22, true},
		{"e\u0301\r\n", 1, 20, 24, true},
		{"cafe", 1, 17, 21, true}, // literal: the combining mark is a separate code point
		{"end", 1, 24, 27, true},
		{"aa", 1, 28, 30, true},
		{"aa", 2, 29, 31, true}, // overlapping occurrences count
		{"aa", 0, 0, 0, false},
		{"", 1, 0, 0, false},
		{"missing", 1, 0, 0, false},
	}
	for _, tc := range tests {
		s, e, ok := FindQuote(text, tc.quote, tc.occurrence)
		if s != tc.start || e != tc.end || ok != tc.ok {
			t.Errorf("FindQuote(%q, %d) = %d, %d, %v; want %d, %d, %v", tc.quote, tc.occurrence, s, e, ok, tc.start, tc.end, tc.ok)
		}
		if ok && string([]rune(text)[s:e]) != tc.quote {
			t.Errorf("FindQuote(%q) range holds %q", tc.quote, string([]rune(text)[s:e]))
		}
	}
}

func TestNormalizeMapsBack(t *testing.T) {
	text := "“Hi,”\r\n\r\n  she said\u00a0—  it’s\tfine "
	n := normalize([]rune(text))
	if got, want := string(n.runes), `"Hi," she said — it's fine `; got != want {
		t.Fatalf("folded %q, want %q", got, want)
	}
	orig := []rune(text)
	// Every original code point is covered by exactly one folded rune, in order.
	next := 0
	for i := range n.runes {
		if int(n.origStart[i]) != next {
			t.Fatalf("rune %d starts at %d, want %d", i, n.origStart[i], next)
		}
		next = int(n.origEnd(i))
		// The span is one code point, or a whole run of white space for a folded ' ' (origEnd is
		// derived from the next rune's start: this checks it against the text itself).
		span := orig[n.origStart[i]:next]
		whole := next == len(orig) || !unicode.IsSpace(orig[next])
		if n.runes[i] == ' ' && unicode.IsSpace(span[0]) {
			for _, r := range span {
				if !unicode.IsSpace(r) {
					t.Fatalf("rune %d: span %q is not all white space", i, string(span))
				}
			}
			if !whole {
				t.Fatalf("rune %d: span %q stops inside a run of white space", i, string(span))
			}
		} else if len(span) != 1 {
			t.Fatalf("rune %d: span %q, want one code point", i, string(span))
		}
		if j := n.fromOrig(int(n.origStart[i])); j != i {
			t.Fatalf("fromOrig(%d) = %d, want %d", n.origStart[i], j, i)
		}
	}
	if next != len(orig) || n.fromOrig(len(orig)) != len(n.runes) {
		t.Fatalf("map ends at %d of %d", next, len(orig))
	}
}
