package search

import (
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gloss/search/internal/gen"
	"gloss/store"
)

// BenchmarkFirstSearch times a person's first search where it is slowest: right after the library is
// opened (the index opened by Library.Start, nothing searched yet), while an import writes to the store
// (the app tells the index only when the import ends), and while the index catches up with an import
// in the background. Every search is a first one: a word or phrase not searched before, with no words
// kept from earlier searches (termcache.go). Each is timed against `grep -rFil` and `grep -rF` for the
// same query over the same texts as files, run right after it under the same load, in the same run.
// GLOSS_BENCH_CORPUS=english takes issue 7's English corpus instead of the multilingual one, and
// GLOSS_BENCH_QUERIES sets the queries a case (20):
//
//	go test ./search -run '^$' -bench FirstSearch -benchtime 1x -timeout 30m
func BenchmarkFirstSearch(b *testing.B) {
	n := benchDocs()
	var docs []benchDoc
	title := fmt.Sprintf("First search, multilingual, %d generated documents", n)
	if os.Getenv("GLOSS_BENCH_CORPUS") == "english" {
		title = fmt.Sprintf("First search, English, %d generated documents", n)
		for _, d := range gen.Documents(1, n) {
			docs = append(docs, benchDoc{d, ""})
		}
	} else {
		for _, d := range gen.Multilingual(2, n) {
			docs = append(docs, benchDoc{d.Doc, d.Lang})
		}
	}
	perCase := 20 // GLOSS_BENCH_QUERIES: more queries a case, a steadier p95
	if v, err := strconv.Atoi(os.Getenv("GLOSS_BENCH_QUERIES")); err == nil && v > 0 {
		perCase = v
	}
	dir := b.TempDir()
	files := filepath.Join(dir, "files")
	plain := make([]gen.Doc, n)
	textBytes := 0
	for i, d := range docs {
		plain[i] = d.Doc
		textBytes += len(d.Text)
	}
	if err := gen.WriteFiles(files, plain); err != nil {
		b.Fatal(err)
	}
	plain = nil
	s, err := store.Open(filepath.Join(dir, "library.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	add := func(d benchDoc) {
		if _, err := s.AddDocument(store.NewDocument{Title: d.Title, Date: d.Date, Source: d.Source, Format: "txt", Text: d.Text, Meta: store.Meta{Language: d.lang}}); err != nil {
			b.Error(err)
		}
	}
	for _, d := range docs {
		add(d)
	}
	rng := rand.New(rand.NewSource(11)) // not the queries of BenchmarkSearchCorpus
	var terms, phrases []string
	for len(terms) < 3*perCase {
		if term, phrase, ok := sampleQueries(rng, docs[rng.Intn(n)].Text); ok {
			terms, phrases = append(terms, term), append(phrases, `"`+phrase+`"`)
		}
	}
	docs = nil
	ixDir := filepath.Join(dir, "library.db.search")
	ix, err := Open(ixDir)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	if err := ix.Rebuild(b.Context(), s, nil); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	if err := ix.Close(); err != nil {
		b.Fatal(err)
	}
	// Documents the imports below add: the same generator, another seed.
	more := func(seed int64, k int) (out []benchDoc) {
		if os.Getenv("GLOSS_BENCH_CORPUS") == "english" {
			for _, d := range gen.Documents(seed, k) {
				out = append(out, benchDoc{d, ""})
			}
			return out
		}
		for _, d := range gen.Multilingual(seed, k) {
			out = append(out, benchDoc{d.Doc, d.Lang})
		}
		return out
	}

	type timing struct{ gloss, start, grepI, grep []time.Duration }
	grepOnce := func(q, flags string) time.Duration {
		q = strings.Trim(q, `"`)
		t := time.Now()
		out, err := exec.Command("grep", flags, "--", q, files).Output()
		if err != nil && len(out) > 0 {
			b.Fatal(err)
		}
		return time.Since(t)
	}
	found := func(res Results, err error, q string) {
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Docs) == 0 || len(res.Docs[0].Hits) == 0 {
			b.Errorf("nothing found for %s", q)
		}
	}
	logf := func(format string, args ...any) { b.Logf(format, args...) }
	var loads []string
	load := func() {
		if data, err := os.ReadFile("/proc/loadavg"); err == nil {
			loads = append(loads, strings.Fields(string(data))[0])
		}
	}

	// 1. Right after opening: a fresh Library for every query, as the window has after start-up.
	opened := func(list []string) (t timing) {
		for _, q := range list {
			lib := NewLibrary(ixDir, logf)
			t0 := time.Now()
			if err := lib.Start(s); err != nil {
				b.Fatal(err)
			}
			t1 := time.Now()
			res, err := lib.Search(Query{Text: q, Limit: 20})
			t.gloss = append(t.gloss, time.Since(t1))
			t.start = append(t.start, t1.Sub(t0))
			found(res, err, q)
			lib.Close()
			t.grepI = append(t.grepI, grepOnce(q, "-rFil"))
			t.grep = append(t.grep, grepOnce(q, "-rF"))
		}
		load()
		return t
	}
	openTerm, openPhrase := opened(terms[:perCase]), opened(phrases[:perCase])

	// 2 and 3 share one open library, as the window does.
	lib := NewLibrary(ixDir, logf)
	if err := lib.Start(s); err != nil {
		b.Fatal(err)
	}
	lib.Wait()
	defer lib.Close()
	during := func(list []string, tell bool, seed int64) (t timing, added int) {
		var stop atomic.Bool
		var wg sync.WaitGroup
		var count atomic.Int64
		wg.Add(1)
		go func() { // the import: documents written one by one, as ingest does
			defer wg.Done()
			for round := int64(0); !stop.Load(); round++ {
				for _, d := range more(seed+round, 200) {
					if stop.Load() {
						break
					}
					add(d)
					count.Add(1)
				}
				if tell {
					lib.Changed() // an import ended: the index catches up in the background
				}
			}
		}()
		time.Sleep(500 * time.Millisecond)
		for i, q := range list {
			lib.ix.terms.forget()
			t1 := time.Now()
			res, err := lib.Search(Query{Text: q, Limit: 20})
			t.gloss = append(t.gloss, time.Since(t1))
			found(res, err, q)
			t.grepI = append(t.grepI, grepOnce(q, "-rFil"))
			t.grep = append(t.grep, grepOnce(q, "-rF"))
			if i%5 == 4 {
				load()
			}
			time.Sleep(100 * time.Millisecond)
		}
		stop.Store(true)
		wg.Wait()
		if tell {
			lib.Changed()
		}
		lib.Wait()
		return t, int(count.Load())
	}
	importTerm, n1 := during(terms[perCase:2*perCase], false, 100)
	importPhrase, n2 := during(phrases[perCase:2*perCase], false, 200)
	indexTerm, n3 := during(terms[2*perCase:], true, 300)
	indexPhrase, n4 := during(phrases[2*perCase:], true, 400)

	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }
	fmt.Printf("\n| %s (%.1f MB of text), %d CPUs, load %s | Gloss p50 / p95 | `grep -rFil` p95 | ratio | `grep -rF` p95 | ratio |\n|---|---:|---:|---:|---:|---:|\n",
		title, float64(textBytes)/1e6, runtime.NumCPU(), strings.Join(loads, " "))
	row := func(name string, t timing) {
		p, gi, g := p95(t.gloss), p95(t.grepI), p95(t.grep)
		fmt.Printf("| %s | %s / **%s** | %s | **%.0f×** | %s | %.0f× |\n", name, ms(p50(t.gloss)), ms(p), ms(gi), float64(gi)/float64(p), ms(g), float64(g)/float64(p))
	}
	row("term, first search after opening", openTerm)
	row("phrase, first search after opening", openPhrase)
	fmt.Printf("| opening the index (Library.Start) before them | %s / %s | | | | |\n", ms(p50(append(openTerm.start, openPhrase.start...))), ms(p95(append(openTerm.start, openPhrase.start...))))
	row(fmt.Sprintf("term, while an import writes (%d docs)", n1), importTerm)
	row(fmt.Sprintf("phrase, while an import writes (%d docs)", n2), importPhrase)
	row(fmt.Sprintf("term, while the index catches up with imports (%d docs)", n3), indexTerm)
	row(fmt.Sprintf("phrase, while the index catches up with imports (%d docs)", n4), indexPhrase)
}

// forget drops every cached word: the next search is a first one.
func (c *termCaches) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.byKey = nil
}
