package export

import (
	"archive/zip"
	"crypto/sha1"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"hash"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"gloss/store"
)

// REFI-QDA 1.5 (Project.xsd, Codebook.xsd): a .qdpx is a ZIP with project.qde at its root and the plain
// text of every source in a flat sources/ folder; a .qdc is the codebook alone. Positions are 0-based
// code points of the source text with an exclusive end, as QualCoder reads and writes them (the
// standard's wording suggests an inclusive end, QualCoder's slicing does not; W3C agrees with it).
// Tag and annotation ids are UUIDv7 and so already GUIDs; users, sources and codings get name-based
// (v5) GUIDs, the same at every export.

const (
	qdaProjectNS  = "urn:QDA-XML:project:1.0"
	qdaCodebookNS = "urn:QDA-XML:codebook:1.0"
	qdaOrigin     = "Gloss"
)

type qdaUser struct {
	XMLName xml.Name `xml:"User"`
	GUID    string   `xml:"guid,attr"`
	Name    string   `xml:"name,attr"`
}

type qdaCode struct {
	XMLName     xml.Name  `xml:"Code"`
	GUID        string    `xml:"guid,attr"`
	Name        string    `xml:"name,attr"`
	IsCodable   bool      `xml:"isCodable,attr"`
	Color       string    `xml:"color,attr"`
	Description string    `xml:"Description,omitempty"`
	Children    []qdaCode `xml:"Code"`
}

type qdaNoteRef struct {
	XMLName xml.Name `xml:"NoteRef"`
	Target  string   `xml:"targetGUID,attr"`
}

// qdaNote is a Note: its text in PlainTextContent, or (a project note, as QualCoder reads journals)
// in the file PlainTextPath names.
type qdaNote struct {
	XMLName       xml.Name `xml:"Note"`
	GUID          string   `xml:"guid,attr"`
	Name          string   `xml:"name,attr"`
	PlainTextPath string   `xml:"plainTextPath,attr,omitempty"`
	CreatingUser  string   `xml:"creatingUser,attr"`
	Created       string   `xml:"creationDateTime,attr"`
	Modified      string   `xml:"modifiedDateTime,attr"`
	Content       *string  `xml:"PlainTextContent"`
}

func userGUID(name string) string { return derivedGUID("user", name) }
func sourceGUID(docID string, version int) string {
	return derivedGUID("source", docID, fmt.Sprint(version))
}

// qdaCodes nests the tag tree as Codes. QualCoder keeps one code per name (a second code of the same
// name is merged into the first, losing its codings), so a leaf name that repeats in another branch is
// written as its path, "Framing › Conflict" (Gloss's reader takes the parent's path back off).
func qdaCodes(p *exportPlan) []qdaCode {
	ordered := exportTagTree(p.tags)
	children := map[string][]store.Tag{}
	var roots []store.Tag
	names := map[string]int{}
	for _, t := range ordered {
		names[strings.ToLower(t.Name)]++
		if _, ok := p.tagByID[t.Parent]; ok {
			children[t.Parent] = append(children[t.Parent], t)
		} else {
			roots = append(roots, t)
		}
	}
	var build func([]store.Tag, string) []qdaCode
	build = func(tags []store.Tag, parentPath string) []qdaCode {
		var out []qdaCode
		for _, t := range tags {
			name, path := t.Name, t.Name
			if parentPath != "" {
				path = parentPath + QDAPathSeparator + t.Name
			}
			if names[strings.ToLower(t.Name)] > 1 {
				name = path
			}
			out = append(out, qdaCode{GUID: t.ID, Name: name, IsCodable: true, Color: safeColour(t.Colour),
				Description: t.Description, Children: build(children[t.ID], path)})
		}
		return out
	}
	return build(roots, "")
}

// QDAPathSeparator joins a code's parents' names to its own where its name alone repeats.
const QDAPathSeparator = " › "

