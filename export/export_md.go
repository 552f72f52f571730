package export

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"gloss/store"
)

// Markdown for Obsidian: YAML front matter (url, outlet, authors, published, captured, tags as YAML
// lists), each annotation a block quote citing its source with a link to the article's URL (never a
// gloss:// link, dead in a vault), its page when the version has pages, and a block id (^gloss-…) so a
// note can link to the quote; the tags as #parent/child tags and the note below it. One file, one file
// per document (PerDocument) or one per annotation (PerAnnotation).

// exportMarkdown writes every document into one file: front matter for the export, a section per
// document, project notes at the end.
func exportMarkdown(s *store.Store, w io.Writer, opt ExportOptions) error {
	p, err := newExportPlan(s, opt, false)
	if err != nil {
		return err
	}
	if err := writeFrontMatter(w, struct {
		Title    string `yaml:"title"`
		Exported string `yaml:"exported"`
	}{"Gloss export", exportTimestamp(p.exported)}); err != nil {
		return err
	}
	fmt.Fprintf(w, "# Gloss export\n")
	err = p.eachDocument(func(d exportDoc, anns []store.Annotation) error {
		md, err := newMarkdownDoc(s, d)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\n## %s\n\n", mdInline(d.Title))
		for _, item := range [][2]string{{"URL", mdURL(md.url)}, {"Outlet", mdInline(d.Source)}, {"Authors", mdInline(strings.Join(d.Meta.Authors, ", "))},
			{"Published", d.Date}, {"Captured", md.captured}, {"Gloss id", "`" + d.ID + "`"}} {
			if item[1] != "" && item[1] != "``" {
				fmt.Fprintf(w, "- %s: %s\n", item[0], item[1])
			}
		}
		return writeMarkdownDocument(w, p, md, anns, "###")
	})
	if err != nil {
		return err
	}
	writeProjectNotesMarkdown(w, p.notes, "##")
	return nil
}

// exportMarkdownFiles writes one file per document into dir, each through a temporary file, so a vault
// folder never shows a half-written note. Every name is chosen and checked before the first file is
// written; a name already taken in dir is left alone and the note takes the next free one ("Title
// (2).md") unless opt.Overwrite.
func exportMarkdownFiles(s *store.Store, layout store.Layout, dir string, opt ExportOptions) error {
	dir, err := layout.OutputFolder(dir)
	if err != nil {
		return err
	}
	// With a tag or author filter some documents may have nothing to export: count first, so that only
	// documents that get a file take a name.
	filtered := opt.TagID != "" || len(opt.Authors) > 0 || len(opt.ExcludeAuthors) > 0
	p, err := newExportPlan(s, opt, filtered)
	if err != nil {
		return err
	}
	names := fileNamer{layout: layout, dir: dir, overwrite: opt.Overwrite, used: map[string]bool{}}
	targets := map[string]store.Output{}
	for _, d := range p.docs {
		if opt.PerAnnotation {
			break // named document by document, as each one's annotations are read
		}
		if targets[d.ID], err = names.next(d.Title); err != nil {
			return err
		}
	}
	var notesTarget store.Output
	if len(p.notes) > 0 {
		if notesTarget, err = names.next("Gloss project notes"); err != nil {
			return err
		}
	}
	err = p.eachDocument(func(d exportDoc, anns []store.Annotation) error {
		md, err := newMarkdownDoc(s, d)
		if err != nil {
			return err
		}
		if opt.PerAnnotation {
			return writeAnnotationFiles(p, &names, md, anns)
		}
		target := targets[d.ID]
		err = target.Write(func(f io.Writer) error {
			w := bufio.NewWriter(f)
			if err := writeFrontMatter(w, markdownMeta(p, md, anns)); err != nil {
				return err
			}
			fmt.Fprintf(w, "# %s\n", mdInline(d.Title))
			if err := writeMarkdownDocument(w, p, md, anns, "##"); err != nil {
				return err
			}
			return w.Flush()
		})
		if err == nil {
			p.done.Files = append(p.done.Files, target.Path)
		}
		return err
	})
	if err != nil || len(p.notes) == 0 {
		return err
	}
	err = notesTarget.Write(func(f io.Writer) error {
		w := bufio.NewWriter(f)
		if err := writeFrontMatter(w, map[string]string{"title": "Gloss project notes", "exported": exportTimestamp(p.exported)}); err != nil {
			return err
		}
		writeProjectNotesMarkdown(w, p.notes, "#")
		return w.Flush()
	})
	if err == nil {
		p.done.Files = append(p.done.Files, notesTarget.Path)
		if opt.Progress != nil {
			opt.Progress(p.done)
		}
	}
	return err
}

