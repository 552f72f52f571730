package render

import (
	"testing"
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

func FuzzPlain(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s, i%4)
	}
	f.Fuzz(func(t *testing.T, text string, from int) {
		doc := Plain(text, from)
		if doc.Text != text {
			t.Fatalf("Text changed")
		}
		for _, err := range checkDoc(doc, plainUncovered(from)) {
			t.Error(err)
		}
	})
}

func FuzzMarkdown(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, err := Markdown(src)
		if err != nil {
			t.Fatal(err)
		}
		for _, err := range checkDoc(doc, markdownUncovered) {
			t.Error(err)
		}
	})
}
