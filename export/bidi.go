package export

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/bidi"
)

// Right-to-left text and CJK in plain-text exports (Markdown). A Markdown reader lays each line out in
// the direction it guesses, or left to right: an Arabic quote's full stop then lands on its right, and an
// Arabic title followed by " · outlet · date" pulls the dots and digits into its own order. A piece that
// holds right-to-left letters is therefore wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE
// (U+2068 … U+2069, invisible): inside it, the text takes the direction of its first letter; outside, it
// moves nothing. Text without right-to-left letters is left exactly as it is.

const (
	fsi = "\u2068"
	pdi = "\u2069"
)

// hasRTL reports whether s has a strong right-to-left character (Hebrew, Arabic, Syriac, Thaana, N'Ko…).
func hasRTL(s string) bool {
	for _, r := range s {
		if r < 0x590 {
			continue
		}
		if p, _ := bidi.LookupRune(r); p.Class() == bidi.R || p.Class() == bidi.AL {
			return true
		}
	}
	return false
}

// bidiIsolate wraps s in an isolate when it holds right-to-left text.
func bidiIsolate(s string) string {
	if !hasRTL(s) {
		return s
	}
	return fsi + s + pdi
}

// collapseSpace joins s's words with one space each, as strings.Fields would, except where a line break
// falls between two characters of a script written without spaces (Chinese, Japanese): a hard-wrapped
// line there joins with nothing, or the text gets a space it never had. Korean, written with spaces,
// keeps the space.
func collapseSpace(s string) string {
	fields := strings.Fields(s)
	if len(fields) < 2 {
		return strings.Join(fields, " ")
	}
	var b strings.Builder
	b.Grow(len(s))
	rest := s
	for i, f := range fields {
		at := strings.Index(rest, f)
		gap := rest[:at]
		rest = rest[at+len(f):]
		if i > 0 {
			last, _ := utf8.DecodeLastRuneInString(fields[i-1])
			first, _ := utf8.DecodeRuneInString(f)
			if !(strings.ContainsAny(gap, "\n\r") && unspaced(last) && unspaced(first)) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(f)
	}
	return b.String()
}

// unspaced: Han, kana and the CJK punctuation between them.
func unspaced(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) || r == 0x30FC ||
		r >= 0x3000 && r <= 0x303F || r >= 0xFF01 && r <= 0xFF60
}

// quoteTitle names a note after the start of its quote: the first eight words, or for a quote in a
// script without spaces its first twenty characters, with "…" when the quote goes on.
func quoteTitle(exact string) string {
	words := strings.Fields(exact)
	if len(words) == 0 {
		return ""
	}
	if first, _ := utf8.DecodeRuneInString(words[0]); unspaced(first) {
		text := []rune(collapseSpace(exact))
		if len(text) <= 20 {
			return string(text)
		}
		return string(text[:20]) + "…"
	}
	title := strings.Join(words[:min(len(words), 8)], " ")
	if len(words) > 8 {
		title += "…"
	}
	return title
}

// joinUnspacedLines drops a single line break between two characters of a script without spaces: in
// Markdown such a break is a soft one, which a reader shows as a space the text never had. Paragraph
// breaks (blank lines) and breaks next to any other character stay.
func joinUnspacedLines(s string) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' && i > 0 && i+1 < len(s) && s[i+1] != '\n' && s[i-1] != '\n' {
			before, _ := utf8.DecodeLastRuneInString(s[:i])
			after, _ := utf8.DecodeRuneInString(s[i+1:])
			if unspaced(before) && unspaced(after) {
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
