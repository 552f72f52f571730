package ingest

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"gloss/render"
	"gloss/storetest"
)

// The fixtures report.docx and report.odt were made by pandoc 2.17 from report.md beside them.
const reportText = `Annual Report on Water Quality

Jane Roe

John Doe

2024-03-15

Summary

The council tested 42 wells in 2023; 7 exceeded the limit for nitrate.[1] Results are provisional.

Method

Samples were taken monthly from each well and sent to an accredited lab.

1. Collect a sample.

2. Seal and label it.

3. Ship within 24 hours.

Wells in the north

Wells in the south

District | Wells | Over limit

North | 20 | 5

South | 22 | 2

Findings

Nitrate levels rose by 12% compared with 2022.[2]

Notes

[1] The limit is 50 mg/l under the directive.

[2] Figures from the regional laboratory.`

func TestReadDOCXPandoc(t *testing.T) {
	data, err := os.ReadFile("testdata/office/report.docx")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := ReadBytes("report.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Text != reportText {
		t.Errorf("text:\n%s\nwant:\n%s", doc.Text, reportText)
	}
	if doc.Format != "md" || doc.Title != "Annual Report on Water Quality" {
		t.Errorf("format %q title %q", doc.Format, doc.Title)
	}
	if strings.Join(doc.Meta.Authors, ";") != "Jane Roe;John Doe" {
		t.Errorf("authors %q", doc.Meta.Authors)
	}
	if len(doc.Date) != 10 {
		t.Errorf("date %q", doc.Date)
	}
	for _, want := range []string{"# Summary", "## Method", "- 1\\. Collect", "## Notes"} {
		if !strings.Contains(doc.Raw, want) {
			t.Errorf("raw lacks %q:\n%s", want, doc.Raw)
		}
	}
	// The Reader shows it from Raw: the text it derives is the stored one, with headings as headings.
	rd, err := render.Version(doc.Format, doc.Text, doc.Raw, 0, nil)
	if err != nil || rd.Text != doc.Text {
		t.Fatalf("render: %v", err)
	}
	var headings int
	for _, b := range rd.Blocks {
		if strings.HasPrefix(b.HTML, "<h") {
			headings++
		}
	}
	if headings != 5 {
		t.Errorf("%d headings rendered, want 5", headings)
	}
}

func TestReadODTPandoc(t *testing.T) {
	data, err := os.ReadFile("testdata/office/report.odt")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := ReadBytes("report.odt", data)
	if err != nil {
		t.Fatal(err)
	}
	// ODT lists carry no numbers in content.xml: they come from the list styles, as in the .docx.
	if doc.Text != reportText {
		t.Errorf("text:\n%s\nwant:\n%s", doc.Text, reportText)
	}
	if doc.Title != "Annual Report on Water Quality" || len(doc.Meta.Authors) != 2 {
		t.Errorf("title %q authors %q", doc.Title, doc.Meta.Authors)
	}
}

