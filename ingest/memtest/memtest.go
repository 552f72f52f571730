// Package memtest measures what one call costs in memory, for the tests and benchmarks that hold the
// importers and the merge to their bounds (RELIABILITY.md, "memory per input byte"). Only tests import
// it, so nothing of it is in the shipped binary.
package memtest

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
)

// Figures are one call's costs; In is the input's size in bytes, the unit of the ratios.
type Figures struct {
	In       int64
	Took     time.Duration
	Alloc    int64 // bytes allocated during the call (runtime/metrics /gc/heap/allocs:bytes)
	PeakHeap int64 // the most the heap's objects (live and not yet swept) grew above the start, sampled every ms
	PeakAnon int64 // the most RssAnon grew above the start, sampled every ms (0 without /proc)
}

// AllocPerByte and PeakPerByte are the ratios the bounds are stated in.
func (f Figures) AllocPerByte() float64 { return float64(f.Alloc) / float64(max(f.In, 1)) }
func (f Figures) PeakPerByte() float64  { return float64(f.PeakHeap) / float64(max(f.In, 1)) }
func (f Figures) AnonPerByte() float64  { return float64(f.PeakAnon) / float64(max(f.In, 1)) }

func (f Figures) String() string {
	return fmt.Sprintf("%.1f MB in %v: allocated %.1f×, peak heap +%.1f MB (%.2f×), peak RssAnon +%.1f MB (%.2f×)",
		float64(f.In)/(1<<20), f.Took.Round(time.Millisecond), f.AllocPerByte(),
		float64(f.PeakHeap)/(1<<20), f.PeakPerByte(), float64(f.PeakAnon)/(1<<20), f.AnonPerByte())
}

// Measure runs fn once and reports its costs; in is the input's size. The garbage of earlier work is
// collected first, so the peak counts what fn holds and the garbage it makes before the collector runs
// (with GOGC=100 the heap may reach about twice what is live: that is what the process really takes).
func Measure(in int64, fn func()) Figures {
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/allocs:bytes"}}
	runtime.GC()
	debug.FreeOSMemory()
	metrics.Read(samples)
	baseHeap, baseAlloc := int64(samples[0].Value.Uint64()), int64(samples[1].Value.Uint64())
	baseAnon := anon()
	var peakHeap, peakAnon atomic.Int64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		own := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for i := 0; ; i++ {
			metrics.Read(own)
			if v := int64(own[0].Value.Uint64()) - baseHeap; v > peakHeap.Load() {
				peakHeap.Store(v)
			}
			if i%5 == 0 && baseAnon > 0 {
				if v := anon() - baseAnon; v > peakAnon.Load() {
					peakAnon.Store(v)
				}
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	start := time.Now()
	fn()
	took := time.Since(start)
	close(stop)
	<-done
	metrics.Read(samples)
	if v := int64(samples[0].Value.Uint64()) - baseHeap; v > peakHeap.Load() {
		peakHeap.Store(v)
	}
	return Figures{In: in, Took: took, Alloc: int64(samples[1].Value.Uint64()) - baseAlloc,
		PeakHeap: peakHeap.Load(), PeakAnon: peakAnon.Load()}
}

// anon is the process's RssAnon in bytes, 0 when /proc has none.
func anon() int64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(raw), "\n") {
		if rest, ok := strings.CutPrefix(l, "RssAnon:"); ok {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(rest), "%d", &kb)
			return kb << 10
		}
	}
	return 0
}

// ManyAnnotationsJSONLD is a Gloss-style AnnotationCollection: 12 documents in gloss:documents, 20
// tags, and n annotations placed by position and tagged (about 250 bytes each).
func ManyAnnotationsJSONLD(n int) []byte {
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
