package ingest

// What a web page says about itself (issue 16): JSON-LD first (schema.org Article and its kinds, @graph, arrays,
// nested or referenced authors and publishers, ClaimReview), then Open Graph and article:* tags, then Dublin
// Core and the other common meta names, then the visible page (rel=author, bylines, <time>, <html lang>).

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	"gloss/store"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageInfo is the metadata readHTML found in a page; values are raw (CleanLine and isoDate come after).
type pageInfo struct {
	title, docTitle, siteName, published, modified, url, language, section string
	authors                                                                []string
	claims                                                                 []store.Claim
}

// articleTypes are the schema.org types whose headline, authors and dates are the article's.
var articleTypes = map[string]bool{
	"article": true, "newsarticle": true, "reportagenewsarticle": true, "analysisnewsarticle": true,
	"opinionnewsarticle": true, "backgroundnewsarticle": true, "reviewnewsarticle": true,
	"askpublicnewsarticle": true, "blogposting": true, "liveblogposting": true, "report": true,
	"scholarlyarticle": true, "techarticle": true, "socialmediaposting": true, "satiricalarticle": true,
}

// pageMeta reads everything the page says about itself, each field from the first source that has it.
func pageMeta(root *html.Node) pageInfo {
	var ld, og, dc, visible pageInfo
	var ldBlocks []string
	canonical := ""
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Script:
				if t := strings.ToLower(strings.TrimSpace(attrOf(n, "type"))); t == "application/ld+json" && n.FirstChild != nil {
					ldBlocks = append(ldBlocks, n.FirstChild.Data)
				}
				return
			case atom.Html:
				setFirst(&visible.language, attrOf(n, "lang"), attrOf(n, "xml:lang"))
			case atom.Meta:
				metaTag(n, &og, &dc)
			case atom.Link:
				rel := strings.ToLower(attrOf(n, "rel"))
				if rel == "canonical" {
					setFirst(&canonical, attrOf(n, "href")) // the canonical link beats every other URL
				}
			case atom.Title:
				if n.FirstChild != nil {
					setFirst(&visible.docTitle, n.FirstChild.Data)
				}
			case atom.Time:
				setFirst(&visible.published, attrOf(n, "datetime"))
			}
			visibleByline(n, &visible)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	for _, block := range ldBlocks {
		jsonLD(block, &ld)
	}
	out := ld
	for _, from := range []pageInfo{og, dc, visible} {
		setFirst(&out.title, from.title)
		setFirst(&out.docTitle, from.docTitle)
		setFirst(&out.siteName, from.siteName)
		if pageDate(out.published) == "" { // a source's unreadable or zero date gives way to the next one's
			out.published = from.published
		}
		if pageDate(out.modified) == "" {
			out.modified = from.modified
		}
		setFirst(&out.url, from.url)
		setFirst(&out.language, from.language)
		setFirst(&out.section, from.section)
		if len(out.authors) == 0 {
			out.authors = from.authors
		}
	}
	if cleanURL(canonical) != "" {
		out.url = canonical
	}
	return out
}

