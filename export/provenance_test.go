package export_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"gloss/export"
	"gloss/ingest"
	"gloss/store"
	"gloss/storetest"
)

// provenanceLibrary is a library with the provenance every export must carry: an article captured from
// the web twice (its second capture changed the text: one quote moved, one orphaned, one made on the
// new version) and a PDF report with pages (a quote on one page, one across a page break), plus an
// Arabic article (right to left).
type provenanceLibrary struct {
	s                 *store.Store
	article, pdf, rtl store.Document
}

const (
	provV1  = "The council approved a budget of 4 million euros on Monday. Critics called the plan reckless. The mayor said the vote was final."
	provV2  = "The council approved a budget of 4.5 million euros on Monday. The mayor said the vote was final."
	provPDF = "Summary of the filing.\n\nThe court found that the agency\n\nhad acted unlawfully in 2019."
	provRTL = "قال الوزير إن الميزانية نهائية."
)

var (
	captured1 = time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)
	captured2 = time.Date(2026, 12, 2, 14, 3, 0, 0, time.UTC)
	made      = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
)

func newProvenanceLibrary(t *testing.T) *provenanceLibrary {
	t.Helper()
	s := storetest.Open(t)
	if err := s.SetAuthor("Ada Reporter"); err != nil {
		t.Fatal(err)
	}
	l := &provenanceLibrary{s: s}
	capture := func(at time.Time, sha, record string) *store.Capture {
		return &store.Capture{URL: "http://daily.example/budget?utm_source=feed", FinalURL: "https://daily.example/2026/12/budget",
			Redirects: []string{"https://daily.example/2026/12/budget"}, RetrievedAt: at, Status: 200,
			PayloadSHA256: sha, TextSHA256: strings.Repeat("b", 64), WARCFile: "captures/2026-12.warc.gz", WARCRecordID: "<urn:uuid:" + record + ">"}
	}
	var err error
	l.article, err = s.AddDocument(store.NewDocument{Title: "Council passes budget", Date: "2026-11-30", Source: "Daily Example",
		URL: "https://daily.example/2026/12/budget", Format: "txt", Text: provV1, SHA256: strings.Repeat("1", 64),
		Meta:       store.Meta{Authors: []string{"Rita Writer", "Sam Second"}, Canonical: "https://daily.example/2026/12/budget"},
		Provenance: store.Provenance{Capture: capture(captured1, strings.Repeat("a", 64), "11111111-1111-4111-8111-111111111111")}})
	if err != nil {
		t.Fatal(err)
	}
	tag, err := s.CreateTag(store.NewTag{Name: "Claims"})
	if err != nil {
		t.Fatal(err)
	}
	child, err := s.CreateTag(store.NewTag{Name: "Numbers", Parent: tag.ID})
	if err != nil {
		t.Fatal(err)
	}
	annotateAt := func(created time.Time, d store.Document, text, quote, note string, tags ...string) {
		t.Helper()
		at := strings.Index(text, quote)
		if at < 0 {
			t.Fatalf("%q not in %q", quote, text)
		}
		start := utf8.RuneCountInString(text[:at])
		if _, err := s.CreateAnnotation(store.NewAnnotation{DocID: d.ID, Start: start, End: start + utf8.RuneCountInString(quote),
			Tags: tags, Note: note, Created: created}); err != nil {
			t.Fatal(err)
		}
	}
	annotate := func(d store.Document, text, quote, note string, tags ...string) {
		t.Helper()
		annotateAt(made, d, text, quote, note, tags...)
	}
	annotate(l.article, provV1, "The mayor said the vote was final", "Check with the mayor's office.", tag.ID)
	annotate(l.article, provV1, "Critics called the plan reckless", "")
	annotate(l.article, provV1, "council approved a budget of 4 million euros", "")
	if _, _, err := s.AddVersion(l.article.ID, store.NewVersion{Text: provV2,
		Provenance: store.Provenance{Capture: capture(captured2, strings.Repeat("c", 64), "22222222-2222-4222-8222-222222222222")}}); err != nil {
		t.Fatal(err)
	}
	annotateAt(time.Time{}, l.article, provV2, "4.5 million euros", "The figure changed.", child.ID) // now: on version 2

	pages := []int{0, utf8.RuneCountInString("Summary of the filing.\n\n"), utf8.RuneCountInString("Summary of the filing.\n\nThe court found that the agency\n\n")}
	l.pdf, err = s.AddDocument(store.NewDocument{Title: "Ruling 19-204", Date: "2020-03-04", Source: "ruling.pdf", Format: "txt", Text: provPDF,
		SHA256: strings.Repeat("2", 64), Meta: store.Meta{Authors: []string{"District Court"}},
		Provenance: store.Provenance{Pages: pages, Original: &store.Original{Path: "originals/ruling.pdf", SHA256: strings.Repeat("d", 64), MediaType: "application/pdf", Bytes: 1234}}})
	if err != nil {
		t.Fatal(err)
	}
	annotate(l.pdf, provPDF, "the agency\n\nhad acted unlawfully", "Key finding.", child.ID)
	annotate(l.pdf, provPDF, "Summary", "")

	l.rtl, err = s.AddDocument(store.NewDocument{Title: "الميزانية", Source: "Akhbar", URL: "https://akhbar.example/a/1", Format: "txt", Text: provRTL, SHA256: strings.Repeat("3", 64),
		Meta: store.Meta{Language: "ar"}})
	if err != nil {
		t.Fatal(err)
	}
	annotate(l.rtl, provRTL, "الميزانية نهائية", "")
	return l
}

