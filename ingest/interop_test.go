package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/store"
)

// The conformance suite for annotation files other tools wrote (testdata/interop/*/README.md says where
// each comes from and under which licence): each imports, through the same dispatch as a file the person
// picks, with an exact count of what was placed and what was skipped, and why.

const interop = "testdata/interop"

// interopLibrary holds the documents the fixtures point at: the Odyssey (Recogito, Hypothesis, Readwise)
// and the page of the W3C model's examples.
func interopLibrary(t *testing.T) (*store.Store, store.Document, store.Document) {
	t.Helper()
	s := newStore(t)
	data, err := os.ReadFile(filepath.Join(interop, "w3c", "odyssey.txt"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.TrimSpace(string(data))
	odyssey, err := s.AddDocument(store.NewDocument{Title: "The Odyssey", Source: "Project Gutenberg", Format: "txt", Text: text, SHA256: TextSHA(text),
		URL: "https://www.gutenberg.org/files/1727/1727-h/1727-h.htm"})
	if err != nil {
		t.Fatal(err)
	}
	page := "Example page. Here this is an anotation that has some text in it."
	spec, err := s.AddDocument(store.NewDocument{Title: "Example page 1", Format: "txt", Text: page, SHA256: TextSHA(page), URL: "http://example.org/page1"})
	if err != nil {
		t.Fatal(err)
	}
	return s, odyssey, spec
}

func TestInteropFixtures(t *testing.T) {
	for _, tt := range []struct {
		file                           string
		placed, skipped, created, tags int
		reasons                        []string // in the report, each at least once
		authors                        []string // of the annotations created
	}{
		{"w3c/recogito-text-annotator.w3c.json", 3, 2, 3, 0,
			[]string{"9b6aa528-660a-4551-8265-66f45c61acab: by its quote at 743–774 (the file's position 741–772 was off by 2)", "no document in the library has the URL https://www.gutenberg.org (import the article first)"}, []string{"ktKoKXUSAY88XxClOvGp"}},
		{"w3c/annotorious.w3c.json", 0, 5, 0, 0,
			[]string{"its target is selected by SvgSelector, not by a passage of text", "selected by FragmentSelector", "nothing in it could be imported"}, nil},
		{"w3c/w3c-spec-examples.jsonld", 2, 4, 2, 1,
			[]string{"annotation http://example.org/anno23: by its quote", "no document in the library has the URL http://example.org/ebook1", "http://example.org/photo1"}, nil},
		{"hypothesis/hypothesis-export.json", 2, 3, 2, 3,
			[]string{"a reply to another annotation", "a page note on https://www.gutenberg.org/files/1727/1727-h/1727-h.htm with no quote", "no document in the library has the URL https://example.org/not-in-the-library"},
			[]string{"Ann Reader", "bob"}},
		{"hypothesis/hypothesis-api-links.json", 3, 1, 3, 1,
			[]string{"Zs5e0rBpEe-CCCCCCCCCCC: by its quote at 880–911 (the file's position 980–1021 was off by -100), its page found by its other address https://www.gutenberg.org/files/1727/1727-h/1727-h.htm",
				"At6f1sCqEe-DDDDDDDDDDD: by its quote at 30–58 (the file gave no position), its page found by its other address http://example.org/page1",
				"Bu7g2tDrEe-EEEEEEEEEEE: by its quote at 114–153 (the file gave no position)", // by its own uri
				"no document in the library has the URL https://news.example.com/amp/story-1 or any of its other addresses (https://news.example.com/story-1)"},
			[]string{"Carla Ortiz", "dan"}},
		{"readwise/readwise-export.csv", 2, 2, 2, 2,
			[]string{`no document in the library has the title "Another Book"`, `its quote "a passage not in the Odyssey at all" is not in the document's text`}, nil},
	} {
		t.Run(tt.file, func(t *testing.T) {
			s, _, _ := interopLibrary(t)
			report, err := ImportPaths(context.Background(), s, []string{filepath.Join(interop, tt.file)}, ImportOptions{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			lines := reportLines(report)
			if got := report.Count(StatusPlaced); got != tt.placed {
				t.Errorf("placed %d, want %d:\n%s", got, tt.placed, lines)
			}
			if got := report.Count(StatusSkipped); got != tt.skipped {
				t.Errorf("skipped %d, want %d:\n%s", got, tt.skipped, lines)
			}
			if report.AnnotationsCreated != tt.created || report.TagsCreated != tt.tags {
				t.Errorf("created %d annotations and %d tags, want %d and %d:\n%s", report.AnnotationsCreated, report.TagsCreated, tt.created, tt.tags, lines)
			}
			for _, want := range tt.reasons {
				if !strings.Contains(lines, want) {
					t.Errorf("the report does not say %q:\n%s", want, lines)
				}
			}
			anns, _ := s.Annotations(store.AnnotationFilter{})
			if len(anns) != tt.created {
				t.Errorf("%d annotations stored, want %d", len(anns), tt.created)
			}
			who := map[string]bool{}
			for _, a := range anns {
				who[a.Author] = true
				if a.Exact == "" {
					t.Errorf("empty quote: %+v", a)
				}
			}
			for _, name := range tt.authors {
				if !who[name] {
					t.Errorf("no annotation by %q (authors %v)", name, who)
				}
			}
			// Importing it again changes nothing.
			again, err := ImportPaths(context.Background(), s, []string{filepath.Join(interop, tt.file)}, ImportOptions{}, nil)
			if err != nil || again.AnnotationsCreated != 0 || again.TagsCreated != 0 {
				t.Errorf("second import: %v %d annotations, %d tags", err, again.AnnotationsCreated, again.TagsCreated)
			}
		})
	}
}

// TestHypothesisExportDetails: tags nested by "/", the note, times and the author's display name come in;
// the quote is placed where it stands, not at the browser's DOM position.
func TestHypothesisExportDetails(t *testing.T) {
	s, odyssey, _ := interopLibrary(t)
	if _, err := ImportPaths(context.Background(), s, []string{filepath.Join(interop, "hypothesis", "hypothesis-export.json")}, ImportOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	anns, _ := s.Annotations(store.AnnotationFilter{DocID: odyssey.ID})
	neptune, ok, _ := s.TagByPath("gods/Neptune")
	if !ok || len(anns) != 2 {
		t.Fatalf("tag %v, annotations %+v", ok, anns)
	}
	var ann store.Annotation
	for _, a := range anns {
		if a.Author == "Ann Reader" {
			ann = a
		}
	}
	text := []rune(strings.TrimSpace(readFixture(t, "w3c/odyssey.txt")))
	if ann.Note != "Neptune's grudge drives the whole plot." || len(ann.Tags) != 2 || ann.Tags[1] != neptune.ID ||
		string(text[ann.Start:ann.End]) != "all the gods had now begun to pity him except Neptune, who still persecuted him" ||
		ann.Created.Format("2006-01-02T15:04:05") != "2026-11-20T10:01:02" {
		t.Errorf("annotation = %+v", ann)
	}
	if _, ok, _ := s.TagByPath("translation"); ok {
		t.Error("the skipped page note's tag was created")
	}
}

func readFixture(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(interop, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestCSVInFolderNotReadwise: a spreadsheet that is not a Readwise export, found in a folder, is skipped;
// named, it is refused with the reason.
func TestCSVInFolderNotReadwise(t *testing.T) {
	s := newStore(t)
	dir := t.TempDir()
	path := write(t, filepath.Join(dir, "budget.csv"), []byte("year,amount\n2024,4\n"))
	r, _ := ImportPaths(context.Background(), s, []string{dir}, ImportOptions{}, nil)
	if len(r.Items) != 1 || r.Items[0].Status != StatusSkipped || !strings.Contains(r.Items[0].Reason, "not a Readwise export: no Highlight column") {
		t.Errorf("folder: %+v", r.Items)
	}
	r, _ = ImportPaths(context.Background(), s, []string{path}, ImportOptions{}, nil)
	if len(r.Items) != 1 || r.Items[0].Status != StatusFailed {
		t.Errorf("named: %+v", r.Items)
	}
}

// TestHypothesisPDFFingerprint: Hypothesis names a PDF it annotated from a file by urn:x-pdf: and PDF.js's
// fingerprint (the hex of the trailer's first /ID); the library's PDF with that document id is found,
// whatever the case of the hex, and one not in the library is named in the report.
func TestHypothesisPDFFingerprint(t *testing.T) {
	s := newStore(t)
	text := "Annual report. Revenue grew by four per cent while costs fell."
	pdf, err := s.AddDocument(store.NewDocument{Title: "Annual report", Format: "txt", Text: text, SHA256: TextSHA(text),
		Provenance: store.Provenance{Original: &store.Original{Path: "originals/r.pdf", SHA256: strings.Repeat("a", 64), MediaType: "application/pdf",
			Bytes: 1234, DocumentID: "9F86D081884C7D659A2FEAA0C55AD015"}}})
	if err != nil {
		t.Fatal(err)
	}
	file := []byte(`{"total": 2, "rows": [
 {"id": "pdf1", "uri": "urn:x-pdf:9f86d081884c7d659a2feaa0c55ad015", "user": "acct:eve@hypothes.is", "text": "growth",
  "target": [{"source": "urn:x-pdf:9f86d081884c7d659a2feaa0c55ad015", "selector": [{"type": "TextQuoteSelector", "exact": "Revenue grew by four per cent"}]}],
  "document": {"title": ["report.pdf"], "link": [{"href": "urn:x-pdf:9f86d081884c7d659a2feaa0c55ad015"}]}},
 {"id": "pdf2", "uri": "urn:x-pdf:0000aaaa", "user": "acct:eve@hypothes.is", "text": "",
  "target": [{"source": "urn:x-pdf:0000aaaa", "selector": [{"type": "TextQuoteSelector", "exact": "something"}]}]}
]}`)
	report, err := ImportBytes(s, "hypothesis.json", file)
	if err != nil {
		t.Fatal(err)
	}
	lines := reportLines(report)
	if report.AnnotationsCreated != 1 || !strings.Contains(lines, "no PDF in the library has the document id 0000aaaa") {
		t.Errorf("created %d:\n%s", report.AnnotationsCreated, lines)
	}
	anns, _ := s.Annotations(store.AnnotationFilter{DocID: pdf.ID})
	if len(anns) != 1 || anns[0].Exact != "Revenue grew by four per cent" || anns[0].Author != "eve" {
		t.Errorf("annotations = %+v", anns)
	}
}
