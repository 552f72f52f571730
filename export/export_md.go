package export

import (
	"bufio"
	"fmt"
	"io"
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
// folder never shows a half-written note. Existing files of the same name are replaced.
func exportMarkdownFiles(s *store.Store, dir string, opt ExportOptions) error {
	if err := ensureExportDir(dir); err != nil {
		return err
	}
	p, err := newExportPlan(s, opt, false)
	if err != nil {
		return err
	}
	used := map[string]bool{}
	fileFor := func(title string) string {
		base := nonBlank(exportFileName(title), "Untitled")
		name := base + ".md"
		for n := 2; used[strings.ToLower(name)]; n++ {
			name = fmt.Sprintf("%s (%d).md", base, n)
		}
		used[strings.ToLower(name)] = true
		return filepath.Join(dir, name)
	}
	err = p.eachDocument(func(d exportDoc, anns []store.Annotation) error {
		path := fileFor(d.Title)
		p.done.Files = append(p.done.Files, path)
		return writeAtomically(path, func(f io.Writer) error {
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
	})
	if err != nil || len(p.notes) == 0 {
		return err
	}
	path := fileFor("Gloss project notes")
	err = writeAtomically(path, func(f io.Writer) error {
		w := bufio.NewWriter(f)
		if err := writeFrontMatter(w, map[string]string{"title": "Gloss project notes", "exported": exportTimestamp(p.exported)}); err != nil {
			return err
		}
		writeProjectNotesMarkdown(w, p.notes, "#")
		return w.Flush()
	})
	if err == nil {
		p.done.Files = append(p.done.Files, path)
		if opt.Progress != nil {
			opt.Progress(p.done)
		}
	}
	return err
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
			if tag := obsidianTag(p.paths[id]); tag != "" && !seen[tag] {
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
