package render

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTML renders the sanitized article markup an HTML import stores (ingest's article policy: structure
// and links, no attributes but href) and derives its canonical text by the one rule imports use
// (HTMLText): each paragraph is the text between two block boundaries, whitespace collapsed as a browser
// does, <br> a line break ("\n") inside it, a table cell's text after a space; paragraphs are separated
// by "\n\n". The blocks keep headings, lists, block quotes, tables and preformatted text as they are;
// containers (div, section, article, …) are not shown, only the breaks they make. Links keep an href
// only for http, https and mailto. marks, in offsets of the canonical text, are drawn into the runs.
func HTML(markup string, marks ...Mark) Doc {
	nodes, err := html.ParseFragment(strings.NewReader(markup), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	doc := Doc{Blocks: []Block{}}
	if err != nil {
		return doc
	}
	w := &htmlWriter{marker: newMarkSweep(marks)}
	for _, n := range nodes {
		w.node(n, false)
	}
	w.endLeaf()
	doc.Text = w.text.String()
	doc.Blocks = w.blocks
	if doc.Blocks == nil {
		doc.Blocks = []Block{}
	}
	return doc
}

// HTMLText is the canonical text of sanitized article markup: HTML(markup).Text, without the HTML.
// The blocks' HTML is not written (an import needs only the text; the HTML of a large page cost it 1.5× the
// markup again); FuzzHTML holds the two to the same text.
func HTMLText(markup string) string {
	nodes, err := html.ParseFragment(strings.NewReader(markup), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return ""
	}
	w := &htmlWriter{marker: newMarkSweep(nil), textOnly: true}
	for _, n := range nodes {
		w.node(n, false)
	}
	w.endLeaf()
	return w.text.String()
}

// htmlBlocks end a paragraph of the canonical text.
var htmlBlocks = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Blockquote: true, atom.Pre: true, atom.Hr: true,
	atom.Table: true, atom.Tr: true, atom.Caption: true, atom.Figure: true, atom.Figcaption: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Div: true, atom.Section: true, atom.Article: true,
	atom.Main: true, atom.Aside: true, atom.Header: true, atom.Footer: true, atom.Details: true, atom.Summary: true,
}

// htmlContainers make paragraph breaks but are not shown.
var htmlContainers = map[atom.Atom]bool{
	atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true, atom.Aside: true,
	atom.Header: true, atom.Footer: true, atom.Details: true, atom.Summary: true, atom.Figure: true,
}

// htmlShown are the elements written out as they are (without attributes; links keep a safe href).
var htmlShown = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Blockquote: true, atom.Pre: true, atom.Hr: true,
	atom.Table: true, atom.Thead: true, atom.Tbody: true, atom.Tfoot: true, atom.Tr: true, atom.Td: true, atom.Th: true,
	atom.Caption: true, atom.Figcaption: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Em: true, atom.Strong: true, atom.B: true, atom.I: true, atom.U: true, atom.S: true, atom.Sub: true,
	atom.Sup: true, atom.Q: true, atom.Cite: true, atom.Abbr: true, atom.Small: true, // not <mark>: it draws highlights
	atom.Code: true, atom.A: true,
}

// textHolders take a paragraph's runs directly; elsewhere a paragraph is wrapped in <p>.
var textHolders = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Pre: true,
	// Inside these a <p> would be misplaced: rows hold cells, lists items.
	atom.Table: true, atom.Thead: true, atom.Tbody: true, atom.Tfoot: true, atom.Tr: true, atom.Ul: true, atom.Ol: true, atom.Dl: true,
}

// leafItem is one piece of a paragraph waiting to be written: text, a tag, or a line break.
type leafItem struct {
	kind byte   // 't' text, 'o' open tag, 'c' close tag, 'b' <br>
	s    string // the text or the tag
}

type htmlWriter struct {
	marker *markSweep
	text   strings.Builder // the canonical text so far
	runes  int             // its length in code points
	paras  int             // paragraphs written

	blocks []Block
	block  strings.Builder // HTML of the open top-level element
	depth  int             // output elements open
	bStart int             // first run of the open block, -1 before one
	bEnd   int

	textOnly bool // the text only: no block's HTML is written (HTMLText)

	leaf     []leafItem // the paragraph being collected
	wrapLeaf bool       // it is wrapped in <p> (no text holder around it)
}

