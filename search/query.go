package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// The query language: words, "exact phrases", prefix*, -exclusion and OR. Items separated by spaces
// must all match; OR (upper case) joins its neighbours into one alternative, binding tighter than the
// spaces, so `a b OR c` means a AND (b OR c). A word that tokenizes into several tokens ("e-mail",
// "U.S.") is a phrase. Malformed input never fails: an unbalanced quote runs to the end, a stray OR or
// "-" is ignored, and pieces without any word characters are dropped.

type atomKind int

const (
	atomTerm   atomKind = iota
	atomPhrase          // consecutive tokens
	atomPrefix          // consecutive tokens, the last matched as a prefix
)

// atom is one thing to look for, in the terms of one language's analysis.
type atom struct {
	kind  atomKind
	terms []string
	alt   string // atomTerm: a second reading of the word (Arabic و + word), matched as well
	char  bool   // atomPrefix of one CJK character: a hit covers that character, not the bigram
}

// piece is one item of the query as typed, before analysis: a word, a phrase or a prefix.
type piece struct {
	text   string
	prefix bool
}

// parsedQuery: every clause must match (a clause matches when any of its pieces does); no excluded
// piece may match. Pieces are analysed per language (forLanguage): the same query means "haus" in a
// German document and "house" in an English one.
type parsedQuery struct {
	all  [][]piece
	none []piece
}

func (p parsedQuery) empty() bool { return len(p.all) == 0 && len(p.none) == 0 }

// analysedQuery is a parsedQuery in one analyser's terms.
type analysedQuery struct {
	a    *analyser
	all  [][]atom
	none []atom
}

func (p parsedQuery) forLanguage(a *analyser) analysedQuery {
	q := analysedQuery{a: a}
	for _, c := range p.all {
		var clause []atom
		for _, pc := range c {
			clause = append(clause, makeAtom(a, pc))
		}
		q.all = append(q.all, clause)
	}
	for _, pc := range p.none {
		q.none = append(q.none, makeAtom(a, pc))
	}
	return q
}

// positive lists the atoms that make hits.
func (q analysedQuery) positive() []atom {
	var out []atom
	for _, c := range q.all {
		out = append(out, c...)
	}
	return out
}

func parseQuery(input string) parsedQuery {
	var p parsedQuery
	pendingOR := false
	rs := []rune(input)
	for i := 0; i < len(rs); {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		negated := false
		if rs[i] == '-' && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) {
			negated = true
			i++
		}
		var a piece
		var ok bool
		if rs[i] == '"' {
			j := i + 1
			for j < len(rs) && rs[j] != '"' {
				j++
			}
			a, ok = newPiece(string(rs[i+1:min(j, len(rs))]), false)
			i = j + 1
		} else {
			j := i
			for j < len(rs) && !unicode.IsSpace(rs[j]) && rs[j] != '"' {
				j++
			}
			word := string(rs[i:j])
			i = j
			if word == "OR" && !negated {
				pendingOR = len(p.all) > 0
				continue
			}
			trimmed := strings.TrimRight(word, "*")
			a, ok = newPiece(trimmed, trimmed != word)
		}
		switch {
		case !ok:
		case negated:
			p.none = append(p.none, a)
		case pendingOR:
			p.all[len(p.all)-1] = append(p.all[len(p.all)-1], a)
		default:
			p.all = append(p.all, []piece{a})
		}
		pendingOR = false
	}
	return p
}

// newPiece keeps a piece of query text that has at least one word.
func newPiece(text string, prefix bool) (piece, bool) {
	found := false
	eachWord(text, true, func(word) { found = true })
	return piece{text, prefix}, found
}

