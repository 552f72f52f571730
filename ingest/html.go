package ingest

import (
	"bytes"
	"io"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/go-shiori/dom"
	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"gloss/render"
	"gloss/store"
)

// articlePolicy keeps the structure of an article's text and nothing that can run, load or restyle:
// no scripts, styles, frames, forms, event handlers or non-web links.
var articlePolicy = func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code",
		"em", "strong", "b", "i", "u", "s", "sub", "sup", "br", "hr", "q", "cite", "abbr", "mark", "small",
		"table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "figure", "figcaption", "dl", "dt", "dd",
		// Containers stay so that the text of two boxes side by side does not run together ("captionWho").
		"div", "section", "article", "main", "aside", "header", "footer", "details", "summary")
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnLinks(false)
	// Content that is never article text must go with its element, not be left behind as loose text.
	p.SkipElementsContent("script", "style", "iframe", "noscript", "object", "embed", "svg", "math",
		"template", "canvas", "audio", "video", "select", "textarea", "button", "frameset", "noembed", "xmp")
	return p
}()

// textPolicy strips every tag: for titles and other one-line fields.
var textPolicy = bluemonday.StrictPolicy()

// extractWithReadability is go-readability as it comes: the baseline of the evaluation (html_eval_test.go);
// imports use extractArticle (extract.go), which cleans its result. readeck's go-readability was chosen over
// go-trafilatura because the latter links go-dateparser, whose package initialisation alone cost every start
// of Gloss 350–520 ms (BENCHMARKS.md).
func extractWithReadability(page string, _ *html.Node) (string, error) {
	article, err := readability.FromReader(strings.NewReader(page), nil)
	if err != nil || article.Node == nil {
		return "", err
	}
	var b strings.Builder
	err = article.RenderHTML(&b)
	return b.String(), err
}

// extractor finds a page's article and returns its markup. doc is the page already parsed (by parsePage),
// which the extractor may take apart; page is the same page as text, for extractors that parse their own.
type extractor func(page string, doc *html.Node) (string, error)

// parsePage parses a page as go-readability's own parser does (text in NFC, soft hyphens removed) but from
// text that decodeHTML has already made UTF-8, so that it is not guessed at again, nor read into a second copy.
// Most pages have no soft hyphen and are in NFC already, which the transforms would give back as it is: those
// are parsed as they are, without the transforms' eighth of an import's CPU (FuzzParsePage holds the two ways
// to the same tree).
func parsePage(page string) (*html.Node, error) {
	var r io.Reader = strings.NewReader(page)
	if !inNormalForm(page) {
		soft := runes.Remove(runes.Predicate(func(r rune) bool { return r == softHyphen }))
		r = transform.NewReader(r, transform.Chain(norm.NFD, soft, norm.NFC))
	}
	return html.Parse(r)
}

const softHyphen = '\u00AD'

// inNormalForm: the page is as go-readability's transforms would leave it, with no soft hyphen and in NFC.
func inNormalForm(page string) bool {
	return !strings.ContainsRune(page, softHyphen) && norm.NFC.IsNormalString(page)
}

// htmlArticle is what readHTML makes of a page.
type htmlArticle struct {
	Markup     string   // the sanitized article markup
	Text       string   // its canonical text (Paragraphs joined by blank lines)
	Paragraphs []string // its text, one entry per block
	Title      string
	Date       string // YYYY-MM-DD or ""
	Source     string
	URL        string
	Meta       store.Meta // authors, modified date, language, section, canonical URL, fact-check claims
}

// decodeHTML converts a page to UTF-8 the way a browser would: BOM, then <meta charset>, then
// windows-1252. Unlike plain text, an HTML page names its encoding, so converting it is not a guess.
func decodeHTML(data []byte) (string, error) {
	if bytes.IndexByte(data, 0) >= 0 && !bytes.HasPrefix(data, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return "", ErrBinary
	}
	if utf8.Valid(data) {
		return string(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))), nil
	}
	enc, _, _ := charset.DetermineEncoding(data, "text/html")
	decoded, err := enc.NewDecoder().Bytes(data)
	if err != nil || !utf8.Valid(decoded) || bytes.IndexByte(decoded, 0) >= 0 {
		return "", ErrNotText
	}
	return string(decoded), nil
}

