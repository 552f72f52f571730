package pdf

import "testing"

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
