package ingest

// Documents with structure but no Markdown of their own (Word files, PDFs) are written as Markdown: their
// blocks become escaped Markdown (Raw), and the canonical text is what render.Markdown derives from it, so
// headings and lists show as such in the Reader and the text stays the one the Markdown path gives.

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"

	"gloss/render"
)

type blockKind int

const (
	blockParagraph blockKind = iota
	blockHeading             // Level 1–6
	blockItem                // a list item, Level = nesting depth from 0
)

// textBlock is one paragraph, heading or list item of a document, its text on one line.
type textBlock struct {
	Kind  blockKind
	Level int
	Text  string
	// Page is the 1-based page the block starts on (PDF), 0 for documents without pages.
	Page int
	// Breaks are the pages that start inside Text: at code point At of Text, page Page.
	Breaks []pageBreak
}

type pageBreak struct{ At, Page int }

// structured is a document written as Markdown: Raw, its canonical Text and, for paged documents, the code
// point where each page starts.
type structured struct {
	Raw   string
	Text  string
	Pages []int
}

// buildStructured writes blocks as Markdown. pageCount > 0 asks for page starts: every page 1..pageCount
// gets one, a page without text starting where the next text does (placed one code point later than the
// page before, which the blank line between blocks allows).
func buildStructured(blocks []textBlock, pageCount int) (structured, error) {
	size := 0
	for _, b := range blocks {
		size += len(b.Text) + 2
	}
	w := newStructuredWriter(max(pageCount, 0), size)
	for _, b := range blocks {
		if err := w.add(b); err != nil {
			return structured{}, err
		}
	}
	return w.finish(), nil
}

// structuredWriter writes blocks as Markdown as they come, so that a reader need not hold them all (a Word
// file's body is streamed into it). Each block is written and checked on its own: every ASCII punctuation
// character is escaped, so no Markdown construct reaches from one block into the next, and the text of the
// whole is the blocks' texts between blank lines (TestStructuredTextIsTheRenderedText holds this against
// rendering the whole). Rendering the whole document at once held its syntax tree: several times the file.
type structuredWriter struct {
	raw, text           pieces
	md                  strings.Builder
	pageCount           int
	pageAt              []int // 1-based; -1 = no text starts on it
	cp, n               int   // code points of text written, blocks written
	itemLevel, itemBase int
	firstHeading        string
}

// newStructuredWriter: size, if known, is about how many bytes of text will come.
func newStructuredWriter(pageCount, size int) *structuredWriter {
	w := &structuredWriter{pageCount: pageCount, pageAt: make([]int, pageCount+1), itemLevel: -1}
	for i := range w.pageAt {
		w.pageAt[i] = -1
	}
	w.raw.size, w.text.size = size+size/8, size
	return w
}

// pieces is text written in pieces of up to pieceSize bytes and joined once, at the end: a strings.Builder
// grown a block at a time copied a long document's text some five times over (a large slice grows by a
// quarter), and all but the last copy were garbage.
type pieces struct {
	done []string
	cur  []byte
	n    int
	size int // about how many bytes will come (0: unknown)
}

const pieceSize = 256 << 10

func (p *pieces) WriteString(s string) {
	if p.cur == nil && p.size > 0 {
		p.cur = make([]byte, 0, min(p.size, pieceSize)+64)
	}
	p.cur = append(p.cur, s...)
	p.n += len(s)
	if len(p.cur) >= pieceSize {
		p.done = append(p.done, string(p.cur))
		p.cur = p.cur[:0]
	}
}

func (p *pieces) Len() int { return p.n }

// String joins the pieces and lets them go.
func (p *pieces) String() string {
	if len(p.done) == 0 {
		return string(p.cur)
	}
	var b strings.Builder
	b.Grow(p.n)
	for _, d := range p.done {
		b.WriteString(d)
	}
	b.Write(p.cur)
	p.done, p.cur = nil, nil
	return b.String()
}

