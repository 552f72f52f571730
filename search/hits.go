package search

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"gloss/store"
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
	Before  string `json:"before"`  // a few words before, exactly as in the text (newlines between blocks)
	Match   string `json:"match"`   // exactly the matched text
	After   string `json:"after"`   // a few words after, exactly as in the text
}

// Snippet shape: this many words each side (CJK: characters, counted as a third of a word), and never
// more than maxContext code points.
const (
	contextWords = 6
	maxContext   = 60
)

// HitsInDocument finds every match of query in text (Ctrl+F in one document) with the same matching as
// the index, analysed in lang ("" detects it from the text): exclusions and OR decide nothing here,
// every positive term or phrase is a hit.
func HitsInDocument(text, query, lang string) []Hit {
	if lang == "" {
		lang = DetectLanguage(text)
	}
	a := analyserFor(lang)
	hits, _ := scanHits(a, nil, text, 0, parseQuery(query).forLanguage(a).positive(), "body", "", -1)
	return hits
}

// scanHits finds the atoms (analysed by a) in text from code point from on (a body's header, before its
// BodyStart, is not searched nor quoted) and returns the first limit hits (all when limit < 0) and how
// many there are. Overlapping matches are one hit: the earliest, longest one.
//
// st (nil: none) carries what one search reuses from text to text of a language: the terms of words
// already analysed, whose words repeat, and the word and term buffers.
func scanHits(a *analyser, st *scanState, text string, from int, atoms []atom, in, ref string, limit int) (hits []Hit, total int) {
	if len(atoms) == 0 || text == "" {
		return nil, 0
	}
	if from > 0 {
		b, ok := byteOf(text, from)
		if !ok {
			return nil, 0
		}
		text = text[b:]
	}
	if st == nil {
		st = &scanState{}
	}
	words := st.words[:0]
	eachWord(text, false, func(w word) { words = append(words, w) })
	st.words = words
	// Terms are analysed lazily, once per distinct word, and only for words whose first letter some
	// atom's term starts with (when the analyser keeps first letters).
	firsts := map[rune]bool{}
	var all []string // every term and alt of the atoms
	for _, at := range atoms {
		all = append(all, at.terms...)
		if at.alt != "" {
			all = append(all, at.alt)
		}
	}
	var firstsASCII [utf8.RuneSelf]bool
	for _, t := range all {
		k := firstKey(t)
		firsts[k] = true
		if k < utf8.RuneSelf {
			firstsASCII[k] = true
		}
	}
	keys := map[rune]rune{} // firstKey of the text's first letters
	// mayMatch is the cheap test: only a word passing it is analysed. Every stemmer here but Arabic's
	// keeps the first letter (a CJK token's term is itself, NFKC); Arabic words are all analysed.
	mayMatch := func(raw string) bool {
		if !a.keepsFirst {
			return true
		}
		if c := raw[0]; c < utf8.RuneSelf { // ASCII: no decoding, no map
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			return firstsASCII[c]
		}
		r, _ := utf8.DecodeRuneInString(raw)
		k, ok := keys[r]
		if !ok {
			k = firstKey(raw)
			keys[r] = k
		}
		return firsts[k]
	}
	terms := st.slots(len(words))
	if st.cache == nil {
		st.cache = map[string][2]string{}
	}
	cache := st.cache
	termOf := func(i int) (string, string) {
		t := &terms[i]
		if !t.done {
			t.done = true
			w := words[i]
			raw := text[w.start:w.end]
			if !mayMatch(raw) {
				t.term = "\x00" // matches no term
			} else if an, ok := cache[raw]; ok {
				t.term, t.alt = an[0], an[1]
			} else {
				t.term, t.alt = a.analyse(raw, w.cjk)
				if len(cache) < maxCachedTerms {
					// a copy: the key must not hold the whole text in memory after the search
					cache[strings.Clone(raw)] = [2]string{t.term, t.alt}
				}
			}
		}
		return t.term, t.alt
	}
	type span struct{ first, last int } // token indexes, inclusive
	var spans []span
	for i := range words {
		for _, at := range atoms {
			if matchesAt(termOf, len(words), i, at) {
				spans = append(spans, span{i, i + len(at.terms) - 1})
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
	fromCP := from
	reach := -1
	for _, s := range spans {
		if s.last <= reach {
			continue
		}
		reach = s.last
		if limit < 0 || len(hits) < limit {
			start, end := words[s.first].start, words[s.last].end
			cpEnd := words[s.last].cpEnd
			if words[s.first].cjk && s.first == s.last && isCharAtom(atoms, termOf, s.first) {
				size, n := firstChar(text[start:])
				end, cpEnd = start+size, words[s.first].cpStart+n
			}
			h := makeHit(text, words, s.first, s.last, start, end, in, ref)
			h.Start, h.End = words[s.first].cpStart+fromCP, cpEnd+fromCP
			hits = append(hits, h)
		}
		total++
	}
	return hits, total
}

// isCharAtom reports whether the hit at token i came from a one-character CJK query only (no atom
// matching the whole bigram).
func isCharAtom(atoms []atom, termOf func(int) (string, string), i int) bool {
	for _, at := range atoms {
		if !at.char && len(at.terms) == 1 && matchesAt(termOf, i+1, i, at) {
			return false
		}
	}
	return true
}

func matchesAt(termOf func(int) (string, string), n, i int, a atom) bool {
	if i+len(a.terms) > n {
		return false
	}
	for k, want := range a.terms {
		term, alt := termOf(i + k)
		switch {
		case a.kind == atomPrefix && k == len(a.terms)-1:
			if !strings.HasPrefix(term, want) && (alt == "" || !strings.HasPrefix(alt, want)) {
				return false
			}
		case a.kind == atomTerm:
			if term != want && (alt == "" || alt != want) && (a.alt == "" || term != a.alt && alt != a.alt) {
				return false
			}
		default:
			if term != want {
				return false
			}
		}
	}
	return true
}

// makeHit cuts the match [start, end) (bytes) and its context from text, exactly as the text has them:
// its own spacing and punctuation, paragraph breaks kept as the newlines they are. The context is up to
// contextWords words each side, cut at word boundaries, never more than maxContext code points.
func makeHit(text string, words []word, first, last, start, end int, in, ref string) Hit {
	from, to := start, end
	budget := float64(contextWords)
	for i := first - 1; i >= 0 && budget > 0; i-- {
		if utf8.RuneCountInString(text[words[i].start:start]) > maxContext {
			break
		}
		from = words[i].start
		budget -= weight(words[i])
	}
	budget = float64(contextWords)
	for i := last + 1; i < len(words) && budget > 0; i++ {
		if words[i].start < end {
			continue // the other bigram of the last character
		}
		if utf8.RuneCountInString(text[end:words[i].end]) > maxContext {
			break
		}
		to = words[i].end
		budget -= weight(words[i])
	}
	if from == words[0].start {
		from = 0 // punctuation before the first word
	}
	if last == len(words)-1 || to == words[len(words)-1].end {
		to = len(text) // punctuation after the last word
	} else if j := to; j < len(text) {
		// keep punctuation that closes the last word of the context ("office," "said.”")
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			if unicode.IsSpace(r) || isWordRune(r) {
				break
			}
			j += size
		}
		to = j
	}
	if strings.TrimSpace(text[to:]) == "" {
		to = len(text)
	}
	before, match, after := text[from:start], text[start:end], text[end:to]
	snippet := before + match + after
	if from > 0 {
		snippet = "…" + snippet
	}
	if to < len(text) {
		snippet += "…"
	}
	return Hit{In: in, Ref: ref, Snippet: snippet, Before: before, Match: match, After: after}
}

// weight is what a token counts for in the context budget: a CJK bigram stands for one character.
func weight(w word) float64 {
	if w.cjk {
		return 1.0 / 3
	}
	return 1
}

// byteOf returns the byte offset of code point cp in text.
func byteOf(text string, cp int) (int, bool) {
	n := 0
	for i := range text {
		if n == cp {
			return i, true
		}
		n++
	}
	return len(text), n == cp
}

// DocumentHits finds every match of query in the body of a document's current version (Ctrl+F, tag
// all hits), analysed in the document's language as the index analyses it.
func DocumentHits(s *store.Store, docID, query string) ([]Hit, error) {
	d, err := s.Document(docID)
	if err != nil {
		return nil, err
	}
	v, err := s.Version(docID, 0)
	if err != nil {
		return nil, err
	}
	a := analyserFor(documentLanguage(d, v.Text))
	hits, _ := scanHits(a, nil, v.Text, d.BodyStart, parseQuery(query).forLanguage(a).positive(), "body", "", -1)
	return hits, nil
}
