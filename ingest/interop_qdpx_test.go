package ingest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gloss/store"
)

// The REFI-QDA conformance suite: projects other tools wrote (testdata/interop/qdpx, README.md there
// names each and its licence) each import with an exact count of what came in and what was skipped,
// and with a reason for every part skipped.

func importFixture(t *testing.T, name string) (*store.Store, Report, ImportCounts) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "interop", "qdpx", name))
	if err != nil {
		t.Fatal(err)
	}
	s := newStore(t)
	r := importData(context.Background(), s, name, "", data, true, Limits{})
	var summary *ImportCounts
	for _, it := range r.Items {
		if it.Status == StatusSummary {
			if summary != nil {
				t.Fatalf("%s: two summaries", name)
			}
			summary = it.Counts
		}
		if it.Status == StatusSkipped && it.Reason == "" {
			t.Errorf("%s: skipped without a reason: %+v", name, it)
		}
	}
	if summary == nil {
		t.Fatalf("%s: no summary item in %+v", name, r.Items)
	}
	return s, r, *summary
}

func qdpxReasons(r Report) string {
	var out []string
	for _, it := range r.Items {
		out = append(out, string(it.Status)+": "+it.Reason)
	}
	return strings.Join(out, "\n")
}

func wantCounts(t *testing.T, name string, got, want ImportCounts) {
	t.Helper()
	if want.SkippedSources == nil {
		want.SkippedSources = map[string]int{}
	}
	if got.Documents != want.Documents || got.Codes != want.Codes || got.Codings != want.Codings || got.Notes != want.Notes ||
		got.DocumentsSkipped != want.DocumentsSkipped || got.CodesSkipped != want.CodesSkipped ||
		got.CodingsSkipped != want.CodingsSkipped || got.NotesSkipped != want.NotesSkipped ||
		len(got.SkippedSources) != len(want.SkippedSources) {
		t.Errorf("%s: counts\n got %+v\nwant %+v", name, got, want)
	}
	for k, v := range want.SkippedSources {
		if got.SkippedSources[k] != v {
			t.Errorf("%s: skipped %s = %d, want %d", name, k, got.SkippedSources[k], v)
		}
	}
}

