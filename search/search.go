package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"gloss/store"
)

// Query is one global search. Zero fields do not filter.
type Query struct {
	Text           string `json:"text"`
	TagID          string `json:"tagId"`  // documents with an annotation tagged with it or a descendant
	From           string `json:"from"`   // YYYY-MM-DD, inclusive
	To             string `json:"to"`     // YYYY-MM-DD, inclusive
	Source         string `json:"source"` // exact, ignoring case
	HasAnnotations bool   `json:"hasAnnotations"`
	InNotes        bool   `json:"inNotes"` // match only notes, annotation notes and tag names
	Limit          int    `json:"limit"`   // documents; 0 = DefaultLimit
	// Authors narrows what annotations count to theirs: HasAnnotations and TagID then ask for their
	// annotations, and hits in annotation notes and tag names come from theirs only. A document whose
	// only hits were in other people's annotations is left out (Total counts it as long as the index has
	// it among the first Limit results). Titles, bodies and memos have no author and are searched as ever.
	Authors []string `json:"authors"`
}

// DocResult is one matching library entry with its hits.
type DocResult struct {
	Kind     string  `json:"kind"` // "document", or "note" for a project note (NoteID set, DocID "")
	DocID    string  `json:"docId,omitempty"`
	NoteID   string  `json:"noteId,omitempty"`
	Title    string  `json:"title"`
	Date     string  `json:"date,omitempty"`
	Source   string  `json:"source,omitempty"`
	Version  int     `json:"version,omitempty"` // the version whose text body hits count in
	Score    float64 `json:"score"`
	HitCount int     `json:"hitCount"` // all hits; Hits holds the first MaxHitsPerDoc (HitsInDocument gives all)
	Hits     []Hit   `json:"hits"`
}

// Results of a search. CatchingUp says the index has not applied every change yet; Notice, when set,
// is for the person (the index was found damaged and is being or has been rebuilt).
type Results struct {
	Total      int         `json:"total"`
	Docs       []DocResult `json:"docs"`
	CatchingUp bool        `json:"catchingUp"`
	Notice     string      `json:"notice,omitempty"`
}

const (
	DefaultLimit  = 20
	MaxLimit      = 1000
	MaxHitsPerDoc = 10
)

var allFields, noteFields = []string{"title", "body", "notes"}, []string{"notes"}

// Search runs q against the index and cuts hits and snippets from the store's current texts. An index
// found damaged is replaced and rebuilt from s before it answers (Notice says so): this is for one-shot
// callers such as the CLI; Library does the rebuild in the background.
func (ix *Index) Search(s *store.Store, q Query) (Results, error) {
	res, err := ix.search(s, q)
	if !errors.Is(err, ErrDamaged) {
		return res, err
	}
	if err := ix.Discard(err); err != nil {
		return res, err
	}
	if err := ix.CatchUp(context.Background(), s, nil); err != nil {
		return res, err
	}
	res, err = ix.search(s, q)
	res.Notice = "the search index was damaged and has been rebuilt"
	return res, err
}

