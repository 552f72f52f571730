package anchor

import (
	"strings"
	"unicode/utf8"
)

// QuoteFinder finds quote selectors in one text, for importers: a text is prepared once and any
// number of quotes looked up in it, each in time linear in the text (no string is built per
// position). Offsets are code points.
type QuoteFinder struct {
	text string
	doc  *document // for the fallback; built on first need
}

// NewQuoteFinder prepares text for Find.
func NewQuoteFinder(text string) *QuoteFinder { return &QuoteFinder{text: text} }

// LocateQuote is NewQuoteFinder(text).Find(exact, prefix, suffix, hint): for a single lookup.
func LocateQuote(text, exact, prefix, suffix string, hint int) (start, end int, ok bool) {
	return NewQuoteFinder(text).Find(exact, prefix, suffix, hint)
}

// Find returns the code points [start, end) of the occurrence of exact that agrees best with
// prefix (the text just before it) and suffix (just after), ties going to the one nearest hint (a
// code-point offset; negative for none). Only when exact does not occur verbatim does it fall back
// to re-anchoring (white space and quote marks folded, then a bounded approximate search), which
// answers only when it is sure: ok is false rather than a guess.
func (f *QuoteFinder) Find(exact, prefix, suffix string, hint int) (start, end int, ok bool) {
	if exact == "" {
		return 0, 0, false
	}
	bestAt, bestCP, bestAgree, bestDist := -1, 0, -1, 0
	cp, counted := 0, 0 // code points in text[:counted]
	for from := 0; from <= len(f.text)-len(exact); {
		i := strings.Index(f.text[from:], exact)
		if i < 0 {
			break
		}
		at := from + i
		cp += utf8.RuneCountInString(f.text[counted:at])
		counted = at
		agree := commonSuffixLen(f.text[:at], prefix) + commonPrefixLen(f.text[at+len(exact):], suffix)
		dist := 0
		if hint >= 0 {
			dist = abs(cp - hint)
		}
		if agree > bestAgree || agree == bestAgree && dist < bestDist {
			bestAt, bestCP, bestAgree, bestDist = at, cp, agree, dist
		}
		_, size := utf8.DecodeRuneInString(f.text[at:])
		from = at + size // occurrences may overlap
	}
	if bestAt >= 0 {
		return bestCP, bestCP + utf8.RuneCountInString(exact), true
	}
	if f.doc == nil {
		f.doc = newDocument(f.text)
	}
	r, _ := f.doc.reanchor(Selector{Start: hint, End: hint + utf8.RuneCountInString(exact), Exact: exact, Prefix: prefix, Suffix: suffix}, nil)
	if r.Status == StatusOrphan {
		return 0, 0, false
	}
	return r.Start, r.End, true
}

// commonSuffixLen is how many bytes at the end of a and b agree.
func commonSuffixLen(a, b string) int {
	k := 0
	for k < len(a) && k < len(b) && a[len(a)-1-k] == b[len(b)-1-k] {
		k++
	}
	return k
}

// commonPrefixLen is how many bytes at the start of a and b agree.
func commonPrefixLen(a, b string) int {
	k := 0
	for k < len(a) && k < len(b) && a[k] == b[k] {
		k++
	}
	return k
}