func annotationsByAuthor(t *testing.T, s *store.Store) map[string]int {
	anns, err := s.Annotations(store.AnnotationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, a := range anns {
		out[a.Author]++
	}
	return out
}

// qualitative-coding's demo project: bare plainTextPath names (board_2017.txt under sources/), 158
// selections coded 205 times by coder "cp" (Coding@creatingUser) — once 0 of 158 came in.
func TestQDPXFixtureQualitativeCodingDemo(t *testing.T) {
	s, r, c := importFixture(t, "qc-demo.qdpx")
	wantCounts(t, "qc-demo", c, ImportCounts{Documents: 2, Codes: 262, Codings: 205})
	if got := annotationsByAuthor(t, s); len(got) != 1 || got["cp"] != 158 {
		t.Errorf("annotations by author = %v, want 158 by cp\n%s", got, qdpxReasons(r))
	}
	docs, _ := s.Documents()
	var titles []string
	for _, d := range docs {
		titles = append(titles, d.Title)
	}
	slices.Sort(titles)
	if !slices.Equal(titles, []string{"admin-1", "board_2017"}) {
		t.Errorf("titles = %v", titles)
	}
}

// NVivo 15 for Mac: two sources whose text files are empty (NVivo keeps the text in .docx only): each
// skipped by name, not a 0-word document titled with a GUID; with nothing else, its codes are not made.
func TestQDPXFixtureNVivoEmptySources(t *testing.T) {
	s, r, c := importFixture(t, "nvivo-mac-15.qdpx")
	wantCounts(t, "nvivo", c, ImportCounts{DocumentsSkipped: 2, CodesSkipped: 262, SkippedSources: map[string]int{"empty source": 2}})
	if docs, _ := s.Documents(); len(docs) != 0 {
		t.Errorf("documents = %+v", docs)
	}
	if r.Count(StatusFailed) != 1 || !strings.Contains(qdpxReasons(r), "it is empty (no text)") {
		t.Errorf("report:\n%s", qdpxReasons(r))
	}
}

// Every path form, and a selection two coders coded: one annotation per coder.
func TestQDPXFixturePathsAndCoders(t *testing.T) {
	s, r, c := importFixture(t, "paths-and-coders.qdpx")
	wantCounts(t, "paths", c, ImportCounts{Documents: 2, Codes: 3, Codings: 4, DocumentsSkipped: 1,
		SkippedSources: map[string]int{"source whose text is not in the file": 1}})
	if !strings.Contains(qdpxReasons(r), "absolute path outside the project (absolute:///home/cp/elsewhere.txt)") {
		t.Errorf("the absolute path is not named:\n%s", qdpxReasons(r))
	}
	if got := annotationsByAuthor(t, s); got["cp"] != 2 || got["ab"] != 2 || len(got) != 2 {
		t.Errorf("annotations by author = %v", got)
	}
	docs, _ := s.Documents()
	found := false
	for _, d := range docs {
		v, _ := s.Version(d.ID, 0)
		if d.Title == "Minutes" && strings.HasPrefix(v.Text, "Minutes of the meeting") { // relative:// against basePath
			found = true
		}
	}
	if !found {
		t.Errorf("relative:// source not imported: %+v", docs)
	}
}

// Notes as QualCoder and MAXQDA write them: project Description and NoteRef, a journal with
// plainTextPath, a source's Description and NoteRef memo, QualCoder's annotation Note (a Note holding
// a PlainTextSelection, referred to by its source), a selection's NoteRef, a code's NoteRef.
func TestQDPXFixtureNotesOfEveryKind(t *testing.T) {
	s, r, c := importFixture(t, "notes-every-kind.qdpx")
	wantCounts(t, "notes", c, ImportCounts{Documents: 1, Codes: 1, Codings: 1, Notes: 7})
	notes, _ := s.Notes()
	byTitle := map[string]store.Note{}
	for _, n := range notes {
		byTitle[n.Title] = n
	}
	for title, body := range map[string]string{"notes — description": "Project memo: library closures in 2024.",
		"Journal: week 1": "First week: read all transcripts.", "Method": "We code line by line."} {
		if n, ok := byTitle[title]; !ok || n.DocID != "" || strings.TrimSpace(n.Body) != body {
			t.Errorf("project note %q = %+v (notes %+v)\n%s", title, n, notes, qdpxReasons(r))
		}
	}
	docs, _ := s.Documents()
	memo, ok, _ := s.DocumentNote(docs[0].ID)
	if !ok || memo.Body != "Source memo: transcribed from the audio.\n\nA second memo on the source." {
		t.Errorf("document memo = %+v", memo)
	}
	anns, _ := s.Annotations(store.AnnotationFilter{})
	got := map[string]string{}
	for _, a := range anns {
		got[a.Exact] = a.Author + ": " + a.Note
	}
	want := map[string]string{"council": "cp: Coding memo.", "Residents": "ab: Check the residents' petition."}
	for exact, w := range want {
		if got[exact] != w {
			t.Errorf("annotation %q = %q, want %q (all %v)", exact, got[exact], w, got)
		}
	}
	qualcoder := 0
	for _, a := range anns {
		if a.Note == `Annotation: who is "they"?` && a.Author == "ab" && a.Start == 54 && a.End == 63 {
			qualcoder++
		}
	}
	if qualcoder != 1 || len(anns) != 3 {
		t.Errorf("QualCoder's annotation Note: %d of %d annotations", qualcoder, len(anns))
	}
	tags, _ := s.Tags()
	if len(tags) != 1 || tags[0].Description != "How the decision was made." {
		t.Errorf("code memo: %+v", tags)
	}
}

// ATLAS.ti and MAXQDA: a PDF with its plain-text Representation (its text is the document's), two
// pictures and an audio source named in the summary, a nameless source titled by its file, an empty
// source skipped, case attributes as date and outlet.
func TestQDPXFixtureSourcesOfEveryKind(t *testing.T) {
	s, r, c := importFixture(t, "sources-every-kind.qdpx")
	wantCounts(t, "sources", c, ImportCounts{Documents: 2, Codes: 3, Codings: 1, Notes: 1, DocumentsSkipped: 4, CodingsSkipped: 1,
		SkippedSources: map[string]int{"picture": 2, "audio source": 1, "empty source": 1}})
	var summary string
	for _, it := range r.Items {
		if it.Status == StatusSummary {
			summary = it.Reason
		}
	}
	if !strings.Contains(summary, "1 audio source, 1 empty source and 2 pictures") {
		t.Errorf("summary = %q", summary)
	}
	docs, _ := s.Documents()
	byTitle := map[string]store.Document{}
	for _, d := range docs {
		byTitle[d.Title] = d
	}
	pdf, ok := byTitle["Report"]
	if v, _ := s.Version(pdf.ID, 0); !ok || v.Text != "Annual report of the library service, 2023.\n" {
		t.Errorf("PDF representation: %+v %q", pdf, v.Text)
	}
	iv, ok := byTitle["interview-07"]
	if !ok || iv.Date != "2024-03-05" || iv.Source != "Local Gazette" {
		t.Errorf("nameless source with attributes: %+v (all %v)", iv, byTitle)
	}
	if memo, _, _ := s.DocumentNote(iv.ID); memo.Body != "Attributes:\nAge group: 30-40" {
		t.Errorf("attribute memo = %q", memo.Body)
	}
}

// ATLAS.ti with nothing importable: said so, with a summary, never silence.
func TestQDPXFixtureNothingImportable(t *testing.T) {
	_, r, c := importFixture(t, "atlas-nothing-importable.qdpx")
	wantCounts(t, "atlas", c, ImportCounts{DocumentsSkipped: 1, SkippedSources: map[string]int{"picture": 1}})
	if r.Count(StatusFailed) != 1 || !strings.Contains(qdpxReasons(r), "nothing in it could be imported") {
		t.Errorf("report:\n%s", qdpxReasons(r))
	}
}

// A blank project (ATLAS.ti 23 exports one with only its users) fails with that said, not with "see the
// skipped parts" when nothing was skipped.
func TestQDPXBlankProject(t *testing.T) {
	s := newStore(t)
	data := zipOf(t, map[string]string{"project.qde": `<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" origin="ATLAS.ti for Windows 23.2.3" name="blank">` +
		`<Users><User guid="088B08AC-D5CD-4ADB-8B71-B4F3459C177F" name="Enric"/></Users></Project>`})
	r := importData(context.Background(), s, "blank.qdpx", "", data, true, Limits{})
	if r.Count(StatusFailed) != 1 || !strings.Contains(qdpxReasons(r), "it holds nothing to import") || strings.Contains(qdpxReasons(r), "skipped parts") {
		t.Errorf("report:\n%s", qdpxReasons(r))
	}
}

// TestQDPXFixturesAreDocumented: every fixture is named in the README with where it came from.
func TestQDPXFixturesAreDocumented(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("testdata", "interop", "qdpx", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "interop", "qdpx", "*.qdpx"))
	if len(files) < 6 {
		t.Fatalf("only %d fixtures", len(files))
	}
	for _, f := range files {
		if !strings.Contains(string(readme), filepath.Base(f)) {
			t.Errorf("%s is not in README.md", filepath.Base(f))
		}
	}
}