// search is Search without the repair: an error wrapping ErrDamaged says the index must be rebuilt.
func (ix *Index) search(s *store.Store, q Query) (Results, error) {
	ix.searches.enter()
	defer ix.searches.leave()
	ix.lastSearch.Store(time.Now().UnixNano())
	res := Results{Docs: []DocResult{}}
	parsed := parseQuery(q.Text)
	fields := allFields
	if q.InNotes {
		fields = noteFields
	}
	filters, err := filterQueries(s, q)
	if err != nil {
		return res, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	// Where the index stands, its languages and the search itself in one call into the index: each call
	// is a goroutine of its own (faultWatch.bounded), and on a busy machine each start waited for a
	// turn on the CPU (about 1 ms a call under a catch-up, BenchmarkFirstSearch).
	var langs []string
	var found *bleve.SearchResult
	var m mark
	var marked bool
	err = ix.read(func(idx bleve.Index) (err error) {
		if m, err = markOf(idx); err != nil {
			return err
		}
		marked = true
		var must []query.Query
		if !parsed.empty() {
			if langs, err = ix.languagesIn(idx); err != nil {
				return err
			}
			if tq := textQuery(parsed, langs, fields); tq != nil {
				must = append(must, tq)
			}
		}
		if len(must) == 0 && len(filters) == 0 {
			return nil
		}
		must = append(must, filters...)
		req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(must...), limit, 0, false)
		req.Fields = []string{"lang"}
		// Best first; ties keep index order (sorting by _id would look up the id of every match).
		req.SortBy([]string{"-_score"})
		found, err = idx.Search(req)
		return err
	})
	res.CatchingUp = !marked || ix.behindMark(s, m)
	if err != nil || found == nil {
		return res, err
	}
	res.Total = int(found.Total)
	// The hits' documents and texts, read in one transaction (a search read each twice, in two).
	var ids []string
	for _, h := range found.Hits {
		if id, isDoc := strings.CutPrefix(h.ID, "d:"); isDoc {
			ids = append(ids, id)
		}
	}
	texts := make(map[string]docText, len(ids))
	if len(ids) > 0 {
		if err := s.DocumentTexts(ids, func(d store.Document, text string) error {
			texts[d.ID] = docText{d, text}
			return nil
		}); err != nil {
			return res, err
		}
	}
	scanners := map[string]*scanner{} // per analysis key
	var lib *libraryNotes             // loaded on first need
	for _, h := range found.Hits {
		key, _ := h.Fields["lang"].(string)
		if key == langValue("") {
			key = ""
		}
		a, ok := scanners[key]
		if !ok {
			an := analyserFor(key)
			a = &scanner{an, parsed.forLanguage(an).positive(), &scanState{cache: ix.terms.take(key)}}
			scanners[key] = a
			defer ix.terms.give(key, a.st.cache)
		}
		atoms := a.atoms
		if lib == nil && len(atoms) > 0 {
			if lib, err = loadLibraryNotes(s); err != nil {
				return res, err
			}
		}
		var r DocResult
		if id, isDoc := strings.CutPrefix(h.ID, "d:"); isDoc {
			var dt docText
			if dt, ok = texts[id]; ok {
				r, err = documentResult(s, dt, a, q.InNotes, lib, q.Authors)
			}
			if ok && err == nil && len(q.Authors) > 0 && len(atoms) > 0 && r.HitCount == 0 {
				res.Total-- // it matched in the notes of annotations by others only
				continue
			}
		} else if id, isNote := strings.CutPrefix(h.ID, "n:"); isNote {
			r, ok, err = noteResult(s, id, a, lib)
		}
		if err != nil {
			return res, err
		}
		if !ok { // gone from the store, the index has not caught up
			res.CatchingUp = true
			continue
		}
		r.Score = h.Score
		res.Docs = append(res.Docs, r)
	}
	if len(res.Docs) == 0 && res.Notice == "" {
		res.Notice = nothingFound(q, parsed, langs)
	}
	return res, nil
}

// nothingFound is the hint for a search that found nothing: what the person could try instead.
func nothingFound(q Query, p parsedQuery, langs []string) string {
	var tips []string
	phrase, words := false, 0
	for _, c := range p.all {
		for _, pc := range c {
			if n := strings.Count(pc.text, " "); n > 0 || strings.ContainsAny(pc.text, "-.") {
				phrase = true
			}
			words++
		}
	}
	if q.TagID != "" || q.From != "" || q.To != "" || q.Source != "" || q.HasAnnotations || q.InNotes || len(q.Authors) > 0 {
		tips = append(tips, "clear the filters")
	}
	if phrase {
		tips = append(tips, "search the words without quotes")
	}
	if words > 1 {
		tips = append(tips, "use fewer words, or OR between alternatives")
	}
	tips = append(tips, "try the start of a word with * (hous*)")
	if len(p.none) > 0 {
		tips = append(tips, "drop the -exclusions")
	}
	hint := "Nothing found: " + strings.Join(tips, "; ") + "."
	if len(langs) > 1 {
		hint += fmt.Sprintf(" Words are matched in each document's own language (%d in this library).", len(langs))
	}
	return hint
}

func filterQueries(s *store.Store, q Query) ([]query.Query, error) {
	var out []query.Query
	keyword := func(field, value string) query.Query {
		t := bleve.NewTermQuery(value)
		t.SetField(field)
		return t
	}
	if q.TagID != "" {
		ids, err := tagAndDescendants(s, q.TagID)
		if err != nil {
			return nil, err
		}
		var any []query.Query
		for _, id := range ids {
			any = append(any, keyword("tags", id))
		}
		out = append(out, bleve.NewDisjunctionQuery(any...))
	}
	for _, d := range []string{q.From, q.To} {
		if _, err := time.Parse(time.DateOnly, d); d != "" && err != nil {
			return nil, fmt.Errorf("the date %q is not in YYYY-MM-DD form", d)
		}
	}
	if q.From != "" || q.To != "" {
		yes := true
		r := bleve.NewTermRangeInclusiveQuery(q.From, q.To, &yes, &yes)
		r.SetField("date")
		out = append(out, r)
	}
	if q.Source != "" {
		out = append(out, keyword("source", strings.ToLower(q.Source)))
	}
	if q.HasAnnotations {
		out = append(out, keyword("annotated", "yes"))
	}
	if len(q.Authors) > 0 && (q.HasAnnotations || q.TagID != "") {
		// Authors are not in the index: the store says which documents they annotated (with the tag).
		var tagIDs []string
		if q.TagID != "" {
			var err error
			if tagIDs, err = tagAndDescendants(s, q.TagID); err != nil {
				return nil, err
			}
		}
		counts, err := s.AnnotatedBy(q.Authors, tagIDs)
		if err != nil {
			return nil, err
		}
		ids := make([]string, 0, len(counts))
		for id := range counts {
			ids = append(ids, docKey(id))
		}
		out = append(out, bleve.NewDocIDQuery(ids))
	}
	if len(out) > 0 { // document filters leave project notes out
		out = append(out, keyword("kind", "doc"))
	}
	return out, nil
}

