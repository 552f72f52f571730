package ingest

// Word (.docx) and OpenDocument (.odt) files: paragraphs, headings, lists and tables (a row a paragraph,
// its cells joined by " | "), footnotes and endnotes at the end, tracked changes taken as accepted
// (deletions out, insertions in), metadata from docProps/core.xml (meta.xml). They are written as
// Markdown (structured.go), so the document is a Markdown document whose text is the file's.

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"gloss/store"
)

// ErrDamaged says a file of a known format could not be read as one.
var ErrDamaged = errors.New("damaged file")

// officeLimits bound what a Word file may unpack to: no letter or report comes near them, and a zip bomb
// (a few KB that unpack to gigabytes) is refused while it unpacks.
var officeLimits = Limits{MaxBytes: 64 << 20, MaxUnpackedBytes: 128 << 20}

// officeDoc is what a Word or OpenDocument file gives.
type officeDoc struct {
	out      *structuredWriter // the body's blocks, written as they come
	err      error             // the first block that could not be written
	notes    []textBlock       // footnotes, then endnotes
	endnotes []textBlock
	title    string
	authors  []string
	created  string // YYYY-MM-DD
	modified string
	comments string // the Word file's comments as a Markdown list ("" none): kept as the document's memo
	odtLists odtListStyles
	odtTitle map[string]bool // paragraph styles that are the Title style or based on it (P1 → Title)
}

func readOffice(doc *store.NewDocument, data []byte, odt bool) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("%w: not a zip archive (%v)", ErrDamaged, err)
	}
	z := newOfficeZip(zr)
	od := officeDoc{out: newStructuredWriter(0, 0)}
	if odt {
		err = readODT(&od, z)
	} else {
		err = readDOCX(&od, z, false)
	}
	if err != nil {
		return err
	}
	firstHeading := od.out.firstHeading
	if len(od.notes) > 0 {
		od.add(textBlock{Kind: blockHeading, Level: 2, Text: "Notes"})
		for _, b := range od.notes {
			od.add(b)
		}
	}
	if len(od.endnotes) > 0 {
		od.add(textBlock{Kind: blockHeading, Level: 2, Text: "Endnotes"})
		for _, b := range od.endnotes {
			od.add(b)
		}
	}
	if od.err != nil {
		return od.err
	}
	st := od.out.finish()
	doc.Format, doc.Raw, doc.Text = "md", st.Raw, st.Text
	doc.Title = CleanLine(od.title)
	if doc.Title == "" && firstHeading != "" {
		doc.Title = CleanLine(shorten(firstHeading, maxTitle))
	}
	doc.Date = od.created
	doc.Meta.Authors = od.authors
	doc.Meta.Modified = od.modified
	return nil
}

// add writes a block of the body (after the first error, nothing).
func (od *officeDoc) add(b textBlock) {
	if od.err == nil && od.out != nil {
		od.err = od.out.add(b)
	}
}

// officeZip is a Word or OpenDocument file's members, unpacked within officeLimits: the small parts read
// whole, the body streamed to its XML decoder (held whole, with the garbage of reading it, it was several
// times the zip).
type officeZip struct {
	files map[string]*zip.File
	u     *unpacker
}

func newOfficeZip(zr *zip.Reader) officeZip {
	z := officeZip{files: map[string]*zip.File{}, u: &unpacker{limits: officeLimits}}
	for _, f := range zr.File {
		z.files[f.Name] = f
	}
	return z
}

// member reads a part whole (nil when the file has none).
func (z officeZip) member(name string) ([]byte, error) {
	f, ok := z.files[name]
	if !ok {
		return nil, nil
	}
	return z.u.read(f)
}

// stream hands a part's unpacked bytes to read as they come, within the limits (false when the file has no
// such part). A part that unpacks past them is refused as too large, whatever read made of it.
func (z officeZip) stream(name string, read func(io.Reader) error) (bool, error) {
	f, ok := z.files[name]
	if !ok {
		return false, nil
	}
	u := z.u
	limit := min(u.limits.MaxBytes, u.limits.MaxUnpackedBytes-u.unpacked)
	tooLarge := func() error {
		if limit < u.limits.MaxBytes {
			return fmt.Errorf("%s in the archive is too large: the archive unpacks to more than %s in all (the limit)", f.Name, byteSize(u.limits.MaxUnpackedBytes))
		}
		return fmt.Errorf("%s in the archive is too large (the limit is %s)", f.Name, byteSize(u.limits.MaxBytes))
	}
	if f.UncompressedSize64 > uint64(limit) {
		return true, tooLarge()
	}
	rc, err := f.Open()
	if err != nil {
		return true, fmt.Errorf("%s in the archive: %v", f.Name, err)
	}
	defer rc.Close()
	pr := &partReader{r: rc, left: limit}
	err = read(pr)
	u.unpacked += limit - pr.left
	if pr.over {
		return true, tooLarge()
	}
	return true, err
}