// readHTML extracts the article of a page as sanitized markup and paragraphs, with its metadata. The page is
// parsed once: its tree gives the metadata, then goes to the extractor (a copy of it only for a fact-check,
// whose verdict box is read from the page after extraction), so that no two trees of a large page are held
// at once.
func readHTML(page string, extract extractor) (htmlArticle, error) {
	var art htmlArticle
	root, err := parsePage(page)
	if err != nil {
		return art, err
	}
	meta := pageMeta(root)
	art.Title, art.Source, art.URL = CleanLine(meta.title), CleanLine(meta.siteName), cleanURL(meta.url)
	art.Date = pageDate(meta.published)
	art.Meta = store.Meta{Modified: pageDate(meta.modified), Language: languageTag(meta.language),
		Section: CleanLine(meta.section), Canonical: art.URL, Claims: meta.claims}
	for _, a := range meta.authors {
		if a = CleanLine(a); a != "" {
			art.Meta.Authors = append(art.Meta.Authors, a)
		}
	}

	doc := root
	if len(meta.claims) > 0 {
		// A verdict shown as a picture ("Pants on Fire" meter) would vanish with the image: its alt text
		// stands in for it, for the extractor and the verdict box alike.
		ratingImagesToText(root, meta.claims)
		doc = dom.Clone(root, true)
	} else {
		root = nil // the extractor's now
	}
	content, err := extract(page, doc)
	doc = nil
	if err != nil {
		content = ""
	}
	art.Markup = strings.TrimSpace(articlePolicy.Sanitize(content))
	content = ""
	art.setText()
	if root != nil {
		if box := verdictBox(root, meta.claims, art.Paragraphs); box != "" {
			// A fact-check's verdict (claim, rating, who said it) is what its reader came for: the extractor
			// took it for a side box, so it goes back in front of the article.
			art.Markup = strings.TrimSpace(articlePolicy.Sanitize(box)) + "\n" + art.Markup
			art.setText()
		}
	}
	if len(art.Paragraphs) == 0 {
		// Short pages and fragments are not "articles" to the extractor: take the whole body.
		art.Markup = strings.TrimSpace(articlePolicy.Sanitize(page))
		art.setText()
	}
	if art.Title == "" {
		art.Title = CleanLine(meta.docTitle)
	}
	if art.Date == "" || art.Source == "" {
		// Nothing in the markup: a dateline or a wire credit in the text, as for plain text and Markdown.
		text := ParseMeta(art.Text)
		art.Date, art.Source = FirstNonEmpty(art.Date, text.Date), FirstNonEmpty(art.Source, CleanLine(text.Source))
	}
	return art, nil
}

// setText derives the text and paragraphs from the markup; the paragraphs share the text's bytes.
func (art *htmlArticle) setText() {
	art.Text = render.HTMLText(art.Markup)
	art.Paragraphs = nil
	if art.Text != "" {
		art.Paragraphs = strings.Split(art.Text, "\n\n")
	}
}

// paragraphs returns the text of sanitized markup, one entry per paragraph, as render.HTML derives it (the
// one rule for the canonical text of an HTML document: the Reader renders the stored markup by it).
func paragraphs(markup string) []string {
	text := render.HTMLText(markup)
	if text == "" {
		return nil
	}
	return strings.Split(text, "\n\n")
}

// CleanLine makes a one-line plain value of untrusted text: tags stripped, entities resolved, and
// stripped again until nothing changes, so "&lt;script&gt;" cannot turn into a tag.
func CleanLine(s string) string {
	for range 4 {
		next := html.UnescapeString(textPolicy.Sanitize(s))
		if next == s {
			break
		}
		s = next
	}
	if strings.ContainsAny(s, "<>") {
		s = strings.NewReplacer("<", "‹", ">", "›").Replace(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

// cleanURL keeps only web addresses.
func cleanURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// isoDate reads the date part of a timestamp in the usual forms, or "".
func isoDate(s string) string {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04Z07:00", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format(time.DateOnly)
		}
	}
	if len(s) >= 10 {
		if t, err := time.Parse(time.DateOnly, s[:10]); err == nil {
			return t.Format(time.DateOnly)
		}
	}
	return ""
}
