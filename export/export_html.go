package export

import (
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"gloss/render"
	"gloss/store"
)

// The HTML evidence pack is one printable file without any script: html/template escapes every value,
// notes go through render.Markdown (raw HTML dropped, only http/https/mailto links), the only style is
// inline and a Content-Security-Policy forbids anything else should a browser find some.

// maxContext bounds the sentence shown around a quote, in code points each side, for texts without
// sentence ends (lists, transcripts).
const maxContext = 300

var evidenceTemplates = template.Must(template.New("pack").Parse(`
{{- define "head" -}}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="Gloss">
<title>{{.Title}}</title>
<style>
body { font: 11pt/1.5 Georgia, "Times New Roman", serif; color: #111; max-width: 46em; margin: 2em auto; padding: 0 1em; }
h1, h2, h3, nav, .meta, .tags, .cite { font-family: system-ui, sans-serif; }
h2 { margin-top: 2em; border-bottom: 1px solid #999; }
nav ul { list-style: none; padding-left: 0; }
nav li { margin: .15em 0; }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: 2px; vertical-align: baseline; }
.cite, .by { color: #333; font-size: 10pt; }
article { border-top: 1px solid #ddd; padding: .6em 0; break-inside: avoid; }
blockquote { white-space: pre-wrap; margin: .3em 0; padding: .2em .9em; border-left: 3px solid #bbb; }
mark { padding: 0 .1em; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
.tags { margin: .3em 0; }
.tag { display: inline-block; font-size: 9pt; padding: 0 .45em; margin: 0 .3em .2em 0; border-left: .7em solid; background: #f3f3f3; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
.note { margin: .3em 0 .3em 1em; }
.meta { color: #555; font-size: 8.5pt; }
.anchor { font-family: system-ui, sans-serif; font-size: 10pt; color: #5c3900; border-left: 3px solid #b7791f; padding-left: 0.4em; }
.memo { background: #f7f7f2; padding: .3em 1em; }
@media print {
  body { margin: 0; max-width: none; }
  nav { break-after: page; }
  section.doc { break-before: page; }
  a { color: inherit; text-decoration: none; }
  .cite a::after { content: " <" attr(href) ">"; }
}
</style>
</head>
<body>
<header>
<h1>{{.Title}}</h1>
<p class="meta">Exported {{.Exported}} · {{.Documents}} document{{if ne .Documents 1}}s{{end}} · {{.Annotations}} annotation{{if ne .Annotations 1}}s{{end}}</p>
</header>
<nav>
<h2>Contents by tag</h2>
{{- if .Tags}}
<ul>
{{- range .Tags}}
<li style="margin-left: {{.Indent}}em"><span class="swatch" style="background: {{.Colour}}"></span> <strong>{{.Path}}</strong> ({{.Count}}){{range $i, $d := .Docs}}{{if $i}},{{else}} —{{end}} <a href="#{{$d.Anchor}}">{{$d.Title}}</a>{{end}}</li>
{{- end}}
</ul>
{{- else}}
<p>No tagged annotations.</p>
{{- end}}
<h2>Documents</h2>
<ol>
{{- range .Docs}}
<li><a href="#{{.Anchor}}">{{.Title}}</a> ({{.Count}})</li>
{{- end}}
</ol>
</nav>
{{end}}

{{- define "document"}}
<section class="doc" id="doc-{{.ID}}">
<h2 dir="auto"{{if .Lang}} lang="{{.Lang}}"{{end}}>{{.Title}}</h2>
<p class="cite">{{if .Authors}}By {{.Authors}} · {{end}}{{if .Source}}{{.Source}}{{end}}{{if .Date}} · published {{.Date}}{{end}}{{if .URL}} · <a href="{{.URL}}">{{.URL}}</a>{{end}}{{if .Captured}} · captured {{.Captured}}{{end}}</p>
{{- if .Memo}}
<div class="memo" dir="auto"><h3>Memo</h3>{{.Memo}}{{if .MemoBy}}<p class="by">{{.MemoBy}}</p>{{end}}</div>
{{- end}}
{{- end}}

{{- define "document-end"}}
</section>
{{- end}}

{{- define "foot"}}
{{- if .}}
<section class="doc" id="project-notes">
<h2>Project notes</h2>
{{- range .}}
<div class="memo" dir="auto"><h3>{{.Title}}</h3>{{.Body}}{{if .By}}<p class="by">{{.By}}</p>{{end}}</div>
{{- end}}
</section>
{{- end}}
</body>
</html>
{{end}}`))

