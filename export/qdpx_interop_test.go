package export_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	. "gloss/export"
	"gloss/ingest"
	"gloss/store"
	"gloss/storetest"
)

// interopLibrary is a library with what other tools have lost of Gloss's projects: a "/" in a title,
// two documents of one title, a leaf tag name in two branches, document memos, project notes,
// annotation notes, two coders, authors, dates, URLs and outlets.
type interopLibrary struct {
	s    *store.Store
	docs []store.Document
	tags map[string]store.Tag // by path
}

func newInteropLibrary(t *testing.T) *interopLibrary {
	t.Helper()
	s := storetest.Open(t)
	if err := s.SetAuthor("Ada"); err != nil {
		t.Fatal(err)
	}
	lib := &interopLibrary{s: s, tags: map[string]store.Tag{}}
	for _, nd := range []store.NewDocument{
		{Title: "Budget 2024/25: what changes", Date: "2024-03-06", Source: "The Ledger", URL: "https://ledger.example/budget-2024-25",
			Text: "The budget cuts library funding by 8%. Unions called it a false economy. Café owners welcomed the VAT change 🎉.\n",
			Meta: store.Meta{Authors: []string{"Jo Reporter", "Sam Desk"}}},
		{Title: "Budget 2024/25: what changes", Date: "2024-03-07", Source: "Morning Post", URL: "https://post.example/b",
			Text: "A second article of the same title. The minister defended the cuts.\n"},
		{Title: "Council minutes", Text: "Minutes\r\n\r\nThe council noted the budget.\r\nAdjourned.\r\n"}, // Windows line ends
	} {
		d, err := s.AddDocument(nd)
		if err != nil {
			t.Fatal(err)
		}
		lib.docs = append(lib.docs, d)
	}
	for _, nt := range []struct{ path, colour, description string }{
		{"Framing", "#aa0000", "How it is framed"},
		{"Framing/Conflict", "#cc0000", ""},
		{"Policy", "#0000aa", ""},
		{"Policy/Conflict", "#0000cc", "Conflicting policies"},
		{"Tone", "#00aa00", ""},
	} {
		parent, name := "", nt.path
		if i := strings.LastIndex(nt.path, "/"); i >= 0 {
			parent, name = nt.path[:i], nt.path[i+1:]
		}
		tag, err := s.CreateTag(store.NewTag{Name: name, Parent: lib.tags[parent].ID, Colour: nt.colour, Description: nt.description})
		if err != nil {
			t.Fatal(err)
		}
		lib.tags[nt.path] = tag
	}
	span := func(doc int, quote string) (int, int) {
		v, err := s.Version(lib.docs[doc].ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		i := strings.Index(v.Text, quote)
		if i < 0 {
			t.Fatalf("%q not in doc %d", quote, doc)
		}
		start := len([]rune(v.Text[:i]))
		return start, start + len([]rune(quote))
	}
	for _, a := range []struct {
		doc           int
		quote, author string
		tags          []string
		note          string
	}{
		{0, "cuts library funding by 8%", "Ada", []string{"Framing/Conflict", "Tone"}, "Compare with last year."},
		{0, "cuts library funding by 8%", "Bo", []string{"Framing/Conflict"}, ""},
		{0, "a false economy", "Bo", []string{"Policy/Conflict"}, "Union quote & \"scare\" <quotes>"},
		{0, "VAT change 🎉", "Ada", nil, "An annotation without a code."},
		{1, "defended the cuts", "Ada", []string{"Policy"}, ""},
		{2, "noted the budget", "Bo", []string{"Tone"}, ""},
	} {
		start, end := span(a.doc, a.quote)
		var ids []string
		for _, p := range a.tags {
			ids = append(ids, lib.tags[p].ID)
		}
		if _, err := s.CreateAnnotations([]store.NewAnnotation{{DocID: lib.docs[a.doc].ID, Start: start, End: end, Tags: ids,
			Note: a.note, Author: a.author}}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range []store.Note{
		{DocID: lib.docs[0].ID, Title: "Memo", Body: "Check the 8% against the council's figures.", Author: "Cy"}, // a writer of notes only
		{Title: "Method", Body: "We code every budget story twice.", Author: "Bo"},
		{Title: "Week 1", Body: "Read the first ten articles."},
	} {
		if _, err := s.SaveNote(n); err != nil {
			t.Fatal(err)
		}
	}
	return lib
}

type readerOutput struct {
	Users []string `json:"users"`
	Codes []struct {
		Name, Color, Memo string
		Parent            *string
	} `json:"codes"`
	Sources []struct {
		Name, Text, Memo string
		Attributes       map[string]string
	} `json:"sources"`
	Codings []struct {
		Source, Code, Seltext, Owner, Memo string
		Pos0, Pos1                         int
	} `json:"codings"`
	Annotations []struct {
		Source, Memo, Owner string
		Pos0, Pos1          int
	} `json:"annotations"`
	SelectionNotes []struct {
		Source, Text string
		Pos0, Pos1   int
	} `json:"selection_notes"`
	Journals []struct {
		Name, Text, Owner string
	} `json:"journals"`
	MemoNotes []struct {
		Source, Text, Owner string
	} `json:"memo_notes"`
	ProjectMemo string   `json:"project_memo"`
	Errors      []string `json:"errors"`
}

// runQDPXReader runs the independent reader (testdata/qdpx_reader.py, Python's standard library only,
// QualCoder's reading rules) on a .qdpx.
func runQDPXReader(t *testing.T, path string) readerOutput {
	t.Helper()
	python, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("python3 is needed for the third-party reader test")
		}
		t.Skip("python3 not found; set CI to make this a failure")
	}
	cmd := exec.Command(python, filepath.Join("testdata", "qdpx_reader.py"), path)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("qdpx_reader.py: %v\n%s", err, stderr.String())
	}
	var r readerOutput
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("reader output: %v\n%s", err, out)
	}
	return r
}

