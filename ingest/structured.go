package ingest

// Documents with structure but no Markdown of their own (Word files, PDFs) are written as Markdown: their
// blocks become escaped Markdown (Raw), and the canonical text is what render.Markdown derives from it, so
// headings and lists show as such in the Reader and the text stays the one the Markdown path gives.

import (
	"fmt"
	"strings"
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
	var raw strings.Builder
	var kept []textBlock
	for _, b := range blocks {
		b.Text = oneLine(b.Text)
		if b.Text == "" {
			continue
		}
		kept = append(kept, b)
		if raw.Len() > 0 {
			raw.WriteString("\n\n")
		}
		switch b.Kind {
		case blockHeading:
			raw.WriteString(strings.Repeat("#", min(max(b.Level, 1), 6)) + " ")
		case blockItem:
			raw.WriteString(strings.Repeat("  ", min(max(b.Level, 0), 8)) + "- ")
		}
		raw.WriteString(escapeMarkdown(b.Text))
	}
	out := structured{Raw: raw.String()}
	text, plainReason, err := render.MarkdownText(util.StringToReadOnlyBytes(out.Raw))
	if err != nil {
		return structured{}, err
	}
	out.Text = text
	// Each block's text must come out as it went in; find each in order.
	starts := make([]int, len(kept)) // code point of each block's start
	at, cp := 0, 0
	for i, b := range kept {
		j := strings.Index(out.Text[at:], b.Text)
		if j < 0 || plainReason != "" {
			return structured{}, fmt.Errorf("the Markdown written for it does not give its text back (block %d)", i+1)
		}
		cp += utf8.RuneCountInString(out.Text[at : at+j])
		starts[i] = cp
		at += j + len(b.Text)
		cp += utf8.RuneCountInString(b.Text)
	}
	if pageCount <= 0 {
		return out, nil
	}
	total := utf8.RuneCountInString(out.Text)
	pageAt := make([]int, pageCount+1) // 1-based; -1 = no text starts on it
	for i := range pageAt {
		pageAt[i] = -1
	}
	for i, b := range kept {
		if b.Page >= 1 && b.Page <= pageCount && pageAt[b.Page] < 0 {
			pageAt[b.Page] = starts[i]
		}
		for _, br := range b.Breaks {
			if br.Page >= 1 && br.Page <= pageCount && pageAt[br.Page] < 0 {
				pageAt[br.Page] = starts[i] + br.At
			}
		}
	}
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
	return out, nil
}

// oneLine collapses white space (line breaks and tabs too) to single spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
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
