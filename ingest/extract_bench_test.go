package ingest

import (
	"os"
	"testing"
)

// BenchmarkExtract times readHTML over the benchmark's 181 pages with Gloss's extractor and with
// go-readability plain, in the same run (GLOSS_EXTRACTION_BENCH as for TestExtractionF1):
//
//	GLOSS_EXTRACTION_BENCH=/work/shared/benchmarks/article-extraction go test ./ingest -run '^$' -bench Extract -benchtime 3x -count 3
func BenchmarkExtract(b *testing.B) {
	dir := os.Getenv("GLOSS_EXTRACTION_BENCH")
	if dir == "" {
		b.Skip("set GLOSS_EXTRACTION_BENCH to the article-extraction benchmark folder")
	}
	tuning, held := benchmarkPages(b, dir)
	pages := append(tuning, held...)
	for _, ex := range evalExtractors(false) {
		b.Run(ex.name, func(b *testing.B) {
			for range b.N {
				for _, p := range pages {
					if _, err := readHTML(p.page, ex.extract); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*len(pages)), "ms/page")
		})
	}
}
