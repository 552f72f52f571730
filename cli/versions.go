package cli

import (
	"flag"
	"fmt"
	"strings"

	"gloss/anchor"
	"gloss/ingest"
	"gloss/reading"
	"gloss/search"
)

func init() {
	register(
		command{"version-import", "version-import --of ID FILE [--json]", "import FILE as a corrected version of document ID and re-anchor its annotations", runVersionImport},
		command{"versions", "versions --doc ID [--json]", "list a document's versions", runVersions},
		command{"diff", "diff --doc ID [--from N] [--to N] [--json]", "word diff of two versions (default: the last two)", runDiff},
		command{"review", "review [--json]", "list the annotations whose anchor is fuzzy or orphaned", runReview},
		command{"accept", "accept ANNOTATION", "confirm a fuzzy or moved anchor (becomes exact)", runAccept},
		command{"reattach", "reattach ANNOTATION (--start N --end N | --quote TEXT [--occurrence N]) [--json]", "point an annotation at a passage of the current version", runReattach},
		command{"quotes", "quotes --doc ID --quote TEXT [--json]", "find the same or nearly the same passage in other documents", runQuotes},
	)
}

func runVersionImport(e *env, args []string) error {
	fs := flag.NewFlagSet("version-import", flag.ContinueOnError)
	of := fs.String("of", "", "document id")
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *of == "" {
		return usageError{"--of ID is required"}
	}
	return importNewVersion(e, "version-import", *of, files)
}