// qdaSourceNames names every source uniquely and as a file name: other tools use TextSource@name as the
// name of the file they store the text in (qualitative-coding crashed on a "/"; QualCoder renames
// a second source of the same name). Compared case-folded, as on the file systems of Windows and macOS.
func qdaSourceNames(p *exportPlan) map[string]string {
	out := map[string]string{}
	used := map[string]bool{}
	for _, d := range p.docs {
		for _, n := range d.versions {
			base := qdaFileSafe(sourceName(d, n))
			name := base
			for i := 2; used[strings.ToLower(name)]; i++ {
				name = fmt.Sprintf("%s (%d)", base, i)
			}
			used[strings.ToLower(name)] = true
			out[sourceGUID(d.ID, n)] = name
		}
	}
	return out
}

// qdaNameMaxBytes bounds a source's name: QualCoder and qualitative-coding store its text as
// "<name>.txt", and a file name longer than 255 bytes cannot be made (QualCoder then keeps the source
// without its file; qualitative-coding stopped the whole import). 120 bytes leaves room for " (12)",
// the extension and, on Windows, a project folder within the 260-character path limit.
const qdaNameMaxBytes = 120

// qdaFileSafe replaces what no file system takes in a name (and the path separators) with look-alikes,
// and dots too: qualitative-coding names the file Path(name).with_suffix(".txt"), which cuts a name
// at its last dot ("U.S. budget. Part 1" and "… Part 2" both became "U.S. budget.txt", the second
// overwriting the first). A name longer than qdaNameMaxBytes is shortened with "…"; the full title
// is the source's Title variable.
func qdaFileSafe(name string) string {
	name = strings.Map(func(r rune) rune {
		switch {
		case r == '/':
			return '∕'
		case r == '\\':
			return '⧵'
		case r == '.':
			return '․' // U+2024 ONE DOT LEADER
		case r < 32 || r == 0x7f:
			return ' '
		case strings.ContainsRune(`:*?"<>|`, r):
			return '-'
		}
		return r
	}, name)
	name = strings.Trim(strings.Join(strings.Fields(name), " "), "․ ")
	if len(name) > qdaNameMaxBytes {
		cut := qdaNameMaxBytes - len("…")
		for cut > 0 && !utf8.RuneStart(name[cut]) {
			cut--
		}
		name = strings.TrimRight(name[:cut], "․ ") + "…"
	}
	if name == "" {
		name = "Untitled"
	}
	return name
}

// qdaJournalNames names the project notes uniquely: QualCoder's journal names are unique, and its
// importer fails on a second journal of the same name (an error that ended the import after the
// sources: later journals, cases and sets were not read), so "Week 1" twice is "Week 1", "Week 1 (2)".
func qdaJournalNames(notes []store.Note) []string {
	out := make([]string, len(notes))
	used := map[string]bool{}
	for i, n := range notes {
		base := FirstNonEmpty(strings.TrimSpace(n.Title), "Note")
		name := base
		for k := 2; used[name]; k++ { // SQLite's UNIQUE compares exactly: "week 1" is another name
			name = fmt.Sprintf("%s (%d)", base, k)
		}
		used[name] = true
		out[i] = name
	}
	return out
}

// qdaVariables are the case attributes each source carries: the document's date, URL, outlet and
// authors, so another tool (and Gloss reading the file back) keeps them as fields, not free text.
var qdaVariables = []struct{ name, description string }{
	{"Date", "the date the article was published (YYYY-MM-DD)"},
	{"URL", "the article's URL"},
	{"Outlet", "the outlet that published it"},
	{"Authors", "its authors, separated by \"; \""},
	{"Title", "the article's title, where the source's name had to differ from it"},
}

func qdaVariableGUID(name string) string { return derivedGUID("variable", name) }

func qdaVariableValues(d exportDoc, name string) [5]string {
	title := ""
	if name != d.Title {
		title = d.Title
	}
	return [5]string{strings.TrimSpace(d.Date), strings.TrimSpace(d.URL), strings.TrimSpace(d.Source),
		strings.Join(d.Meta.Authors, "; "), title}
}

// qdaAnnotationNoteGUID is the Note holding an annotation's note, which its selection refers to.
func qdaAnnotationNoteGUID(annID string) string { return derivedGUID("annotation-note", annID) }