type htmlTOCTag struct {
	Path   string
	Colour template.CSS
	Indent int
	Count  int
	Docs   []htmlTOCDoc
}

type htmlTOCDoc struct {
	Anchor, Title string
	Count         int
}

type htmlTag struct {
	Path   string
	Colour template.CSS
}

// htmlAnnotation is what the pack shows of one annotation; appendHTMLAnnotation formats the times
// (exportTimestamp) and the link back (documentLink).
type htmlAnnotation struct {
	ID, DocID, Before, Exact, After string
	Lang                            string // the document's language, the quote's; "" unknown
	Highlight                       template.CSS
	Anchors                         []string
	Tags                            []htmlTag
	Note                            template.HTML
	Author, Status                  string // Status: how the quote stands in the current text, in words ("" when exact)
	StatusHead                      string // the status and confidence, "fuzzy (confidence 0.78)", beside Status
	Page                            string // "p. 12", "pp. 12–13" or ""
	Cite                            template.HTML
	Then                            template.HTML // the older version it was made on and its wording there
	Created, Modified               time.Time
	Version                         int
}

// anchorWords says, for an outside reader, what re-anchoring found of a quote.
func anchorWords(status string, version, current int) string {
	switch status {
	case "", "exact":
		return ""
	case "moved":
		return "found again, word for word, in a later version"
	case "fuzzy":
		return "matched approximately in a later version"
	case "orphan":
		if version < current {
			return fmt.Sprintf("no longer found in the current version (%d)", current)
		}
		return "no longer found in the text"
	}
	return status
}

// anchorHead is the status as the pack states it beside the quote, with its confidence unless orphaned.
func anchorHead(status string, confidence float64) string {
	switch status {
	case "", "exact":
		return ""
	case "orphan":
		return "orphan"
	}
	return fmt.Sprintf("%s (confidence %.2f)", status, confidence)
}

