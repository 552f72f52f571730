package ingest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"time"
	"unicode/utf8"
)

// ErrNotQDPX means a file is not a REFI-QDA project or codebook Gloss can read.
var ErrNotQDPX = errors.New("not a REFI-QDA project")

// maxQDPXEntry bounds what one archive member may unpack to, so a zip bomb stops early; a variable so
// the fuzz test can keep each run small.
var maxQDPXEntry = DefaultMaxBytes

// REFI-QDA 1.5 Project.xsd, the parts Gloss uses. Struct tags name only local names, so the namespace
// ("urn:QDA-XML:project:1.0") and prefixes other tools write do not matter.
type qdeProject struct {
	Name    string      `xml:"name,attr"`
	Users   []qdeUser   `xml:"Users>User"`
	Codes   []qdeCode   `xml:"CodeBook>Codes>Code"`
	Sources []qdeSource `xml:"Sources>TextSource"`
	Other   []qdeAny    `xml:"Sources>PDFSource"`
	Notes   []qdeSource `xml:"Notes>Note"`
}

type qdeUser struct {
	GUID string `xml:"guid,attr"`
	Name string `xml:"name,attr"`
	ID   string `xml:"id,attr"`
}

type qdeCode struct {
	GUID        string    `xml:"guid,attr"`
	Name        string    `xml:"name,attr"`
	Color       string    `xml:"color,attr"`
	Description string    `xml:"Description"`
	Codes       []qdeCode `xml:"Code"`
}

type qdeAny struct {
	Name string `xml:"name,attr"`
}

// qdeSource is a TextSource or a Note (both are TextSourceType).
type qdeSource struct {
	GUID             string         `xml:"guid,attr"`
	Name             string         `xml:"name,attr"`
	PlainTextPath    string         `xml:"plainTextPath,attr"`
	PlainTextContent *string        `xml:"PlainTextContent"`
	Description      string         `xml:"Description"`
	CreatingUser     string         `xml:"creatingUser,attr"`
	Created          string         `xml:"creationDateTime,attr"`
	Selections       []qdeSelection `xml:"PlainTextSelection"`
	Codings          []qdeCoding    `xml:"Coding"`
}

type qdeSelection struct {
	GUID         string       `xml:"guid,attr"`
	Name         string       `xml:"name,attr"`
	Start        string       `xml:"startPosition,attr"`
	End          string       `xml:"endPosition,attr"`
	CreatingUser string       `xml:"creatingUser,attr"`
	Created      string       `xml:"creationDateTime,attr"`
	ModifyUser   string       `xml:"modifyingUser,attr"`
	Modified     string       `xml:"modifiedDateTime,attr"`
	Description  string       `xml:"Description"`
	Codings      []qdeCoding  `xml:"Coding"`
	NoteRefs     []qdeRefAttr `xml:"NoteRef"`
}

type qdeCoding struct {
	GUID         string       `xml:"guid,attr"`
	CreatingUser string       `xml:"creatingUser,attr"`
	Created      string       `xml:"creationDateTime,attr"`
	CodeRef      qdeRefAttr   `xml:"CodeRef"`
	NoteRefs     []qdeRefAttr `xml:"NoteRef"`
}

type qdeRefAttr struct {
	Target string `xml:"targetGUID,attr"`
}

// ReadQDPX reads a REFI-QDA project (.qdpx: a ZIP with project.qde and sources/), as written by Gloss,
// QualCoder and other QDA tools: text sources with their plain text, the code tree, and each coded
// selection (code points, end exclusive) as one annotation carrying its codes and notes.
func ReadQDPX(path string) (Bundle, error) {
	f, err := os.Open(path)
	if err != nil {
		return Bundle{}, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return Bundle{}, err
	}
	return readQDPX(f, info.Size())
}