// qdaContext is what the Sources element needs besides the plan; annotation notes are collected while
// the sources are written, to be written as Notes after them.
type qdaContext struct {
	owner     string // the owner's user GUID
	names     map[string]string
	annNotes  []qdaNote
	userGUIDs map[string]string
}

// xmlWriter wraps xml.Encoder to write elements as tokens arrive, keeping the first error.
type xmlWriter struct {
	w       io.Writer // what enc writes to, for elements written by hand (writeQDASources)
	enc     *xml.Encoder
	err     error
	scratch []byte
}

func (x *xmlWriter) start(name string, attrs ...string) {
	el := xml.StartElement{Name: xml.Name{Local: name}}
	for i := 0; i+1 < len(attrs); i += 2 {
		el.Attr = append(el.Attr, xml.Attr{Name: xml.Name{Local: attrs[i]}, Value: attrs[i+1]})
	}
	if x.err == nil {
		x.err = x.enc.EncodeToken(el)
	}
}

func (x *xmlWriter) end(name string) {
	if x.err == nil {
		x.err = x.enc.EncodeToken(xml.EndElement{Name: xml.Name{Local: name}})
	}
}

func (x *xmlWriter) element(v any) {
	if x.err == nil {
		x.err = x.enc.Encode(v)
	}
}

func (x *xmlWriter) text(name, value string) {
	if x.err == nil {
		x.err = x.enc.EncodeElement(value, xml.StartElement{Name: xml.Name{Local: name}})
	}
}

func newXMLWriter(w io.Writer) *xmlWriter {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return &xmlWriter{err: err}
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	return &xmlWriter{w: w, enc: enc}
}

func (x *xmlWriter) close() error {
	if x.err == nil {
		x.err = x.enc.Close()
	}
	return x.err
}

func exportQDPX(s *store.Store, w io.Writer, opt ExportOptions) error {
	p, err := newExportPlan(s, opt, true)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	// The texts the positions count in, one file per document version, first: a text whose line ends
	// are rewritten (qdaLineEnds) moves the positions project.qde gives.
	p.qdaDropped = map[string][]int{}
	versions := exportVersionCache{s: s}
	for _, d := range p.docs {
		for _, n := range d.versions {
			v, err := versions.get(d.ID, n)
			if err != nil {
				return fmt.Errorf("document %q: %w", d.Title, err)
			}
			guid := sourceGUID(d.ID, n)
			text, dropped := qdaLineEnds(v.Text)
			if dropped != nil {
				p.qdaDropped[guid] = dropped
			}
			f, err := zw.CreateHeader(&zip.FileHeader{Name: "sources/" + guid + ".txt", Method: zip.Deflate, Modified: p.exported})
			if err == nil {
				_, err = io.WriteString(f, text)
			}
			if err != nil {
				return err
			}
		}
	}
	// Project notes, as journals: the text in a file beside the sources (QualCoder reads no other form).
	for _, n := range p.notes {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: "sources/" + n.ID + ".txt", Method: zip.Deflate, Modified: p.exported})
		if err == nil {
			_, err = io.WriteString(f, n.Body)
		}
		if err != nil {
			return err
		}
	}
	qde, err := zw.CreateHeader(&zip.FileHeader{Name: "project.qde", Method: zip.Deflate, Modified: p.exported})
	if err != nil {
		return err
	}
	// Compressing project.qde takes as long as writing it: it is done on another goroutine, so on two
	// cores the two overlap. Deflate's output does not depend on how its input is cut into writes.
	aw := newAsyncWriter(qde)
	err = writeProjectQDE(s, p, aw)
	if cerr := aw.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return zw.Close()
}

