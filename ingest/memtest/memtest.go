// Package memtest measures what one call costs in memory, for the tests and benchmarks that hold the
// importers and the merge to their bounds (RELIABILITY.md, "memory per input byte"). Only tests import
// it, so nothing of it is in the shipped binary.
package memtest

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"time"
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