// partReader reads at most left bytes, and notes (over) that there were more.
type partReader struct {
	r    io.Reader
	left int64
	over bool
}

func (p *partReader) Read(b []byte) (int, error) {
	if p.left <= 0 {
		var one [1]byte
		if n, _ := p.r.Read(one[:]); n > 0 {
			p.over = true
			return 0, errors.New("past the limit")
		}
		return 0, io.EOF
	}
	if int64(len(b)) > p.left {
		b = b[:p.left]
	}
	n, err := p.r.Read(b)
	p.left -= int64(n)
	return n, err
}

// --- .docx ------------------------------------------------------------------------------------------

type docxStyle struct {
	name    string
	outline int // 0 none, else heading level
	basedOn string
}

type docxNumLevel struct {
	format string // decimal, lowerLetter, upperLetter, lowerRoman, upperRoman, bullet, none
	text   string // "%1." …
	start  int
}

// readDOCX reads a Word file; quotesOnly reads only what its comments need (the text each is on).
func readDOCX(od *officeDoc, z officeZip, quotesOnly bool) error {
	member := z.member
	if _, ok := z.files["word/document.xml"]; !ok {
		return fmt.Errorf("%w: no word/document.xml in it (not a Word document)", ErrDamaged)
	}
	styles := map[string]docxStyle{}
	if data, err := member("word/styles.xml"); err != nil {
		return err
	} else if data != nil {
		styles = parseDocxStyles(data)
	}
	nums, numInstances := map[string]map[int]docxNumLevel{}, map[string]docxNum{}
	if data, err := member("word/numbering.xml"); err != nil {
		return err
	} else if data != nil {
		nums, numInstances = parseDocxNumbering(data)
	}
	w := &docxWalker{od: od, styles: styles, nums: nums, numInstances: numInstances, numUsed: map[string]bool{}, counters: map[string][]int{}, noteNumbers: map[string]int{},
		quoted: map[string]*strings.Builder{}, quotes: map[string]string{}, quotesOnly: quotesOnly}
	for _, part := range []struct{ file, elem string }{{"word/footnotes.xml", "footnote"}, {"word/endnotes.xml", "endnote"}} {
		if quotesOnly {
			break
		}
		var notes map[string]string
		var damaged error
		found, err := z.stream(part.file, func(r io.Reader) error {
			notes, damaged = parseDocxNotes(r, part.elem)
			return nil
		})
		if err != nil {
			return err
		}
		if damaged != nil {
			return fmt.Errorf("%w: %s: %v", ErrDamaged, part.file, damaged)
		}
		if found && part.elem == "footnote" {
			w.footnotes = notes
		} else if found {
			w.endnoteTexts = notes
		}
	}
	var damaged error
	if _, err := z.stream("word/document.xml", func(r io.Reader) error { damaged = w.walk(r); return nil }); err != nil {
		return err
	}
	if damaged != nil {
		return fmt.Errorf("%w: word/document.xml: %v", ErrDamaged, damaged)
	}
	if data, err := member("word/comments.xml"); err != nil {
		return err
	} else if data != nil {
		od.comments = parseDocxComments(data, w.quotes)
	}
	for _, ref := range w.noteOrder {
		text := w.footnotes[ref.id]
		if ref.end {
			text = w.endnoteTexts[ref.id]
		}
		b := textBlock{Text: "[" + ref.label + "] " + text}
		if ref.end {
			od.endnotes = append(od.endnotes, b)
		} else {
			od.notes = append(od.notes, b)
		}
	}
	if data, err := member("docProps/core.xml"); err != nil {
		return err
	} else if data != nil {
		readCoreProps(od, data)
	}
	return nil
}

func parseDocxStyles(data []byte) map[string]docxStyle {
	var doc struct {
		Styles []struct {
			ID      string `xml:"styleId,attr"`
			Name    val    `xml:"name"`
			BasedOn val    `xml:"basedOn"`
			Outline *val   `xml:"pPr>outlineLvl"`
		} `xml:"style"`
	}
	_ = xml.Unmarshal(data, &doc) // styles only refine headings: a damaged styles.xml is read as none
	out := map[string]docxStyle{}
	for _, s := range doc.Styles {
		st := docxStyle{name: strings.ToLower(s.Name.Val), basedOn: s.BasedOn.Val}
		if s.Outline != nil {
			if n, err := strconv.Atoi(s.Outline.Val); err == nil && n >= 0 && n < 9 {
				st.outline = n + 1
			}
		}
		out[s.ID] = st
	}
	return out
}