// qdaLineEnds makes a text's line ends read back at the same positions by QualCoder, which opens the
// file in Python's text mode (CRLF and CR read as LF) and, only when the first line ends in CRLF,
// writes each LF back as two characters. A text of CRLFs only, or with no CRLF, reads back at the same
// positions; one that mixes CRLF with LF or CR did not (each coding after them was off by one per
// CRLF). Such a text is written with LF line ends, which every tool counts alike; dropped are the
// code-point positions (in the document's text) of the CRs left out, ascending, and nil when the text
// is written as it is.
func qdaLineEnds(text string) (string, []int) {
	crlf := strings.Count(text, "\r\n")
	if crlf == 0 || crlf == strings.Count(text, "\r") && crlf == strings.Count(text, "\n") {
		return text, nil
	}
	var b strings.Builder
	b.Grow(len(text))
	dropped := []int{}
	cp := 0
	for i, r := range text {
		if r == '\r' {
			if i+1 < len(text) && text[i+1] == '\n' {
				dropped = append(dropped, cp)
				cp++
				continue
			}
			r = '\n'
		}
		b.WriteRune(r)
		cp++
	}
	return b.String(), dropped
}

// qdaMoved is a position of the document's text in the text written with the CRs at dropped left out.
func qdaMoved(dropped []int, pos int) int {
	before, _ := slices.BinarySearch(dropped, pos)
	return pos - before
}

// qdaNoteAuthors are the writers of the exported memos and project notes, in order of appearance.
func qdaNoteAuthors(p *exportPlan) []string {
	var out []string
	add := func(n store.Note) {
		if n.Author != "" && !slices.Contains(out, n.Author) {
			out = append(out, n.Author)
		}
	}
	for _, d := range p.docs {
		if d.memo != nil {
			add(*d.memo)
		}
	}
	for _, n := range p.notes {
		add(n)
	}
	return out
}

func writeProjectQDE(s *store.Store, p *exportPlan, w io.Writer) error {
	return writeProjectQDEWith(s, p, w, (*exportPlan).writeQDASources)
}

// writeProjectQDEWith is writeProjectQDE with the Sources element written by sources (tests compare the
// hand-written sources with xml.Encoder's).
func writeProjectQDEWith(s *store.Store, p *exportPlan, w io.Writer, sources func(*exportPlan, *xmlWriter, *qdaContext) error) error {
	owner := s.Author()
	users := []string{owner}
	for _, a := range p.authors {
		if a != owner {
			users = append(users, a)
		}
	}
	for _, a := range qdaNoteAuthors(p) { // a note's writer is a User as an annotation's coder is
		if !slices.Contains(users, a) {
			users = append(users, a)
		}
	}
	noteUser := func(n store.Note) string { return userGUID(FirstNonEmpty(n.Author, owner)) }
	ctx := &qdaContext{owner: userGUID(owner), names: qdaSourceNames(p), userGUIDs: map[string]string{}}
	x := newXMLWriter(w)
	x.start("Project", "xmlns", qdaProjectNS, "name", "Gloss export", "origin", qdaOrigin,
		"creatingUserGUID", userGUID(owner), "creationDateTime", exportTimestamp(p.exported))
	x.start("Users")
	for _, u := range users {
		x.element(qdaUser{GUID: userGUID(u), Name: u})
	}
	x.end("Users")
	if codes := qdaCodes(p); len(codes) > 0 {
		x.start("CodeBook")
		x.start("Codes")
		for _, c := range codes {
			x.element(c)
		}
		x.end("Codes")
		x.end("CodeBook")
	}
	if len(p.docs) > 0 {
		x.start("Variables")
		for _, v := range qdaVariables {
			x.start("Variable", "guid", qdaVariableGUID(v.name), "name", v.name, "typeOfVariable", "Text")
			x.text("Description", v.description)
			x.end("Variable")
		}
		x.end("Variables")
		if err := sources(p, x, ctx); err != nil {
			return err
		}
	}
	var notes []qdaNote
	for _, d := range p.docs {
		if d.memo != nil {
			body := d.memo.Body
			notes = append(notes, qdaNote{GUID: d.memo.ID, Name: FirstNonEmpty(d.memo.Title, "Memo"), CreatingUser: noteUser(*d.memo),
				Created: exportTimestamp(d.memo.Created), Modified: exportTimestamp(d.memo.Modified), Content: &body})
		}
	}
	notes = append(notes, ctx.annNotes...)
	journalNames := qdaJournalNames(p.notes)
	for i, n := range p.notes {
		notes = append(notes, qdaNote{GUID: n.ID, Name: journalNames[i],
			PlainTextPath: "internal://" + n.ID + ".txt", CreatingUser: noteUser(n),
			Created: exportTimestamp(n.Created), Modified: exportTimestamp(n.Modified)})
	}
	if len(notes) > 0 {
		x.start("Notes")
		for _, n := range notes {
			x.element(n)
		}
		x.end("Notes")
	}
	x.text("Description", "Exported from Gloss on "+exportTimestamp(p.exported))
	for _, n := range p.notes { // project notes belong to the project as a whole
		x.element(qdaNoteRef{Target: n.ID})
	}
	x.end("Project")
	return x.close()
}

