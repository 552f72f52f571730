package exchange

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/google/uuid"

	"gloss/store"
)

// W3C Web Annotation JSON-LD (https://www.w3.org/TR/annotation-model/): one AnnotationCollection whose
// embedded first page holds every annotation. What the model has no word for (tag colours and tree,
// document texts and memos, so an import can rebuild the library) goes under "gloss:" keys, which
// JSON-LD reads as absolute IRIs and the model's validators ignore.

// w3cContext must be exactly this string: the https form fails the W3C suite.
const w3cContext = "http://www.w3.org/ns/anno.jsonld"

type w3cOutAnnotation struct {
	ID         string       `json:"id"`
	Type       string       `json:"type"`
	Motivation string       `json:"motivation"`
	Created    string       `json:"created"`
	Modified   string       `json:"modified"`
	Creator    w3cOutAgent  `json:"creator"`
	Body       []w3cOutBody `json:"body,omitempty"`
	Target     w3cOutTarget `json:"target"`
	Anchor     store.Anchor `json:"anchor"`                 // status, confidence, version (re-anchoring)
	TagIDs     []string     `json:"gloss:tagIds,omitempty"` // the tagging bodies' tags in "gloss:tags"
}

type w3cOutAgent struct {
	Type string `json:"type"`
	Name string `json:"name"`
}

type w3cOutBody struct {
	Type    string `json:"type"`
	Purpose string `json:"purpose"`
	Value   string `json:"value"`
	Format  string `json:"format,omitempty"`
}

// w3cOutTarget names the document; gloss:version says which of its immutable texts the selectors count
// in (for an orphan, the last version it anchored to).
type w3cOutTarget struct {
	Source   string `json:"source"`
	Version  int    `json:"gloss:version"`
	Selector []any  `json:"selector"`
}

type w3cQuoteSelector struct {
	Type   string `json:"type"`
	Exact  string `json:"exact"`
	Prefix string `json:"prefix"`
	Suffix string `json:"suffix"`
}

type w3cPositionSelector struct {
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
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
	Source   string          `json:"source,omitempty"`
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
	ID       string `json:"id"`
	Document string `json:"document,omitempty"`
	Title    string `json:"title"`
	Body     string `json:"body"`
	Created  string `json:"created"`
	Modified string `json:"modified"`
}

// jsonStream writes a JSON document piece by piece: encoding/json for every value, this only for the
// punctuation between them, so an annotation is written as soon as it is read.
type jsonStream struct {
	w   io.Writer
	buf bytes.Buffer
	enc *json.Encoder
	err error
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
	j.field(" ", "@context", w3cContext)
	j.raw(",\n")
	j.field(" ", "id", "urn:uuid:"+uuid.NewString())
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
	ordered, _ := exportTagTree(p.tags)
	for _, t := range ordered {
		tags = append(tags, w3cOutTag{ID: t.ID, Name: t.Name, Path: p.paths[t.ID], Parent: t.Parent,
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
	j.field("  ", "id", "urn:uuid:"+uuid.NewString())
	j.raw(",\n")
	j.field("  ", "type", "AnnotationPage")
	j.raw(",\n")
	j.field("  ", "startIndex", 0)
	j.raw(",\n  \"items\": [")
	n := 0
	err = p.eachDocument(func(d exportDoc, anns []store.Annotation) error {
		for _, a := range anns {
			if n > 0 {
				j.raw(",")
			}
			n++
			j.raw("\n   ")
			j.value("   ", p.w3cAnnotation(a))
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

func (p *exportPlan) w3cAnnotation(a store.Annotation) w3cOutAnnotation {
	out := w3cOutAnnotation{
		ID: "urn:uuid:" + a.ID, Type: "Annotation", Motivation: "highlighting",
		Created: exportTimestamp(a.Created), Modified: exportTimestamp(a.Modified),
		Creator: w3cOutAgent{Type: "Person", Name: a.Author},
		Target: w3cOutTarget{Source: "urn:uuid:" + a.DocID, Version: selectorVersion(a), Selector: []any{
			w3cQuoteSelector{Type: "TextQuoteSelector", Exact: a.Exact, Prefix: a.Prefix, Suffix: a.Suffix},
			w3cPositionSelector{Type: "TextPositionSelector", Start: a.Start, End: a.End},
		}},
		Anchor: a.Anchor,
		TagIDs: a.Tags,
	}
	if out.Anchor.Version == 0 {
		out.Anchor.Version = a.Version
	}
	for _, path := range p.tagNames(a.Tags) {
		out.Body = append(out.Body, w3cOutBody{Type: "TextualBody", Purpose: "tagging", Value: path})
		out.Motivation = "tagging"
	}
	if a.Note != "" {
		out.Body = append(out.Body, w3cOutBody{Type: "TextualBody", Purpose: "commenting", Value: a.Note, Format: "text/markdown"})
		out.Motivation = "commenting"
	}
	return out
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
	return out
}
