// Package anchor builds W3C Web Annotation selectors over a document version's canonical text and
// re-anchors them onto a newer version of that text.
//
// Every offset in this package counts Unicode code points (the runes of the Go string), never bytes
// or UTF-16 units: that is what the store, the renderer and the W3C/REFI-QDA exports speak. Invalid
// UTF-8 counts as one code point per bad byte, exactly as a []rune conversion does.
//
// Selectors are plain data, as in the Hypothesis client's anchoring module: nothing here knows about
// the store or the UI.
package anchor

import (
	"errors"
	"fmt"
)

// ContextLen is how many code points of prefix and suffix a TextQuoteSelector carries.
const ContextLen = 32

// Selector is a TextPositionSelector (Start inclusive, End exclusive) together with a
// TextQuoteSelector (Exact with its Prefix and Suffix context), both over one version's text.
type Selector struct {
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Exact  string `json:"exact"`
	Prefix string `json:"prefix"`
	Suffix string `json:"suffix"`
}

// ErrRange reports a position range that does not select a non-empty part of the text.
var ErrRange = errors.New("anchor: bad range")

// Describe builds both selectors for the code points [start, end) of text. An empty range is an
// error: an empty quote cannot be found again.
func Describe(text string, start, end int) (Selector, error) {
	runes := []rune(text)
	if start < 0 || end > len(runes) || start >= end {
		return Selector{}, fmt.Errorf("%w: [%d, %d) in a text of %d code points", ErrRange, start, end, len(runes))
	}
	return describeRunes(runes, start, end), nil
}

// describeRunes is Describe on an already decoded text with a range known to be valid.
func describeRunes(runes []rune, start, end int) Selector {
	return Selector{
		Start:  start,
		End:    end,
		Exact:  string(runes[start:end]),
		Prefix: string(runes[max(0, start-ContextLen):start]),
		Suffix: string(runes[end:min(len(runes), end+ContextLen)]),
	}
}

// FindQuote returns the code-point range of the occurrence-th (1-based) occurrence of quote in
// text. Occurrences may overlap ("aa" occurs twice in "aaa"). The match is literal: no
// normalisation, so the range always holds exactly quote.
func FindQuote(text, quote string, occurrence int) (start, end int, ok bool) {
	if quote == "" || occurrence < 1 {
		return 0, 0, false
	}
	t, q := []rune(text), []rune(quote)
	for i := 0; i+len(q) <= len(t); i++ {
		if equalRunes(t[i:i+len(q)], q) {
			occurrence--
			if occurrence == 0 {
				return i, i + len(q), true
			}
		}
	}
	return 0, 0, false
}

func equalRunes(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
