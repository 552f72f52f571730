package capture

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"gloss/ingest"
	"gloss/store"
)

// BenchmarkImportNewsPages imports the 181 pages of the article-extraction benchmark into an empty
// library, as local files (ingest.ImportPaths: the baseline) and as URLs served from a loopback server,
// 4 fetches at once (fetch, WARC archive, extraction, store), both in every round; the server sends the
// pages as they are and, in the other sub-benchmark, gzip-compressed:
//
//	GLOSS_EXTRACTION_BENCH=/work/shared/benchmarks/article-extraction go test ./ingest/capture -run '^$' -bench ImportNewsPages -benchtime 3x
func BenchmarkImportNewsPages(b *testing.B) {
	bench := os.Getenv("GLOSS_EXTRACTION_BENCH")
	if bench == "" {
		b.Skip("set GLOSS_EXTRACTION_BENCH to the article-extraction benchmark folder")
	}
	files, err := filepath.Glob(filepath.Join(bench, "html", "*.html.gz"))
	if err != nil || len(files) == 0 {
		b.Fatal("no pages", err)
	}
	dir := b.TempDir()
	pages := map[string][]byte{}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".gz")
		data := gunzip(b, f)
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			b.Fatal(err)
		}
		pages["/"+name] = data
	}
	for _, served := range []string{"plain", "gzip"} {
		b.Run("served="+served, func(b *testing.B) { benchImportPages(b, dir, pages, served) })
	}
}

func benchImportPages(b *testing.B, dir string, pages map[string][]byte, served string) {
	var urls []string
	// served=plain sends the pages as they are; served=gzip gzip-compressed (once, beforehand, as a
	// site's cache keeps them) to a client that asks for it, as news sites send them.
	gzipped := map[string][]byte{}
	if served == "gzip" {
		for path, data := range pages {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
			zw.Write(data)
			zw.Close()
			gzipped[path] = buf.Bytes()
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		if z, ok := gzipped[r.URL.Path]; ok && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			w.Header().Set("Content-Encoding", "gzip")
			data = z
		}
		w.Write(data)
	}))
	defer srv.Close()
	for path := range pages {
		urls = append(urls, srv.URL+path)
	}
	inFlight := 4 // as the issue measures it; GLOSS_BENCH_INFLIGHT=N for another
	if n, err := strconv.Atoi(os.Getenv("GLOSS_BENCH_INFLIGHT")); err == nil && n > 0 {
		inFlight = n
	}
	least := len(pages) * 9 / 10
	var filesCPU, urlsCPU time.Duration
	importFiles := func() time.Duration {
		s := openBench(b)
		defer s.Close()
		start, cpu := time.Now(), processCPU()
		report, err := ingest.ImportPaths(context.Background(), s, []string{dir}, ingest.ImportOptions{}, nil)
		took := time.Since(start)
		filesCPU += processCPU() - cpu
		if err != nil || report.Count(ingest.StatusImported) < least {
			b.Fatalf("%v: %d of %d imported", err, report.Count(ingest.StatusImported), len(pages))
		}
		return took
	}
	importURLs := func() time.Duration {
		s := openBench(b)
		defer s.Close()
		c := New(s, Options{InFlight: inFlight})
		defer c.Close()
		start, cpu := time.Now(), processCPU()
		res, err := c.ImportURLs(context.Background(), urls, nil)
		took := time.Since(start)
		urlsCPU += processCPU() - cpu
		n := 0
		for _, r := range res {
			if r.Status == StatusImported {
				n++
			}
		}
		if err != nil || n < least {
			b.Fatalf("%v: %d of %d imported", err, n, len(urls))
		}
		return took
	}
	// Each round imports both ways, in alternating order, so the noisy machine weighs on both alike.
	var filesTime, urlsTime time.Duration
	round := 0
	for b.Loop() {
		if round%2 == 0 {
			filesTime += importFiles()
			urlsTime += importURLs()
		} else {
			urlsTime += importURLs()
			filesTime += importFiles()
		}
		round++
	}
	b.ReportMetric(filesTime.Seconds()/float64(round), "files-s")
	b.ReportMetric(urlsTime.Seconds()/float64(round), "urls-s")
	b.ReportMetric(urlsTime.Seconds()/filesTime.Seconds(), "urls/files")
	b.ReportMetric(urlsCPU.Seconds()/filesCPU.Seconds(), "urls/files-cpu")
	b.ReportMetric(filesCPU.Seconds()/float64(round), "files-cpu-s")
	b.ReportMetric(urlsCPU.Seconds()/float64(round), "urls-cpu-s")
}

