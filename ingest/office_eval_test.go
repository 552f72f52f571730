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
)

// The Word/OpenDocument quality set (testdata/office/quality, made by gen.py there with pandoc, then edited as
// Word files differ: endnotes, tracked changes, comments, runs split inside words, bookmarks and proofing
// marks). Each file is scored against its truth: word 4-gram (shingle) F1 of the whole text in reading order
// (notes at the end), the share of truth paragraphs found as one paragraph of Gloss's text, the share of
// headings written as headings, the comments found with their authors in the memo, and the metadata
// (title, authors, date). `pandoc -t plain`, where installed, is scored on the same files in the same run
// (text only). heldback/ was made with the set and only measured.

type officeTruth struct {
	Title      string   `json:"title"`
	Authors    []string `json:"authors"`
	Date       string   `json:"date"`
	Paragraphs []struct {
		Kind string `json:"kind"`
		Text string `json:"text"`
	} `json:"paragraphs"`
	Comments []struct {
		Author string `json:"author"`
		Text   string `json:"text"`
	} `json:"comments"`
}

type officeScore struct {
	f1, paras, headings, comments, meta float64
}

func (s *officeScore) add(o officeScore) {
	s.f1, s.paras, s.headings, s.comments, s.meta = s.f1+o.f1, s.paras+o.paras, s.headings+o.headings, s.comments+o.comments, s.meta+o.meta
}

func (s officeScore) div(n float64) officeScore {
	return officeScore{s.f1 / n, s.paras / n, s.headings / n, s.comments / n, s.meta / n}
}