// importNewVersion is `version-import --of ID FILE`, and `import --new-version-of ID FILE` (cmd names
// which, for the warning on stderr).
func importNewVersion(e *env, cmd, docID string, files []string) error {
	if len(files) != 1 {
		return usageError{"give exactly one file for the new version"}
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	_, rep, err := ingest.ImportNewVersion(s, docID, e.path(files[0]))
	if err != nil {
		return err
	}
	if rep.Warning != "" { // as `gloss import` says it of a new document (a PDF's pages without text)
		fmt.Fprintf(e.stderr, "gloss %s: %s: %s\n", cmd, rep.File, rep.Warning)
	}
	if e.json {
		return e.printJSON(rep)
	}
	fmt.Fprintf(e.stdout, "%s: version %d of %q (was %d): %d exact, %d moved, %d fuzzy, %d orphaned\n",
		rep.File, rep.To, rep.Title, rep.From, rep.Exact, rep.Moved, rep.Fuzzy, rep.Orphan)
	for _, a := range rep.Review {
		fmt.Fprintf(e.stdout, "  review %s  %-6s %.2f  %q\n", a.ID, a.Anchor.Status, a.Anchor.Confidence, a.Exact)
	}
	return nil
}

func runVersions(e *env, args []string) error {
	fs := flag.NewFlagSet("versions", flag.ContinueOnError)
	doc := fs.String("doc", "", "document id")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *doc == "" {
		return usageError{"--doc ID is required"}
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	vs, err := s.Versions(*doc)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(vs)
	}
	for _, v := range vs {
		mark := " "
		if v.Current {
			mark = "*"
		}
		fmt.Fprintf(e.stdout, "%s %3d  %s  %6d words  %.12s  %s\n", mark, v.N, v.ImportedAt.UTC().Format("2006-01-02 15:04"), v.Words, v.SHA256, v.SourcePath)
	}
	return nil
}

func runDiff(e *env, args []string) error {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	doc := fs.String("doc", "", "document id")
	from := fs.Int("from", 0, "old version (default: the one before --to)")
	to := fs.Int("to", 0, "new version (default: the current one)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *doc == "" {
		return usageError{"--doc ID is required"}
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	d, err := reading.New(s).VersionDiff(*doc, *from, *to) // the window's diff view shows the same
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(d.Parts)
	}
	for _, op := range d.Parts {
		switch op.Op {
		case "insert":
			fmt.Fprintf(e.stdout, "{+%s+}", op.Text)
		case "delete":
			fmt.Fprintf(e.stdout, "[-%s-]", op.Text)
		default:
			fmt.Fprint(e.stdout, op.Text)
		}
	}
	fmt.Fprintln(e.stdout)
	return nil
}

// reviewJSON is an annotation of `gloss review --json` with Review's context: the quote as made, in its
// version's text, and where it is anchored now.
type reviewJSON struct {
	annotationJSON
	DocTitle   string          `json:"docTitle"`
	Old        string          `json:"old"`
	OldVersion int             `json:"oldVersion"`
	New        string          `json:"new"`
	Changes    []anchor.DiffOp `json:"changes"`
}

func runReview(e *env, args []string) error {
	if _, err := parse(flag.NewFlagSet("review", flag.ContinueOnError), args); err != nil {
		return err
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	items, err := reading.New(s).ReviewQueue() // the window's Review view shows the same
	if err != nil {
		return err
	}
	ix := newTagIndex(s)
	out := make([]reviewJSON, 0, len(items))
	for _, it := range items {
		out = append(out, reviewJSON{annotationWithPaths(ix, it.Annotation), it.DocTitle, it.Old, it.OldVersion, it.New, it.Changes})
	}
	if e.json {
		return e.printJSON(out)
	}
	for _, a := range out {
		fmt.Fprintf(e.stdout, "%s  %s  %-6s %.2f  v%d  %q\n", a.ID, a.Doc, a.Anchor.Status, a.Anchor.Confidence, a.Anchor.Version, a.Exact)
		fmt.Fprintf(e.stdout, "    before (v%d): %s\n", a.OldVersion, oneLine(a.Old))
		if a.New != "" {
			fmt.Fprintf(e.stdout, "    now:         %s\n", oneLine(a.New))
		}
	}
	return nil
}

func oneID(name string, args []string) (string, error) {
	ids, err := parse(flag.NewFlagSet(name, flag.ContinueOnError), args)
	if err != nil {
		return "", err
	}
	if len(ids) != 1 {
		return "", usageError{"give exactly one annotation id"}
	}
	return ids[0], nil
}

func runAccept(e *env, args []string) error {
	id, err := oneID("accept", args)
	if err != nil {
		return err
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	if err := s.AcceptAnchor(id); err != nil {
		return err
	}
	a, err := s.Annotation(id)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(annotationOut(s, a))
	}
	fmt.Fprintf(e.stdout, "%s: %s\n", id, a.Anchor.Status)
	return nil
}

func runReattach(e *env, args []string) error {
	fs := flag.NewFlagSet("reattach", flag.ContinueOnError)
	start := fs.Int("start", -1, "first code point")
	end := fs.Int("end", -1, "code point after the last")
	quote := fs.String("quote", "", "the exact passage of the current version")
	occurrence := fs.Int("occurrence", 1, "which occurrence of --quote (1 = first)")
	ids, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(ids) != 1 {
		return usageError{"give exactly one annotation id"}
	}
	if (*quote == "") == (*start < 0 || *end < 0) {
		return usageError{"give either --start and --end, or --quote"}
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	if *quote != "" {
		a, err := s.Annotation(ids[0])
		if err != nil {
			return err
		}
		v, err := s.Version(a.DocID, 0)
		if err != nil {
			return err
		}
		var ok bool
		if *start, *end, ok = anchor.FindQuote(v.Text, *quote, *occurrence); !ok {
			return fmt.Errorf("quote not found in the current version of document %s (occurrence %d): %q", a.DocID, *occurrence, *quote)
		}
	}
	a, err := s.Reattach(ids[0], *start, *end)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(annotationOut(s, a))
	}
	fmt.Fprintf(e.stdout, "%s: [%d,%d) %q\n", a.ID, a.Start, a.End, a.Exact)
	return nil
}

func runQuotes(e *env, args []string) error {
	fs := flag.NewFlagSet("quotes", flag.ContinueOnError)
	doc := fs.String("doc", "", "the document the quote comes from (left out of the results)")
	quote := fs.String("quote", "", "the passage to track")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usageError{"unexpected argument " + rest[0]}
	}
	if strings.TrimSpace(*quote) == "" {
		return usageError{"--quote is required"}
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	matches, err := search.TrackQuote(s, anchor.NewQuoteIndex(), *doc, *quote)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(matches)
	}
	for _, m := range matches {
		fmt.Fprintf(e.stdout, "%s  %.2f  %s  [%d,%d)  %s\n", m.DocID, m.Similarity, orDash(m.Date), m.Start, m.End, m.Title)
	}
	return nil
}