func (w *structuredWriter) add(b textBlock) error {
	t := oneLine(b.Text)
	if t == "" {
		return nil
	}
	w.n++
	md := &w.md
	md.Reset()
	indent := ""
	switch b.Kind {
	case blockHeading:
		md.WriteString(strings.Repeat("#", min(max(b.Level, 1), 6)) + " ")
		if w.firstHeading == "" {
			w.firstHeading = t
		}
	case blockItem:
		// An item nests at most one level below the item before it (else its indent would make it
		// code), a list's first item at its top (the levels of the rest counted from it): written
		// alone without its indent, it reads as it does in its list.
		if w.itemLevel < 0 {
			w.itemBase = max(b.Level, 0)
		}
		level := min(max(b.Level-w.itemBase, 0), 8, w.itemLevel+1)
		indent, w.itemLevel = strings.Repeat("  ", level), level
		md.WriteString("- ")
	}
	if b.Kind != blockItem {
		w.itemLevel = -1
	}
	md.WriteString(escapeMarkdown(t))
	got, plainReason, err := render.MarkdownText(util.StringToReadOnlyBytes(md.String()))
	if err != nil {
		return err
	}
	if got != t || plainReason != "" {
		return fmt.Errorf("the Markdown written for it does not give its text back (block %d)", w.n)
	}
	if w.raw.Len() > 0 {
		w.raw.WriteString("\n\n")
		w.text.WriteString("\n\n")
		w.cp += 2
	}
	w.raw.WriteString(indent)
	w.raw.WriteString(md.String())
	w.text.WriteString(t)
	if b.Page >= 1 && b.Page <= w.pageCount && w.pageAt[b.Page] < 0 {
		w.pageAt[b.Page] = w.cp
	}
	for _, br := range b.Breaks {
		if br.Page >= 1 && br.Page <= w.pageCount && w.pageAt[br.Page] < 0 {
			w.pageAt[br.Page] = w.cp + br.At
		}
	}
	w.cp += utf8.RuneCountInString(t)
	return nil
}

// finish gives the document written so far.
func (w *structuredWriter) finish() structured {
	pageCount, pageAt := w.pageCount, w.pageAt
	out := structured{Raw: w.raw.String(), Text: w.text.String()}
	if pageCount <= 0 {
		return out
	}
	total := w.cp
	out.Pages = make([]int, pageCount)
	for p := 1; p <= pageCount; p++ {
		at := pageAt[p]
		if p == 1 {
			at = 0
		} else if at <= out.Pages[p-2] {
			at = out.Pages[p-2] + 1 // a page without text of its own
		}
		if at > total {
			at = total
		}
		out.Pages[p-1] = at
	}
	for i := 1; i < len(out.Pages); i++ {
		if out.Pages[i] <= out.Pages[i-1] {
			// More empty pages at the end than code points to place them: keep the pages that have text.
			out.Pages = out.Pages[:i]
			break
		}
	}
	return out
}

// oneLine collapses white space (line breaks and tabs too, what unicode.IsSpace calls space) to single
// spaces. A block's text that needs nothing, as most do, is returned as it is, and one that does is
// written once (strings.Fields made a slice of every word of every block: for a Word file, more garbage
// than the file's whole text).
func oneLine(s string) string {
	prevSpace := true // a space at the start is one too many
	for _, r := range s {
		if unicode.IsSpace(r) {
			if r != ' ' || prevSpace {
				return collapseSpace(s)
			}
			prevSpace = true
		} else {
			prevSpace = false
		}
	}
	if prevSpace && s != "" {
		return s[:len(s)-1] // one space at the end
	}
	return s
}

func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			pending = b.Len() > 0
			continue
		}
		if pending {
			b.WriteByte(' ')
			pending = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// escapeMarkdown writes text so that Markdown shows it as it is: every ASCII punctuation character that
// could start markup is backslash-escaped (CommonMark allows a backslash before any of them).
func escapeMarkdown(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '#', '!', '&', '~', '|', '{', '}', '(', ')', '+', '-', '.', '=':
			// Only what can open or close markup needs it (a digit run + "." or a leading "-" too); escaping
			// each of these everywhere is simplest and never changes the text.
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\u0000':
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
