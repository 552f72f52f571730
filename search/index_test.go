package search

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	index "github.com/blevesearch/bleve_index_api"

	"gloss/corpus"
	"gloss/ingest"
	"gloss/store"
	"gloss/storetest"
)

// library is a temp store and its index, built.
type library struct {
	t   *testing.T
	s   *store.Store
	ix  *Index
	dir string
}

func newLibrary(t *testing.T) *library {
	t.Helper()
	dir := t.TempDir()
	l := &library{t: t, s: storetest.OpenAt(t, filepath.Join(dir, "library.db")), dir: filepath.Join(dir, "library.db.search")}
	l.reopen()
	return l
}

func (l *library) reopen() {
	l.t.Helper()
	if l.ix != nil {
		l.ix.Close()
	}
	ix, err := Open(l.dir)
	if err != nil {
		l.t.Fatal(err)
	}
	l.ix = ix
	l.t.Cleanup(func() { ix.Close() })
}

func (l *library) catchUp() {
	l.t.Helper()
	if err := l.ix.CatchUp(context.Background(), l.s, nil); err != nil {
		l.t.Fatal(err)
	}
	if st, err := l.ix.Status(l.s); err != nil || !st.Ready {
		l.t.Fatalf("after CatchUp: %+v %v", st, err)
	}
}

func (l *library) add(title, date, source, text string) string {
	l.t.Helper()
	d, err := l.s.AddDocument(store.NewDocument{Title: title, Date: date, Source: source, Format: "txt", Text: text})
	if err != nil {
		l.t.Fatal(err)
	}
	return d.ID
}

// addIn adds a document whose metadata names its language.
func (l *library) addIn(lang, title, text string) string {
	l.t.Helper()
	d, err := l.s.AddDocument(store.NewDocument{Title: title, Format: "txt", Text: text, Meta: store.Meta{Language: lang}})
	if err != nil {
		l.t.Fatal(err)
	}
	return d.ID
}

// queryTerms are the analysed terms of the words of q in lang.
func queryTerms(lang, q string) []string {
	var out []string
	analyserFor(lang).eachToken(q, true, func(t token) { out = append(out, t.term) })
	return out
}

func (l *library) search(q Query) Results {
	l.t.Helper()
	r, err := l.ix.Search(l.s, q)
	if err != nil {
		l.t.Fatalf("search %+v: %v", q, err)
	}
	return r
}

// titles returns the sorted titles of the results.
func (l *library) titles(q Query) []string {
	l.t.Helper()
	var out []string
	for _, d := range l.search(q).Docs {
		out = append(out, d.Title)
	}
	sort.Strings(out)
	return out
}

func (l *library) expect(q Query, want ...string) {
	l.t.Helper()
	sort.Strings(want)
	if got := l.titles(q); !slices.Equal(got, want) {
		l.t.Errorf("search %+v: got %q, want %q", q, got, want)
	}
}

