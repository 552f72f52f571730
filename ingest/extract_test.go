package ingest

import (
	"fmt"
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

// extractedText is the canonical text Gloss stores for a generated article page: head, then the article's
// paragraphs around body (long enough for go-readability to take the article), then the site's chrome.
func extractedText(t *testing.T, head, body string) string {
	t.Helper()
	page := `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>The bridge vote</title>` + head + `</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>The bridge vote</h1>
<p>The council met on Tuesday evening to discuss the budget for the coming year, and members argued at length about the cost of repairing the old bridge over the river.</p>
<p>Several residents spoke in favour of the repairs, saying the bridge was part of the town's history and that closing it would cut the market off from the villages to the north.</p>
` + body + `
<p>The vote was postponed to next month, when the engineers' report on the state of the piers is due, and the mayor promised a public meeting before any decision is taken.</p>
<p>Traders at the market said they would keep collecting signatures for the petition until the council makes up its mind, and that several thousand people had signed it already.</p>
</article><footer><a href="/about">About us</a> <a href="/contact">Contact</a></footer></body></html>`
	doc, err := ReadBytes("page.html", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	return doc.Text
}

func expectText(t *testing.T, text string, kept, dropped []string) {
	t.Helper()
	for _, k := range kept {
		if !strings.Contains(text, k) {
			t.Errorf("lost %q:\n%s", k, text)
		}
	}
	for _, d := range dropped {
		if strings.Contains(text, d) {
			t.Errorf("kept %q:\n%s", d, text)
		}
	}
}

// TestInPageLinksAreStructure: links to places in the page itself (a contents list, a heading's permalink and
// back-reference, as Sphinx and Wikipedia write them) do not make a block link-dense: the contents list and
// the headings stay (Mozilla's mercurial, toc-missing and wikipedia pages lost them). A bare "#" is a
// script's hook, and a list of those still goes; "Back to top" is a label.
func TestInPageLinksAreStructure(t *testing.T) {
	text := extractedText(t, "", `
<ul><li><a href="#costs">What the repairs cost</a></li><li><a href="#piers">The state of the piers</a></li><li><a href="#vote">The vote</a></li></ul>
<h2 id="costs"><a class="toc-backref" href="#id1">What the repairs cost</a><a class="headerlink" href="#costs">¶</a></h2>
<p>The engineers put the cost of the repairs at four million euros, spread over three years, of which the region would pay half if the council agrees before the end of the year.</p>
<ul><li><a href="#">Like</a></li><li><a href="#">Save for later</a></li><li><a href="#">Report this</a></li></ul>
<p><a href="#top">Back to top</a></p>`)
	expectText(t, text, []string{"What the repairs cost\n\nThe state of the piers", "What the repairs cost¶\n\nThe engineers", "four million euros"},
		[]string{"Save for later", "Back to top"})
}

// TestLinkedHeadingThatOpensASection: a heading whose words are a link (to the product it reviews, to the
// story it sums up) stays when a paragraph of text follows it; a teaser's linked heading followed by its
// links does not (yahoo-1, videos-1, lwn-1 on Mozilla's pages).
func TestLinkedHeadingThatOpensASection(t *testing.T) {
	text := extractedText(t, "", `
<h3><a href="https://shop.example.org/thumper">“Thumper” ($20)</a></h3>
<p>A rhythm game in which a beetle races down a track of light, and every turn is a beat you have to hit on time, which gets harder and faster with every one of its nine levels.</p>
<div><h2><a href="/news/other-story">Death by train</a></h2><div><a href="/source/x">x.com</a> <a href="/tag/rail">Rail</a></div></div>`)
	expectText(t, text, []string{"“Thumper” ($20)", "rhythm game"}, []string{"Death by train"})
}

// TestWrittenOutAddressesAreText: a block that is only a web address written out is a source the author
// names (the 181-page benchmark's truth keeps them, Mozilla's too); a link-dense line with words is still
// chrome.
func TestWrittenOutAddressesAreText(t *testing.T) {
	text := extractedText(t, "", `
<p><a href="http://www.example.org/report/2019/bridge.html">http://www.example.org/report/2019/bridge.html</a></p>
<ul><li><a href="https://nodejs.org/api/inspector.html">https://nodejs.org/api/inspector.html</a></li><li><a href="https://chromedevtools.github.io/devtools-protocol/v8">https://chromedevtools.github.io/devtools-protocol/v8</a></li></ul>
<p><a href="/newsletter">Get our newsletter every morning</a></p>`)
	expectText(t, text, []string{"http://www.example.org/report/2019/bridge.html", "https://nodejs.org/api/inspector.html"},
		[]string{"Get our newsletter"})
}

// TestCodeIsNotJudged: a code listing keeps its syntax highlighter's spans ("token comment" is no comment
// section) and a line of numbers is data, not a date stamp (v8-blog, toc-missing); a date line still goes.
func TestCodeIsNotJudged(t *testing.T) {
	text := extractedText(t, "", `
<pre><code><span class="token comment">// load-add.js</span>
const add = (a, b) =&gt; a + b;</code></pre>
<div class="highlight"><pre>2, 3, 5, 2, 3, 12, 5, 3, 4</pre></div>
<p>2, 3, 5, 2, 3, 12</p>
<p>Updated 4 Dec 2026, 10:02</p>`)
	expectText(t, text, []string{"// load-add.js", "2, 3, 5, 2, 3, 12, 5, 3, 4", "2, 3, 5, 2, 3, 12"}, []string{"Updated 4 Dec"})
	if !allMatch(strings.Fields("Sept. 25, 2018"), dateWord()) || allMatch(strings.Fields("2, 3, 5, 2"), bareNumber()) == false {
		t.Error("the date words changed")
	}
}

// TestDataTableCellsKeepTheirLinks: the linked values of a table with header cells (an infobox) are its
// data; the same links in a layout table (no th) are judged as blocks.
func TestDataTableCellsKeepTheirLinks(t *testing.T) {
	text := extractedText(t, "", `
<table><tr><th>Anthem</th><td><div><a href="/wiki/God_Defend">God Defend the Town</a></div></td></tr>
<tr><th>Languages</th><td><div><a href="/wiki/English">English</a> <a href="/wiki/Maori">Māori</a></div></td></tr></table>
<table><tr><td><div><a href="/shop">Shop</a> <a href="/jobs">Jobs</a> <a href="/ads">Place an ad</a></div></td></tr></table>`)
	expectText(t, text, []string{"God Defend the Town", "English Māori"}, []string{"Place an ad"})
}

// TestCompoundClassWords: a boiler word written together with a component noun names the component
// ("jp-relatedposts": WordPress's related posts on Mozilla's wordpress page); a longer word that only begins
// with one ("commentary", "authority") does not.
func TestCompoundClassWords(t *testing.T) {
	for _, c := range []struct {
		val    string
		chrome bool
	}{
		{"jp-relatedposts", true}, {"sharebar", true}, {"commentlist", true}, {"socialbuttons", true},
		{"commentary", false}, {"authority-note", false}, {"mediawiki", false}, {"adbox", false}, // "ad" too short to be joined
	} {
		n := &html.Node{Type: html.ElementNode, Data: "div", Attr: []html.Attribute{{Key: "class", Val: c.val}}}
		if got := hasBoilerClass(n); got != c.chrome {
			t.Errorf("class=%q: chrome %v, want %v", c.val, got, c.chrome)
		}
	}
}

// TestReferenceListsStayRelatedListsGo: a list whose items are only links is a reference list when most of
// them go to other sites (sources, further reading, the bugs a changelog closed, a buying guide's shops) and
// stays; a list of the site's own articles is chrome. The page's site is its canonical link, or, without one, the host most of its
// absolute links go to.
func TestReferenceListsStayRelatedListsGo(t *testing.T) {
	body := `
<h2>Sources</h2>
<ul><li><a href="https://www.engineers.example.org/reports/bridge-2026.pdf">Engineers' report on the river bridge</a></li>
<li><a href="https://region.example.net/budget">Regional budget for 2027</a></li>
<li><a href="https://archive.example.com/1890/bridge">The bridge when it was built</a></li></ul>
<ul><li><a href="%[1]s/news/market-petition">Market traders start a petition</a></li>
<li><a href="%[1]s/news/mayor-interview">The mayor on the year ahead</a></li>
<li><a href="/news/flood-2024">Looking back at the 2024 flood</a></li></ul>
<ul><li><a href="https://shop.example.com/bridge-book">Get the bridge's history at the bookshop for $19</a></li></ul>
<ul><li><a href="/news/weather">Tomorrow's weather on the river</a></li></ul>`
	for _, c := range []struct{ name, head, own string }{
		{"canonical", `<link rel="canonical" href="https://www.townnews.example/news/bridge-vote">`, "https://www.townnews.example"},
		{"no canonical", ``, "https://townnews.example"},
	} {
		text := extractedText(t, c.head, fmt.Sprintf(body, c.own)+fmt.Sprintf(`<p><a href="%[1]s/a">a</a> <a href="%[1]s/b">b</a></p>`, c.own))
		expectText(t, text, []string{"Engineers' report on the river bridge\n\nRegional budget for 2027\n\nThe bridge when it was built",
			"at the bookshop for $19"}, []string{"Market traders start a petition", "The mayor on the year ahead", "Tomorrow's weather"})
	}
	if !sameSite("bugzilla.mozilla.org", "mozilla.org") || sameSite("bugzilla.mozilla.org", "blog.nightly.mozilla.org") || sameSite("x.org", "") {
		t.Error("sameSite")
	}
}

// TestRemovedWrappersKeepTheirSpace: an empty wrapper that held a line break ("<span><br></span>") or white
// space ("country<strong> </strong>and") goes without joining the words on either side (pixnet on Mozilla's
// pages, two of the 181: "7231行動", "countryand", "locatednear").
func TestRemovedWrappersKeepTheirSpace(t *testing.T) {
	text := extractedText(t, "", `
<p>Telephone: 03-584-7231<span><br></span>Address: 6 River Road, on the north bank of the river, next to the old mill and the market square, open every day.</p>
<p>With a growing population throughout the country<strong> </strong>and more people <a href="https://example.org/m">moving to cities</a><a href="https://example.org/x"> </a>near the coast, the risk is worsening.</p>`)
	expectText(t, text, []string{"03-584-7231\nAddress", "country and more", "cities near the coast"}, []string{"7231Address", "countryand", "citiesnear"})
}
