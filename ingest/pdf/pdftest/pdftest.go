// Package pdftest writes small PDFs for tests: pages of plain text, pages whose font maps its glyphs to
// no characters or to private-use code points, and pages that are only a picture. Only tests import it
// (it is in no shipped binary).
package pdftest

import (
	"bytes"
	"fmt"
	"strings"
)

// Kind of a page.
type Kind int

const (
	Text     Kind = iota // Helvetica, WinAnsi: reads as its text
	Unmapped             // a Type3 font whose glyph names map to nothing and no ToUnicode: PDFium gives glyph codes
	Private              // the same font with a ToUnicode map to private-use code points
	Picture              // an image over most of the page, and Lines (if any) in Helvetica (a page number)
)

// Page is one page: its kind and its lines (at most ~45 of ~90 characters).
type Page struct {
	Kind  Kind
	Lines []string
}

// Build writes the pages as a PDF (US Letter).
func Build(pages []Page) []byte {
	var objs []string // object n is objs[n-1]
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	stream := func(dict, data string) string {
		return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
	}
	catalog := add("<< /Type /Catalog /Pages 2 0 R >>")
	pagesObj := add("") // filled in below
	helv := add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	// The Type3 font: 95 glyphs named g1…g95 for codes 1…95, all one filled box.
	proc := add(stream("", "500 0 0 0 450 600 d1 0 0 450 600 re f"))
	var names, procs, widths strings.Builder
	for c := 1; c <= 95; c++ {
		fmt.Fprintf(&names, " /g%d", c)
		fmt.Fprintf(&procs, " /g%d %d 0 R", c, proc)
		widths.WriteString(" 500")
	}
	t3 := fmt.Sprintf("/Type /Font /Subtype /Type3 /FontBBox [0 0 500 700] /FontMatrix [0.001 0 0 0.001 0 0] /CharProcs <<%s >> /Encoding << /Type /Encoding /Differences [1%s] >> /FirstChar 1 /LastChar 95 /Widths [%s ] /Resources << >>",
		procs.String(), names.String(), widths.String())
	unmapped := add("<< " + t3 + " >>")
	cmap := "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Gloss-PUA def /CMapType 2 def 1 begincodespacerange <01> <5F> endcodespacerange 1 beginbfrange <01> <5F> <E000> endbfrange endcmap CMapName currentdict /CMap defineresource pop end end"
	toUnicode := add(stream("", cmap))
	private := add(fmt.Sprintf("<< %s /ToUnicode %d 0 R >>", t3, toUnicode))
	gray := bytes.Repeat([]byte{0x80}, 64)
	image := add(stream("/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8", string(gray)))
	resources := fmt.Sprintf("<< /Font << /F1 %d 0 R /F2 %d 0 R /F3 %d 0 R >> /XObject << /Im1 %d 0 R >> >>", helv, unmapped, private, image)

	var kids []string
	for _, p := range pages {
		var c strings.Builder
		if p.Kind == Picture {
			c.WriteString("q 500 0 0 650 56 70 cm /Im1 Do Q\n")
		}
		font := map[Kind]string{Text: "F1", Unmapped: "F2", Private: "F3", Picture: "F1"}[p.Kind]
		y := 740
		if p.Kind == Picture {
			y = 40
		}
		for _, line := range p.Lines {
			fmt.Fprintf(&c, "BT /%s 11 Tf 56 %d Td %s Tj ET\n", font, y, encode(line, p.Kind))
			y -= 15
		}
		content := add(stream("", c.String()))
		kids = append(kids, fmt.Sprintf("%d 0 R", add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources %s /Contents %d 0 R >>", pagesObj, resources, content))))
	}
	objs[pagesObj-1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))

	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, catalog, xref)
	return b.Bytes()
}

// encode writes a line as a PDF string: Helvetica's as itself, the Type3 font's as codes 1…95 (ASCII
// 32…126 moved down by 31, as a subset font numbers its glyphs).
func encode(line string, k Kind) string {
	if k == Text || k == Picture {
		r := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`)
		return "(" + r.Replace(line) + ")"
	}
	var h strings.Builder
	h.WriteByte('<')
	for _, r := range line {
		if r < 32 || r > 126 {
			r = '?'
		}
		fmt.Fprintf(&h, "%02X", r-31)
	}
	h.WriteByte('>')
	return h.String()
}