// makeAtom analyses a piece: one term, a phrase of terms, or terms whose last is a prefix. A prefix is
// matched against analysed terms, so it is analysed too, but cut back to what the stemmer left of the
// word as typed ("häuse*" → "haus", "happy*" → "happ"): a stemmed prefix must still be a prefix.
func makeAtom(a *analyser, pc piece) atom {
	var toks []token
	var words []word
	eachWord(pc.text, true, func(w word) { words = append(words, w) })
	for _, w := range words {
		term, alt := a.analyse(pc.text[w.start:w.end], w.cjk)
		toks = append(toks, token{term: term, alt: alt})
	}
	terms := make([]string, len(toks))
	for i, t := range toks {
		terms[i] = t.term
	}
	switch {
	case pc.prefix || len(words) == 1 && words[0].cjk && oneChar(pc.text[words[0].start:words[0].end]):
		last := words[len(words)-1]
		raw := fold(lowerNFKC(pc.text[last.start:last.end]))
		if common := commonPrefix(raw, terms[len(terms)-1]); common != "" {
			terms[len(terms)-1] = common
		}
		return atom{kind: atomPrefix, terms: terms, char: !pc.prefix}
	case len(terms) == 1:
		return atom{kind: atomTerm, terms: terms, alt: toks[0].alt}
	default:
		return atom{kind: atomPhrase, terms: terms}
	}
}

// oneChar reports whether s is one character of a bigram run (firstChar).
func oneChar(s string) bool {
	size, _ := firstChar(s)
	return size == len(s)
}

func commonPrefix(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	for i > 0 && i < len(a) && !utf8.RuneStart(a[i]) {
		i--
	}
	return a[:i]
}

// bleveQuery turns an atom into a query over the given fields (any of them may match).
func (a atom) bleveQuery(an *analyser, fields []string) query.Query {
	var alternatives []query.Query
	for _, f := range fields {
		alternatives = append(alternatives, a.fieldQuery(an, f))
	}
	if len(alternatives) == 1 {
		return alternatives[0]
	}
	return bleve.NewDisjunctionQuery(alternatives...)
}

func (a atom) fieldQuery(an *analyser, field string) query.Query {
	switch a.kind {
	case atomTerm:
		q := bleve.NewTermQuery(a.terms[0])
		q.SetField(field)
		if a.alt == "" {
			return q
		}
		alt := bleve.NewTermQuery(a.alt)
		alt.SetField(field)
		return bleve.NewDisjunctionQuery(q, alt)
	case atomPhrase:
		return phraseQuery(an, a.terms, field)
	}
	last := bleve.NewPrefixQuery(a.terms[len(a.terms)-1])
	last.SetField(field)
	if len(a.terms) == 1 {
		return last
	}
	// bleve has no phrase-with-prefix: the index narrows to documents with the leading phrase and a
	// term with the prefix; the hit scanner then checks they are adjacent.
	return bleve.NewConjunctionQuery(phraseQuery(an, a.terms[:len(a.terms)-1], field), last)
}

// phraseQuery finds words at consecutive positions, through pair terms where common words meet; a
// phrase that comes down to one term is a term query.
func phraseQuery(an *analyser, words []string, field string) query.Query {
	terms := an.phraseTerms(words)
	if len(terms) == 1 {
		q := bleve.NewTermQuery(terms[0])
		q.SetField(field)
		return q
	}
	return narrowPhraseQuery{field, terms}
}

// bleveQuery is the text part of a search; nil when the text had nothing to look for.
func (p analysedQuery) bleveQuery(fields []string) query.Query {
	if len(p.all) == 0 && len(p.none) == 0 {
		return nil
	}
	b := bleve.NewBooleanQuery()
	for _, clause := range p.all {
		var any []query.Query
		for _, a := range clause {
			any = append(any, a.bleveQuery(p.a, fields))
		}
		if len(any) == 1 {
			b.AddMust(any[0])
		} else {
			b.AddMust(bleve.NewDisjunctionQuery(any...))
		}
	}
	for _, a := range p.none {
		b.AddMustNot(a.bleveQuery(p.a, fields))
	}
	return b
}
