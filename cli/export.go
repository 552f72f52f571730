package cli

import (
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"

	"gloss/export"
	"gloss/store"
)

func init() {
	register(command{"export",
		"export --format md|csv|html|jsonld|qdpx|qdc [--doc ID]... [--tag NAME] [--author NAME]... [--exclude-author NAME]... [--bom] [--per-document] --out PATH [--json]",
		"export annotations (Markdown, CSV, HTML evidence pack, W3C JSON-LD, REFI-QDA project or codebook)", runExport})
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
	format := fs.String("format", "", "md, csv, html, jsonld, qdpx or qdc")
	out := fs.String("out", "", "file to write (a folder for md --per-document)")
	tag := fs.String("tag", "", "only annotations with this tag or its sub-tags (name or parent/child path)")
	bom := fs.Bool("bom", false, "csv: start with a UTF-8 byte order mark, for Excel")
	perDocument := fs.Bool("per-document", false, "md: one file per document in the folder --out")
	var docs, authors, excluded multi
	fs.Var(&docs, "doc", "only this document (repeatable)")
	fs.Var(&authors, "author", "only annotations by this author (repeatable)")
	fs.Var(&excluded, "exclude-author", "leave out annotations by this author (repeatable)")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usageError{"unexpected argument " + rest[0]}
	}
	if !slices.Contains(export.ExportFormats, *format) {
		if *format == "" {
			return usageError{"--format is required"}
		}
		return usageError{fmt.Sprintf("unknown format %q: use one of %s", *format, strings.Join(export.ExportFormats, ", "))}
	}
	*out = e.path(*out)
	if *out == "" {
		return usageError{"--out PATH is required"}
	}
	if *perDocument && *format != "md" {
		return usageError{"--per-document only applies to --format md"}
	}
	if *bom && *format != "csv" {
		return usageError{"--bom only applies to --format csv"}
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
	opt := export.ExportOptions{DocIDs: docs, Authors: authors, ExcludeAuthors: excluded, BOM: *bom, PerDocument: *perDocument}
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
	if *perDocument {
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
