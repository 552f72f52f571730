package export_test

import (
	"context"
	"io"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
	"unicode/utf8"

	"gloss/corpus"
	"gloss/export"
	"gloss/ingest"
	"gloss/store"
)

// BenchmarkExport100k exports 100,000 annotations (20,000 on each seed article, two authors, a tag on
// each, a Markdown note on every fifth) in every format to io.Discard, after a baseline that only reads
// the annotations document by document, as every exporter must. Besides ns/op it reports live-MB, the
// most the heap marked live by a GC grew above its level before the export (what the export keeps),
// and heap-MB, the most the heap's objects grew, garbage not yet collected included (what GOGC lets
// the process use), both sampled every 2 ms, and cpu-s, the CPU time per export (steadier than ns/op
// on a shared machine). Goal: under 2 s and 50 MB per format.
func BenchmarkExport100k(b *testing.B) {
	s, err := store.Open(filepath.Join(b.TempDir(), "library.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := ingest.Seed(s, corpus.Files()); err != nil {
		b.Fatal(err)
	}
	docs, err := s.Documents()
	if err != nil {
		b.Fatal(err)
	}
	var tags []string
	parent := ""
	for _, name := range []string{"Claims", "Disputed", "Économie locale", "Tone"} {
		t, err := s.CreateTag(store.NewTag{Name: name, Parent: parent})
		if err != nil {
			b.Fatal(err)
		}
		tags = append(tags, t.ID)
		if name == "Claims" {
			parent = t.ID
		} else {
			parent = ""
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	const perDoc, batch = 20_000, 5_000
	for _, d := range docs {
		v, err := s.Version(d.ID, 0)
		if err != nil {
			b.Fatal(err)
		}
		n := utf8.RuneCountInString(v.Text)
		for done := 0; done < perDoc; done += batch {
			list := make([]store.NewAnnotation, batch)
			for i := range list {
				start := rng.IntN(n - 100)
				na := store.NewAnnotation{DocID: d.ID, Start: start, End: start + 10 + rng.IntN(90),
					Tags: []string{tags[(done+i)%len(tags)]}, Author: []string{authorAda, authorBo}[i%2]}
				if i%5 == 0 {
					na.Note = "A **note** with a [link](https://example.com) and an emoji 🔎."
				}
				list[i] = na
			}
			if _, err := s.CreateAnnotations(list, "bench"); err != nil {
				b.Fatal(err)
			}
		}
	}
	// The baseline: reading the same annotations document by document, as every exporter must.
	b.Run("store-read", func(b *testing.B) {
		measureExport(b, func() {
			for _, d := range docs {
				if _, err := s.Annotations(store.AnnotationFilter{DocID: d.ID}); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
	for _, format := range export.Formats() {
		b.Run(format.Name, func(b *testing.B) {
			measureExport(b, func() {
				if err := export.Export(s, format.Name, io.Discard, export.ExportOptions{}); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// measureExport runs fn per iteration and reports live-MB and heap-MB (peakHeapGrowth) and cpu-s, the
// CPU time of the process per run (the export's goroutines, the GC's included; not on Windows).
func measureExport(b *testing.B, fn func()) {
	var live, heap uint64
	var cpu time.Duration
	for b.Loop() {
		l, h := peakHeapGrowth(func() {
			before := processCPU()
			fn()
			cpu += processCPU() - before
		})
		live, heap = max(live, l), max(heap, h)
	}
	b.ReportMetric(float64(live)/(1<<20), "live-MB")
	b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s")
}

// peakHeapGrowth runs fn and returns how far the live heap and the heap's objects rose above their
// levels before it.
func peakHeapGrowth(fn func()) (live, heap uint64) {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/heap/objects:bytes"}}
	var base, peak [2]uint64
	read := func(into *[2]uint64, keepMax bool) {
		metrics.Read(sample)
		for i, s := range sample {
			if v := s.Value.Uint64(); !keepMax || v > into[i] {
				into[i] = v
			}
		}
	}
	read(&base, false)
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			read(&peak, true)
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	fn()
	stop()
	<-done
	read(&peak, true)
	growth := func(i int) uint64 {
		if peak[i] < base[i] {
			return 0
		}
		return peak[i] - base[i]
	}
	return growth(0), growth(1)
}
