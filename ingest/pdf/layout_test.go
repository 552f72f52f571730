package pdf

import (
	"strings"
	"testing"
)

// The layout rules the third round of the quality set added, each on a page made by hand.

func hline(x0, y, x1 float64, text string) frag {
	return frag{x0: x0, y0: y - 10, x1: x1, y1: y, base: y, size: 10, text: text, glyphs: len(text)}
}

// A narrow justified column whose last line has a word space wider than the gutter: the gutter is still
// the gap between the columns, and the line keeps its last word.
func TestGutterIsNotAWideWordSpace(t *testing.T) {
	var fs []frag
	for i := range 8 {
		y := 100 + 14*float64(i)
		fs = append(fs, hline(50, y, 280, "left column text"))
		switch {
		case i < 6:
			fs = append(fs, hline(305, y, 540, "right column text"))
		case i == 6: // "The committee recommended        an"
			fs = append(fs, hline(305, y, 500, "The committee recommended"), hline(527, y, 540, "an"))
		}
	}
	x0, x1, ok := gutter(fs)
	if !ok || x0 != 280 || x1 != 305 {
		t.Fatalf("gutter %v–%v (%v), want 280–305", x0, x1, ok)
	}
	var got []string
	for _, l := range order(fs) {
		got = append(got, l.text)
	}
	if s := strings.Join(got, " | "); !strings.Contains(s, "The committee recommended an") {
		t.Errorf("the line lost its last word: %s", s)
	}
}

// The same note ("Ibid.") at the foot of every page is a footnote, not a running footer; the page number
// under it is.
func TestRepeatedFootnoteIsKept(t *testing.T) {
	var pages [][]frag
	var meta []Page
	for p := range 4 {
		mark := string(rune('1' + p))
		pages = append(pages, []frag{
			hline(50, 300, 500, "Body text of the page that refers to a note."+mark),
			{x0: 50, y0: 752, x1: 54, y1: 758, base: 758, size: 6, text: mark, glyphs: 1},
			{x0: 58, y0: 750, x1: 90, y1: 760, base: 760, size: 8, text: "Ibid.", glyphs: 5},
			hline(290, 800, 296, mark),
		})
		meta = append(meta, Page{Width: 595, Height: 842})
	}
	dropRunning(pages, meta)
	for p, fs := range pages {
		var texts []string
		for _, f := range fs {
			texts = append(texts, f.text)
		}
		if s := strings.Join(texts, " | "); len(fs) != 3 || !strings.Contains(s, "Ibid.") {
			t.Errorf("page %d kept %s; want the body, the note's mark and Ibid., not the page number", p+1, s)
		}
	}
}

// A document that marks its own line-end breaks with U+2010 keeps a hyphen-minus at a line end:
// "cross-" "examined" is one hyphenated word; "in‐" "vestigation" is joined.
func TestHyphenMinusAtLineEndIsTheWordsOwn(t *testing.T) {
	text := joinLine(joinLine("could be cross\ue001", "examined by the in\u2010"), "vestigation")
	var breaks []Break
	got := clean(dehyphenate(text, map[string]bool{}, true, &breaks))
	if got != "could be cross-examined by the investigation" {
		t.Errorf("got %q", got)
	}
	// Without marked breaks the hyphen-minus is judged by the words the document uses.
	got = clean(dehyphenate(joinLine("infor\ue001", "mation"), map[string]bool{}, false, &breaks))
	if got != "information" {
		t.Errorf("got %q", got)
	}
}

// A space that starts a line (LibreOffice writes one after a note mark's line end) is not put after the
// line's first glyph ("M emo").
func TestSpaceBeforeAFragmentIsNotAfterItsFirstGlyph(t *testing.T) {
	chars := []Char{{R: '1', X0: 10, X1: 13, Y0: 5, Y1: 10, Size: 7}, {R: '\r'}, {R: '\n'}, {R: ' ', X0: 14, X1: 18, Y0: 12, Y1: 12, Size: 12}}
	x := 19.0
	for _, r := range "Memo" {
		chars = append(chars, Char{R: r, X0: x, X1: x + 6, Y0: 3, Y1: 12, Size: 12})
		x += 7
	}
	frags := fragments(Page{Width: 600, Height: 800, Chars: chars}, 1)
	if len(frags) != 2 || frags[1].text != "Memo" {
		t.Errorf("fragments %+v", frags)
	}
}

