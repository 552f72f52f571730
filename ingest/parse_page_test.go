package ingest

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

func renderTree(t testing.TB, page string, parse func(string) (*html.Node, error)) string {
	root, err := parse(page)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := html.Render(&b, root); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestParsePageIsTheNormalizingParse: a page parsed as it is gives the tree the normalizing parse gives, on
// real pages and on text that must take the normalizing way (soft hyphens, decomposed letters, compatibility
// ideographs, a run of combining marks longer than the stream-safe 30).
func TestParsePageIsTheNormalizingParse(t *testing.T) {
	tuning, held := mozillaPages(t)
	pages := []string{
		"<p>co\u00ADoperate</p>", "<p>cafe\u0301</p>", "<p>\u212B \uF900</p>", "<p>a" + strings.Repeat("\u0301", 40) + "</p>",
		"<p>\u1100\u1161 한국어 العربية עברית ไทย</p>", "<p title=\"e\u0301\">x</p>", "<p>plain “quoted” text</p>",
	}
	if dir := os.Getenv("GLOSS_EXTRACTION_BENCH"); dir != "" { // the 181 benchmark pages too
		more, moreHeld := benchmarkPages(t, dir)
		tuning = append(append(tuning, more...), moreHeld...)
	}
	for _, p := range append(tuning, held...) {
		pages = append(pages, p.page)
	}
	asIs := 0
	for i, page := range pages {
		if inNormalForm(page) {
			asIs++
		}
		if got, want := renderTree(t, page, parsePage), renderTree(t, page, parseNormalizing); got != want {
			t.Fatalf("page %d: parsed as it is, the tree differs from the normalizing parse's", i)
		}
	}
	if asIs < len(pages)/2 {
		t.Fatalf("only %d of %d pages parsed as they are", asIs, len(pages))
	}
	if testing.Verbose() {
		t.Logf("%d of %d pages parsed as they are", asIs, len(pages))
	}
}

func FuzzParsePage(f *testing.F) {
	for _, s := range []string{"<p>cafe\u0301</p>", "<p>\u00AD</p>", "<b>x</b>é", "a" + strings.Repeat("\u0308", 31)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, page string) {
		if !utf8.ValidString(page) { // decodeHTML gives parsePage valid UTF-8 only
			return
		}
		if got, want := renderTree(t, page, parsePage), renderTree(t, page, parseNormalizing); got != want {
			t.Fatalf("%q: parsed as it is %q, normalizing %q", page, got, want)
		}
	})
}

// parseNormalizing is go-readability's parse: NFD, soft hyphens out, NFC, then the HTML parser.
func parseNormalizing(page string) (*html.Node, error) {
	soft := runes.Remove(runes.Predicate(func(r rune) bool { return r == softHyphen }))
	return html.Parse(transform.NewReader(strings.NewReader(page), transform.Chain(norm.NFD, soft, norm.NFC)))
}
