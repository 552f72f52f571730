package ingest

// Gloss's own block scoring on top of go-readability (issue 16). go-readability finds the part of the page
// that holds the article; what it keeps inside that part (captions, credits, share bars, bylines, "Read more"
// links, newsletter boxes, galleries, dates) is removed here by looking at each block's tag, class and id
// words, its text and its link density. It costs no start-up time: nothing here is computed at init beyond
// compiling a few regular expressions, and go-readability was linked already.

import (
	"net/url"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// extractArticle is Gloss's extractor: go-readability's article with its boilerplate blocks removed. It works
// on doc, the page parsed once by readHTML, which go-readability takes apart.
func extractArticle(_ string, doc *html.Node) (string, error) {
	site := pageSite(doc) // before go-readability takes the page's head apart
	parser := readability.NewParser()
	parser.KeepClasses = true // the cleaner reads them; the sanitizer drops them after
	article, err := parser.ParseAndMutate(doc, nil)
	if err != nil || article.Node == nil {
		return "", err
	}
	cleanArticle(article.Node, article.Title(), site, nil)
	var b strings.Builder
	err = html.Render(&b, article.Node)
	return b.String(), err
}

// blockElements are the blocks the cleaner judges one by one (the paragraphs of the canonical text).
var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Blockquote: true, atom.Pre: true, atom.Hr: true,
	atom.Table: true, atom.Tr: true, atom.Caption: true, atom.Figure: true, atom.Figcaption: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Div: true, atom.Section: true, atom.Article: true,
	atom.Main: true, atom.Aside: true, atom.Header: true, atom.Footer: true, atom.Details: true, atom.Summary: true,
}

// dropTags never hold article text in an extracted article.
var dropTags = map[atom.Atom]bool{
	atom.Figure: true, atom.Figcaption: true, atom.Nav: true, atom.Aside: true, atom.Footer: true,
	atom.Form: true, atom.Button: true, atom.Noscript: true,
}

// boilerWords are the words of class and id names that mark a block as chrome, not text.
var boilerWords = map[string]bool{
	"caption": true, "captions": true, "credit": true, "credits": true, "byline": true, "bylines": true,
	"author": true, "authors": true, "bio": true, "share": true, "sharing": true, "social": true,
	"related": true, "newsletter": true, "signup": true, "subscribe": true, "subscription": true,
	"promo": true, "advert": true, "advertisement": true, "ad": true, "ads": true, "sponsor": true,
	"sponsored": true, "comment": true, "comments": true, "breadcrumb": true, "breadcrumbs": true,
	"tags": true, "print": true, "gallery": true, "slideshow": true, "slider": true, "carousel": true,
	"rail": true, "cta": true, "toolbar": true, "meta": true, "timestamp": true, "dateline": true,
	"date": true, "time": true, "attribution": true, "readmore": true, "popular": true, "recent": true,
	"trending": true, "recommended": true, "wpcnt": true, "postinfo": true, "controls": true,
	"offscreen": true, "screenreader": true, "sronly": true, "visuallyhidden": true, "disclaimer": true,
	"copyright": true, "embed": true, "video": true, "player": true, "media": true, "widget": true,
}

// The patterns are compiled on first use (sync.OnceValue), not at package init: a start of Gloss that
// imports nothing pays nothing for them (GODEBUG=inittrace=1, BENCHMARKS.md).

