package search

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Hit is one match. Start and End (exclusive) count Unicode code points of the text named by In:
// "body" is the document's canonical text (current version), so a body hit can become an annotation as
// is; "title" the document or note title; "note" an annotation note or memo, "tag" a tag name (Ref
// names the annotation, note or tag).
type Hit struct {
	Start   int    `json:"start"`
	End     int    `json:"end"`
	In      string `json:"in"`
	Ref     string `json:"ref,omitempty"`
	Snippet string `json:"snippet"` // Before + Match + After with "…" where the text goes on
	Before  string `json:"before"`  // a few words before, whitespace collapsed
	Match   string `json:"match"`   // exactly the matched text
	After   string `json:"after"`
}

// Snippet shape: this many words each side, and never more than maxContext code points.
const (
	contextWords = 6
	maxContext   = 60
)

// HitsInDocument finds every match of query in text (Ctrl+F in one document) with the same matching as
// the index: exclusions and OR decide nothing here, every positive term or phrase is a hit.
func HitsInDocument(text, query string) []Hit {
	hits, _ := scanHits(text, parseQuery(query).positive(), "body", "", -1)
	return hits
}

// scanHits finds the atoms in text and returns the first limit hits (all when limit < 0) and how many
// there are. Overlapping matches are one hit: the earliest, longest one.
func scanHits(text string, atoms []atom, in, ref string, limit int) (hits []Hit, total int) {
	if len(atoms) == 0 || text == "" {
		return nil, 0
	}
	toks := make([]word, 0, len(text)/6+1)
	eachWord(text, func(w word) { toks = append(toks, w) })
	type span struct{ first, last int } // token indexes, inclusive
	var spans []span
	for i := range toks {
		for _, a := range atoms {
			if matchesAt(text, toks, i, a) {
				spans = append(spans, span{i, i + len(a.terms) - 1})
			}
		}
	}
	// Earliest first, longest first at the same start; drop spans inside an earlier one.
	sort.Slice(spans, func(i, j int) bool {
		if spans[i].first != spans[j].first {
			return spans[i].first < spans[j].first
		}
		return spans[i].last > spans[j].last
	})
	reach := -1
	for _, s := range spans {
		if s.last <= reach {
			continue
		}
		reach = s.last
		if limit < 0 || len(hits) < limit {
			hits = append(hits, makeHit(text, toks, s.first, s.last, in, ref))
		}
		total++
	}
	return hits, total
}

func matchesAt(text string, toks []word, i int, a atom) bool {
	if i+len(a.terms) > len(toks) {
		return false
	}
	for k, term := range a.terms {
		if !toks[i+k].is(text, term, a.kind == atomPrefix && k == len(a.terms)-1) {
			return false
		}
	}
	return true
}

func makeHit(text string, toks []word, first, last int, in, ref string) Hit {
	start, end := toks[first].start, toks[last].end
	from, to := 0, len(text)
	if first-contextWords > 0 {
		from = toks[first-contextWords].start
	}
	if last+contextWords < len(toks)-1 {
		to = toks[last+contextWords].end
	}
	before, clippedBefore := clipLeft(collapse(text[from:start]), maxContext)
	after, clippedAfter := clipRight(collapse(text[end:to]), maxContext)
	match := text[start:end]
	snippet := before + collapse(match) + after
	if from > 0 || clippedBefore {
		snippet = "…" + strings.TrimLeft(snippet, " ")
	}
	if to < len(text) || clippedAfter {
		snippet = strings.TrimRight(snippet, " ") + "…"
	}
	return Hit{Start: toks[first].cpStart, End: toks[last].cpEnd, In: in, Ref: ref,
		Snippet: snippet, Before: before, Match: match, After: after}
}

// collapse turns every run of white space (CRLF included) into one space, for display.
func collapse(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) && r != ' ' }) && !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// clipLeft keeps the last n code points of s.
func clipLeft(s string, n int) (string, bool) {
	if utf8.RuneCountInString(s) <= n {
		return s, false
	}
	r := []rune(s)
	return string(r[len(r)-n:]), true
}

// clipRight keeps the first n code points of s.
func clipRight(s string, n int) (string, bool) {
	if utf8.RuneCountInString(s) <= n {
		return s, false
	}
	return string([]rune(s)[:n]), true
}