// A word processor parts paragraphs by spacing alone (LibreOffice's PDFs): a centred title block's lines,
// a short paragraph before the next at the same line pitch, list items that fill their lines after a
// paragraph and each other. Each is a block; a paragraph's own lines, and a sentence that runs on below
// a wider gap in lower case, stay one.
func TestWordProcessorParagraphs(t *testing.T) {
	fs := []frag{
		hline(260, 100, 330, "Emeka Obi"), // centred, 24 pt apart
		hline(255, 124, 335, "Bo Lindqvist"),
		hline(262, 148, 328, "2010-11-12"),
		hline(50, 180, 540, "Quarter shipment customs tally archive filing tender charity wells pupils"),
		hline(50, 194, 538, "ruling 1549 statement audit charity memo. Shipment repair lab invoice"),
		hline(50, 208, 200, "schedule rally ledger tender."),
		hline(62, 226, 536, "1. Statement briefing census planning 1045 motion samples bridge vote"),
		hline(80, 240, 130, "invoice."),
		hline(62, 256, 531, "2. Filing repair filing campaign customs quota railway 1728 contract."),
		hline(62, 272, 525, "3. Grant library census 1047 tally budget minister vote spokesman."),
		hline(50, 294, 200, "Deficit pupils shipment"),
		hline(50, 308, 539, "Vote lab rainfall ferry appeal council statement licence pupils vote"),
		hline(50, 322, 538, "pension audit 1555 railway and the"),
		hline(50, 348, 537, "inquiry the council set up reported on the railway in the spring."),
	}
	var got []string
	for _, b := range pageBlocks(order(fs), 10, 842, 1) {
		got = append(got, b.Text)
	}
	want := []string{
		"Emeka Obi", "Bo Lindqvist", "2010-11-12",
		"Quarter shipment customs tally archive filing tender charity wells pupils ruling 1549 statement audit charity memo. Shipment repair lab invoice schedule rally ledger tender.",
		"1. Statement briefing census planning 1045 motion samples bridge vote invoice.",
		"2. Filing repair filing campaign customs quota railway 1728 contract.",
		"3. Grant library census 1047 tally budget minister vote spokesman.",
		"Deficit pupils shipment",
		"Vote lab rainfall ferry appeal council statement licence pupils vote pension audit 1555 railway and the inquiry the council set up reported on the railway in the spring.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("blocks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A justified narrow column's line with word spaces over three times the type ("May.   The   committee")
// is one line, and its paragraph goes on; a heading's two lines, as far apart as its larger type sets
// them, are one heading; a ragged line that left about a word's room ("Local newspapers first") is no
// paragraph's end.
func TestJustifiedSpacesWrappedHeadingRaggedLine(t *testing.T) {
	big := func(x0, y, x1 float64, text string) frag {
		return frag{x0: x0, y0: y - 18, x1: x1, y1: y, base: y, size: 18, text: text, glyphs: len(text)}
	}
	fs := []frag{
		big(50, 60, 460, "Report 10: Water quality in the northern"),
		big(50, 84, 125, "district"),
		hline(200, 120, 350, "were adopted after a lengthy"),
		hline(200, 132, 349, "parliamentary inquiry in"),
		hline(200, 144, 220, "May."),
		hline(252, 144, 269, "The"),
		hline(301, 144, 349, "committee"),
		hline(200, 156, 350, "recommended an independent"),
		hline(200, 168, 270, "review of the rules. Local"),
		hline(200, 180, 350, "newspapers reported it."),
	}
	var got []string
	for _, b := range pageBlocks(order(fs), 10, 842, 1) {
		got = append(got, b.Text)
	}
	want := "Report 10: Water quality in the northern district\nwere adopted after a lengthy parliamentary inquiry in May. The committee recommended an independent review of the rules. Local newspapers reported it."
	if s := strings.Join(got, "\n"); s != want {
		t.Errorf("blocks:\n%s\nwant:\n%s", s, want)
	}
}

// A table (LibreOffice's: cells short of their column, first lines level) reads row by row, a cell's
// lines together, each row a block, after a heading over its first column; two columns of text beside it would be read column by column.
func TestTableReadsByRows(t *testing.T) {
	fs := []frag{
		{x0: 72, y0: 195, x1: 150, y1: 209, base: 209, size: 14, text: "Pupils tally", glyphs: 12}, // a heading over the table
		hline(72, 225, 108, "Quota"), hline(204, 225, 241, "Memo"), hline(337, 225, 370, "Flood"),
		hline(72, 243, 94, "430"), hline(204, 243, 254, "landlord"), hline(337, 243, 358, "846"),
		hline(204, 257, 272, "resignation"),
		hline(72, 275, 155, "revenue flood"), hline(204, 275, 292, "nitrate charity"), hline(337, 275, 358, "799"),
	}
	var got []string
	for _, b := range pageBlocks(order(fs), 10, 842, 1) {
		got = append(got, b.Text)
	}
	want := "Pupils tally\nQuota Memo Flood\n430 landlord resignation 846\nrevenue flood nitrate charity 799"
	if s := strings.Join(got, "\n"); s != want {
		t.Errorf("blocks:\n%s\nwant:\n%s", s, want)
	}
	// Two columns of text: full lines on both sides, not a table.
	var cols []frag
	for i := range 6 {
		y := 100 + 14*float64(i)
		cols = append(cols, hline(50, y, 280, "left column text that fills it"), hline(305, y, 540, "right column text that fills it"))
	}
	lines := order(cols)
	if lines[1].text != "left column text that fills it" || lines[1].row {
		t.Errorf("two columns read as %q (row %v)", lines[1].text, lines[1].row)
	}
}

// A table in a band with a paragraph across it (no gutter): rows of cells apart whose cells start where
// the first row's do, a cell's next line read with its cell; a justified line's few words, spread from
// edge to edge with spaces alike, are no cells.
func TestTableInsideABand(t *testing.T) {
	fs := []frag{
		hline(72, 100, 515, "Deputy leaflet witness ferry school audit 400 tally poll court amendment budget."),
		hline(72, 121, 120, "Revenue"), hline(170, 121, 205, "Quota"), hline(270, 121, 310, "Tenant"), hline(370, 121, 412, "Nitrate"),
		hline(72, 139, 112, "archive"), hline(170, 139, 190, "512"), hline(270, 139, 290, "871"), hline(370, 139, 416, "pension"),
		hline(72, 151, 115, "rainfall"), hline(370, 151, 416, "housing"),
		hline(72, 169, 90, "635"), hline(170, 169, 185, "21"), hline(270, 169, 310, "station"), hline(370, 169, 445, "customs poll"),
		hline(270, 181, 316, "teacher"),
		hline(86, 201, 307, "1. Tally audit leaflet census library."),
	}
	var got []string
	for _, b := range pageBlocks(order(fs), 10, 842, 1) {
		got = append(got, b.Text)
	}
	want := "Deputy leaflet witness ferry school audit 400 tally poll court amendment budget.\nRevenue Quota Tenant Nitrate\narchive rainfall 512 871 pension housing\n635 21 station teacher customs poll\n1. Tally audit leaflet census library."
	if s := strings.Join(got, "\n"); s != want {
		t.Errorf("blocks:\n%s\nwant:\n%s", s, want)
	}
	// Two justified lines of a narrow column with wide spaces: text, in its order.
	just := []frag{
		hline(200, 100, 350, "were adopted after a lengthy"),
		hline(200, 112, 230, "tion."), hline(262, 112, 288, "The"), hline(320, 112, 350, "report"),
		hline(200, 124, 230, "said."), hline(262, 124, 288, "The"), hline(320, 124, 350, "panel"),
		hline(200, 136, 350, "recommended an independent"),
	}
	var lines []string
	for _, l := range order(just) {
		if l.row {
			t.Errorf("justified line read as a table row: %q", l.text)
		}
		lines = append(lines, l.text)
	}
	if s := strings.Join(lines, " | "); s != "were adopted after a lengthy | tion. The report | said. The panel | recommended an independent" {
		t.Errorf("justified lines: %s", s)
	}
}
