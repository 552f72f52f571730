package capture

import (
	"encoding/base64"
	"errors"
	"fmt"
	"mime"
	"net/url"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"gloss/archive"
	"gloss/store"
)

// pagePolicy is what a captured page keeps when the window shows it: its structure, text and images that
// the archive holds (as data: URIs), nothing that runs, loads or navigates: no scripts, styles, frames,
// forms, event handlers, links (their targets stay readable as titles) or remote images.
var pagePolicy = func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("article", "section", "header", "footer", "main", "aside", "nav", "div", "span", "p", "br", "hr",
		"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "q", "cite", "pre", "code",
		"em", "strong", "b", "i", "u", "s", "sub", "sup", "small", "mark", "abbr", "time", "figure", "figcaption",
		"table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "a", "picture")
	p.AllowAttrs("title").Globally()
	p.AllowAttrs("lang", "dir").Globally()
	p.AllowAttrs("colspan", "rowspan").OnElements("td", "th")
	p.AllowAttrs("datetime").OnElements("time")
	p.AllowAttrs("alt", "width", "height").OnElements("img")
	p.AllowDataURIImages() // the only images: those inlined from the archive
	p.AllowAttrs("src").OnElements("img")
	p.RequireParseableURLs(true)
	p.SkipElementsContent("script", "style", "iframe", "noscript", "object", "embed", "svg", "math", "template",
		"canvas", "audio", "video", "select", "textarea", "button", "frameset", "noembed", "xmp", "head")
	return p
}()

// pageCSP is set in the page itself as well, should it ever be shown outside a sandboxed frame.
const pageCSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"

// pageStyle makes the sanitized page readable: it has lost its own styles.
const pageStyle = `body{font:16px/1.5 Georgia,serif;max-width:44em;margin:1em auto;padding:0 1em;color:#222;background:#fff}` +
	`img{max-width:100%;height:auto}a{color:inherit;text-decoration:underline dotted}`

// CapturedPage is the page a version was captured from, sanitized (pagePolicy) and ready for a sandboxed
// iframe's srcdoc: images the archive holds inlined as data: URIs, every other image dropped.
func CapturedPage(a archive.Archive, c *store.Capture) (string, error) {
	if c == nil || c.WARCFile == "" || c.WARCRecordID == "" {
		return "", errors.New("this version was not captured from the web")
	}
	var page *archive.Record
	images := map[string]archive.Record{}
	err := a.ReadFile(c.WARCFile, func(r archive.Record) error {
		switch {
		case r.ID == c.WARCRecordID:
			page = &r
		case r.Type == "response" && r.Status == 200 && strings.HasPrefix(mediaType(r.Header.Get("Content-Type"), r.Body), "image/"):
			images[r.TargetURI] = r
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("the capture's archive file: %w", err)
	}
	if page == nil || page.Type != "response" {
		return "", fmt.Errorf("the archive file %s has no response record %s", c.WARCFile, c.WARCRecordID)
	}
	body, err := decodeContent(page.Body, page.Header.Get("Content-Encoding"), 1<<40)
	if err != nil {
		return "", err
	}
	utf, _ := toUTF8(body, page.Header.Get("Content-Type"))
	doc, err := html.Parse(strings.NewReader(string(utf)))
	if err != nil {
		return "", err
	}
	base, _ := url.Parse(c.FinalURL)
	inlineImages(doc, base, images)
	var b strings.Builder
	if err := html.Render(&b, doc); err != nil {
		return "", err
	}
	clean := pagePolicy.Sanitize(b.String())
	return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="` + pageCSP +
		`"><style>` + pageStyle + `</style></head><body>` + clean + `</body></html>`, nil
}

// inlineImages replaces each image's address by the archived image as a data: URI, or drops the image;
// links lose their targets (shown as a title instead).
func inlineImages(n *html.Node, base *url.URL, images map[string]archive.Record) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode {
			switch c.DataAtom {
			case atom.Img:
				if src := imageData(c, base, images); src != "" {
					c.Attr = keepAttrs(c.Attr, "alt", "width", "height", "title")
					c.Attr = append(c.Attr, html.Attribute{Key: "src", Val: src})
				} else {
					n.RemoveChild(c)
					c = next
					continue
				}
			case atom.Source:
				n.RemoveChild(c)
				c = next
				continue
			case atom.A:
				href := attr(c, "href")
				c.Attr = keepAttrs(c.Attr, "title")
				if href != "" && attr(c, "title") == "" {
					if u, err := base.Parse(href); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
						c.Attr = append(c.Attr, html.Attribute{Key: "title", Val: u.String()})
					}
				}
			}
		}
		inlineImages(c, base, images)
		c = next
	}
}

func imageData(img *html.Node, base *url.URL, images map[string]archive.Record) string {
	if base == nil {
		return ""
	}
	for _, key := range []string{"src", "data-src", "data-original"} {
		raw := attr(img, key)
		if raw == "" {
			continue
		}
		u, err := base.Parse(raw)
		if err != nil {
			continue
		}
		rec, ok := images[u.String()]
		if !ok {
			continue
		}
		body, err := decodeContent(rec.Body, rec.Header.Get("Content-Encoding"), 1<<40)
		if err != nil {
			continue
		}
		mt, _, err := mime.ParseMediaType(rec.Header.Get("Content-Type"))
		if err != nil || !strings.HasPrefix(mt, "image/") || mt == "image/svg+xml" {
			continue // an SVG can hold scripts: never inlined
		}
		return "data:" + mt + ";base64," + base64.StdEncoding.EncodeToString(body)
	}
	return ""
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func keepAttrs(attrs []html.Attribute, keys ...string) []html.Attribute {
	var out []html.Attribute
	for _, a := range attrs {
		for _, k := range keys {
			if strings.EqualFold(a.Key, k) {
				out = append(out, a)
			}
		}
	}
	return out
}
