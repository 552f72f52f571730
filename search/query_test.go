package search

import (
	"reflect"
	"testing"
	"unicode/utf8"
)

func TestParseQuery(t *testing.T) {
	term := func(s string) atom { return atom{kind: atomTerm, terms: []string{s}} }
	phrase := func(s ...string) atom { return atom{kind: atomPhrase, terms: s} }
	prefix := func(s ...string) atom { return atom{kind: atomPrefix, terms: s} }
	type parsedQuery struct {
		all  [][]atom
		none []atom
	}
	cases := []struct {
		in   string
		want parsedQuery
	}{
		{"", parsedQuery{}},
		{"Harris", parsedQuery{all: [][]atom{{term("harris")}}}},
		{`pimple "on the Face"`, parsedQuery{all: [][]atom{{term("pimple")}, {phrase("on", "the", "face")}}}},
		{"immigr*", parsedQuery{all: [][]atom{{prefix("immigr")}}}},
		{"harris -brown", parsedQuery{all: [][]atom{{term("harris")}}, none: []atom{term("brown")}}},
		{`-"willie brown" mayor`, parsedQuery{all: [][]atom{{term("mayor")}}, none: []atom{phrase("willie", "brown")}}},
		{"a b OR c", parsedQuery{all: [][]atom{{term("a")}, {term("b"), term("c")}}}},
		{"a OR b OR c", parsedQuery{all: [][]atom{{term("a"), term("b"), term("c")}}}},
		{"a or b", parsedQuery{all: [][]atom{{term("a")}, {term("or")}, {term("b")}}}}, // only upper-case OR
		{"OR a OR", parsedQuery{all: [][]atom{{term("a")}}}},                           // stray ORs
		{`"unbalanced quote`, parsedQuery{all: [][]atom{{phrase("unbalanced", "quote")}}}},
		{`"" - -- * "!!"`, parsedQuery{}}, // nothing to look for
		{"e-mail U.S.", parsedQuery{all: [][]atom{{phrase("e", "mail")}, {phrase("u", "s")}}}},
		{"Caf\u00e9 cafe\u0301 ＣＡＦＥ", parsedQuery{all: [][]atom{{term("cafe")}, {term("cafe")}, {term("cafe")}}}}, // folded, width too
		{"los ang*", parsedQuery{all: [][]atom{{term("los")}, {prefix("ang")}}}},
		{`"los ang"*`, parsedQuery{all: [][]atom{{phrase("los", "ang")}}}}, // a star after a phrase is ignored
	}
	for _, c := range cases {
		aq := parseQuery(c.in).forLanguage(analyserFor(""))
		if got := (parsedQuery{aq.all, aq.none}); !reflect.DeepEqual(got, c.want) {
			t.Errorf("parseQuery(%q)\n got %+v\nwant %+v", c.in, got, c.want)
		}
	}
}

// cut returns code points [start, end) of text, the way an annotation reads them.
func cut(text string, start, end int) string {
	r := []rune(text)
	return string(r[start:end])
}

func TestHitsOffsetsAreCodePoints(t *testing.T) {
	text := "Family 👩‍👩‍👧 moved.\r\nThe cafe\u0301 on Main\r\nStreet opened; CAFÉ owners cheered 👩‍👩‍👧 café."
	cases := []struct {
		query string
		want  []string // the exact matches, in order
	}{
		{"moved", []string{"moved"}},
		{"café", []string{"cafe\u0301", "CAFÉ", "café"}}, // NFC and NFD, any case
		{`"main street"`, []string{"Main\r\nStreet"}},    // a phrase across CRLF
		{"own*", []string{"owners"}},
		{"cheered -moved", []string{"cheered"}}, // exclusions make no hits
		{"opened OR cheered", []string{"opened", "cheered"}},
		{"👩‍👩‍👧", nil}, // emoji are not words
	}
	for _, c := range cases {
		hits := HitsInDocument(text, c.query, "en")
		var got []string
		for _, h := range hits {
			if m := cut(text, h.Start, h.End); m != h.Match {
				t.Errorf("%q: offsets [%d,%d) cut %q but Match is %q", c.query, h.Start, h.End, m, h.Match)
			}
			got = append(got, h.Match)
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%q: hits %q, want %q", c.query, got, c.want)
		}
	}
	// Pin one offset by hand: "moved" follows "Family " (7) + 5 emoji code points + " " = 13.
	if h := HitsInDocument(text, "moved", "en"); len(h) != 1 || h[0].Start != 13 || h[0].End != 18 {
		t.Fatalf("moved: %+v", h)
	}
	if utf8.RuneCountInString("👩‍👩‍👧") != 5 {
		t.Fatal("the family emoji is 5 code points")
	}
}

func TestSnippetCentresTheHit(t *testing.T) {
	text := "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
	h := HitsInDocument(text, "eight", "en")
	if len(h) != 1 {
		t.Fatalf("hits %+v", h)
	}
	if h[0].Before != "two three four five six seven " || h[0].After != " nine ten eleven twelve thirteen fourteen" {
		t.Errorf("before %q after %q", h[0].Before, h[0].After)
	}
	if h[0].Snippet != "…two three four five six seven eight nine ten eleven twelve thirteen fourteen…" {
		t.Errorf("snippet %q", h[0].Snippet)
	}
	h = HitsInDocument("Line one\r\n\r\nthe word here", "word", "en")
	if h[0].Snippet != "Line one\r\n\r\nthe word here" {
		t.Errorf("the text's own spacing and paragraph break: %q", h[0].Snippet)
	}
	// Overlapping matches are one hit, the longest.
	h = HitsInDocument("a pimple on the face", `face "pimple on the face" pim*`, "en")
	if len(h) != 1 || h[0].Match != "pimple on the face" {
		t.Errorf("overlap: %+v", h)
	}
}
