package ingest

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

// TestExtractionF1 measures how well the article extractors find the text of real news pages:
//
//	GLOSS_EXTRACTION_BENCH=/work/shared/benchmarks/article-extraction go test ./exchange -run ExtractionF1 -v
//
// It scores token-level F1 of the canonical text readHTML would store against the benchmark's ground truth.
func TestExtractionF1(t *testing.T) {
	dir := os.Getenv("GLOSS_EXTRACTION_BENCH")
	if dir == "" {
		t.Skip("set GLOSS_EXTRACTION_BENCH to the article-extraction benchmark folder")
	}
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var truth map[string]struct {
		ArticleBody string `json:"articleBody"`
	}
	if err := json.Unmarshal(raw, &truth); err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{}
	for id := range truth {
		page, err := decodeHTML(readGzip(t, filepath.Join(dir, "html", id+".html.gz")))
		if err != nil {
			t.Fatal(id, err)
		}
		pages[id] = page
	}
	extractors := map[string]func(string) (string, error){
		"go-trafilatura":           extractWithTrafilatura,
		"go-readability (readeck)": extractWithReadability,
	}
	for name, extract := range extractors {
		var sumF1, sumP, sumR float64
		start := time.Now()
		for id, page := range pages {
			art, err := readHTML(page, extract)
			if err != nil {
				t.Fatal(id, err)
			}
			p, r, f1 := tokenF1(strings.Join(art.Paragraphs, "\n\n"), truth[id].ArticleBody)
			sumP, sumR, sumF1 = sumP+p, sumR+r, sumF1+f1
		}
		n := float64(len(pages))
		t.Logf("%-26s pages %d  mean F1 %.3f  precision %.3f  recall %.3f  (%v)", name, len(pages), sumF1/n, sumP/n, sumR/n, time.Since(start).Round(time.Millisecond))
	}
}

// extractWithTrafilatura is the other candidate, kept for the comparison only (tests link it, Gloss does not).
func extractWithTrafilatura(page string) (string, error) {
	result, err := trafilatura.Extract(strings.NewReader(page), trafilatura.Options{
		EnableFallback:  true,
		ExcludeComments: true,
		HtmlDateMode:    trafilatura.Disabled,
	})
	if err != nil || result == nil || result.ContentNode == nil {
		return "", err
	}
	var b strings.Builder
	if err := html.Render(&b, result.ContentNode); err != nil {
		return "", err
	}
	return b.String(), nil
}

// tokenF1 compares bags of lower-cased whitespace-separated tokens.
func tokenF1(got, want string) (precision, recall, f1 float64) {
	bag := map[string]int{}
	wantTokens := strings.Fields(strings.ToLower(want))
	for _, tok := range wantTokens {
		bag[tok]++
	}
	gotTokens := strings.Fields(strings.ToLower(got))
	common := 0
	for _, tok := range gotTokens {
		if bag[tok] > 0 {
			bag[tok]--
			common++
		}
	}
	if common == 0 {
		return 0, 0, 0
	}
	precision = float64(common) / float64(len(gotTokens))
	recall = float64(common) / float64(len(wantTokens))
	return precision, recall, 2 * precision * recall / (precision + recall)
}

// readGzip returns the uncompressed contents of a .gz file.
func readGzip(tb testing.TB, path string) []byte {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		tb.Fatal(path, err)
	}
	return data
}