type val struct {
	Val string `xml:"val,attr"`
}

// docxNum is a numbering instance (w:num): the abstract numbering whose counters it shares with every
// instance of it, and the levels it restarts (w:startOverride) where it is first used. LibreOffice writes
// a list's first item with an instance that restarts and the rest with one that does not, both of one
// abstract numbering: Word numbers them as one list.
type docxNum struct {
	abstract  string
	overrides map[int]int
}

func parseDocxNumbering(data []byte) (map[string]map[int]docxNumLevel, map[string]docxNum) {
	var doc struct {
		Abstract []struct {
			ID     string `xml:"abstractNumId,attr"`
			Levels []struct {
				Ilvl   int `xml:"ilvl,attr"`
				Start  val `xml:"start"`
				Format val `xml:"numFmt"`
				Text   val `xml:"lvlText"`
			} `xml:"lvl"`
		} `xml:"abstractNum"`
		Nums []struct {
			ID        string `xml:"numId,attr"`
			Abstract  val    `xml:"abstractNumId"`
			Overrides []struct {
				Ilvl  int  `xml:"ilvl,attr"`
				Start *val `xml:"startOverride"`
			} `xml:"lvlOverride"`
		} `xml:"num"`
	}
	_ = xml.Unmarshal(data, &doc)
	abstract := map[string]map[int]docxNumLevel{}
	for _, a := range doc.Abstract {
		levels := map[int]docxNumLevel{}
		for _, l := range a.Levels {
			start, err := strconv.Atoi(l.Start.Val)
			if err != nil {
				start = 1
			}
			levels[l.Ilvl] = docxNumLevel{format: l.Format.Val, text: l.Text.Val, start: start}
		}
		abstract[a.ID] = levels
	}
	out := map[string]map[int]docxNumLevel{}
	instances := map[string]docxNum{}
	for _, n := range doc.Nums {
		out[n.ID] = abstract[n.Abstract.Val]
		inst := docxNum{abstract: n.Abstract.Val}
		for _, o := range n.Overrides {
			if v, err := strconv.Atoi(o.Start.valOr("")); err == nil {
				if inst.overrides == nil {
					inst.overrides = map[int]int{}
				}
				inst.overrides[o.Ilvl] = v
			}
		}
		instances[n.ID] = inst
	}
	return out, instances
}

func (v *val) valOr(def string) string {
	if v == nil {
		return def
	}
	return v.Val
}

// parseDocxNotes reads footnotes.xml or endnotes.xml: note id → its text (separators left out).
func parseDocxNotes(r io.Reader, elem string) (map[string]string, error) {
	out := map[string]string{}
	dec := xml.NewDecoder(r)
	var id string
	var text strings.Builder
	inNote, deleted := false, 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case elem:
				typ := attr(t, "type")
				inNote = typ == "" || typ == "normal"
				id = attr(t, "id")
				text.Reset()
			case "del", "moveFrom":
				deleted++
			case "t":
				if inNote && deleted == 0 {
					var s string
					if err := dec.DecodeElement(&s, &t); err != nil {
						return nil, err
					}
					text.WriteString(s)
				}
			case "tab":
				text.WriteByte(' ')
			case "p":
				if text.Len() > 0 {
					text.WriteByte(' ')
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case elem:
				if inNote {
					out[id] = oneLine(text.String())
				}
				inNote = false
			case "del", "moveFrom":
				deleted--
			}
		}
	}
}

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

type noteRef struct {
	id, label string
	end       bool
}

// docxWalker turns document.xml into blocks, streaming (a table's rows, a text box's paragraphs in turn).
type docxWalker struct {
	styles       map[string]docxStyle
	nums         map[string]map[int]docxNumLevel
	numInstances map[string]docxNum
	numUsed      map[string]bool  // numbering instances met so far
	counters     map[string][]int // abstract numbering → counter per level
	footnotes    map[string]string
	endnoteTexts map[string]string
	noteOrder    []noteRef
	noteNumbers  map[string]int
	od           *officeDoc // where the blocks go

	// the paragraph being read
	text                strings.Builder
	style, numID, ilvl  string
	outline             int
	inPara              bool
	deleted, tableDepth int
	rowCells            []string
	cellText            strings.Builder
	inCell              int
	quoted              map[string]*strings.Builder // comments whose range is open: the text they cover
	quotes              map[string]string           // comment id → the text it is on
	quotesOnly          bool                        // only the comments' quotes are wanted: no blocks
}