// FirstNonEmpty returns the first of values that is not "".
func FirstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// asyncWriter hands what is written to w in 256 KB pieces to a goroutine that writes them in order.
// Close flushes, waits and returns the first error of w; after an error Write returns it.
type asyncWriter struct {
	buf  []byte
	work chan []byte
	free chan []byte
	done chan struct{}
	fail chan struct{} // closed when w has failed
	err  error         // w's error, set by the goroutine before fail or done closes
}

const asyncPiece = 256 << 10

func newAsyncWriter(w io.Writer) *asyncWriter {
	a := &asyncWriter{work: make(chan []byte, 2), free: make(chan []byte, 3), done: make(chan struct{}), fail: make(chan struct{})}
	for range 3 {
		a.free <- make([]byte, 0, asyncPiece)
	}
	a.buf = <-a.free
	go func() {
		defer close(a.done)
		for piece := range a.work {
			if a.err == nil {
				if _, a.err = w.Write(piece); a.err != nil {
					close(a.fail)
				}
			}
			a.free <- piece[:0]
		}
	}()
	return a
}

func (a *asyncWriter) Write(p []byte) (int, error) {
	select {
	case <-a.fail: // closed after a.err is set
		return 0, a.err
	default:
	}
	n := len(p)
	for len(p) > 0 {
		room := min(len(p), asyncPiece-len(a.buf))
		a.buf, p = append(a.buf, p[:room]...), p[room:]
		if len(a.buf) == asyncPiece {
			a.work <- a.buf
			a.buf = <-a.free
		}
	}
	return n, nil
}

// Close writes what is left and waits for the goroutine.
func (a *asyncWriter) Close() error {
	if len(a.buf) > 0 {
		a.work <- a.buf
	}
	close(a.work)
	<-a.done
	return a.err
}

