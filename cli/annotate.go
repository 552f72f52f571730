package cli

import (
	"flag"
	"fmt"
	"strings"

	"gloss/anchor"
	"gloss/store"
)

func init() {
	register(
		command{"annotate", "annotate --doc ID --quote TEXT [--occurrence N] [--tag NAME]... [--note TEXT] [--json]", "highlight the N-th occurrence of a quote", runAnnotate},
		command{"annotations", "annotations [--doc ID] [--tag NAME] [--json]", "list annotations", runAnnotations},
		command{"tags", "tags [--json]", "list the tag tree with usage counts", runTags},
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
		sub := strings.Join(parts[:i+1], "/")
		if t, ok, err = s.TagByPath(sub); err != nil {
			return t, err
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
	return annotationWithPaths(tagPaths(s), a)
}

func annotationWithPaths(paths map[string]string, a store.Annotation) annotationJSON {
	names := make([]string, 0, len(a.Tags))
	for _, id := range a.Tags {
		names = append(names, paths[id])
	}
	return annotationJSON{a.ID, a.DocID, a.Version, a.Start, a.End, a.Exact, a.Prefix, a.Suffix, names, a.Note, a.Author,
		a.Created.UTC().Format("2006-01-02T15:04:05Z"), a.Modified.UTC().Format("2006-01-02T15:04:05Z"), a.Anchor}
}

// annotationsOut converts a list for printing, reading the tag tree once for all of them.
func annotationsOut(s *store.Store, anns []store.Annotation) []annotationJSON {
	paths := tagPaths(s)
	out := make([]annotationJSON, 0, len(anns))
	for _, a := range anns {
		out = append(out, annotationWithPaths(paths, a))
	}
	return out
}

// tagPaths maps tag ids to "parent/child" paths.
func tagPaths(s *store.Store) map[string]string {
	tags, _ := s.Tags()
	byID := make(map[string]store.Tag, len(tags))
	for _, t := range tags {
		byID[t.ID] = t
	}
	// Each path is its parent's plus a name, built once: walking every tag to the root and prepending
	// would be cubic in the depth, and the store allows trees 10,000 levels deep.
	paths := make(map[string]string, len(tags))
	for _, t := range tags {
		var chain []store.Tag // t and its ancestors whose paths are not known yet, deepest first
		seen := map[string]bool{}
		for at, ok := t, true; ok && !seen[at.ID]; at, ok = byID[at.Parent] {
			if _, known := paths[at.ID]; known {
				break
			}
			seen[at.ID] = true
			chain = append(chain, at)
		}
		for i := len(chain) - 1; i >= 0; i-- {
			if parent, ok := paths[chain[i].Parent]; ok && chain[i].Parent != "" {
				paths[chain[i].ID] = parent + "/" + chain[i].Name
			} else {
				paths[chain[i].ID] = chain[i].Name // a root, or a cycle the store would have refused
			}
		}
	}
	return paths
}

func runAnnotations(e *env, args []string) error {
	fs := flag.NewFlagSet("annotations", flag.ContinueOnError)
	doc := fs.String("doc", "", "only this document")
	tag := fs.String("tag", "", "only this tag (and its children)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	f := store.AnnotationFilter{DocID: *doc}
	if *tag != "" {
		t, err := tagByPath(s, *tag, false)
		if err != nil {
			return err
		}
		f.TagID, f.IncludeChildTags = t.ID, true
	}
	anns, err := s.Annotations(f)
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

type tagJSON struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Path        string `json:"path"`
	Parent      string `json:"parent"`
	Colour      string `json:"colour"`
	Description string `json:"description"`
	Count       int    `json:"count"`
}

func runTags(e *env, args []string) error {
	if _, err := parse(flag.NewFlagSet("tags", flag.ContinueOnError), args); err != nil {
		return err
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	tags, err := s.Tags()
	if err != nil {
		return err
	}
	paths := tagPaths(s)
	out := make([]tagJSON, 0, len(tags))
	for _, t := range tags {
		out = append(out, tagJSON{t.ID, t.Name, paths[t.ID], t.Parent, t.Colour, t.Description, t.Count})
	}
	if e.json {
		return e.printJSON(out)
	}
	for _, t := range out {
		fmt.Fprintf(e.stdout, "%-40s %s %5d\n", t.Path, t.Colour, t.Count)
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
