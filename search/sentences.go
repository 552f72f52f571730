package search

import (
	"unicode"

	"gloss/store"
)

// maxSentence bounds how far SentenceAround reaches each side of a hit, in code points.
const maxSentence = 600

// SentenceAround widens [start, end) (code points of text) to the sentence or sentences it is in: back to
// just after the previous sentence end (. ! ? … 。 ！ ？ ؟ ۔ followed by a space or a closing quote) or
// paragraph break, forward through the next sentence end and its closing quotes or brackets. It never
// crosses a line break, nor reaches more than maxSentence code points each side.
func SentenceAround(text string, start, end int) (int, int) {
	r := []rune(text)
	if start < 0 || end > len(r) || start > end {
		return start, end
	}
	isEnd := func(c rune) bool {
		switch c {
		case '.', '!', '?', '…', '。', '！', '？', '؟', '۔', '।':
			return true
		}
		return false
	}
	closing := func(c rune) bool {
		return c == '"' || c == '\'' || c == ')' || c == ']' || c == '»' || c == '«' ||
			unicode.Is(unicode.Pf, c) || unicode.Is(unicode.Pe, c)
	}
	s := start
	for s > 0 && start-s < maxSentence {
		c := r[s-1]
		if c == '\n' || c == '\r' || c == '\u2029' {
			break
		}
		// a sentence end right before: ". " or "." then a closing quote and a space, or a CJK full stop
		if unicode.IsSpace(c) {
			k := s - 1
			for k > 0 && unicode.IsSpace(r[k-1]) && r[k-1] != '\n' {
				k--
			}
			j := k
			for j > 0 && closing(r[j-1]) {
				j--
			}
			if j > 0 && isEnd(r[j-1]) {
				break
			}
		}
		if c == '。' || c == '！' || c == '？' {
			break
		}
		s--
	}
	for s < start && unicode.IsSpace(r[s]) {
		s++
	}
	e := end
	for e < len(r) && e-end < maxSentence {
		c := r[e]
		if c == '\n' || c == '\r' || c == '\u2029' {
			break
		}
		e++
		if isEnd(c) && (e == len(r) || unicode.IsSpace(r[e]) || closing(r[e]) || c == '。' || c == '！' || c == '？') {
			for e < len(r) && (closing(r[e]) || isEnd(r[e])) {
				e++
			}
			break
		}
	}
	for e > end && unicode.IsSpace(r[e-1]) {
		e--
	}
	return s, e
}

// Span is a stretch of a document's current text, in code points (End exclusive).
type Span struct{ Start, End int }

// HitSpans lists what "tag all hits" tags in one document: every body hit of query, or with sentences
// the sentence around each (a sentence with several hits once), in text order.
func HitSpans(s *store.Store, docID, query string, sentences bool) ([]Span, error) {
	hits, err := DocumentHits(s, docID, query)
	if err != nil || len(hits) == 0 {
		return nil, err
	}
	var text string
	if sentences {
		v, err := s.Version(docID, 0)
		if err != nil {
			return nil, err
		}
		text = v.Text
	}
	var out []Span
	for _, h := range hits {
		sp := Span{h.Start, h.End}
		if sentences {
			sp.Start, sp.End = SentenceAround(text, h.Start, h.End)
		}
		if n := len(out); n > 0 && sp.Start < out[n-1].End { // overlaps the previous one: join them
			out[n-1].End = max(out[n-1].End, sp.End)
			continue
		}
		out = append(out, sp)
	}
	return out, nil
}