func scoreOffice(t *testing.T, path string, truth officeTruth, debug bool) officeScore {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := ReadBytes(filepath.Base(path), data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var want []string
	for _, p := range truth.Paragraphs {
		want = append(want, p.Text)
	}
	var s officeScore
	s.f1 = shingleF1(evalTokens(doc.Text), evalTokens(strings.Join(want, "\n\n")))
	got := map[string]bool{}
	for _, p := range strings.Split(doc.Text, "\n\n") {
		got[p] = true
	}
	var heads, headsRight float64
	for _, p := range truth.Paragraphs {
		if got[p.Text] {
			s.paras++
		} else if debug {
			t.Logf("  %s: paragraph not found: %.90q", filepath.Base(path), p.Text)
		}
		if p.Kind == "h" {
			heads++
			if strings.Contains("\n"+doc.Raw, "# "+escapeMarkdown(p.Text)+"\n") {
				headsRight++
			} else if debug {
				t.Logf("  %s: not a heading: %.90q", filepath.Base(path), p.Text)
			}
		}
	}
	s.paras /= float64(len(truth.Paragraphs))
	s.headings = 1
	if heads > 0 {
		s.headings = headsRight / heads
	}
	s.comments = 1
	if len(truth.Comments) > 0 {
		memo := DOCXComments(data)
		found := 0
		for _, c := range truth.Comments {
			if strings.Contains(memo, "**"+escapeMarkdown(c.Author)+"**") && strings.Contains(memo, escapeMarkdown(c.Text)) {
				found++
			} else if debug {
				t.Logf("  %s: comment not found: %s: %q", filepath.Base(path), c.Author, c.Text)
			}
		}
		s.comments = float64(found) / float64(len(truth.Comments))
	}
	right := 0
	if doc.Title == truth.Title {
		right++
	}
	if strings.Join(doc.Meta.Authors, ";") == strings.Join(truth.Authors, ";") {
		right++
	}
	if doc.Date == truth.Date {
		right++
	}
	if debug && right < 3 {
		t.Logf("  %s: metadata %q %q %q", filepath.Base(path), doc.Title, doc.Meta.Authors, doc.Date)
	}
	s.meta = float64(right) / 3
	return s
}

func pandocPlain(path string) (string, error) {
	out, err := exec.Command("pandoc", "--track-changes=accept", "-t", "plain", "--wrap=none", path).Output()
	return string(out), err
}

func TestOfficeQualitySet(t *testing.T) {
	debug := os.Getenv("GLOSS_OFFICE_EVAL_DEBUG") != ""
	_, pandocErr := exec.LookPath("pandoc")
	for _, part := range []string{"set", "heldback"} {
		for _, group := range []struct{ ext, maker string }{{".docx", "pandoc"}, {".odt", "pandoc"}, {".docx", "LibreOffice"}, {".odt", "LibreOffice"}} {
			ext := group.ext
			all, _ := filepath.Glob(filepath.Join("testdata", "office", "quality", part, "*"+ext))
			var files []string // gen_lo.py's files (LibreOffice's own writing) are scored apart from gen.py's
			for _, f := range all {
				if strings.HasPrefix(filepath.Base(f), "lo-") == (group.maker == "LibreOffice") {
					files = append(files, f)
				}
			}
			if len(files) == 0 {
				t.Fatalf("no %s %s files in the office quality set's %s", group.maker, ext, part)
			}
			var gloss officeScore
			var baseline float64
			for _, path := range files {
				var truth officeTruth
				raw, err := os.ReadFile(path + ".truth.json")
				if err == nil {
					err = json.Unmarshal(raw, &truth)
				}
				if err != nil {
					t.Fatal(path, err)
				}
				g := scoreOffice(t, path, truth, debug && part == "set")
				gloss.add(g)
				line := "  %-22s F1 %.3f paragraphs %.3f headings %.3f comments %.3f metadata %.3f"
				args := []any{filepath.Base(path), g.f1, g.paras, g.headings, g.comments, g.meta}
				if pandocErr == nil {
					plain, err := pandocPlain(path)
					if err != nil {
						t.Fatal(err)
					}
					var want []string
					for _, p := range truth.Paragraphs {
						want = append(want, p.Text)
					}
					f1 := shingleF1(evalTokens(plain), evalTokens(strings.Join(want, "\n\n")))
					baseline += f1
					line += " | pandoc -t plain F1 %.3f"
					args = append(args, f1)
				}
				t.Logf(line, args...)
			}
			n := float64(len(files))
			gloss = gloss.div(n)
			t.Logf("%s %s %s (%d files): Gloss F1 %.3f, paragraphs %.3f, headings %.3f, comments %.3f, metadata %.3f", part, group.maker, ext, len(files), gloss.f1, gloss.paras, gloss.headings, gloss.comments, gloss.meta)
			if pandocErr == nil {
				t.Logf("%s %s %s (%d files): pandoc -t plain F1 %.3f", part, group.maker, ext, len(files), baseline/n)
			}
			// The goals hold on the set the reader was fixed against; the held-back part is reported.
			if part == "set" && (gloss.f1 < 0.99 || gloss.paras < 0.98 || gloss.headings < 0.99 || gloss.comments < 0.99 || gloss.meta < 0.99) {
				t.Errorf("%s %s: below the goals (F1 0.99, paragraphs 0.98, headings, comments and metadata 0.99)", part, ext)
			}
		}
	}
}

// LibreOffice's PDF export of the set's lo-* documents (gen_lo.py), scored as the PDF set is: shingle F1
// of the whole text, F1 without the notes (LibreOffice puts them at the foot of their page, the truth at
// the end), page attribution. The page each paragraph starts on is where pdftotext finds its first eight
// words, in its reading order or its layout mode (truthPageOf: a table row), so pdftotext's own attribution
// is not a baseline here, and without pdftotext the pages are not scored. pdftotext's text is the
// same-run baseline.
func TestLibreOfficePDFs(t *testing.T) {
	_, popplerErr := exec.LookPath("pdftotext")
	for _, part := range []string{"set", "heldback"} {
		files, _ := filepath.Glob(filepath.Join("testdata", "office", "quality", part, "lo-*.pdf"))
		if len(files) == 0 {
			t.Fatalf("no LibreOffice PDFs in %s", part)
		}
		var gloss, poppler pdfScore
		placedSum, shareSum := 0.0, 0.0
		for _, path := range files {
			var ot officeTruth
			raw, err := os.ReadFile(path + ".truth.json")
			if err == nil {
				err = json.Unmarshal(raw, &ot)
			}
			if err != nil {
				t.Fatal(path, err)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var pp, lp []string
			if popplerErr == nil {
				if pp, err = popplerPages(path); err != nil {
					t.Fatal(err)
				}
				if lp, err = popplerPages(path, "-layout"); err != nil {
					t.Fatal(err)
				}
			}
			truth := pdfTruth{Pages: len(pp)}
			for _, p := range ot.Paragraphs {
				if p.Kind == "h" && (p.Text == "Notes" || p.Text == "Endnotes") {
					continue // a word processor's PDF has no such heading: its notes are at the page's foot
				}
				text := p.Text
				if os.Getenv("GLOSS_EVAL_FIFTH_ROUND") == "" {
					// What the truth writes that the PDF does not have (GLOSS_EVAL_FIFTH_ROUND=1 scores with it,
					// as the fifth round did): " | " between a table row's cells, a word to evalTokens ('|' is
					// a symbol, not punctuation) that no reader writes; a note's reference as "[1]", which
					// the PDF sets as a raised "1".
					if p.Kind == "row" {
						text = strings.ReplaceAll(text, " | ", " ")
					}
					text = truthNoteRef.ReplaceAllString(text, "$1")
				}
				truth.Paragraphs = append(truth.Paragraphs, struct {
					Kind string `json:"kind"`
					Text string `json:"text"`
					Page int    `json:"page"`
				}{p.Kind, text, truthPageOf(pp, lp, p.Kind, text, p.Text)})
			}
			if pp != nil && os.Getenv("GLOSS_EVAL_NOTES_AT_END") == "" && os.Getenv("GLOSS_EVAL_FIFTH_ROUND") == "" {
				truth = notesAtPageEnd(truth, pp)
			}
			gp := glossPages(t, filepath.Base(path), data)
			g := scorePDF(gp, truth, "gloss")
			// The pages of the paragraphs the truth can place: one it cannot (a table row whose cells are
			// nowhere whole, say) has the truth page 0, which no text can match.
			placed := truth
			placed.Paragraphs = slices.DeleteFunc(slices.Clone(truth.Paragraphs), func(p struct {
				Kind string `json:"kind"`
				Text string `json:"text"`
				Page int    `json:"page"`
			}) bool {
				return p.Page == 0
			})
			share := 0.0 // of the paragraphs, those the truth places
			if pp != nil {
				share = float64(len(placed.Paragraphs)) / float64(len(truth.Paragraphs))
			}
			placedPages := 0.0
			if len(placed.Paragraphs) > 0 {
				placedPages = attributionOf(gp, placed)
			}
			gloss.f1, gloss.bodyF1, gloss.pages, gloss.paras, gloss.notes = gloss.f1+g.f1, gloss.bodyF1+g.bodyF1, gloss.pages+g.pages, gloss.paras+g.paras, gloss.notes+g.notes
			placedSum, shareSum = placedSum+placedPages, shareSum+share
			line := fmt.Sprintf("  %-22s gloss F1 %.3f (w/o notes %.3f) pages %.3f (the truth places %.3f; pages of those %.3f) paragraphs %.3f notes %.3f", filepath.Base(path), g.f1, g.bodyF1, g.pages, share, placedPages, g.paras, g.notes)
			if pp != nil {
				b := scorePDF(pp, truth, "pdftotext")
				poppler.f1, poppler.bodyF1, poppler.paras = poppler.f1+b.f1, poppler.bodyF1+b.bodyF1, poppler.paras+b.paras
				line += fmt.Sprintf(" | pdftotext F1 %.3f (w/o notes %.3f) paragraphs %.3f", b.f1, b.bodyF1, b.paras)
			}
			t.Log(line)
		}
		n := float64(len(files))
		t.Logf("%s LibreOffice PDFs (%d): Gloss F1 %.3f, w/o notes %.3f, pages %.3f (the truth places %.3f of the paragraphs; pages of those %.3f), paragraphs whole %.3f, notes whole %.3f; pdftotext F1 %.3f, w/o notes %.3f, paragraphs whole %.3f",
			part, len(files), gloss.f1/n, gloss.bodyF1/n, gloss.pages/n, shareSum/n, placedSum/n, gloss.paras/n, gloss.notes/n, poppler.f1/n, poppler.bodyF1/n, poppler.paras/n)
		// Not yet at the PDF set's goals (BENCHMARKS.md says why); pdftotext must not beat Gloss, and the
		// tuning part holds floors: F1 0.985 (0.990 since struck-through text is left out, 0.977 before),
		// paragraphs whole 0.95 (the sixth round's 0.955, less a little).
		if part == "set" && popplerErr == nil && (gloss.f1 < poppler.f1 || gloss.bodyF1 < poppler.bodyF1) {
			t.Errorf("LibreOffice PDFs: pdftotext beats Gloss (F1 %.3f vs %.3f, w/o notes %.3f vs %.3f)", poppler.f1/n, gloss.f1/n, poppler.bodyF1/n, gloss.bodyF1/n)
		}
		if part == "set" && os.Getenv("GLOSS_EVAL_FIFTH_ROUND") == "" && (gloss.f1/n < 0.985 || gloss.paras/n < 0.95) {
			t.Errorf("LibreOffice PDFs: F1 %.3f, paragraphs whole %.3f; the floors are 0.985 and 0.95", gloss.f1/n, gloss.paras/n)
		}
		// The page goal, since the truth places table rows too (2026-12-07: 0.997).
		if part == "set" && popplerErr == nil && os.Getenv("GLOSS_EVAL_FIFTH_ROUND") == "" && os.Getenv("GLOSS_EVAL_SIXTH_ROUND") == "" && gloss.pages/n < 0.99 {
			t.Errorf("LibreOffice PDFs: page attribution %.3f; the goal is 0.99", gloss.pages/n)
		}
	}
}

// notesAtPageEnd puts the truth's footnotes where the rule for notes (settled 2026-12-03 for the Chromium
// set, whose truth gen.py writes by it) reads them: at the end of their page's text, kept apart, and
// before a paragraph that runs on to the next page (and a heading right above it), so that they stay on
// their page and the paragraph stays whole. The document's truth has them at its end, as a Word file's
// text does (GLOSS_EVAL_NOTES_AT_END=1 scores with that order). A note's page and a paragraph's are where
// pdftotext finds their first eight words; a paragraph runs on when its last eight are on a later page;
// one pdftotext does not place (page 0: a table row) is taken to be on the page of the one before it.
func notesAtPageEnd(truth pdfTruth, pages []string) pdfTruth {
	type para = struct {
		Kind string `json:"kind"`
		Text string `json:"text"`
		Page int    `json:"page"`
	}
	var notes, out []para
	for _, p := range truth.Paragraphs {
		if p.Kind == "fn" {
			notes = append(notes, p)
		}
	}
	last := 1
	for _, p := range truth.Paragraphs {
		if p.Kind == "fn" {
			continue
		}
		start := p.Page
		if start == 0 {
			start = last
		}
		end := start
		if toks := evalTokens(p.Text); len(toks) > 8 {
			if e := pageOfWords(pages, strings.Join(toks[len(toks)-8:], " ")); e > start {
				end = e
			}
		}
		last = start
		for len(notes) > 0 {
			np := notes[0].Page
			if np == 0 || !(start > np || start == np && end > np) {
				break
			}
			at := len(out)
			if start == np && end > np && at > 0 && out[at-1].Kind == "h" {
				at-- // before the heading of the paragraph that runs on
			}
			out = slices.Insert(out, at, notes[0])
			notes = notes[1:]
		}
		out = append(out, p)
	}
	truth.Paragraphs = append(out, notes...)
	return truth
}

// truthPage is where pdftotext finds a paragraph's first eight words; a list item's words after its mark
// ("1.", "b)", "(iv)") where pdftotext writes the numbers apart from the items (not in the fifth round's
// scoring, GLOSS_EVAL_FIFTH_ROUND=1).
func truthPage(pages []string, kind, text string) int {
	page := pageOfWords(pages, text)
	if page == 0 && kind == "li" && os.Getenv("GLOSS_EVAL_FIFTH_ROUND") == "" {
		if mark, rest, ok := strings.Cut(strings.TrimSpace(text), " "); ok && truthListMark.MatchString(mark) {
			page = pageOfWords(pages, rest)
		}
	}
	// A footnote's number, which pdftotext writes apart from its text too (not before 2026-12-04, nor with
	// GLOSS_EVAL_NOTES_AT_END=1).
	if page == 0 && kind == "fn" && os.Getenv("GLOSS_EVAL_FIFTH_ROUND") == "" && os.Getenv("GLOSS_EVAL_NOTES_AT_END") == "" {
		if mark, rest, ok := strings.Cut(strings.TrimSpace(text), " "); ok && truthNoteMark.MatchString(mark) {
			page = pageOfWords(pages, rest)
		}
	}
	return page
}

// truthPageOf is truthPage in pdftotext's reading order, else in its layout mode's (-layout), which
// keeps a table row's cells on their line where the reading order gives a table column by column; a row
// whose cells wrap onto two lines is on the one page where the reading order has each of its cells of
// two words or more (raw is the row as the truth writes it, cells apart by " | ").
// GLOSS_EVAL_SIXTH_ROUND=1 places by the reading order alone, as before 2026-12-07.
func truthPageOf(pages, layout []string, kind, text, raw string) int {
	page := truthPage(pages, kind, text)
	if page != 0 || layout == nil || os.Getenv("GLOSS_EVAL_SIXTH_ROUND") != "" {
		return page
	}
	if page = truthPage(layout, kind, text); page != 0 || kind != "row" {
		return page
	}
	for cell := range strings.SplitSeq(raw, " | ") {
		if len(evalTokens(cell)) < 2 {
			continue // a number or a word: on many pages
		}
		p := pageOfWords(pages, cell)
		if p == 0 || page != 0 && p != page {
			return 0
		}
		page = p
	}
	return page
}

var truthNoteMark = regexp.MustCompile(`^\[?[0-9]{1,3}\]?$`)

var truthListMark = regexp.MustCompile(`^\(?([0-9]{1,3}|[a-z]|[ivxlc]{1,6})[.)]$`)

// truthNoteRef is a note's reference as the truth writes it ("[1]"), right after a word.
var truthNoteRef = regexp.MustCompile(`\[([0-9]{1,3})\]`)

// pageOfWords is the 1-based page whose text holds text's first eight words in a row (0: none).
func pageOfWords(pages []string, text string) int {
	want := evalTokens(text)
	want = want[:min(len(want), 8)]
	for i, p := range pages {
		toks := evalTokens(p)
		for j := 0; j+len(want) <= len(toks); j++ {
			if slices.Equal(toks[j:j+len(want)], want) {
				return i + 1
			}
		}
	}
	return 0
}
