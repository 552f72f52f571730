package render

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Plain renders a .txt canonical text from code point from on (earlier text,
// such as leading metadata lines, is not shown; from < 0 counts as 0).
//
// Paragraphs are maximal runs of non-blank lines (a blank line is empty or
// whitespace-only); within a paragraph each line is its own run and lines are
// separated by <br>. \n, \r\n and a lone \r all end a line. Nothing of the
// input is interpreted as markup. NUL characters cannot be represented in
// HTML text, so they split runs and are not shown. doc.Text == text.
// marks are drawn into the runs.
func Plain(text string, from int, marks ...Mark) Doc {
	doc := Doc{Text: text, Blocks: []Block{}} // JSON [] rather than null
	pos, offset := byteIndexOf(text, from)

	marker := newMarkSweep(marks)
	var html strings.Builder
	para := Block{Start: -1}
	flush := func() {
		if para.Start < 0 {
			return
		}
		html.WriteString("</p>")
		para.HTML = html.String()
		doc.Blocks = append(doc.Blocks, para)
		html.Reset()
		para = Block{Start: -1}
	}

	for pos < len(text) {
		lineEnd, next := lineBounds(text, pos)
		line := text[pos:lineEnd]
		if isBlankLine(line) {
			flush()
		} else {
			if para.Start < 0 {
				html.WriteString("<p>")
			} else {
				html.WriteString("<br>")
			}
			first, end := writeLineRuns(&html, marker, line, offset)
			if para.Start < 0 {
				para.Start = first
			}
			para.End = end
		}
		offset += utf8.RuneCountInString(text[pos:next])
		pos = next
	}
	flush()
	return doc
}

// byteIndexOf returns the byte index of code point cp in text (clamped to
// the text) and the code point offset actually reached.
func byteIndexOf(text string, cp int) (int, int) {
	if cp <= 0 {
		return 0, 0
	}
	n := 0
	for i := range text {
		if n == cp {
			return i, n
		}
		n++
	}
	return len(text), n
}

// lineBounds returns the end of the line starting at pos (excluding its line
// ending) and the start of the next line.
func lineBounds(text string, pos int) (end, next int) {
	i := strings.IndexAny(text[pos:], "\r\n")
	if i < 0 {
		return len(text), len(text)
	}
	end = pos + i
	if text[end] == '\r' && end+1 < len(text) && text[end+1] == '\n' {
		return end, end + 2
	}
	return end, end + 1
}

// isBlankLine reports whether line shows nothing; NUL counts as blank
// because it is never shown.
func isBlankLine(line string) bool {
	for _, r := range line {
		if r != 0 && !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// writeLineRuns writes one run per NUL-free stretch of line, whose first code
// point is at offset, and returns the offsets where the first run starts and
// the last run ends.
func writeLineRuns(html *strings.Builder, marker *markSweep, line string, offset int) (first, end int) {
	first = -1
	for line != "" {
		i := strings.IndexByte(line, 0)
		if i < 0 {
			i = len(line)
		}
		if i > 0 {
			if first < 0 {
				first = offset
			}
			writeRun(html, marker, offset, line[:i])
			offset += utf8.RuneCountInString(line[:i])
			end = offset
		}
		if i == len(line) {
			break
		}
		line = line[i+1:]
		offset++ // the NUL
	}
	return first, end
}
