package ingest

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// The PDF quality set (ingest/pdf/testdata/quality, made by gen.py there): documents of known text printed
// to PDF by Chromium in one and two columns, with running headers and footers, footnotes, hyphenation and
// paragraphs running on across pages. Gloss's text is scored against the truth by word 4-gram (shingle)
// F1, which counts reading order, and by page attribution: the share of paragraphs found on the page they
// start on. pdftotext (poppler), where installed, is scored on the same files in the same run. heldback/
// was never looked at while the layout rules were written; it is measured and reported apart. heldback2/
// (2026-12-03) is a fresh held-back part, made after the second round of layout fixes and only measured;
// heldback3/ (the stop after) was made before the note-placement rule was settled, and only measured.

type pdfTruth struct {
	Title      string `json:"title"`
	Pages      int    `json:"pages"`
	Paragraphs []struct {
		Kind string `json:"kind"`
		Text string `json:"text"`
		Page int    `json:"page"`
	} `json:"paragraphs"`
}

type pageToken struct {
	tok  string
	page int
}

func evalTokens(s string) []string {
	var out []string
	for _, f := range strings.Fields(strings.ToLower(s)) {
		f = strings.TrimFunc(f, func(r rune) bool { return unicode.IsPunct(r) && r != '%' })
		if f != "" {
			out = append(out, f)
		}
	}
	return out
}

// shingleF1 compares bags of word 4-grams.
func shingleF1(got, want []string) float64 {
	grams := func(t []string) map[string]int {
		m := map[string]int{}
		for i := 0; i+4 <= len(t); i++ {
			m[strings.Join(t[i:i+4], " ")]++
		}
		return m
	}
	g, w := grams(got), grams(want)
	common, ng, nw := 0, 0, 0
	for k, n := range g {
		common += min(n, w[k])
		ng += n
	}
	for _, n := range w {
		nw += n
	}
	if common == 0 {
		return 0
	}
	p, r := float64(common)/float64(ng), float64(common)/float64(nw)
	return 2 * p * r / (p + r)
}

// attribution: the share of truth paragraphs whose first 25 words are found, in order, on their page.
func attribution(stream []pageToken, truth pdfTruth, who string) float64 {
	right, cursor := 0, 0
	for _, p := range truth.Paragraphs {
		want := evalTokens(p.Text)
		want = want[:min(len(want), 25)] // two sentences or more: unique in the set
		find := func(from int) int {
			for i := from; i+len(want) <= len(stream); i++ {
				ok := true
				for j, w := range want {
					if stream[i+j].tok != w {
						ok = false
						break
					}
				}
				if ok {
					return i
				}
			}
			return -1
		}
		at := find(cursor)
		if at < 0 {
			at = find(0)
		}
		if at < 0 && os.Getenv("GLOSS_PDF_EVAL_DEBUG") != "" {
			fmt.Printf("  %s: not found: %.60s\n", who, p.Text)
		}
		if at >= 0 {
			cursor = at + len(want) // past what was found: a one-word heading is not found inside it
			if stream[at].page == p.Page {
				right++
			} else if os.Getenv("GLOSS_PDF_EVAL_DEBUG") != "" {
				fmt.Printf("  %s: page %d, found on %d: %.60s\n", who, p.Page, stream[at].page, p.Text)
			}
		}
	}
	return float64(right) / float64(len(truth.Paragraphs))
}

// pdfScore: bodyF1 is the shingle F1 with the footnotes taken out of both texts (each truth note's words
// cut where they are found), so that where the notes were put does not count. The rule for where they go
// (settled 2026-12-03, gen.py writes the truth by it): at the end of their page's text, kept apart; before
// a paragraph that runs on to the next page (and the heading right above it), so that they stay on their
// page and the paragraph stays whole. The truth files made before had them after that paragraph.
//
// paras is the share of the truth's paragraphs (headings, list items, table rows and notes each one) that
// are a block of the text whole: its words and no others between two blank lines. F1 and pages count
// words in order and do not see where blocks end; this does.
//
// notes is the share of the truth's footnotes that are a block of the text whole (1 when it has none): a
// note read into a sentence or a paragraph, or a paragraph into it, is not.
type pdfScore struct{ f1, tokF1, pages, bodyF1, paras, notes float64 }

var evalBlankLine = regexp.MustCompile(`\n[ \t\f]*\n`)