// metaTag reads one <meta>: Open Graph, article:*, Twitter into og; Dublin Core and the rest into dc.
func metaTag(n *html.Node, og, dc *pageInfo) {
	content := strings.TrimSpace(attrOf(n, "content"))
	if content == "" {
		return
	}
	if strings.EqualFold(attrOf(n, "http-equiv"), "content-language") {
		setFirst(&dc.language, content)
	}
	for _, key := range []string{attrOf(n, "property"), attrOf(n, "name"), attrOf(n, "itemprop")} {
		switch strings.ToLower(strings.TrimSpace(key)) {
		case "og:title", "twitter:title":
			setFirst(&og.title, content)
		case "og:site_name":
			setFirst(&og.siteName, content)
		case "article:published_time", "og:article:published_time", "article:published":
			setFirst(&og.published, content)
		case "article:modified_time", "og:article:modified_time", "og:updated_time", "article:modified":
			setFirst(&og.modified, content)
		case "og:url":
			setFirst(&og.url, content)
		case "og:locale":
			setFirst(&og.language, content)
		case "article:section", "og:article:section":
			setFirst(&og.section, content)
		case "article:author", "og:article:author":
			if cleanURL(content) == "" { // often a profile URL, not a name
				og.authors = appendNames(og.authors, content)
			}
		case "dc.title", "dcterms.title":
			setFirst(&dc.title, content)
		case "dc.date", "dcterms.date", "dc.date.issued", "dcterms.issued", "dcterms.created", "dc.date.created",
			"datepublished", "date", "pubdate", "publishdate", "publish-date", "publication_date", "sailthru.date",
			"parsely-pub-date", "citation_publication_date", "dc.date.published":
			setFirst(&dc.published, content)
		case "dcterms.modified", "dc.date.modified", "datemodified", "last-modified", "lastmod", "revised":
			setFirst(&dc.modified, content)
		case "dc.creator", "dcterms.creator", "author", "byl", "sailthru.author", "parsely-author", "citation_author", "dc.contributor":
			dc.authors = appendNames(dc.authors, content)
		case "dc.publisher", "dcterms.publisher", "application-name", "publisher":
			setFirst(&dc.siteName, content)
		case "dc.language", "dcterms.language", "language", "inlanguage":
			setFirst(&dc.language, content)
		case "dc.identifier", "dcterms.identifier":
			if cleanURL(content) != "" {
				setFirst(&dc.url, content)
			}
		case "parsely-section", "section", "article.section", "dc.subject.section":
			setFirst(&dc.section, content)
		}
	}
}

// visibleByline reads a byline shown on the page: rel=author links, itemprop=author, an element whose class is
// a byline or author name.
func visibleByline(n *html.Node, v *pageInfo) {
	if len(v.authors) > 0 {
		return
	}
	rel := strings.ToLower(attrOf(n, "rel"))
	prop := strings.ToLower(attrOf(n, "itemprop"))
	class := classWords(attrOf(n, "class"), false)
	isByline := rel == "author" || prop == "author" || prop == "creator"
	for _, w := range class {
		if w == "byline" {
			isByline = true
		}
	}
	if !isByline {
		if prop == "datepublished" {
			setFirst(&v.published, attrOf(n, "content"), attrOf(n, "datetime"), nodeText(n))
		}
		return
	}
	text := strings.TrimSpace(strings.Join(strings.Fields(nodeText(n)), " "))
	if name := bylineName(text); name != "" {
		v.authors = appendNames(nil, name)
	}
}

var bylinePrefix = regexp.MustCompile(`(?i)^(?:by|von|par|por|di|door|av|af|автор:?|от)\s+`)

// bylineName is the names in "By Jane Doe and John Roe", or "" for what is no byline (too long, a date).
func bylineName(text string) string {
	text = bylinePrefix.ReplaceAllString(strings.TrimSpace(text), "")
	if i := strings.IndexAny(text, "|•·\n"); i >= 0 {
		text = text[:i]
	}
	text = strings.TrimSpace(text)
	if text == "" || len(strings.Fields(text)) > 10 || isoDate(text) != "" || parseDate(text) != "" {
		return ""
	}
	return text
}

