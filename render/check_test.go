package render

import (
	"cmp"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// checkDoc verifies the offset invariant and the safety rules for doc, whose
// canonical text is doc.Text. It returns every violation found.
//
// uncoveredOK reports whether a canonical code point may lie outside every
// run (separators, line breaks, text before `from`). marks are the marks the
// document was rendered with.
func checkDoc(doc Doc, uncoveredOK func(index int, r rune) bool, marks ...Mark) []error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	canonical := []rune(doc.Text)
	covered := make([]bool, len(canonical))
	prevEnd := 0
	for bi, block := range doc.Blocks {
		if block.Start > block.End || block.Start < prevEnd || block.End > len(canonical) {
			fail("block %d: bad range [%d,%d) after %d (text has %d code points)", bi, block.Start, block.End, prevEnd, len(canonical))
		}
		prevEnd = block.End
		checkSafety(block.HTML, fail)

		nodes, err := html.ParseFragment(strings.NewReader(block.HTML), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
		if err != nil {
			fail("block %d: parse: %v", bi, err)
			continue
		}
		elements := 0
		for _, n := range nodes {
			switch {
			case n.Type == html.ElementNode:
				elements++
			case n.Type == html.TextNode && strings.TrimSpace(n.Data) == "":
			default:
				fail("block %d: stray top-level node %q", bi, n.Data)
			}
		}
		if elements != 1 {
			fail("block %d: %d top-level elements in %q", bi, elements, block.HTML)
		}

		runStart, runEnd := -1, block.Start
		for _, n := range nodes {
			walkRuns(n, false, false, func(n *html.Node, start int, text string) {
				if start < 0 {
					if strings.TrimSpace(text) != "" {
						fail("block %d: text %q outside any run", bi, text)
					}
					return
				}
				runes := []rune(text)
				if start < runEnd {
					fail("block %d: run at %d overlaps or precedes previous run ending at %d", bi, start, runEnd)
				}
				end := start + len(runes)
				if end > len(canonical) {
					fail("block %d: run [%d,%d) beyond text end %d", bi, start, end, len(canonical))
					return
				}
				if got := string(canonical[start:end]); got != text {
					fail("block %d: run at %d shows %q, canonical has %q", bi, start, text, got)
				}
				for i := start; i < end; i++ {
					covered[i] = true
				}
				checkMarks(n, start, marks, fail)
				if runStart < 0 {
					runStart = start
				}
				runEnd = end
			}, fail)
		}
		if runStart < 0 {
			if block.Start != block.End {
				fail("block %d: no runs but range [%d,%d)", bi, block.Start, block.End)
			}
		} else if runStart != block.Start || runEnd != block.End {
			fail("block %d: range [%d,%d) but runs cover [%d,%d)", bi, block.Start, block.End, runStart, runEnd)
		}
	}
	for i, r := range canonical {
		if !covered[i] && !uncoveredOK(i, r) {
			fail("canonical code point %d (%q) is not shown in any run", i, r)
			break
		}
	}
	return errs
}

// walkRuns reports each data-o element (with its text content) and each text
// node outside data-o elements (with start -1).
func walkRuns(n *html.Node, inRun, inPre bool, visit func(n *html.Node, start int, text string), fail func(string, ...any)) {
	switch n.Type {
	case html.TextNode:
		if !inRun {
			if inPre && n.Data != "" {
				fail("text %q outside runs inside <pre> is visible", n.Data)
			}
			visit(n, -1, n.Data)
		}
		return
	case html.ElementNode:
		if v, ok := attr(n, "data-o"); ok {
			if inRun {
				fail("nested data-o element")
			}
			start, err := strconv.Atoi(v)
			if err != nil || start < 0 {
				fail("bad data-o %q", v)
				return
			}
			visit(n, start, textContent(n))
			inRun = true
		}
		if n.DataAtom == atom.Pre {
			inPre = true
		}
		if n.DataAtom == atom.Mark && !inRun {
			fail("<mark> outside a run")
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walkRuns(c, inRun, inPre, visit, fail)
	}
}

func textContent(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(textContent(c))
	}
	return b.String()
}

func attr(n *html.Node, name string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val, true
		}
	}
	return "", false
}

