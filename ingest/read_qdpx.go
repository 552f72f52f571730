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
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ErrNotQDPX means a file is not a REFI-QDA project or codebook Gloss can read.
var ErrNotQDPX = errors.New("not a REFI-QDA project")

// DefaultMaxUnpackedBytes bounds what all members of a .qdpx together may unpack to: a 2 MB archive of
// 30 sources of 45 MB each took 4.6 GB of memory, and 100 of them crashed Gloss.
const DefaultMaxUnpackedBytes int64 = 2 * DefaultMaxBytes

// Limits bounds what reading one file may take in: the file itself and, for a zip (.qdpx), each member
// and all of them together unpacked. The zero value is the defaults.
type Limits struct {
	MaxBytes         int64 // the file, and each member of a zip; 0 = DefaultMaxBytes
	MaxUnpackedBytes int64 // all members of a zip together; 0 = DefaultMaxUnpackedBytes
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxUnpackedBytes <= 0 {
		l.MaxUnpackedBytes = DefaultMaxUnpackedBytes
	}
	return l
}

// unpacker reads zip members within the limits, counting what was unpacked so far.
type unpacker struct {
	limits   Limits
	unpacked int64
}

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
	return ReadQDPXWithin(path, Limits{})
}

// ReadQDPXWithin is ReadQDPX within limits: a larger file or archive is refused, naming what is too large.
func ReadQDPXWithin(path string, limits Limits) (Bundle, error) {
	limits = limits.withDefaults()
	f, err := os.Open(path)
	if err != nil {
		return Bundle{}, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return Bundle{}, err
	}
	if info.Size() > limits.MaxBytes {
		return Bundle{}, errors.New(tooLarge(info.Size(), limits.MaxBytes))
	}
	return readQDPX(f, info.Size(), limits)
}

func readQDPX(r io.ReaderAt, size int64, limits Limits) (Bundle, error) {
	u := &unpacker{limits: limits.withDefaults()}
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
	data, err := u.read(qde)
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
		data, err := u.read(f)
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

// read unpacks one member, refusing it when it, or all members read so far with it, would pass the limits.
// The sizes in the zip's headers may lie: what is actually unpacked is counted.
func (u *unpacker) read(f *zip.File) ([]byte, error) {
	limit := min(u.limits.MaxBytes, u.limits.MaxUnpackedBytes-u.unpacked)
	tooLarge := func() error {
		if limit < u.limits.MaxBytes {
			return fmt.Errorf("%s in the archive is too large: the archive unpacks to more than %s in all (the limit)", f.Name, byteSize(u.limits.MaxUnpackedBytes))
		}
		return fmt.Errorf("%s in the archive is too large (the limit is %s)", f.Name, byteSize(u.limits.MaxBytes))
	}
	if f.UncompressedSize64 > uint64(limit) {
		return nil, tooLarge()
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s in the archive: %v", f.Name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s in the archive is damaged: %v", f.Name, err)
	}
	if int64(len(data)) > limit {
		return nil, tooLarge()
	}
	u.unpacked += int64(len(data))
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
	b.Tags = uniqueCodes(codeTags(p.Codes, "", 0, &b), &b)
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
	seenSources := map[string]string{} // guid -> name of the first source with it
	for _, src := range p.Sources {
		what := fmt.Sprintf("source %q", FirstNonEmpty(src.Name, src.GUID))
		ref := normalGUID(src.GUID)
		if first, dup := seenSources[ref]; dup {
			// Its selections would land on the first source's text: the first one wins, this one is named.
			b.problem(what, "its GUID %s is also the GUID of source %q, which was imported; this one and its %d selections were not", src.GUID, first, len(src.Selections))
			continue
		}
		seenSources[ref] = FirstNonEmpty(src.Name, src.GUID)
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
		title := strings.TrimSuffix(src.Name, path.Ext(src.Name))
		b.Documents = append(b.Documents, BundleDocument{Ref: ref, Title: FirstNonEmpty(title, src.Name), Source: p.Name, Text: text})
		if len(src.Codings) > 0 {
			b.problem(what, "%d codings of the whole source are not imported (Gloss codes passages)", len(src.Codings))
		}
		for _, sel := range src.Selections {
			start, errS := parseOffset(sel.Start)
			end, errE := parseOffset(sel.End)
			if err := errors.Join(errS, errE); err != nil {
				b.problem(fmt.Sprintf("selection %s", sel.GUID), "%v", err)
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

// uniqueCodes keeps the first code of each GUID and names the others, which were dropped in silence
// before (and their selections put under the first code's name).
func uniqueCodes(tags []BundleTag, b *Bundle) []BundleTag {
	seen := map[string]string{}
	out := tags[:0]
	for _, t := range tags {
		if first, dup := seen[t.Ref]; dup {
			b.problem(fmt.Sprintf("code %q", clipQuote(t.Name)), "its GUID %s is also the GUID of code %q, which was imported; this one was not, and selections coded with that GUID get %q", t.Ref, first, first)
			continue
		}
		seen[t.Ref] = clipQuote(t.Name)
		out = append(out, t)
	}
	return out
}

func normalGUID(g string) string {
	return strings.ToLower(strings.Trim(strings.TrimSpace(g), "{}"))
}

// maxOffset is the largest code-point offset a selection may have: past any text the limits let in,
// and far from where an int32 (as other tools store it) wraps round to "-1".
const maxOffset = 1<<31 - 1

func parseOffset(s string) (int, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	switch {
	case err != nil:
		return 0, fmt.Errorf("its position %q is not a number", s)
	case n < 0 || n > maxOffset:
		return 0, fmt.Errorf("its position %d is out of range (0 to %d)", n, maxOffset)
	}
	return int(n), nil
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
	return readQDC(io.LimitReader(f, DefaultMaxBytes))
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
	b.Tags = uniqueCodes(codeTags(cb.Codes, "", 0, &b), &b)
	if len(b.Tags) == 0 {
		return Bundle{}, errors.New("the codebook has no codes")
	}
	return b, nil
}
