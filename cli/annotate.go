package cli

import (
	"flag"
	"fmt"
	"strings"

	"gloss/anchor"
	"gloss/reading"
	"gloss/store"
)

func init() {
	register(
		command{"annotate", "annotate --doc ID --quote TEXT [--occurrence N] [--tag NAME]... [--note TEXT] [--json]", "highlight the N-th occurrence of a quote", runAnnotate},
		command{"annotations", "annotations [--doc ID] [--tag NAME] [--author NAME] [--json]", "list annotations (a tag includes its sub-tags), as the window's Annotations view does", runAnnotations},
		command{"tags", "tags [--full-paths] [--json]", "list the tag tree with usage counts (paths over 1 KB only with --full-paths)", runTags},
		command{"tag", "tag rename OLD NEW | tag merge FROM INTO", "rename a tag, or merge one into another", runTag},
	)
}

// multi collects a repeatable flag.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

// tagByPath finds a tag by "parent/child" path or unique name; create makes it (and missing parents).
func tagByPath(s *store.Store, path string, create bool) (store.Tag, error) {
	t, ok, err := s.TagByPath(path)
	if err != nil || ok {
		return t, err
	}
	if !create {
		return store.Tag{}, fmt.Errorf("no tag named %q", path)
	}
	parent := ""
	parts := strings.Split(path, "/")
	for i, name := range parts {
		if ok || i == 0 { // below a missing level every level is missing: no need to look
			if t, ok, err = s.TagByPath(strings.Join(parts[:i+1], "/")); err != nil {
				return t, err
			}
		}
		if !ok {
			if t, err = s.CreateTag(store.NewTag{Name: name, Parent: parent}); err != nil {
				return t, err
			}
		}
		parent = t.ID
	}
	return t, nil
}

func runAnnotate(e *env, args []string) error {
	fs := flag.NewFlagSet("annotate", flag.ContinueOnError)
	doc := fs.String("doc", "", "document id")
	quote := fs.String("quote", "", "the exact passage to highlight")
	occurrence := fs.Int("occurrence", 1, "which occurrence of the quote (1 = first)")
	note := fs.String("note", "", "note (Markdown)")
	var tags multi
	fs.Var(&tags, "tag", "tag name or parent/child path (repeatable; created when missing)")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usageError{"unexpected argument " + rest[0]}
	}
	if *doc == "" || *quote == "" {
		return usageError{"--doc and --quote are required"}
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	v, err := s.Version(*doc, 0)
	if err != nil {
		return err
	}
	start, end, ok := anchor.FindQuote(v.Text, *quote, *occurrence)
	if !ok {
		return fmt.Errorf("quote not found in document %s (occurrence %d): %q", *doc, *occurrence, *quote)
	}
	var tagIDs []string
	for _, name := range tags {
		t, err := tagByPath(s, name, true)
		if err != nil {
			return err
		}
		tagIDs = append(tagIDs, t.ID)
	}
	ann, err := s.CreateAnnotation(store.NewAnnotation{DocID: *doc, Start: start, End: end, Tags: tagIDs, Note: *note, Author: s.Author()})
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(annotationOut(s, ann))
	}
	fmt.Fprintln(e.stdout, ann.ID)
	return nil
}

// annotationJSON is the stable shape of annotations on the command line.
type annotationJSON struct {
	ID       string       `json:"id"`
	Doc      string       `json:"doc"`
	Version  int          `json:"version"`
	Start    int          `json:"start"`
	End      int          `json:"end"`
	Exact    string       `json:"exact"`
	Prefix   string       `json:"prefix"`
	Suffix   string       `json:"suffix"`
	Tags     []string     `json:"tags"` // tag paths
	Note     string       `json:"note"`
	Author   string       `json:"author"`
	Created  string       `json:"created"`
	Modified string       `json:"modified"`
	Anchor   store.Anchor `json:"anchor"`
}

func annotationOut(s *store.Store, a store.Annotation) annotationJSON {
	return annotationWithPaths(newTagIndex(s), a)
}

func annotationWithPaths(ix *store.TagPaths, a store.Annotation) annotationJSON {
	names := make([]string, 0, len(a.Tags))
	for _, id := range a.Tags {
		names = append(names, ix.Path(id))
	}
	return annotationJSON{a.ID, a.DocID, a.Version, a.Start, a.End, a.Exact, a.Prefix, a.Suffix, names, a.Note, a.Author,
		a.Created.UTC().Format("2006-01-02T15:04:05Z"), a.Modified.UTC().Format("2006-01-02T15:04:05Z"), a.Anchor}
}