// jsonLD reads one <script type="application/ld+json">: the first article node gives the article's
// fields, every ClaimReview a claim.
func jsonLD(block string, into *pageInfo) {
	block = strings.TrimSpace(block)
	block = strings.TrimSuffix(strings.TrimPrefix(block, "<!--"), "-->")
	block = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(block), "//<![CDATA["), "//]]>")
	var nodes []map[string]any
	dec := json.NewDecoder(strings.NewReader(block))
	for {
		var v any
		if err := dec.Decode(&v); err != nil {
			break // what was read stays: a broken block after a good one does not lose it
		}
		nodes = flattenLD(v, nodes)
	}
	byID := map[string]map[string]any{}
	for _, n := range nodes {
		if id, ok := n["@id"].(string); ok && len(n) > 1 {
			byID[id] = n
		}
	}
	resolve := func(v any) any {
		if m, ok := v.(map[string]any); ok {
			if id, ok := m["@id"].(string); ok && len(m) == 1 && byID[id] != nil {
				return byID[id]
			}
		}
		return v
	}
	var webPage map[string]any
	orgName := ""
	for _, n := range nodes {
		switch {
		case hasType(n, "claimreview"):
			if c := claimOf(n, resolve); c.Claim != "" {
				into.claims = append(into.claims, c)
			}
			// A ClaimReview's author is the fact-checking outlet; its dates and URL are the article's when no
			// article node says otherwise.
			setFirst(&into.siteName, ldName(n["publisher"], resolve), ldName(n["author"], resolve))
			setFirst(&into.published, ldText(n["datePublished"], resolve))
			setFirst(&into.url, ldURL(n["url"], resolve))
		case hasArticleType(n):
			articleOf(n, resolve, into)
		case hasType(n, "webpage") && webPage == nil:
			webPage = n
		case hasType(n, "organization") || hasType(n, "newsmediaorganization"):
			setFirst(&orgName, ldText(n["name"], resolve))
		}
	}
	if webPage != nil {
		articleOf(webPage, resolve, into)
	}
	setFirst(&into.siteName, orgName) // only when no article named its publisher
}

// flattenLD lists the objects in a JSON-LD value: arrays, @graph, and the value itself.
func flattenLD(v any, out []map[string]any) []map[string]any {
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			out = flattenLD(e, out)
		}
	case map[string]any:
		out = append(out, v)
		if g, ok := v["@graph"]; ok {
			out = flattenLD(g, out)
		}
	}
	return out
}

func hasType(n map[string]any, want string) bool {
	for _, t := range ldStrings(n["@type"]) {
		t = strings.ToLower(t)
		t = t[strings.LastIndexAny(t, "/:")+1:] // "http://schema.org/NewsArticle", "schema:NewsArticle"
		if t == want {
			return true
		}
	}
	return false
}

func hasArticleType(n map[string]any) bool {
	for t := range articleTypes {
		if hasType(n, t) {
			return true
		}
	}
	return false
}

// articleOf fills what is still empty from an article node.
func articleOf(n map[string]any, resolve func(any) any, into *pageInfo) {
	setFirst(&into.title, ldText(n["headline"], resolve), ldText(n["name"], resolve))
	setFirst(&into.published, ldText(n["datePublished"], resolve), ldText(n["dateCreated"], resolve))
	setFirst(&into.modified, ldText(n["dateModified"], resolve))
	setFirst(&into.siteName, ldName(n["publisher"], resolve), ldName(n["sourceOrganization"], resolve))
	setFirst(&into.url, ldURL(n["mainEntityOfPage"], resolve), ldURL(n["url"], resolve))
	setFirst(&into.language, ldLanguage(n["inLanguage"], resolve))
	setFirst(&into.section, ldText(n["articleSection"], resolve))
	if len(into.authors) == 0 {
		for _, a := range ldList(n["author"]) {
			into.authors = appendNames(into.authors, ldName(a, resolve))
		}
		if len(into.authors) == 0 {
			for _, a := range ldList(n["creator"]) {
				into.authors = appendNames(into.authors, ldName(a, resolve))
			}
		}
	}
}

// claimOf reads a ClaimReview: the claim, its rating in words, who made it, where and when.
func claimOf(n map[string]any, resolve func(any) any) store.Claim {
	c := store.Claim{Claim: ldText(n["claimReviewed"], resolve)}
	if r, ok := resolve(n["reviewRating"]).(map[string]any); ok {
		c.Rating = ldText(r["alternateName"], resolve)
		if c.Rating == "" {
			c.Rating = ldText(r["name"], resolve)
		}
		if c.Rating == "" {
			if v := ldText(r["ratingValue"], resolve); v != "" {
				c.Rating = v
				if best := ldText(r["bestRating"], resolve); best != "" {
					c.Rating += "/" + best
				}
			}
		}
	}
	if item, ok := resolve(n["itemReviewed"]).(map[string]any); ok {
		for _, a := range ldList(item["author"]) {
			if name := ldName(a, resolve); name != "" && c.Author == "" {
				c.Author = name
			}
		}
		c.ClaimDate = isoDate(ldText(item["datePublished"], resolve))
		for _, key := range []string{"firstAppearance", "appearance"} {
			for _, a := range ldList(item[key]) {
				if c.Appeared == "" {
					c.Appeared = cleanURL(ldURL(a, resolve))
				}
			}
		}
		if c.Claim == "" {
			c.Claim = ldText(item["name"], resolve)
		}
	}
	c.Claim, c.Rating, c.Author = CleanLine(c.Claim), CleanLine(c.Rating), CleanLine(c.Author)
	return c
}

