package capture

import (
	"bytes"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// A page whose bytes changed but whose visible text did not is recognised from the archive, so refresh
// skips extracting it; a changed word anywhere in the page is seen.
func TestSameVisibleText(t *testing.T) {
	web := newSite(t)
	body := articlePage("Quiet edit", "The first wording.")
	web.html("/p", body)
	c, s := newCapturer(t, quick())
	r := one(t, c, web.URL+"/p")
	v, _ := s.Version(r.DocID, 0)
	fetch := func(page string) *Page {
		web.html("/p", page)
		p, err := c.fetch.Fetch(t.Context(), web.URL+"/p", Conditional{})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	if !c.sameVisibleText(v.Capture, fetch(strings.Replace(body, "<title>", "<!-- ad 7 --><script>var nonce=42</script><title>", 1))) {
		t.Error("a comment and a script changed the visible text")
	}
	if c.sameVisibleText(v.Capture, fetch(strings.Replace(body, "first wording", "second wording", 1))) {
		t.Error("a changed word went unseen")
	}
	if c.sameVisibleText(v.Capture, fetch(strings.Replace(body, "<title>Quiet edit", "<title>Loud edit", 1))) {
		t.Error("a changed title went unseen")
	}
}

// The archive gives back a large page whole (gowarc without validation once gave back 3,470 of 402,879
// bytes, and the shortcut silently never held on real pages).
func TestSameVisibleTextOnALargePage(t *testing.T) {
	web := newSite(t)
	body := articlePage("Long read", strings.Repeat("A long paragraph of the long read, repeated. ", 8000))
	web.html("/long", body)
	c, s := newCapturer(t, quick())
	r := one(t, c, web.URL+"/long")
	v, _ := s.Version(r.DocID, 0)
	web.html("/long", "<!-- served again -->"+body)
	p, err := c.fetch.Fetch(t.Context(), web.URL+"/long", Conditional{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Content) < 300_000 || !c.sameVisibleText(v.Capture, p) {
		t.Errorf("a %d-byte page with a new comment is not seen as the same", len(p.Content))
	}
}

// tokenizerVisibleText is the visible-text digest as it was first written, over html.Tokenizer: the
// reference visibleText must give, byte for byte (a stored capture check holds its digest).
func tokenizerVisibleText(page []byte) [32]byte {
	h := sha256.New()
	z := html.NewTokenizer(bytes.NewReader(page))
	skip := 0
	hidden := func(tag string) bool {
		return tag == "script" || tag == "style" || tag == "template" || tag == "noscript"
	}
	for {
		switch z.Next() {
		case html.ErrorToken:
			var sum [32]byte
			h.Sum(sum[:0])
			return sum
		case html.StartTagToken:
			if name, _ := z.TagName(); hidden(string(name)) {
				skip++
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); hidden(string(name)) && skip > 0 {
				skip--
			}
		case html.TextToken:
			if skip == 0 {
				for _, f := range bytes.Fields(z.Text()) {
					h.Write(f)
					h.Write([]byte{' '})
				}
			}
		}
	}
}

// visibleEdgeCases are the corners of the Tokenizer's rules: raw text and its end tags, the script
// escapes, comments and their odd ends, doctypes, bogus comments, self-closing hidden tags and their
// attributes, entities, NULs, and a page cut anywhere.
var visibleEdgeCases = []string{
	"", "plain text", "a < b > c", "a <", "a </", "a </>b", "x</ y>z", "<p>one</p><p>two</p>", "foo<!-- c -->bar",
	"<script>var a = '<p>not text</p>';</script>after", "<SCRIPT>x</SCRIPT >y", "<script>a</scripty>b</script>c",
	"<script><!-- <script> </script> still --></script>out", "<script><!--x--></script>y", "<script><!-- a -- > b</script>c",
	"<script><!--<script>x</script>y</script>z", "<script><!--<SCRIPT/>--></script>t", "<script>a<!-</script>b", "<script>a<!--",
	"<style>p{}</style>s", "<style>a</stylex></style>b", "<noscript><p>n</p></noscript>v", "<template><p>t</p></template>v",
	"<title>A &amp; B</title><textarea>x &lt; y</textarea>", "<xmp><b>&amp;</b></xmp>", "<iframe>&amp;<p></iframe>i",
	"<plaintext><p>all &amp; raw", "<noembed>x</noembed>y<noframes>z</noframes>", "<script/>hidden?</script>after",
	"<script / >x</script>y", "<script a=/>x</script>y", "<script a='/'/>x</script>y", "<script a a/>x</script>y",
	"<script A=1 a=/>x</script>y", "<script =a/>x</script>y", "<script a=\"x>y\">z</script>w", "<style/>s</style>t",
	"<noscript/>n</noscript>m", "<template/>t</template>u", "</script>unopened", "<script>x</script></script>y",
	"<!DOCTYPE html><p>d</p>", "<!doctype", "<!DOC", "<!>a", "<!x>b", "<!-->c", "<!--->d", "<!-- a --!>e", "<!-- a --!-->f",
	"<!-- a --!", "<!--", "<!-", "<!", "<?xml version='1.0'?>g", "<?", "<![CDATA[x]]>y", "a&nbsp;b&#160;c&amp;d&notit;e&#x41;",
	"a\x00b", "<title>a\x00b</title>", "<xmp>a\x00b</xmp>", "a\r\nb\rc", "<p\x00>x</p>", "<scr\x00ipt>x</script>y",
	"<p a='x", "<p a=", "<p a", "<p", "<script a='x", "<script>", "<div class=\"x\" id=y data-z>t</div>",
	"<DIV CLASS=a>T</DIV>", "a\u0085b\xffc\xc2 d\v\te \u2028f\u200bg", "<script><!--<script", "<script><!--<script>--", "<script><!--<script></script", "é <b>ü</b> 中文",
	"<p>\u00a0\u2003wide spaces\u3000</p>", "<a href=x/>link</a>", "<br/>b<br />c", "<textarea/>x</textarea>y",
}

// visibleText is the Tokenizer's digest on every edge case and every saved page (Mozilla's, and the
// benchmark's 181 as well when GLOSS_EXTRACTION_BENCH names them), whole and cut at many places.
func TestVisibleTextIsTheTokenizers(t *testing.T) {
	pages := [][]byte{}
	for _, c := range visibleEdgeCases {
		pages = append(pages, []byte(c))
	}
	pages = append(pages, savedPages(t)...)
	// Mozilla Readability's 94 test pages and their expected articles (ingest's extraction set), never
	// looked at while visible.go was written: its held-back part.
	mozilla, _ := filepath.Glob("../testdata/extract/mozilla/*/*.html.gz")
	if len(mozilla) < 180 {
		t.Fatalf("Mozilla's pages: %d files", len(mozilla))
	}
	for _, f := range mozilla {
		pages = append(pages, gunzip(t, f))
	}
	if bench := os.Getenv("GLOSS_EXTRACTION_BENCH"); bench != "" {
		files, _ := filepath.Glob(filepath.Join(bench, "html", "*.html.gz"))
		for _, f := range files {
			pages = append(pages, gunzip(t, f))
		}
	}
	for i, p := range pages {
		if got, want := visibleText(p), tokenizerVisibleText(p); got != want {
			t.Errorf("page %d (%.60q): digest %x, the Tokenizer's %x", i, p, got[:6], want[:6])
		}
		for _, cut := range []int{1, 2, 3, 7, 64, 1000, len(p) / 3, len(p) / 2, len(p) - 1} {
			if cut > 0 && cut < len(p) {
				if got, want := visibleText(p[:cut]), tokenizerVisibleText(p[:cut]); got != want {
					t.Errorf("page %d cut at %d (…%q): digest %x, the Tokenizer's %x", i, cut, p[max(0, cut-20):cut], got[:6], want[:6])
				}
			}
		}
	}
	if visibleText([]byte("<p>one</p>")) == visibleText([]byte("<p>two</p>")) {
		t.Error("two texts, one digest")
	}
}

func FuzzVisibleText(f *testing.F) {
	for _, c := range visibleEdgeCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, page []byte) {
		if got, want := visibleText(page), tokenizerVisibleText(page); got != want {
			t.Errorf("%q: digest %x, the Tokenizer's %x", page, got[:6], want[:6])
		}
	})
}
