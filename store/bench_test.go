package store

import (
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// benchStore is a library with one 100 KB document carrying 1,000 annotations.
func benchStore(b *testing.B) (*Store, Document) {
	b.Helper()
	s, err := Open(b.TempDir() + "/library.db")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	text := strings.Repeat("Lorem ipsum dolor sit amet, ✍🏽 consectetur adipiscing elit. ", 1700)[:100_000]
	d, err := s.AddDocument(NewDocument{Title: "Bench", Text: strings.ToValidUTF8(text, "")})
	if err != nil {
		b.Fatal(err)
	}
	list := make([]NewAnnotation, 1000)
	for i := range list {
		list[i] = NewAnnotation{DocID: d.ID, Start: i * 90, End: i*90 + 40, Note: "a note"}
	}
	if _, err := s.CreateAnnotations(list, "setup"); err != nil {
		b.Fatal(err)
	}
	return s, d
}

// BenchmarkCreateAnnotation is one durable save of one annotation, journal and undo step included.
func BenchmarkCreateAnnotation(b *testing.B) {
	s, d := benchStore(b)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := (i * 37) % 90_000
		if _, err := s.CreateAnnotation(NewAnnotation{DocID: d.ID, Start: start, End: start + 40, Note: "a note"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRawPut is the floor: one bbolt Update putting one key into the same kind of library.
func BenchmarkRawPut(b *testing.B) {
	s, _ := benchStore(b)
	value := []byte(strings.Repeat("x", 400))
	b.ResetTimer()
	for b.Loop() {
		if err := s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put([]byte("bench"), value) }); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSaveLatency interleaves one durable annotation save and one raw one-key bbolt update per
// iteration on the same library, so both see the same disk and load, and reports p50/p99 of each and
// their ratio (the goal: annotation p50 ≤ 2 × raw p50).
func BenchmarkSaveLatency(b *testing.B) {
	s, d := benchStore(b)
	value := []byte(strings.Repeat("x", 400))
	var save, raw []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := (i * 37) % 90_000
		t0 := time.Now()
		if _, err := s.CreateAnnotation(NewAnnotation{DocID: d.ID, Start: start, End: start + 40, Note: "a note"}); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put([]byte("bench"), value) }); err != nil {
			b.Fatal(err)
		}
		save, raw = append(save, t1.Sub(t0)), append(raw, time.Since(t1))
	}
	pct := func(ds []time.Duration, p float64) float64 {
		sorted := slices.Clone(ds)
		slices.Sort(sorted)
		return float64(sorted[int(p*float64(len(sorted)-1))].Microseconds())
	}
	b.ReportMetric(pct(save, 0.5), "save-p50-µs")
	b.ReportMetric(pct(save, 0.99), "save-p99-µs")
	b.ReportMetric(pct(raw, 0.5), "raw-p50-µs")
	b.ReportMetric(pct(raw, 0.99), "raw-p99-µs")
	b.ReportMetric(pct(save, 0.5)/pct(raw, 0.5), "p50-ratio")
}
