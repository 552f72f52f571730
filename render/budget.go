package render

import (
	"regexp"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// goldmark is quadratic on some inputs: every unclosed "[a](" scans the rest of its line, every level of
// ">>>>" or "- - - -" nesting re-reads the line, every link reference definition reshuffles the lines of
// its paragraph. 400 KB of "[a](" took 87 s. Every parser goldmark runs is wrapped so that what it reads
// (the bytes of each line it peeks at, each rune a regexp reads, each line a closure search may cross) is
// charged to a budget linear in the document's size; a document that exhausts it is shown as plain text.
// The charge is an upper bound of the work, counted the same way on every machine: the same document
// always renders the same way.

// TooComplex is Doc.PlainReason for a Markdown document shown as plain text because goldmark would take
// too long on it.
const TooComplex = "shown as plain text: the Markdown is too complex"

// Budget per byte of source and for any document: a typical article charges 3 to 10 per byte (measured in
// budget_test.go), hostile ones thousands.
const (
	budgetPerByte = 64
	budgetBase    = 1 << 20
)

type workBudget struct{ left int }

// errTooComplex is panicked from inside goldmark when the budget runs out and recovered by Markdown.
type errTooComplex struct{}

var budgetKey = parser.NewContextKey()

func newBudgetContext(srcLen int) parser.Context {
	pc := parser.NewContext()
	pc.Set(budgetKey, &workBudget{left: budgetBase + budgetPerByte*srcLen})
	return pc
}

func charge(pc parser.Context, n int) {
	b, ok := pc.Get(budgetKey).(*workBudget)
	if !ok {
		return // parsed without a budget
	}
	b.left -= n + 1 // +1: a call that reads nothing still costs
	if b.left < 0 {
		panic(errTooComplex{})
	}
}

// newBudgetedParser is goldmark's default parser with every block parser, inline parser and paragraph
// transformer charging its reads to the budget in the parser.Context.
func newBudgetedParser() parser.Parser {
	var blocks, inlines, paragraphs []util.PrioritizedValue
	for _, v := range parser.DefaultBlockParsers() {
		blocks = append(blocks, util.Prioritized(budgetBlock{v.Value.(parser.BlockParser)}, v.Priority))
	}
	for _, p := range budgetedInlineParsers() {
		inlines = append(inlines, util.Prioritized(p, p.priority))
	}
	for _, v := range parser.DefaultParagraphTransformers() {
		paragraphs = append(paragraphs, util.Prioritized(budgetParagraph{v.Value.(parser.ParagraphTransformer)}, v.Priority))
	}
	return parser.NewParser(parser.WithBlockParsers(blocks...), parser.WithInlineParsers(inlines...),
		parser.WithParagraphTransformers(paragraphs...))
}

// budgetedInlineParsers are goldmark's DefaultInlineParsers (same priorities; budget_test.go checks the
// list), each with what a line it peeks at costs it: charging the whole rest of the line at every
// delimiter would make a long one-line paragraph look quadratic when goldmark is not.
func budgetedInlineParsers() []budgetInline {
	return []budgetInline{
		{parser.NewCodeSpanParser(), 100, codeSpanScan},
		{parser.NewLinkParser(), 200, linkScan},
		{parser.NewAutoLinkParser(), 300, autoLinkScan},
		{parser.NewRawHTMLParser(), 400, nothingScanned}, // its regexp's reads are charged rune by rune
		{parser.NewEmphasisParser(), 500, delimiterScan},
	}
}

// scanCost is how much of line (the rest of a line a parser peeked at) it may read; state starts at 0
// for each call of the parser (the code span's opener length, the link parser's peeks).
type scanCost func(line []byte, opener *int) int

// linkScan: the first peek only looks at the trigger ('[', '!' or ']'); a later one reads a link
// destination, up to whitespace, or an <angle> one up to its '>'.
func linkScan(line []byte, peeks *int) int {
	*peeks++
	if *peeks == 1 {
		return 1
	}
	if len(line) > 0 && line[0] == '<' {
		return upTo(line, func(c byte) bool { return c == '>' })
	}
	return upTo(line, isSpaceByte)
}

// autoLinkScan: a URL or an e-mail address ends at whitespace or '>'.
func autoLinkScan(line []byte, _ *int) int {
	return upTo(line, func(c byte) bool { return c == '>' || isSpaceByte(c) })
}

// delimiterScan: emphasis reads its run of '*' or '_'.
func delimiterScan(line []byte, _ *int) int {
	if len(line) == 0 {
		return 0
	}
	return upTo(line, func(c byte) bool { return c != line[0] })
}

// codeSpanScan: a code span reads its line up to a closing run as long as its opener (or all of it).
func codeSpanScan(line []byte, opener *int) int {
	i := 0
	if *opener == 0 {
		for i < len(line) && line[i] == '`' {
			i++
		}
		*opener = i
	}
	for i < len(line) {
		if line[i] != '`' {
			i++
			continue
		}
		run := i
		for i < len(line) && line[i] == '`' {
			i++
		}
		if i-run == *opener {
			return i
		}
	}
	return len(line)
}

func nothingScanned([]byte, *int) int { return 0 }

func upTo(line []byte, stop func(byte) bool) int {
	for i, c := range line {
		if stop(c) {
			return i + 1
		}
	}
	return len(line)
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// budgetBlock charges each line once per container that opens or continues on it (what makes deep
// nesting quadratic); the block parsers' own peeks at that line are not charged again.
type budgetBlock struct{ parser.BlockParser }

func (b budgetBlock) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, _ := reader.PeekLine()
	charge(pc, len(line))
	return b.BlockParser.Open(parent, &budgetReader{Reader: reader, pc: pc, cost: nothingScanned}, pc)
}

func (b budgetBlock) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, _ := reader.PeekLine()
	charge(pc, len(line))
	return b.BlockParser.Continue(node, &budgetReader{Reader: reader, pc: pc, cost: nothingScanned}, pc)
}

