package render

import (
	"testing"
)

func TestPlain(t *testing.T) {
	tests := []struct {
		name string
		text string
		from int
		want []Block
	}{
		{name: "empty", text: "", want: nil},
		{name: "one line", text: "Hello", want: []Block{
			{0, 5, `<p><span data-o="0">Hello</span></p>`},
		}},
		{name: "lines and paragraphs", text: "a\nbc\n\nd\n", want: []Block{
			{0, 4, `<p><span data-o="0">a</span><br><span data-o="2">bc</span></p>`},
			{6, 7, `<p><span data-o="6">d</span></p>`},
		}},
		{name: "CRLF", text: "a\r\nb\r\n\r\nc", want: []Block{
			{0, 4, `<p><span data-o="0">a</span><br><span data-o="3">b</span></p>`},
			{8, 9, `<p><span data-o="8">c</span></p>`},
		}},
		{name: "lone CR", text: "a\rb\r\rc", want: []Block{
			{0, 3, `<p><span data-o="0">a</span><br><span data-o="2">b</span></p>`},
			{5, 6, `<p><span data-o="5">c</span></p>`},
		}},
		{name: "mixed endings", text: "a\n\rb\r\n\nc\r", want: []Block{
			{0, 1, `<p><span data-o="0">a</span></p>`},
			{3, 4, `<p><span data-o="3">b</span></p>`},
			{7, 8, `<p><span data-o="7">c</span></p>`},
		}},
		{name: "whitespace-only lines separate paragraphs", text: "a\n \t \nb\n\u00a0\u3000\nc", want: []Block{
			{0, 1, `<p><span data-o="0">a</span></p>`},
			{6, 7, `<p><span data-o="6">b</span></p>`},
			{11, 12, `<p><span data-o="11">c</span></p>`},
		}},
		{name: "leading blank lines and indentation kept", text: "\n\n  x  \n", want: []Block{
			{2, 7, `<p><span data-o="2">  x  </span></p>`},
		}},
		{name: "emoji count as code points", text: "👩‍👩‍👧 🇺🇸\nok", want: []Block{
			// family = 5 code points, flag = 2.
			{0, 11, `<p><span data-o="0">👩‍👩‍👧 🇺🇸</span><br><span data-o="9">ok</span></p>`},
		}},
		{name: "combining characters", text: "cafe\u0301\nx", want: []Block{
			{0, 7, "<p><span data-o=\"0\">cafe\u0301</span><br><span data-o=\"6\">x</span></p>"},
		}},
		{name: "HTML-looking text is text", text: "<script>alert(1)</script> & \"q\"", want: []Block{
			{0, 31, `<p><span data-o="0">&lt;script&gt;alert(1)&lt;/script&gt; &amp; "q"</span></p>`},
		}},
		{name: "from skips metadata lines", text: "Title: x\nDate: y\n\nBody", from: 18, want: []Block{
			{18, 22, `<p><span data-o="18">Body</span></p>`},
		}},
		{name: "from in the middle of a line", text: "héllo wörld\nnext", from: 6, want: []Block{
			{6, 16, `<p><span data-o="6">wörld</span><br><span data-o="12">next</span></p>`},
		}},
		{name: "from inside an emoji sequence", text: "👩‍👧 x", from: 2, want: []Block{
			{2, 5, `<p><span data-o="2">👧 x</span></p>`},
		}},
		{name: "from between CR and LF", text: "a\r\nb", from: 2, want: []Block{
			{3, 4, `<p><span data-o="3">b</span></p>`},
		}},
		{name: "from at end", text: "abc", from: 3, want: nil},
		{name: "from beyond end", text: "abc", from: 99, want: nil},
		{name: "negative from", text: "abc", from: -5, want: []Block{
			{0, 3, `<p><span data-o="0">abc</span></p>`},
		}},
		{name: "text at the very end without newline", text: "\n\nend", want: []Block{
			{2, 5, `<p><span data-o="2">end</span></p>`},
		}},
		{name: "NUL splits runs", text: "a\x00b\n\x00\x00\nc\x00", want: []Block{
			{0, 3, `<p><span data-o="0">a</span><span data-o="2">b</span></p>`},
			{7, 8, `<p><span data-o="7">c</span></p>`},
		}},
		{name: "invalid UTF-8 shows one U+FFFD per byte", text: "a\xff\xfeb", want: []Block{
			{0, 4, "<p><span data-o=\"0\">a\uFFFD\uFFFDb</span></p>"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := Plain(tt.text, tt.from)
			if doc.Text != tt.text {
				t.Errorf("Text = %q, want the input", doc.Text)
			}
			assertBlocks(t, doc.Blocks, tt.want)
			for _, err := range checkDoc(doc, plainUncovered(tt.from)) {
				t.Error(err)
			}
		})
	}
}

func assertBlocks(t *testing.T, got, want []Block) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d blocks, want %d:\n%s", len(got), len(want), formatBlocks(got))
		return
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("block %d:\n got %d %d %q\nwant %d %d %q", i, got[i].Start, got[i].End, got[i].HTML, want[i].Start, want[i].End, want[i].HTML)
		}
	}
}