// boilerPhrase opens a short block that is a label, a credit or a call to action, in the languages of the
// test sets and a few more.
var boilerPhrase = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^\s*[\[(]?\s*(?:` +
		`(?:image|photo|picture|media|video)\s*(?:copyright|caption|credit|source)|media playback is unsupported|` +
		`photo\s*:|photos\s*:|foto\s*:|fotos\s*:|фото\s*:|credit\s*:|image credit|source\s*:|quelle\s*:|` +
		`image \d+ of|\d+ of \d+$|` +
		`read more|related\s*:|related stories|related articles|see also|also read|more\s*:|leggi anche|lesen sie auch|` +
		`mehr zum thema|lire aussi|à lire aussi|voir aussi|lee también|lea también|ver también|leia também|` +
		`читайте также|смотрите также|اقرأ أيضا|اقرأ أيضاً|相关阅读|延伸阅读|` +
		`back to (?:the )?top|skip to (?:the )?(?:main )?content|jump to (?:navigation|search|content)|` +
		`click here|follow (?:us|\S+ on)|sign up|subscribe|advertisement|advert\b|anzeige|werbung|publicité|publicidad|` +
		`реклама|iklan|share this|tell us what|` +
		`(?:post a |leave a |\d+ )?comments?$|commentaires|comentarios|kommentare|комментарии|التعليقات|` +
		`breaking news$|latest news$|top stories$|most (?:read|popular|viewed)|popular this week|you may also like|` +
		`recommended for you|more from|lo más visto|les plus lus|meistgelesen|самое читаемое|الأكثر قراءة|` +
		`(?:additional |contributing )?reporting by|contributing\s*:|editing by|writing by|` +
		`[^.]{0,60}contributed (?:reporting|to this report)|` +
		`copyright|©|\(c\) \d{4}|all rights reserved)`)
})

// dateWord are words of a block that is only a date or a time stamp.
var dateWord = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^(?:\d+(?:[:./-]\d+)*(?:am|pm|h)?|am|pm|a\.m|p\.m|utc|gmt|[ecmp][sd]t|bst|cet|` +
		`published|updated|posted|first|last|modified|on|at|de|del|le|el|am|um|` +
		`jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|ago|set|ott|dic|gen|mag|giu|lug|okt|dez|mär|mai|juin|juil|` +
		`janvier|février|mars|avril|juillet|août|septembre|octobre|novembre|décembre|` +
		`enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|` +
		`january|february|march|april|june|july|august|september|october|november|december|` +
		`januar|februar|märz|juni|juli|oktober|dezember|` +
		`mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\.?,?$`)
})

var socialWord = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)^(?:facebook|twitter|whatsapp|pinterest|pint|linkedin|email|e-mail|reddit|` +
		`instagram|youtube|telegram|messenger|share|tweet|print|copy|link|baixar|teilen|partager|compartir|x|vk)$`)
})

// cleanArticle removes the blocks of an extracted article that are not its text. site is the page's own host
// ("" when the page does not say), against which a list of links is told a reference list (other sites) from
// a related-articles list (the same site). Code (pre, code) is never looked into: its spans are the syntax
// highlighter's ("token comment"), not chrome. removed, when not nil, is told of each block removed and the
// rule that took it (the evaluation lists them).
func cleanArticle(root *html.Node, title, site string, removed func(n *html.Node, rule string)) {
	total := measureText(root).runes
	title = normalizeLine(title)
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type != html.ElementNode {
				c = next
				continue
			}
			if rule := boilerRule(c, total, title, site); rule != "" {
				if removed != nil {
					removed(c, rule)
				}
				if !blockElements[c.DataAtom] && edgeSpace(c) {
					// "country<strong> </strong>and": the space the element held stays between the words.
					n.InsertBefore(&html.Node{Type: html.TextNode, Data: " "}, c)
				}
				n.RemoveChild(c)
			} else if c.DataAtom != atom.Pre && c.DataAtom != atom.Code {
				walk(c)
			}
			c = next
		}
	}
	walk(root)
}

// boilerRule decides on one element of the article: it names the rule that takes n for chrome, or is "" when
// n stays (the evaluation lists the removals by rule). total is the article's length in code points, so that
// no rule can remove most of the article.
func boilerRule(n *html.Node, total int, title, site string) string {
	if inTable[n.DataAtom] {
		return "" // a table's rows and cells are judged with their table (an empty cell keeps its column)
	}
	// The text's measures come from one walk; the text itself is only made for a block short enough for the
	// phrase and word rules or a heading (a long block's text, made at every level of nesting, cost the
	// importer of a large page many times its size).
	m := measureText(n)
	length := m.trimmed
	if length == 0 {
		// An empty wrapper goes, but not with a line break, rule or picture inside it ("<span><br></span>"
		// between two lines): without its break, the lines' words would run together.
		if !keepsEmpty(n.DataAtom) && !hasElementIn(n, keepsEmpty) {
			return "empty"
		}
		return ""
	}
	if 2*length > total && total > 500 {
		return "" // the article itself, whatever its class says
	}
	if dropTags[n.DataAtom] {
		return "tag"
	}
	if hasBoilerClass(n) && !hasElement(n, atom.Table) { // a data table is text, even in a mislabelled box
		return "class"
	}
	if !blockElements[n.DataAtom] {
		return ""
	}
	if (n.DataAtom == atom.Header || n.DataAtom == atom.Footer) && longestRun(n) < 8 {
		return "header" // a page's or article's header or footer without a sentence: menus, sign-in, labels
	}
	if hasElement(n, atom.Pre) {
		return "" // a code listing's box: its words are code, not labels, dates or links
	}
	var text string
	var words []string
	if m.words <= 30 || isHeading(n.DataAtom) {
		text = nodeText(n)
		words = strings.Fields(text)
	}
	switch {
	case isHeading(n.DataAtom) && title != "" && normalizeLine(text) == title:
		return "title"
	case m.words <= 30 && boilerPhrase().MatchString(text):
		return "phrase"
	case m.words <= 14 && allMatch(words, dateWord()) && !(len(words) > 3 && allMatch(words, bareNumber())):
		return "date" // "Updated 4 Dec 2026, 10:02" (but "2, 3, 5, 2, 12" is data)
	case m.words <= 12 && allMatch(words, socialWord()):
		return "social"
	case !m.alnum:
		return "noalnum" // "___", "* * *"
	case length < 400 && linkDensity(n) > 0.6 && !tableOrItem[n.DataAtom] && !linksAreText(n, site):
		return "linkdense"
	case (n.DataAtom == atom.Ul || n.DataAtom == atom.Ol) && linkDensity(n) > 0.8 && !linksAreText(n, site):
		return "linklist"
	}
	return ""
}

var bareNumber = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\d+$`) })