// fileNamer picks the per-document file names of one export: each fits in a file name's 255 bytes,
// differs from the others (ignoring case, for case-insensitive disks) and, unless overwrite, from every
// name already in the folder.
type fileNamer struct {
	layout    store.Layout
	dir       string
	overwrite bool
	used      map[string]bool // lower-cased names taken by this export
}

func (n *fileNamer) next(title string) (store.Output, error) {
	base := nonBlank(exportFileName(title), "Untitled")
	for i := 1; i <= 10_000; i++ {
		suffix := ".md"
		if i > 1 {
			suffix = fmt.Sprintf(" (%d).md", i)
		}
		name := fitFileName(base, suffix)
		if n.used[strings.ToLower(name)] {
			continue
		}
		path := filepath.Join(n.dir, name)
		if _, err := os.Lstat(path); err == nil && !n.overwrite {
			continue // someone's file (or a link, or a folder): never touched without --force
		}
		target, err := n.layout.OutputTarget(path, n.overwrite)
		if err != nil {
			return store.Output{}, err
		}
		n.used[strings.ToLower(name)] = true
		return target, nil
	}
	return store.Output{}, fmt.Errorf("writing into %s: no free file name for %q", n.dir, title)
}

// markdownFrontMatter is one document's (or one annotation's) properties in Obsidian: lists as YAML
// lists, dates as YYYY-MM-DD or xsd:dateTime, which Obsidian reads as date properties.
type markdownFrontMatter struct {
	Title     string   `yaml:"title"`
	URL       string   `yaml:"url,omitempty"`
	Outlet    string   `yaml:"outlet,omitempty"`
	Authors   []string `yaml:"authors,omitempty"`
	Published string   `yaml:"published,omitempty"`
	Captured  string   `yaml:"captured,omitempty"`
	Page      string   `yaml:"page,omitempty"`   // one annotation's file: "p. 12"
	Quoted    string   `yaml:"quoted,omitempty"` // one annotation's file: its author
	Tags      []string `yaml:"tags,omitempty"`
	Exported  string   `yaml:"exported"`
	GlossID   string   `yaml:"gloss_id"`
	Version   int      `yaml:"gloss_version"`
}

// markdownDoc is a document with what its notes cite: the article's URL and its provenance.
type markdownDoc struct {
	exportDoc
	url, captured string
	prov          docProvenance
	titleLink     string // the escaped title, linked to the URL: the same for every quote
	citeTail      string // " · outlet · date"
}

func newMarkdownDoc(s *store.Store, d exportDoc) (markdownDoc, error) {
	prov, err := loadProvenance(s, d)
	if err != nil {
		return markdownDoc{}, err
	}
	md := markdownDoc{exportDoc: d, url: articleURL(d.Document, prov), prov: prov}
	if c := prov.latestCapture(); c != nil {
		md.captured = captureTime(c)
	}
	md.titleLink = mdInline(nonBlank(d.Title, "Untitled"))
	if link := mdURL(md.url); link != "" {
		md.titleLink = "[" + md.titleLink + "](" + link + ")"
	}
	for _, part := range []string{mdInline(d.Source), d.Date} {
		if part != "" {
			md.citeTail += " · " + part
		}
	}
	return md, nil
}

func markdownMeta(p *exportPlan, d markdownDoc, anns []store.Annotation) markdownFrontMatter {
	m := markdownFrontMatter{Title: d.Title, URL: d.url, Outlet: d.Source, Authors: d.Meta.Authors, Published: d.Date, Captured: d.captured,
		Exported: exportTimestamp(p.exported), GlossID: d.ID, Version: d.Version}
	seen := map[string]bool{}
	for _, a := range anns {
		for _, id := range a.Tags {
			if tag := obsidianTag(p.paths.Path(id)); tag != "" && !seen[tag] {
				seen[tag] = true
				m.Tags = append(m.Tags, tag)
			}
		}
	}
	return m
}

