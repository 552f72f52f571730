package search

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gloss/search/internal/gen"
	"gloss/store"
)

// BenchmarkSearchCorpus builds a library of generated articles (GLOSS_BENCH_DOCS, default 10,000),
// indexes it and times term and phrase searches against `grep -rF` (and `grep -rFil`) over the same
// texts as files, in the same run (three rounds, the quietest of each kept). It runs once whatever b.N
// and prints a Markdown table:
//
//	go test ./search -run '^$' -bench SearchCorpus -benchtime 1x -timeout 20m
func BenchmarkSearchCorpus(b *testing.B) {
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("GLOSS_BENCH_DOCS")); err == nil && v > 0 {
		n = v
	}
	const queries, greps, rounds = 200, 20, 3
	dir := b.TempDir()
	docs := gen.Documents(1, n)
	textBytes := 0
	for _, d := range docs {
		textBytes += len(d.Text)
	}
	files := filepath.Join(dir, "files")
	if err := gen.WriteFiles(files, docs); err != nil {
		b.Fatal(err)
	}
	s, err := store.Open(filepath.Join(dir, "library.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	importStart := time.Now()
	for _, d := range docs {
		if _, err := s.AddDocument(store.NewDocument{Title: d.Title, Date: d.Date, Source: d.Source, Format: "txt", Text: d.Text}); err != nil {
			b.Fatal(err)
		}
	}
	importTime := time.Since(importStart)

	// Queries sampled from the texts: single words, and runs of 2–3 consecutive words.
	rng := rand.New(rand.NewSource(7))
	var terms, phrases []string
	for len(terms) < queries || len(phrases) < queries {
		toks := analyserFor("").tokenize(docs[rng.Intn(n)].Text)
		i := rng.Intn(len(toks) - 3)
		if len(terms) < queries {
			terms = append(terms, toks[i].term)
		}
		if len(phrases) < queries {
			k := 2 + rng.Intn(2)
			var words []string
			for _, t := range toks[i : i+k] {
				words = append(words, t.term)
			}
			phrases = append(phrases, strings.Join(words, " "))
		}
	}
	docs = nil // the heap figure below should be the index's, not the generator's

	ix, err := Open(filepath.Join(dir, "library.db.search"))
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	b.ResetTimer()
	buildStart := time.Now()
	if err := ix.Rebuild(context.Background(), s, nil); err != nil {
		b.Fatal(err)
	}
	buildTime := time.Since(buildStart)
	b.StopTimer()
	indexBytes := dirSize(b, ix.dir)
	runtime.GC()
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)

	searchTimes := func(list []string, quote bool) (times []time.Duration, found int) {
		for _, q := range list {
			if quote {
				q = `"` + q + `"`
			}
			start := time.Now()
			res, err := ix.Search(s, Query{Text: q, Limit: 20})
			times = append(times, time.Since(start))
			if err != nil {
				b.Fatal(err)
			}
			if len(res.Docs) > 0 && len(res.Docs[0].Hits) > 0 {
				found++
			}
		}
		return times, found
	}
	// The baseline is `grep -rF`, as the issue names it; `grep -rFil` (case-insensitive like Gloss, file
	// names only) is slower here and is reported beside it.
	grepTimes := func(list []string, flags string) (times []time.Duration) {
		for _, q := range list[:greps] {
			start := time.Now()
			out, err := exec.Command("grep", flags, "--", q, files).Output()
			times = append(times, time.Since(start))
			if err != nil && len(out) > 0 {
				b.Fatal(err)
			}
		}
		return times
	}
	searchTimes(terms[:20], false) // warm up: the first searches map the segment in
	// Three rounds of everything, interleaved; each figure is its quietest round's (a shared machine only
	// ever adds time), the same rule for Gloss and for grep.
	var termTimes, phraseTimes, termGrep, phraseGrep, termGrepI, phraseGrepI []time.Duration
	quietest := func(best *[]time.Duration, got []time.Duration) {
		if *best == nil || p95(got) < p95(*best) {
			*best = got
		}
	}
	for range rounds {
		tt, termFound := searchTimes(terms, false)
		pt, phraseFound := searchTimes(phrases, true)
		if termFound != queries || phraseFound != queries {
			b.Fatalf("every sampled query must find its source: terms %d, phrases %d of %d", termFound, phraseFound, queries)
		}
		quietest(&termTimes, tt)
		quietest(&phraseTimes, pt)
		quietest(&termGrep, grepTimes(terms, "-rF"))
		quietest(&phraseGrep, grepTimes(phrases, "-rF"))
		quietest(&termGrepI, grepTimes(terms, "-rFil"))
		quietest(&phraseGrepI, grepTimes(phrases, "-rFil"))
	}

	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
	tp, pp, tg, pg := p95(termTimes), p95(phraseTimes), p95(termGrep), p95(phraseGrep)
	fmt.Printf("\n| Search, %d generated documents (%.1f MB of text), %d CPUs | value | same-run baseline | ratio |\n|---|---:|---:|---:|\n",
		n, float64(textBytes)/1e6, runtime.NumCPU())
	fmt.Printf("| Store import (AddDocument each, for reference) | %.1f s | | |\n", importTime.Seconds())
	fmt.Printf("| Index build (Rebuild) | %.1f s | | %.0f docs/s |\n", buildTime.Seconds(), float64(n)/buildTime.Seconds())
	fmt.Printf("| Index size | %.1f MB | text %.1f MB | %.2f× text |\n", float64(indexBytes)/1e6, float64(textBytes)/1e6, float64(indexBytes)/float64(textBytes))
	fmt.Printf("| Heap in use after build | %.1f MB | | |\n", float64(mem.HeapInuse)/1e6)
	tgi, pgi := p95(termGrepI), p95(phraseGrepI)
	fmt.Printf("| Term query p50 / p95 (%d, Search with hits and snippets, top 20) | %s / %s | grep -rF p95 (%d) %s; -rFil %s | %.0f× faster; %.0f× |\n",
		queries, ms(p50(termTimes)), ms(tp), greps, ms(tg), ms(tgi), float64(tg)/float64(tp), float64(tgi)/float64(tp))
	fmt.Printf("| Phrase query p50 / p95 (%d, 2–3 words) | %s / %s | grep -rF p95 (%d) %s; -rFil %s | %.0f× faster; %.0f× |\n",
		queries, ms(p50(phraseTimes)), ms(pp), greps, ms(pg), ms(pgi), float64(pg)/float64(pp), float64(pgi)/float64(pp))
	b.ReportMetric(float64(tp.Microseconds())/1000, "term-p95-ms")
	b.ReportMetric(float64(pp.Microseconds())/1000, "phrase-p95-ms")
	b.ReportMetric(float64(indexBytes)/float64(textBytes), "index/text")
}

func percentile(times []time.Duration, p float64) time.Duration {
	sorted := slices.Clone(times)
	slices.Sort(sorted)
	return sorted[min(len(sorted)-1, int(float64(len(sorted))*p))]
}
func p95(times []time.Duration) time.Duration { return percentile(times, 0.95) }
func p50(times []time.Duration) time.Duration { return percentile(times, 0.50) }

func dirSize(b *testing.B, dir string) int64 {
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			total += info.Size()
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return total
}
