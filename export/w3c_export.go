package export

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/google/uuid"

	"gloss/store"
)

// W3C Web Annotation JSON-LD (https://www.w3.org/TR/annotation-model/): one AnnotationCollection whose
// embedded first page holds every annotation. Each target's source is the article's URL where Gloss
// knows it (so other tools can place the annotation), with Gloss's id beside it as gloss:document, a
// TimeState when the version was captured from the web, and a FragmentSelector (RFC 3778, "page=12")
// beside the text selectors when the version has pages. What the model has no word for (tag colours
// and tree, document texts and memos, so an import can rebuild the library) goes under "gloss:" terms,
// every one declared in a second @context entry, so JSON-LD expansion drops nothing (w3cGlossContext).

// w3cContext must be exactly this string: the https form fails the W3C suite.
const w3cContext = "http://www.w3.org/ns/anno.jsonld"

// w3cGlossNS is the namespace of Gloss's own terms.
const w3cGlossNS = "https://gloss.invalid/ns#"

// w3cGlossContext declares every key Gloss writes that the W3C context does not define, at any depth
// (JSON-LD 1.0 term definitions: no scoped contexts, so 1.0 processors read it too). Keys nested in
// Gloss's objects that the W3C context gives another meaning ("source" and "body" are IRIs there) are
// written under other names: a document's outlet is "outlet", a note's text "text".
var w3cGlossContext = map[string]string{
	"gloss":       w3cGlossNS,
	"anchor":      "gloss:anchor",
	"status":      "gloss:status",
	"confidence":  "gloss:confidence",
	"version":     "gloss:version",
	"title":       "gloss:title",
	"date":        "gloss:date",
	"outlet":      "gloss:outlet",
	"url":         "gloss:url",
	"imported":    "gloss:imported",
	"versions":    "gloss:versions",
	"n":           "gloss:n",
	"sha256":      "gloss:sha256",
	"text":        "gloss:text",
	"raw":         "gloss:raw",
	"path":        "gloss:path",
	"parent":      "gloss:parent",
	"colour":      "gloss:colour",
	"description": "gloss:description",
	"order":       "gloss:order",
	"document":    "gloss:document",
}

// w3cRFC3778 is the FragmentSelector conformsTo for PDF fragments ("page=12").
const w3cRFC3778 = "http://tools.ietf.org/rfc/rfc3778"

// w3cTarget is what an annotation's target says besides its selectors: the source (the article's URL,
// else Gloss's id), the capture it was read on and its first page.
type w3cTarget struct {
	source string
	state  *w3cState
	page   int
}

// w3cState is a W3C TimeState: when the page was retrieved and the capture's WARC record.
type w3cState struct {
	Type       string `json:"type"`
	SourceDate string `json:"sourceDate"`
	Cached     string `json:"cached,omitempty"`
}

// w3cTargetOf describes a's target in document d (url: articleURL) on the version with provenance prov.
func w3cTargetOf(d store.Document, url string, prov store.Provenance, a store.Annotation) w3cTarget {
	t := w3cTarget{source: url}
	if t.source == "" {
		t.source = "urn:uuid:" + d.ID
	}
	if c := prov.Capture; c != nil && captureTime(c) != "" {
		t.state = &w3cState{Type: "TimeState", SourceDate: captureTime(c), Cached: warcRecordIRI(c)}
	}
	t.page, _ = prov.PageRange(a.Start, a.End)
	return t
}

type w3cOutTag struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Path        string `json:"path"`
	Parent      string `json:"parent,omitempty"`
	Colour      string `json:"colour"`
	Description string `json:"description,omitempty"`
	Order       int    `json:"order"`
}

type w3cOutDocument struct {
	ID       string          `json:"id"`
	Title    string          `json:"title"`
	Date     string          `json:"date,omitempty"`
	Source   string          `json:"outlet,omitempty"` // not "source": an IRI in the W3C context
	URL      string          `json:"url,omitempty"`
	Format   string          `json:"format"`
	Version  int             `json:"version"`
	Imported string          `json:"imported"`
	Versions []w3cOutVersion `json:"versions"`
}