// TestEvidencePackProvenance: the pack gives each quote its source URL, the capture time and hash of the
// version it was made on and that version's wording, page citations, dir="auto" on every text block,
// the article's language on its title and quotes where known, and no jargon (gloss:// links, character offsets). Golden: testdata/export/provenance_html.golden.
func TestEvidencePackProvenance(t *testing.T) {
	l := newProvenanceLibrary(t)
	got := exportString(t, l.s, "html", export.ExportOptions{})
	for _, bad := range []string{"gloss://", "characters ", "urn:uuid:" + l.article.ID} {
		if strings.Contains(got, bad) {
			t.Errorf("the pack says %q", bad)
		}
	}
	for _, want := range []string{
		`<p class="cite">By Rita Writer, Sam Second · Daily Example · published 2026-11-30 · <a href="https://daily.example/2026/12/budget">https://daily.example/2026/12/budget</a> · captured 2 Dec 2026 14:03 UTC</p>`,
		// The orphan was made on version 1: its wording then, its capture then.
		`<mark style="background: #fff1a8">Critics called the plan reckless</mark>`,
		`Quoted from version 1 of 2 (the article has changed since: this is its wording then), captured 1 Dec 2026 09:30 UTC from <a href="https://daily.example/2026/12/budget">https://daily.example/2026/12/budget</a> · SHA-256 of the page as received: <code>` + strings.Repeat("a", 64) + `</code> · kept as WARC record <code>urn:uuid:11111111-1111-4111-8111-111111111111</code>`,
		`no longer found in the current version (2)`,
		// The mayor's quote was made on version 1 and moved to version 2 with it.
		`First quoted on version 1, captured 1 Dec 2026 09:30 UTC (SHA-256 <code>` + strings.Repeat("a", 64) + `</code>), with the same wording`,
		`Quoted from version 2 of 2, captured 2 Dec 2026 14:03 UTC from`,
		`<code>` + strings.Repeat("c", 64) + `</code>`,
		`Ada Reporter · 2026-12-01T10:00:00Z · pp. 2–3</p>`,
		`where it read: “council approved a budget of 4 million euros”`,
		`Ada Reporter · 2026-12-01T10:00:00Z · p. 1</p>`,
		`<blockquote dir="auto">`, `<div class="note" dir="auto">`,
		// The Arabic article's title and quote carry its language, for screen readers, fonts and hyphens.
		`<h2 dir="auto" lang="ar">الميزانية</h2>`, `<blockquote dir="auto" lang="ar">`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the pack lacks %q", want)
		}
	}
	checkGolden(t, "provenance_html", got)
}