func exportHTML(s *store.Store, w io.Writer, opt ExportOptions) error {
	p, err := newExportPlan(s, opt, true)
	if err != nil {
		return err
	}
	titles := map[string]string{}
	head := struct {
		Title, Exported        string
		Documents, Annotations int
		Tags                   []htmlTOCTag
		Docs                   []htmlTOCDoc
	}{Title: "Evidence pack", Exported: exportTimestamp(p.exported), Documents: len(p.docs), Annotations: p.total}
	for _, d := range p.docs {
		titles[d.ID] = nonBlank(d.Title, "Untitled")
		head.Docs = append(head.Docs, htmlTOCDoc{Anchor: "doc-" + d.ID, Title: titles[d.ID], Count: d.count})
	}
	for _, t := range exportTagTree(p.tags) {
		if p.tagCounts[t.ID] == 0 {
			continue
		}
		entry := htmlTOCTag{Path: p.paths.Path(t.ID), Colour: template.CSS(safeColour(t.Colour)), Indent: p.paths.Depth(t.ID) - 1, Count: p.tagCounts[t.ID]}
		for _, docID := range p.tagDocs[t.ID] {
			entry.Docs = append(entry.Docs, htmlTOCDoc{Anchor: tagAnchor(t.ID, docID), Title: titles[docID]})
		}
		head.Tags = append(head.Tags, entry)
	}
	if err := evidenceTemplates.ExecuteTemplate(w, "head", head); err != nil {
		return err
	}
	texts := &sentenceCache{versions: exportVersionCache{s: s}}
	tags := htmlTagsOf(p)
	var item htmlAnnotation // reused: its slices keep their room from one annotation to the next
	var buf []byte
	err = p.eachDocument(func(d exportDoc, anns []store.Annotation) error {
		memo, err := markdownHTML(d.memo)
		if err != nil {
			return err
		}
		memoBy := ""
		if d.memo != nil {
			memoBy = noteByline(*d.memo, humanTime)
		}
		prov, err := loadProvenance(s, d)
		if err != nil {
			return err
		}
		url := articleURL(d.Document, prov)
		captured := ""
		if c := prov.latestCapture(); c != nil && !c.RetrievedAt.IsZero() {
			captured = humanTime(c.RetrievedAt)
		}
		if err := evidenceTemplates.ExecuteTemplate(w, "document", struct {
			ID, Title, Lang, Authors, Source, Date, URL, Captured, MemoBy string
			Memo                                                          template.HTML
		}{d.ID, nonBlank(d.Title, "Untitled"), d.Meta.Language, strings.Join(d.Meta.Authors, ", "), d.Source, d.Date, url, captured, memoBy, memo}); err != nil {
			return err
		}
		firstOfTag := map[string]bool{}
		cites := map[int]template.HTML{}
		for _, a := range anns {
			if err := p.htmlAnnotation(&item, texts, tags, a, firstOfTag); err != nil {
				return err
			}
			item.Lang = d.Meta.Language // a screen reader speaks the quote in its language; fonts and hyphens follow it
			if _, ok := cites[item.Version]; !ok {
				cites[item.Version] = citeHTML(d, url, item.Version, prov)
			}
			item.Cite = cites[item.Version]
			item.Page = pageCite(prov.at(item.Version), a.Start, a.End)
			item.Status = anchorWords(a.Anchor.Status, item.Version, d.Version)
			item.StatusHead = anchorHead(a.Anchor.Status, a.Anchor.Confidence)
			if made := prov.madeOn(a.Created); made < item.Version {
				if old, err := texts.versions.get(a.DocID, made); err == nil {
					wording, found := wordingThen(old.Text, a)
					if m := a.Made(); m.Version == made && a.Anchor.Made != nil {
						wording, found = m.Exact, true // the quote as made, kept by the store (issue 17)
					}
					item.Then = thenHTML(made, prov, wording, found, a.Exact)
				}
			}
			buf = appendHTMLAnnotation(buf[:0], &item)
			if _, err := w.Write(buf); err != nil {
				return err
			}
		}
		return evidenceTemplates.ExecuteTemplate(w, "document-end", nil)
	})
	if err != nil {
		return err
	}
	type noteHTML struct {
		Title, By string
		Body      template.HTML
	}
	var notes []noteHTML
	for _, n := range p.notes {
		body, err := markdownHTML(&n)
		if err != nil {
			return err
		}
		notes = append(notes, noteHTML{nonBlank(n.Title, "Untitled note"), noteByline(n, humanTime), body})
	}
	return evidenceTemplates.ExecuteTemplate(w, "foot", notes)
}

// tagAnchor names the first annotation of a document carrying a tag: the table of contents links there.
func tagAnchor(tagID, docID string) string { return "tag-" + tagID + "-doc-" + docID }

func markdownHTML(n *store.Note) (template.HTML, error) {
	if n == nil || strings.TrimSpace(n.Body) == "" {
		return "", nil
	}
	return noteToHTML(n.Body)
}

// noteToHTML renders Markdown through render.Markdown, the one renderer whose output may be shown as
// HTML (raw HTML dropped, links only http, https and mailto). A soft line break between two Chinese or
// Japanese characters is dropped first, as in the Markdown export: a browser shows it as a space.
func noteToHTML(md string) (template.HTML, error) {
	doc, err := render.Markdown([]byte(joinUnspacedLines(md)))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, block := range doc.Blocks {
		b.WriteString(block.HTML)
		b.WriteByte('\n')
	}
	return template.HTML(b.String()), nil // #nosec: produced by render, see above
}

// htmlTagsOf resolves every tag's path and colours once per export.
func htmlTagsOf(p *exportPlan) map[string]htmlTagStyle {
	out := make(map[string]htmlTagStyle, len(p.tagByID))
	for id, t := range p.tagByID {
		colour := safeColour(t.Colour)
		out[id] = htmlTagStyle{htmlTag{Path: p.paths.Path(id), Colour: template.CSS(colour)}, template.CSS(colour + "55")}
	}
	return out
}

