package cli

import (
	"errors"
	"flag"
	"fmt"
	iofs "io/fs"
	"slices"
	"strings"

	"gloss/export"
	"gloss/store"
)

func init() {
	var described []string
	for _, f := range export.Formats() {
		described = append(described, f.Name+": "+f.Description)
	}
	register(command{"export",
		"export --format " + export.FormatNames("|") + " [--doc ID]... [--tag NAME] [--author NAME]... [--exclude-author NAME]... [--bom] [--per-document|--per-annotation] --out PATH [--force] [--json]",
		"export annotations (" + strings.Join(described, "; ") + "); an existing file is replaced only with --force, and --per-document gives new notes free names beside the files already in the folder", runExport})
}

// exportResult is the stable JSON shape of `gloss export --json`.
type exportResult struct {
	Format      string   `json:"format"`
	Path        string   `json:"path"`
	Documents   int      `json:"documents"`
	Annotations int      `json:"annotations"`
	Tags        int      `json:"tags,omitempty"`  // qdc: the codes written
	Files       []string `json:"files,omitempty"` // md --per-document: the files written
}

func runExport(e *env, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	format := fs.String("format", "", export.FormatNames(", "))
	out := fs.String("out", "", "file to write (a folder for md --per-document)")
	tag := fs.String("tag", "", "only annotations with this tag or its sub-tags (name or parent/child path)")
	bom := fs.Bool("bom", false, "csv: start with a UTF-8 byte order mark, for Excel")
	perDocument := fs.Bool("per-document", false, "md: one file per document in the folder --out")
	perAnnotation := fs.Bool("per-annotation", false, "md: one file per annotation (an Obsidian note per quote) in the folder --out")
	force := fs.Bool("force", false, "replace an existing file (--per-document: reuse the notes' names)")
	var docs, authors, excluded multi
	fs.Var(&docs, "doc", "only this document (repeatable)")
	fs.Var(&authors, "author", "only annotations, memos and notes by this author (repeatable)")
	fs.Var(&excluded, "exclude-author", "leave out annotations, memos and notes by this author (repeatable)")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usageError{"unexpected argument " + rest[0]}
	}
	if *format == "" {
		return usageError{"--format is required"}
	}
	f, ok := export.FormatNamed(*format)
	if !ok {
		return usageError{fmt.Sprintf("unknown format %q: use one of %s", *format, export.FormatNames(", "))}
	}
	*out = e.path(*out)
	if *out == "" {
		return usageError{"--out PATH is required"}
	}
	if *perDocument && !f.PerDocument {
		return usageError{"--per-document does not apply to --format " + f.Name}
	}
	if *perAnnotation && !f.PerAnnotation {
		return usageError{"--per-annotation does not apply to --format " + f.Name}
	}
	if *perAnnotation && *perDocument {
		return usageError{"--per-document and --per-annotation exclude each other"}
	}
	if *bom && !f.BOM {
		return usageError{"--bom does not apply to --format " + f.Name}
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	for _, a := range excluded {
		if slices.Contains(authors, a) {
			return usageError{fmt.Sprintf("%q is both --author and --exclude-author", a)}
		}
	}
	opt := export.ExportOptions{DocIDs: docs, Authors: authors, ExcludeAuthors: excluded, BOM: *bom, PerDocument: *perDocument, PerAnnotation: *perAnnotation, Overwrite: *force}
	if *tag != "" {
		t, err := tagByPath(s, *tag, false)
		if err != nil {
			return err
		}
		opt.TagID = t.ID
	}
	var last export.ExportProgress
	opt.Progress = func(p export.ExportProgress) { last = p }
	if err := export.ExportToPath(s, *format, *out, opt); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("%w (see `gloss list` and `gloss tags`)", err)
		}
		if errors.Is(err, iofs.ErrExist) {
			return fmt.Errorf("%w: pass --force to replace it", err)
		}
		return err
	}
	res := exportResult{Format: *format, Path: *out, Documents: last.Documents, Annotations: last.Annotations, Tags: last.Tags, Files: last.Files}
	if e.json {
		return e.printJSON(res)
	}
	if *format == "qdc" {
		fmt.Fprintf(e.stdout, "wrote %s: %d tag%s\n", *out, res.Tags, plural(res.Tags))
		return nil
	}
	fmt.Fprintf(e.stdout, "wrote %s: %d document%s, %d annotation%s\n", *out,
		res.Documents, plural(res.Documents), res.Annotations, plural(res.Annotations))
	if *perDocument || *perAnnotation {
		for _, f := range res.Files {
			fmt.Fprintf(e.stdout, "  %s\n", f)
		}
	}
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
