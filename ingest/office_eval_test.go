package ingest

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
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
