package cli

import (
	"flag"
	"fmt"
	"strings"

	"gloss/ingest/merge"
	"gloss/teams"
)

func init() {
	register(
		command{"merge", "merge [--json] [--dry-run] [--confirm-titles] [--map THEIRS=OURS]... FILE", "merge another coder's .qdpx or .jsonld export: documents by text, tags by path, annotations keep their authors; nothing of ours changes; --map maps their tag path to ours (THEIRS= creates theirs beside ours)", runMerge},
		command{"agreement", "agreement [--tag NAME] [--doc ID] [--author NAME]... [--include-resolved] [--json]", "Cohen's κ and Krippendorff's α per tag, per document and overall (units: characters), and the spans where coders differ", runAgreement},
	)
}

func runMerge(e *env, args []string) error {
	fs := flag.NewFlagSet("merge", flag.ContinueOnError)
	dry := fs.Bool("dry-run", false, "only report what the merge would do")
	confirm := fs.Bool("confirm-titles", false, "merge into documents with the same title and source but another text")
	var maps multi
	fs.Var(&maps, "map", "THEIRS=OURS: their tag path to our tag path; THEIRS= creates theirs (repeatable)")
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usageError{"give exactly one file"}
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	opt := merge.MergeOptions{TagMapping: map[string]string{}, ConfirmTitleMatches: *confirm, DryRun: *dry}
	for _, m := range maps {
		theirs, ours, ok := strings.Cut(m, "=")
		if !ok || strings.TrimSpace(theirs) == "" {
			return usageError{fmt.Sprintf("--map %q is not THEIRS=OURS", m)}
		}
		id := ""
		if ours = strings.TrimSpace(ours); ours != "" {
			t, err := tagByPath(s, ours, false)
			if err != nil {
				return err
			}
			id = t.ID
		}
		opt.TagMapping[theirs] = id
	}
	report, err := merge.Merge(s, e.path(files[0]), opt)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(report)
	}
	verb := "merged"
	if report.DryRun {
		verb = "would merge"
	}
	fmt.Fprintf(e.stdout, "%s %s: %d annotations added%s, %d already there, %d tags created (authors: %s)\n", verb, report.File,
		report.AnnotationsCreated, underNewIDs(report.AnnotationsNewIDs), report.AnnotationsUnchanged, report.TagsCreated, strings.Join(report.Authors, ", "))
	if n := report.AnnotationsDeletedHere; n > 0 {
		fmt.Fprintf(e.stdout, "left out %d annotation%s merged before and deleted here since\n", n, plural(n))
	}
	for _, d := range report.Documents {
		if d.Status == merge.MergeNeedsConfirmation {
			fmt.Fprintf(e.stdout, "needs confirmation: %q has our title but another text (%d annotations); merge with --confirm-titles\n", d.Title, d.Annotations)
		}
	}
	for _, c := range report.TagConflicts {
		fmt.Fprintf(e.stdout, "tag conflict (%s): theirs %q %s, ours %q %s: %s\n", c.Kind, c.TheirPath, c.TheirColour, c.OurPath, c.OurColour, c.Resolution)
	}
	for _, p := range report.Problems {
		fmt.Fprintf(e.stderr, "gloss merge: skipped %s\n", p)
	}
	return nil
}

func runAgreement(e *env, args []string) error {
	fs := flag.NewFlagSet("agreement", flag.ContinueOnError)
	tag := fs.String("tag", "", "only this tag (name or parent/child path)")
	doc := fs.String("doc", "", "only this document id")
	var authors multi
	fs.Var(&authors, "author", "only these coders (repeatable)")
	resolved := fs.Bool("include-resolved", false, "also list the disagreements kept as both in the Coders view")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usageError{"unexpected argument " + rest[0]}
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	f := teams.Filter{DocID: *doc, Authors: authors, IncludeResolved: *resolved}
	if *tag != "" {
		t, err := tagByPath(s, *tag, false)
		if err != nil {
			return err
		}
		f.TagID = t.ID
	}
	r, err := teams.Compute(s, f)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(r)
	}
	fmt.Fprintf(e.stdout, "coders: %s\n", strings.Join(r.Coders, ", "))
	line := func(label string, st teams.Stat) {
		fmt.Fprintf(e.stdout, "%-40s  κ %-7s  α %-7s  %8d units\n", label, figure(st.Kappa), figure(st.Alpha), st.Units)
	}
	line("overall", r.Overall)
	for _, t := range r.Tags {
		line("tag "+t.Path, t.Stat)
	}
	for _, d := range r.Documents {
		line("doc "+shortTitle(d.Title), d.Stat)
	}
	if r.Resolved > 0 {
		fmt.Fprintf(e.stdout, "%d disagreements open, %d kept as both\n", len(r.Disagreements), r.Resolved)
	} else {
		fmt.Fprintf(e.stdout, "%d disagreements\n", len(r.Disagreements))
	}
	return nil
}

func figure(p *float64) string {
	if p == nil {
		return "—"
	}
	return fmt.Sprintf("%.3f", *p)
}

func shortTitle(s string) string {
	if r := []rune(s); len(r) > 36 {
		return string(r[:35]) + "…"
	}
	return s
}

// underNewIDs says how many annotations came in under a new id (theirs clashed with one of ours), if any.
func underNewIDs(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(" (%d under a new id: their id is another annotation here)", n)
}
