package ingest

import (
	"bytes"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// makeReportPDF writes a plain report of n pages (Helvetica, 46 lines of about 90 characters, a running
// header and a page number on each page): a PDF as dense as a court filing, made without any tool.
func makeReportPDF(n int) []byte {
	words := strings.Fields("the council tested wells in the district and found that seven exceeded the limit for nitrate " +
		"which the ministry declined to explain before the hearing while critics said monitoring had been underfunded " +
		"for a decade and residents were advised to use bottled water until further notice from the authority")
	var buf bytes.Buffer
	offsets := []int{}
	obj := func(body string) {
		offsets = append(offsets, buf.Len())
		fmt.Fprintf(&buf, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	buf.WriteString("%PDF-1.4\n")
	// 1 catalog, 2 pages, 3 font, then page + content pairs.
	kids := make([]string, n)
	for i := range n {
		kids[i] = fmt.Sprintf("%d 0 R", 4+2*i)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj(fmt.Sprintf("<< /Type /Pages /Count %d /Kids [%s] >>", n, strings.Join(kids, " ")))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	w := 0
	for p := range n {
		var c strings.Builder
		fmt.Fprintf(&c, "BT /F1 8 Tf 56 800 Td (Annual report of the regional water authority) Tj ET\n")
		y := 770
		for l := range 46 {
			var line strings.Builder
			for line.Len() < 88 {
				line.WriteString(words[w%len(words)] + " ")
				w++
			}
			text := strings.TrimSpace(line.String())
			if l%9 == 8 {
				text += "."
				y -= 6 // a paragraph gap
			}
			fmt.Fprintf(&c, "BT /F1 10 Tf 56 %d Td (%s) Tj ET\n", y, text)
			y -= 14
		}
		fmt.Fprintf(&c, "BT /F1 9 Tf 290 40 Td (%d) Tj ET\n", p+1)
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", 5+2*p))
		obj(fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", c.Len(), c.String()))
	}
	xref := buf.Len()
	fmt.Fprintf(&buf, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&buf, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&buf, "trailer\n<< /Size %d /Root 1 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return buf.Bytes()
}

func TestMadeReportPDF(t *testing.T) {
	doc, err := readPDFBytes("report.pdf", makeReportPDF(3))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Provenance.Pages) != 3 || strings.Contains(doc.Text, "Annual report of the regional") || doc.Provenance.Original.DocumentID != "00112233445566778899aabbccddeeff" {
		t.Errorf("pages %v, header kept %v, id %q", doc.Provenance.Pages, strings.Contains(doc.Text, "Annual report"), doc.Provenance.Original.DocumentID)
	}
}

// BenchmarkImportPDF100Pages: reading a 100-page PDF with the engine warm (goal ≤ 2 s), beside the same-run
// baseline of reading the same text as a .txt file.
func BenchmarkImportPDF100Pages(b *testing.B) {
	data := makeReportPDF(100)
	doc, err := readPDFBytes("report.pdf", data) // warms the engine
	if err != nil {
		b.Fatal(err)
	}
	b.Run("pdf", func(b *testing.B) {
		for b.Loop() {
			if _, err := readPDFBytes("report.pdf", data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("txt-baseline", func(b *testing.B) {
		text := []byte(doc.Text)
		for b.Loop() {
			if _, err := ReadBytes("report.txt", text); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestPDFMemory500Pages reports the heap and RSS growth of reading a 500-page report (goal ≤ 200 MB):
//
//	GLOSS_PDF_MEMORY=1 go test ./ingest -run PDFMemory500 -v
func TestPDFMemory500Pages(t *testing.T) {
	if os.Getenv("GLOSS_PDF_MEMORY") == "" {
		t.Skip("set GLOSS_PDF_MEMORY=1 to measure")
	}
	data := makeReportPDF(500)
	if err := testEngines.PDF().Warm(); err != nil {
		t.Fatal(err)
	}
	debug.FreeOSMemory()
	before := rss(t)
	start := time.Now()
	doc, err := readPDFBytes("report.pdf", data)
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	peak := peakRSS(t)
	debug.FreeOSMemory()
	after := rss(t)
	t.Logf("500 pages (%d KB, %d code points): %v; RSS before %d MB, peak %d MB (growth %d MB, goal ≤ 200 MB), after %d MB",
		len(data)>>10, len([]rune(doc.Text)), took.Round(time.Millisecond), before>>20, peak>>20, (peak-before)>>20, after>>20)
	if peak-before > 200<<20 {
		t.Errorf("RSS grew by %d MB reading 500 pages; the goal is 200 MB", (peak-before)>>20)
	}
}

func procStatus(t *testing.T, field string) int64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc")
	}
	for _, l := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(l, field+":") {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(l, field+":")), "%d", &kb)
			return kb << 10
		}
	}
	return 0
}

func rss(t *testing.T) int64     { return procStatus(t, "VmRSS") }
func peakRSS(t *testing.T) int64 { return procStatus(t, "VmHWM") }