// TestQDPXReadByIndependentReader: Gloss's .qdpx, read by a reader written from the standard with
// QualCoder's rules, keeps every document (under a unique name that is a file name), every code with
// its hierarchy and colour (unique names: "Framing › Conflict"), every coding with its coder, every
// note (coding memos, annotations, document memos, journals) and the date, URL, outlet and authors.
func TestQDPXReadByIndependentReader(t *testing.T) {
	lib := newInteropLibrary(t)
	path := filepath.Join(t.TempDir(), "gloss.qdpx")
	if err := ExportToPath(lib.s, "qdpx", path, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	r := runQDPXReader(t, path)
	if len(r.Errors) != 0 {
		t.Fatalf("errors: %v", r.Errors)
	}
	if !slices.Equal(r.Users, []string{"Ada", "Bo", "Cy"}) { // Cy wrote the memo, no annotation
		t.Errorf("users = %v", r.Users)
	}
	// Codes: hierarchy and colour; the repeated leaf disambiguated.
	codes := map[string]string{}
	for _, c := range r.Codes {
		parent := ""
		if c.Parent != nil {
			parent = *c.Parent
		}
		codes[c.Name] = parent + " " + c.Color + " " + c.Memo
	}
	wantCodes := map[string]string{"Framing": " #aa0000 How it is framed", "Framing › Conflict": "Framing #cc0000 ",
		"Policy": " #0000aa ", "Policy › Conflict": "Policy #0000cc Conflicting policies", "Tone": " #00aa00 "}
	if len(codes) != len(wantCodes) {
		t.Errorf("codes = %v", codes)
	}
	for name, want := range wantCodes {
		if codes[name] != want {
			t.Errorf("code %q = %q, want %q", name, codes[name], want)
		}
	}
	// Sources: unique file-safe names, their texts, memo, attributes.
	byName := map[string]int{}
	for i, s := range r.Sources {
		byName[s.Name] = i
	}
	first, ok1 := byName["Budget 2024∕25- what changes"]
	second, ok2 := byName["Budget 2024∕25- what changes (2)"]
	_, ok3 := byName["Council minutes"]
	if !ok1 || !ok2 || !ok3 || len(r.Sources) != 3 {
		t.Fatalf("source names = %v", byName)
	}
	for i, d := range lib.docs[:2] {
		src := r.Sources[[]int{first, second}[i]]
		v, _ := lib.s.Version(d.ID, 0)
		if src.Text != v.Text {
			t.Errorf("source %d text differs", i)
		}
		want := map[string]string{"Date": d.Date, "URL": d.URL, "Outlet": d.Source, "Title": d.Title}
		if len(d.Meta.Authors) > 0 {
			want["Authors"] = strings.Join(d.Meta.Authors, "; ")
		}
		if len(src.Attributes) != len(want) {
			t.Errorf("source %d attributes = %v, want %v", i, src.Attributes, want)
		}
		for k, v := range want {
			if src.Attributes[k] != v {
				t.Errorf("source %d attribute %s = %q, want %q", i, k, src.Attributes[k], v)
			}
		}
	}
	if m := r.Sources[first].Memo; m != "Check the 8% against the council's figures." {
		t.Errorf("document memo = %q", m)
	}
	// Codings: every (annotation, tag) with its coder, quote and memo.
	var got []string
	for _, c := range r.Codings {
		got = append(got, strings.Join([]string{c.Source, c.Code, c.Seltext, c.Owner, c.Memo}, " | "))
	}
	sort.Strings(got)
	b1, b2 := "Budget 2024∕25- what changes", "Budget 2024∕25- what changes (2)"
	want := []string{
		b1 + " | Framing › Conflict | cuts library funding by 8% | Ada | Compare with last year.",
		b1 + " | Framing › Conflict | cuts library funding by 8% | Bo | ",
		b1 + " | Policy › Conflict | a false economy | Bo | Union quote & \"scare\" <quotes>",
		b1 + " | Tone | cuts library funding by 8% | Ada | Compare with last year.",
		b2 + " | Policy | defended the cuts | Ada | ",
		"Council minutes | Tone | noted the budget | Bo | ",
	}
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("codings:\n got %q\nwant %q", got, want)
	}
	if len(r.Annotations) != 1 || r.Annotations[0].Memo != "An annotation without a code." || r.Annotations[0].Owner != "Ada" {
		t.Errorf("annotations = %+v", r.Annotations)
	}
	if len(r.SelectionNotes) != 3 {
		t.Errorf("selection notes = %+v", r.SelectionNotes)
	}
	journals := map[string]string{}
	for _, j := range r.Journals {
		journals[j.Name] = j.Text + " (" + j.Owner + ")"
	}
	if len(journals) != 2 || journals["Method"] != "We code every budget story twice. (Bo)" || journals["Week 1"] != "Read the first ten articles. (Ada)" {
		t.Errorf("journals (with their owners) = %v", journals)
	}
	if len(r.MemoNotes) != 1 || r.MemoNotes[0].Owner != "Cy" || r.MemoNotes[0].Text != "Check the 8% against the council's figures." {
		t.Errorf("document memo Notes = %+v, want the memo by Cy", r.MemoNotes)
	}
	if !slices.Contains(r.Users, "Cy") {
		t.Errorf("users %v: the memo's writer is not one", r.Users)
	}
	if !strings.HasPrefix(r.ProjectMemo, "Exported from Gloss on ") {
		t.Errorf("project memo = %q", r.ProjectMemo)
	}
}

