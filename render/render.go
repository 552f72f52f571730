// Package render turns a document version into HTML blocks whose text runs
// carry canonical code-point offsets.
//
// Every document version has a canonical text. Annotations, search hits and
// exports address it by Unicode code-point offsets (W3C TextPositionSelector:
// start inclusive, end exclusive). Each text run in the output is an element
// <span data-o="N"> whose text content is exactly canonical[N:N+len] counted
// in code points, so the frontend can map a DOM selection back to canonical
// offsets by finding the closest [data-o] ancestor and counting code points.
// Runs never nest and never overlap; text outside runs is only collapsible
// whitespace or structural chrome that is not part of the canonical text.
package render

import (
	"io"
	"strconv"
	"unicode/utf8"
)

// Block is one top-level element of a rendered document.
type Block struct {
	Start int    `json:"start"` // code point of the block's first canonical character
	End   int    `json:"end"`   // exclusive
	HTML  string `json:"html"`  // one top-level element (<p>, <h2>, <ul>, <blockquote>, <pre>, ...)
}

// Doc is a rendered document: its canonical text and the blocks showing it.
type Doc struct {
	Text   string  `json:"-"`      // canonical text
	Blocks []Block `json:"blocks"` // in text order, non-overlapping
	// PlainReason is set when a Markdown document is shown as plain text (TooComplex): the Reader says so.
	PlainReason string `json:"plainReason,omitempty"`
}

// writeRun appends <span data-o="start">text</span>, text marked by m. text
// must not contain NUL: HTML parsers drop it, so no markup can reproduce it.
func writeRun(b io.StringWriter, m *markSweep, start int, text string) {
	_, _ = b.WriteString(`<span data-o="`)
	_, _ = b.WriteString(strconv.Itoa(start))
	_, _ = b.WriteString(`">`)
	m.write(b, start, text)
	_, _ = b.WriteString(runClose)
}

// writeEscapedText escapes text so that an HTML parser's text content has
// the same code points as text (as Go decodes it).
func writeEscapedText(b io.StringWriter, text string) {
	last := 0
	for i := 0; i < len(text); {
		c := text[i]
		var repl string
		size := 1
		switch {
		case c == '&':
			repl = "&amp;"
		case c == '<':
			repl = "&lt;"
		case c == '>':
			repl = "&gt;"
		case c == '\r':
			// Parsers normalise a raw CR to LF; a reference survives as CR.
			repl = "&#13;"
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(text[i:])
			size = n
			if r == utf8.RuneError && n == 1 {
				// Go counts each invalid byte as one code point (U+FFFD);
				// write exactly that so offsets stay aligned.
				repl = "\uFFFD"
			}
		}
		if repl != "" {
			_, _ = b.WriteString(text[last:i])
			_, _ = b.WriteString(repl)
			last = i + size
		}
		i += size
	}
	_, _ = b.WriteString(text[last:])
}

const runClose = "</span>"
