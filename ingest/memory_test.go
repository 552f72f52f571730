package ingest

import (
	"context"
	"runtime/debug"
	"sync/atomic"
	"testing"
	"time"

	"gloss/ingest/memtest"
	"gloss/storetest"
)

// TestMemoryJSONLD measures a W3C JSON-LD import of n annotations on 12 documents (the shape of the
// 1 M-annotation report) at two sizes, in this process: time and the peak of anonymous memory (RssAnon,
// sampled every 20 ms; bbolt's map of the library file is file-backed and left out). The stated bound
// (RELIABILITY.md): peak anonymous growth ≤ 150 MB + 3 × the file, and time linear (the larger size
// no slower per annotation than 1.5 × the smaller):
//
//	GLOSS_MEMORY=1 go test ./ingest -run MemoryJSONLD -v -timeout 30m
func TestMemoryJSONLD(t *testing.T) {
	memtest.Enabled(t)
	sizes := []int{50_000, 200_000}
	var perAnn []float64
	for _, n := range sizes {
		path, size := memtest.JSONLDFile(t, "many.jsonld", n)
		s := storetest.Open(t)
		debug.FreeOSMemory()
		base := procStatus(t, "RssAnon")
		var peak atomic.Int64
		stop := make(chan struct{})
		done := make(chan struct{})
		go func() {
			defer close(done)
			for {
				if v := procStatus(t, "RssAnon"); v > peak.Load() {
					peak.Store(v)
				}
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		}()
		start := time.Now()
		report, err := ImportPaths(context.Background(), s, []string{path}, ImportOptions{MaxBytes: 1 << 31}, nil)
		took := time.Since(start)
		close(stop)
		<-done
		if err != nil || report.AnnotationsCreated+report.AnnotationsUnchanged != n || report.AnnotationsCreated < n*99/100 {
			t.Fatalf("%d annotations: created %d, unchanged %d, %v", n, report.AnnotationsCreated, report.AnnotationsUnchanged, err)
		}
		growth := peak.Load() - base
		bound := 150<<20 + 3*size
		t.Logf("%d annotations (%d MB): %v, peak anonymous growth %d MB (bound %d MB)", n, size>>20, took.Round(time.Millisecond), growth>>20, bound>>20)
		if growth > bound {
			t.Errorf("%d annotations: anonymous memory grew %d MB, over the bound %d MB", n, growth>>20, bound>>20)
		}
		perAnn = append(perAnn, took.Seconds()/float64(n))
	}
	if perAnn[1] > 1.5*perAnn[0] {
		t.Errorf("time per annotation grew from %.1f µs to %.1f µs: not linear", perAnn[0]*1e6, perAnn[1]*1e6)
	}
}

// manyAnnotationsJSONLD is memtest.ManyAnnotationsJSONLD (the merge's tests measure the same file).
func manyAnnotationsJSONLD(n int) []byte { return memtest.ManyAnnotationsJSONLD(n) }