// write adds text to the paragraph and to every comment range open.
func (w *docxWalker) write(s string) {
	w.text.WriteString(s)
	for _, b := range w.quoted {
		if b.Len() < 400 {
			b.WriteString(s)
		}
	}
}

func (w *docxWalker) walk(r io.Reader) error {
	dec := xml.NewDecoder(r)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := w.start(dec, t); err != nil {
				return err
			}
		case xml.EndElement:
			w.end(t)
		}
	}
}

func (w *docxWalker) start(dec *xml.Decoder, t xml.StartElement) error {
	switch t.Name.Local {
	case "p":
		w.inPara = true
		w.text.Reset()
		w.style, w.numID, w.ilvl, w.outline = "", "", "", 0
	case "pStyle":
		w.style = attr(t, "val")
	case "numId":
		w.numID = attr(t, "val")
	case "ilvl":
		w.ilvl = attr(t, "val")
	case "outlineLvl":
		if n, err := strconv.Atoi(attr(t, "val")); err == nil && n >= 0 && n < 9 {
			w.outline = n + 1
		}
	case "del", "moveFrom", "Fallback": // mc:Fallback repeats mc:Choice (text boxes) for older readers
		w.deleted++
	case "t":
		var s string
		if err := dec.DecodeElement(&s, &t); err != nil {
			return err
		}
		if w.deleted == 0 {
			w.write(s)
		}
	case "tab", "br", "cr":
		if w.deleted == 0 {
			w.write(" ")
		}
	case "noBreakHyphen":
		w.write("-")
	case "footnoteReference", "endnoteReference":
		if w.deleted == 0 {
			end := t.Name.Local == "endnoteReference"
			id := attr(t, "id")
			key := t.Name.Local + id
			n, ok := w.noteNumbers[key]
			if !ok {
				count := 0
				for _, r := range w.noteOrder {
					if r.end == end {
						count++
					}
				}
				n = count + 1
				w.noteNumbers[key] = n
				label := strconv.Itoa(n)
				if end {
					label = romanLower(n)
				}
				w.noteOrder = append(w.noteOrder, noteRef{id: id, label: label, end: end})
			}
			label := strconv.Itoa(n)
			if end {
				label = romanLower(n)
			}
			w.write("[" + label + "]")
		}
	case "commentRangeStart":
		w.quoted[attr(t, "id")] = &strings.Builder{}
	case "commentRangeEnd":
		if b, ok := w.quoted[attr(t, "id")]; ok {
			w.quotes[attr(t, "id")] = oneLine(b.String())
			delete(w.quoted, attr(t, "id"))
		}
	case "tbl":
		w.tableDepth++
	case "tr":
		if w.tableDepth == 1 {
			w.rowCells = w.rowCells[:0]
		}
	case "tc":
		if w.tableDepth == 1 {
			w.inCell++
			w.cellText.Reset()
		}
	}
	return nil
}

func (w *docxWalker) end(t xml.EndElement) {
	switch t.Name.Local {
	case "p":
		w.inPara = false
		text := oneLine(w.text.String())
		if w.tableDepth > 0 {
			if text != "" {
				if w.cellText.Len() > 0 {
					w.cellText.WriteByte(' ')
				}
				w.cellText.WriteString(text)
			}
			return
		}
		w.paragraph(text)
	case "del", "moveFrom", "Fallback":
		w.deleted--
	case "tc":
		if w.tableDepth == 1 {
			w.inCell--
			w.rowCells = append(w.rowCells, oneLine(w.cellText.String()))
		}
	case "tr":
		if w.tableDepth == 1 {
			var cells []string
			for _, c := range w.rowCells {
				if c != "" {
					cells = append(cells, c)
				}
			}
			if len(cells) > 0 && !w.quotesOnly {
				w.od.add(textBlock{Text: strings.Join(cells, " | ")})
			}
		}
	case "tbl":
		w.tableDepth--
	}
}