// linksAreText: a block made of links that is still the article's text, not a menu, a teaser or a "read
// more" line. A heading whose link goes to its subject (a product, the full story, a permalink) and that
// opens a section of text; a written-out address ("http://…", "www.…": a source the author names); and a
// reference list, whose links go to other sites, where a related-articles list stays on the page's own.
func linksAreText(n *html.Node, site string) bool {
	switch {
	case isHeading(n.DataAtom):
		return introducesText(n)
	case onlyAddresses(n), inDataTable(n):
		return true
	case n.DataAtom == atom.Ul || n.DataAtom == atom.Ol:
		return referenceList(n, site)
	}
	return false
}

// introducesText: one of the next two elements after h is a paragraph of its own words (15 or more, at most
// half of them links), so h heads a section, not a teaser.
func introducesText(h *html.Node) bool {
	seen := 0
	for s := h.NextSibling; s != nil && seen < 2; s = s.NextSibling {
		if s.Type != html.ElementNode {
			continue
		}
		seen++
		if measureText(s).words >= 15 && linkDensity(s) < 0.5 {
			return true
		}
	}
	return false
}

// inDataTable: n is inside a cell of a table with header cells or a caption (an infobox, a results table),
// whose linked values are its data; a layout table (no th, no caption) is judged block by block.
func inDataTable(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Table {
			return hasElement(p, atom.Th) || hasElement(p, atom.Caption)
		}
	}
	return false
}

// onlyAddresses: every word of n is a web address written out (or punctuation between them).
func onlyAddresses(n *html.Node) bool {
	words := strings.Fields(nodeText(n))
	for _, w := range words {
		if !isAddress(w) && strings.ContainsFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) {
			return false
		}
	}
	return len(words) > 0
}

func isAddress(w string) bool {
	w = strings.ToLower(strings.Trim(w, "()[]<>.,;"))
	return strings.HasPrefix(w, "http://") || strings.HasPrefix(w, "https://") || strings.HasPrefix(w, "www.") && len(w) > 6
}

// referenceList: two thirds or more of a list's items link to other sites than the page's own: its sources,
// further reading, the bugs a changelog closed, a buying guide's shops; a list of the site's other articles
// stays chrome. A link without a host (a relative one) is the page's own site.
func referenceList(list *html.Node, site string) bool {
	items, away := 0, 0
	for li := list.FirstChild; li != nil; li = li.NextSibling {
		if li.Type != html.ElementNode || li.DataAtom != atom.Li {
			continue
		}
		items++
		if linksAway(li, site) {
			away++
		}
	}
	return away >= 1 && 3*away >= 2*items
}

// linksAway: n holds a link to another site than site.
func linksAway(n *html.Node, site string) bool {
	if n.Type == html.ElementNode && n.DataAtom == atom.A {
		host := linkHost(attrOf(n, "href"))
		return host != "" && !sameSite(host, site)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if linksAway(c, site) {
			return true
		}
	}
	return false
}