// node renders n; holder says whether the element around it takes runs directly (else a paragraph of
// loose text is wrapped in <p>).
func (w *htmlWriter) node(n *html.Node, holder bool) {
	switch n.Type {
	case html.TextNode:
		w.add(leafItem{kind: 't', s: n.Data}, holder)
		return
	case html.ElementNode:
	default:
		return
	}
	switch {
	case n.DataAtom == atom.Br:
		w.add(leafItem{kind: 'b'}, holder)
	case n.DataAtom == atom.Hr:
		w.endLeaf()
		w.open("<hr>", true)
	case htmlContainers[n.DataAtom]:
		w.endLeaf()
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.node(c, false)
		}
		w.endLeaf()
	case htmlBlocks[n.DataAtom]:
		w.endLeaf()
		open, closeTag := tagOf(n)
		if isHeading(n.DataAtom) && headingAbove(n) {
			// The parser nests <h1>…<a><h1> but reads a written <h1><h1> as two: the inner one keeps its
			// paragraph, not its tag.
			open, closeTag = "", ""
		}
		w.open(open, false)
		inner := textHolders[n.DataAtom] || (itemLike(n.DataAtom) && !hasBlockInside(n))
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.node(c, inner)
		}
		w.endLeaf()
		w.close(closeTag)
	default:
		// Phrasing content. One that holds a block (the parser allows <em><p>…</p></em>) is not shown, so
		// that every shown tag opens and closes inside one paragraph; cells are shown always (a row's
		// paragraph runs through them).
		cell := n.DataAtom == atom.Td || n.DataAtom == atom.Th
		shown := htmlShown[n.DataAtom] && (cell || !hasBlockInside(n))
		open, closeTag := tagOf(n)
		if shown && open != "" {
			w.add(leafItem{kind: 'o', s: open}, holder)
		}
		if cell {
			w.add(leafItem{kind: 't', s: " "}, holder) // the cells of a row are one paragraph, a space apart
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.node(c, holder)
		}
		if shown && open != "" {
			w.add(leafItem{kind: 'c', s: closeTag}, holder)
		}
	}
}

func (w *htmlWriter) add(it leafItem, holder bool) {
	if len(w.leaf) == 0 {
		w.wrapLeaf = !holder || w.depth == 0
	}
	w.leaf = append(w.leaf, it)
}

// open writes a start tag; at the top level it starts a Block (a void element is one by itself).
func (w *htmlWriter) open(tag string, void bool) {
	if tag == "" || w.textOnly {
		return
	}
	if w.depth == 0 {
		w.block.Reset()
		w.bStart, w.bEnd = -1, w.runes
	}
	w.block.WriteString(tag)
	if void {
		if w.depth == 0 {
			w.endBlock()
		}
		return
	}
	w.depth++
}

func (w *htmlWriter) close(tag string) {
	if tag == "" || w.textOnly {
		return
	}
	w.block.WriteString(tag)
	w.depth--
	if w.depth == 0 {
		w.endBlock()
	}
}

func (w *htmlWriter) endBlock() {
	b := Block{Start: w.bStart, End: w.bEnd, HTML: w.block.String()}
	w.block.Reset()
	if b.Start < 0 {
		if b.HTML != "<hr>" {
			return // an element with no text (<p></p>, an empty list) shows nothing
		}
		b.Start = w.bEnd // placed where the text stands
	}
	w.blocks = append(w.blocks, b)
}