func (w *docxWalker) paragraph(text string) {
	if w.quotesOnly {
		return
	}
	level := w.outline
	st := w.styles[w.style]
	for i, id := 0, w.style; level == 0 && id != "" && i < 10; i++ { // a style and those it is based on
		s := w.styles[id]
		switch {
		case s.outline > 0:
			level = s.outline
		case s.name == "title" || id == "Title":
			level = 1
		case strings.HasPrefix(s.name, "heading ") || strings.HasPrefix(id, "Heading"):
			n, _ := strconv.Atoi(strings.TrimPrefix(strings.TrimPrefix(s.name, "heading "), "Heading"))
			if n == 0 {
				n, _ = strconv.Atoi(strings.TrimPrefix(id, "Heading"))
			}
			level = max(n, 1)
		}
		id = s.basedOn
	}
	_ = st
	if w.numID != "" && w.numID != "0" && level == 0 {
		ilvl, _ := strconv.Atoi(w.ilvl)
		ilvl = min(max(ilvl, 0), 8)
		label := w.listLabel(w.numID, ilvl)
		if text == "" {
			return
		}
		if label != "" {
			text = label + " " + text
		}
		w.od.add(textBlock{Kind: blockItem, Level: ilvl, Text: text})
		return
	}
	if text == "" {
		return
	}
	if level > 0 {
		w.od.add(textBlock{Kind: blockHeading, Level: min(level, 6), Text: text})
		return
	}
	w.od.add(textBlock{Text: text})
}

// listLabel advances list numId's counter at level ilvl and returns its label ("3.", "b)"), "" for bullets.
func (w *docxWalker) listLabel(numID string, ilvl int) string {
	levels := w.nums[numID]
	inst := w.numInstances[numID]
	key := inst.abstract
	if key == "" {
		key = "num " + numID
	}
	first := !w.numUsed[numID]
	w.numUsed[numID] = true
	c := w.counters[key]
	for len(c) <= ilvl {
		c = append(c, 0)
	}
	for l := range c {
		override, restart := inst.overrides[l]
		restart = restart && first
		switch {
		case l == ilvl && restart:
			c[l] = override
		case l == ilvl:
			if c[l] == 0 {
				c[l] = levels[l].start
				if c[l] == 0 && levels[l].start == 0 {
					c[l] = 1
				}
			} else {
				c[l]++
			}
		case l > ilvl || restart:
			c[l] = 0
		}
	}
	w.counters[key] = c
	lvl, ok := levels[ilvl]
	if !ok || lvl.format == "bullet" || lvl.format == "none" || lvl.format == "" {
		return ""
	}
	label := lvl.text
	for l := 0; l <= ilvl && l < len(c); l++ {
		label = strings.ReplaceAll(label, "%"+strconv.Itoa(l+1), numberIn(levels[l].format, max(c[l], 1)))
	}
	return strings.TrimSpace(label)
}

func numberIn(format string, n int) string {
	switch format {
	case "lowerLetter":
		return letters(n, 'a')
	case "upperLetter":
		return letters(n, 'A')
	case "lowerRoman":
		return romanLower(n)
	case "upperRoman":
		return strings.ToUpper(romanLower(n))
	}
	return strconv.Itoa(n)
}

func letters(n int, a rune) string {
	s := ""
	for n > 0 {
		n--
		s = string(a+rune(n%26)) + s
		n /= 26
	}
	return s
}

func romanLower(n int) string {
	if n <= 0 || n >= 4000 {
		return strconv.Itoa(n)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

// parseDocxComments writes word/comments.xml as a Markdown list: author, date, the text it is on, the comment.
func parseDocxComments(data []byte, quotes map[string]string) string {
	var doc struct {
		Comments []struct {
			ID     string `xml:"id,attr"`
			Author string `xml:"author,attr"`
			Date   string `xml:"date,attr"`
			Paras  []struct {
				Texts []string `xml:"r>t"`
			} `xml:"p"`
		} `xml:"comment"`
	}
	if xml.Unmarshal(data, &doc) != nil {
		return "" // comments are extra: a damaged comments.xml leaves the text as it is
	}
	var list []officeComment
	for _, c := range doc.Comments {
		var parts []string
		for _, p := range c.Paras {
			parts = append(parts, strings.Join(p.Texts, ""))
		}
		list = append(list, officeComment{author: c.Author, date: c.Date, quote: quotes[c.ID], text: strings.Join(parts, " ")})
	}
	return formatComments(list, "Word")
}

type officeComment struct{ author, date, quote, text string }

// formatComments writes comments as a Markdown list: author, date, the text it is on, the comment.
func formatComments(list []officeComment, kind string) string {
	var b strings.Builder
	for _, c := range list {
		text := oneLine(c.text)
		if text == "" {
			continue
		}
		b.WriteString("- **" + escapeMarkdown(FirstNonEmpty(CleanLine(c.author), "Unknown")) + "**")
		if d := w3cDate(c.date); d != "" {
			b.WriteString(" (" + d + ")")
		}
		if q := oneLine(c.quote); q != "" {
			b.WriteString(", on “" + escapeMarkdown(shorten(q, 200)) + "”")
		}
		b.WriteString(": " + escapeMarkdown(text) + "\n")
	}
	if b.Len() == 0 {
		return ""
	}
	return "Comments in the " + kind + " file:\n\n" + b.String()
}

// odtComments reads an OpenDocument text's comments (office:annotation in content.xml, a range closed by
// office:annotation-end of the same name) as formatComments does.
func odtComments(r io.Reader) (string, error) {
	dec := xml.NewDecoder(r)
	var list []officeComment
	open := map[string]int{} // annotation name → its index in list, while its range is open
	var cur *officeComment
	field := "" // creator, date, or p (the comment's text) inside an annotation
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return formatComments(list, "OpenDocument"), nil
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Local == "annotation":
				cur = &officeComment{}
				if name := attr(t, "name"); name != "" {
					open[name] = len(list)
				}
			case t.Name.Local == "annotation-end":
				delete(open, attr(t, "name"))
			case cur != nil && (t.Name.Local == "creator" || t.Name.Local == "date"):
				field = t.Name.Local
			case cur != nil && t.Name.Local == "p":
				field = "p"
				if cur.text != "" {
					cur.text += " "
				}
			}
		case xml.CharData:
			switch {
			case cur == nil:
				for _, i := range open {
					if i < len(list) && len(list[i].quote) < 400 {
						list[i].quote += string(t)
					}
				}
			case field == "creator":
				cur.author += string(t)
			case field == "date":
				cur.date += string(t)
			case field == "p":
				cur.text += string(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "annotation":
				if cur != nil {
					list = append(list, *cur)
				}
				cur, field = nil, ""
			case "creator", "date":
				field = ""
			}
		}
	}
}

