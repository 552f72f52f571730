package ingest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A PDF of a document with tracked changes prints the deleted text struck through; Gloss leaves it out
// (the text as the document reads now) and the import report names the pages. On main the struck words
// were read as text: this file's text had 56 words that its accepted text does not.
func TestPDFStruckThroughTextLeftOut(t *testing.T) {
	path := filepath.Join("pdf", "testdata", "quality", "tracked", "t-one-tracked.pdf")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var truth pdfTruth
	raw, err := os.ReadFile(strings.TrimSuffix(path, ".pdf") + ".truth.json")
	if err == nil {
		err = json.Unmarshal(raw, &truth)
	}
	if err != nil {
		t.Fatal(err)
	}
	doc, err := readPDFBytes("t-one-tracked.pdf", data)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{}
	for _, p := range truth.Paragraphs {
		for _, w := range evalTokens(p.Text) {
			want[w]++
		}
	}
	extra := 0
	for _, w := range evalTokens(doc.Text) {
		if want[w] > 0 {
			want[w]--
		} else {
			extra++
		}
	}
	missing := 0
	for _, n := range want {
		missing += n
	}
	if extra != 0 || missing != 0 {
		t.Errorf("the text has %d words the accepted document does not, and lacks %d of its words", extra, missing)
	}
	if m := strayPunctuation.FindString(doc.Text); m != "" { // a struck sentence's full stop left behind
		t.Errorf("stray punctuation in the text: %q", m)
	}
	if got := doc.Provenance.Original.Struck; len(got) != 3 {
		t.Errorf("pages with struck text: %v, want 1, 2, 3", got)
	}
	if w := unreadableWarning(doc); w != "struck-through text on pages 1–3 (deleted in tracked changes?) is left out: the text reads as the document does now; the original keeps it" {
		t.Errorf("report: %q", w)
	}
	// A PDF without struck text says nothing of it.
	plain, err := readPDFBytes("one-plain.pdf", pdfFixture(t, "quality/set/one-plain.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if w := unreadableWarning(plain); w != "" || plain.Provenance.Original.Struck != nil {
		t.Errorf("one-plain.pdf: %q, %v", w, plain.Provenance.Original.Struck)
	}
}

var strayPunctuation = regexp.MustCompile(`(^|\s)[.,;:'’]+(\s|$)`)