type w3cOutVersion struct {
	N        int    `json:"n"`
	SHA256   string `json:"sha256"`
	Imported string `json:"imported"`
	Text     string `json:"text"`
	Raw      string `json:"raw,omitempty"`
}

type w3cOutNote struct {
	ID       string      `json:"id"`
	Document string      `json:"document,omitempty"`
	Title    string      `json:"title"`
	Body     string      `json:"text"` // not "body": an IRI in the W3C context
	Created  string      `json:"created"`
	Modified string      `json:"modified"`
	Creator  *w3cCreator `json:"creator,omitempty"` // the W3C term, as on annotations
}

// w3cCreator is a W3C creator: an Agent of type Person with its name.
type w3cCreator struct {
	Type string `json:"type"`
	Name string `json:"name"`
}

// jsonStream writes a JSON document piece by piece: encoding/json for every value, this only for the
// punctuation between them, so an annotation is written as soon as it is read.
type jsonStream struct {
	w       io.Writer
	buf     bytes.Buffer
	enc     *json.Encoder
	err     error
	scratch []byte // annotation's buffer, reused
}

func newJSONStream(w io.Writer) *jsonStream {
	j := &jsonStream{w: w}
	j.enc = json.NewEncoder(&j.buf)
	j.enc.SetEscapeHTML(false)
	return j
}

func (j *jsonStream) raw(s string) {
	if j.err == nil {
		_, j.err = io.WriteString(j.w, s)
	}
}

// value writes v indented to sit at the given depth.
func (j *jsonStream) value(indent string, v any) {
	if j.err != nil {
		return
	}
	j.buf.Reset()
	j.enc.SetIndent(indent, " ")
	if j.err = j.enc.Encode(v); j.err == nil {
		_, j.err = j.w.Write(bytes.TrimRight(j.buf.Bytes(), "\n"))
	}
}

// field writes `"key": value` at the given depth; the caller writes the separators.
func (j *jsonStream) field(indent, key string, v any) {
	j.raw(indent)
	j.value(indent, key)
	j.raw(": ")
	j.value(indent, v)
}

func exportJSONLD(s *store.Store, w io.Writer, opt ExportOptions) error {
	p, err := newExportPlan(s, opt, true)
	if err != nil {
		return err
	}
	j := newJSONStream(w)
	j.raw("{\n")
	j.field(" ", "@context", []any{w3cContext, w3cGlossContext})
	j.raw(",\n")
	j.field(" ", "id", "urn:uuid:"+uuid.Must(uuid.NewRandomFromReader(rand.Reader)).String())
	j.raw(",\n")
	j.field(" ", "type", "AnnotationCollection")
	j.raw(",\n")
	j.field(" ", "label", "Gloss export")
	j.raw(",\n")
	j.field(" ", "total", p.total)
	j.raw(",\n")
	j.field(" ", "gloss:exported", exportTimestamp(p.exported))
	j.raw(",\n")
	tags := make([]w3cOutTag, 0, len(p.tags))
	for _, t := range exportTagTree(p.tags) {
		parent := "" // ids as IRIs: "id" is @id in the W3C context, and a bare id would be a relative IRI
		if t.Parent != "" {
			parent = "urn:uuid:" + t.Parent
		}
		tags = append(tags, w3cOutTag{ID: "urn:uuid:" + t.ID, Name: t.Name, Path: p.paths.Path(t.ID), Parent: parent,
			Colour: safeColour(t.Colour), Description: t.Description, Order: t.Order})
	}
	j.field(" ", "gloss:tags", tags)
	j.raw(",\n \"gloss:documents\": [")
	for i, d := range p.docs {
		doc, err := w3cDocument(s, d)
		if err != nil {
			return err
		}
		if i > 0 {
			j.raw(",")
		}
		j.raw("\n  ")
		j.value("  ", doc)
	}
	j.raw("\n ],\n")
	notes := []w3cOutNote{}
	for _, d := range p.docs {
		if d.memo != nil {
			notes = append(notes, w3cNote(*d.memo))
		}
	}
	for _, n := range p.notes {
		notes = append(notes, w3cNote(n))
	}
	j.field(" ", "gloss:notes", notes)
	j.raw(",\n \"first\": {\n")
	j.field("  ", "id", "urn:uuid:"+uuid.Must(uuid.NewRandomFromReader(rand.Reader)).String())
	j.raw(",\n")
	j.field("  ", "type", "AnnotationPage")
	j.raw(",\n")
	j.field("  ", "startIndex", 0)
	j.raw(",\n  \"items\": [")
	n := 0
	err = p.eachDocument(func(d exportDoc, anns []store.Annotation) error {
		prov, err := loadProvenance(s, d)
		if err != nil {
			return err
		}
		url := articleURL(d.Document, prov)
		targets := map[int]w3cTarget{} // per version: its source and TimeState, made once
		for _, a := range anns {
			if n > 0 {
				j.raw(",")
			}
			n++
			j.raw("\n   ")
			v := selectorVersion(a)
			t, ok := targets[v]
			if !ok {
				t = w3cTargetOf(d.Document, url, prov.at(v), store.Annotation{})
				targets[v] = t
			}
			t.page, _ = prov.at(v).PageRange(a.Start, a.End)
			j.annotation(p, a, t)
		}
		return j.err
	})
	if err != nil {
		return err
	}
	if n > 0 {
		j.raw("\n  ")
	}
	j.raw("]\n }\n}\n")
	return j.err
}