// DOCXComments reads a Word or OpenDocument file's comments as a Markdown list for the document's memo
// ("" when it has none or cannot be read).
func DOCXComments(data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ""
	}
	z := newOfficeZip(zr)
	if _, word := z.files["word/document.xml"]; !word {
		var memo string
		if _, err := z.stream("content.xml", func(r io.Reader) error {
			var err error
			memo, err = odtComments(r)
			return err
		}); err != nil {
			return "" // comments are extra: a damaged part leaves the text as it is
		}
		return memo
	}
	if _, ok := z.files["word/comments.xml"]; !ok {
		return "" // most Word files: no second pass over the body
	}
	var od officeDoc
	if readDOCX(&od, z, true) != nil {
		return ""
	}
	return od.comments
}

// readCoreProps reads docProps/core.xml (Dublin Core): title, creator, created and modified dates.
func readCoreProps(od *officeDoc, data []byte) {
	var core struct {
		Title    string `xml:"title"`
		Creator  string `xml:"creator"`
		Created  string `xml:"created"`
		Modified string `xml:"modified"`
	}
	if xml.Unmarshal(data, &core) != nil {
		return // metadata is optional: the text is what matters
	}
	od.title = core.Title
	od.authors = splitAuthors(core.Creator)
	od.created, od.modified = w3cDate(core.Created), w3cDate(core.Modified)
}

func splitAuthors(s string) []string {
	var out []string
	for _, a := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' }) {
		if a = CleanLine(a); a != "" && FieldTooLong("author", a, MaxSourceCodePoints) == "" {
			out = append(out, a)
		}
	}
	return out
}

// w3cDate reads a W3CDTF or PDF date's day as YYYY-MM-DD, "" when it is not one.
func w3cDate(s string) string {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04Z07:00", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil && t.Year() > 1900 {
			return t.Format(time.DateOnly)
		}
	}
	if len(s) >= 10 {
		if t, err := time.Parse(time.DateOnly, s[:10]); err == nil && t.Year() > 1900 {
			return s[:10]
		}
	}
	return ""
}

// --- .odt -------------------------------------------------------------------------------------------

func readODT(od *officeDoc, z officeZip) error {
	member := z.member
	if _, ok := z.files["content.xml"]; !ok {
		return fmt.Errorf("%w: no content.xml in it (not an OpenDocument text)", ErrDamaged)
	}
	styles, err := member("styles.xml")
	if err != nil {
		return err
	}
	// content.xml is streamed twice: its list styles (in its automatic styles, before the body), then the body.
	od.odtLists, od.odtTitle = odtListStyles{}, map[string]bool{"Title": true}
	if _, err := z.stream("content.xml", func(r io.Reader) error { od.odtLists.read(r, od.odtTitle); return nil }); err != nil {
		return err
	}
	od.odtLists.read(bytes.NewReader(styles), od.odtTitle)
	var damaged error
	if _, err := z.stream("content.xml", func(r io.Reader) error { damaged = walkODT(od, r); return nil }); err != nil {
		return err
	}
	if damaged != nil {
		return fmt.Errorf("%w: content.xml: %v", ErrDamaged, damaged)
	}
	if data, err := member("meta.xml"); err != nil {
		return err
	} else if data != nil {
		var meta struct {
			Title    string `xml:"meta>title"`
			Creator  string `xml:"meta>initial-creator"`
			Creator2 string `xml:"meta>creator"`
			Created  string `xml:"meta>creation-date"`
			Modified string `xml:"meta>date"`
		}
		if xml.Unmarshal(data, &meta) == nil {
			od.title = meta.Title
			od.authors = splitAuthors(FirstNonEmpty(meta.Creator, meta.Creator2))
			od.created, od.modified = w3cDate(meta.Created), w3cDate(meta.Modified)
		}
	}
	return nil
}

