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

// eachWord calls fn with the bounds of every token of text, in order, without normalising it.
func eachWord(text string, fn func(w word)) {
	start, cpStart, cp := -1, 0, 0
	for i := 0; i < len(text); cp++ {
		c, size, isWord := text[i], 1, false
		if c < utf8.RuneSelf { // ASCII, most of any news text: no decoding, no table lookups
			isWord = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(text[i:])
			isWord = isWordRune(r)
		}
		if isWord {
			if start < 0 {
				start, cpStart = i, cp
			}
		} else if start >= 0 {
			fn(word{start, i, cpStart, cp})
			start = -1
		}
		i += size
	}
	if start >= 0 {
		fn(word{start, len(text), cpStart, cp})
	}
}

// word is where a token stands, in bytes and in code points (ends exclusive).
type word struct{ start, end, cpStart, cpEnd int }

// is reports whether the word's term is term (or, with prefix, starts with it), normalising only
// words that are not plain ASCII.
func (w word) is(text, term string, prefix bool) bool {
	s := text[w.start:w.end]
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			n := normalise(s)
			return n == term || prefix && strings.HasPrefix(n, term)
		}
	}
	if len(s) < len(term) || !prefix && len(s) != len(term) {
		return false
	}
	for i := 0; i < len(term); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != term[i] {
			return false
		}
	}
	return true
}

// eachToken calls fn for every token of text, in order.
func eachToken(text string, fn func(t token)) {
	eachWord(text, func(w word) { fn(token{normalise(text[w.start:w.end]), w.start, w.end, w.cpStart, w.cpEnd}) })
}

func tokenize(text string) []token {
	out := make([]token, 0, len(text)/6+1)
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

// wordTokenizer is eachToken as a bleve tokenizer, plus a pair term for every two adjacent common
// words, at the first one's position (Lucene's "common grams"). A phrase of common words ("of the",
// "one of the") then matches on pair terms, which are far rarer than the words they join, instead of
// on the positions of words that occur in every document. Byte offsets are left out (0): Gloss cuts
// hits from the store's text, and offsets would be a third of the index.
type wordTokenizer struct{}

func (wordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	var out analysis.TokenStream
	pos, prev := 0, ""
	eachToken(string(input), func(t token) {
		pos++
		if commonWords[t.term] && commonWords[prev] {
			out = append(out, &analysis.Token{Term: []byte(pairTerm(prev, t.term)), Position: pos - 1, Type: analysis.AlphaNumeric})
		}
		out = append(out, &analysis.Token{Term: []byte(t.term), Position: pos, Type: analysis.AlphaNumeric})
		prev = t.term
	})
	return out
}

// pairTerm is the index term of two adjacent common words. It starts with a character no word has, so
// a prefix query never expands to pairs.
func pairTerm(first, second string) string { return "~" + first + " " + second }

// phraseTerms are the terms a phrase query looks for at consecutive positions: a pair term wherever two
// common words meet, the word itself elsewhere, "" (any term) for a word already covered by a pair.
func phraseTerms(words []string) []string {
	out := make([]string, len(words))
	covered := false
	for i, w := range words {
		switch {
		case i+1 < len(words) && commonWords[w] && commonWords[words[i+1]]:
			out[i], covered = pairTerm(w, words[i+1]), true
		case covered:
			out[i], covered = "", false
		default:
			out[i] = w
		}
	}
	for len(out) > 1 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// commonWords are the thirty most frequent words of English news text: those whose positions fill
// nearly every document. (Thirty keeps the pairs at a tenth of the index; fifty would make it over two
// times the text.) Changing the list changes the index: bump Schema.
var commonWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`the of and to a in that is for it was on with he as at by his said from her
		she they this be have has had are were`) {
		m[w] = true
	}
	return m
}()
