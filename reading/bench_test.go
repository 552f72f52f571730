package reading

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"gloss/store"
)

// BenchmarkOpenAnnotated measures the Go side of opening the 1 MB / 5,000-annotation benchmark article:
// store reads, rendering with marks, and the JSON the window receives. GLOSS_BENCH_DB and
// GLOSS_BENCH_DOC come from `go run ./scripts/benchdata`.
func BenchmarkOpenAnnotated(b *testing.B) {
	path, id := os.Getenv("GLOSS_BENCH_DB"), os.Getenv("GLOSS_BENCH_DOC")
	if path == "" || id == "" {
		b.Skip("set GLOSS_BENCH_DB and GLOSS_BENCH_DOC (scripts/benchdata)")
	}
	s, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	a := New(s)
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