// linkHost is the host of an absolute web link, without "www.", or "".
func linkHost(href string) string {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "") {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// sameSite: host is the page's site or one of its subdomains ("edition.cnn.com" on cnn.com), or the reverse.
func sameSite(host, site string) bool {
	return site != "" && (host == site || strings.HasSuffix(host, "."+site) || strings.HasSuffix(site, "."+host))
}

// pageSite is the page's own host (without "www."): from its canonical link, og:url or <base>, else the host
// most of its absolute links go to (a site's menus link to itself), else "".
func pageSite(doc *html.Node) string {
	var found string
	hosts := map[string]int{}
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.ElementNode {
			switch {
			case n.DataAtom == atom.A:
				if h := linkHost(attrOf(n, "href")); h != "" {
					hosts[h]++
				}
			case n.DataAtom == atom.Link && strings.EqualFold(attrOf(n, "rel"), "canonical"),
				n.DataAtom == atom.Meta && strings.EqualFold(attrOf(n, "property"), "og:url"),
				n.DataAtom == atom.Base:
				if h := linkHost(attrOf(n, "href") + attrOf(n, "content")); h != "" {
					found = h
					return true
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(doc)
	if found == "" {
		for h, k := range hosts {
			if k > hosts[found] || k == hosts[found] && h < found {
				found = h
			}
		}
	}
	return found
}

var inTable = map[atom.Atom]bool{atom.Tbody: true, atom.Thead: true, atom.Tfoot: true, atom.Tr: true, atom.Td: true, atom.Th: true}

// tableOrItem are blocks whose words are often all links and still text: a results table, a list of sources.
var tableOrItem = map[atom.Atom]bool{atom.Li: true, atom.Table: true, atom.Tr: true, atom.Td: true, atom.Th: true, atom.Dd: true, atom.Dt: true}

// longestRun is the most words of one text node under n.
func longestRun(n *html.Node) int {
	most := 0
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			most = max(most, len(strings.Fields(n.Data)))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return most
}

func isHeading(a atom.Atom) bool {
	return a == atom.H1 || a == atom.H2 || a == atom.H3 || a == atom.H4 || a == atom.H5 || a == atom.H6
}

func allMatch(words []string, re *regexp.Regexp) bool {
	seen := 0
	for _, w := range words {
		w = strings.Trim(w, "|·•-–—:,()[]")
		if w == "" {
			continue
		}
		if !re.MatchString(w) {
			return false
		}
		seen++
	}
	return seen > 0
}

// hasBoilerClass: a class or id word names chrome ("article__caption", "shareBar", "mm_related"). Words that
// name no component are not read: an id made from a heading or a reference ("sharing-with-a-single-developer",
// "cite_note-Recent_immigration-275": four words or more), a hashed name ("e1ad", "sc-77igqf-0"), the short
// atoms of utility CSS ("go gp dg ay gq"), and a state of the element ("no_caption", "has-comments").
func hasBoilerClass(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" {
			continue
		}
		words := classWords(a.Val, a.Key == "class" && atomicCSS(a.Val))
		if a.Key == "id" && len(words) >= 4 {
			continue
		}
		for i, w := range words {
			if i > 0 && stateWords[words[i-1]] {
				continue
			}
			if boilerWords[w] || i > 0 && boilerWords[words[i-1]+w] || compoundBoiler(w) { // "off-screen", "sr-only", "visually-hidden"
				return true
			}
		}
	}
	return false
}

// componentNouns end a class word written as one ("relatedposts", "sharebar", "commentlist"): a boiler word
// before one of them names the component as surely as "related-posts" does.
var componentNouns = []string{"posts", "post", "links", "link", "stories", "story", "articles", "list", "items",
	"box", "bar", "block", "module", "widget", "wrap", "wrapper", "container", "panel", "area", "section", "buttons",
	"icons", "tools", "content", "text"}

// compoundBoiler: w is a boiler word of four letters or more joined to a component noun.
func compoundBoiler(w string) bool {
	for _, noun := range componentNouns {
		if head, ok := strings.CutSuffix(w, noun); ok && len(head) >= 4 && boilerWords[head] {
			return true
		}
	}
	return false
}

// stateWords say what an element has or lacks, not what it is.
var stateWords = map[string]bool{"no": true, "non": true, "has": true, "with": true, "without": true}

// atomicCSS: a class list of many one- or two-letter names is generated (Medium, Tailwind-like builds).
func atomicCSS(v string) bool {
	short := 0
	for _, f := range strings.Fields(v) {
		if len(f) <= 2 {
			short++
		}
	}
	return short >= 4
}

// classWords splits class and id values into lower-case words at punctuation and camelCase boundaries. A part
// between punctuation that mixes letters and digits is a hash and gives no word; with dropShort, neither do
// parts of three letters or fewer.
func classWords(v string, dropShort bool) []string {
	var out []string
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if strings.ContainsFunc(part, unicode.IsDigit) || dropShort && len(part) <= 3 {
			continue
		}
		var cur []rune
		prevLower := false
		for _, r := range part {
			if unicode.IsUpper(r) && prevLower {
				out = append(out, strings.ToLower(string(cur)))
				cur = cur[:0]
			}
			cur = append(cur, r)
			prevLower = !unicode.IsUpper(r)
		}
		out = append(out, strings.ToLower(string(cur)))
	}
	return out
}

// linkDensity is the share of an element's text inside links that lead away. A link to a place in the same
// page ("#section-2": a contents list, a heading's permalink, a footnote mark) is the document's own
// structure, not a way out of it: it does not count.
func linkDensity(n *html.Node) float64 {
	all, linked := 0, 0
	var walk func(n *html.Node, inLink bool)
	walk = func(n *html.Node, inLink bool) {
		if n.Type == html.TextNode {
			k := utf8.RuneCountInString(strings.TrimSpace(n.Data))
			all += k
			if inLink {
				linked += k
			}
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.A && !inPageLink(n) {
			inLink = true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLink)
		}
	}
	walk(n, false)
	if all == 0 {
		return 0
	}
	return float64(linked) / float64(all)
}

// inPageLink: a link to a named place in the page itself (not a bare "#", a script's hook).
func inPageLink(a *html.Node) bool {
	href := strings.TrimSpace(attrOf(a, "href"))
	return len(href) > 1 && href[0] == '#' && href[1] != '!'
}

// edgeSpace: the text of n begins or ends with white space (or is nothing else), which separated the words
// on either side of it.
func edgeSpace(n *html.Node) bool {
	var texts []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode && n.Data != "" {
			texts = append(texts, n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	if len(texts) == 0 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(texts[0])
	last, _ := utf8.DecodeLastRuneInString(texts[len(texts)-1])
	return unicode.IsSpace(first) || unicode.IsSpace(last)
}

// keepsEmpty are elements without text that still mean something in the text: a line break, a rule, a picture.
func keepsEmpty(a atom.Atom) bool { return a == atom.Br || a == atom.Hr || a == atom.Img }

func hasElementIn(n *html.Node, is func(atom.Atom) bool) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (is(c.DataAtom) || hasElementIn(c, is)) {
			return true
		}
	}
	return false
}

func hasElement(n *html.Node, a atom.Atom) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == a || hasElement(c, a)) {
			return true
		}
	}
	return false
}

