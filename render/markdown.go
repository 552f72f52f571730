package render

import (
	"bytes"
	stdhtml "html"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Markdown parses CommonMark and returns the canonical text and the blocks
// showing it, both produced by the same walk over goldmark's AST.
//
// The canonical text is the visible text of the rendered document: leaf
// blocks (paragraphs, headings, list item text, code blocks) are separated by
// "\n\n", soft and hard line breaks become "\n", entities and backslash
// escapes are resolved as goldmark's HTML renderer resolves them. Raw HTML is
// dropped and is not part of the canonical text. Images show as their alt
// text. Links keep an href only for http, https and mailto.
//
// Before parsing, line endings are normalised to \n, NUL becomes U+FFFD (as
// CommonMark requires) and invalid UTF-8 becomes U+FFFD, so the canonical
// text is valid UTF-8 without NUL; a CR appears only where the source spells
// it as a character reference (&#13;).
//
// marks, in offsets of the canonical text, are drawn into the runs.
//
// A document goldmark would take too long on (see budget.go) is rendered by Plain: its canonical text is
// then the normalised source, and PlainReason says why.
func Markdown(src []byte, marks ...Mark) (Doc, error) {
	return markdown(src, true, marks)
}

// MarkdownText is Markdown's canonical text (and PlainReason) without the blocks: what an import needs.
// Each block's HTML is still written, by the same walk, and dropped at once, so the text is the same by
// construction and the rendered document (about twice the source) is never held whole.
func MarkdownText(src []byte) (text, plainReason string, err error) {
	doc, err := markdown(src, false, nil)
	return doc.Text, doc.PlainReason, err
}

func markdown(src []byte, keepBlocks bool, marks []Mark) (Doc, error) {
	src = normalizeMarkdownSource(src)
	root, ok := parseWithinBudget(src)
	if !ok {
		if !keepBlocks {
			return Doc{Text: string(src), PlainReason: TooComplex}, nil
		}
		doc := Plain(string(src), 0, marks...)
		doc.PlainReason = TooComplex
		return doc, nil
	}

	w := &markdownWriter{marker: newMarkSweep(marks)}
	// The text is about as long as the source at most: one allocation instead of doubling.
	w.text.Grow(len(src))
	doc := Doc{Blocks: []Block{}} // JSON [] rather than null
	for child := root.FirstChild(); child != nil; child = child.NextSibling() {
		w.Reset()
		w.runHTMLEnd = -1
		w.blockStart, w.blockEnd = -1, w.textLen
		if err := markdownRenderer.Render(w, src, child); err != nil {
			return Doc{}, err
		}
		if !keepBlocks {
			continue // the text is all an import needs: no string of the block's HTML
		}
		blockHTML := strings.TrimSpace(w.String())
		if blockHTML == "" {
			continue // raw HTML blocks, link reference definitions
		}
		b := Block{Start: w.blockStart, End: w.blockEnd, HTML: blockHTML}
		if b.Start < 0 {
			// Nothing of the text is in this block (<hr>, empty code block):
			// place it where the text stands so blocks stay ordered.
			b.Start = w.blockEnd
		}
		doc.Blocks = append(doc.Blocks, b)
	}
	doc.Text = w.text.String()
	return doc, nil
}

// parseWithinBudget parses src, or reports false when goldmark ran out of budget.
func parseWithinBudget(src []byte) (root ast.Node, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, tooComplex := r.(errTooComplex); !tooComplex {
				panic(r)
			}
			root, ok = nil, false
		}
	}()
	return markdownParser.Parse(text.NewReader(src), parser.WithContext(newBudgetContext(len(src)))), true
}

var markdownParser = newBudgetedParser()

// The renderer is shared and stateless; per-call state lives in the
// markdownWriter that goldmark hands to every node renderer func.
var markdownRenderer = renderer.NewRenderer(
	renderer.WithNodeRenderers(util.Prioritized(newRunRenderer(), 100)))

func normalizeMarkdownSource(src []byte) []byte {
	if !utf8.Valid(src) {
		src = bytes.ToValidUTF8(src, []byte("\uFFFD"))
	}
	if bytes.IndexByte(src, 0) >= 0 {
		src = bytes.ReplaceAll(src, []byte{0}, []byte("\uFFFD"))
	}
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
		src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	}
	return src
}

// markdownWriter receives the HTML of one top-level block and accumulates
// the canonical text of the whole document.
type markdownWriter struct {
	bytes.Buffer
	runHTMLEnd int // buffer length right after the last run's </span>, -1 if none
	marker     *markSweep

	text    strings.Builder // canonical text so far
	textLen int             // canonical length in code points

	lastBlock     ast.Node // leaf block of the last run
	pendingBreaks int      // line breaks after the last run, kept only if more text follows in its block

	blockStart, blockEnd int // runs of the current top-level block
}

// Buffered and Flush complete util.BufWriter so goldmark uses the writer
// as is and the node renderer funcs can reach the state.
func (w *markdownWriter) Buffered() int { return w.Len() }
func (w *markdownWriter) Flush() error  { return nil }

