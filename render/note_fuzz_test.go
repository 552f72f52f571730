package render

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// noteHTML is what App.RenderMarkdown gives the Notes view and the memo, which show it with {@html}: the
// blocks of Markdown(md), concatenated. Kept in step with app/annotate.go by hand (app/ has no tests).
func noteHTML(md string) (string, error) {
	d, err := Markdown([]byte(md))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, bl := range d.Blocks {
		b.WriteString(bl.HTML)
	}
	return b.String(), nil
}

// FuzzNoteHTML: whatever a note says, its HTML, as written and as a browser's parser builds it (the way
// innerHTML does, inside a <div>), has no element that runs, loads or embeds, no event handler, no style,
// and no link but http, https and mailto. Seeds: testdata/fuzz/FuzzNoteHTML (the e2e XSS payloads).
func FuzzNoteHTML(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Add("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">")
	f.Add("[a](<javascript:alert(1)>) [b](java\u0000script:x) [c]( javascript:x) [d](JaVaScRiPt:x)")
	f.Add("```\" onmouseover=\"x\ncode\n```\n\n[t](https://a \"\\\" onmouseover=x\")")
	f.Fuzz(func(t *testing.T, md string) {
		out, err := noteHTML(md)
		if err != nil {
			t.Fatal(err)
		}
		checkSafety(out, func(format string, args ...any) { t.Errorf(format, args...) })
		nodes, err := html.ParseFragment(strings.NewReader(out), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range nodes {
			checkParsed(t, n, out)
		}
	})
}

var noteElements = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Blockquote: true, atom.Pre: true, atom.Code: true,
	atom.Em: true, atom.Strong: true, atom.A: true, atom.Span: true, atom.Mark: true, atom.Br: true, atom.Hr: true,
}

func checkParsed(t *testing.T, n *html.Node, out string) {
	if n.Type == html.ElementNode {
		if !noteElements[n.DataAtom] || n.Namespace != "" {
			t.Fatalf("parsed note holds <%s> (namespace %q): %q", n.Data, n.Namespace, out)
		}
		for _, a := range n.Attr {
			key := strings.ToLower(a.Key)
			switch {
			case key == "href" && n.DataAtom == atom.A:
				v := strings.ToLower(strings.TrimLeftFunc(a.Val, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }))
				if !strings.HasPrefix(v, "http:") && !strings.HasPrefix(v, "https:") && !strings.HasPrefix(v, "mailto:") {
					t.Fatalf("parsed note links to %q: %q", a.Val, out)
				}
			case key == "title" && n.DataAtom == atom.A, key == "class", key == "data-o":
			case key == "start" && n.DataAtom == atom.Ol && isDigits(a.Val): // "0. item" starts a list at 0
			default:
				t.Fatalf("parsed note has attribute %s=%q on <%s>: %q", a.Key, a.Val, n.Data, out)
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		checkParsed(t, c, out)
	}
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