// annotationsOut converts a list for printing, reading the tag tree once for all of them.
func annotationsOut(s *store.Store, anns []store.Annotation) []annotationJSON {
	ix := newTagIndex(s)
	out := make([]annotationJSON, 0, len(anns))
	for _, a := range anns {
		out = append(out, annotationWithPaths(ix, a))
	}
	return out
}

func newTagIndex(s *store.Store) *store.TagPaths {
	tags, _ := s.TagTree() // counts are not needed for paths
	return store.NewTagPaths(tags)
}

func runAnnotations(e *env, args []string) error {
	fs := flag.NewFlagSet("annotations", flag.ContinueOnError)
	doc := fs.String("doc", "", "only this document")
	tag := fs.String("tag", "", "only this tag (and its children)")
	author := fs.String("author", "", "only this author's")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	q := reading.Query{Doc: *doc, Author: *author}
	if *tag != "" {
		t, err := tagByPath(s, *tag, false)
		if err != nil {
			return err
		}
		q.Tag = t.ID
	}
	anns, err := reading.New(s).Find(q) // the window's Annotations view asks the same
	if err != nil {
		return err
	}
	out := annotationsOut(s, anns)
	if e.json {
		return e.printJSON(out)
	}
	for _, a := range out {
		fmt.Fprintf(e.stdout, "%s  %s [%d,%d)  %q  %s\n", a.ID, a.Doc, a.Start, a.End, a.Exact, strings.Join(a.Tags, ", "))
	}
	return nil
}

// tagJSON is the stable shape of `gloss tags --json`. Path is the full "parent/child" path when it is at
// most maxListedPath bytes long (or with --full-paths); deeper in a very deep tree it is left out, since
// printing every full path would make the output quadratic in the depth (about 500 MB for a 10,000-level
// tree): parent and depth describe the tree, and `gloss tags --full-paths` prints them all.
type tagJSON struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Path        string `json:"path,omitempty"`
	Parent      string `json:"parent"`
	Depth       int    `json:"depth"` // 1 for a top-level tag
	Colour      string `json:"colour"`
	Description string `json:"description"`
	Count       int    `json:"count"`
}

// maxListedPath bounds each path `gloss tags` prints, keeping its output linear in the number of tags.
const maxListedPath = 1024

func runTags(e *env, args []string) error {
	fs := flag.NewFlagSet("tags", flag.ContinueOnError)
	full := fs.Bool("full-paths", false, fmt.Sprintf("print every tag's full path, also those over %d bytes", maxListedPath))
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usageError{"unexpected argument " + rest[0]}
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	tags, err := s.Tags()
	if err != nil {
		return err
	}
	ix := store.NewTagPaths(tags)
	out := make([]tagJSON, 0, len(tags))
	for _, t := range tags {
		path := ""
		if *full || ix.PathLen(t.ID) <= maxListedPath {
			path = ix.Path(t.ID)
			ix.Forget(t.ID) // printed once: no need to keep it
		}
		out = append(out, tagJSON{t.ID, t.Name, path, t.Parent, ix.Depth(t.ID), t.Colour, t.Description, t.Count})
	}
	if e.json {
		return e.printJSON(out)
	}
	for _, t := range out {
		shown := t.Path
		if shown == "" {
			shown = fmt.Sprintf("…/%s (level %d)", t.Name, t.Depth)
		}
		fmt.Fprintf(e.stdout, "%-40s %s %5d\n", shown, t.Colour, t.Count)
	}
	return nil
}

func runTag(e *env, args []string) error {
	rest, err := parse(flag.NewFlagSet("tag", flag.ContinueOnError), args)
	if err != nil {
		return err
	}
	if len(rest) != 3 || (rest[0] != "rename" && rest[0] != "merge") {
		return usageError{"use `tag rename OLD NEW` or `tag merge FROM INTO`"}
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	from, err := tagByPath(s, rest[1], false)
	if err != nil {
		return err
	}
	if rest[0] == "rename" {
		t, err := s.UpdateTag(from.ID, rest[2], from.Colour, from.Description)
		if err != nil {
			return err
		}
		if e.json {
			return e.printJSON(t)
		}
		fmt.Fprintf(e.stdout, "renamed %q to %q (%d annotations)\n", rest[1], t.Name, from.Count)
		return nil
	}
	into, err := tagByPath(s, rest[2], false)
	if err != nil {
		return err
	}
	moved, err := s.MergeTags(from.ID, into.ID)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(map[string]any{"from": from.ID, "into": into.ID, "moved": moved})
	}
	fmt.Fprintf(e.stdout, "merged %q into %q: %d annotations moved\n", rest[1], rest[2], moved)
	return nil
}
