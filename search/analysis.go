package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/unicode/norm"
)

// One tokenizer serves the index, the query parser and the hit scanner, so a word the index finds is
// always a word the scanner can point at: a token is a maximal run of letters, digits and combining
// marks; everything else (spaces, punctuation, apostrophes, emoji, ZWJ) separates tokens. Terms are
// lowercased and NFC-normalised, so "É" (U+00C9) and "e"+U+0301 are the same term.
const tokenizerName = "gloss_words"

func init() {
	err := registry.RegisterTokenizer(tokenizerName, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return wordTokenizer{}, nil
	})
	if err != nil {
		panic(err)
	}
}

// token is one word of a text: its normalised term and where it stands, in bytes and in code points.
type token struct {
	term           string
	start, end     int // bytes
	cpStart, cpEnd int // code points, end exclusive
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

// eachToken calls fn for every token of text, in order.
func eachToken(text string, fn func(t token)) {
	start, cpStart, cp := -1, 0, 0
	for i, r := range text {
		if isWordRune(r) {
			if start < 0 {
				start, cpStart = i, cp
			}
		} else if start >= 0 {
			fn(token{normalise(text[start:i]), start, i, cpStart, cp})
			start = -1
		}
		cp++
	}
	if start >= 0 {
		fn(token{normalise(text[start:]), start, len(text), cpStart, cp})
	}
}

func tokenize(text string) []token {
	var out []token
	eachToken(text, func(t token) { out = append(out, t) })
	return out
}

// normalise lowercases and NFC-composes one word; plain lowercase ASCII is returned as is.
func normalise(word string) string {
	plain := true
	for i := 0; i < len(word); i++ {
		if c := word[i]; c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			plain = false
			break
		}
	}
	if plain {
		return word
	}
	return norm.NFC.String(strings.ToLower(word))
}

// normaliseAll returns the terms of a piece of query text.
func normaliseAll(text string) []string {
	var out []string
	eachToken(text, func(t token) { out = append(out, t.term) })
	return out
}

// wordTokenizer is eachToken as a bleve tokenizer.
type wordTokenizer struct{}

func (wordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	var out analysis.TokenStream
	eachToken(string(input), func(t token) {
		out = append(out, &analysis.Token{
			Term: []byte(t.term), Start: t.start, End: t.end, Position: len(out) + 1, Type: analysis.AlphaNumeric,
		})
	})
	return out
}
