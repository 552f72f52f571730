package render

import (
	"strings"
	"testing"
	"unicode/utf8"
)

var htmlFuzzSeeds = []string{
	"",
	"<p>a <em>b</em>  c</p><ul><li>x<ul><li>y</li></ul> z</li></ul>",
	"<table><tr><td>1</td><td> two</td></tr><tr><td><p>p</p> after</td></tr></table>",
	"loose<div>div<br>br<br><br>x</div>tail<hr><blockquote>q<p>qp</p></blockquote>",
	"<em>a<p>b</p>c</em><a href=\"javascript:x\">j</a><a href=\" https://e.x\">l</a>\u00a0\u2003",
	"<pre>  a\n b </pre><h2> h </h2><dl><dt>t</dt><dd>d</dd></dl><figure><figcaption>c</figcaption></figure>",
	"<script>alert(1)</script><img src=x onerror=alert(1)><a href=\"http://x\" onclick=y>z</a>\x00\xff",
	"<li>stray</li><td>cell</td><caption>c</caption><tr>r",
}

// FuzzHTML: whatever the markup, every run shows exactly its part of the canonical text, blocks are
// ordered single elements, nothing unsafe is written, and marks only add <mark>s.
func FuzzHTML(f *testing.F) {
	for _, s := range htmlFuzzSeeds {
		f.Add(s, fuzzMarkSeed)
	}
	f.Fuzz(func(t *testing.T, markup string, markBytes []byte) {
		unmarked := HTML(markup)
		if unmarked.Text != HTMLText(markup) {
			t.Fatal("HTMLText differs from HTML().Text")
		}
		if strings.Contains(unmarked.Text, "\n\n\n") || strings.HasPrefix(unmarked.Text, "\n") {
			t.Fatalf("empty paragraph in %q", unmarked.Text)
		}
		marks := marksFromBytes(markBytes, utf8.RuneCountInString(unmarked.Text))
		doc := HTML(markup, marks...)
		for _, err := range checkDoc(doc, markdownUncovered, marks...) {
			t.Error(err)
		}
		assertMarksOnlyAdded(t, doc, unmarked)
	})
}

// TestVersionHTML: a stored HTML version shows its structure when its markup gives its text, and the
// stored text plainly when not (an older import rule, a text edited since).
func TestVersionHTML(t *testing.T) {
	raw := "<h2>Sub</h2><p>Body <em>text</em>.</p><ul><li>one</li></ul>"
	doc, err := Version("html", "Sub\n\nBody text.\n\none", raw, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Blocks) != 3 || !strings.HasPrefix(doc.Blocks[0].HTML, "<h2>") || !strings.HasPrefix(doc.Blocks[2].HTML, "<ul><li>") {
		t.Fatalf("structure lost: %+v", doc.Blocks)
	}
	doc, err = Version("html", "Sub Body text one", raw, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Text != "Sub Body text one" || len(doc.Blocks) != 1 || !strings.HasPrefix(doc.Blocks[0].HTML, "<p>") {
		t.Fatalf("a text the markup does not give must show plainly: %+v", doc)
	}
}
