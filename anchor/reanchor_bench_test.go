package anchor

import (
	"math/rand/v2"
	"testing"
	"time"
)

// BenchmarkReanchorVsHypothesis1000On1MB: 1,000 annotations onto an edited 1 MB version, Reanchor
// and the Hypothesis-style matcher (testset_news_eval_test.go) on the same input in the same run.
// Each sub-benchmark reports cpu-ms/op (all threads) beside wall time; Reanchor spreads over the
// CPUs, the baseline is one thread as in a browser.
func BenchmarkReanchorVsHypothesis1000On1MB(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	vocab := benchVocabulary(b)
	old := benchDocument(rng, vocab, 1<<20)
	sels := benchSelectors(rng, old, 1000)
	newText := benchEdit(rng, vocab, old)
	for _, m := range []method{{name: "ReanchorFrom", from: ReanchorFrom}, {name: "Reanchor", run: ReanchorAll}, {name: "Hypothesis-style", run: hypothesisMatch}} {
		b.Run(m.name, func(b *testing.B) {
			cpu0, wall0 := cpuTime(), time.Now()
			n := 0
			for b.Loop() {
				m.runOn(testCase{Old: old, New: newText}, sels)
				n++
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(n), "cpu-ms/op")
			b.ReportMetric(float64(time.Since(wall0).Milliseconds())/float64(n), "wall-ms/op")
		})
	}
}