// htmlTagStyle is a tag as the pack shows it, with the translucent highlight it gives a quote it is
// the first tag of.
type htmlTagStyle struct {
	htmlTag
	highlight template.CSS
}

// htmlAnnotation fills item (reusing its slices) with what the pack shows of a.
func (p *exportPlan) htmlAnnotation(item *htmlAnnotation, texts *sentenceCache, tags map[string]htmlTagStyle, a store.Annotation, firstOfTag map[string]bool) error {
	*item = htmlAnnotation{ID: a.ID, DocID: a.DocID, Exact: a.Exact, Before: a.Prefix, After: a.Suffix, Highlight: "#fff1a8",
		Author: a.Author, Created: a.Created, Modified: a.Modified,
		Version: selectorVersion(a), Anchors: item.Anchors[:0], Tags: item.Tags[:0]}
	if st, err := texts.get(a.DocID, item.Version); err == nil {
		if before, after, ok := st.around(a.Start, a.End, a.Exact); ok {
			item.Before, item.After = before, after
		}
	}
	for i, id := range a.Tags {
		t, ok := tags[id]
		if !ok {
			continue
		}
		if i == 0 {
			item.Highlight = t.highlight // the first tag's colour, translucent
		}
		item.Tags = append(item.Tags, t.htmlTag)
		if !firstOfTag[id] {
			firstOfTag[id] = true
			item.Anchors = append(item.Anchors, tagAnchor(id, a.DocID))
		}
	}
	if strings.TrimSpace(a.Note) != "" {
		note, err := noteToHTML(a.Note)
		if err != nil {
			return fmt.Errorf("note of annotation %s: %w", a.ID, err)
		}
		item.Note = note
	}
	return nil
}

// appendHTMLAnnotation writes one annotation of the pack: what html/template made of the template
// kept in TestHTMLAnnotationMatchesTemplate, escaping as its contextual escaper did (every value in
// text and quoted attributes through htmlEscapeAppend, the note as the trusted HTML it is), without
// reflection: an evidence pack of 100,000 annotations spent most of its time in text/template.
func appendHTMLAnnotation(b []byte, a *htmlAnnotation) []byte {
	b = append(b, "\n<article id=\"a-"...)
	b = htmlEscapeAppend(b, a.ID)
	b = append(b, "\">"...)
	for _, anchor := range a.Anchors {
		b = append(b, "<span id=\""...)
		b = htmlEscapeAppend(b, anchor)
		b = append(b, "\"></span>"...)
	}
	b = append(b, "\n<blockquote dir=\"auto\""...)
	if a.Lang != "" {
		b = append(b, " lang=\""...)
		b = htmlEscapeAppend(b, a.Lang)
		b = append(b, '"')
	}
	b = append(b, '>')
	b = htmlEscapeAppend(b, a.Before)
	b = append(b, "<mark style=\"background: "...)
	b = htmlEscapeAppend(b, string(a.Highlight))
	b = append(b, "\">"...)
	b = htmlEscapeAppend(b, a.Exact)
	b = append(b, "</mark>"...)
	b = htmlEscapeAppend(b, a.After)
	b = append(b, "</blockquote>"...)
	if a.Status != "" {
		// Stated plainly next to the quote, not in the small print (issue 17).
		b = append(b, "\n<p class=\"anchor\"><strong>Anchor: "...)
		b = htmlEscapeAppend(b, a.StatusHead)
		b = append(b, "</strong> — "...)
		b = htmlEscapeAppend(b, a.Status)
		b = append(b, "</p>"...)
	}
	if len(a.Tags) > 0 {
		b = append(b, "\n<p class=\"tags\">"...)
		for _, t := range a.Tags {
			b = append(b, "<span class=\"tag\" style=\"border-left-color: "...)
			b = htmlEscapeAppend(b, string(t.Colour))
			b = append(b, "\">"...)
			b = htmlEscapeAppend(b, t.Path)
			b = append(b, "</span>"...)
		}
		b = append(b, "</p>"...)
	}
	if a.Note != "" {
		b = append(b, "\n<div class=\"note\" dir=\"auto\">"...)
		b = append(b, a.Note...)
		b = append(b, "</div>"...)
	}
	b = append(b, "\n<p class=\"meta\">"...)
	b = htmlEscapeAppend(b, a.Author)
	b = append(b, " · "...)
	var stamps [2][32]byte // the timestamps: digits, "-", ":", "T", "Z", nothing to escape
	created, modified := appendExportTimestamp(stamps[0][:0], a.Created), appendExportTimestamp(stamps[1][:0], a.Modified)
	b = append(b, created...)
	if string(created) != string(modified) {
		b = append(b, " (edited "...)
		b = append(b, modified...)
		b = append(b, ")"...)
	}
	if a.Page != "" {
		b = append(b, " · "...)
		b = htmlEscapeAppend(b, a.Page)
	}
	b = append(b, "</p>"...)
	if a.Cite != "" {
		b = append(b, "\n<p class=\"cite\">"...)
		b = append(b, a.Cite...)
		b = append(b, "</p>"...)
	}
	if a.Then != "" {
		b = append(b, "\n<p class=\"cite\" dir=\"auto\">"...)
		b = append(b, a.Then...)
		b = append(b, "</p>"...)
	}
	return append(b, "\n</article>"...)
}