// TestJSONLDProvenance: the article's URL is every target's source (Gloss's id beside it), captured
// versions carry a TimeState whose cached is the capture's WARC record, paged versions an RFC 3778
// FragmentSelector; a document without a URL keeps its urn:uuid.
func TestJSONLDProvenance(t *testing.T) {
	l := newProvenanceLibrary(t)
	out := exportString(t, l.s, "jsonld", export.ExportOptions{})
	var ld struct {
		First struct {
			Items []struct {
				Target struct {
					Source   string `json:"source"`
					Document string `json:"gloss:document"`
					Version  int    `json:"gloss:version"`
					State    *struct {
						Type, SourceDate, Cached string
					} `json:"state"`
					Selector []map[string]any `json:"selector"`
				} `json:"target"`
			} `json:"items"`
		} `json:"first"`
	}
	if err := json.Unmarshal([]byte(out), &ld); err != nil {
		t.Fatal(err)
	}
	byDoc := map[string][]int{}
	for i, it := range ld.First.Items {
		byDoc[it.Target.Document] = append(byDoc[it.Target.Document], i)
	}
	if len(ld.First.Items) != 7 || len(byDoc["urn:uuid:"+l.article.ID]) != 4 {
		t.Fatalf("%d items: %v", len(ld.First.Items), byDoc)
	}
	for _, i := range byDoc["urn:uuid:"+l.article.ID] {
		tg := ld.First.Items[i].Target
		want := map[int]string{1: "2026-12-01T09:30:00Z urn:uuid:11111111-1111-4111-8111-111111111111", 2: "2026-12-02T14:03:00Z urn:uuid:22222222-2222-4222-8222-222222222222"}[tg.Version]
		if tg.Source != "https://daily.example/2026/12/budget" || tg.State == nil || tg.State.Type != "TimeState" || tg.State.SourceDate+" "+tg.State.Cached != want || len(tg.Selector) != 2 {
			t.Errorf("article target = %+v (state %+v)", tg, tg.State)
		}
	}
	pages := map[string]bool{}
	for _, i := range byDoc["urn:uuid:"+l.pdf.ID] {
		tg := ld.First.Items[i].Target
		if tg.Source != "urn:uuid:"+l.pdf.ID || tg.State != nil || len(tg.Selector) != 3 {
			t.Fatalf("pdf target = %+v", tg)
		}
		f := tg.Selector[2]
		if f["type"] != "FragmentSelector" || f["conformsTo"] != "http://tools.ietf.org/rfc/rfc3778" {
			t.Errorf("fragment = %v", f)
		}
		pages[f["value"].(string)] = true
	}
	if !pages["page=1"] || !pages["page=2"] {
		t.Errorf("pages = %v", pages)
	}
	checkExpandsCleanly(t, out)
	validateWithStandards(t, out)
}

// validateWithStandards runs ../shared/standards/validate_exports.sh (the W3C model suite's MUST
// assertions) on a JSON-LD export when the shared standards and node are here.
func validateWithStandards(t *testing.T, jsonld string) {
	t.Helper()
	script := ""
	for _, dir := range []string{filepath.Join("..", "..", "shared"), "/work/shared"} { // beside the checkout (CI), or the workplace's
		if p, err := filepath.Abs(filepath.Join(dir, "standards", "validate_exports.sh")); err == nil {
			if _, err := os.Stat(p); err == nil {
				script = p
				break
			}
		}
	}
	if script == "" {
		t.Skip("shared standards not here (../shared/standards)")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node not installed: the W3C suite runs in node")
	}
	path := filepath.Join(t.TempDir(), "export.jsonld")
	if err := os.WriteFile(path, []byte(jsonld), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("bash", script, "--jsonld", path).CombinedOutput()
	if strings.Contains(string(out), "registry unreachable") {
		t.Skip("the validator's npm packages cannot be installed here")
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if err != nil || lines[len(lines)-1] != "ok" {
		t.Errorf("validate_exports.sh: %v\n%s", err, out)
	}
}

// TestMarkdownForObsidian: one note per document has front matter Obsidian reads as properties (url,
// outlet, authors and tags as YAML lists, published, captured), quotes linked to the article's URL with
// their page and a block id, nested #tags, and no gloss:// link; one note per annotation has the same
// per quote.
func TestMarkdownForObsidian(t *testing.T) {
	l := newProvenanceLibrary(t)
	dir := t.TempDir()
	if err := export.ExportToPath(l.s, "md", dir, export.ExportOptions{PerDocument: true}); err != nil {
		t.Fatal(err)
	}
	note, err := os.ReadFile(filepath.Join(dir, "Council passes budget.md"))
	if err != nil {
		t.Fatal(err)
	}
	got := string(note)
	for _, want := range []string{
		"---\ntitle: Council passes budget\nurl: https://daily.example/2026/12/budget\noutlet: Daily Example\nauthors:\n    - Rita Writer\n    - Sam Second\npublished: \"2026-11-30\"\ncaptured: \"2026-12-02T14:03:00Z\"\ntags:\n    - Claims/Numbers\n    - Claims\n",
		"> — [Council passes budget](<https://daily.example/2026/12/budget>) · Daily Example · 2026-11-30 ^gloss-",
		"#Claims/Numbers",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the note lacks %q:\n%s", want, got)
		}
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "Ruling 19-204.md"))
	if err != nil || !strings.Contains(string(pdf), "> — Ruling 19-204 · pp. 2–3 · ruling.pdf · 2020-03-04 ^gloss-") {
		t.Errorf("pdf note (%v):\n%s", err, pdf)
	}
	each := t.TempDir()
	if err := export.ExportToPath(l.s, "md", each, export.ExportOptions{PerAnnotation: true}); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(each, "*.md"))
	if len(files) != 7 {
		t.Fatalf("%d notes for 7 annotations: %v", len(files), files)
	}
	one, err := os.ReadFile(filepath.Join(each, "Ruling 19-204 — the agency had acted unlawfully.md"))
	if err != nil || !strings.Contains(string(one), "page: pp. 2–3\nquoted: Ada Reporter\ntags:\n    - Claims/Numbers\n") {
		t.Errorf("annotation note (%v):\n%s", err, one)
	}
	for _, f := range append(files, filepath.Join(dir, "Council passes budget.md")) {
		data, _ := os.ReadFile(f)
		if strings.Contains(string(data), "gloss://") {
			t.Errorf("%s links into Gloss", f)
		}
	}
	if err := export.ExportToPath(l.s, "csv", filepath.Join(each, "x.csv"), export.ExportOptions{PerAnnotation: true}); err == nil {
		t.Error("CSV accepted one file per annotation")
	}
}

