package ingest

import (
	"compress/gzip"
	"encoding/json"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	readability "codeberg.org/readeck/go-readability/v2"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The extraction evaluation (issue 16). Pages are scored with the article-extraction benchmark's own metric
// (scrapinghub evaluate.py, ported in shingleScore): 4-token shingles of \w+ tokens, per-page true/false
// positives normalised, precision and recall averaged over pages, F1 from the two means.
//
//	GLOSS_EXTRACTION_BENCH=/work/shared/benchmarks/article-extraction go test ./ingest -run ExtractionF1 -v
//
// The 181 benchmark pages are split once, by a hash of the page id (heldBack), into a tuning part and a
// held-back part (~30 %) that is only measured. The multilingual pages in testdata/extract/multilingual are
// never tuned on either; they run without the benchmark folder.

// Floors at the figures measured on 2 Dec 2026 and since (BENCHMARKS.md, "Article extraction"), 0.002 below
// them: the scores are deterministic, so a change that loses quality on any set fails. go-readability plain,
// measured in the same run, is far below the benchmark's and the multilingual sets' floors (0.950, 0.948,
// 0.956, 0.848) and above the external sets' (0.867, 0.955, 0.812, 0.993, 1.000).
const (
	floorAll            = 0.972 // measured 0.975 (round 2 session 8; 0.974 before), the benchmark's 181 pages
	floorTuning         = 0.972 // measured 0.975 (0.974 before)
	floorHeldBack       = 0.972 // measured 0.975 (0.974 before), never tuned on
	floorMultilingual   = 0.987 // measured 0.989, testdata/extract/multilingual (5 pages written for Gloss)
	floorExternal       = 0.858 // measured 0.860 (go-readability plain: 0.867), GLOSS_EXTRACTION_MULTI's 13 pages
	floorExternalNews   = 0.959 // measured 0.961 (go-readability plain: 0.967), the 10 news articles among them
	floorExternalTuning = 0.939 // measured 0.942 (go-readability plain: 0.955), 5 of the 13 by heldBack
	floorExternalHeld   = 0.806 // measured 0.808 (go-readability plain: 0.812), the other 8, never tuned on
	floorMozTuning      = 0.973 // measured 0.975 (0.970 before session 8; go-readability plain 0.993), testdata/extract/mozilla
	floorMozHeld        = 0.963 // measured 0.965 (0.960 before; go-readability plain 1.000), never tuned on
)

// heldBack puts ~30 % of the benchmark's pages aside, fixed by the page id: never looked at while tuning.
func heldBack(id string) bool {
	h := fnv.New32a()
	_, _ = h.Write([]byte(id))
	return h.Sum32()%10 < 3
}

type evalPage struct {
	id, page, truth string
	withTitle       bool // the truth includes the headline: score the title and the text
}

// extractors compared in every run: Gloss's, go-readability as it comes (the baseline) and go-trafilatura.
func evalExtractors(withTrafilatura bool) []struct {
	name    string
	extract extractor
} {
	out := []struct {
		name    string
		extract extractor
	}{
		{"gloss", extractArticle},
		{"go-readability plain", extractWithReadability},
	}
	if withTrafilatura {
		out = append(out, struct {
			name    string
			extract extractor
		}{"go-trafilatura", extractWithTrafilatura})
	}
	return out
}

type evalScore struct{ precision, recall, f1 float64 }

// scorePages runs readHTML with extract on every page and returns the benchmark's metric and the per-page F1.
func scorePages(t *testing.T, pages []evalPage, extract extractor) (evalScore, map[string]float64) {
	t.Helper()
	var sumP, sumR float64
	var nP, nR int
	perPage := map[string]float64{}
	for _, p := range pages {
		art, err := readHTML(p.page, extract)
		if err != nil {
			t.Fatal(p.id, err)
		}
		got := art.Text
		if p.withTitle {
			got = art.Title + "\n\n" + got
		}
		tp, fp, fn := shingleScore(p.truth, got)
		prec, rec := ratio(tp, fp, fn, tp+fp), ratio(tp, fp, fn, tp+fn)
		if tp+fp > 0 {
			sumP += prec
			nP++
		}
		if tp+fn > 0 {
			sumR += rec
			nR++
		}
		perPage[p.id] = f1(prec, rec)
	}
	s := evalScore{precision: sumP / float64(max(nP, 1)), recall: sumR / float64(max(nR, 1))}
	s.f1 = f1(s.precision, s.recall)
	return s, perPage
}

func TestExtractionF1(t *testing.T) {
	sets := map[string][]evalPage{"multilingual": multilingualPages(t)}
	if dir := os.Getenv("GLOSS_EXTRACTION_BENCH"); dir != "" {
		sets["tuning"], sets["held-back"] = benchmarkPages(t, dir)
		sets["all-181"] = append(slices.Clone(sets["tuning"]), sets["held-back"]...)
	} else {
		t.Log("GLOSS_EXTRACTION_BENCH unset: the benchmark's 181 pages are not measured")
	}
	if dir := os.Getenv("GLOSS_EXTRACTION_MULTI"); dir != "" {
		sets["multi-external"] = externalPages(t, dir)
		for _, p := range sets["multi-external"] {
			if strings.Contains(p.id, "-news-") { // the news articles among them (not forum threads, encyclopaedia)
				sets["multi-ext-news"] = append(sets["multi-ext-news"], p)
			}
			// Split as the other sets are, by heldBack of the file name: 5 tuning, 8 held back (the two forum
			// threads among them), so that a rule made on these pages is also measured on pages it never saw.
			if heldBack(p.id) {
				sets["multi-ext-held"] = append(sets["multi-ext-held"], p)
			} else {
				sets["multi-ext-tuning"] = append(sets["multi-ext-tuning"], p)
			}
		}
	} else {
		t.Log("GLOSS_EXTRACTION_MULTI unset: the external multilingual pages are not measured")
	}
	sets["moz-tuning"], sets["moz-held"] = mozillaPages(t)
	floors := map[string]float64{"all-181": floorAll, "tuning": floorTuning, "held-back": floorHeldBack, "multilingual": floorMultilingual,
		"multi-external": floorExternal, "multi-ext-news": floorExternalNews, "multi-ext-tuning": floorExternalTuning,
		"multi-ext-held": floorExternalHeld, "moz-tuning": floorMozTuning, "moz-held": floorMozHeld}
	for _, set := range []string{"all-181", "tuning", "held-back", "multilingual", "multi-external", "multi-ext-news",
		"multi-ext-tuning", "multi-ext-held", "moz-tuning", "moz-held"} {
		pages := sets[set]
		if len(pages) == 0 {
			continue
		}
		for _, ex := range evalExtractors(os.Getenv("GLOSS_EVAL_TRAFILATURA") != "") {
			start := time.Now()
			s, perPage := scorePages(t, pages, ex.extract)
			t.Logf("%-16s %-21s pages %3d  F1 %.3f  precision %.3f  recall %.3f  (%v)", set, ex.name, len(pages), s.f1, s.precision, s.recall, time.Since(start).Round(time.Millisecond))
			if os.Getenv("GLOSS_EVAL_WORST") != "" && ex.name == "gloss" && set == os.Getenv("GLOSS_EVAL_WORST") {
				ids := make([]string, 0, len(perPage))
				for id := range perPage {
					ids = append(ids, id)
				}
				slices.SortFunc(ids, func(a, b string) int { return int(1000 * (perPage[a] - perPage[b])) })
				for _, id := range ids[:min(12, len(ids))] {
					t.Logf("    %.3f %s", perPage[id], id)
				}
			}
			if os.Getenv("GLOSS_EVAL_REMOVED") == set && ex.name == "gloss" {
				logRemovals(t, pages)
			}
			if os.Getenv("GLOSS_EVAL_PAGES") == set {
				for _, p := range pages {
					t.Logf("    %-24s %.3f  %s", ex.name, perPage[p.id], p.id)
				}
			}
			if ex.name == "gloss" && s.f1 < floors[set] {
				t.Errorf("%s: F1 %.3f is below the measured floor %.3f", set, s.f1, floors[set])
			}
		}
	}
}

// logRemovals lists, for each page where Gloss scores below go-readability plain, the blocks the cleaner
// removed that hold words of the truth, with the rule that took each, and sums them by rule and kind: what to
// look at when Gloss loses (GLOSS_EVAL_REMOVED=<set>, a tuning set only).
func logRemovals(t *testing.T, pages []evalPage) {
	byRule, byKind := map[string]int{}, map[string]int{}
	for _, p := range pages {
		_, g := scorePages(t, []evalPage{p}, extractArticle)
		_, r := scorePages(t, []evalPage{p}, extractWithReadability)
		if g[p.id] >= r[p.id] {
			continue
		}
		t.Logf("  %s: gloss %.3f, go-readability %.3f", p.id, g[p.id], r[p.id])
		truth := shingles(p.truth)
		root, err := parsePage(p.page)
		if err != nil {
			t.Fatal(err)
		}
		site := pageSite(root)
		parser := readability.NewParser()
		parser.KeepClasses = true
		article, err := parser.ParseAndMutate(root, nil)
		if err != nil || article.Node == nil {
			continue
		}
		cleanArticle(article.Node, article.Title(), site, func(n *html.Node, rule string) {
			text := strings.Join(strings.Fields(nodeText(n)), " ")
			held := 0
			for k, v := range shingles(text) {
				held += min(v, truth[k])
			}
			if held == 0 {
				return
			}
			kind := removalKind(n, rule, text)
			byRule[rule] += held
			byKind[kind] += held
			t.Logf("    -%-9s %-8s %4d <%s class=%q id=%q> %.120q", rule, kind, held, n.Data, attrOf(n, "class"), attrOf(n, "id"), text)
		})
	}
	t.Logf("truth shingles removed, by rule: %v; by kind: %v", byRule, byKind)
}

// removalKind sorts a removed block into the conventions the sets disagree on (captions, comments, bylines
// and dates, related links and calls to action, media players) or the rest, roughly, for the log above.
func removalKind(n *html.Node, rule, text string) string {
	words := map[string]bool{}
	for _, w := range classWords(attrOf(n, "class")+" "+attrOf(n, "id"), false) {
		words[w] = true
	}
	has := func(ws ...string) bool {
		for _, w := range ws {
			if words[w] {
				return true
			}
		}
		return false
	}
	lower := strings.ToLower(text)
	switch {
	case n.DataAtom == atom.Figure || n.DataAtom == atom.Figcaption || has("caption", "captions", "credit", "credits") ||
		strings.HasPrefix(lower, "photo") || strings.HasPrefix(lower, "image"):
		return "caption"
	case has("comment", "comments"):
		return "comments"
	case rule == "date" || has("author", "authors", "byline", "bio", "date", "time", "meta", "attribution", "timestamp", "dateline"):
		return "byline"
	case rule == "phrase" || has("related", "newsletter", "promo", "cta", "subscribe", "signup"):
		return "related"
	case has("video", "player", "media", "widget", "embed", "gallery"):
		return "media"
	case rule == "linkdense" || rule == "linklist":
		return "links"
	}
	return "other"
}

func benchmarkPages(t testing.TB, dir string) (tuning, held []evalPage) {
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
	for id, tr := range truth {
		page, err := decodeHTML(readGzip(t, filepath.Join(dir, "html", id+".html.gz")))
		if err != nil {
			t.Fatal(id, err)
		}
		p := evalPage{id: id, page: page, truth: tr.ArticleBody}
		if heldBack(id) {
			held = append(held, p)
		} else {
			tuning = append(tuning, p)
		}
	}
	return tuning, held
}

// externalPages are DIR/html/NAME.html with their hand-made text DIR/text/NAME.txt (headline included).
func externalPages(t *testing.T, dir string) []evalPage {
	files, err := filepath.Glob(filepath.Join(dir, "html", "*.html"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no pages in %s/html (%v)", dir, err)
	}
	var out []evalPage
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		page, err := decodeHTML(data)
		if err != nil {
			t.Fatal(f, err)
		}
		truth, err := os.ReadFile(filepath.Join(dir, "text", strings.TrimSuffix(filepath.Base(f), ".html")+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, evalPage{id: filepath.Base(f), page: page, truth: string(truth), withTitle: true})
	}
	return out
}

// mozillaPages are the real pages of Mozilla Readability's test suite (testdata/extract/mozilla, README
// there), split by heldBack of the page's name into a tuning part and a held-back part that is only measured.
// The truth is the suite's expected.html, scored through the same text rule as Gloss's output.
func mozillaPages(t *testing.T) (tuning, held []evalPage) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "extract", "mozilla", "*", "source.html.gz"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no pages in testdata/extract/mozilla (%v)", err)
	}
	for _, f := range dirs {
		dir := filepath.Dir(f)
		page, err := decodeHTML(readGzip(t, f))
		if err != nil {
			t.Fatal(f, err)
		}
		want, err := decodeHTML(readGzip(t, filepath.Join(dir, "expected.html.gz")))
		if err != nil {
			t.Fatal(dir, err)
		}
		p := evalPage{id: filepath.Base(dir), page: page, truth: strings.Join(paragraphs(articlePolicy.Sanitize(want)), "\n\n")}
		if heldBack(p.id) {
			held = append(held, p)
		} else {
			tuning = append(tuning, p)
		}
	}
	return tuning, held
}

