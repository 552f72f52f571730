package ingest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"gloss/store/storetest"
)

// TestMemoryJSONLD measures a W3C JSON-LD import of n annotations on 12 documents (the shape of the
// 1 M-annotation report) at two sizes, in this process: time and the peak of anonymous memory (RssAnon,
// sampled every 20 ms; bbolt's map of the library file is file-backed and left out). The stated bound
// (RELIABILITY.md): peak anonymous growth ≤ 150 MB + 3 × the file, and time linear (the larger size
// no slower per annotation than 1.5 × the smaller):
//
//	GLOSS_MEMORY=1 go test ./ingest -run MemoryJSONLD -v -timeout 30m
func TestMemoryJSONLD(t *testing.T) {
	if os.Getenv("GLOSS_MEMORY") == "" {
		t.Skip("set GLOSS_MEMORY=1 to measure")
	}
	sizes := []int{50_000, 200_000}
	var perAnn []float64
	for _, n := range sizes {
		path := filepath.Join(t.TempDir(), "many.jsonld")
		data := manyAnnotationsJSONLD(n)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		size := int64(len(data))
		data = nil
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

// manyAnnotationsJSONLD is a Gloss-style AnnotationCollection: 12 documents in gloss:documents, 20
// tags, and n annotations placed by position and tagged (about 250 bytes each).
func manyAnnotationsJSONLD(n int) []byte {
	r := rand.New(rand.NewPCG(7, 7))
	words := strings.Fields("the of and to in a is that for it as was with be by on not he this are")
	var b strings.Builder
	b.WriteString(`{"@context":"http://www.w3.org/ns/anno.jsonld","type":"AnnotationCollection","gloss:documents":[`)
	docs := make([]string, 12)
	texts := make([]int, 12)
	for d := range docs {
		var text strings.Builder
		for range 20_000 {
			fmt.Fprintf(&text, "%s%d ", words[r.IntN(len(words))], r.IntN(1000))
		}
		docs[d] = "urn:uuid:" + uuid.NewString()
		texts[d] = text.Len()
		if d > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id":%q,"title":"Doc %d","format":"txt","text":%q}`, docs[d], d, text.String())
	}
	b.WriteString(`],"gloss:tags":[`)
	tags := make([]string, 20)
	for i := range tags {
		tags[i] = "urn:uuid:" + uuid.NewString()
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id":%q,"name":"tag%d","colour":"#336699"}`, tags[i], i)
	}
	b.WriteString(`],"first":{"type":"AnnotationPage","items":[`)
	for i := range n {
		d := i % len(docs)
		start := 10 + r.IntN(texts[d]-60)
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"type":"Annotation","body":{"purpose":"tagging","source":%q},"target":{"source":%q,"selector":{"type":"TextPositionSelector","start":%d,"end":%d}}}`,
			tags[i%len(tags)], docs[d], start, start+5+r.IntN(25))
	}
	b.WriteString("]}}\n")
	return []byte(b.String())
}
