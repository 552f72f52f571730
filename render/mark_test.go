package render

import (
	"slices"
	"strings"
	"testing"
)

func TestMarks(t *testing.T) {
	const red, blue = "#ff0000", "#0000FF"
	tests := []struct {
		name     string
		markdown bool
		src      string
		marks    []Mark
		html     []string // rendered blocks, exactly; nil means not compared
		has, not []string // fragments the joined HTML must (not) contain
	}{
		{name: "nested", src: "abcdef", marks: []Mark{{ID: "A", Start: 0, End: 6, Colour: red}, {ID: "B", Start: 2, End: 4, Colour: blue}}, html: []string{
			`<p><span data-o="0"><mark data-a="A" style="--hl: #ff0000" class="hl">ab</mark><mark data-a="A B" style="--hl: #0000FF" class="hl o">cd</mark><mark data-a="A" style="--hl: #ff0000" class="hl">ef</mark></span></p>`,
		}},
		{name: "overlapping, given out of order", src: "abcdef", marks: []Mark{{ID: "B", Start: 2, End: 6, Colour: blue}, {ID: "A", Start: 0, End: 4, Colour: ""}}, html: []string{
			`<p><span data-o="0"><mark data-a="A" class="hl">ab</mark><mark data-a="A B" style="--hl: #0000FF" class="hl o">cd</mark><mark data-a="B" style="--hl: #0000FF" class="hl">ef</mark></span></p>`,
		}},
		{name: "identical ranges: ids in order, last one's colour", src: "abc", marks: []Mark{{ID: "z", Start: 1, End: 2, Colour: blue}, {ID: "a", Start: 1, End: 2, Colour: red}}, html: []string{
			`<p><span data-o="0">a<mark data-a="a z" style="--hl: #0000FF" class="hl o">b</mark>c</span></p>`,
		}},
		{name: "across a paragraph break and a line break", src: "ab\n\ncd\nef", marks: []Mark{{ID: "A", Start: 1, End: 8, Colour: ""}}, html: []string{
			`<p><span data-o="0">a<mark data-a="A" class="hl">b</mark></span></p>`,
			`<p><span data-o="4"><mark data-a="A" class="hl">cd</mark></span><br><span data-o="7"><mark data-a="A" class="hl">e</mark>f</span></p>`,
		}},
		{name: "very start and end", src: "abc", marks: []Mark{{ID: "A", Start: 0, End: 1, Colour: ""}, {ID: "B", Start: 2, End: 3, Colour: ""}}, html: []string{
			`<p><span data-o="0"><mark data-a="A" class="hl">a</mark>b<mark data-a="B" class="hl">c</mark></span></p>`,
		}},
		{name: "zero-length, inverted and out-of-range marks", src: "abc", marks: []Mark{{ID: "N", Start: -5, End: 1, Colour: ""}, {ID: "Z", Start: 2, End: 2, Colour: ""}, {ID: "I", Start: 3, End: 1, Colour: ""}, {ID: "F", Start: 3, End: 9, Colour: ""}, {ID: "E", Start: 2, End: 99, Colour: ""}}, html: []string{
			`<p><span data-o="0"><mark data-a="N" class="hl">a</mark>b<mark data-a="E" class="hl">c</mark></span></p>`,
		}},
		{name: "emoji sequence split", src: "👩‍👩‍👧 🇺🇸", marks: []Mark{{ID: "A", Start: 2, End: 6, Colour: ""}}, html: []string{
			`<p><span data-o="0">👩‍<mark data-a="A" class="hl">👩‍👧 </mark>🇺🇸</span></p>`,
		}},
		{name: "boundary between e and combining accent", src: "cafe\u0301!", marks: []Mark{{ID: "A", Start: 3, End: 4, Colour: ""}, {ID: "B", Start: 4, End: 6, Colour: ""}}, html: []string{
			"<p><span data-o=\"0\">caf<mark data-a=\"A\" class=\"hl\">e</mark><mark data-a=\"B\" class=\"hl\">\u0301!</mark></span></p>",
		}},
		{name: "text escaped inside marks, ids escaped", src: "<b>&", marks: []Mark{{ID: `"x"<`, Start: 0, End: 4, Colour: ""}}, html: []string{
			`<p><span data-o="0"><mark data-a="&#34;x&#34;&lt;" class="hl">&lt;b&gt;&amp;</mark></span></p>`,
		}},
		{name: "hostile colours dropped", src: "abc", marks: []Mark{{ID: "A", Start: 0, End: 2, Colour: "red;background:url(javascript:x)"}, {ID: "B", Start: 1, End: 3, Colour: "#12345g"}, {ID: "C", Start: 2, End: 3, Colour: "#1234567"}},
			not: []string{"style", "javascript"}},
		{name: "NUL splits a mark", src: "a\x00b", marks: []Mark{{ID: "A", Start: 0, End: 3, Colour: ""}}, html: []string{
			`<p><span data-o="0"><mark data-a="A" class="hl">a</mark></span><span data-o="2"><mark data-a="A" class="hl">b</mark></span></p>`,
		}},
		{name: "markdown emphasis, link and code inside a mark", markdown: true, src: "a *b* [c **d**](https://x.y) `e`", marks: []Mark{{ID: "A", Start: 0, End: 9, Colour: red}}, html: []string{
			`<p><span data-o="0"><mark data-a="A" style="--hl: #ff0000" class="hl">a </mark></span><em><span data-o="2"><mark data-a="A" style="--hl: #ff0000" class="hl">b</mark></span></em><span data-o="3"><mark data-a="A" style="--hl: #ff0000" class="hl"> </mark></span><a href="https://x.y"><span data-o="4"><mark data-a="A" style="--hl: #ff0000" class="hl">c </mark></span><strong><span data-o="6"><mark data-a="A" style="--hl: #ff0000" class="hl">d</mark></span></strong></a><span data-o="7"><mark data-a="A" style="--hl: #ff0000" class="hl"> </mark></span><code><span data-o="8"><mark data-a="A" style="--hl: #ff0000" class="hl">e</mark></span></code></p>`,
		}},
		{name: "markdown run merged across a delimiter", markdown: true, src: "a_b c", marks: []Mark{{ID: "A", Start: 1, End: 4, Colour: ""}},
			has: []string{`<span data-o="0">a<mark data-a="A" class="hl">`}},
		{name: "markdown mark across blocks and into a code block", markdown: true, src: "# Head\n\n```\nx < y\nz\n```\n\n- item", marks: []Mark{{ID: "A", Start: 2, End: 12, Colour: blue}, {ID: "B", Start: 8, End: 15, Colour: ""}},
			has: []string{`<span data-o="6"><mark data-a="A" style="--hl: #0000FF" class="hl">x </mark><mark data-a="A B" class="hl o">&lt; y`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var doc Doc
			uncovered := plainUncovered(0)
			if tt.markdown {
				var err error
				if doc, err = Markdown([]byte(tt.src), tt.marks...); err != nil {
					t.Fatal(err)
				}
				uncovered = markdownUncovered
			} else {
				doc = Plain(tt.src, 0, tt.marks...)
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
			for _, err := range checkDoc(doc, uncovered, tt.marks...) {
				t.Error(err)
			}
			unmarked := Plain(tt.src, 0)
			if tt.markdown {
				unmarked, _ = Markdown([]byte(tt.src))
			}
			assertMarksOnlyAdded(t, doc, unmarked)
		})
	}
}

// assertMarksOnlyAdded: without its <mark> tags, doc is the unmarked rendering.
func assertMarksOnlyAdded(t *testing.T, doc, unmarked Doc) {
	t.Helper()
	if doc.Text != unmarked.Text || len(doc.Blocks) != len(unmarked.Blocks) {
		t.Fatalf("marks changed the text or the block count")
	}
	for i, b := range doc.Blocks {
		b.HTML = markTag.ReplaceAllString(b.HTML, "")
		if b != unmarked.Blocks[i] {
			t.Errorf("block %d without marks:\n%+v\nwant\n%+v", i, b, unmarked.Blocks[i])
		}
	}
}

func TestVersionMarks(t *testing.T) {
	for _, format := range []string{"txt", "md"} {
		doc, err := Version(format, "ab", "ab", 0, []Mark{{ID: "A", Start: 1, End: 2, Colour: ""}})
		if err != nil || !strings.Contains(doc.Blocks[0].HTML, `<mark data-a="A" class="hl">b</mark>`) {
			t.Errorf("%s: %v %+v", format, err, doc.Blocks)
		}
	}
}

func TestSlice(t *testing.T) {
	doc, err := Markdown([]byte("aa\n\n---\n\nbb\n\ncc")) // [0,2) [2,2) for the rule, [4,6) [8,10)
	if err != nil {
		t.Fatal(err)
	}
	bounds := func(blocks []Block) (s []int) {
		for _, b := range blocks {
			s = append(s, b.Start, b.End)
		}
		return s
	}
	for _, tt := range []struct {
		from, to int
		want     []int
	}{
		{0, 1, []int{0, 2}},
		{1, 5, []int{0, 2, 2, 2, 4, 6}}, // the rule lies inside the range
		{2, 4, nil},                     // only the separator
		{3, 3, nil},
		{5, 9, []int{4, 6, 8, 10}},
		{10, 20, nil},
		{-5, 0, nil},
		{0, 99, []int{0, 2, 2, 2, 4, 6, 8, 10}},
	} {
		if got := bounds(doc.Slice(tt.from, tt.to)); !slices.Equal(got, tt.want) {
			t.Errorf("Slice(%d, %d) = %v, want %v (blocks %v)", tt.from, tt.to, got, tt.want, bounds(doc.Blocks))
		}
	}
}

// The checker must notice wrong ids, marks outside runs and bad colours.
func TestCheckMarksCatches(t *testing.T) {
	marks := []Mark{{ID: "A", Start: 0, End: 2, Colour: "#00ff00"}}
	good := Plain("abc", 0, marks...)
	for name, html := range map[string]string{
		"missing id":      strings.Replace(good.Blocks[0].HTML, `data-a="A"`, `data-a=""`, 1),
		"extra text":      strings.Replace(good.Blocks[0].HTML, `</mark>c`, `c</mark>`, 1),
		"outside the run": `<p><mark data-a="A" class="hl"><span data-o="0">ab</span></mark><span data-o="2">c</span></p>`,
		"bad colour":      strings.Replace(good.Blocks[0].HTML, `#00ff00`, `red`, 1),
	} {
		doc := good
		doc.Blocks = []Block{{0, 3, html}}
		if len(checkDoc(doc, plainUncovered(0), marks...)) == 0 {
			t.Errorf("%s: no error for %s", name, html)
		}
	}
}