// TestCSVProvenanceColumns: url, outlet, published, captured_at (of the version quoted) and page.
func TestCSVProvenanceColumns(t *testing.T) {
	l := newProvenanceLibrary(t)
	out := exportString(t, l.s, "csv", export.ExportOptions{})
	for _, want := range []string{
		"Council passes budget,2026-11-30,Daily Example,Claims,The mayor said the vote was final,Check with the mayor's office.,",
		",https://daily.example/2026/12/budget,Rita Writer; Sam Second,2026-12-02T14:03:00Z,,exact,",
		"Critics called the plan reckless,,", // the orphan: version 1's capture
		// the orphan was made on version 1: its own capture's hash and record, not the current one's
		",https://daily.example/2026/12/budget,Rita Writer; Sam Second,2026-12-01T09:30:00Z,,orphan,0.00,,,annotation,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,<urn:uuid:11111111-1111-4111-8111-111111111111>\r\n",
		",,District Court,,pp. 2–3,exact,1.00,,,annotation,,\r\n",
		",,District Court,,p. 1,exact,1.00,,,annotation,,\r\n",
		// anchor status, confidence and the quote as made where it differs (issue 17)
		",2026-12-02T14:03:00Z,,fuzzy,0.96,council approved a budget of 4 million euros,1,annotation,cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc,<urn:uuid:22222222-2222-4222-8222-222222222222>\r\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the CSV lacks %q:\n%s", want, out)
		}
	}
}

// TestJSONLDPlacedByURLElsewhere: Gloss's JSON-LD without its gloss:documents (as another tool would
// keep it) is placed in another library that has the same article under another id, by the URL in
// target.source and the quotes; its notes (memos) need the document ids and are not placed there.
func TestJSONLDPlacedByURLElsewhere(t *testing.T) {
	l := newProvenanceLibrary(t)
	var doc map[string]any
	if err := json.Unmarshal([]byte(exportString(t, l.s, "jsonld", export.ExportOptions{})), &doc); err != nil {
		t.Fatal(err)
	}
	delete(doc, "gloss:documents")
	stripped, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	other := storetest.Open(t)
	// The same article, fetched again by someone else: version 2's text, known by its canonical URL only.
	theirs, err := other.AddDocument(store.NewDocument{Title: "Budget (their copy)", Format: "txt", Text: provV2, SHA256: strings.Repeat("9", 64),
		Meta: store.Meta{Canonical: "https://daily.example/2026/12/budget/"}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := ingest.ReadW3C(strings.NewReader(string(stripped)))
	if err != nil {
		t.Fatal(err)
	}
	report, err := ingest.ApplyBundle(other, b)
	if err != nil {
		t.Fatal(err)
	}
	anns, _ := other.Annotations(store.AnnotationFilter{DocID: theirs.ID})
	quotes := map[string]bool{}
	for _, a := range anns {
		quotes[a.Exact] = true
	}
	// On version 2's text: the mayor's quote and the new figure are there; the orphan (version 1's
	// wording) is not, and the approximate one is placed where its version-2 wording stands.
	if !quotes["The mayor said the vote was final"] || !quotes["4.5 million euros"] || quotes["Critics called the plan reckless"] {
		t.Errorf("placed %v; report %+v", quotes, report.Items)
	}
	if report.Count(ingest.StatusPlaced) != len(anns) || len(anns) != 3 {
		t.Errorf("%d placed, %d annotations: %+v", report.Count(ingest.StatusPlaced), len(anns), report.Items)
	}
}