// makeDOCX packs members into a zip.
func makeDOCX(t testing.TB, members map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range members {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

func TestReadDOCXTrackedChangesStylesNotes(t *testing.T) {
	body := `<?xml version="1.0"?><w:document ` + wordNS + `><w:body>
<w:p><w:pPr><w:pStyle w:val="Kop1"/></w:pPr><w:r><w:t>Verslag</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">The minister </w:t></w:r><w:del w:author="A"><w:r><w:delText>denied</w:delText></w:r></w:del><w:ins w:author="B"><w:r><w:t>confirmed</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> the report</w:t></w:r><w:r><w:endnoteReference w:id="3"/></w:r><w:r><w:t>.</w:t></w:r></w:p>
<w:p><w:r><w:t>Moved:</w:t></w:r><w:moveFrom><w:r><w:t>gone</w:t></w:r></w:moveFrom><w:r><w:tab/><w:t>here</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="5"/></w:numPr></w:pPr><w:r><w:t>nested item</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="5"/></w:numPr></w:pPr><w:r><w:t>second</w:t></w:r></w:p>
</w:body></w:document>`
	styles := `<w:styles ` + wordNS + `><w:style w:styleId="Kop1"><w:name w:val="heading 1"/></w:style></w:styles>`
	numbering := `<w:numbering ` + wordNS + `><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num></w:numbering>`
	endnotes := `<w:endnotes ` + wordNS + `><w:endnote w:type="separator" w:id="0"><w:p><w:r><w:t>---</w:t></w:r></w:p></w:endnote><w:endnote w:id="3"><w:p><w:r><w:t>Said on 3 May.</w:t></w:r></w:p></w:endnote></w:endnotes>`
	core := `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>Minutes</dc:title><dc:creator>Ann Lee</dc:creator><dcterms:created>2023-05-04T10:00:00Z</dcterms:created></cp:coreProperties>`
	data := makeDOCX(t, map[string]string{"word/document.xml": body, "word/styles.xml": styles, "word/numbering.xml": numbering,
		"word/endnotes.xml": endnotes, "docProps/core.xml": core})
	doc, err := ReadBytes("minutes.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	want := "Verslag\n\nThe minister confirmed the report[i].\n\nMoved: here\n\na | b c\n\n(a) nested item\n\n(b) second\n\nEndnotes\n\n[i] Said on 3 May."
	if doc.Text != want {
		t.Errorf("text %q\nwant %q", doc.Text, want)
	}
	// Level-1 items with no item above them are written as a list of their own (indented, they would be code).
	if !strings.HasPrefix(doc.Raw, "# Verslag") || !strings.Contains(doc.Raw, "\n- \\(a\\) nested item\n\n- \\(b\\)") {
		t.Errorf("raw %q", doc.Raw)
	}
	if doc.Title != "Minutes" || doc.Date != "2023-05-04" || len(doc.Meta.Authors) != 1 || doc.Meta.Authors[0] != "Ann Lee" {
		t.Errorf("title %q date %q authors %q", doc.Title, doc.Date, doc.Meta.Authors)
	}
}

func TestReadDOCXRefusals(t *testing.T) {
	bomb := func() []byte { // one member that unpacks far past the limit from a small file
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("word/document.xml")
		zeros := make([]byte, 1<<20)
		for range (officeLimits.MaxBytes >> 20) + 2 {
			_, _ = w.Write(zeros)
		}
		_ = zw.Close()
		return buf.Bytes()
	}()
	if len(bomb) > 1<<20 {
		t.Fatalf("the bomb is %d bytes, not small", len(bomb))
	}
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"bomb.docx", bomb, "too large"},
		{"notzip.docx", []byte("hello, this is not a zip"), "not a zip archive"},
		{"other.docx", makeDOCX(t, map[string]string{"foo.txt": "x"}), "no word/document.xml"},
		{"broken.docx", makeDOCX(t, map[string]string{"word/document.xml": "<w:document><w:body><w:p>"}), "word/document.xml"},
		{"empty.docx", makeDOCX(t, map[string]string{"word/document.xml": "<w:document " + wordNS + "><w:body/></w:document>"}), "empty file"},
		{"empty.odt", makeDOCX(t, map[string]string{"content.xml": "<office:document-content/>"}), "empty file"},
	}
	for _, c := range cases {
		_, err := ReadBytes(c.name, c.data)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), c.name+": ") {
			t.Errorf("%s: %v, want …%s…", c.name, err, c.want)
		}
	}
	if _, err := ReadBytes("notzip.docx", []byte("x")); !errors.Is(err, ErrDamaged) {
		t.Errorf("not ErrDamaged: %v", err)
	}
}

func TestImportDOCXTwiceIsDuplicate(t *testing.T) {
	s := storetest.Open(t)
	data, err := os.ReadFile("testdata/office/report.docx")
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []Status{StatusImported, StatusDuplicate} {
		rep, err := ImportBytes(s, "report.docx", data)
		if err != nil || len(rep.Items) != 1 || rep.Items[0].Status != want {
			t.Fatalf("import %d: %+v %v", i, rep, err)
		}
	}
}

func FuzzReadDOCX(f *testing.F) {
	for _, name := range []string{"report.docx", "report.odt", "quality/set/wordlike.docx", "quality/set/everything.odt"} {
		data, err := os.ReadFile("testdata/office/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, strings.HasSuffix(name, ".odt"))
	}
	f.Add(makeDOCX(f, map[string]string{"word/document.xml": "<w:document " + wordNS + "><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>"}), false)
	f.Fuzz(func(t *testing.T, data []byte, odt bool) {
		name := "f.docx"
		if odt {
			name = "f.odt"
		}
		doc, err := ReadBytes(name, data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), name+": ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if rd, err := render.Version(doc.Format, doc.Text, doc.Raw, 0, nil); err != nil || rd.Text != doc.Text {
			t.Fatalf("stored text is not what the Reader derives: %v", err)
		}
	})
}

