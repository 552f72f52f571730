package pdf

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"

	"gloss/ingest/pdf/pdftest"
)

// prose is n lines of plain sentences, the page's number in each, the last one running on (no full stop).
func prose(page, n int) []string {
	var lines []string
	for i := range n {
		lines = append(lines, fmt.Sprintf("The council met on page %d for the %d time and heard the residents of the valley speak", page, i+1))
	}
	return lines
}

func mixedPages() []pdftest.Page {
	return []pdftest.Page{
		{Kind: pdftest.Text, Lines: prose(1, 30)},
		{Kind: pdftest.Unmapped, Lines: prose(2, 30)},
		{Kind: pdftest.Text, Lines: prose(3, 30)},
		{Kind: pdftest.Picture, Lines: []string{"4"}},
		{Kind: pdftest.Private, Lines: prose(5, 30)},
		{Kind: pdftest.Text, Lines: prose(6, 30)},
		{Kind: pdftest.Text}, // a blank page: nothing to read, nothing missing
	}
}

// Each page is judged on its own: a font that maps its glyphs to nothing, one that maps them to
// private-use code points, and a picture with only a page number give no text; the other pages read.
func TestUnreadablePagesJudgedOneByOne(t *testing.T) {
	d, err := NewEngine(DefaultCacheDir()).Read(pdftest.Build(mixedPages()), "", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var layers []TextLayer
	for _, p := range d.Pages {
		layers = append(layers, p.Layer)
	}
	want := []TextLayer{Readable, Unmapped, Readable, Picture, Unmapped, Readable, Readable}
	if !slices.Equal(layers, want) {
		t.Fatalf("layers %v, want %v", layers, want)
	}
	res := Layout(d)
	if got := res.Unreadable; !slices.Equal(got, []Unreadable{{2, Unmapped}, {4, Picture}, {5, Unmapped}}) {
		t.Errorf("unreadable %v", got)
	}
	pagesOf := map[int]int{}
	for _, b := range res.Blocks {
		if b.Kind == NoText {
			if b.Text != "" || !slices.Contains([]int{2, 4, 5}, b.Page) {
				t.Errorf("NoText block %+v", b)
			}
			continue
		}
		for _, r := range b.Text {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsSpace(r) {
				t.Fatalf("page %d: garbage %q in %q", b.Page, r, b.Text)
			}
		}
		if !strings.Contains(b.Text, fmt.Sprintf("page %d ", b.Page)) {
			t.Errorf("page %d: %q", b.Page, b.Text)
		}
		for _, br := range b.Breaks {
			t.Errorf("a paragraph runs on across a page without text: %+v", br)
		}
		pagesOf[b.Page]++
	}
	if len(pagesOf) != 3 || pagesOf[1] == 0 || pagesOf[3] == 0 || pagesOf[6] == 0 {
		t.Errorf("pages with text %v", pagesOf)
	}
}

func TestJudge(t *testing.T) {
	letters := func(n int) []Char {
		cs := make([]Char, n)
		for i := range cs {
			cs[i] = Char{R: 'a'}
		}
		return cs
	}
	codes := func(n int, r rune, unmapped bool) []Char {
		cs := make([]Char, n)
		for i := range cs {
			cs[i] = Char{R: r, Unmapped: unmapped}
		}
		return cs
	}
	unmappedText := func(s string) []Char {
		var cs []Char
		for _, r := range strings.Repeat(s+" ", 4) {
			cs = append(cs, Char{R: r, Unmapped: r != ' '})
		}
		return cs
	}
	cases := []struct {
		name   string
		chars  []Char
		images float64
		want   TextLayer
	}{
		{"prose", letters(500), 0, Readable},
		{"math: symbols that are mapped", append(letters(200), codes(250, '∑', false)...), 0, Readable},
		{"unmapped punctuation codes", append(letters(100), codes(150, '&', true)...), 0, Unmapped},
		{"unmapped codes that are ASCII (TeX's bitmap fonts)", unmappedText("the council met and heard the residents of the valley speak"), 0, Readable},
		{"unmapped codes in glyph order (ASCII - 29)", unmappedText("7KH FRXQFLO PHW DQG KHDUG WKH UHVLGHQWV RI WKH YDOOH\\ VSHDN"), 0, Unmapped},
		{"unmapped capitals", unmappedText("DPVODJM NFU BOE IFBSE UIF SFTJEFOUT PG UIF WBMMFZ TQFBL"), 0, Unmapped},
		{"unmapped small letters without vowels", unmappedText("tkb xlnmbk pbs vmc kbvkc skb kbqgcbmsq lj skb pvttbw qdbvh"), 0, Unmapped},
		{"control codes", append(letters(40), codes(60, 3, false)...), 0, Unmapped},
		{"private use", codes(100, '\ue123', false), 0, Unmapped},
		{"a few odd glyphs", append(letters(300), codes(19, '\ue123', false)...), 0, Readable},
		{"a scan with a page number", letters(3), 0.9, Picture},
		{"a scan with unmapped OCR", codes(500, '\u0005', true), 0.9, Unmapped},
		{"a small picture", letters(3), 0.1, Readable},
		{"a figure with a caption", letters(80), 0.8, Readable},
		{"blank", nil, 0, Readable},
	}
	for _, c := range cases {
		g, bad := judgeChars(c.chars)
		if got := judge(g, bad, c.images); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