// NVivo and MAXQDA: an audio source's transcript comes in as a document (its selection placed by sync
// points, coded by ab); a Note linked to a selection is that selection's note; a case referring to a
// source gives it URL and authors; a source only in .docx and a set are reported.
func TestQDPXFixtureTranscriptLinksCases(t *testing.T) {
	s, r, c := importFixture(t, "transcript-links-cases.qdpx")
	wantCounts(t, "transcript", c, ImportCounts{Documents: 2, Codes: 3, Codings: 2, Notes: 1, DocumentsSkipped: 2, CodingsSkipped: 1,
		SkippedSources: map[string]int{"audio source": 1, "source whose text is not in the file": 1}})
	all := qdpxReasons(r)
	for _, want := range []string{"its transcript is imported as a document of its own", "only in a rich text file (internal://b0000000-0000-4000-8000-000000000053.docx)",
		"1 sets: not imported"} {
		if !strings.Contains(all, want) {
			t.Errorf("report lacks %q:\n%s", want, all)
		}
	}
	docs, _ := s.Documents()
	byTitle := map[string]store.Document{}
	for _, d := range docs {
		byTitle[d.Title] = d
	}
	story := byTitle["Closure story"]
	if story.URL != "https://gazette.example/closure" || !slices.Equal(story.Meta.Authors, []string{"Kim Lee", "Ravi Patel"}) {
		t.Errorf("case attributes: %+v", story)
	}
	tr, ok := byTitle["Interview 3.m4a (transcript)"]
	if !ok {
		t.Fatalf("no transcript document: %v\n%s", byTitle, all)
	}
	anns, _ := s.Annotations(store.AnnotationFilter{})
	got := map[string]string{}
	for _, a := range anns {
		got[a.DocID+" "+a.Exact] = a.Author + ": " + a.Note
	}
	if got[tr.ID+" We heard it on the radio"] != "ab: " {
		t.Errorf("transcript selection: %v", got)
	}
	if got[story.ID+" council"] != "cp: NVivo annotation: the vote count is disputed." {
		t.Errorf("linked note: %v", got)
	}
}