func TestImportDOCXCommentsBecomeTheMemo(t *testing.T) {
	s := storetest.Open(t)
	body := `<w:document ` + wordNS + `><w:body><w:p><w:r><w:t xml:space="preserve">The mayor </w:t></w:r><w:commentRangeStart w:id="7"/><w:r><w:t>denied everything</w:t></w:r><w:commentRangeEnd w:id="7"/><w:r><w:t xml:space="preserve"> on Monday.</w:t></w:r></w:p></w:body></w:document>`
	comments := `<w:comments ` + wordNS + `><w:comment w:id="7" w:author="Ann Lee" w:date="2024-02-01T09:00:00Z"><w:p><w:r><w:t>Check the *video*.</w:t></w:r></w:p></w:comment></w:comments>`
	data := makeDOCX(t, map[string]string{"word/document.xml": body, "word/comments.xml": comments})
	rep, err := ImportBytes(s, "minutes.docx", data)
	if err != nil || rep.Count(StatusImported) != 1 || rep.Items[0].Reason != "" {
		t.Fatalf("%+v %v", rep, err)
	}
	doc, err := s.Document(rep.Items[0].DocID)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := s.Version(doc.ID, 0)
	if v.Text != "The mayor denied everything on Monday." {
		t.Errorf("comments must stay out of the text: %q", v.Text)
	}
	memo, found, err := s.DocumentNote(doc.ID)
	if err != nil || !found {
		t.Fatalf("no memo: %v", err)
	}
	want := "- **Ann Lee** (2024-02-01), on “denied everything”: Check the \\*video\\*\\."
	if !strings.Contains(memo.Body, want) {
		t.Errorf("memo %q, want it to hold %q", memo.Body, want)
	}
}

// ODT list numbers from text:list-style: formats, prefix and suffix, nesting with display-levels, a
// style taken from the parent list, start values, continued numbering, bullets and list headers.
func TestODTListNumbers(t *testing.T) {
	styles := `<office:document-styles xmlns:office="o" xmlns:text="t" xmlns:style="s"><office:styles>
<text:list-style style:name="Outline">
 <text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="."/>
 <text:list-level-style-number text:level="2" style:num-format="a" style:num-suffix=")" text:display-levels="2"/>
 <text:list-level-style-number text:level="3" style:num-format="i" style:num-prefix="(" style:num-suffix=")"/>
</text:list-style></office:styles></office:document-styles>`
	content := `<office:document-content xmlns:office="o" xmlns:text="t" xmlns:style="s"><office:automatic-styles>
<text:list-style style:name="B"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/></text:list-style>
<text:list-style style:name="R"><text:list-level-style-number text:level="1" style:num-format="I" style:num-suffix="." text:start-value="4"/></text:list-style>
</office:automatic-styles><office:body><office:text>
<text:list text:style-name="Outline">
 <text:list-item><text:p>First</text:p><text:p>its second paragraph</text:p>
  <text:list><text:list-item><text:p>Sub one</text:p>
   <text:list><text:list-item><text:p>Deep</text:p></text:list-item></text:list></text:list-item>
  <text:list-item><text:p>Sub two</text:p></text:list-item></text:list></text:list-item>
 <text:list-item><text:p>Second</text:p><text:list><text:list-item><text:p>Sub again</text:p></text:list-item></text:list></text:list-item>
 <text:list-header><text:p>A header</text:p></text:list-header>
 <text:list-item text:start-value="7"><text:p>Seventh</text:p></text:list-item>
</text:list>
<text:p>Between.</text:p>
<text:list text:style-name="Outline" text:continue-numbering="true"><text:list-item><text:p>Eighth</text:p></text:list-item></text:list>
<text:list text:style-name="Outline"><text:list-item><text:p>One again</text:p></text:list-item></text:list>
<text:list text:style-name="B"><text:list-item><text:p>A bullet</text:p></text:list-item></text:list>
<text:list text:style-name="R"><text:list-item><text:p>Fourth</text:p></text:list-item><text:list-item><text:p>Fifth</text:p></text:list-item></text:list>
</office:text></office:body></office:document-content>`
	doc, err := ReadBytes("lists.odt", makeDOCX(t, map[string]string{"content.xml": content, "styles.xml": styles}))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"1. First\n", "its second paragraph\n", "1.a) Sub one\n", "(i) Deep\n", "1.b) Sub two\n",
		"2. Second\n", "2.a) Sub again\n", "A header\n", "7. Seventh\n", "8. Eighth\n", "1. One again\n", "A bullet\n", "IV. Fourth\n", "V. Fifth"} {
		if !strings.Contains(doc.Text, want) {
			t.Errorf("no %q in:\n%s", want, doc.Text)
		}
	}
	for _, unwanted := range []string{". its second", ". A header", ". A bullet", "• A bullet"} {
		if strings.Contains(doc.Text, unwanted) {
			t.Errorf("%q in:\n%s", unwanted, doc.Text)
		}
	}
}

