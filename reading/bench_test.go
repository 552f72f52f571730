package reading

import (
	"encoding/json"
	"os"
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
