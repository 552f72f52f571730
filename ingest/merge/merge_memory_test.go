package merge

import (
	"path/filepath"
	"testing"

	"gloss/ingest"
	"gloss/ingest/memtest"
	"gloss/storetest"
)

// TestMergeMemory merges a Gloss JSON-LD file of n annotations on 12 documents into a fresh library, at
// two sizes, and reports time, bytes allocated and peak heap per byte of the file. "whole" is the way a
// merge read the file before (ReadAnnotationFile: one tree of the whole file, then MergeBundle), measured
// in the same run; "streamed" is Merge (ingest.ReadW3CStream, written in batches). The bound (RELIABILITY.md):
// the streamed merge's heap grows at most 72 MB + 4 × the file (most of it the store's batch writes, as for
// an import of the same file; 96 MB + 8 × before the batches were cut to 2,000 annotations, round 7).
//
//	GLOSS_MEMORY=1 go test ./ingest/merge -run MergeMemory -v
func TestMergeMemory(t *testing.T) {
	memtest.Enabled(t)
	for _, n := range []int{25_000, 100_000} {
		path, in := memtest.JSONLDFile(t, "theirs.jsonld", n)
		limits := ingest.Limits{MaxBytes: 1 << 31}
		for _, way := range []string{"whole", "streamed"} {
			s := storetest.OpenAt(t, filepath.Join(t.TempDir(), "merge.db"))
			var report MergeReport
			var err error
			fig := memtest.Measure(in, func() {
				if way == "streamed" {
					report, err = Merge(s, path, MergeOptions{Limits: limits})
					return
				}
				var b ingest.Bundle
				if b, err = ReadAnnotationFileWithin(path, limits); err == nil {
					report, err = MergeBundle(s, filepath.Base(path), b, MergeOptions{Limits: limits})
				}
			})
			if err != nil || report.AnnotationsCreated < n*99/100 {
				t.Fatalf("%s, %d annotations: created %d, %v", way, n, report.AnnotationsCreated, err)
			}
			t.Logf("%s merge of %d annotations: %s", way, n, fig)
			if limit := 72<<20 + 4*in; way == "streamed" && fig.PeakHeap > limit {
				t.Errorf("streamed merge of %d MB: the heap grew %d MB, over the bound of 72 MB + 4 × the file = %d MB", in>>20, fig.PeakHeap>>20, limit>>20)
			}
		}
	}
}