func readQDPX(r io.ReaderAt, size int64) (Bundle, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return Bundle{}, fmt.Errorf("%w: not a ZIP archive (%v)", ErrNotQDPX, err)
	}
	files := map[string]*zip.File{}
	var qde *zip.File
	for _, f := range zr.File {
		name := strings.TrimPrefix(path.Clean("/"+f.Name), "/")
		files[strings.ToLower(name)] = f
		if strings.EqualFold(name, "project.qde") {
			qde = f
		}
	}
	if qde == nil {
		return Bundle{}, fmt.Errorf("%w: project.qde is missing from the archive", ErrNotQDPX)
	}
	data, err := readZipEntry(qde)
	if err != nil {
		return Bundle{}, err
	}
	var p qdeProject
	if err := xml.Unmarshal(data, &p); err != nil {
		return Bundle{}, fmt.Errorf("%w: project.qde is not valid XML (%v)", ErrNotQDPX, err)
	}
	source := func(p string) (string, error) {
		name, ok := strings.CutPrefix(p, "internal://")
		if !ok {
			return "", fmt.Errorf("its text is outside the project (%s)", p)
		}
		f := files[strings.ToLower(path.Join("sources", path.Clean("/" + name)[1:]))]
		if f == nil {
			return "", fmt.Errorf("sources/%s is missing from the archive", name)
		}
		data, err := readZipEntry(f)
		if err != nil {
			return "", err
		}
		data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
		if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
			return "", fmt.Errorf("sources/%s is not UTF-8 text", name)
		}
		return string(data), nil
	}
	return p.bundle(source), nil
}

func readZipEntry(f *zip.File) ([]byte, error) {
	if f.UncompressedSize64 > uint64(maxQDPXEntry) {
		return nil, fmt.Errorf("%s in the archive is too large (%s; the limit is %s)", f.Name, byteSize(int64(f.UncompressedSize64)), byteSize(maxQDPXEntry))
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s in the archive: %v", f.Name, err)
	}
	defer rc.Close()
	// The size in the header may lie: count what is actually unpacked.
	data, err := io.ReadAll(io.LimitReader(rc, maxQDPXEntry+1))
	if err != nil {
		return nil, fmt.Errorf("%s in the archive is damaged: %v", f.Name, err)
	}
	if int64(len(data)) > maxQDPXEntry {
		return nil, fmt.Errorf("%s in the archive is too large (the limit is %s)", f.Name, byteSize(maxQDPXEntry))
	}
	return data, nil
}

func (p qdeProject) bundle(sourceText func(string) (string, error)) Bundle {
	var b Bundle
	users := map[string]string{}
	for _, u := range p.Users {
		users[normalGUID(u.GUID)] = FirstNonEmpty(u.Name, u.ID, u.GUID)
	}
	user := func(guid string) string {
		if name, ok := users[normalGUID(guid)]; ok {
			return name
		}
		return guid
	}
	b.Tags = codeTags(p.Codes, "", 0, &b)
	notes := map[string]string{}
	for _, n := range p.Notes {
		text := ""
		if n.PlainTextContent != nil {
			text = *n.PlainTextContent
		} else if n.PlainTextPath != "" {
			text, _ = sourceText(n.PlainTextPath)
		}
		notes[normalGUID(n.GUID)] = strings.TrimSpace(text)
	}
	noteText := func(refs []qdeRefAttr) []string {
		var out []string
		for _, r := range refs {
			if t := notes[normalGUID(r.Target)]; t != "" {
				out = append(out, t)
			}
		}
		return out
	}
	for _, o := range p.Other {
		b.problem(fmt.Sprintf("source %q", o.Name), "PDF sources are not supported; only text sources are imported")
	}
	for _, src := range p.Sources {
		what := fmt.Sprintf("source %q", FirstNonEmpty(src.Name, src.GUID))
		var text string
		var err error
		switch {
		case src.PlainTextContent != nil:
			text = *src.PlainTextContent
		case src.PlainTextPath != "":
			text, err = sourceText(src.PlainTextPath)
		default:
			err = errors.New("it has neither PlainTextContent nor plainTextPath")
		}
		if err != nil {
			b.problem(what, "%v", err)
			continue
		}
		ref := normalGUID(src.GUID)
		title := strings.TrimSuffix(src.Name, path.Ext(src.Name))
		b.Documents = append(b.Documents, BundleDocument{Ref: ref, Title: FirstNonEmpty(title, src.Name), Source: p.Name, Text: text})
		if len(src.Codings) > 0 {
			b.problem(what, "%d codings of the whole source are not imported (Gloss codes passages)", len(src.Codings))
		}
		for _, sel := range src.Selections {
			start, errS := parseOffset(sel.Start)
			end, errE := parseOffset(sel.End)
			if errS != nil || errE != nil {
				b.problem(fmt.Sprintf("selection %s", sel.GUID), "its positions %q–%q are not numbers", sel.Start, sel.End)
				continue
			}
			a := BundleAnnotation{Ref: sel.GUID, DocRef: ref, Start: start, End: end,
				Author:  user(FirstNonEmpty(sel.CreatingUser, src.CreatingUser)),
				Created: qdaTime(sel.Created), Modified: qdaTime(sel.Modified)}
			var note []string
			if d := strings.TrimSpace(sel.Description); d != "" {
				note = append(note, d)
			}
			note = append(note, noteText(sel.NoteRefs)...)
			for _, c := range sel.Codings {
				if c.CodeRef.Target != "" {
					a.TagRefs = append(a.TagRefs, normalGUID(c.CodeRef.Target))
				}
				note = append(note, noteText(c.NoteRefs)...)
				if a.Created.IsZero() {
					a.Created = qdaTime(c.Created)
				}
			}
			a.Note = strings.Join(note, "\n\n")
			b.Annotations = append(b.Annotations, a)
		}
	}
	return b
}