func (b budgetBlock) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	b.BlockParser.Close(node, &budgetReader{Reader: reader, pc: pc, cost: nothingScanned}, pc)
}

type budgetInline struct {
	parser.InlineParser
	priority int
	cost     scanCost
}

func (p budgetInline) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	return p.InlineParser.Parse(parent, &budgetReader{Reader: block, pc: pc, cost: p.cost}, pc)
}

// CloseBlock forwards to parsers that have one (the link parser); goldmark calls it for every wrapper.
func (p budgetInline) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	if cb, ok := p.InlineParser.(parser.CloseBlocker); ok {
		cb.CloseBlock(parent, &budgetReader{Reader: block, pc: pc, cost: p.cost}, pc)
	}
}

type budgetParagraph struct{ parser.ParagraphTransformer }

// Transform charges lines × candidate definitions: the link reference transformer splices the paragraph's
// lines once per definition it takes out.
func (p budgetParagraph) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	candidates := 0
	for i := range lines.Len() {
		seg := lines.At(i)
		line := seg.Value(reader.Source())
		if w, pos := util.IndentWidth(line, 0); w <= 3 && pos < len(line) && line[pos] == '[' {
			candidates++
		}
	}
	charge(pc, lines.Len()*candidates)
	p.ParagraphTransformer.Transform(node, &budgetReader{Reader: reader, pc: pc, cost: nothingScanned}, pc)
}

// budgetReader charges what a parser reads through it. Position state stays in the wrapped reader.
type budgetReader struct {
	text.Reader
	pc     parser.Context
	cost   scanCost
	opener int
}

func (r *budgetReader) PeekLine() ([]byte, text.Segment) {
	line, seg := r.Reader.PeekLine()
	charge(r.pc, r.cost(line, &r.opener))
	return line, seg
}

func (r *budgetReader) ReadRune() (rune, int, error) {
	charge(r.pc, 0)
	return r.Reader.ReadRune()
}

// FindClosure charges what the search crossed: the closure when found, else the rest of the block (what
// the search may have read before giving up), walked line by line under the same budget.
func (r *budgetReader) FindClosure(opener, closer byte, options text.FindClosureOptions) (*text.Segments, bool) {
	line, pos := r.Reader.Position()
	segments, found := r.Reader.FindClosure(opener, closer, options)
	if found {
		for i := range segments.Len() {
			seg := segments.At(i)
			charge(r.pc, seg.Len())
		}
		return segments, found
	}
	now, nowPos := r.Reader.Position()
	r.Reader.SetPosition(line, pos)
	for {
		l, _ := r.Reader.PeekLine()
		if l == nil {
			break
		}
		charge(r.pc, len(l))
		r.Reader.AdvanceLine()
	}
	r.Reader.SetPosition(now, nowPos)
	return segments, found
}

// Match and FindSubMatch run the regexp over this reader, so every rune it reads is charged; they then
// move the position as goldmark's readers do (past the match, or not at all).
func (r *budgetReader) Match(reg *regexp.Regexp) bool {
	line, pos := r.Reader.Position()
	match := reg.FindReaderSubmatchIndex(r)
	r.Reader.SetPosition(line, pos)
	if match == nil {
		return false
	}
	r.Reader.Advance(match[1] - match[0])
	return true
}

func (r *budgetReader) FindSubMatch(reg *regexp.Regexp) [][]byte {
	line, pos := r.Reader.Position()
	match := reg.FindReaderSubmatchIndex(r)
	r.Reader.SetPosition(line, pos)
	if match == nil {
		return nil
	}
	// The matched text may cross lines: collect it rune by rune as the regexp saw it.
	matched := make([]byte, 0, match[1])
	for len(matched) < match[1] {
		l, _ := r.Reader.PeekLine()
		if l == nil {
			break
		}
		c, size := utf8.DecodeRune(l)
		if c == utf8.RuneError {
			break
		}
		matched = utf8.AppendRune(matched, c)
		r.Reader.Advance(size)
	}
	r.Reader.SetPosition(line, pos)
	r.Reader.Advance(match[1] - match[0])
	result := make([][]byte, 0, len(match)/2)
	for i := 0; i < len(match); i += 2 {
		if match[i] < 0 || match[i+1] > len(matched) {
			result = append(result, []byte{})
			continue
		}
		result = append(result, matched[match[i]:match[i+1]])
	}
	return result
}