// writeRun appends piece to the canonical text and writes it as a run.
// n locates the piece: runs in a different leaf block than the previous run
// are separated by "\n\n".
func (w *markdownWriter) writeRun(n ast.Node, piece string) {
	if piece == "" {
		return
	}
	block := leafBlock(n)
	if block == w.lastBlock && w.pendingBreaks == 0 && w.Len() == w.runHTMLEnd {
		// Nothing shown since the last run (goldmark splits text at every
		// delimiter and raw HTML shows nothing): extend that run.
		w.Truncate(w.Len() - len(runClose))
		w.marker.write(w, w.textLen, piece)
		w.text.WriteString(piece)
		w.textLen += utf8.RuneCountInString(piece)
		w.blockEnd = w.textLen
		w.WriteString(runClose)
		w.runHTMLEnd = w.Len()
		return
	}
	switch {
	case block != w.lastBlock:
		if w.textLen > 0 {
			w.text.WriteString("\n\n")
			w.textLen += 2
		}
		w.lastBlock = block
	case w.pendingBreaks > 0:
		w.text.WriteString(strings.Repeat("\n", w.pendingBreaks))
		w.textLen += w.pendingBreaks
	}
	w.pendingBreaks = 0

	start := w.textLen
	w.text.WriteString(piece)
	w.textLen += utf8.RuneCountInString(piece)
	if w.blockStart < 0 {
		w.blockStart = start
	}
	w.blockEnd = w.textLen

	writeRun(w, w.marker, start, piece)
	w.runHTMLEnd = w.Len()
}

// lineBreak records a soft or hard break after text node n. Breaks before
// the first run of a block or after its last are not part of the text.
func (w *markdownWriter) lineBreak(n ast.Node, hard bool) {
	if leafBlock(n) == w.lastBlock {
		w.pendingBreaks++
	}
	if hard {
		w.WriteString("<br>\n")
	} else {
		w.WriteString("\n")
	}
}

func leafBlock(n ast.Node) ast.Node {
	for n != nil && n.Type() != ast.TypeBlock {
		n = n.Parent()
	}
	return n
}

// runRenderer lets goldmark's HTML renderer draw the structure and takes
// over every node kind that carries text, links or raw HTML.
type runRenderer struct {
	base map[ast.NodeKind]renderer.NodeRendererFunc
}

func newRunRenderer() *runRenderer {
	r := &runRenderer{base: map[ast.NodeKind]renderer.NodeRendererFunc{}}
	html.NewRenderer().RegisterFuncs(funcCollector(r.base))
	return r
}

type funcCollector map[ast.NodeKind]renderer.NodeRendererFunc

func (c funcCollector) Register(kind ast.NodeKind, f renderer.NodeRendererFunc) { c[kind] = f }

func (r *runRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	for kind, f := range r.base {
		reg.Register(kind, limitNesting(f))
	}
	reg.Register(ast.KindText, r.renderText)
	reg.Register(ast.KindString, r.renderString)
	reg.Register(ast.KindCodeSpan, r.renderCodeSpan)
	reg.Register(ast.KindCodeBlock, r.renderCodeBlock)
	reg.Register(ast.KindFencedCodeBlock, r.renderCodeBlock)
	reg.Register(ast.KindAutoLink, r.renderAutoLink)
	reg.Register(ast.KindLink, r.renderLink)
	reg.Register(ast.KindImage, r.renderImage)
	reg.Register(ast.KindRawHTML, skipNode)
	reg.Register(ast.KindHTMLBlock, skipNode)
}

// maxNesting bounds the element depth of the output. Browsers (and
// x/net/html) stop nesting at 512 open elements and attach deeper content to
// an ancestor, which would pull text out of its run. Containers deeper than
// this render their content without their own tags.
const maxNesting = 100

func limitNesting(f renderer.NodeRendererFunc) renderer.NodeRendererFunc {
	return func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		depth := 0
		for p := n.Parent(); p != nil && depth <= maxNesting; p = p.Parent() {
			depth++
		}
		if depth > maxNesting {
			return ast.WalkContinue, nil
		}
		return f(w, source, n, entering)
	}
}

func skipNode(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
	return ast.WalkSkipChildren, nil
}

// visibleText is what a browser shows for goldmark's rendering of value:
// entities and backslash escapes resolved exactly as goldmark resolves them.
func visibleText(value []byte) string {
	if bytes.IndexAny(value, "&\\<>\"\x00") < 0 {
		return string(value) // nothing to escape or resolve: the common case, one copy instead of three
	}
	var b bufWriter
	html.DefaultWriter.Write(&b, value)
	return stdhtml.UnescapeString(b.String())
}

type bufWriter struct{ bytes.Buffer }

func (b *bufWriter) Buffered() int { return b.Len() }
func (b *bufWriter) Flush() error  { return nil }

func (r *runRenderer) renderText(bw util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		writeText(bw.(*markdownWriter), source, node.(*ast.Text))
	}
	return ast.WalkContinue, nil
}

