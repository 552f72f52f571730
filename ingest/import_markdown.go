package ingest

import (
	"errors"
	"regexp"
	"slices"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

var markdownParser = goldmark.New().Parser()

// unsafeScheme matches a link destination with a scheme the Reader would not follow.
var urlScheme = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.\-]*:`)

func unsafeDestination(dest string) bool {
	dest = strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1 // browsers ignore these inside a scheme ("java\tscript:")
		}
		return r
	}, dest)
	scheme := urlScheme.FindString(dest)
	if scheme == "" {
		return false
	}
	switch strings.ToLower(scheme) {
	case "http:", "https:", "mailto:":
		return false
	}
	return true
}

// cleanMarkdown removes raw HTML and script-bearing link destinations from Markdown. The renderer
// already drops both, so the canonical text does not change; the stored Raw then holds nothing that
// could run should a later version of the Reader render it more freely. Line endings become \n, as the
// renderer sees them.
func cleanMarkdown(src string) (string, error) {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	src = strings.ReplaceAll(src, "\r", "\n")
	// Removing a tag can join the pieces around it into a new one ("<scr<x>ipt>"): repeat until clean.
	for range 8 {
		cleaned := cleanMarkdownOnce(src)
		if cleaned == src {
			return src, nil
		}
		src = cleaned
	}
	return "", errors.New("the Markdown holds HTML that could not be removed safely")
}

func cleanMarkdownOnce(src string) string {
	source := util.StringToReadOnlyBytes(src) // goldmark never writes its source: no copy
	type edit struct {
		start, stop int
		with        string
	}
	var edits []edit
	var unsafe, unsafeAutoLinks []string
	pc := parser.NewContext()
	root := markdownParser.Parse(text.NewReader(source), parser.WithContext(pc))
	for _, ref := range pc.References() { // "[label]: url" definitions are not in the tree
		if dest := string(ref.Destination()); unsafeDestination(dest) {
			unsafe = append(unsafe, dest)
		}
	}
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock:
			// Blank the lines rather than remove them, so the blocks around stay apart.
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				edits = append(edits, edit{seg.Start, seg.Stop, blankLine(src[seg.Start:seg.Stop])})
			}
			if n.HasClosure() {
				seg := n.ClosureLine
				edits = append(edits, edit{seg.Start, seg.Stop, blankLine(src[seg.Start:seg.Stop])})
			}
		case *ast.RawHTML:
			for i := 0; i < n.Segments.Len(); i++ {
				seg := n.Segments.At(i)
				edits = append(edits, edit{seg.Start, seg.Stop, ""})
			}
		case *ast.Link:
			if unsafeDestination(string(n.Destination)) {
				unsafe = append(unsafe, string(n.Destination))
			}
		case *ast.Image:
			if unsafeDestination(string(n.Destination)) {
				unsafe = append(unsafe, string(n.Destination))
			}
		case *ast.AutoLink:
			if url := string(n.URL(source)); unsafeDestination(url) {
				unsafeAutoLinks = append(unsafeAutoLinks, url)
			}
		}
		return ast.WalkContinue, nil
	})
	if len(edits) > 0 {
		// In order, into one builder: splicing each edit into the string copied it whole every time
		// (a file of a million inline tags was quadratic).
		slices.SortStableFunc(edits, func(a, b edit) int { return a.start - b.start })
		var out strings.Builder
		out.Grow(len(src))
		at := 0
		for _, e := range edits {
			if e.start < at || e.stop > len(src) || e.start > e.stop {
				continue // overlapping segments: the next round sees what is left
			}
			out.WriteString(src[at:e.start])
			out.WriteString(e.with)
			at = e.stop
		}
		out.WriteString(src[at:])
		src = out.String()
	}
	for _, url := range unsafeAutoLinks {
		src = replaceFold(src, "<"+url+">", visibleText(url))
	}
	for _, dest := range unsafe {
		if dest != "" {
			src = replaceFold(src, dest, "#")
		}
	}
	return src
}

// visibleText is what an autolink showed, as Markdown text that is no link: the scheme's colon becomes a
// look-alike (so nothing reads it as a scheme) and Markdown punctuation is escaped. "<#>" was shown before.
func visibleText(url string) string {
	var b strings.Builder
	for _, r := range url {
		switch {
		case r == ':':
			b.WriteRune('∶')
		case r < 0x80 && strings.ContainsRune("!\"#$%&'()*+,-./;<=>?@[\\]^_`{|}~", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// blankLine keeps a line's ending and nothing else.
func blankLine(line string) string {
	if strings.HasSuffix(line, "\n") {
		return "\n"
	}
	return ""
}

// replaceFold replaces every case-insensitive occurrence of old (browsers read schemes in any case).
func replaceFold(s, old, with string) string {
	lower, lowerOld := strings.ToLower(s), strings.ToLower(old)
	if len(lower) != len(s) || len(lowerOld) != len(old) {
		return strings.ReplaceAll(s, old, with) // case mapping changed lengths: exact matches only
	}
	var b strings.Builder
	for {
		i := strings.Index(lower, lowerOld)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(with)
		s, lower = s[i+len(old):], lower[i+len(old):]
	}
}