// writeQDASources writes the Sources element, one TextSource per document version with its
// PlainTextSelections, by hand: byte for byte what xml.Encoder made of the same elements at this depth
// (TestQDASourcesMatchXMLEncoder keeps the encoder's version), without its reflection, which was most
// of the time of a large export. The element is whole, so the encoder's indentation state after it is
// what it would have been had the encoder written it. A source's memo is its Description (what
// QualCoder, MAXQDA and ATLAS.ti show as the document memo) and a NoteRef to the memo's Note; its date,
// URL, outlet and authors are VariableValues.
func (p *exportPlan) writeQDASources(x *xmlWriter, ctx *qdaContext) error {
	if x.err == nil {
		x.err = x.enc.Flush()
	}
	if x.err != nil {
		return x.err
	}
	b := append(x.scratch[:0], "\n <Sources>"...)
	sources := 0
	err := p.eachDocument(func(d exportDoc, anns []store.Annotation) error {
		for _, n := range d.versions {
			sources++
			guid := sourceGUID(d.ID, n)
			values := qdaVariableValues(d, ctx.names[guid])
			dropped := p.qdaDropped[guid] // the positions move where the text's line ends were rewritten
			b = append(b, "\n  <TextSource guid=\""...)
			b = xmlEscapeAppend(b, guid)
			b = append(b, `" name="`...)
			b = xmlEscapeAppend(b, ctx.names[guid])
			b = append(b, `" plainTextPath="internal://`...)
			b = xmlEscapeAppend(b, guid)
			b = append(b, `.txt" creatingUser="`...)
			b = xmlEscapeAppend(b, ctx.owner)
			b = append(b, `" creationDateTime="`...)
			b = xmlEscapeAppend(b, exportTimestamp(d.ImportedAt))
			b = append(b, `">`...)
			children := false
			if d.memo != nil && d.memo.Body != "" {
				b = append(b, "\n   <Description>"...)
				b = xmlEscapeAppend(b, d.memo.Body)
				b = append(b, "</Description>"...)
				children = true
			}
			for _, a := range anns {
				if selectorVersion(a) != n {
					continue
				}
				if dropped != nil {
					a.Start, a.End = qdaMoved(dropped, a.Start), qdaMoved(dropped, a.End)
				}
				user, ok := ctx.userGUIDs[a.Author]
				if !ok {
					user = userGUID(a.Author)
					ctx.userGUIDs[a.Author] = user
				}
				b = p.appendQDASelection(b, a, user)
				children = true
				if a.Note != "" {
					note := a.Note
					ctx.annNotes = append(ctx.annNotes, qdaNote{GUID: qdaAnnotationNoteGUID(a.ID), Name: qdaNoteName(a.Exact),
						CreatingUser: user, Created: exportTimestamp(a.Created), Modified: exportTimestamp(a.Modified), Content: &note})
				}
				if len(b) >= 64<<10 {
					if _, err := x.w.Write(b); err != nil {
						return err
					}
					b = b[:0]
				}
			}
			if d.memo != nil {
				b = append(b, "\n   <NoteRef targetGUID=\""...)
				b = xmlEscapeAppend(b, d.memo.ID)
				b = append(b, `"></NoteRef>`...)
				children = true
			}
			for i, v := range qdaVariables {
				if values[i] == "" {
					continue
				}
				b = append(b, "\n   <VariableValue>\n    <VariableRef targetGUID=\""...)
				b = xmlEscapeAppend(b, qdaVariableGUID(v.name))
				b = append(b, "\"></VariableRef>\n    <TextValue>"...)
				b = xmlEscapeAppend(b, values[i])
				b = append(b, "</TextValue>\n   </VariableValue>"...)
				children = true
			}
			if children {
				b = append(b, "\n  "...)
			}
			b = append(b, "</TextSource>"...)
		}
		_, err := x.w.Write(b)
		b = b[:0]
		return err
	})
	if err == nil {
		if sources > 0 {
			b = append(b, "\n "...)
		}
		b = append(b, "</Sources>"...)
		_, err = x.w.Write(b)
	}
	x.scratch = b[:0]
	x.err = err
	return err
}

// qdaNoteName names an annotation's Note by the start of its quote.
func qdaNoteName(exact string) string {
	exact = strings.Join(strings.Fields(exact), " ")
	if utf8.RuneCountInString(exact) > 60 {
		exact = string([]rune(exact)[:60]) + "…"
	}
	return "Note on “" + exact + "”"
}