// TestQDPXRoundTripKeepsFields: Gloss → .qdpx → Gloss keeps date, URL, outlet, authors, memos, project
// notes, the tag tree with colours (leaf names back from "Parent › Child"), and codings with coders.
func TestQDPXRoundTripKeepsFields(t *testing.T) {
	lib := newInteropLibrary(t)
	path := filepath.Join(t.TempDir(), "gloss.qdpx")
	if err := ExportToPath(lib.s, "qdpx", path, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := storetest.Open(t)
	report, err := ingest.ImportBytes(s, "gloss.qdpx", data)
	if err != nil {
		t.Fatal(err)
	}
	var summary *ingest.ImportCounts
	for _, it := range report.Items {
		if it.Status == ingest.StatusSkipped || it.Status == ingest.StatusFailed {
			t.Errorf("skipped: %+v", it)
		}
		if it.Status == ingest.StatusSummary {
			summary = it.Counts
		}
	}
	if summary == nil || summary.Documents != 3 || summary.Codes != 5 || summary.Codings != 6 || summary.Notes != 6 ||
		summary.DocumentsSkipped+summary.CodesSkipped+summary.CodingsSkipped+summary.NotesSkipped != 0 {
		t.Errorf("summary = %+v", summary)
	}
	docs, _ := s.Documents()
	byURL := map[string]store.Document{}
	for _, d := range docs {
		byURL[d.URL] = d
	}
	for _, want := range lib.docs {
		got, ok := byURL[want.URL]
		if !ok || got.Title != want.Title || got.Date != want.Date || got.Source != want.Source ||
			!slices.Equal(got.Meta.Authors, want.Meta.Authors) {
			t.Errorf("document %q came back as %+v", want.Title, got)
		}
	}
	memo, ok, _ := s.DocumentNote(byURL[lib.docs[0].URL].ID)
	if !ok || memo.Body != "Check the 8% against the council's figures." || memo.Author != "Cy" {
		t.Errorf("memo = %+v", memo)
	}
	notes, _ := s.Notes()
	var project []string
	for _, n := range notes {
		if n.DocID == "" {
			project = append(project, n.Title+": "+n.Body+" ("+n.Author+")")
		}
	}
	sort.Strings(project)
	if !slices.Equal(project, []string{"Method: We code every budget story twice. (Bo)", "Week 1: Read the first ten articles. (Ada)"}) {
		t.Errorf("project notes (with their authors) = %q", project)
	}
	tags, _ := s.TagTree()
	paths := store.NewTagPaths(tags)
	var tree []string
	for _, tg := range tags {
		tree = append(tree, paths.Path(tg.ID)+" "+tg.Colour)
	}
	sort.Strings(tree)
	if !slices.Equal(tree, []string{"Framing #aa0000", "Framing/Conflict #cc0000", "Policy #0000aa", "Policy/Conflict #0000cc", "Tone #00aa00"}) {
		t.Errorf("tags = %q", tree)
	}
	anns, _ := s.Annotations(store.AnnotationFilter{})
	var codings []string
	for _, a := range anns {
		var names []string
		for _, id := range a.Tags {
			names = append(names, paths.Path(id))
		}
		sort.Strings(names)
		codings = append(codings, a.Author+" "+a.Exact+" ["+strings.Join(names, ",")+"] "+a.Note)
	}
	sort.Strings(codings)
	want := []string{
		"Ada VAT change 🎉 [] An annotation without a code.",
		"Ada cuts library funding by 8% [Framing/Conflict,Tone] Compare with last year.",
		"Ada defended the cuts [Policy] ",
		"Bo a false economy [Policy/Conflict] Union quote & \"scare\" <quotes>",
		"Bo cuts library funding by 8% [Framing/Conflict] ",
		"Bo noted the budget [Tone] ",
	}
	if !slices.Equal(codings, want) {
		t.Errorf("annotations:\n got %q\nwant %q", codings, want)
	}
}

// TestQDPXInteropValidates: the interop library's export (notes as journals with their files, document
// memos, annotation Notes, Variables) validates against REFI-QDA's Project.xsd and the spec's rules.
func TestQDPXInteropValidates(t *testing.T) {
	script := standardsValidator(t)
	lib := newInteropLibrary(t)
	path := filepath.Join(t.TempDir(), "gloss.qdpx")
	if err := ExportToPath(lib.s, "qdpx", path, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(script, "--qdpx", path).CombinedOutput()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if err != nil || lines[len(lines)-1] != "ok" {
		t.Fatalf("validate_exports.sh: %v\n%s", err, out)
	}
}

// TestQDPXNamesQualCoderAndQCCanUse: what QualCoder's and qualitative-coding's real importers failed on
// in Gloss's .qdpx (scripts/refi-readers/run.sh, BENCHMARKS.md): two project notes of one title (QualCoder's
// journal names are unique and its importer fails on the second, ending the import), a title over 255
// bytes (no file can take it as a name: QualCoder kept the source without its file, qualitative-coding
// stopped) and titles with dots (qualitative-coding's Path.with_suffix cut "U.S. budget. Part 1" and
// "… Part 2" to one file "U.S. budget.txt"). The independent reader checks those rules; the titles
// come back whole from the Title variable.
func TestQDPXNamesQualCoderAndQCCanUse(t *testing.T) {
	s := storetest.Open(t)
	long := "A headline " + strings.Repeat("about the budget and the council ", 9) + "ends here"
	titles := []string{"U.S. budget. Part 1", "U.S. budget. Part 2", long, "Café ünïcode " + strings.Repeat("é", 130)}
	for i, title := range titles {
		d, err := s.AddDocument(store.NewDocument{Title: title, URL: "https://example.org/" + strconv.Itoa(i),
			Text: "Text number " + strconv.Itoa(i) + ".\n"})
		if err != nil {
			t.Fatal(err)
		}
		// An export holds the documents with annotations.
		if _, err := s.CreateAnnotations([]store.NewAnnotation{{DocID: d.ID, Start: 0, End: 4, Author: "Ada"}}, "test"); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range []store.Note{{Title: "Week 1", Body: "first"}, {Title: "Week 1", Body: "second"}, {Title: "week 1", Body: "third"},
		{Body: "untitled"}, {Body: "untitled too"}} {
		if _, err := s.SaveNote(n); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "gloss.qdpx")
	if err := ExportToPath(s, "qdpx", path, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	r := runQDPXReader(t, path)
	if len(r.Errors) != 0 {
		t.Fatalf("errors: %v", r.Errors)
	}
	var names []string
	for _, src := range r.Sources {
		names = append(names, src.Name)
		if n := len(src.Name); n > 120 {
			t.Errorf("source name of %d bytes: %q", n, src.Name)
		}
		if src.Attributes["Title"] == "" || !slices.Contains(titles, src.Attributes["Title"]) {
			t.Errorf("source %q: Title variable %q is not the title", src.Name, src.Attributes["Title"])
		}
	}
	if len(names) != 4 || names[0] != "U․S․ budget․ Part 1" || names[1] != "U․S․ budget․ Part 2" || !strings.HasSuffix(names[2], "…") {
		t.Errorf("source names = %q", names)
	}
	var journals []string
	for _, j := range r.Journals {
		journals = append(journals, j.Name+": "+j.Text)
	}
	if want := []string{"Week 1: first", "Week 1 (2): second", "week 1: third", "Note: untitled", "Note (2): untitled too"}; !slices.Equal(journals, want) {
		t.Errorf("journals = %q, want %q", journals, want)
	}
	// Back into Gloss: every title whole.
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	back := storetest.Open(t)
	if _, err := ingest.ImportBytes(back, "gloss.qdpx", data); err != nil {
		t.Fatal(err)
	}
	docs, _ := back.Documents()
	var got []string
	for _, d := range docs {
		got = append(got, d.Title)
	}
	slices.Sort(got)
	want := slices.Clone(titles)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("titles back = %q, want %q", got, want)
	}
}

// TestQDPXMixedLineEnds: QualCoder reads a source file in Python's text mode (CRLF and CR as LF) and
// counts a CRLF as two characters only when the first line ends in one, so a text mixing CRLF with LF
// or CR put QualCoder's codings one character off per CRLF before them (seen with its real importer,
// scripts/refi-readers/run.sh). Such a text is written with LF line ends and its positions moved; a text of CRLFs
// only is written as it is (QualCoder reads it right). The independent reader checks each quote.
func TestQDPXMixedLineEnds(t *testing.T) {
	s := storetest.Open(t)
	texts := []string{
		"Title line\nsecond line\r\nthird line with quote here\r\nlast\rend é🎉 tail\n", // mixed
		"Windows\r\nonly CRLF here\r\nquote here\r\n",                                  // CRLF only
	}
	quotes := [][]string{{"quote here", "line\r\nthird", "end é🎉 tail"}, {"quote here", "CRLF here\r\nquote"}}
	var ids []string
	for i, text := range texts {
		d, err := s.AddDocument(store.NewDocument{Title: "Doc " + strconv.Itoa(i), URL: "https://example.org/" + strconv.Itoa(i), Text: text})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
		for _, q := range quotes[i] {
			b := strings.Index(text, q)
			start := len([]rune(text[:b]))
			if _, err := s.CreateAnnotations([]store.NewAnnotation{{DocID: d.ID, Start: start, End: start + len([]rune(q)), Author: "Ada"}}, "test"); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "gloss.qdpx")
	if err := ExportToPath(s, "qdpx", path, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	r := runQDPXReader(t, path)
	if len(r.Errors) != 0 {
		t.Fatalf("errors: %v", r.Errors)
	}
	for _, src := range r.Sources {
		switch src.Name {
		case "Doc 0":
			if src.Text != "Title line\nsecond line\nthird line with quote here\nlast\nend é🎉 tail\n" {
				t.Errorf("mixed text as QualCoder reads it: %q", src.Text)
			}
		case "Doc 1":
			if src.Text != "Windows\n only CRLF here\n quote here\n " { // QualCoder's LF + space per CRLF
				t.Errorf("CRLF text as QualCoder reads it: %q", src.Text)
			}
		}
	}
	if len(r.Annotations) != 5 {
		t.Errorf("annotations = %+v", r.Annotations)
	}
	// Back into Gloss: the mixed text with LF line ends, the quotes where they were.
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	back := storetest.Open(t)
	if _, err := ingest.ImportBytes(back, "gloss.qdpx", data); err != nil {
		t.Fatal(err)
	}
	anns, _ := back.Annotations(store.AnnotationFilter{})
	var got []string
	for _, a := range anns {
		got = append(got, a.Exact)
	}
	sort.Strings(got)
	want := []string{"CRLF here\r\nquote", "end é🎉 tail", "line\nthird", "quote here", "quote here"}
	if !slices.Equal(got, want) {
		t.Errorf("quotes back = %q, want %q", got, want)
	}
}
