package export

import (
	"bytes"
	"encoding/xml"
	"io"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"gloss/anchor/anchorstore"
	"gloss/store"
)

// How project.qde was written until writeQDASources replaced the encoder for the Sources element
// (xml.Encoder's reflection was most of the time of a large export): the reference it must match.

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
	NoteRefs      []qdaNoteRef
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

// qdaSelectionReference is the selection the encoder was given.
func (p *exportPlan) qdaSelectionReference(a store.Annotation) qdaSelection {
	user := userGUID(a.Author)
	sel := qdaSelection{GUID: a.ID, Name: a.Exact, Start: a.Start, End: a.End, CreatingUser: user,
		Created: exportTimestamp(a.Created), ModifyingUser: user, Modified: exportTimestamp(a.Modified), Description: a.Note}
	for _, id := range a.Tags {
		if _, ok := p.tagByID[id]; ok {
			sel.Codings = append(sel.Codings, qdaCoding{GUID: derivedGUID("coding", a.ID, id), CreatingUser: user,
				Created: exportTimestamp(a.Modified), CodeRef: qdaRef{Target: id}})
		}
	}
	if a.Note != "" {
		sel.NoteRefs = append(sel.NoteRefs, qdaNoteRef{Target: qdaAnnotationNoteGUID(a.ID)})
	}
	return sel
}

// writeSourcesReference is writeQDASources with every element through xml.Encoder.
func writeSourcesReference(p *exportPlan, x *xmlWriter, ctx *qdaContext) error {
	x.start("Sources")
	err := p.eachDocument(func(d exportDoc, anns []store.Annotation) error {
		for _, n := range d.versions {
			guid := sourceGUID(d.ID, n)
			x.start("TextSource", "guid", guid, "name", ctx.names[guid], "plainTextPath", "internal://"+guid+".txt",
				"creatingUser", ctx.owner, "creationDateTime", exportTimestamp(d.ImportedAt))
			if d.memo != nil && d.memo.Body != "" {
				x.text("Description", d.memo.Body)
			}
			for _, a := range anns {
				if selectorVersion(a) == n {
					x.element(p.qdaSelectionReference(a))
					if a.Note != "" {
						note := a.Note
						ctx.annNotes = append(ctx.annNotes, qdaNote{GUID: qdaAnnotationNoteGUID(a.ID), Name: qdaNoteName(a.Exact),
							CreatingUser: userGUID(a.Author), Created: exportTimestamp(a.Created), Modified: exportTimestamp(a.Modified), Content: &note})
					}
				}
			}
			if d.memo != nil {
				x.element(qdaNoteRef{Target: d.memo.ID})
			}
			values := qdaVariableValues(d, ctx.names[guid])
			for i, v := range qdaVariables {
				if values[i] != "" {
					x.start("VariableValue")
					x.element(struct {
						XMLName xml.Name `xml:"VariableRef"`
						Target  string   `xml:"targetGUID,attr"`
					}{Target: qdaVariableGUID(v.name)})
					x.text("TextValue", values[i])
					x.end("VariableValue")
				}
			}
			x.end("TextSource")
		}
		return x.err
	})
	if err != nil {
		return err
	}
	x.end("Sources")
	return nil
}