// wholeParagraphs: the share of the truth's paragraphs that are a block of the text (see pdfScore).
func wholeParagraphs(pages []string, truth pdfTruth, who string) float64 {
	blocks := map[string]int{}
	for _, b := range evalBlankLine.Split(strings.Join(pages, "\n"), -1) {
		blocks[strings.Join(evalTokens(b), " ")]++
	}
	whole := 0
	for _, p := range truth.Paragraphs {
		k := strings.Join(evalTokens(p.Text), " ")
		if blocks[k] > 0 {
			blocks[k]--
			whole++
		} else if os.Getenv("GLOSS_PDF_EVAL_DEBUG") != "" {
			fmt.Printf("  %s: not whole: %.60s\n", who, p.Text)
		}
	}
	return float64(whole) / float64(max(len(truth.Paragraphs), 1))
}

func withoutNotes(all []string, truth pdfTruth) []string {
	out := slices.Clone(all)
	for _, p := range truth.Paragraphs {
		if p.Kind != "fn" {
			continue
		}
		want := evalTokens(p.Text)
		for i := 0; i+len(want) <= len(out); i++ {
			if slices.Equal(out[i:i+len(want)], want) {
				out = slices.Delete(out, i, i+len(want))
				break
			}
		}
	}
	return out
}

func scorePDF(pages []string, truth pdfTruth, who string) pdfScore {
	var stream []pageToken
	var all []string
	for i, text := range pages {
		for _, t := range evalTokens(text) {
			stream = append(stream, pageToken{t, i + 1})
			all = append(all, t)
		}
	}
	var want, body []string
	for _, p := range truth.Paragraphs {
		want = append(want, evalTokens(p.Text)...)
		if p.Kind != "fn" {
			body = append(body, evalTokens(p.Text)...)
		}
	}
	_, _, tf1 := tokenF1(strings.Join(all, " "), strings.Join(want, " "))
	return pdfScore{f1: shingleF1(all, want), tokF1: tf1, pages: attribution(stream, truth, who), bodyF1: shingleF1(withoutNotes(all, truth), body),
		paras: wholeParagraphs(pages, truth, who), notes: notesWhole(pages, truth, who)}
}

// notesWhole: the share of the truth's footnotes that are a block of the text (1 without notes).
func notesWhole(pages []string, truth pdfTruth, who string) float64 {
	notes := truth
	notes.Paragraphs = nil
	for _, p := range truth.Paragraphs {
		if p.Kind == "fn" {
			notes.Paragraphs = append(notes.Paragraphs, p)
		}
	}
	if len(notes.Paragraphs) == 0 {
		return 1
	}
	return wholeParagraphs(pages, notes, who+" (notes)")
}

// attributionOf is the page attribution of a text's pages against truth.
func attributionOf(pages []string, truth pdfTruth) float64 {
	var stream []pageToken
	for i, text := range pages {
		for _, t := range evalTokens(text) {
			stream = append(stream, pageToken{t, i + 1})
		}
	}
	return attribution(stream, truth, "gloss (placed)")
}