// multilingualPages are testdata/extract/multilingual/*.html with the article text beside each (*.txt).
func multilingualPages(t *testing.T) []evalPage {
	files, err := filepath.Glob(filepath.Join("testdata", "extract", "multilingual", "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	var out []evalPage
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		page, err := decodeHTML(data)
		if err != nil {
			t.Fatal(f, err)
		}
		truth, err := os.ReadFile(strings.TrimSuffix(f, ".html") + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, evalPage{id: filepath.Base(f), page: page, truth: string(truth)})
	}
	return out
}

// shingleScore is evaluate.py's string_shingle_matching: counts of 4-token shingles, normalised by their sum.
func shingleScore(truth, pred string) (tp, fp, fn float64) {
	want, got := shingles(truth), shingles(pred)
	for k, w := range want {
		g := got[k]
		tp += float64(min(w, g))
		fn += float64(max(0, w-g))
	}
	for k, g := range got {
		fp += float64(max(0, g-want[k]))
	}
	if s := tp + fp + fn; s > 0 {
		tp, fp, fn = tp/s, fp/s, fn/s
	}
	return tp, fp, fn
}

// shingles counts the runs of 4 consecutive \w+ tokens (Python's Unicode \w: letters, numbers, _); a text
// of fewer tokens is one shingle of all of them, none when it has no token.
func shingles(text string) map[string]int {
	tokens := strings.FieldsFunc(text, func(r rune) bool { return !(unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_') })
	out := map[string]int{}
	for i := 0; i < max(1, len(tokens)-3); i++ {
		if s := strings.Join(tokens[i:min(i+4, len(tokens))], "\x00"); s != "" {
			out[s]++
		}
	}
	return out
}

// ratio is evaluate.py's precision_score / recall_score: 1 when there is nothing to find and nothing found.
func ratio(tp, fp, fn, denominator float64) float64 {
	switch {
	case fp == 0 && fn == 0:
		return 1
	case denominator == 0:
		return 0
	}
	return tp / denominator
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func TestShingleScore(t *testing.T) {
	tp, fp, fn := shingleScore("a b c d e", "a b c d e")
	if tp != 1 || fp != 0 || fn != 0 {
		t.Fatalf("identical: %v %v %v", tp, fp, fn)
	}
	// truth shingles: abcd, bcde; predicted: abcd, bcdx → 1 tp, 1 fp, 1 fn of 3.
	tp, fp, fn = shingleScore("a b c d e", "a, b. c d x")
	if tp != 1.0/3 || fp != 1.0/3 || fn != 1.0/3 {
		t.Fatalf("one changed token: %v %v %v", tp, fp, fn)
	}
	if n := len(shingles("Привет, 世界 x_y 42")); n != 1 {
		t.Fatalf("4 Unicode tokens make one shingle, got %d", n)
	}
}

// extractWithTrafilatura is the other candidate, kept for the comparison only (tests link it, Gloss does not).
func extractWithTrafilatura(page string, _ *html.Node) (string, error) {
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