// annotation writes a as one item of the page, indented three deep: what jsonStream.value wrote of
// the w3cOutAnnotation that w3cAnnotationReference (in the tests) builds, byte for byte, without
// encoding/json's reflection and re-indenting, which were most of the time of a large export.
func (j *jsonStream) annotation(p *exportPlan, a store.Annotation, t w3cTarget) {
	if j.err != nil {
		return
	}
	if math.IsInf(a.Anchor.Confidence, 0) || math.IsNaN(a.Anchor.Confidence) {
		_, j.err = json.Marshal(a.Anchor.Confidence) // encoding/json's error, as before
		return
	}
	const nl1, nl2, nl3, nl4 = "\n    ", "\n     ", "\n      ", "\n       " // the prefix "   ", then " " per level
	b := append(j.scratch[:0], "{"+nl1+`"id": "urn:uuid:`...)
	b = appendJSONStringBody(b, a.ID)
	b = append(b, `",`+nl1+`"type": "Annotation",`+nl1+`"motivation": "`...)
	tags := p.tagNames(a.Tags)
	switch {
	case a.Note != "":
		b = append(b, "commenting"...)
	case len(tags) > 0:
		b = append(b, "tagging"...)
	default:
		b = append(b, "highlighting"...)
	}
	b = append(b, `",`+nl1+`"created": "`...)
	b = appendExportTimestamp(b, a.Created)
	b = append(b, `",`+nl1+`"modified": "`...)
	b = appendExportTimestamp(b, a.Modified)
	b = append(b, `",`+nl1+`"creator": {`+nl2+`"type": "Person",`+nl2+`"name": `...)
	b = appendJSONString(b, a.Author)
	b = append(b, nl1+"}"...)
	if len(tags) > 0 || a.Note != "" {
		b = append(b, ","+nl1+`"body": [`...)
		for i, path := range tags {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, nl2+"{"+nl3+`"type": "TextualBody",`+nl3+`"purpose": "tagging",`+nl3+`"value": `...)
			b = appendJSONString(b, path)
			b = append(b, nl2+"}"...)
		}
		if a.Note != "" {
			if len(tags) > 0 {
				b = append(b, ',')
			}
			b = append(b, nl2+"{"+nl3+`"type": "TextualBody",`+nl3+`"purpose": "commenting",`+nl3+`"value": `...)
			b = appendJSONString(b, a.Note)
			b = append(b, ","+nl3+`"format": "text/markdown"`+nl2+"}"...)
		}
		b = append(b, nl1+"]"...)
	}
	b = append(b, ","+nl1+`"target": {`+nl2+`"source": `...)
	b = appendJSONString(b, t.source)
	b = append(b, ","+nl2+`"gloss:document": "urn:uuid:`...)
	b = appendJSONStringBody(b, a.DocID)
	b = append(b, `",`+nl2+`"gloss:version": `...)
	b = strconv.AppendInt(b, int64(selectorVersion(a)), 10)
	if t.state != nil {
		b = append(b, ","+nl2+`"state": {`+nl3+`"type": "TimeState",`+nl3+`"sourceDate": `...)
		b = appendJSONString(b, t.state.SourceDate)
		if t.state.Cached != "" {
			b = append(b, ","+nl3+`"cached": `...)
			b = appendJSONString(b, t.state.Cached)
		}
		b = append(b, nl2+"}"...)
	}
	b = append(b, ","+nl2+`"selector": [`+nl3+"{"+nl4+`"type": "TextQuoteSelector",`+nl4+`"exact": `...)
	b = appendJSONString(b, a.Exact)
	b = append(b, ","+nl4+`"prefix": `...)
	b = appendJSONString(b, a.Prefix)
	b = append(b, ","+nl4+`"suffix": `...)
	b = appendJSONString(b, a.Suffix)
	b = append(b, nl3+"},"+nl3+"{"+nl4+`"type": "TextPositionSelector",`+nl4+`"start": `...)
	b = strconv.AppendInt(b, int64(a.Start), 10)
	b = append(b, ","+nl4+`"end": `...)
	b = strconv.AppendInt(b, int64(a.End), 10)
	b = append(b, nl3+"}"...)
	if t.page > 0 {
		b = append(b, ","+nl3+"{"+nl4+`"type": "FragmentSelector",`+nl4+`"conformsTo": "`+w3cRFC3778+`",`+nl4+`"value": "page=`...)
		b = strconv.AppendInt(b, int64(t.page), 10)
		b = append(b, `"`+nl3+"}"...)
	}
	b = append(b, nl2+"]"+nl1+"},"+nl1+`"anchor": {`+nl2+`"status": `...)
	b = appendJSONString(b, a.Anchor.Status)
	b = append(b, ","+nl2+`"confidence": `...)
	b = appendJSONFloat(b, a.Anchor.Confidence)
	b = append(b, ","+nl2+`"version": `...)
	version := a.Anchor.Version
	if version == 0 {
		version = a.Version
	}
	b = strconv.AppendInt(b, int64(version), 10)
	b = append(b, nl1+"}"...)
	if len(a.Tags) > 0 {
		b = append(b, ","+nl1+`"gloss:tagIds": [`...)
		for i, id := range a.Tags {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, nl2...)
			b = appendJSONString(b, id)
		}
		b = append(b, nl1+"]"...)
	}
	b = append(b, "\n   }"...)
	j.scratch = b
	_, j.err = j.w.Write(b)
}

