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

// Markdown for Obsidian: YAML front matter, each annotation a block quote citing its source with a
// gloss:// link back, the tags as #parent/child tags and the note below it.

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
		fmt.Fprintf(w, "\n## %s\n\n", mdInline(d.Title))
		for _, item := range [][2]string{{"Source", mdInline(d.Source)}, {"Date", d.Date}, {"URL", mdURL(d.URL)}, {"Gloss id", "`" + d.ID + "`"}} {
			if item[1] != "" && item[1] != "``" {
				fmt.Fprintf(w, "- %s: %s\n", item[0], item[1])
			}
		}
		return writeMarkdownDocument(w, p, d, anns, "###")
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
		target := targets[d.ID]
		err := target.Write(func(f io.Writer) error {
			w := bufio.NewWriter(f)
			if err := writeFrontMatter(w, markdownMeta(p, d, anns)); err != nil {
				return err
			}
			fmt.Fprintf(w, "# %s\n", mdInline(d.Title))
			if err := writeMarkdownDocument(w, p, d, anns, "##"); err != nil {
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

// markdownFrontMatter is one document's properties in Obsidian.
type markdownFrontMatter struct {
	Title    string   `yaml:"title"`
	Date     string   `yaml:"date,omitempty"`
	Source   string   `yaml:"source,omitempty"`
	URL      string   `yaml:"url,omitempty"`
	Exported string   `yaml:"exported"`
	GlossID  string   `yaml:"gloss_id"`
	Version  int      `yaml:"gloss_version"`
	Tags     []string `yaml:"tags,omitempty"`
}

func markdownMeta(p *exportPlan, d exportDoc, anns []store.Annotation) markdownFrontMatter {
	m := markdownFrontMatter{Title: d.Title, Date: d.Date, Source: d.Source, URL: d.URL,
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
func writeMarkdownDocument(w io.Writer, p *exportPlan, d exportDoc, anns []store.Annotation, heading string) error {
	if d.memo != nil && strings.TrimSpace(d.memo.Body) != "" {
		fmt.Fprintf(w, "\n%s Memo\n\n%s\n", heading, exportNewlines(strings.TrimSpace(d.memo.Body)))
	}
	if len(anns) > 0 {
		fmt.Fprintf(w, "\n%s Annotations\n", heading)
	}
	// The citation is the same for every quote of the document.
	title, cite := mdInline(nonBlank(d.Title, "Untitled")), ""
	for _, part := range []string{mdInline(d.Source), d.Date, mdURL(d.URL)} {
		if part != "" {
			cite += " · " + part
		}
	}
	for _, a := range anns {
		fmt.Fprintln(w)
		for line := range strings.SplitSeq(exportNewlines(a.Exact), "\n") {
			if line = mdLine(line); line == "" {
				fmt.Fprintln(w, ">")
			} else {
				fmt.Fprintf(w, "> %s\n", line)
			}
		}
		fmt.Fprintf(w, ">\n> — [%s](%s)%s\n", title, documentLink(d.ID, a.Start, a.End), cite)
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
	}
}

// mdEscaper backslash-escapes what Markdown or Obsidian would read as markup in quoted article text:
// emphasis, links, HTML, code, #tags, ==highlights==, $math$ and table pipes.
var mdEscaper = strings.NewReplacer(`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`<`, `\<`, `>`, `\>`, `#`, `\#`, `$`, `\$`, `|`, `\|`, `~`, `\~`, `=`, `\=`)

// mdInline escapes text for one line of Markdown.
func mdInline(s string) string {
	return mdEscaper.Replace(strings.Join(strings.Fields(s), " "))
}

// mdLine escapes one line of a quote, including list markers at its start.
func mdLine(line string) string {
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
