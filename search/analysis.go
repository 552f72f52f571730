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
// always a word the scanner can point at. A token is a maximal run of letters, digits and combining
// marks (everything else — spaces, punctuation, apostrophes, emoji, ZWJ — separates tokens), except
// that a run of Han, kana or Hangul, or of Thai, Lao or Khmer (written without spaces between words),
// becomes overlapping bigrams (Lucene's CJK bigrams: 空气污染 → 空气 气污 污染) plus the run's last
// character alone, so that every character starts a token at its own position: a one-character query
// is a prefix of those tokens. A character there is a letter or digit with the combining marks after it
// (Thai กิ, a consonant and its vowel sign, is one): bigrams cost no dictionary, and a word in the middle
// of a run is found, since its bigrams are the run's bigrams at consecutive positions.
//
// A token's term is its analysis in the document's language (analyser): lowercase, NFKC (full-width
// Latin is ASCII, half-width kana full width), the language's normalisation and stemmer where bleve has
// one, then diacritics folded (Häuser, Hauser and haeuser are one German term; Gebäude and Gebaude one).
const tokenizerName = "gloss_words"

func init() {
	err := registry.RegisterTokenizer(tokenizerName, func(config map[string]any, _ *registry.Cache) (analysis.Tokenizer, error) {
		lang, _ := config["lang"].(string)
		return wordTokenizer{analyserFor(lang)}, nil
	})
	if err != nil {
		panic(err)
	}
}

// token is one word of a text: its analysed term(s) and where it stands, in bytes and in code points.
type token struct {
	term, alt      string // alt: a second reading at the same position (Arabic و "and" + word), or ""
	start, end     int    // bytes
	cpStart, cpEnd int    // code points, end exclusive
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

// isCJK reports whether r belongs to a script written without spaces between words that Gloss cuts into
// bigrams: Han, kana, Hangul, and the Thai, Lao and Khmer blocks.
func isCJK(r rune) bool {
	if r >= 0x0E00 && r <= 0x0EFF || r >= 0x1780 && r <= 0x17FF {
		return true
	}
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r) || r == 0x30FC)
}

// classify is isWordRune, isCJK and unicode.IsMark of a non-ASCII r, with the blocks most news text is
// written in answered without the Unicode tables (TestClassifyFastPaths holds them equal): Latin-1 and
// Latin Extended, Cyrillic, the Arabic letters, general punctuation and the CJK Unified Ideographs.
func classify(r rune) (isWord, cjk, mark bool) {
	switch {
	case r >= 0xC0 && r <= 0x24F:
		return r != 0xD7 && r != 0xF7, false, false
	case r >= 0x400 && r <= 0x4FF && (r <= 0x481 || r >= 0x48A):
		return true, false, false
	case r >= 0x620 && r <= 0x64A:
		return true, false, false
	case r >= 0x2000 && r <= 0x206F:
		return false, false, false
	case r >= 0x4E00 && r <= 0x9FFF:
		return true, true, false
	}
	isWord = isWordRune(r)
	return isWord, isWord && isCJK(r), isWord && unicode.IsMark(r)
}

// word is where a token stands, in bytes and in code points (ends exclusive); cjk marks a bigram or a
// run's last character.
type word struct {
	start, end, cpStart, cpEnd int
	cjk                        bool
}

// eachWord calls fn with the bounds of every token of text, in order, without analysing it. forQuery
// leaves out a CJK run's final single character when the run has bigrams: a query's characters are all
// covered by its bigrams, and the text's next token after the last bigram need not be that character.
func eachWord(text string, forQuery bool, fn func(w word)) {
	start, cpStart, cp := -1, 0, 0
	runCJK := false
	var cjkBytes []int // byte offset of each character of the current CJK run
	var cjkCPs []int   // its code-point offset: a Thai character with its marks is several code points
	flush := func(end int) {
		if start < 0 {
			return
		}
		if !runCJK {
			fn(word{start, end, cpStart, cp, false})
		} else {
			n := len(cjkBytes)
			cjkBytes, cjkCPs = append(cjkBytes, end), append(cjkCPs, cp)
			for i := 0; i+1 < n; i++ {
				fn(word{cjkBytes[i], cjkBytes[i+2], cjkCPs[i], cjkCPs[i+2], true})
			}
			if n == 1 || !forQuery {
				fn(word{cjkBytes[n-1], end, cjkCPs[n-1], cp, true})
			}
			cjkBytes, cjkCPs = cjkBytes[:0], cjkCPs[:0]
		}
		start = -1
	}
	for i := 0; i < len(text); cp++ {
		c, size, isWord, cjk, mark := text[i], 1, false, false, false
		if c < utf8.RuneSelf { // ASCII, most of any news text: no decoding, no table lookups
			isWord = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(text[i:])
			isWord, cjk, mark = classify(r)
		}
		switch {
		case !isWord:
			flush(i)
		case mark && start >= 0: // a combining mark stays with the character before it
		case start >= 0 && cjk == runCJK:
			if cjk {
				cjkBytes, cjkCPs = append(cjkBytes, i), append(cjkCPs, cp)
			}
		default:
			flush(i)
			start, cpStart, runCJK = i, cp, cjk
			if cjk {
				cjkBytes, cjkCPs = append(cjkBytes, i), append(cjkCPs, cp)
			}
		}
		i += size
	}
	flush(len(text))
}

