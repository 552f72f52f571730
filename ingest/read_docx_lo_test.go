package ingest

import (
	"strings"
	"testing"
)

// Numbering instances of one abstract numbering share its counters (Word's rule); an instance with a
// start override restarts them where it is first used. LibreOffice writes each list so: its first item
// with an instance that restarts, the rest with one that does not.
func TestReadDOCXNumberingSharedByInstances(t *testing.T) {
	item := func(num, text string) string {
		return `<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="` + num + `"/></w:numPr></w:pPr><w:r><w:t>` + text + `</w:t></w:r></w:p>`
	}
	body := `<?xml version="1.0"?><w:document ` + wordNS + `><w:body>` +
		item("12", "one") + item("1", "two") + item("1", "three") +
		`<w:p><w:r><w:t>Between.</w:t></w:r></w:p>` +
		item("13", "again") + item("1", "and on") + item("7", "other list") +
		`</w:body></w:document>`
	numbering := `<w:numbering ` + wordNS + `>` +
		`<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%1)"/></w:lvl></w:abstractNum>` +
		`<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="4"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>` +
		`<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>` +
		`<w:num w:numId="12"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>` +
		`<w:num w:numId="13"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>` +
		`<w:num w:numId="7"><w:abstractNumId w:val="2"/></w:num></w:numbering>`
	doc, err := ReadBytes("lo.docx", makeDOCX(t, map[string]string{"word/document.xml": body, "word/numbering.xml": numbering}))
	if err != nil {
		t.Fatal(err)
	}
	want := "(i) one\n\n(ii) two\n\n(iii) three\n\nBetween.\n\n(i) again\n\n(ii) and on\n\n4. other list"
	if doc.Text != want {
		t.Errorf("text %q\nwant %q", doc.Text, want)
	}
	if !strings.Contains(doc.Raw, "- \\(ii\\) two") {
		t.Errorf("raw %q", doc.Raw)
	}
}

// LibreOffice continues a list by its id (text:continue-list), across a list of another style between.
func TestODTContinueListByID(t *testing.T) {
	content := `<office:document-content xmlns:office="o" xmlns:text="t" xmlns:style="s" xmlns:xml="http://www.w3.org/XML/1998/namespace"><office:automatic-styles>
<text:list-style style:name="N"><text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="."/></text:list-style>
<text:list-style style:name="L"><text:list-level-style-number text:level="1" style:num-format="a" style:num-suffix="."/></text:list-style>
</office:automatic-styles><office:body><office:text>
<text:list xml:id="list1" text:style-name="N"><text:list-item text:start-value="1"><text:p>one</text:p></text:list-item></text:list>
<text:list text:style-name="L"><text:list-item><text:p>inner</text:p></text:list-item></text:list>
<text:list xml:id="list2" text:continue-list="list1" text:style-name="N"><text:list-item><text:p>two</text:p></text:list-item><text:list-item><text:p>three</text:p></text:list-item></text:list>
<text:list text:style-name="N"><text:list-item><text:p>new list</text:p></text:list-item></text:list>
</office:text></office:body></office:document-content>`
	doc, err := ReadBytes("lo.odt", makeDOCX(t, map[string]string{"content.xml": content}))
	if err != nil {
		t.Fatal(err)
	}
	if want := "1. one\n\na. inner\n\n2. two\n\n3. three\n\n1. new list"; doc.Text != want {
		t.Errorf("text %q\nwant %q", doc.Text, want)
	}
}