// walkODT reads text:h, text:p, text:list-item, tables and notes (text:note-body, kept for the end)
// from content.xml. Tracked changes: text:tracked-changes holds the deleted text and is left out; the
// inserted text stands in the body already.
func walkODT(od *officeDoc, r io.Reader) error {
	dec := xml.NewDecoder(r)
	type frame struct {
		text   strings.Builder
		kind   blockKind
		level  int
		inNote bool
		label  string // a list item's number ("2.", "iv)")
	}
	var stack []*frame // open paragraphs/headings (notes nest paragraphs inside paragraphs)
	listDepth, skip, tableDepth, noteDepth := 0, 0, 0, 0
	// Numbered lists: the open lists' style (a nested list without one takes its parent's) and the
	// outermost list's counters, one per level; a list that continues the numbering takes up the last
	// counters of its style.
	type openList struct {
		style    string
		counters *[]int
	}
	var lists []openList
	lastCounters := map[string]*[]int{}
	listByID := map[string]*[]int{} // outermost lists by their xml:id
	label := ""                     // the open list item's number, for its first paragraph
	var rowCells []string
	var cell strings.Builder
	notes := 0
	var noteText strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 {
				skip++
				continue
			}
			switch t.Name.Local {
			case "tracked-changes", "note-citation", "annotation", "sequence-decls", "automatic-styles", "font-face-decls":
				skip = 1
			case "h":
				level, _ := strconv.Atoi(attr(t, "outline-level"))
				stack = append(stack, &frame{kind: blockHeading, level: max(level, 1)})
			case "p":
				f := &frame{}
				if od.odtTitle[attr(t, "style-name")] { // the document's title paragraph: its first heading
					f.kind, f.level = blockHeading, 1
				}
				if listDepth > 0 {
					f.kind, f.level = blockItem, listDepth-1
					f.label, label = label, ""
				}
				f.inNote = noteDepth > 0
				stack = append(stack, f)
			case "list":
				listDepth++
				l := openList{style: attr(t, "style-name")}
				switch {
				case len(lists) > 0:
					if l.style == "" {
						l.style = lists[len(lists)-1].style
					}
					l.counters = lists[len(lists)-1].counters
				case listByID[attr(t, "continue-list")] != nil:
					// LibreOffice continues a list by its id, across lists of other styles between them.
					l.counters = listByID[attr(t, "continue-list")]
				case attr(t, "continue-numbering") == "true" && lastCounters[l.style] != nil:
					l.counters = lastCounters[l.style]
				default:
					l.counters = &[]int{}
				}
				if id := attr(t, "id"); id != "" && len(lists) == 0 {
					listByID[id] = l.counters
				}
				lists = append(lists, l)
			case "list-item":
				if len(lists) > 0 {
					l := lists[len(lists)-1]
					label = od.odtLists.next(l.style, l.counters, len(lists)-1, attr(t, "start-value"))
				}
			case "list-header":
				label = ""
			case "note":
				notes++
				noteDepth++
				noteText.Reset()
				if len(stack) > 0 {
					stack[len(stack)-1].text.WriteString("[" + strconv.Itoa(notes) + "]")
				}
			case "s", "tab", "line-break":
				if len(stack) > 0 {
					stack[len(stack)-1].text.WriteByte(' ')
				}
			case "table":
				tableDepth++
			case "table-row":
				rowCells = rowCells[:0]
			case "table-cell":
				cell.Reset()
			}
		case xml.CharData:
			if skip == 0 && len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			switch t.Name.Local {
			case "h", "p":
				if len(stack) == 0 {
					continue
				}
				f := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				text := oneLine(f.text.String())
				switch {
				case text == "":
				case f.inNote:
					if noteText.Len() > 0 {
						noteText.WriteByte(' ')
					}
					noteText.WriteString(text)
				case tableDepth > 0:
					if cell.Len() > 0 {
						cell.WriteByte(' ')
					}
					cell.WriteString(text)
				default:
					if f.label != "" {
						text = f.label + " " + text
					}
					od.add(textBlock{Kind: f.kind, Level: min(f.level, 6), Text: text})
				}
			case "list":
				listDepth--
				if len(lists) > 0 {
					l := lists[len(lists)-1]
					lists = lists[:len(lists)-1]
					if len(lists) == 0 {
						lastCounters[l.style] = l.counters
					}
				}
			case "note":
				noteDepth--
				od.notes = append(od.notes, textBlock{Text: "[" + strconv.Itoa(notes) + "] " + oneLine(noteText.String())})
			case "table-cell":
				rowCells = append(rowCells, oneLine(cell.String()))
			case "table-row":
				var cells []string
				for _, c := range rowCells {
					if c != "" {
						cells = append(cells, c)
					}
				}
				if len(cells) > 0 {
					od.add(textBlock{Text: strings.Join(cells, " | ")})
				}
			case "table":
				tableDepth--
			}
		}
	}
	return nil
}