func tagAndDescendants(s *store.Store, root string) ([]string, error) {
	tags, err := s.Tags()
	if err != nil {
		return nil, err
	}
	children := map[string][]string{}
	known := false
	for _, t := range tags {
		children[t.Parent] = append(children[t.Parent], t.ID)
		known = known || t.ID == root
	}
	if !known {
		return nil, fmt.Errorf("tag %s: %w", root, store.ErrNotFound)
	}
	out := []string{root}
	for i := 0; i < len(out); i++ {
		out = append(out, children[out[i]]...)
	}
	return out, nil
}

// libraryNotes is what note hits need: memos by document, project notes, tag names.
type libraryNotes struct {
	memos    map[string]store.Note
	notes    map[string]store.Note
	tagNames map[string]string
}

func loadLibraryNotes(s *store.Store) (*libraryNotes, error) {
	notes, err := s.Notes()
	if err != nil {
		return nil, err
	}
	v, err := loadView(s)
	if err != nil {
		return nil, err
	}
	lib := &libraryNotes{memos: map[string]store.Note{}, notes: map[string]store.Note{}, tagNames: v.tagNames}
	for _, n := range notes {
		lib.notes[n.ID] = n
		if n.DocID != "" {
			lib.memos[n.DocID] = n
		}
	}
	return lib, nil
}

// hitList gathers hits from several texts up to MaxHitsPerDoc, counting them all.
type hitList struct {
	hits  []Hit
	count int
}

// scanner is what hit scanning needs for the documents of one language: the analyser, the query's
// positive atoms in its terms, and what scanning reuses (the terms of words seen so far, buffers).
type scanner struct {
	a     *analyser
	atoms []atom
	st    *scanState
}

func (l *hitList) scan(sc *scanner, text string, from int, in, ref string) {
	hits, total := scanHits(sc.a, sc.st, text, from, sc.atoms, in, ref, MaxHitsPerDoc-len(l.hits))
	l.hits = append(l.hits, hits...)
	l.count += total
}

// docText is a document with its current text.
type docText struct {
	d    store.Document
	text string
}

// documentResult cuts a document's hits; with authors, only their annotations' notes and tags count.
func documentResult(s *store.Store, dt docText, an *scanner, inNotes bool, lib *libraryNotes, authors []string) (DocResult, error) {
	d, id := dt.d, dt.d.ID
	r := DocResult{Kind: "document", DocID: d.ID, Title: d.Title, Date: d.Date, Source: d.Source, Version: d.Version, Hits: []Hit{}}
	if len(an.atoms) == 0 {
		return r, nil
	}
	var l hitList
	if !inNotes {
		l.scan(an, d.Title, 0, "title", "")
		l.scan(an, dt.text, d.BodyStart, "body", "") // the header above BodyStart is the title's
	}
	if memo, ok := lib.memos[id]; ok {
		l.scan(an, memo.Title, 0, "note", memo.ID)
		l.scan(an, memo.Body, 0, "note", memo.ID)
	}
	if d.Annotations > 0 {
		anns, err := s.Annotations(store.AnnotationFilter{DocID: id})
		if err != nil {
			return DocResult{}, err
		}
		tagged := map[string]bool{}
		for _, a := range anns {
			if len(authors) > 0 && !slices.Contains(authors, a.Author) {
				continue
			}
			l.scan(an, a.Note, 0, "note", a.ID)
			for _, t := range a.Tags {
				if !tagged[t] {
					tagged[t] = true
					l.scan(an, lib.tagNames[t], 0, "tag", t)
				}
			}
		}
	}
	r.Hits, r.HitCount = l.hits, l.count
	return r, nil
}

