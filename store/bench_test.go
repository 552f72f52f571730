package store

import (
	"strings"
	"testing"

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
