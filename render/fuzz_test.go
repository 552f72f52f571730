package render

import (
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	"",
	"plain\ntext\r\nwith\rendings\n\n\npara",
	"👩‍👩‍👧 🇺🇸 cafe\u0301",
	"<script>alert(1)</script>",
	"a\x00b\xff\xfe\r",
	"# h\n\n*em* **strong** `code`\n\n- a\n  - b\n\n> q\n\n```go\nx\n```\n",
	"[x](javascript:alert(1)) ![alt *x*](y) <http://a> <a@b.c> &amp;&#0;&#13;\\*",
	"<div>\nraw\n</div>\n\nfoo  \nbar\\\nbaz",
	"[<http://in>](http://out)",
	"    code\n\tmore\n\n---\n\n```\n```",
}

// fuzzMarkSeed covers nesting, overlap, identical ranges and hostile colours.
var fuzzMarkSeed = []byte("\x00\x20\x01\x02\x05\x12\x02\x05\x13\x03\x09\x04\x03\x09\x0b\x07\x7f\x02")

var fuzzColours = []string{"", "#a0B1c2", "#ffffff", "red;background:url(javascript:x)", "#12345g"}

// marksFromBytes derives marks from fuzz bytes, three per mark, with starts
// from -1 to past the end of a text of n code points and lengths from -2.
func marksFromBytes(data []byte, n int) []Mark {
	var marks []Mark
	for ; len(data) >= 3; data = data[3:] {
		start := int(data[0])%(n+3) - 1
		marks = append(marks, Mark{
			ID:     string(rune('a' + data[2]%8)), // few ids: duplicates happen
			Start:  start,
			End:    start + int(data[1]%32) - 2,
			Colour: fuzzColours[int(data[2]/8)%len(fuzzColours)],
		})
	}
	return marks
}

func FuzzPlain(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, i%4, fuzzMarkSeed)
	}
	f.Fuzz(func(t *testing.T, text string, from int, markBytes []byte) {
		marks := marksFromBytes(markBytes, utf8.RuneCountInString(text))
		doc := Plain(text, from, marks...)
		if doc.Text != text {
			t.Fatalf("Text changed")
		}
		for _, err := range checkDoc(doc, plainUncovered(from), marks...) {
			t.Error(err)
		}
		assertMarksOnlyAdded(t, doc, Plain(text, from))
	})
}

func FuzzMarkdown(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s), fuzzMarkSeed)
	}
	f.Fuzz(func(t *testing.T, src, markBytes []byte) {
		unmarked, err := Markdown(src)
		if err != nil {
			t.Fatal(err)
		}
		// The import's text-only walk (MarkdownText) gives exactly the Reader's text.
		if text, reason, err := MarkdownText(src); err != nil || text != unmarked.Text || reason != unmarked.PlainReason {
			t.Fatalf("MarkdownText = %q, %q, %v; Markdown's text %q, %q", text, reason, err, unmarked.Text, unmarked.PlainReason)
		}
		marks := marksFromBytes(markBytes, utf8.RuneCountInString(unmarked.Text))
		doc, err := Markdown(src, marks...)
		if err != nil {
			t.Fatal(err)
		}
		for _, err := range checkDoc(doc, uncoveredOf(doc), marks...) {
			t.Error(err)
		}
		assertMarksOnlyAdded(t, doc, unmarked)
	})
}