// textMeasure is what boilerRule needs to know of nodeText(n) without making it: its length in code
// points, whole and with its outer white space trimmed, its number of words (strings.Fields) and whether it
// holds a letter or a number.
type textMeasure struct {
	runes, trimmed, words int
	alnum                 bool
}

// measureText measures nodeText(n) as it would be written, rune by rune.
func measureText(n *html.Node) textMeasure {
	var m textMeasure
	lead, trail, seen, inWord := 0, 0, false, false
	add := func(r rune) {
		m.runes++
		if unicode.IsSpace(r) {
			inWord = false
			trail++
			if !seen {
				lead++
			}
			return
		}
		if !inWord {
			m.words++
		}
		inWord, seen, trail = true, true, 0
		m.alnum = m.alnum || unicode.IsLetter(r) || unicode.IsNumber(r)
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			for _, r := range n.Data {
				add(r)
			}
		case html.ElementNode:
			if n.DataAtom == atom.Script || n.DataAtom == atom.Style {
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode {
			add(' ')
		}
	}
	walk(n)
	if seen {
		m.trimmed = m.runes - lead - trail
	}
	return m
}

// nodeText is the text of n, a space between elements so that blocks do not run together.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode:
			if n.DataAtom == atom.Script || n.DataAtom == atom.Style {
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode {
			b.WriteByte(' ')
		}
	}
	walk(n)
	return b.String()
}

// normalizeLine is s lower-cased with its whitespace collapsed, for comparing headings with the title.
func normalizeLine(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}