// odtListStyles are an OpenDocument's list styles (text:list-style, in content.xml's automatic styles and
// styles.xml): per style name, per level from 0, how items are numbered.
type odtListStyles map[string]map[int]odtListLevel

type odtListLevel struct {
	format         string // "1", "a", "A", "i", "I"; "" = no number (bullets, images, or num-format="")
	prefix, suffix string
	start          int // the first number (text:start-value, default 1)
	display        int // how many levels the label shows ("1.2." is 2)
}

// read adds the list styles of one part (content.xml or styles.xml).
// titles gains the paragraph styles based on a title style (a word processor names its automatic style
// "P1", parent "Title").
func (out odtListStyles) read(r io.Reader, titles map[string]bool) {
	{
		dec := xml.NewDecoder(r)
		name := ""
		for {
			tok, err := dec.Token()
			if err != nil {
				break // a damaged styles part is read as far as it goes: lists then go unnumbered
			}
			t, ok := tok.(xml.StartElement)
			if !ok {
				continue
			}
			switch t.Name.Local {
			case "style":
				if titles[attr(t, "parent-style-name")] && attr(t, "family") == "paragraph" {
					titles[attr(t, "name")] = true
				}
			case "list-style":
				name = attr(t, "name")
				if out[name] == nil {
					out[name] = map[int]odtListLevel{}
				}
			case "list-level-style-number", "list-level-style-bullet", "list-level-style-image":
				level, err := strconv.Atoi(attr(t, "level"))
				if name == "" || err != nil || level < 1 || level > 10 {
					continue
				}
				l := odtListLevel{start: 1, display: 1}
				if t.Name.Local == "list-level-style-number" {
					l.format, l.prefix, l.suffix = attr(t, "num-format"), attr(t, "num-prefix"), attr(t, "num-suffix")
					if n, err := strconv.Atoi(attr(t, "start-value")); err == nil && n >= 0 {
						l.start = n
					}
					if n, err := strconv.Atoi(attr(t, "display-levels")); err == nil && n > 1 {
						l.display = min(n, level)
					}
				}
				out[name][level-1] = l
			case "body": // the list styles come before the body
				return
			}
		}
	}
}

// next advances a list's counters for an item at level (from 0) and returns its label, "" for an item
// its style does not number. startValue is the item's own text:start-value, if any.
func (s odtListStyles) next(style string, counters *[]int, level int, startValue string) string {
	levels := s[style]
	c := *counters // the number of the last item at each level; -1 = none yet
	for len(c) <= level {
		c = append(c, -1)
	}
	switch n, err := strconv.Atoi(startValue); {
	case err == nil && n >= 0:
		c[level] = n
	case c[level] < 0:
		c[level] = 1
		if l, ok := levels[level]; ok {
			c[level] = l.start
		}
	default:
		c[level]++
	}
	for l := level + 1; l < len(c); l++ {
		c[l] = -1
	}
	*counters = c
	lvl := levels[level]
	if lvl.format == "" {
		return ""
	}
	var parts []string
	for l := level - lvl.display + 1; l <= level; l++ {
		format := levels[l].format
		if l != level && format == "" {
			format = "1"
		}
		parts = append(parts, numberIn(odtNumFormat(format), max(c[l], 0)))
	}
	return strings.TrimSpace(lvl.prefix + strings.Join(parts, ".") + lvl.suffix)
}

// odtNumFormat names an OpenDocument num-format as the Word formats numberIn knows.
func odtNumFormat(f string) string {
	switch f {
	case "a":
		return "lowerLetter"
	case "A":
		return "upperLetter"
	case "i":
		return "lowerRoman"
	case "I":
		return "upperRoman"
	}
	return "decimal"
}