func writeText(w *markdownWriter, source []byte, n *ast.Text) {
	value := n.Segment.Value(source)
	if n.IsRaw() {
		w.writeRun(n, string(value))
		return
	}
	w.writeRun(n, visibleText(value))
	if n.HardLineBreak() || n.SoftLineBreak() {
		w.lineBreak(n, n.HardLineBreak())
	}
}

func (r *runRenderer) renderString(bw util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		writeString(bw.(*markdownWriter), node.(*ast.String))
	}
	return ast.WalkContinue, nil
}

func writeString(w *markdownWriter, n *ast.String) {
	if n.IsCode() || n.IsRaw() {
		w.writeRun(n, string(n.Value))
	} else {
		w.writeRun(n, visibleText(n.Value))
	}
}

func (r *runRenderer) renderCodeSpan(bw util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	w := bw.(*markdownWriter)
	if entering {
		w.WriteString("<code>")
		w.writeRun(node, codeSpanText(source, node))
		w.WriteString("</code>")
	}
	return ast.WalkSkipChildren, nil
}

// codeSpanText mirrors goldmark: a line ending inside a code span shows as a space.
func codeSpanText(source []byte, n ast.Node) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		t, ok := c.(*ast.Text)
		if !ok {
			continue
		}
		value := t.Segment.Value(source)
		if v, found := bytes.CutSuffix(value, []byte("\n")); found {
			b.Write(v)
			b.WriteByte(' ')
		} else {
			b.Write(value)
		}
	}
	return b.String()
}

func (r *runRenderer) renderCodeBlock(bw util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	w := bw.(*markdownWriter)
	if !entering {
		w.WriteString("</code></pre>\n")
		return ast.WalkContinue, nil
	}
	w.WriteString("<pre><code")
	if fenced, ok := node.(*ast.FencedCodeBlock); ok {
		if lang := fenced.Language(source); lang != nil {
			w.WriteString(` class="language-`)
			html.DefaultWriter.Write(w, lang)
			w.WriteString(`"`)
		}
	}
	w.WriteString(">")
	var code strings.Builder
	lines := node.Lines()
	for i := range lines.Len() {
		line := lines.At(i)
		code.Write(line.Value(source))
	}
	// The final line ending closes the block; it is not visible text.
	w.writeRun(node, strings.TrimSuffix(code.String(), "\n"))
	return ast.WalkContinue, nil
}

func (r *runRenderer) renderAutoLink(bw util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	w := bw.(*markdownWriter)
	n := node.(*ast.AutoLink)
	// An <a> inside an <a> would be torn apart by the HTML parser.
	insideLink := false
	for p := node.Parent(); p != nil; p = p.Parent() {
		if p.Kind() == ast.KindLink {
			insideLink = true
		}
	}
	anchor := false
	if !insideLink {
		url := util.URLEscape(n.URL(source), false)
		if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(url), []byte("mailto:")) {
			url = append([]byte("mailto:"), url...)
		}
		anchor = writeAnchorStart(w, url, nil)
	}
	w.writeRun(n, string(n.Label(source)))
	if anchor {
		w.WriteString("</a>")
	}
	return ast.WalkContinue, nil
}

func (r *runRenderer) renderLink(bw util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	w := bw.(*markdownWriter)
	n := node.(*ast.Link)
	if entering {
		writeAnchorStart(w, util.URLEscape(n.Destination, true), n.Title)
	} else if isAllowedURL(util.URLEscape(n.Destination, true)) {
		w.WriteString("</a>")
	}
	return ast.WalkContinue, nil
}

// writeAnchorStart writes <a href> for http, https and mailto, and reports whether it did. Anything else
// (javascript:, data:, file:, relative paths) is of no use in an offline reader and some of it is
// dangerous: its text shows as plain text, not as a link.
func writeAnchorStart(w *markdownWriter, url, title []byte) bool {
	if !isAllowedURL(url) {
		return false
	}
	w.WriteString(`<a href="`)
	w.Write(util.EscapeHTML(url))
	w.WriteString(`"`)
	if title != nil {
		w.WriteString(` title="`)
		html.DefaultWriter.Write(w, title)
		w.WriteString(`"`)
	}
	w.WriteString(">")
	return true
}

func isAllowedURL(url []byte) bool {
	lower := bytes.ToLower(url)
	for _, scheme := range []string{"http:", "https:", "mailto:"} {
		if bytes.HasPrefix(lower, []byte(scheme)) {
			return true
		}
	}
	return false
}

// renderImage shows the alt text as runs instead of an <img>: the reader is
// offline and its CSP forbids remote images.
func (r *runRenderer) renderImage(bw util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	w := bw.(*markdownWriter)
	w.WriteString(`<span class="image-alt">`)
	// Alt text is plain text: formatting, links and raw HTML inside are flattened.
	_ = ast.Walk(node, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			writeText(w, source, n)
		case *ast.String:
			writeString(w, n)
		case *ast.CodeSpan:
			w.writeRun(n, codeSpanText(source, n))
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			w.writeRun(n, string(n.Label(source)))
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	w.WriteString(`</span>`)
	return ast.WalkSkipChildren, nil
}