// TestReadDOCXMadeByWord reads Word's own files (testdata/office/realworld, from python-docx's tests).
func TestReadDOCXMadeByWord(t *testing.T) {
	cases := []struct {
		file string
		text string
		memo []string
	}{
		{"comments-rich-para.docx", "Document text\n\nSome text worthy of note.\n\nOther document text.\n\nOther text worthy of note.\n\nParagraph 5\n\nParagraph 6\n\nParagraph 7",
			[]string{"- **Steve Canny** (2025-06-07), on “Some text worthy of note\\.”: Text with hyperlink embedded\\.", "- **Unknown** (2025-06-07), on “Paragraph 5”: Text with character style\\."}},
		{"par-rendered-page-breaks.docx", "No page breaks\n\nPage break here>><<followed by more text.\n\nPage break in>><<this hyperlink and another one here>><<with text following\n\nTwo page>><<breaks>><<in one run.", nil},
		{"par-hyperlinks.docx", "No hyperlinks\n\nOne awesome hyperlink.\n\nThree hyperlinks: the first one here, the second one, and the third.", nil},
		// The empty table gives nothing; the nested table's cells read in the outer cell, in order.
		{"blk-paras-and-tables.docx", "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n\nText before Table Between Text after\n\nDonec semper facilisis metus finibus malesuada.", nil},
	}
	for _, c := range cases {
		data, err := os.ReadFile("testdata/office/realworld/" + c.file)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := ReadBytes(c.file, data)
		if err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		if !strings.HasPrefix(doc.Text, c.text) {
			t.Errorf("%s: text %q\nwant %q", c.file, doc.Text, c.text)
		}
		memo := DOCXComments(data)
		for _, want := range c.memo {
			if !strings.Contains(memo, want) {
				t.Errorf("%s: memo lacks %q:\n%s", c.file, want, memo)
			}
		}
		if c.memo == nil && memo != "" {
			t.Errorf("%s: memo %q", c.file, memo)
		}
	}
}

// TestODTTitleParagraph: a paragraph in the Title style, or in an automatic style based on it (as
// LibreOffice writes it), is the document's first heading.
func TestODTTitleParagraph(t *testing.T) {
	content := `<office:document-content xmlns:office="o" xmlns:text="t" xmlns:style="s"><office:automatic-styles>
<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Title"/>
<style:style style:name="P2" style:family="paragraph" style:parent-style-name="Standard"/>
</office:automatic-styles><office:body><office:text>
<text:p text:style-name="P1">The inquiry</text:p><text:p text:style-name="P2">Its first paragraph.</text:p>
<text:p text:style-name="Title">A second title</text:p></office:text></office:body></office:document-content>`
	doc, err := ReadBytes("t.odt", makeDOCX(t, map[string]string{"content.xml": content}))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Raw != "# The inquiry\n\nIts first paragraph\\.\n\n# A second title" || doc.Title != "The inquiry" {
		t.Errorf("raw %q title %q", doc.Raw, doc.Title)
	}
}

// TestImportODTCommentsBecomeTheMemo: an OpenDocument text's comments (office:annotation, its range closed by
// office:annotation-end) become the memo with their authors, as a Word file's do; their text stays out of the
// document's.
func TestImportODTCommentsBecomeTheMemo(t *testing.T) {
	s := storetest.Open(t)
	content := `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:body><office:text>
<text:p>The mayor <office:annotation office:name="c1"><dc:creator>Ann Lee</dc:creator><dc:date>2024-02-01T09:00:00</dc:date><text:p>Check the *video*.</text:p></office:annotation>denied everything<office:annotation-end office:name="c1"/> on Monday.<office:annotation><dc:creator>Bo Ek</dc:creator><text:p>Which Monday?</text:p><text:p>Ask the clerk.</text:p></office:annotation></text:p>
</office:text></office:body></office:document-content>`
	rep, err := ImportBytes(s, "minutes.odt", makeDOCX(t, map[string]string{"content.xml": content}))
	if err != nil || rep.Count(StatusImported) != 1 || rep.Items[0].Reason != "" {
		t.Fatalf("%+v %v", rep, err)
	}
	v, _ := s.Version(rep.Items[0].DocID, 0)
	if v.Text != "The mayor denied everything on Monday." {
		t.Errorf("comments must stay out of the text: %q", v.Text)
	}
	memo, found, err := s.DocumentNote(rep.Items[0].DocID)
	if err != nil || !found {
		t.Fatalf("no memo: %v", err)
	}
	for _, want := range []string{"Comments in the OpenDocument file:", "- **Ann Lee** (2024-02-01), on “denied everything”: Check the \\*video\\*\\.", "- **Bo Ek**: Which Monday? Ask the clerk\\."} {
		if !strings.Contains(memo.Body, want) {
			t.Errorf("memo %q, want it to hold %q", memo.Body, want)
		}
	}
}
