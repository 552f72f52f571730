package reading

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
	"time"

	"gloss/store"
)

// openBenchLibrary opens the library `go run ./scripts/benchdata` wrote (GLOSS_BENCH_DB) and names its
// benchmark article (GLOSS_BENCH_DOC); the library is closed when the benchmark ends.
func openBenchLibrary(b *testing.B) (*Reader, string) {
	path, id := os.Getenv("GLOSS_BENCH_DB"), os.Getenv("GLOSS_BENCH_DOC")
	if path == "" || id == "" {
		b.Skip("set GLOSS_BENCH_DB and GLOSS_BENCH_DOC (scripts/benchdata)")
	}
	s, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return New(s), id
}

// BenchmarkOpenAnnotated measures the Go side of opening the 1 MB / 5,000-annotation benchmark article:
// store reads, rendering with marks, and the JSON the window receives. GLOSS_BENCH_DB and
// GLOSS_BENCH_DOC come from `go run ./scripts/benchdata`.
func BenchmarkOpenAnnotated(b *testing.B) {
	a, id := openBenchLibrary(b)
	for b.Loop() {
		a.Forget()
		t0 := time.Now()
		r, err := a.Open(id)
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		data, _ := json.Marshal(r)
		b.ReportMetric(float64(t1.Sub(t0).Milliseconds()), "open-ms")
		b.ReportMetric(float64(time.Since(t1).Milliseconds()), "json-ms")
		b.ReportMetric(float64(len(data))/1e6, "MB")
	}
}

// BenchmarkPanelWarm measures what the Reader asks Go behind the render cache once a document is open
// (the path every document size takes when the side panel always asks Go): a re-open, the first page of
// 200 of the side panel, the author counts, the marks on one screen of text filtered by author, and n.
func BenchmarkPanelWarm(b *testing.B) {
	a, id := openBenchLibrary(b)
	if _, err := a.Open(id); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := a.Open(id); err != nil {
			b.Fatal(err)
		}
		p, err := a.Annotations(id, 0, 200)
		if err != nil || len(p.Annotations) != 200 {
			b.Fatal(len(p.Annotations), err)
		}
		authors, err := a.Authors(id)
		if err != nil || len(authors) == 0 {
			b.Fatal(authors, err)
		}
		if _, err := a.Matches(id, "", authors[0].Name, 400_000, 404_000); err != nil {
			b.Fatal(err)
		}
		if _, err := a.Step(id, "", authors[0].Name, p.Annotations[100].ID, 1); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFirstOpen measures the first Open of the benchmark article after start (the render cache
// empty: cold) against the same Open after the library's prewarm (Prewarm of the document read last,
// which the window runs once the library is on screen), interleaved in every iteration so both see the
// same load. "during" is an Open that arrives while the prewarm is still rendering (a click at once). Each
// figure is Open plus the JSON the window receives, median over the iterations, in ms.
func BenchmarkFirstOpen(b *testing.B) {
	a, id := openBenchLibrary(b)
	if err := a.Opened(id); err != nil {
		b.Fatal(err)
	}
	open := func() time.Duration {
		t0 := time.Now()
		r, err := a.Open(id)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := json.Marshal(r); err != nil {
			b.Fatal(err)
		}
		return time.Since(t0)
	}
	var cold, warm, during []time.Duration
	for b.Loop() {
		a.Forget()
		cold = append(cold, open())

		a.Forget()
		if err := <-a.Prewarm(); err != nil {
			b.Fatal(err)
		}
		warm = append(warm, open())

		a.Forget()
		done := a.Prewarm()
		during = append(during, open())
		<-done
	}
	median := func(d []time.Duration) float64 {
		slices.Sort(d)
		return float64(d[len(d)/2].Microseconds()) / 1000
	}
	c, w, d := median(cold), median(warm), median(during)
	b.ReportMetric(c, "cold-ms")
	b.ReportMetric(w, "prewarmed-ms")
	b.ReportMetric(d, "during-ms")
	b.ReportMetric(w/c, "prewarmed/cold")
}