func glossPages(t *testing.T, name string, data []byte) []string {
	doc, err := readPDFBytes(name, data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	rs := []rune(doc.Text)
	var out []string
	for i, at := range doc.Provenance.Pages {
		end := len(rs)
		if i+1 < len(doc.Provenance.Pages) {
			end = doc.Provenance.Pages[i+1]
		}
		out = append(out, string(rs[at:end]))
	}
	return out
}

// popplerPages is pdftotext's text of each page, in its reading order or with flags such as -layout (the
// text as placed on the page: a line across its columns, a table's row, stays a line).
func popplerPages(path string, flags ...string) ([]string, error) {
	out, err := exec.Command("pdftotext", append(flags, "-enc", "UTF-8", path, "-")...).Output()
	if err != nil {
		return nil, err
	}
	return strings.Split(strings.TrimRight(string(out), "\f"), "\f"), nil
}

func TestPDFQualitySet(t *testing.T) {
	_, popplerErr := exec.LookPath("pdftotext")
	// tracked/ (tuning) and heldback4/ (only measured): tracked changes printed, deletions struck through;
	// the truth is the text as accepted.
	for _, part := range []string{"set", "heldback", "heldback2", "heldback3", "tracked", "heldback4"} {
		files, _ := filepath.Glob(filepath.Join("pdf", "testdata", "quality", part, "*.pdf"))
		if part != "set" && part != "heldback" && len(files) == 0 {
			continue // only before the fresh held-back part was made
		}
		if len(files) == 0 {
			t.Fatalf("no PDFs in the quality set's %s", part)
		}
		var gloss, poppler pdfScore
		for _, path := range files {
			var truth pdfTruth
			raw, err := os.ReadFile(strings.TrimSuffix(path, ".pdf") + ".truth.json")
			if err == nil {
				err = json.Unmarshal(raw, &truth)
			}
			if err != nil {
				t.Fatal(path, err)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			g := scorePDF(glossPages(t, filepath.Base(path), data), truth, "gloss")
			gloss.f1, gloss.tokF1, gloss.pages, gloss.bodyF1, gloss.paras, gloss.notes = gloss.f1+g.f1, gloss.tokF1+g.tokF1, gloss.pages+g.pages, gloss.bodyF1+g.bodyF1, gloss.paras+g.paras, gloss.notes+g.notes
			line := "  %-30s gloss F1 %.3f (tokens %.3f) pages %.3f paragraphs %.3f"
			args := []any{filepath.Base(path), g.f1, g.tokF1, g.pages, g.paras}
			if popplerErr == nil {
				pp, err := popplerPages(path)
				if err != nil {
					t.Fatal(err)
				}
				p := scorePDF(pp, truth, "pdftotext")
				poppler.f1, poppler.tokF1, poppler.pages, poppler.bodyF1, poppler.paras = poppler.f1+p.f1, poppler.tokF1+p.tokF1, poppler.pages+p.pages, poppler.bodyF1+p.bodyF1, poppler.paras+p.paras
				line += " | pdftotext F1 %.3f (tokens %.3f) pages %.3f paragraphs %.3f"
				args = append(args, p.f1, p.tokF1, p.pages, p.paras)
			}
			t.Logf(line, args...)
		}
		n := float64(len(files))
		gloss = pdfScore{gloss.f1 / n, gloss.tokF1 / n, gloss.pages / n, gloss.bodyF1 / n, gloss.paras / n, gloss.notes / n}
		t.Logf("%s (%d PDFs): Gloss shingle F1 %.3f, token F1 %.3f, page attribution %.3f, F1 without notes %.3f, paragraphs whole %.3f, notes whole %.3f", part, len(files), gloss.f1, gloss.tokF1, gloss.pages, gloss.bodyF1, gloss.paras, gloss.notes)
		if popplerErr == nil {
			poppler = pdfScore{poppler.f1 / n, poppler.tokF1 / n, poppler.pages / n, poppler.bodyF1 / n, poppler.paras / n, 0}
			t.Logf("%s (%d PDFs): pdftotext shingle F1 %.3f, token F1 %.3f, page attribution %.3f, F1 without notes %.3f, paragraphs whole %.3f", part, len(files), poppler.f1, poppler.tokF1, poppler.pages, poppler.bodyF1, poppler.paras)
			if poppler.f1 > gloss.f1 || poppler.pages > gloss.pages {
				t.Errorf("%s: pdftotext beats Gloss", part)
			}
		}
		// The goals hold for the set the rules were written against; the held-back part is reported (and
		// must still beat pdftotext) so that a drop there shows rules fitted too closely.
		if part == "set" && (gloss.f1 < 0.99 || gloss.pages < 0.99) {
			t.Errorf("%s: Gloss F1 %.3f, page attribution %.3f; the goals are 0.99 and 0.99", part, gloss.f1, gloss.pages)
		}
		if part == "tracked" && (gloss.f1 < 0.99 || gloss.pages < 0.99) { // main read the struck text: 0.955 / 0.874
			t.Errorf("%s: Gloss F1 %.3f, page attribution %.3f; the goals are 0.99 and 0.99", part, gloss.f1, gloss.pages)
		}
		if part == "set" && gloss.paras < 0.98 { // 0.983 in the sixth round (0.789 before it)
			t.Errorf("%s: Gloss paragraphs whole %.3f; the floor is 0.98", part, gloss.paras)
		}
	}
}

// tokenF1 is the bag-of-words F1 of got against want (lower-cased, split on white space).
func tokenF1(got, want string) (precision, recall, f1 float64) {
	bag := map[string]int{}
	wantTokens := strings.Fields(strings.ToLower(want))
	for _, tok := range wantTokens {
		bag[tok]++
	}
	gotTokens := strings.Fields(strings.ToLower(got))
	common := 0
	for _, tok := range gotTokens {
		if bag[tok] > 0 {
			bag[tok]--
			common++
		}
	}
	if common == 0 {
		return 0, 0, 0
	}
	precision = float64(common) / float64(len(gotTokens))
	recall = float64(common) / float64(len(wantTokens))
	return precision, recall, 2 * precision * recall / (precision + recall)
}
