package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gloss/store"
)

// BenchmarkImportNewsPages imports the 181 real news pages of the article-extraction benchmark (HTML,
// readability extraction per page) into an empty library, reporting docs/s:
//
//	GLOSS_EXTRACTION_BENCH=/work/shared/benchmarks/article-extraction go test ./exchange -run '^$' -bench ImportNewsPages
func BenchmarkImportNewsPages(b *testing.B) {
	bench := os.Getenv("GLOSS_EXTRACTION_BENCH")
	if bench == "" {
		b.Skip("set GLOSS_EXTRACTION_BENCH to the article-extraction benchmark folder")
	}
	dir := b.TempDir()
	pages, err := filepath.Glob(filepath.Join(bench, "html", "*.html.gz"))
	if err != nil || len(pages) == 0 {
		b.Fatal("no pages", err)
	}
	for _, p := range pages {
		write(b, filepath.Join(dir, strings.TrimSuffix(filepath.Base(p), ".gz")), readGzip(b, p))
	}
	benchImportFolder(b, dir, len(pages), len(pages)*9/10)
}

// benchImportFolder imports the folder's files (n of them) into a new, empty library per round, reporting
// docs/s, and fails a round that imports fewer than least.
func benchImportFolder(b *testing.B, dir string, n, least int) {
	for b.Loop() {
		b.StopTimer()
		s, err := store.Open(filepath.Join(b.TempDir(), "gloss.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		report, err := ImportPaths(context.Background(), s, []string{dir}, ImportOptions{}, nil)
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "docs/s")
		b.StopTimer()
		if err != nil || report.Count(StatusImported) < least {
			b.Fatalf("%v: %d of %d imported", err, report.Count(StatusImported), n)
		}
		s.Close()
		b.StartTimer()
	}
}
