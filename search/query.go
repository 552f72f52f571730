package search

import (
	"strings"
	"unicode"

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

// atom is one thing to look for, in normalised terms.
type atom struct {
	kind  atomKind
	terms []string
}

// parsedQuery: every clause must match (a clause matches when any of its atoms does); no excluded atom
// may match.
type parsedQuery struct {
	all  [][]atom
	none []atom
}

func (p parsedQuery) empty() bool { return len(p.all) == 0 && len(p.none) == 0 }

// positive lists the atoms that make hits.
func (p parsedQuery) positive() []atom {
	var out []atom
	for _, c := range p.all {
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
		var a atom
		var ok bool
		if rs[i] == '"' {
			j := i + 1
			for j < len(rs) && rs[j] != '"' {
				j++
			}
			a, ok = makeAtom(string(rs[i+1:min(j, len(rs))]), false)
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
			a, ok = makeAtom(trimmed, trimmed != word)
		}
		switch {
		case !ok:
		case negated:
			p.none = append(p.none, a)
		case pendingOR:
			p.all[len(p.all)-1] = append(p.all[len(p.all)-1], a)
		default:
			p.all = append(p.all, []atom{a})
		}
		pendingOR = false
	}
	return p
}

func makeAtom(text string, prefix bool) (atom, bool) {
	terms := normaliseAll(text)
	switch {
	case len(terms) == 0:
		return atom{}, false
	case prefix:
		return atom{atomPrefix, terms}, true
	case len(terms) == 1:
		return atom{atomTerm, terms}, true
	default:
		return atom{atomPhrase, terms}, true
	}
}

// bleveQuery turns an atom into a query over the given fields (any of them may match).
func (a atom) bleveQuery(fields []string) query.Query {
	var alternatives []query.Query
	for _, f := range fields {
		alternatives = append(alternatives, a.fieldQuery(f))
	}
	if len(alternatives) == 1 {
		return alternatives[0]
	}
	return bleve.NewDisjunctionQuery(alternatives...)
}

func (a atom) fieldQuery(field string) query.Query {
	switch a.kind {
	case atomTerm:
		q := bleve.NewTermQuery(a.terms[0])
		q.SetField(field)
		return q
	case atomPhrase:
		return phraseQuery(a.terms, field)
	}
	last := bleve.NewPrefixQuery(a.terms[len(a.terms)-1])
	last.SetField(field)
	if len(a.terms) == 1 {
		return last
	}
	// bleve has no phrase-with-prefix: the index narrows to documents with the leading phrase and a
	// term with the prefix; the hit scanner then checks they are adjacent.
	return bleve.NewConjunctionQuery(phraseQuery(a.terms[:len(a.terms)-1], field), last)
}

// phraseQuery finds words at consecutive positions, through pair terms where common words meet; a
// phrase that comes down to one term is a term query.
func phraseQuery(words []string, field string) query.Query {
	terms := phraseTerms(words)
	if len(terms) == 1 {
		q := bleve.NewTermQuery(terms[0])
		q.SetField(field)
		return q
	}
	return narrowPhraseQuery{field, terms}
}

// bleveQuery is the text part of a search; nil when the text had nothing to look for.
func (p parsedQuery) bleveQuery(fields []string) query.Query {
	if p.empty() {
		return nil
	}
	b := bleve.NewBooleanQuery()
	for _, clause := range p.all {
		var any []query.Query
		for _, a := range clause {
			any = append(any, a.bleveQuery(fields))
		}
		if len(any) == 1 {
			b.AddMust(any[0])
		} else {
			b.AddMust(bleve.NewDisjunctionQuery(any...))
		}
	}
	for _, a := range p.none {
		b.AddMustNot(a.bleveQuery(fields))
	}
	return b
}
