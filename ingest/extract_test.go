package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"gloss/render"
)

// TestReportedBoilerplate: the BBC chrome reported in issue 16 stays out of the text, no two blocks run
// together, and the article's subheading, list and quote stay structure in the Reader.
func TestReportedBoilerplate(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "extract", "bbc-template.html"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := ReadBytes("bbc-template.html", data)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"Media playback", "unsupported on your device", "Image copyright", "EPA/Reuters", "Getty Images",
		"Media caption", "captionWho", "Image caption", "Share this", "More on this story", "By A. Reporter"} {
		if strings.Contains(doc.Text, bad) {
			t.Errorf("the text keeps %q:\n%s", bad, doc.Text)
		}
	}
	for _, good := range []string{"Hong Kong's leader has formally withdrawn", "What happens now?", "More protests are planned",
		"We will not stop until all five demands are met.", "restore calm in the financial hub"} {
		if !strings.Contains(doc.Text, good) {
			t.Errorf("the text lost %q:\n%s", good, doc.Text)
		}
	}
	shown, err := render.Version(doc.Format, doc.Text, doc.Raw, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, b := range shown.Blocks {
		kinds = append(kinds, b.HTML[1:strings.IndexAny(b.HTML, " >")])
	}
	if got := strings.Join(kinds, " "); got != "p p p h2 p ul p blockquote p" {
		t.Errorf("blocks shown as %q", got)
	}
}

// TestBoilerClassNames: class and id words mark chrome only when they name a component; an id made from a
// heading or a reference, a hashed name, utility-CSS atoms and a state word ("no_caption") do not (these cost
// whole sections of documentation pages and listicles on Mozilla Readability's pages).
func TestBoilerClassNames(t *testing.T) {
	for _, c := range []struct {
		attr, val string
		chrome    bool
	}{
		{"class", "article__caption", true}, {"class", "shareBar", true}, {"class", "mm_related", true},
		{"class", "sr-only", true}, {"id", "comments", true}, {"class", "ad", true}, {"id", "related-posts", true},
		{"id", "sharing-with-a-single-developer", false},              // Sphinx section id from its heading
		{"id", "cite_note-Recent_immigration-275", false},             // Wikipedia reference
		{"id", "e1ad", false}, {"class", "sc-77igqf-0 hJpRRP", false}, // hashed
		{"class", "go gp dg ay gq b ad gr", false}, // utility CSS atoms
		{"class", "buzz_superlist_item no_caption", false}, {"class", "post has-comments", false},
	} {
		n := &html.Node{Type: html.ElementNode, Data: "div", Attr: []html.Attribute{{Key: c.attr, Val: c.val}}}
		if got := hasBoilerClass(n); got != c.chrome {
			t.Errorf("%s=%q: chrome %v, want %v", c.attr, c.val, got, c.chrome)
		}
	}
}

// TestMeasureText: the cleaner's one-walk measures of a block are those of its text, on every element of real
// pages (the text itself is no longer made for long blocks).
func TestMeasureText(t *testing.T) {
	tuning, held := mozillaPages(t)
	pages := append(tuning, held...)
	checked := 0
	for i, p := range pages {
		if i%8 != 0 {
			continue // an eighth of the pages: every element of each is checked
		}
		root, err := parsePage(p.page)
		if err != nil {
			t.Fatal(err)
		}
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			text := nodeText(n)
			want := textMeasure{runes: utf8.RuneCountInString(text), trimmed: utf8.RuneCountInString(strings.TrimSpace(text)),
				words: len(strings.Fields(text)), alnum: strings.ContainsFunc(text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) })}
			if got := measureText(n); got != want {
				t.Fatalf("%s <%s>: measured %+v, the text gives %+v", p.id, n.Data, got, want)
			}
			checked++
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode {
					walk(c)
				}
			}
		}
		walk(root)
	}
	t.Logf("%d elements agree", checked)
}