// codeTags flattens the code tree; a child's Parent is its parent's GUID.
func codeTags(codes []qdeCode, parent string, depth int, b *Bundle) []BundleTag {
	var out []BundleTag
	if depth > 100 {
		b.problem("codebook", "codes nested more than 100 deep")
		return nil
	}
	for _, c := range codes {
		ref := normalGUID(c.GUID)
		out = append(out, BundleTag{Ref: ref, Name: c.Name, Parent: parent, Colour: c.Color, Description: strings.TrimSpace(c.Description)})
		out = append(out, codeTags(c.Codes, ref, depth+1, b)...)
	}
	return out
}

func normalGUID(g string) string {
	return strings.ToLower(strings.Trim(strings.TrimSpace(g), "{}"))
}

func parseOffset(s string) (int, error) {
	var n int
	if _, err := fmt.Sscan(strings.TrimSpace(s), &n); err != nil || n < 0 {
		return 0, fmt.Errorf("bad offset %q", s)
	}
	return n, nil
}

func qdaTime(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// REFI-QDA codebook (.qdc, Codebook.xsd): just codes.
type qdcCodebook struct {
	XMLName xml.Name
	Codes   []qdeCode `xml:"Codes>Code"`
}

// ReadQDC reads a REFI-QDA codebook (.qdc, as Taguette and QualCoder write them): its code tree.
func ReadQDC(path string) (Bundle, error) {
	f, err := os.Open(path)
	if err != nil {
		return Bundle{}, err
	}
	defer f.Close()
	return readQDC(io.LimitReader(f, maxQDPXEntry))
}

func readQDC(r io.Reader) (Bundle, error) {
	var cb qdcCodebook
	if err := xml.NewDecoder(r).Decode(&cb); err != nil {
		return Bundle{}, fmt.Errorf("not a REFI-QDA codebook: not valid XML (%v)", err)
	}
	if cb.XMLName.Local != "CodeBook" {
		return Bundle{}, fmt.Errorf("not a REFI-QDA codebook: the root element is <%s>, not <CodeBook>", cb.XMLName.Local)
	}
	var b Bundle
	b.Tags = codeTags(cb.Codes, "", 0, &b)
	if len(b.Tags) == 0 {
		return Bundle{}, errors.New("the codebook has no codes")
	}
	return b, nil
}
