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

	"golang.org/x/net/html/charset"
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
	// Engines read a project's PDF sources that have no text of their own (nil: made for the file).
	Engines *Engines
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
	if err := qdaDecoder(bytes.NewReader(data)).Decode(&p); err != nil {
		return Bundle{}, fmt.Errorf("%w: project.qde is not valid XML (%v)", ErrNotQDPX, err)
	}
	source := func(ref string) (string, error) {
		member, err := p.member(ref, files)
		if err != nil {
			return "", err
		}
		data, err := u.read(files[strings.ToLower(member)])
		if err != nil {
			return "", err
		}
		// UTF-8, or UTF-16 with its byte-order mark (NVivo on Windows), the BOM not counted.
		text, err := decode(data)
		if err != nil {
			return "", fmt.Errorf("%s is not UTF-8 text (%v)", member, err)
		}
		return text, nil
	}
	// A PDF source without a plain-text Representation: its PDF, read as an imported PDF is (with the
	// caller's engines, or one made for this file).
	eng := u.limits.Engines
	defer func() {
		if eng != nil && eng != u.limits.Engines {
			eng.Close()
		}
	}()
	pdfSource := func(ref string) (*bundlePDF, error) {
		member, err := p.member(ref, files)
		if err != nil {
			return nil, err
		}
		data, err := u.read(files[strings.ToLower(member)])
		if err != nil {
			return nil, err
		}
		if eng == nil {
			eng = NewEngines()
		}
		nd, err := readBytes(path.Base(member), data, "", eng)
		if err != nil {
			return nil, errors.New(strings.TrimPrefix(err.Error(), path.Base(member)+": "))
		}
		return &bundlePDF{doc: nd, original: data}, nil
	}
	return p.bundle(source, pdfSource), nil
}

// qdaDecoder reads project.qde or a codebook in the encoding its XML declaration names (UTF-16 and
// Windows code pages as some tools write them), not only UTF-8.
func qdaDecoder(r io.Reader) *xml.Decoder {
	d := xml.NewDecoder(r)
	d.CharsetReader = charset.NewReaderLabel
	return d
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

// codeTags flattens the code tree; a child's Parent is its parent's GUID.
// A name written as its path ("Framing › Conflict", as Gloss's export writes a leaf name that repeats in
// another branch) comes back as its own name when the path is its parents'.
func codeTags(codes []qdeCode, parent string, depth int, b *Bundle) []BundleTag {
	return codeTagsUnder(codes, parent, "", depth, b)
}

func codeTagsUnder(codes []qdeCode, parent, parentPath string, depth int, b *Bundle) []BundleTag {
	var out []BundleTag
	if depth > 100 {
		b.problem("codebook", "codes nested more than 100 deep")
		return nil
	}
	for _, c := range codes {
		ref := normalGUID(c.GUID)
		name := c.Name
		if parentPath != "" {
			if leaf, ok := strings.CutPrefix(name, parentPath+qdaPathSeparator); ok && leaf != "" {
				name = leaf
			}
		}
		path := name
		if parentPath != "" {
			path = parentPath + qdaPathSeparator + name
		}
		out = append(out, BundleTag{Ref: ref, Name: name, Parent: parent, Colour: c.Color, Description: strings.TrimSpace(c.Description)})
		out = append(out, codeTagsUnder(c.Codes, ref, path, depth+1, b)...)
	}
	return out
}

// qdaPathSeparator is export.QDAPathSeparator.
const qdaPathSeparator = " › "

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
	if err := qdaDecoder(r).Decode(&cb); err != nil {
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
	b.Summary = &BundleSummary{Kind: "REFI-QDA codebook", Codes: len(b.Tags), SkippedSources: map[string]int{}}
	return b, nil
}