// A codebook (.qdc) gets its summary too.
func TestQDCSummary(t *testing.T) {
	data, err := os.ReadFile(sampleOrSkip(t, "good.qdc"))
	if err != nil {
		t.Fatal(err)
	}
	r := importData(context.Background(), newStore(t), "good.qdc", "", data, true, Limits{})
	for _, it := range r.Items {
		if it.Status == StatusSummary && it.Counts != nil && it.Counts.Codes > 0 && it.Counts.Codes == r.TagsCreated &&
			strings.HasPrefix(it.Reason, "REFI-QDA codebook: 0 documents, ") {
			return
		}
	}
	t.Errorf("no codebook summary: %s", qdpxReasons(r))
}

// A project.qde declared in another encoding than UTF-8 (Windows tools) is read in it.
func TestQDPXDeclaredEncoding(t *testing.T) {
	qde := "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<Project name=\"caf\xe9\"><Sources><TextSource guid=\"a\" name=\"Caf\xe9 notes\"><PlainTextContent>Caf\xe9 au lait.</PlainTextContent></TextSource></Sources></Project>"
	archive := zipOf(t, map[string]string{"project.qde": qde})
	b, err := readQDPX(bytes.NewReader(archive), int64(len(archive)), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Documents) != 1 || b.Documents[0].Title != "Café notes" || b.Documents[0].Text != "Café au lait." {
		t.Fatalf("documents = %+v", b.Documents)
	}
}

// A source's text file in UTF-16 with its byte-order mark (NVivo on Windows) is read; positions count
// code points of the text, the mark not included.
func TestQDPXUTF16Source(t *testing.T) {
	utf16 := []byte{0xFF, 0xFE}
	for _, r := range "Héllo world" {
		utf16 = append(utf16, byte(r), byte(r>>8))
	}
	archive := zipOf(t, map[string]string{"project.qde": `<Project name="p"><Sources><TextSource guid="a" name="A" plainTextPath="internal://a.txt">` +
		`<PlainTextSelection guid="s" startPosition="6" endPosition="11"/></TextSource></Sources></Project>`, "sources/a.txt": string(utf16)})
	b, err := readQDPX(bytes.NewReader(archive), int64(len(archive)), Limits{})
	if err != nil || len(b.Documents) != 1 || b.Documents[0].Text != "Héllo world" || len(b.Problems) != 0 {
		t.Fatalf("%v %+v", err, b)
	}
}

// A coding whose code is not in the codebook (ATLAS.ti codes cases this way) is named and counted as
// skipped, not dropped in silence.
func TestQDPXCodingOfUnknownCode(t *testing.T) {
	data := qdpxOf(t, `<CodeBook><Codes><Code guid="c1" name="Known" isCodable="true"/></Codes></CodeBook><Sources>`+
		`<TextSource guid="s1" name="A"><PlainTextContent>Hello there.</PlainTextContent>`+
		`<PlainTextSelection guid="p1" startPosition="0" endPosition="5"><Coding guid="k1"><CodeRef targetGUID="c1"/></Coding>`+
		`<Coding guid="k2"><CodeRef targetGUID="case-7"/></Coding></PlainTextSelection></TextSource></Sources>`, nil)
	r := importQDPX(t, newStore(t), data)
	var c *ImportCounts
	for _, it := range r.Items {
		if it.Status == StatusSummary {
			c = it.Counts
		}
	}
	if c == nil || c.Codings != 1 || c.CodingsSkipped != 1 || !strings.Contains(qdpxReasons(r), `coding k2: its code "case-7" is not in the codebook`) {
		t.Errorf("%+v\n%s", c, qdpxReasons(r))
	}
}

