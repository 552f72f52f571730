package render

import (
	"errors"
	"strings"
	"testing"
)

func TestMarkdown(t *testing.T) {
	tests := []struct {
		name string
		src  string
		text string   // canonical text
		html []string // rendered blocks, exactly; nil means not compared
		has  []string // fragments the joined HTML must contain
		not  []string // fragments it must not contain
	}{
		{name: "empty", src: "", text: "", html: []string{}},
		{name: "paragraphs", src: "one\n\ntwo", text: "one\n\ntwo", html: []string{
			`<p><span data-o="0">one</span></p>`,
			`<p><span data-o="5">two</span></p>`,
		}},
		{name: "soft break", src: "one\ntwo", text: "one\ntwo", html: []string{
			"<p><span data-o=\"0\">one</span>\n<span data-o=\"4\">two</span></p>",
		}},
		{name: "hard breaks", src: "one  \ntwo\\\nthree", text: "one\ntwo\nthree", html: []string{
			"<p><span data-o=\"0\">one</span><br>\n<span data-o=\"4\">two</span><br>\n<span data-o=\"8\">three</span></p>",
		}},
		{name: "CRLF and lone CR", src: "one\r\ntwo\rthree\r\n\r\nfour", text: "one\ntwo\nthree\n\nfour"},
		{name: "headings", src: "# Top\n\nSetext\n---\n\n### *Deep*", text: "Top\n\nSetext\n\nDeep", html: []string{
			`<h1><span data-o="0">Top</span></h1>`,
			`<h2><span data-o="5">Setext</span></h2>`,
			`<h3><em><span data-o="13">Deep</span></em></h3>`,
		}},
		{name: "emphasis strong code", src: "a *b* **c** `d  e` f", text: "a b c d  e f", html: []string{
			`<p><span data-o="0">a </span><em><span data-o="2">b</span></em><span data-o="3"> </span><strong><span data-o="4">c</span></strong><span data-o="5"> </span><code><span data-o="6">d  e</span></code><span data-o="10"> f</span></p>`,
		}},
		{name: "code span line ending is a space", src: "`a\nb`", text: "a b"},
		{name: "entities", src: "&amp; &lt;b&gt; &copy; &#x1F600; &#0; &nosuch; &#13;", text: "& <b> © 😀 \uFFFD &nosuch; \r", html: []string{
			`<p><span data-o="0">&amp; &lt;b&gt; © 😀 ` + "\uFFFD" + ` &amp;nosuch; &#13;</span></p>`,
		}},
		{name: "backslash escapes", src: `\*not em\* \<x\> \\ \a`, text: `*not em* <x> \ \a`},
		{name: "raw HTML dropped", src: "a <b>bold</b> <script>alert(1)</script> c\n\n<div onclick=\"x\">\nblock\n</div>\n\nafter",
			text: "a bold alert(1) c\n\nafter", not: []string{"onclick", "<b>", "<div", "raw HTML"}},
		{name: "script block dropped", src: "<script>\nalert(1)\n</script>\n\nok", text: "ok", html: []string{
			`<p><span data-o="0">ok</span></p>`,
		}},
		{name: "javascript link has no href", src: "[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](<javascript:alert(1)>)", text: "x y z",
			not: []string{"href", "<a"}},
		{name: "unsafe autolink keeps its text, not as a link", src: "Say <javascript:alert(1)> or <JaVaScRiPt:x> now", text: "Say javascript:alert(1) or JaVaScRiPt:x now",
			not: []string{"href", "<a"}},
		{name: "safe links keep href", src: `[a](https://example.org/?q=1&r=2 "T") [b](http://x.y) [c](mailto:me@x.y) <https://auto.link> <me@x.y>`,
			text: "a b c https://auto.link me@x.y",
			has:  []string{`href="https://example.org/?q=1&amp;r=2"`, `title="T"`, `href="http://x.y"`, `href="mailto:me@x.y"`, `href="https://auto.link"`, `href="mailto:me@x.y"`}},
		{name: "other schemes and relative links dropped", src: "[a](data:text/html,x) [b](file:///etc) [c](/rel) [d](vbscript:x) <ftp://x.y>", text: "a b c d ftp://x.y",
			not: []string{"href", "<a"}},
		{name: "autolink inside link does not nest anchors", src: "[<https://in.side>](https://out.side)", text: "https://in.side",
			html: []string{`<p><a href="https://out.side"><span data-o="0">https://in.side</span></a></p>`}},
		{name: "image shows alt text", src: "![A *cat* `sat`](https://x/cat.png \"t\")", text: "A cat sat", html: []string{
			`<p><span class="image-alt"><span data-o="0">A cat sat</span></span></p>`,
		}},
		{name: "nested lists", src: "- a\n  - b\n    1. c\n- d", text: "a\n\nb\n\nc\n\nd", html: []string{
			"<ul>\n<li><span data-o=\"0\">a</span>\n<ul>\n<li><span data-o=\"3\">b</span>\n<ol>\n<li><span data-o=\"6\">c</span></li>\n</ol>\n</li>\n</ul>\n</li>\n<li><span data-o=\"9\">d</span></li>\n</ul>",
		}},
		{name: "loose list", src: "1. a\n\n   b\n2. c", text: "a\n\nb\n\nc"},
		{name: "blockquote", src: "> one\n> two\n>\n> > deep", text: "one\ntwo\n\ndeep", html: []string{
			"<blockquote>\n<p><span data-o=\"0\">one</span>\n<span data-o=\"4\">two</span></p>\n<blockquote>\n<p><span data-o=\"9\">deep</span></p>\n</blockquote>\n</blockquote>",
		}},
		{name: "fenced code", src: "```go\nif a < b && c {\n\tx()\n}\n```\nafter", text: "if a < b && c {\n\tx()\n}\n\nafter", html: []string{
			"<pre><code class=\"language-go\"><span data-o=\"0\">if a &lt; b &amp;&amp; c {\n\tx()\n}</span></code></pre>",
			`<p><span data-o="24">after</span></p>`,
		}},
		{name: "fenced code keeps inner blank lines", src: "~~~\na\n\n\nb\n\n~~~", text: "a\n\n\nb\n"},
		{name: "indented code", src: "    code &amp;\n      more", text: "code &amp;\n  more"},
		{name: "empty code block and rule keep their place", src: "a\n\n```\n```\n\n---\n\nb", text: "a\n\nb", html: []string{
			`<p><span data-o="0">a</span></p>`,
			`<pre><code></code></pre>`,
			`<hr>`,
			`<p><span data-o="3">b</span></p>`,
		}},
		{name: "link reference definitions are not shown", src: "[x]: https://x.y\n\n[x]", text: "x", html: []string{
			`<p><a href="https://x.y"><span data-o="0">x</span></a></p>`,
		}},
		{name: "emoji and combining characters", src: "👩‍👩‍👧 *🇺🇸* cafe\u0301", text: "👩‍👩‍👧 🇺🇸 cafe\u0301", html: []string{
			`<p><span data-o="0">👩‍👩‍👧 </span><em><span data-o="6">🇺🇸</span></em><span data-o="8"> cafe` + "\u0301" + `</span></p>`,
		}},
		{name: "text at very start and end", src: "x", text: "x", html: []string{`<p><span data-o="0">x</span></p>`}},
		{name: "NUL and invalid UTF-8 become U+FFFD", src: "a\x00b\xffc\n\n```\n\x00\n```", text: "a\uFFFDb\uFFFDc\n\n\uFFFD"},
		{name: "a break before the first run is not text", src: "<b><i>\nx\\", text: "x\\"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Markdown([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if doc.Text != tt.text {
				t.Errorf("Text = %q, want %q", doc.Text, tt.text)
			}
			var all []string
			for _, b := range doc.Blocks {
				all = append(all, b.HTML)
			}
			if tt.html != nil && strings.Join(all, "\x00") != strings.Join(tt.html, "\x00") {
				t.Errorf("HTML:\n%s\nwant:\n%s", strings.Join(all, "\n"), strings.Join(tt.html, "\n"))
			}
			joined := strings.Join(all, "\n")
			for _, s := range tt.has {
				if !strings.Contains(joined, s) {
					t.Errorf("HTML lacks %q:\n%s", s, joined)
				}
			}
			for _, s := range tt.not {
				if strings.Contains(joined, s) {
					t.Errorf("HTML contains %q:\n%s", s, joined)
				}
			}
			for _, err := range checkDoc(doc, markdownUncovered) {
				t.Error(err)
			}
		})
	}
}

// Found by FuzzMarkdown: deep nesting exceeded the HTML parser's 512 open
// elements, which moves text out of its run.
func TestMarkdownDeepNesting(t *testing.T) {
	for name, src := range map[string]string{
		"blockquotes": strings.Repeat(">", 2000) + " deep\n\nout",
		"lists":       strings.Repeat("- ", 1500) + "deep",
		"emphasis":    strings.Repeat("*_", 700) + "deep" + strings.Repeat("_*", 700),
		"mixed":       strings.Repeat("> - ", 700) + "```\ncode\n```",
	} {
		t.Run(name, func(t *testing.T) {
			doc, err := Markdown([]byte(src))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(doc.Text, "deep") && !strings.Contains(doc.Text, "code") {
				t.Errorf("text lost: %q", doc.Text)
			}
			for _, err := range checkDoc(doc, markdownUncovered) {
				t.Error(err)
			}
		})
	}
}

// The parser and renderer are shared package state; calls must not interfere.
func TestMarkdownConcurrent(t *testing.T) {
	src := []byte(articleOfSize(20_000, true))
	want, err := Markdown(src)
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			got, err := Markdown(src)
			if err == nil && (got.Text != want.Text || len(got.Blocks) != len(want.Blocks)) {
				err = errors.New("concurrent render differs")
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