// TestQDASourcesMatchXMLEncoder: project.qde is byte for byte what the encoder wrote, on a library
// with markup, quotes, control characters, characters XML cannot hold, memos, citations, several
// versions and orphans, authors and tags of every kind, filtered and not.
func TestQDASourcesMatchXMLEncoder(t *testing.T) {
	s, err := anchorstore.Open(filepath.Join(t.TempDir(), "library.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.SetAuthor("Owner <&> \"x\"")
	hostile := []string{"plain words ", "<b>&amp;</b> ", `"double" 'single' `, "tab\there\r\nCRLF\n", "\x01\x08\x1f\x7f ",
		"\u2028\ufffd\ufffe\uffff ", "emoji 🔎👩🏽‍💻 ", "]]> --> ", "é ", "+1=2 "}
	rng := rand.New(rand.NewPCG(11, 12))
	text := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(hostile[rng.IntN(len(hostile))])
		}
		return b.String()
	}
	var tags []string
	parent := ""
	for _, name := range []string{"Claims", "Dis<puted> & \"x\"", "Tone\ttab"} {
		tg, err := s.CreateTag(store.NewTag{Name: name, Parent: parent})
		if err != nil {
			t.Fatal(err)
		}
		tags, parent = append(tags, tg.ID), tg.ID
	}
	authors := []string{"Ada", "Bo <b>", "Zoë & \"Co\"", "tab\tname", ""}
	var docs []store.Document
	for i := range 4 {
		d, err := s.AddDocument(store.NewDocument{Title: "Doc " + text(2), Source: []string{"", "Outlet & <Co>"}[i%2],
			Date: []string{"", "2024-01-02"}[i%2], URL: []string{"", "https://e.com/?a=1&b=\"2\""}[i/2%2], Text: text(200)})
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
		v, _ := s.Version(d.ID, 0)
		runes := utf8.RuneCountInString(v.Text)
		var list []store.NewAnnotation
		for range 150 {
			start := rng.IntN(runes - 1)
			var ids []string
			for range rng.IntN(3) {
				ids = append(ids, tags[rng.IntN(len(tags))])
			}
			list = append(list, store.NewAnnotation{DocID: d.ID, Start: start, End: start + 1 + rng.IntN(min(60, runes-start)),
				Tags: ids, Note: []string{"", text(3)}[rng.IntN(2)], Author: authors[rng.IntN(len(authors))]})
		}
		if i == 3 {
			continue // a document without annotations
		}
		if _, err := s.CreateAnnotations(list, "x"); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := s.AddVersion(docs[1].ID, store.NewVersion{Text: text(150)}); err != nil { // orphans
		t.Fatal(err)
	}
	if _, err := s.SaveNote(store.Note{DocID: docs[0].ID, Title: "Memo", Body: "memo <&>"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveNote(store.Note{Title: "Method", Body: "project"}); err != nil {
		t.Fatal(err)
	}
	for _, opt := range []ExportOptions{{}, {TagID: tags[1]}, {Authors: []string{"Bo <b>"}},
		{DocIDs: []string{docs[3].ID, docs[0].ID}}, {DocIDs: []string{docs[3].ID}}} {
		p, err := newExportPlan(s, opt, true)
		if err != nil {
			t.Fatal(err)
		}
		var want, got bytes.Buffer
		if err := writeProjectQDEWith(s, p, &want, writeSourcesReference); err != nil {
			t.Fatal(err)
		}
		p.done = ExportProgress{}
		if err := writeProjectQDE(s, p, &got); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			i := 0
			for i < got.Len() && i < want.Len() && got.Bytes()[i] == want.Bytes()[i] {
				i++
			}
			t.Fatalf("options %+v: differs at byte %d:\n got …%s…\nwant …%s…", opt, i,
				got.String()[max(0, i-200):min(got.Len(), i+200)], want.String()[max(0, i-200):min(want.Len(), i+200)])
		}
	}
}

// TestXMLEscapeMatchesEncoder: xmlEscapeAppend is xml.EscapeText, invalid UTF-8 included.
func TestXMLEscapeMatchesEncoder(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	alphabet := []string{"a", "é", "\"", "'", "&", "<", ">", "\t", "\n", "\r", "\x00", "\x01", "\x1f", "\x7f", "\xff", "\xe2\x80",
		"\ufffd", "\ufffe", "\uffff", "\u2028", "🔎", "\xed\xa0\x80", "\U0010ffff"}
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		var want bytes.Buffer
		xml.EscapeText(&want, []byte(b.String()))
		if got := string(xmlEscapeAppend(nil, b.String())); got != want.String() {
			t.Fatalf("%q: got %q, want %q", b.String(), got, want.String())
		}
	}
}

// failAfter fails every write once n bytes have gone through.
type failAfter struct{ n int }

func (f *failAfter) Write(p []byte) (int, error) {
	if f.n -= len(p); f.n < 0 {
		return 0, io.ErrShortWrite
	}
	return len(p), nil
}

// TestAsyncWriter: what goes in comes out in order, whatever the sizes of the writes, and a failing
// writer's error reaches Write and Close without a hang.
func TestAsyncWriter(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	var want, got bytes.Buffer
	a := newAsyncWriter(&got)
	for range 2000 {
		p := make([]byte, rng.IntN([]int{10, 5000, 300 << 10}[rng.IntN(3)]))
		for i := range p {
			p[i] = byte(rng.IntN(256))
		}
		want.Write(p)
		if n, err := a.Write(p); n != len(p) || err != nil {
			t.Fatal(n, err)
		}
	}
	if err := a.Close(); err != nil || !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("close %v, %d bytes out of %d, equal %v", err, got.Len(), want.Len(), bytes.Equal(got.Bytes(), want.Bytes()))
	}
	a = newAsyncWriter(&failAfter{n: 1 << 20})
	var err error
	for i := 0; i < 100 && err == nil; i++ {
		_, err = a.Write(make([]byte, 100<<10))
		if i == 99 {
			time.Sleep(10 * time.Millisecond) // the failure may land after the last write
		}
	}
	if cerr := a.Close(); cerr != io.ErrShortWrite || (err != nil && err != io.ErrShortWrite) {
		t.Errorf("write %v, close %v", err, cerr)
	}
}