// appendQDASelection writes one annotation as a PlainTextSelection inside a TextSource (see
// writeQDASources): the quote, the note as Description (QualCoder's coding memo, MAXQDA's comment) and
// as a NoteRef to a Note holding it, a Coding per tag still in the tree.
func (p *exportPlan) appendQDASelection(b []byte, a store.Annotation, user string) []byte {
	b = append(b, "\n   <PlainTextSelection guid=\""...)
	b = xmlEscapeAppend(b, a.ID)
	b = append(b, `" name="`...)
	b = xmlEscapeAppend(b, a.Exact)
	b = append(b, `" startPosition="`...)
	b = strconv.AppendInt(b, int64(a.Start), 10)
	b = append(b, `" endPosition="`...)
	b = strconv.AppendInt(b, int64(a.End), 10)
	b = append(b, `" creatingUser="`...)
	b = xmlEscapeAppend(b, user)
	b = append(b, `" creationDateTime="`...)
	b = appendExportTimestamp(b, a.Created) // digits, "-", ":", "T", "Z": nothing to escape
	b = append(b, `" modifyingUser="`...)
	b = xmlEscapeAppend(b, user)
	b = append(b, `" modifiedDateTime="`...)
	b = appendExportTimestamp(b, a.Modified)
	b = append(b, `">`...)
	children := false
	if a.Note != "" {
		b = append(b, "\n    <Description>"...)
		b = xmlEscapeAppend(b, a.Note)
		b = append(b, "</Description>"...)
		children = true
	}
	for _, id := range a.Tags {
		if _, ok := p.tagByID[id]; !ok {
			continue
		}
		b = append(b, "\n    <Coding guid=\""...)
		b = p.guids.appendCoding(b, a.ID, id)
		b = append(b, `" creatingUser="`...)
		b = xmlEscapeAppend(b, user)
		b = append(b, `" creationDateTime="`...)
		b = appendExportTimestamp(b, a.Modified)
		b = append(b, "\">\n     <CodeRef targetGUID=\""...)
		b = xmlEscapeAppend(b, id)
		b = append(b, "\"></CodeRef>\n    </Coding>"...)
		children = true
	}
	if a.Note != "" {
		b = append(b, "\n    <NoteRef targetGUID=\""...)
		b = append(b, qdaAnnotationNoteGUID(a.ID)...)
		b = append(b, `"></NoteRef>`...)
	}
	if children {
		b = append(b, "\n   "...)
	}
	return append(b, "</PlainTextSelection>"...)
}

// guidMaker makes derivedGUID("coding", annotation, tag) into a buffer, reusing its hash: an export
// makes one per coding.
type guidMaker struct {
	h    hash.Hash
	data []byte
}

func (g *guidMaker) appendCoding(b []byte, annID, tagID string) []byte {
	if g.h == nil {
		g.h = sha1.New()
	}
	g.data = append(append(append(append(g.data[:0], "coding\x00"...), annID...), 0), tagID...)
	u := uuid.NewHash(g.h, glossNamespace, g.data, 5) // what uuid.NewSHA1 does, with g.h
	var text [36]byte                                 // u.String(): hex digits and dashes, nothing for XML to escape
	hex.Encode(text[0:8], u[0:4])
	text[8] = '-'
	hex.Encode(text[9:13], u[4:6])
	text[13] = '-'
	hex.Encode(text[14:18], u[6:8])
	text[18] = '-'
	hex.Encode(text[19:23], u[8:10])
	text[23] = '-'
	hex.Encode(text[24:], u[10:])
	return append(b, text[:]...)
}

// xmlEscapeAppend appends s escaped by xml.EscapeText, as xml.Encoder writes attribute values and text.
// Plain text (printable ASCII without markup characters: ids, times, most words) is appended as is.
func xmlEscapeAppend(b []byte, s string) []byte {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = c >= 0x20 && c < utf8.RuneSelf && c != '"' && c != '\'' && c != '&' && c != '<' && c != '>'
	}
	if plain {
		return append(b, s...)
	}
	w := appendWriter{b}
	xml.EscapeText(&w, []byte(s)) // appendWriter never fails
	return w.b
}

// appendWriter is an io.Writer appending to a byte slice.
type appendWriter struct{ b []byte }

func (w *appendWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

// exportQDC writes the tag tree as a REFI-QDA codebook.
func exportQDC(s *store.Store, w io.Writer, opt ExportOptions) error {
	p, err := newExportPlan(s, opt, false)
	if err != nil {
		return err
	}
	codes := qdaCodes(p)
	if len(codes) == 0 {
		return errors.New("there are no tags to export: a codebook needs at least one")
	}
	x := newXMLWriter(w)
	x.start("CodeBook", "xmlns", qdaCodebookNS, "origin", qdaOrigin)
	x.start("Codes")
	for _, c := range codes {
		x.element(c)
	}
	x.end("Codes")
	x.end("CodeBook")
	if err := x.close(); err != nil {
		return err
	}
	if opt.Progress != nil {
		opt.Progress(ExportProgress{Tags: len(p.tags)})
	}
	return nil
}