// eachToken calls fn for every token of text, in order, analysed by a.
// firstChar returns the length in bytes and in code points of s's first character with the combining
// marks that follow it: one character of a bigram run.
func firstChar(s string) (size, cps int) {
	for i, r := range s {
		if i > 0 && !unicode.IsMark(r) {
			return i, cps
		}
		cps++
	}
	return len(s), cps
}

func (a *analyser) eachToken(text string, forQuery bool, fn func(t token)) {
	eachWord(text, forQuery, func(w word) {
		term, alt := a.analyse(text[w.start:w.end], w.cjk)
		fn(token{term, alt, w.start, w.end, w.cpStart, w.cpEnd})
	})
}

func (a *analyser) tokenize(text string) []token {
	out := make([]token, 0, len(text)/6+1)
	a.eachToken(text, false, func(t token) { out = append(out, t) })
	return out
}

// lowerNFKC lowercases and NFKC-normalises one word; plain lowercase ASCII is returned as is.
func lowerNFKC(word string) string {
	plain, ascii := true, true
	for i := 0; i < len(word); i++ {
		if c := word[i]; c >= utf8.RuneSelf {
			plain, ascii = false, false
			break
		} else if 'A' <= c && c <= 'Z' {
			plain = false
		}
	}
	switch {
	case plain || settled(word):
		return word
	case ascii: // NFKC leaves ASCII as it is
		return strings.ToLower(word)
	}
	return norm.NFKC.String(strings.ToLower(word))
}

// settled reports whether every character of s is one that lowercasing, NFKC and fold all leave as it
// is, and that composes with nothing around it: lowercase ASCII letters and digits, the lowercase Russian
// alphabet а–я, the Arabic letters without a decomposition (ء and ا–ي but آ أ ؤ إ ئ) and the CJK Unified
// Ideographs. Most words of those scripts then skip the normalisers (TestSettledIsStable checks every
// such character against them).
func settled(s string) bool {
	for _, r := range s {
		switch {
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
		case 0x430 <= r && r <= 0x44F:
		case r == 0x621 || 0x627 <= r && r <= 0x64A:
		case 0x4E00 <= r && r <= 0x9FFF:
		default:
			return false
		}
	}
	return true
}

// wordTokenizer is eachToken as a bleve tokenizer, plus a pair term for every two adjacent common
// words of the language, at the first one's position (Lucene's "common grams"). A phrase of common
// words ("of the", "one of the", "in der") then matches on pair terms, which are far rarer than the
// words they join, instead of on the positions of words that occur in every document. Byte offsets are
// left out (0): Gloss cuts hits from the store's text, and offsets would be a third of the index.
type wordTokenizer struct{ a *analyser }

func (t wordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	var out analysis.TokenStream
	pos, prev := 0, ""
	cache := map[string][2]string{} // a text repeats its words: analyse each once
	eachWord(string(input), false, func(w word) {
		raw := string(input[w.start:w.end])
		an, ok := cache[raw]
		if !ok {
			an[0], an[1] = t.a.analyse(raw, w.cjk)
			cache[raw] = an
		}
		term, alt := an[0], an[1]
		pos++
		if t.a.common[term] && t.a.common[prev] {
			out = append(out, &analysis.Token{Term: []byte(pairTerm(prev, term)), Position: pos - 1, Type: analysis.AlphaNumeric})
		}
		out = append(out, &analysis.Token{Term: []byte(term), Position: pos, Type: analysis.AlphaNumeric})
		if alt != "" {
			out = append(out, &analysis.Token{Term: []byte(alt), Position: pos, Type: analysis.AlphaNumeric})
		}
		prev = term
	})
	return out
}

// pairTerm is the index term of two adjacent common words. It starts with a character no word has, so
// a prefix query never expands to pairs.
func pairTerm(first, second string) string { return "~" + first + " " + second }

// phraseTerms are the terms a phrase query looks for at consecutive positions: a pair term wherever two
// common words meet, the word itself elsewhere, "" (any term) for a word already covered by a pair.
func (a *analyser) phraseTerms(words []string) []string {
	out := make([]string, len(words))
	covered := false
	for i, w := range words {
		switch {
		case i+1 < len(words) && a.common[w] && a.common[words[i+1]]:
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