func noteResult(s *store.Store, id string, a *scanner, lib *libraryNotes) (DocResult, bool, error) {
	if lib == nil {
		var err error
		if lib, err = loadLibraryNotes(s); err != nil {
			return DocResult{}, false, err
		}
	}
	n, ok := lib.notes[id]
	if !ok || n.DocID != "" {
		return DocResult{}, false, nil
	}
	var l hitList
	l.scan(a, n.Title, 0, "title", n.ID)
	l.scan(a, n.Body, 0, "note", n.ID)
	return DocResult{Kind: "note", NoteID: n.ID, Title: n.Title, Hits: append([]Hit{}, l.hits...), HitCount: l.count}, true, nil
}

// languages lists the analysis keys of the entries in the index ("" for the generic analyser). The
// list is read from the index's "lang" terms once per generation of the index and then kept up to date
// by the writes (apply adds the keys it indexes): reading the terms walks every segment with a goroutine
// each, which while a catch-up adds segments cost a search 10–60 ms of waiting (BenchmarkFirstSearch).
// A key whose last entry was deleted stays listed until the next rebuild: its query then matches nothing.
func (ix *Index) languages() (out []string, err error) {
	err = ix.read(func(idx bleve.Index) (err error) { out, err = ix.languagesIn(idx); return err })
	return out, err
}

// languagesIn is languages for idx, the open index; the caller holds the read lock.
func (ix *Index) languagesIn(idx bleve.Index) ([]string, error) {
	if keys, ok := ix.langs.get(ix.gen); ok {
		return keys, nil
	}
	dict, err := idx.FieldDict("lang")
	if err != nil {
		return nil, err
	}
	defer dict.Close()
	var out []string
	for e, err := dict.Next(); e != nil || err != nil; e, err = dict.Next() {
		if err != nil {
			return nil, err
		}
		if e.Term == langValue("") {
			out = append(out, "")
		} else {
			out = append(out, e.Term)
		}
	}
	ix.langs.set(ix.gen, out)
	return out, nil
}

// langList is the analysis keys present in one generation of the index.
type langList struct {
	mu   sync.Mutex
	gen  uint64
	keys []string // sorted; nil: not read yet
}

func (l *langList) get(gen uint64) ([]string, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.keys), l.keys != nil && l.gen == gen
}

func (l *langList) set(gen uint64, keys []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.gen, l.keys = gen, append([]string{}, keys...)
	slices.Sort(l.keys)
}

// add records that generation gen now has an entry with key (nothing to do before the list is read).
func (l *langList) add(gen uint64, key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.keys != nil && l.gen == gen {
		if i, found := slices.BinarySearch(l.keys, key); !found {
			l.keys = slices.Insert(l.keys, i, key)
		}
	}
}

// textQuery is the text part of a search: the query analysed in each language present, each analysis
// asked of that language's entries only. Languages whose analyses agree share one query ("Berlin" is
// "berlin" in most of them), and when one analysis serves every language present there is no language
// filter at all.
func textQuery(p parsedQuery, langs []string, fields []string) query.Query {
	if len(langs) == 0 {
		langs = []string{""}
	}
	type group struct {
		q     query.Query
		langs []string
	}
	var groups []*group
	bySignature := map[string]*group{}
	for _, key := range langs {
		aq := p.forLanguage(analyserFor(key))
		sig := fmt.Sprintf("%v|%v|%v", aq.all, aq.none, commonSignature(aq))
		g, ok := bySignature[sig]
		if !ok {
			g = &group{q: aq.bleveQuery(fields)}
			bySignature[sig] = g
			groups = append(groups, g)
		}
		g.langs = append(g.langs, key)
	}
	if len(groups) == 1 {
		return groups[0].q
	}
	var any []query.Query
	for _, g := range groups {
		var in []query.Query
		for _, key := range g.langs {
			t := bleve.NewTermQuery(langValue(key))
			t.SetField("lang")
			in = append(in, t)
		}
		var filter query.Query = in[0]
		if len(in) > 1 {
			filter = bleve.NewDisjunctionQuery(in...)
		}
		any = append(any, bleve.NewConjunctionQuery(filter, g.q))
	}
	return bleve.NewDisjunctionQuery(any...)
}

// commonSignature tells apart analyses whose phrases use different pair terms.
func commonSignature(q analysedQuery) string {
	var b strings.Builder
	for _, a := range q.positive() {
		if a.kind != atomTerm {
			fmt.Fprint(&b, q.a.phraseTerms(a.terms))
		}
	}
	for _, a := range q.none {
		if a.kind != atomTerm {
			fmt.Fprint(&b, q.a.phraseTerms(a.terms))
		}
	}
	return b.String()
}
