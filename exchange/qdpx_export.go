package exchange

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

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

type qdaSelection struct {
	XMLName       xml.Name    `xml:"PlainTextSelection"`
	GUID          string      `xml:"guid,attr"`
	Name          string      `xml:"name,attr"`
	Start         int         `xml:"startPosition,attr"`
	End           int         `xml:"endPosition,attr"`
	CreatingUser  string      `xml:"creatingUser,attr"`
	Created       string      `xml:"creationDateTime,attr"`
	ModifyingUser string      `xml:"modifyingUser,attr"`
	Modified      string      `xml:"modifiedDateTime,attr"`
	Description   string      `xml:"Description,omitempty"` // the note, Markdown as written
	Codings       []qdaCoding `xml:"Coding"`
}

type qdaCoding struct {
	GUID         string `xml:"guid,attr"`
	CreatingUser string `xml:"creatingUser,attr"`
	Created      string `xml:"creationDateTime,attr"`
	CodeRef      qdaRef `xml:"CodeRef"`
}

type qdaRef struct {
	Target string `xml:"targetGUID,attr"`
}

type qdaNoteRef struct {
	XMLName xml.Name `xml:"NoteRef"`
	Target  string   `xml:"targetGUID,attr"`
}

type qdaNote struct {
	XMLName      xml.Name `xml:"Note"`
	GUID         string   `xml:"guid,attr"`
	Name         string   `xml:"name,attr"`
	CreatingUser string   `xml:"creatingUser,attr"`
	Created      string   `xml:"creationDateTime,attr"`
	Modified     string   `xml:"modifiedDateTime,attr"`
	Content      string   `xml:"PlainTextContent"`
}

func userGUID(name string) string { return derivedGUID("user", name) }
func sourceGUID(docID string, version int) string {
	return derivedGUID("source", docID, fmt.Sprint(version))
}

// qdaCodes nests the tag tree as Codes.
func qdaCodes(p *exportPlan) []qdaCode {
	ordered, _ := exportTagTree(p.tags)
	children := map[string][]store.Tag{}
	var roots []store.Tag
	for _, t := range ordered {
		if _, ok := p.tagByID[t.Parent]; ok {
			children[t.Parent] = append(children[t.Parent], t)
		} else {
			roots = append(roots, t)
		}
	}
	var build func([]store.Tag) []qdaCode
	build = func(tags []store.Tag) []qdaCode {
		var out []qdaCode
		for _, t := range tags {
			out = append(out, qdaCode{GUID: t.ID, Name: t.Name, IsCodable: true, Color: safeColour(t.Colour),
				Description: t.Description, Children: build(children[t.ID])})
		}
		return out
	}
	return build(roots)
}

// xmlWriter wraps xml.Encoder to write elements as tokens arrive, keeping the first error.
type xmlWriter struct {
	enc *xml.Encoder
	err error
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
	return &xmlWriter{enc: enc}
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
	qde, err := zw.CreateHeader(&zip.FileHeader{Name: "project.qde", Method: zip.Deflate, Modified: p.exported})
	if err != nil {
		return err
	}
	if err := writeProjectQDE(s, p, qde); err != nil {
		return err
	}
	// The texts the positions count in, one file per document version.
	versions := exportVersionCache{s: s}
	for _, d := range p.docs {
		for _, n := range d.versions {
			v, err := versions.get(d.ID, n)
			if err != nil {
				return fmt.Errorf("document %q: %w", d.Title, err)
			}
			f, err := zw.CreateHeader(&zip.FileHeader{Name: "sources/" + sourceGUID(d.ID, n) + ".txt", Method: zip.Deflate, Modified: p.exported})
			if err == nil {
				_, err = io.WriteString(f, v.Text)
			}
			if err != nil {
				return err
			}
		}
	}
	return zw.Close()
}

func writeProjectQDE(s *store.Store, p *exportPlan, w io.Writer) error {
	owner := s.Author()
	users := []string{owner}
	for _, a := range p.authors {
		if a != owner {
			users = append(users, a)
		}
	}
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
		x.start("Sources")
		err := p.eachDocument(func(d exportDoc, anns []store.Annotation) error {
			for _, n := range d.versions {
				guid := sourceGUID(d.ID, n)
				x.start("TextSource", "guid", guid, "name", sourceName(d, n), "plainTextPath", "internal://"+guid+".txt",
					"creatingUser", userGUID(owner), "creationDateTime", exportTimestamp(d.ImportedAt))
				if cite := sourceCitation(d); cite != "" {
					x.text("Description", cite)
				}
				for _, a := range anns {
					if selectorVersion(a) == n {
						x.element(p.qdaSelection(a))
					}
				}
				if d.memo != nil {
					x.element(qdaNoteRef{Target: d.memo.ID})
				}
				x.end("TextSource")
			}
			return x.err
		})
		if err != nil {
			return err
		}
		x.end("Sources")
	}
	var notes []store.Note
	for _, d := range p.docs {
		if d.memo != nil {
			notes = append(notes, *d.memo)
		}
	}
	notes = append(notes, p.notes...)
	if len(notes) > 0 {
		x.start("Notes")
		for _, n := range notes {
			name := n.Title
			if n.DocID != "" && name == "" {
				name = "Memo"
			}
			x.element(qdaNote{GUID: n.ID, Name: name, CreatingUser: userGUID(owner), Created: exportTimestamp(n.Created),
				Modified: exportTimestamp(n.Modified), Content: n.Body})
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

func (p *exportPlan) qdaSelection(a store.Annotation) qdaSelection {
	user := userGUID(a.Author)
	sel := qdaSelection{GUID: a.ID, Name: a.Exact, Start: a.Start, End: a.End, CreatingUser: user,
		Created: exportTimestamp(a.Created), ModifyingUser: user, Modified: exportTimestamp(a.Modified), Description: a.Note}
	for _, id := range a.Tags {
		if _, ok := p.tagByID[id]; ok {
			sel.Codings = append(sel.Codings, qdaCoding{GUID: derivedGUID("coding", a.ID, id), CreatingUser: user,
				Created: exportTimestamp(a.Modified), CodeRef: qdaRef{Target: id}})
		}
	}
	return sel
}

// sourceCitation is a source's reference line: outlet, date, URL.
func sourceCitation(d exportDoc) string {
	var parts []string
	for _, s := range []string{d.Source, d.Date, d.URL} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " · ")
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
