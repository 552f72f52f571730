package ingest

// legacyParagraphs is how imports derived an HTML document's text before render.HTML (kept as the
// reference: documents stored then must render with structure, so the two must agree on every page).

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// legacyBlocks end a paragraph of the canonical text.
var legacyBlocks = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Blockquote: true, atom.Pre: true, atom.Hr: true,
	atom.Table: true, atom.Tr: true, atom.Caption: true, atom.Figure: true, atom.Figcaption: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Div: true, atom.Section: true, atom.Article: true,
	atom.Main: true, atom.Aside: true, atom.Header: true, atom.Footer: true, atom.Details: true, atom.Summary: true,
}

// paragraphs returns the text of sanitized markup, one entry per block, whitespace collapsed as a
// browser does; <br> stays a line break inside its paragraph.
func legacyParagraphs(markup string) []string {
	nodes, err := html.ParseFragment(strings.NewReader(markup), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return nil
	}
	var out []string
	var lines []string
	var line strings.Builder
	endLine := func() {
		if s := strings.Join(strings.Fields(line.String()), " "); s != "" {
			lines = append(lines, s)
		}
		line.Reset()
	}
	endParagraph := func() {
		endLine()
		if len(lines) > 0 {
			out = append(out, strings.Join(lines, "\n"))
		}
		lines = nil
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			line.WriteString(n.Data)
			return
		case n.Type == html.ElementNode && n.DataAtom == atom.Br:
			endLine()
			return
		case n.Type == html.ElementNode && (n.DataAtom == atom.Td || n.DataAtom == atom.Th):
			line.WriteString(" ")
		}
		block := n.Type == html.ElementNode && legacyBlocks[n.DataAtom]
		if block {
			endParagraph()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			endParagraph()
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	endParagraph()
	return out
}

// TestParagraphsMatchLegacy: the canonical text render.HTML derives is the one imports stored before, on
// the fixtures, the fuzz seeds and (with GLOSS_EXTRACTION_BENCH) the extracted markup of the 181 pages.
func TestParagraphsMatchLegacy(t *testing.T) {
	markups := []string{
		"<p>a <em>b</em>  c</p><p> </p><ul><li>x<ul><li>y</li></ul> z</li></ul>",
		"<table><tr><td>1</td><td> Kyle <b>Busch</b></td></tr><tr><td><p>p in cell</p> after</td></tr></table>",
		"loose <i>text</i><div>in div<br>line two<br><br>three</div>tail<hr><blockquote>q<p>qp</p></blockquote>",
		"<em>a<p>b</p>c</em><a href=\"javascript:x\">j</a><a href=\"https://e.x\">link</a>\u00a0nbsp\u2003em",
		"<pre>  code\n  more </pre><h2> Sub  head </h2><dl><dt>t</dt><dd>d</dd></dl><figure><figcaption>cap</figcaption></figure>",
	}
	for _, dir := range []string{filepath.Join("testdata", "meta"), filepath.Join("testdata", "extract", "multilingual")} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.html"))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			markups = append(markups, articlePolicy.Sanitize(string(data)))
		}
	}
	if dir := os.Getenv("GLOSS_EXTRACTION_BENCH"); dir != "" {
		tuning, held := benchmarkPages(t, dir)
		for _, p := range append(tuning, held...) {
			for _, extract := range []extractor{extractArticle, extractWithReadability} {
				doc, err := parsePage(p.page)
				if err != nil {
					t.Fatal(err)
				}
				m, _ := extract(p.page, doc)
				markups = append(markups, articlePolicy.Sanitize(m))
			}
		}
	}
	for _, m := range markups {
		want := strings.Join(legacyParagraphs(m), "\n\n")
		if got := strings.Join(paragraphs(m), "\n\n"); got != want {
			t.Errorf("markup %.200q:\n got %q\nwant %q", m, got, want)
		}
	}
	t.Logf("%d markups agree", len(markups))
}