// blockID is an annotation's Obsidian block id: letters, digits and "-", unique per annotation.
func blockID(a store.Annotation) string {
	return "gloss-" + strings.ToLower(strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' {
			return r
		}
		return -1
	}, a.ID))
}

// writeAnnotationFiles writes one note per annotation of d: its own front matter (the document's, its
// page, its author and tags), the quote with its block id, tags and note.
func writeAnnotationFiles(p *exportPlan, names *fileNamer, d markdownDoc, anns []store.Annotation) error {
	for _, a := range anns {
		target, err := names.next(collapseSpace(nonBlank(d.Title, "Untitled")) + " — " + quoteTitle(a.Exact))
		if err != nil {
			return err
		}
		err = target.Write(func(f io.Writer) error {
			w := bufio.NewWriter(f)
			m := markdownMeta(p, d, []store.Annotation{a})
			m.Page, m.Quoted = pageCite(d.prov.at(selectorVersion(a)), a.Start, a.End), a.Author
			if err := writeFrontMatter(w, m); err != nil {
				return err
			}
			fmt.Fprintf(w, "# %s\n", mdInline(nonBlank(d.Title, "Untitled")))
			if err := writeMarkdownAnnotation(w, p, d, a); err != nil {
				return err
			}
			return w.Flush()
		})
		if err != nil {
			return err
		}
		p.done.Files = append(p.done.Files, target.Path)
	}
	return nil
}

func writeFrontMatter(w io.Writer, v any) error {
	data, err := yaml.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "---\n%s---\n\n", data)
	return err
}

// writeMarkdownDocument writes a document's memo and its annotations; heading is the level of the
// section headings ("##" in a file per document).
func writeMarkdownDocument(w io.Writer, p *exportPlan, d markdownDoc, anns []store.Annotation, heading string) error {
	if d.memo != nil && strings.TrimSpace(d.memo.Body) != "" {
		fmt.Fprintf(w, "\n%s Memo\n\n%s\n", heading, exportNewlines(strings.TrimSpace(d.memo.Body)))
		writeNoteByline(w, *d.memo)
	}
	if len(anns) > 0 {
		fmt.Fprintf(w, "\n%s Annotations\n", heading)
	}
	for _, a := range anns {
		if err := writeMarkdownAnnotation(w, p, d, a); err != nil {
			return err
		}
	}
	return nil
}

// writeMarkdownAnnotation writes one quote: the block quote, its citation (the title linked to the
// article's URL, the page, outlet and date) ending in its block id, tags, note and who made it when.
func writeMarkdownAnnotation(w io.Writer, p *exportPlan, d markdownDoc, a store.Annotation) error {
	title, cite := d.titleLink, d.citeTail
	if page := pageCite(d.prov.at(selectorVersion(a)), a.Start, a.End); page != "" {
		cite = " · " + page + cite
	}
	{
		fmt.Fprintln(w)
		for line := range strings.SplitSeq(joinUnspacedLines(exportNewlines(a.Exact)), "\n") {
			if line = mdLine(line); line == "" {
				fmt.Fprintln(w, ">")
			} else {
				fmt.Fprintf(w, "> %s\n", line)
			}
		}
		fmt.Fprintf(w, ">\n> — %s%s ^%s\n", title, cite, blockID(a))
		writeMarkdownAnchor(w, a)
		var tags []string
		for _, path := range p.tagNames(a.Tags) {
			if tag := obsidianTag(path); tag != "" {
				tags = append(tags, "#"+tag)
			}
		}
		if len(tags) > 0 {
			fmt.Fprintf(w, "\n%s\n", strings.Join(tags, " "))
		}
		if note := strings.TrimSpace(a.Note); note != "" {
			fmt.Fprintf(w, "\n%s\n", exportNewlines(note))
		}
		if _, err := fmt.Fprintf(w, "\n*%s, %s*\n", mdInline(a.Author), exportTimestamp(a.Created)); err != nil {
			return err
		}
	}
	return nil
}