// ldList is v as a list: a JSON array, or the single value.
func ldList(v any) []any {
	switch v := v.(type) {
	case nil:
		return nil
	case []any:
		return v
	}
	return []any{v}
}

// ldStrings is every string in v (a string or an array of them).
func ldStrings(v any) []string {
	var out []string
	for _, e := range ldList(v) {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// ldText is the first text of v: a string, a number, the first of an array, an object's @value or name.
func ldText(v any, resolve func(any) any) string {
	switch v := resolve(v).(type) {
	case string:
		return strings.TrimSpace(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case []any:
		for _, e := range v {
			if s := ldText(e, resolve); s != "" {
				return s
			}
		}
	case map[string]any:
		if s := ldText(v["@value"], resolve); s != "" {
			return s
		}
		return ldText(v["name"], resolve)
	}
	return ""
}

// ldName is a Person's or Organization's name (an object, a reference, or a plain string).
func ldName(v any, resolve func(any) any) string {
	switch v := resolve(v).(type) {
	case string:
		if cleanURL(v) != "" {
			return "" // a link to a profile, not a name
		}
		return strings.TrimSpace(v)
	case []any:
		for _, e := range v {
			if s := ldName(e, resolve); s != "" {
				return s
			}
		}
	case map[string]any:
		if s := ldText(v["name"], resolve); s != "" {
			return s
		}
		given, family := ldText(v["givenName"], resolve), ldText(v["familyName"], resolve)
		return strings.TrimSpace(given + " " + family)
	}
	return ""
}

// ldURL is a URL given as a string or as an object with @id or url.
func ldURL(v any, resolve func(any) any) string {
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case []any:
		for _, e := range v {
			if s := ldURL(e, resolve); s != "" {
				return s
			}
		}
	case map[string]any:
		for _, k := range []string{"url", "@id"} {
			if s, ok := v[k].(string); ok && cleanURL(s) != "" {
				return s
			}
		}
	}
	return ""
}

func ldLanguage(v any, resolve func(any) any) string {
	if m, ok := resolve(v).(map[string]any); ok {
		if s := ldText(m["alternateName"], resolve); s != "" {
			return s
		}
	}
	return ldText(v, resolve)
}

// appendNames adds the names in s ("Jane Doe and John Roe", "A, B & C") that are not there yet.
func appendNames(names []string, s string) []string {
	s = CleanLine(bylinePrefix.ReplaceAllString(strings.TrimSpace(s), ""))
	for _, part := range nameSplit.Split(s, -1) {
		part = strings.Trim(strings.TrimSpace(part), ",;")
		if part == "" || len(strings.Fields(part)) > 6 || accountName(part) || cleanURL(part) != "" {
			continue
		}
		dup := false
		for _, n := range names {
			if strings.EqualFold(n, part) {
				dup = true
			}
		}
		if !dup {
			names = append(names, part)
		}
	}
	return names
}

// accountName is a CMS account shown where a byline belongs ("admin", "jdadmin", "webmaster").
func accountName(s string) bool {
	l := strings.ToLower(s)
	return l == s && !strings.Contains(s, " ") && (strings.Contains(l, "admin") || l == "webmaster" || l == "editor" || l == "root")
}

var nameSplit = regexp.MustCompile(`\s*[;,&]\s*|\s+(?:and|und|et|y|e|i|ve|и)\s+`)

// languageTag makes a BCP 47 tag of what pages write ("en_US", "EN-gb", "de-DE,en"), or "".
func languageTag(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, ", ;"); i >= 0 {
		s = s[:i]
	}
	parts := strings.Split(strings.ReplaceAll(s, "_", "-"), "-")
	if len(parts[0]) < 2 || len(parts[0]) > 3 {
		return ""
	}
	for _, r := range parts[0] {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return ""
		}
	}
	parts[0] = strings.ToLower(parts[0])
	for i := 1; i < len(parts); i++ {
		switch len(parts[i]) {
		case 2:
			parts[i] = strings.ToUpper(parts[i])
		case 4:
			parts[i] = strings.ToUpper(parts[i][:1]) + strings.ToLower(parts[i][1:])
		default:
			parts[i] = strings.ToLower(parts[i])
		}
	}
	return strings.Join(parts, "-")
}

