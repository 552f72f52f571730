package render

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// hostileMarkdown are inputs on which goldmark's work grows with the square of their size.
var hostileMarkdown = map[string]func(n int) string{
	"unclosed-link":   func(n int) string { return strings.Repeat("[a](", n) }, // issue 22: 400 KB took 87 s
	"unclosed-angle":  func(n int) string { return strings.Repeat("[a](<", n) },
	"unclosed-title":  func(n int) string { return strings.Repeat("[a](b (", n) },
	"unclosed-ref":    func(n int) string { return strings.Repeat("[a][", n) },
	"nested-quotes":   func(n int) string { return strings.Repeat(">", n) + " x" },
	"nested-lists":    func(n int) string { return strings.Repeat("- ", n) + "x" },
	"reference-defs":  func(n int) string { return strings.Repeat("[a]: b\n", n) + strings.Repeat("[a] ", n) },
	"backtick-ladder": backtickLadder,
}

// backtickLadder is "`a“a```a…": every opener looks for a closer of its own length to the end.
func backtickLadder(n int) string {
	var b strings.Builder
	for i := 1; b.Len() < n; i++ {
		b.WriteString(strings.Repeat("`", i) + "a")
	}
	return b.String()
}

// runsOfDelimiters look hostile but goldmark handles them in linear time: they stay Markdown.
var runsOfDelimiters = map[string]func(n int) string{
	"stars":          func(n int) string { return strings.Repeat("*", n) + "a" },
	"open-brackets":  func(n int) string { return strings.Repeat("[", n) + "a" },
	"emphasis-delim": func(n int) string { return strings.Repeat("a_ ", n) },
	"strong-delim":   func(n int) string { return strings.Repeat("**a ", n) },
	"unclosed-html":  func(n int) string { return strings.Repeat("a <!-- ", n) },
}

func TestHostileMarkdownShownAsPlainText(t *testing.T) {
	for name, gen := range hostileMarkdown {
		t.Run(name, func(t *testing.T) {
			src := gen(100_000)
			doc, err := Markdown([]byte(src))
			if err != nil {
				t.Fatal(err)
			}
			if doc.PlainReason != TooComplex {
				t.Fatalf("PlainReason = %q, want %q", doc.PlainReason, TooComplex)
			}
			if doc.Text != src {
				t.Fatal("the canonical text of a document shown as plain text is not its source")
			}
			for _, err := range checkDoc(doc, uncoveredOf(doc)) {
				t.Error(err)
			}
		})
	}
}

func TestRunsOfDelimitersStayMarkdown(t *testing.T) {
	for name, gen := range runsOfDelimiters {
		t.Run(name, func(t *testing.T) {
			doc, err := Markdown([]byte(gen(100_000)))
			if err != nil {
				t.Fatal(err)
			}
			if doc.PlainReason != "" {
				t.Fatalf("shown as plain text, but goldmark is linear on it")
			}
			for _, err := range checkDoc(doc, markdownUncovered) {
				t.Error(err)
			}
		})
	}
}

// chargedPerByte is what goldmark's parse of src charges to the budget, per byte.
func chargedPerByte(src []byte) float64 {
	src = normalizeMarkdownSource(src)
	pc := parser.NewContext()
	const unlimited = 1 << 62
	b := &workBudget{left: unlimited}
	pc.Set(budgetKey, b)
	markdownParser.Parse(text.NewReader(src), parser.WithContext(pc))
	return float64(unlimited-b.left) / float64(len(src))
}

// Ordinary articles, including ones whose paragraphs are single long lines full of inline markup,
// charge a small fraction of the budget (measured: 2 to 4 per byte).
func TestArticlesChargeFarLessThanTheBudget(t *testing.T) {
	docs := map[string][]byte{
		"bench article": []byte(articleOfSize(1<<20, true)),
		"long lines": []byte(strings.Repeat(strings.Repeat("Words *em* and [a link](https://example.org/x \"t\") with `code`, "+
			"<b>html</b>, <https://auto.link> &amp; [ref][r] more ", 30)+"\n\n", 100) + "[r]: https://example.org/r\n"),
	}
	for _, name := range []string{"article.md", "edge.md", "marked.md"} {
		src, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		docs[name] = src
	}
	for name, src := range docs {
		if got := chargedPerByte(src); got > budgetPerByte/8 {
			t.Errorf("%s charges %.1f per byte, budget %d", name, got, budgetPerByte)
		}
		if doc, err := Markdown(src); err != nil || doc.PlainReason != "" {
			t.Errorf("%s: shown as plain text (%v)", name, err)
		}
	}
}

// The budgeted parser runs exactly goldmark's default inline parsers: an upgrade that adds one fails here.
func TestBudgetedInlineParsersAreGoldmarksDefaults(t *testing.T) {
	defaults := parser.DefaultInlineParsers()
	ours := budgetedInlineParsers()
	if len(ours) != len(defaults) {
		t.Fatalf("%d inline parsers, goldmark has %d", len(ours), len(defaults))
	}
	for i, d := range defaults {
		if reflect.TypeOf(ours[i].InlineParser) != reflect.TypeOf(d.Value) || ours[i].priority != d.Priority {
			t.Errorf("parser %d: %T at %d, goldmark has %T at %d", i, ours[i].InlineParser, ours[i].priority, d.Value, d.Priority)
		}
	}
}

// A stored Markdown document that was too complex at import shows as plain text, saying so.
func TestVersionSaysTooComplex(t *testing.T) {
	raw := strings.Repeat("[a](", 50_000)
	doc, err := Version("md", raw, raw, 0, []Mark{{ID: "m", Start: 4, End: 8}})
	if err != nil {
		t.Fatal(err)
	}
	if doc.PlainReason != TooComplex || doc.Text != raw || !strings.Contains(doc.Blocks[0].HTML, "<mark") {
		t.Fatalf("got PlainReason %q, text equal %v", doc.PlainReason, doc.Text == raw)
	}
}

// BenchmarkMarkdownHostile: at two sizes, ns/op grows with the size, not its square.
func BenchmarkMarkdownHostile(b *testing.B) {
	for _, name := range []string{"unclosed-link", "nested-quotes", "nested-lists", "reference-defs", "backtick-ladder"} {
		for _, n := range []int{25_000, 100_000} {
			src := []byte(hostileMarkdown[name](n))
			b.Run(fmt.Sprintf("%s/%dKB", name, len(src)/1000), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					if _, err := Markdown(src); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