func TestSeedArticles(t *testing.T) {
	l := newLibrary(t)
	if _, err := ingest.Seed(l.s, corpus.Files()); err != nil {
		t.Fatal(err)
	}
	if st, _ := l.ix.Status(l.s); st.Ready || !st.Rebuild {
		t.Fatalf("a new index must say it needs building: %+v", st)
	}
	l.catchUp()
	// Two of the five seeds quote Harris's "pimple on the face of this program"; seed 000 twice.
	res := l.search(Query{Text: `"pimple on the face"`})
	if res.Total != 2 || len(res.Docs) != 2 || res.CatchingUp {
		t.Fatalf("pimple: %+v", res)
	}
	hits := 0
	for _, d := range res.Docs {
		ver, err := l.s.Version(d.DocID, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range d.Hits {
			if h.In != "body" {
				continue
			}
			hits++
			if got := cut(ver.Text, h.Start, h.End); got != "pimple on the face" || h.Match != got {
				t.Errorf("%s: [%d,%d) is %q", d.Title, h.Start, h.End, got)
			}
			if !strings.Contains(h.Snippet, "huge kind of pimple on the face of this program") {
				t.Errorf("snippet %q", h.Snippet)
			}
			// A hit becomes an annotation exactly.
			a, err := l.s.CreateAnnotation(store.NewAnnotation{DocID: d.DocID, Start: h.Start, End: h.End})
			if err != nil || a.Exact != "pimple on the face" {
				t.Fatalf("annotation from hit: %+v %v", a, err)
			}
		}
	}
	if hits != 3 {
		t.Errorf("want 3 body hits (2 + 1), got %d", hits)
	}
	// The index is now behind by the annotations; it says so, and catches up.
	if res := l.search(Query{Text: "pimple"}); !res.CatchingUp {
		t.Error("search after writes should say catching up")
	}
	l.catchUp()
	l.expect(Query{Text: "pimple", HasAnnotations: true}, titlesOf(res)...)
	l.expect(Query{Text: `harris -"pimple on the face"`, Limit: 10}, seedTitlesWithout(t, l, "pimple on the face", "harris")...)
}

func titlesOf(r Results) []string {
	var out []string
	for _, d := range r.Docs {
		out = append(out, d.Title)
	}
	return out
}

// seedTitlesWithout lists the titles of documents containing word but not phrase, scanning the texts.
func seedTitlesWithout(t *testing.T, l *library, phrase, word string) []string {
	docs, err := l.s.Documents()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range docs {
		v, _ := l.s.Version(d.ID, 0)
		text := d.Title + "\n" + v.Text
		if len(HitsInDocument(text, word, "en")) > 0 && len(HitsInDocument(text, `"`+phrase+`"`, "en")) == 0 {
			out = append(out, d.Title)
		}
	}
	if len(out) == 0 {
		t.Fatal("test needs a document with the word and without the phrase")
	}
	return out
}

func TestOperatorsAndFilters(t *testing.T) {
	l := newLibrary(t)
	a := l.add("Budget vote", "2024-03-01", "Daily Planet", "The council passed the budget after a long debate.")
	b := l.add("Harbour plan", "2024-05-20", "Gazette", "The harbour plan was debated; the council delayed the vote.")
	c := l.add("Festival", "2023-12-24", "Daily Planet", "The winter festival opened downtown with music.")
	l.add("Undated", "", "Gazette", "Nothing about councillors here, only a festive mood.")
	l.catchUp()

	l.expect(Query{Text: "council"}, "Budget vote", "Harbour plan")
	l.expect(Query{Text: "council*"}, "Budget vote", "Harbour plan", "Undated")
	l.expect(Query{Text: "council -harbour"}, "Budget vote")
	l.expect(Query{Text: "music OR budget"}, "Budget vote", "Festival")
	l.expect(Query{Text: `"the council passed"`}, "Budget vote")
	l.expect(Query{Text: `"council the"`}) // words present, not consecutive
	l.expect(Query{Text: "festival"}, "Festival")
	l.expect(Query{Text: "harbour"}, "Harbour plan") // the title is searched too
	l.expect(Query{Text: "-council"}, "Festival", "Undated")
	l.expect(Query{Text: "the", Source: "daily planet"}, "Budget vote", "Festival")
	l.expect(Query{Text: "the", From: "2024-01-01"}, "Budget vote", "Harbour plan")
	l.expect(Query{Text: "the", From: "2024-01-01", To: "2024-03-31"}, "Budget vote")
	l.expect(Query{Text: "the", To: "2023-12-31"}, "Festival")
	l.expect(Query{Source: "gazette"}, "Harbour plan", "Undated") // filters alone list documents
	if _, err := l.ix.Search(l.s, Query{Text: "x", From: "March"}); err == nil {
		t.Error("a bad date must be an error")
	}

	// Annotations, tags and notes.
	parent, _ := l.s.CreateTag(store.NewTag{Name: "Fiscal"})
	child, _ := l.s.CreateTag(store.NewTag{Name: "Spending", Parent: parent.ID})
	other, _ := l.s.CreateTag(store.NewTag{Name: "Culture"})
	if _, err := l.s.CreateAnnotation(store.NewAnnotation{DocID: a, Start: 4, End: 11, Tags: []string{child.ID}, Note: "check the deficit figure"}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.s.CreateAnnotation(store.NewAnnotation{DocID: c, Start: 2, End: 8, Tags: []string{other.ID}}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.s.SaveNote(store.Note{DocID: b, Title: "Memo", Body: "Ask the port authority about the deficit."}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.s.SaveNote(store.Note{Title: "Project idea", Body: "Compare deficit coverage across outlets."}); err != nil {
		t.Fatal(err)
	}
	l.catchUp()
	l.expect(Query{Text: "the", HasAnnotations: true}, "Budget vote", "Festival")
	l.expect(Query{Text: "the", TagID: parent.ID}, "Budget vote") // a parent tag covers its children
	l.expect(Query{Text: "the", TagID: other.ID}, "Festival")
	l.expect(Query{Text: "deficit"}, "Budget vote", "Harbour plan", "Project idea")
	l.expect(Query{Text: "deficit", InNotes: true}, "Budget vote", "Harbour plan", "Project idea")
	l.expect(Query{Text: "deficit", InNotes: true, Source: "gazette"}, "Harbour plan") // filters leave project notes out
	l.expect(Query{Text: "council", InNotes: true})
	l.expect(Query{Text: "spending"}, "Budget vote") // tag names are searched
	for _, d := range l.search(Query{Text: "deficit"}).Docs {
		if len(d.Hits) != 1 || d.Hits[0].In != "note" || d.Hits[0].Ref == "" || d.Hits[0].Match != "deficit" {
			t.Errorf("%s: note hit %+v", d.Title, d.Hits)
		}
	}

	// Renaming a tag, deleting the memo and a document reach the index through the journal.
	if _, err := l.s.UpdateTag(child.ID, "Outlays", child.Colour, ""); err != nil {
		t.Fatal(err)
	}
	memo, _, _ := l.s.DocumentNote(b)
	if err := l.s.DeleteNote(memo.ID); err != nil {
		t.Fatal(err)
	}
	if err := l.s.DeleteDocument(c); err != nil {
		t.Fatal(err)
	}
	l.catchUp()
	l.expect(Query{Text: "spending"})
	l.expect(Query{Text: "outlays"}, "Budget vote")
	l.expect(Query{Text: "deficit"}, "Budget vote", "Project idea")
	l.expect(Query{Text: "festival"})
	// Undo brings the document back.
	if _, err := l.s.Undo(); err != nil {
		t.Fatal(err)
	}
	l.catchUp()
	l.expect(Query{Text: "festival"}, "Festival")
}

func TestOffsetsInStoredText(t *testing.T) {
	l := newLibrary(t)
	text := "Families 👩‍👩‍👧 gathered.\r\nThe cafe\u0301 reopened;\r\nowners said \"we're back\"."
	id := l.add("Re\u0301opening", "2024-01-02", "Local", text)
	l.catchUp()
	res := l.search(Query{Text: `café "owners said"`})
	if len(res.Docs) != 1 {
		t.Fatalf("%+v", res)
	}
	var got []string
	for _, h := range res.Docs[0].Hits {
		if h.In == "body" {
			got = append(got, cut(text, h.Start, h.End))
			a, err := l.s.CreateAnnotation(store.NewAnnotation{DocID: id, Start: h.Start, End: h.End})
			if err != nil || a.Exact != h.Match {
				t.Errorf("annotation %+v %v, hit %+v", a, err, h)
			}
		}
	}
	if want := []string{"cafe\u0301", "owners said"}; !slices.Equal(got, want) {
		t.Errorf("hits %q, want %q", got, want)
	}
	// The title is searched with the same normalisation: "Réopening" written with a combining accent.
	l.expect(Query{Text: "réopening"}, "Re\u0301opening")
}

func TestCatchUpAfterCrash(t *testing.T) {
	l := newLibrary(t)
	l.add("First", "2024-01-01", "A", "alpha words here")
	l.catchUp()
	// Store writes land, then the process dies before the index hears of them.
	l.add("Second", "2024-01-02", "A", "alpha beta")
	third := l.add("Third", "2024-01-03", "A", "gamma")
	if _, err := l.s.SetMetadata(third, "Third, renamed", "2024-01-03"); err != nil {
		t.Fatal(err)
	}
	l.reopen()
	st, err := l.ix.Status(l.s)
	if err != nil || st.Ready || st.Rebuild || st.Behind != 3 {
		t.Fatalf("status after crash: %+v %v", st, err)
	}
	if res := l.search(Query{Text: "alpha"}); !res.CatchingUp || len(res.Docs) != 1 {
		t.Fatalf("stale search: %+v", res)
	}
	var calls [][2]int
	if err := l.ix.CatchUp(context.Background(), l.s, func(d, n int) { calls = append(calls, [2]int{d, n}) }); err != nil {
		t.Fatal(err)
	}
	if len(calls) == 0 || calls[len(calls)-1] != [2]int{3, 3} {
		t.Errorf("progress %v", calls)
	}
	l.expect(Query{Text: "alpha"}, "First", "Second")
	l.expect(Query{Text: "renamed"}, "Third, renamed")
	if res := l.search(Query{Text: "alpha"}); res.CatchingUp {
		t.Error("still catching up")
	}
}

// setInternal writes one internal value the way the index writes its own (a batch it waits to see
// persisted): live indexes batch unsafely (async.go), so a bare SetInternal may not survive the close.
func setInternal(t *testing.T, ix *Index, key []byte, value string) {
	t.Helper()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	b := ix.idx.NewBatch()
	b.SetInternal(key, []byte(value))
	if err := ix.watch.persist(ix.idx, b); err != nil {
		t.Fatal(err)
	}
}

func TestSchemaMismatchAndDamageRebuild(t *testing.T) {
	l := newLibrary(t)
	l.add("Kept", "2024-01-01", "A", "durable words")
	l.catchUp()
	// An index from another version of Gloss.
	setInternal(t, l.ix, keySchema, "gloss-search-0")
	l.reopen()
	if st, _ := l.ix.Status(l.s); st.Ready || !st.Rebuild || !strings.Contains(st.Reason, "another version") {
		t.Fatalf("schema mismatch: %+v", st)
	}
	l.catchUp()
	l.expect(Query{Text: "durable"}, "Kept")

	// An index ahead of the library (a database restored from an older backup).
	setInternal(t, l.ix, keySeq, "999")
	if st, _ := l.ix.Status(l.s); !st.Rebuild {
		t.Fatalf("ahead: %+v", st)
	}
	l.catchUp()

	// A damaged index directory is replaced and rebuilt.
	l.ix.Close()
	l.ix = nil
	if err := os.WriteFile(filepath.Join(l.dir, "index_meta.json"), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	l.reopen()
	if st, _ := l.ix.Status(l.s); !st.Rebuild || !strings.Contains(st.Reason, NoticeRebuilding) {
		t.Fatalf("damaged: %+v", st)
	}
	l.catchUp()
	l.expect(Query{Text: "durable"}, "Kept")
}

func TestIndexBelongsToItsLibrary(t *testing.T) {
	l := newLibrary(t)
	l.add("Mine", "", "A", "private words")
	l.catchUp()
	// Another library with the same journal length opened against this index.
	other := storetest.Open(t)
	if _, err := other.AddDocument(store.NewDocument{Title: "Theirs", Format: "txt", Text: "foreign words"}); err != nil {
		t.Fatal(err)
	}
	if st, _ := l.ix.Status(other); !st.Rebuild {
		t.Fatalf("another library's journal: %+v", st)
	}
}

// Phrases of common words are matched through pair terms, with gaps where a pair covers two words:
// every phrase must find exactly the documents a scan of the texts finds.
func TestPhrasesAgainstScan(t *testing.T) {
	l := newLibrary(t)
	rng := rand.New(rand.NewSource(3))
	vocab := strings.Fields("of the one and in to a said new year harbour council vote lakes Bruno it was that")
	texts := map[string]string{}
	for i := range 40 {
		var words []string
		for range 10 + rng.Intn(40) {
			words = append(words, vocab[rng.Intn(len(vocab))])
		}
		title := fmt.Sprintf("D%d", i)
		texts[title] = strings.Join(words, " ") + "."
		l.addIn("en", title, texts[title])
	}
	l.catchUp()
	bi, err := l.ix.idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := bi.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for range 300 {
		var words []string
		for range 2 + rng.Intn(4) {
			words = append(words, vocab[rng.Intn(len(vocab))])
		}
		q := `"` + strings.Join(words, " ") + `"`
		var want []string
		for title, text := range texts {
			if len(HitsInDocument(text, q, "en")) > 0 {
				want = append(want, title)
			}
		}
		sort.Strings(want)
		if got := l.titles(Query{Text: q, Limit: 100}); !slices.Equal(got, want) {
			t.Errorf("%s (terms %q): got %q, want %q", q, analyserFor("en").phraseTerms(queryTerms("en", q)), got, want)
		}
		// A large library reads ranges of documents in parallel: any split finds the same documents.
		terms := analyserFor("en").phraseTerms(queryTerms("en", q))
		one, err := phraseDocsSplit(context.Background(), r, "body", terms, 40, 1)
		for parts := uint64(2); parts <= 5 && err == nil; parts++ {
			var split []index.IndexInternalID
			if split, err = phraseDocsSplit(context.Background(), r, "body", terms, 40, parts); !slices.EqualFunc(split, one, index.IndexInternalID.Equals) {
				t.Errorf("%s in %d parts: %d documents, in one: %d", q, parts, len(split), len(one))
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestPhraseTerms(t *testing.T) {
	for in, want := range map[string][]string{
		"of the":            {"~of the"},
		"of the of":         {"~of the", "~the of"},
		"of the lakes":      {"~of the", "", "lakes"},
		"lakes of the":      {"lakes", "~of the"},
		"bruno said it was": {"bruno", "~said it", "~it was"},
		"harbour council":   {"harbour", "council"},
	} {
		if got := analyserFor("en").phraseTerms(strings.Fields(in)); !slices.Equal(got, want) {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}

// A rebuilt index is one segment and nothing else: the pre-merge snapshot is not kept beside it, and no
// temporary directory is left behind.
func TestRebuildLeavesOneSegment(t *testing.T) {
	l := newLibrary(t)
	for i := range 1200 { // more than two batches, so there are segments to merge
		l.add(fmt.Sprintf("Doc %d", i), "", "", fmt.Sprintf("words of document number %d about the harbour", i))
	}
	if err := l.ix.Rebuild(context.Background(), l.s, nil); err != nil {
		t.Fatal(err)
	}
	zaps, _ := filepath.Glob(filepath.Join(l.dir, "store", "*.zap"))
	others, _ := filepath.Glob(l.dir + ".*")
	if len(zaps) != 1 || len(others) != 0 {
		t.Fatalf("after Rebuild: segments %q, left beside %q", zaps, others)
	}
	for _, dir := range []string{l.dir, filepath.Join(l.dir, "store")} {
		if info, err := os.Stat(dir); err != nil || info.Mode().Perm() != 0o700 {
			t.Fatalf("%s: %v %v, want private", dir, info.Mode(), err)
		}
	}
	if st, err := l.ix.Status(l.s); err != nil || !st.Ready {
		t.Fatalf("after Rebuild: %+v %v", st, err)
	}
	l.expect(Query{Text: `"document number 1199"`}, "Doc 1199")
}
