package render

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// htmlOfSize is sanitized article markup of about size bytes, as an HTML import stores it.
func htmlOfSize(size int) string {
	unit := "<h2>Section heading</h2><p>Negotiators met <em>late</em> on <strong>Tuesday</strong> in <code>room 4</code>, " +
		"see <a href=\"https://example.org/r\">the report</a>.<br>A second line with émigrés, 👩‍👩‍👧 and &amp; entities.</p>" +
		"<ul><li>one</li><li>two<ul><li>nested</li></ul></li></ul><blockquote><p>quoted text</p></blockquote><div><p>in a box</p></div>\n"
	return strings.Repeat(unit, size/len(unit)+1)
}

// BenchmarkHTML1MB5000Marks: the Reader's cost of showing a 1 MB web article with 5,000 highlights, next to
// Markdown's of the same size in the same run (go test ./render -bench '1MB5000Marks').
func BenchmarkHTML1MB5000Marks(b *testing.B) {
	src := htmlOfSize(1 << 20)
	marks := spreadMarks(5000, utf8.RuneCountInString(HTMLText(src)))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		HTML(src, marks...)
	}
}

func BenchmarkHTML1MB(b *testing.B) {
	src := htmlOfSize(1 << 20)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		HTML(src)
	}
}