func setFirst(field *string, values ...string) {
	if *field != "" {
		return
	}
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			*field = v
			return
		}
	}
}

func attrOf(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, name) {
			return a.Val
		}
	}
	return ""
}

// textOfNode is the text inside n, without scripts and styles.
func textOfNode(n *html.Node) string { return nodeText(n) }

// pageDate reads a page's date as YYYY-MM-DD: timestamps, then written dates ("November 19, 2019").
func pageDate(s string) string {
	d := isoDate(s)
	if d == "" {
		d = parseDate(s)
	}
	if d < "1000" { // "0001-01-01": a CMS's zero value, not a date
		return ""
	}
	return d
}

// verdictBox finds the box that shows a fact-check's verdict when the extracted text lost it: the smallest
// element of the page whose text holds a claim's rating and the start of its claim. It returns that
// element's markup, or "" when there are no claims, the text has the verdict, or no such box exists.
func verdictBox(root *html.Node, claims []store.Claim, paragraphs []string) string {
	text := normalizeLine(strings.Join(paragraphs, " "))
	var want []string // what the box must show: the rating, and a few words of the claim
	for _, c := range claims {
		rating, claim := normalizeLine(c.Rating), normalizeLine(c.Claim)
		if rating == "" || strings.Contains(text, rating) && strings.Contains(text, firstWords(claim, 5)) {
			continue
		}
		want = append(want, rating, firstWords(claim, 5))
		break // the first claim's box; pages with many claims list them in the article
	}
	if len(want) == 0 {
		return ""
	}
	var best *html.Node
	bestLen := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style || n.DataAtom == atom.Head) {
			return
		}
		if n.Type == html.ElementNode {
			t := normalizeLine(nodeText(n))
			ok := len(t) < 3000
			for _, w := range want {
				ok = ok && strings.Contains(t, w)
			}
			if ok && (best == nil || len(t) < bestLen) {
				best, bestLen = n, len(t)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	if best == nil {
		return ""
	}
	var b strings.Builder
	if err := html.Render(&b, best); err != nil {
		return ""
	}
	return b.String()
}

func firstWords(s string, n int) string {
	w := strings.Fields(s)
	return strings.Join(w[:min(n, len(w))], " ")
}

// ratingImagesToText replaces each image whose alt text is a claim's rating with that text, and reports
// whether it replaced any.
func ratingImagesToText(root *html.Node, claims []store.Claim) bool {
	ratings := map[string]bool{}
	for _, c := range claims {
		if r := normalizeLine(c.Rating); r != "" {
			ratings[r] = true
		}
	}
	if len(ratings) == 0 {
		return false
	}
	replaced := false
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom == atom.Img {
				if alt := strings.TrimSpace(attrOf(c, "alt")); ratings[normalizeLine(alt)] {
					span := &html.Node{Type: html.ElementNode, Data: "strong", DataAtom: atom.Strong}
					span.AppendChild(&html.Node{Type: html.TextNode, Data: alt})
					n.InsertBefore(span, c)
					n.RemoveChild(c)
					c = span
					replaced = true
				}
				continue
			}
			walk(c)
		}
	}
	walk(root)
	return replaced
}
