package ingest

// Gloss's own block scoring on top of go-readability (issue 16). go-readability finds the part of the page
// that holds the article; what it keeps inside that part (captions, credits, share bars, bylines, "Read more"
// links, newsletter boxes, galleries, dates) is removed here by looking at each block's tag, class and id
// words, its text and its link density. It costs no start-up time: nothing here is computed at init beyond
// compiling a few regular expressions, and go-readability was linked already.

import (
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
	parser := readability.NewParser()
	parser.KeepClasses = true // the cleaner reads them; the sanitizer drops them after
	article, err := parser.ParseAndMutate(doc, nil)
	if err != nil || article.Node == nil {
		return "", err
	}
	cleanArticle(article.Node, article.Title())
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

// cleanArticle removes the blocks of an extracted article that are not its text.
func cleanArticle(root *html.Node, title string) {
	total := measureText(root).runes
	title = normalizeLine(title)
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.ElementNode && isBoilerplate(c, total, title) {
				n.RemoveChild(c)
			} else if c.Type == html.ElementNode {
				walk(c)
			}
			c = next
		}
	}
	walk(root)
}

// isBoilerplate decides on one element of the article; total is the article's length in code points, so that
// no rule can remove most of the article.
func isBoilerplate(n *html.Node, total int, title string) bool {
	if inTable[n.DataAtom] {
		return false // a table's rows and cells are judged with their table (an empty cell keeps its column)
	}
	// The text's measures come from one walk; the text itself is only made for a block short enough for the
	// phrase and word rules or a heading (a long block's text, made at every level of nesting, cost the
	// importer of a large page many times its size).
	m := measureText(n)
	length := m.trimmed
	if length == 0 {
		return n.DataAtom != atom.Br && n.DataAtom != atom.Img && n.DataAtom != atom.Hr && !hasElement(n, atom.Img)
	}
	if 2*length > total && total > 500 {
		return false // the article itself, whatever its class says
	}
	if dropTags[n.DataAtom] {
		return true
	}
	if hasBoilerClass(n) && !hasElement(n, atom.Table) { // a data table is text, even in a mislabelled box
		return true
	}
	if !blockElements[n.DataAtom] {
		return false
	}
	if (n.DataAtom == atom.Header || n.DataAtom == atom.Footer) && longestRun(n) < 8 {
		return true // a page's or article's header or footer without a sentence: menus, sign-in, labels
	}
	var text string
	var words []string
	if m.words <= 30 || isHeading(n.DataAtom) {
		text = nodeText(n)
		words = strings.Fields(text)
	}
	switch {
	case isHeading(n.DataAtom) && title != "" && normalizeLine(text) == title:
		return true
	case m.words <= 30 && boilerPhrase().MatchString(text):
		return true
	case m.words <= 14 && allMatch(words, dateWord()):
		return true
	case m.words <= 12 && allMatch(words, socialWord()):
		return true
	case !m.alnum:
		return true // "___", "* * *"
	case length < 400 && linkDensity(n) > 0.6 && !tableOrItem[n.DataAtom]:
		return true
	case (n.DataAtom == atom.Ul || n.DataAtom == atom.Ol) && linkDensity(n) > 0.8:
		return true
	}
	return false
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
			if boilerWords[w] || i > 0 && boilerWords[words[i-1]+w] { // "off-screen", "sr-only", "visually-hidden"
				return true
			}
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

// linkDensity is the share of an element's text inside links.
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
		if n.Type == html.ElementNode && n.DataAtom == atom.A {
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

func hasElement(n *html.Node, a atom.Atom) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == a || hasElement(c, a)) {
			return true
		}
	}
	return false
}

// textMeasure is what isBoilerplate needs to know of nodeText(n) without making it: its length in code
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
