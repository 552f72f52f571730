package ingest

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/render"
)

// TestStructuredTextIsTheRenderedText: buildStructured checks each block on its own and joins their texts;
// rendering the whole Markdown at once must give the same text, for the quality sets' files and for blocks of
// random text heavy in Markdown's punctuation.
func TestStructuredTextIsTheRenderedText(t *testing.T) {
	check := func(name, raw, text string) {
		t.Helper()
		whole, reason, err := render.MarkdownText([]byte(raw))
		if err != nil || reason != "" || whole != text {
			t.Errorf("%s: rendering the whole (%v %q) gives another text than the blocks':\n%.300q\n%.300q", name, err, reason, whole, text)
		}
	}
	var files []string
	for _, pattern := range []string{"testdata/office/quality/*/*.docx", "testdata/office/quality/*/*.odt", "testdata/office/*.docx", "pdf/testdata/quality/set/*.pdf"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	if len(files) < 30 {
		t.Fatalf("only %d files", len(files))
	}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var raw, text string
		if strings.HasSuffix(path, ".pdf") {
			doc, err := readPDFBytes(filepath.Base(path), data)
			if err != nil {
				t.Fatal(path, err)
			}
			raw, text = doc.Raw, doc.Text
		} else {
			doc, err := ReadBytes(filepath.Base(path), data)
			if err != nil {
				t.Fatal(path, err)
			}
			raw, text = doc.Raw, doc.Text
		}
		check(path, raw, text)
	}
	r := rand.New(rand.NewPCG(7, 8))
	pieces := strings.Fields("word - * + # 1. 2) > ``` ~~~ [a]: <div> <!-- --> | --- === \\ _x_ **b** [l](u) ![i](s) &amp; &#65; <b> 4. (c) a) $ % ^")
	for round := range 200 {
		var blocks []textBlock
		for range r.IntN(12) + 1 {
			var words []string
			for range r.IntN(8) + 1 {
				words = append(words, pieces[r.IntN(len(pieces))])
			}
			blocks = append(blocks, textBlock{Kind: blockKind(r.IntN(3)), Level: r.IntN(4), Text: strings.Join(words, " ")})
		}
		st, err := buildStructured(blocks, 0)
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		check("random", st.Raw, st.Text)
	}
}

// oneLine is strings.Fields joined by spaces, and a text that needs nothing costs nothing: main made a
// slice of its words (and a new string) for every block.
func TestOneLine(t *testing.T) {
	for _, s := range []string{"", " ", "  ", "a", " a", "a ", "a  b", "a\tb", "a\nb ", "\u00a0a b\u00a0", "a b c",
		"é  ü", " \t ", "x\u2003y", "ab\r\n", "Judge Morrison adjourned the proceedings."} {
		if got, want := oneLine(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", s, got, want)
		}
	}
	clean := strings.Repeat("The council tested forty-two wells in the year under review. ", 20) + "Done."
	if n := testing.AllocsPerRun(100, func() { _ = oneLine(clean) }); n != 0 {
		t.Errorf("oneLine of a text that needs nothing: %.0f allocations", n)
	}
}

// pieces joins what was written across its pieces' boundaries as one string.
func TestPiecesJoinWhatWasWritten(t *testing.T) {
	for _, size := range []int{0, 10, pieceSize * 3} {
		var p pieces
		p.size = size
		var want strings.Builder
		for i := range 3000 {
			s := strings.Repeat(string(rune('a'+i%26)), i%700)
			p.WriteString(s)
			want.WriteString(s)
		}
		if p.Len() != want.Len() || p.String() != want.String() {
			t.Fatalf("size %d: pieces give %d bytes, want %d (or other bytes)", size, p.Len(), want.Len())
		}
	}
}