// QualCoder's own exporter (RefiExport, QualCoder 4.0 Beta) writing back a project it imported from
// Gloss: two coders (one span coded by both), codes nested with a repeated leaf name, memos, journals,
// attributes, an annotation with no memo (an empty PlainTextContent: a highlight, which came in as
// nothing, "its text could not be read (<nil>)") and one that QualCoder leaves without a NoteRef
// (it writes one per source), kept as a project note that says so. Its CRLF text comes back as
// QualCoder holds it (LF and a space), its codings in place.
func TestQDPXFixtureQualCoderExport(t *testing.T) {
	s, r, c := importFixture(t, "qualcoder-export.qdpx")
	// Notes: 5 journals, 2 source memos, the project memo, the annotation Note nothing refers to.
	wantCounts(t, "qualcoder-export", c, ImportCounts{Documents: 7, Codes: 5, Codings: 11, Notes: 9})
	if r.Count(StatusSkipped) != 0 || r.Count(StatusFailed) != 0 {
		t.Errorf("report:\n%s", qdpxReasons(r))
	}
	if got := annotationsByAuthor(t, s); got["Ada"] != 6 || got["Bo"] != 6 || len(got) != 2 {
		t.Errorf("annotations by author = %v", got)
	}
	anns, _ := s.Annotations(store.AnnotationFilter{})
	var highlight, coded *store.Annotation
	for i, a := range anns {
		switch a.Exact {
		case "Café owners":
			highlight = &anns[i]
		case "noted the budget":
			coded = &anns[i]
		}
	}
	if highlight == nil || highlight.Author != "Bo" || highlight.Note != "" || len(highlight.Tags) != 0 {
		t.Errorf("the highlight without a memo = %+v", highlight)
	}
	if coded == nil || coded.Author != "Bo" || len(coded.Tags) != 1 {
		t.Errorf("the coding in the CRLF text = %+v", coded)
	}
	notes, _ := s.Notes()
	var orphan, journals int
	for _, n := range notes {
		if strings.HasPrefix(n.Body, "An annotation without a code.") && strings.Contains(n.Body, "no source refers to it") {
			orphan++
		} else if slices.Contains([]string{"Method", "Week 1", "Week 1 (2)", "Note", "Note (2)"}, n.Title) {
			journals++
		}
	}
	if orphan != 1 || journals != 5 {
		t.Errorf("orphan annotation notes %d, journals %d, in %+v", orphan, journals, notes)
	}
}

// QualCoder's codebook export (RefiExport "codebook", with a BOM) of the same project: the tree comes
// back with Gloss's leaf names ("Framing › Conflict" under Framing is Framing/Conflict), in QualCoder's colours.
func TestQDCFixtureQualCoder(t *testing.T) {
	s, r, c := importFixture(t, "qualcoder-codebook.qdc")
	wantCounts(t, "qualcoder-codebook", c, ImportCounts{Codes: 5})
	if r.Count(StatusSkipped) != 0 || r.Count(StatusFailed) != 0 {
		t.Errorf("report:\n%s", qdpxReasons(r))
	}
	tags, err := s.TagTree()
	if err != nil {
		t.Fatal(err)
	}
	paths := store.NewTagPaths(tags)
	var got []string
	for _, tg := range tags {
		got = append(got, paths.Path(tg.ID)+" "+tg.Colour)
	}
	slices.Sort(got)
	want := []string{"Framing #b71c1c", "Framing/Conflict #b71c1c", "Policy #0d47a1", "Policy/Conflict #0d47a1", "Tone #1b5e20"}
	if !slices.Equal(got, want) {
		t.Errorf("tags = %q, want %q", got, want)
	}
}