func openBench(b *testing.B) *store.Store {
	s, err := store.Open(filepath.Join(b.TempDir(), "gloss.db"))
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkRefresh refreshes N captured documents whose site answers 304, 200 with the same bytes, or 200
// with other bytes but the same article text (a changing comment: extraction needed), reporting the
// time of the whole refresh and the peak heap growth during it (sampled), to show memory stays flat:
//
//	go test ./ingest/capture -run '^$' -bench Refresh -benchtime 1x
func BenchmarkRefresh(b *testing.B) {
	for _, n := range []int{250, 1000} {
		for _, mode := range []string{"304", "200-same-bytes", "200-same-text"} {
			b.Run(fmt.Sprintf("%s/%d", mode, n), func(b *testing.B) { benchRefresh(b, n, mode) })
		}
	}
}

// BenchmarkRefreshNewsPages is BenchmarkRefresh's 200-same-text case on 1,000 real news pages (the 181
// benchmark pages, each under six URLs with its own comment): every page is extracted again.
//
//	GLOSS_EXTRACTION_BENCH=/work/shared/benchmarks/article-extraction go test ./ingest/capture -run '^$' -bench RefreshNewsPages -benchtime 1x
func BenchmarkRefreshNewsPages(b *testing.B) {
	bench := os.Getenv("GLOSS_EXTRACTION_BENCH")
	if bench == "" {
		b.Skip("set GLOSS_EXTRACTION_BENCH to the article-extraction benchmark folder")
	}
	files, err := filepath.Glob(filepath.Join(bench, "html", "*.html.gz"))
	if err != nil || len(files) == 0 {
		b.Fatal("no pages", err)
	}
	// Six copies of a page are six documents only if the page does not name its canonical address.
	// The page's address can come from its <link>, Open Graph, Dublin Core or JSON-LD ("url" keys).
	canonical := regexp.MustCompile(`(?i)rel=["']?canonical|og:url|mainEntityOfPage|dc(terms)?\.identifier|"url"\s*:`)
	var pages []string
	for _, f := range files {
		pages = append(pages, canonical.ReplaceAllStringFunc(string(gunzip(b, f)), func(m string) string {
			if strings.HasPrefix(m, `"`) {
				return `"x-url":`
			}
			return "data-x"
		}))
	}
	benchRefreshPages(b, 1000, "200-same-text", func(i int) string {
		return fmt.Sprintf("<!-- copy %d -->", i) + pages[i%len(pages)]
	}, 900)
}

func benchRefresh(b *testing.B, n int, mode string) {
	benchRefreshPages(b, n, mode, func(i int) string { return benchPage(fmt.Sprint("/story/", i)) }, n)
}

// benchRefreshPages captures n pages (page(i) at /story/i; at least least must import) and refreshes them.
func benchRefreshPages(b *testing.B, n int, mode string, page func(i int) string, least int) {
	var round atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"same"`)
		if mode == "304" && r.Header.Get("If-None-Match") == `"same"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		var i int
		fmt.Sscanf(r.URL.Path, "/story/%d", &i)
		page := page(i)
		if mode == "200-same-text" {
			page = fmt.Sprintf("<!-- served %d -->", round.Load()) + page
		}
		io.WriteString(w, page)
	}))
	defer srv.Close()
	s := openBench(b)
	defer s.Close()
	c := New(s, Options{})
	defer c.Close()
	urls := make([]string, n)
	for i := range urls {
		urls[i] = fmt.Sprintf("%s/story/%d", srv.URL, i)
	}
	res, err := c.ImportURLs(context.Background(), urls, nil)
	if err != nil {
		b.Fatal(err)
	}
	imported := 0
	for _, r := range res {
		if r.Status == StatusImported {
			imported++
		}
	}
	if imported < least {
		b.Fatalf("setup: %d of %d imported", imported, n)
	}
	for b.Loop() {
		round.Add(1)
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		var peak atomic.Uint64
		stop := make(chan struct{})
		sampled := make(chan struct{})
		go func() {
			defer close(sampled)
			var m runtime.MemStats
			for {
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		}()
		start, cpu := time.Now(), processCPU()
		out, err := c.Refresh(context.Background(), nil, nil)
		elapsed, cpuUsed := time.Since(start), processCPU()-cpu
		close(stop)
		<-sampled
		if err != nil || len(out) != imported {
			b.Fatalf("%v: %d results", err, len(out))
		}
		for _, r := range out {
			if r.Status != StatusUnchanged {
				b.Fatalf("refresh: %+v", r)
			}
		}
		b.ReportMetric(elapsed.Seconds(), "s/refresh")
		b.ReportMetric(cpuUsed.Seconds(), "cpu-s/refresh")
		b.ReportMetric(float64(n)/elapsed.Seconds(), "docs/s")
		b.ReportMetric(float64(peak.Load()-min(peak.Load(), before.HeapInuse))/(1<<20), "peak-heap-MB")
	}
}

// benchPage is a small news article, different for each path.
func benchPage(path string) string {
	return fmt.Sprintf(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Story %s</title>
<meta property="og:site_name" content="Loopback News"></head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Story %s</h1><p>This is the story published at %s, about the council's budget and the bridge.</p>
<p>The council met on Tuesday evening to discuss the budget for the coming year, and members argued at length
about the cost of repairing the old bridge over the river, which has been closed to lorries since the spring.</p>
<p>Several residents spoke in favour of the repairs, saying the bridge was part of the town's history and that
closing it would cut the market off from the villages to the north. Others asked for a new crossing instead.</p>
<p>The mayor said a decision would be taken before the end of the month, after the engineers had reported.</p>
</article><footer>Copyright Loopback News. All rights reserved.</footer></body></html>`, path, path, path)
}