func writeProjectNotesMarkdown(w io.Writer, notes []store.Note, heading string) {
	if len(notes) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s Project notes\n", heading)
	for _, n := range notes {
		fmt.Fprintf(w, "\n%s# %s\n\n%s\n", heading, mdInline(nonBlank(n.Title, "Untitled note")), exportNewlines(strings.TrimSpace(n.Body)))
		writeNoteByline(w, n)
	}
}

// writeNoteByline signs a memo or project note as an annotation is signed: who wrote it and when it was
// last changed (a team's notes are told apart by it).
func writeNoteByline(w io.Writer, n store.Note) {
	if by := noteByline(n, exportTimestamp); by != "" {
		fmt.Fprintf(w, "\n*%s*\n", mdInline(by))
	}
}

// mdEscaper backslash-escapes what Markdown or Obsidian would read as markup in quoted article text:
// emphasis, links, HTML, code, #tags, ==highlights==, $math$ and table pipes.
var mdEscaper = strings.NewReplacer(`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`<`, `\<`, `>`, `\>`, `#`, `\#`, `$`, `\$`, `|`, `\|`, `~`, `\~`, `=`, `\=`)

// mdInline escapes text for one line of Markdown (CJK lines joined without a space, right-to-left text
// isolated: bidi.go).
func mdInline(s string) string {
	return bidiIsolate(mdEscaper.Replace(collapseSpace(s)))
}

// mdLine escapes one line of a quote, including list markers at its start; a right-to-left line is
// isolated (bidi.go).
func mdLine(line string) string { return bidiIsolate(mdQuoteLine(line)) }

func mdQuoteLine(line string) string {
	line = strings.TrimRight(line, " \t")
	out := mdEscaper.Replace(line)
	trimmed := strings.TrimLeft(out, " ")
	lead := out[:len(out)-len(trimmed)]
	switch {
	case strings.HasPrefix(trimmed, "- "), strings.HasPrefix(trimmed, "+ "):
		return lead + `\` + trimmed
	}
	digits := strings.IndexFunc(trimmed, func(r rune) bool { return r < '0' || r > '9' })
	if digits > 0 && (trimmed[digits] == '.' || trimmed[digits] == ')') {
		return lead + trimmed[:digits] + `\` + trimmed[digits:]
	}
	return out
}

// mdURL writes a URL as an autolink-safe link, or "" when there is none.
func mdURL(u string) string {
	u = strings.TrimSpace(u)
	if u == "" || strings.ContainsAny(u, "<> \n") {
		return ""
	}
	return "<" + u + ">"
}

// obsidianTag makes a tag path an Obsidian tag: letters, digits, "_" and "-", "/" for nesting; runs of
// spaces and other punctuation become one "-".
func obsidianTag(path string) string {
	var parts []string
	for part := range strings.SplitSeq(path, "/") {
		words := strings.FieldsFunc(part, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '-'
		})
		if len(words) > 0 {
			parts = append(parts, strings.Join(words, "-"))
		}
	}
	return strings.Join(parts, "/")
}

func exportNewlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// writeMarkdownAnchor states how re-anchoring placed a quote when it is not exact: status and
// confidence, and the quote as highlighted when its words have changed since (issue 17).
func writeMarkdownAnchor(w io.Writer, a store.Annotation) {
	made := a.Made()
	switch a.Anchor.Status {
	case "", "exact":
		return
	case "orphan":
		fmt.Fprintf(w, "\n**Anchor: orphan** — not found in the latest version; quoted from version %d.\n", a.Version)
		return
	}
	fmt.Fprintf(w, "\n**Anchor: %s (confidence %.2f)**", mdInline(a.Anchor.Status), a.Anchor.Confidence)
	if made.Exact != a.Exact {
		fmt.Fprintf(w, " — the words have changed; as highlighted in version %d: “%s”", made.Version, mdInline(exportNewlines(made.Exact)))
	}
	fmt.Fprintln(w)
}