// htmlEscapeAppend escapes s as html/template does in text and in quoted attribute values: NUL becomes
// U+FFFD, " & ' + < > character references; everything else (invalid UTF-8 included) stays as it is.
// All of those are ASCII, so the bytes can be scanned one by one.
func htmlEscapeAppend(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		if repl := htmlEscapes[s[i]]; repl != "" {
			b = append(b, s[last:i]...)
			b = append(b, repl...)
			last = i + 1
		}
	}
	return append(b, s[last:]...)
}

var htmlEscapes = [256]string{0: "\uFFFD", '"': "&#34;", '&': "&amp;", '\'': "&#39;", '+': "&#43;", '<': "&lt;", '>': "&gt;"}

// sentenceText is one version's text cut into sentences (Unicode UAX #29), to show a quote inside the
// sentences it touches.
type sentenceText struct {
	text   string
	at     []int32 // byte offset of every code point, and len(text) at the end
	starts []int   // code points where sentences start, ascending, ending with the number of code points
}

func newSentenceText(text string) *sentenceText {
	st := &sentenceText{text: text, at: make([]int32, 0, len(text)+1), starts: []int{0}}
	for i := range text {
		st.at = append(st.at, int32(i))
	}
	st.at = append(st.at, int32(len(text)))
	pos, state := 0, -1
	for rest := text; rest != ""; {
		var sentence string
		sentence, rest, state = uniseg.FirstSentenceInString(rest, state)
		pos += utf8.RuneCountInString(sentence)
		st.starts = append(st.starts, pos)
	}
	return st
}

// cut is the text of code points [from, to).
func (st *sentenceText) cut(from, to int) string { return st.text[st.at[from]:st.at[to]] }

// around returns the text from the start of the sentence holding start to the end of the one holding
// end-1; ok is false when the selectors no longer fit this text.
func (st *sentenceText) around(start, end int, exact string) (before, after string, ok bool) {
	n := len(st.at) - 1
	if start < 0 || end > n || start >= end || st.cut(start, end) != exact {
		return "", "", false
	}
	from := st.starts[sort.SearchInts(st.starts, start+1)-1]
	to := st.starts[sort.SearchInts(st.starts, end)]
	before = strings.TrimLeft(st.cut(max(from, start-maxContext), start), " \t\r\n")
	after = strings.TrimRight(st.cut(end, min(to, end+maxContext)), " \t\r\n")
	if start-from > maxContext {
		before = "…" + before
	}
	if to-end > maxContext {
		after += "…"
	}
	return before, after, true
}

// sentenceCache keeps the last version's sentences: annotations come document by document.
type sentenceCache struct {
	versions exportVersionCache
	doc      string
	n        int
	text     *sentenceText
}

func (c *sentenceCache) get(docID string, n int) (*sentenceText, error) {
	if c.text == nil || c.doc != docID || c.n != n {
		v, err := c.versions.get(docID, n)
		if err != nil {
			return nil, err
		}
		c.doc, c.n, c.text = docID, n, newSentenceText(v.Text)
	}
	return c.text, nil
}
