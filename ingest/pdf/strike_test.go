package pdf

import (
	"fmt"
	"strings"
	"testing"
)

// A line through the middle of glyphs strikes them; one at or below their baseline (an underline), one
// above their letters (an overline), one beside them, or one crossing no glyph's middle does not.
func TestStrike(t *testing.T) {
	// "ab cd" at 10 pt, baseline at y = 100 (y grows down), x-height 5 points.
	word := func() []Char {
		var cs []Char
		for i, r := range "ab cd" {
			x := 10 + float64(i)*6
			cs = append(cs, Char{R: r, X0: x, X1: x + 5, Y0: 93, Y1: 100, Size: 10})
		}
		cs[2].X0, cs[2].X1 = 0, 0 // PDFium's generated space: no box
		return cs
	}
	for _, c := range []struct {
		name   string
		seg    segment
		struck string
	}{
		{"strike through ab", segment{x0: 9, x1: 22, y: 97.2, thick: 0.7}, "ab"},
		{"strike through all", segment{x0: 9, x1: 40, y: 97, thick: 0.5}, "abcd"},
		{"underline", segment{x0: 9, x1: 40, y: 100.6, thick: 0.5}, ""},
		{"underline on the baseline", segment{x0: 9, x1: 40, y: 99.5, thick: 0.5}, ""},
		{"overline", segment{x0: 9, x1: 40, y: 93.2, thick: 0.5}, ""},
		{"beside", segment{x0: 50, x1: 80, y: 97, thick: 0.5}, ""},
		{"short of the middles", segment{x0: 11, x1: 12, y: 97, thick: 0.5}, ""},
	} {
		cs := word()
		n := strike(cs, []segment{c.seg})
		got := ""
		for _, ch := range cs {
			if ch.Struck {
				got += string(ch.R)
			}
		}
		if got != c.struck || n != len(got) {
			t.Errorf("%s: struck %q (%d), want %q", c.name, got, n, c.struck)
		}
	}
}

// A line's full stop and apostrophe are struck with its letters, though the strike crosses neither box;
// a rule just under a line crosses only its descenders and strikes nothing.
func TestStrikePunctuationNotDescenders(t *testing.T) {
	chars := func() []Char {
		return []Char{
			{R: 'a', X0: 10, X1: 15, Y0: 95, Y1: 100, Size: 10},
			{R: 'g', X0: 16, X1: 21, Y0: 95, Y1: 102.2, Size: 10},
			{R: '\'', X0: 22, X1: 23, Y0: 92.5, Y1: 95, Size: 10},
			{R: 's', X0: 24, X1: 29, Y0: 95, Y1: 100, Size: 10},
			{R: '.', X0: 30, X1: 31.5, Y0: 98.8, Y1: 100, Size: 10},
		}
	}
	cs := chars()
	if n := strike(cs, []segment{{x0: 9, x1: 32, y: 97.2, thick: 0.7}}); n != 5 {
		t.Errorf("strike: %d of 5 struck", n)
	}
	cs = chars()
	if n := strike(cs, []segment{{x0: 0, x1: 100, y: 101.2, thick: 0.4}}); n != 0 {
		t.Errorf("a rule under the line: %d struck", n)
	}
}

// fragments leaves struck glyphs out with one word space for them, none inside a word, and keeps the
// line's width.
func TestFragmentsLeaveStruckOut(t *testing.T) {
	var cs []Char
	x := 10.0
	for _, r := range "one two three colour" {
		cs = append(cs, Char{R: r, X0: x, X1: x + 5, Y0: 93, Y1: 100, Size: 10})
		x += 6
	}
	for i := range cs {
		if (i >= 4 && i <= 7) || i == 18 { // "two " and the u of "colour"
			cs[i].Struck = true
		}
	}
	fs := fragments(Page{Chars: cs, Width: 300, Height: 200}, 1)
	if len(fs) != 1 || fs[0].text != "one three color" || fs[0].x1 != cs[len(cs)-1].X1 {
		t.Fatalf("fragments: %+v", fs)
	}
	cs[0].Struck, cs[1].Struck, cs[2].Struck = true, true, true // struck at the line's start
	fs = fragments(Page{Chars: cs, Width: 300, Height: 200}, 1)
	if len(fs) != 1 || fs[0].text != "three color" {
		t.Fatalf("fragments: %+v", fs)
	}
}

// A word processor may set its footnotes in the body's type; a short rule at the page's foot parts them
// from the text. Below it, blocks from one that starts with a mark are notes, and the page's last
// paragraph, which runs on to the next page, is joined across them (they go before it). On main the
// notes were paragraphs and the paragraph was cut in two around them.
func TestNotesBelowASeparatorRule(t *testing.T) {
	page1 := []frag{
		hline(72, 600, 540, "Rent results clinic council donor tender levee school inquiry statement"),
		hline(72, 614, 300, "motion levee housing repair briefing."),
		hline(72, 640, 538, "Campaign flood briefing amendment station inspector shipment planning"),
		hline(72, 654, 539, "depot ruling. Leaflet debate contract denial contract poll audit fishery"),
		hline(72, 668, 537, "housing tunnel motion clinic shortage. Archive minister filing turnout chair"),
		hline(72, 700, 536, "5 Results clinic fishery lab filing rally inquiry revenue apology census."),
		hline(72, 716, 520, "6 District zoning hearing debate council budget schedule minister."),
	}
	rules := []segment{{x0: 72, x1: 189, y: 686, thick: 0.5}}
	b1 := pageBlocks(order(page1), 10, 792, 1, rules...)
	b2 := pageBlocks(order([]frag{hline(72, 80, 300, "campaign resignation inspector. Exam briefing river.")}), 10, 792, 2)
	var got []string
	for _, b := range joinAcrossPages(b1, b2) {
		got = append(got, fmt.Sprintf("%d %s", b.Kind, b.Text))
	}
	want := []string{
		"0 Rent results clinic council donor tender levee school inquiry statement motion levee housing repair briefing.",
		"2 5 Results clinic fishery lab filing rally inquiry revenue apology census.",
		"2 6 District zoning hearing debate council budget schedule minister.",
		"0 Campaign flood briefing amendment station inspector shipment planning depot ruling. Leaflet debate contract denial contract poll audit fishery housing tunnel motion clinic shortage. Archive minister filing turnout chair campaign resignation inspector. Exam briefing river.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("blocks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// A long rule (a table's, or across the page) or one not at the text's left parts nothing.
	for _, r := range []segment{{x0: 72, x1: 540, y: 686, thick: 0.5}, {x0: 350, x1: 470, y: 686, thick: 0.5}} {
		if rs := noteRules([]segment{r}, 612, 792); len(rs) != 0 {
			t.Errorf("%+v is taken for a note separator", r)
		}
	}
	if rs := noteRules(rules, 612, 792); len(rs) != 1 {
		t.Errorf("the separator is not one: %+v", rs)
	}
}