// appendJSONString writes s as encoding/json does without HTML escaping: quotes, backslashes and
// control characters escaped (\b \f \n \r \t or \u00XX), invalid UTF-8 as \ufffd, U+2028 and U+2029
// as escapes.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendJSONStringBody(b, s)
	return append(b, '"')
}

func appendJSONStringBody(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(b, s[start:]...)
}

// appendJSONFloat writes a finite float64 as encoding/json does (ES6 number formatting).
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' { // e-09 to e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// w3cDocument carries every version of a document, so an import can rebuild it and place annotations
// made on older versions.
func w3cDocument(s *store.Store, d exportDoc) (w3cOutDocument, error) {
	out := w3cOutDocument{ID: "urn:uuid:" + d.ID, Title: d.Title, Date: d.Date, Source: d.Source, URL: d.URL,
		Format: d.Format, Version: d.Version, Imported: exportTimestamp(d.ImportedAt)}
	for n := 1; n <= d.Version; n++ {
		v, err := s.Version(d.ID, n)
		if err != nil {
			return out, fmt.Errorf("document %q: %w", d.Title, err)
		}
		out.Versions = append(out.Versions, w3cOutVersion{N: v.N, SHA256: v.SHA256, Imported: exportTimestamp(v.ImportedAt), Text: v.Text, Raw: v.Raw})
	}
	return out, nil
}

func w3cNote(n store.Note) w3cOutNote {
	out := w3cOutNote{ID: "urn:uuid:" + n.ID, Title: n.Title, Body: n.Body, Created: exportTimestamp(n.Created), Modified: exportTimestamp(n.Modified)}
	if n.DocID != "" {
		out.Document = "urn:uuid:" + n.DocID
	}
	if n.Author != "" {
		out.Creator = &w3cCreator{Type: "Person", Name: n.Author}
	}
	return out
}