// endLeaf writes the collected paragraph: its lines (split at <br>) with whitespace collapsed as
// strings.Fields collapses it, each text piece a run of its part of the canonical text, the tags between
// them, <br> between lines. A run of whitespace that spans pieces shows as one space at its start.
func (w *htmlWriter) endLeaf() {
	items, wrap := w.leaf, w.wrapLeaf
	w.leaf, w.wrapLeaf = nil, false
	if len(items) == 0 {
		return
	}
	shows := make([]string, len(items)) // what each text item shows
	lineOf := make([]int, len(items))   // its line, -1 for a blank line's text
	lines := 0
	start := 0
	collapse := func(end int) {
		pending := -1 // the item where an unwritten run of whitespace began
		seen := false
		for i := start; i < end; i++ {
			lineOf[i] = -1
			if items[i].kind != 't' {
				continue
			}
			var b strings.Builder
			for _, r := range items[i].s {
				if unicode.IsSpace(r) {
					if seen && pending < 0 {
						pending = i
					}
					continue
				}
				if pending == i {
					b.WriteByte(' ')
				} else if pending >= 0 {
					shows[pending] += " "
				}
				pending = -1
				seen = true
				if r == 0 {
					r = utf8.RuneError // never reached for parsed HTML; a run cannot show NUL
				}
				b.WriteRune(r)
			}
			shows[i] += b.String()
		}
		if seen {
			for i := start; i < end; i++ {
				lineOf[i] = lines
			}
			lines++
		}
	}
	for i, it := range items {
		if it.kind == 'b' {
			collapse(i)
			lineOf[i] = -1
			start = i + 1
		}
	}
	collapse(len(items))
	if lines == 0 {
		if !wrap { // tags only: written so that the elements around stay balanced
			for _, it := range items {
				if it.kind == 'o' || it.kind == 'c' {
					w.tag(it)
				}
			}
		}
		return
	}
	if w.paras > 0 {
		w.text.WriteString("\n\n")
		w.runes += 2
	}
	w.paras++
	if wrap {
		w.open("<p>", false)
	}
	last := -1
	for i, it := range items {
		switch it.kind {
		case 'o', 'c':
			w.tag(it)
		case 't':
			if lineOf[i] < 0 || shows[i] == "" {
				continue
			}
			if last >= 0 && lineOf[i] != last {
				if !w.textOnly {
					w.block.WriteString("<br>")
				}
				w.text.WriteByte('\n')
				w.runes++
			}
			last = lineOf[i]
			if w.bStart < 0 {
				w.bStart = w.runes
			}
			if !w.textOnly {
				writeRun(&w.block, w.marker, w.runes, shows[i])
			}
			w.text.WriteString(shows[i])
			w.runes += utf8.RuneCountInString(shows[i])
			w.bEnd = w.runes
		}
	}
	if wrap {
		w.close("</p>")
	}
}

// tag writes an inline tag of a paragraph; at the top level (a paragraph without a holder is wrapped, so
// only tags of an empty one) it would open a Block of its own.
func (w *htmlWriter) tag(it leafItem) {
	if it.kind == 'o' {
		w.open(it.s, false)
	} else {
		w.close(it.s)
	}
}

func isHeading(a atom.Atom) bool {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

func headingAbove(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if isHeading(p.DataAtom) {
			return true
		}
	}
	return false
}

// itemLike elements take runs directly when no block is inside them.
func itemLike(a atom.Atom) bool {
	switch a {
	case atom.Li, atom.Dt, atom.Dd, atom.Caption, atom.Figcaption, atom.Blockquote:
		return true
	}
	return false
}

func hasBlockInside(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (htmlBlocks[c.DataAtom] || hasBlockInside(c)) {
			return true
		}
	}
	return false
}

// tagOf is the start and end tag an element is shown with: its name alone, a link with a safe href ("" for
// a link without one, and for elements that are not shown).
func tagOf(n *html.Node) (open, closeTag string) {
	if !htmlShown[n.DataAtom] {
		return "", ""
	}
	if n.DataAtom == atom.A {
		for _, a := range n.Attr {
			if a.Key == "href" && safeHref(a.Val) {
				return `<a href="` + html.EscapeString(a.Val) + `">`, "</a>"
			}
		}
		return "", ""
	}
	return "<" + n.Data + ">", "</" + n.Data + ">"
}

func safeHref(v string) bool {
	v = strings.ToLower(strings.TrimLeftFunc(v, unicode.IsSpace))
	return strings.HasPrefix(v, "http:") || strings.HasPrefix(v, "https:") || strings.HasPrefix(v, "mailto:")
}