// checkSafety rejects scripts, event handlers, non-http(s)/mailto links and
// embedded content, both in the raw HTML and in what a parser makes of it.
func checkSafety(raw string, fail func(string, ...any)) {
	lower := strings.ToLower(raw)
	// Text may mention javascript: freely; only attributes are checked for it.
	for _, bad := range []string{"<script", "<img", "<iframe"} {
		if strings.Contains(lower, bad) {
			fail("%q in %q", bad, raw)
		}
	}
	z := html.NewTokenizer(strings.NewReader(raw))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		switch tok.DataAtom {
		case atom.Script, atom.Img, atom.Iframe, atom.Object, atom.Embed, atom.Style, atom.Link, atom.Meta, atom.Base, atom.Form:
			fail("forbidden element <%s> in %q", tok.Data, raw)
		}
		for _, a := range tok.Attr {
			key := strings.ToLower(a.Key)
			if strings.HasPrefix(key, "on") {
				fail("event handler attribute %s in %q", a.Key, raw)
			}
			if key == "href" || key == "src" {
				v := strings.ToLower(strings.TrimLeftFunc(a.Val, unicode.IsSpace))
				if !strings.HasPrefix(v, "http:") && !strings.HasPrefix(v, "https:") && !strings.HasPrefix(v, "mailto:") {
					fail("%s=%q in %q", a.Key, a.Val, raw)
				}
			}
		}
	}
}

// markdownUncovered: only separators and line breaks lie outside runs.
func markdownUncovered(_ int, r rune) bool { return r == '\n' }

// uncoveredOf is what may lie outside the runs of a Markdown(...) result: Plain's rules when the document
// was too complex and rendered as plain text.
func uncoveredOf(doc Doc) func(int, rune) bool {
	if doc.PlainReason != "" {
		return plainUncovered(0)
	}
	return markdownUncovered
}

// plainUncovered: text before from, line endings, blank lines and NULs.
func plainUncovered(from int) func(int, rune) bool {
	return func(i int, r rune) bool {
		return i < from || r == 0 || unicode.IsSpace(r)
	}
}

var (
	markStyle = regexp.MustCompile(`^--hl: #[0-9a-fA-F]{6}$`)
	markTag   = regexp.MustCompile(`<mark [^>]*>|</mark>`)
)

// checkMarks verifies the <mark> elements of run, whose text starts at
// start: each code point must show, in data-a, exactly the marks covering it
// (ordered by start, then id), coloured by the innermost valid colour.
// Computed by brute force from marks, independently of the renderer's sweep.
func checkMarks(run *html.Node, start int, marks []Mark, fail func(string, ...any)) {
	sorted := slices.Clone(marks)
	for i := range sorted {
		sorted[i].Start = max(sorted[i].Start, 0) // out-of-range marks are clamped
	}
	slices.SortStableFunc(sorted, func(a, b Mark) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), strings.Compare(a.ID, b.ID))
	})
	pos := start
	var walk func(n, mark *html.Node) bool
	walk = func(n, mark *html.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode {
				if c.DataAtom != atom.Mark || mark != nil {
					fail("<%s> inside %s at %d", c.Data, n.Data, pos)
					return false
				}
				if !walk(c, c) {
					return false
				}
				continue
			}
			for range []rune(c.Data) {
				var ids []string
				var inner *Mark
				for i, m := range sorted {
					if m.Start <= pos && pos < m.End {
						ids = append(ids, m.ID)
						if inner == nil || m.Start > inner.Start || m.Start == inner.Start && m.End <= inner.End {
							inner = &sorted[i]
						}
					}
				}
				want := map[string]string{}
				if inner != nil {
					want["data-a"] = strings.Join(ids, " ")
					want["class"] = "hl"
					if len(ids) > 1 {
						want["class"] = "hl o"
					}
					if colourPattern.MatchString(inner.Colour) {
						want["style"] = "--hl: " + inner.Colour
					}
				}
				got := map[string]string{}
				if mark != nil {
					for _, a := range mark.Attr {
						got[a.Key] = a.Val
					}
					if s, ok := got["style"]; ok && !markStyle.MatchString(s) {
						fail("mark at %d: bad style %q", pos, s)
					}
				}
				if !maps.Equal(got, want) {
					fail("code point %d: mark %v, want %v", pos, got, want)
					return false
				}
				pos++
			}
		}
		return true
	}
	walk(run, nil)
}
