// Package cli is Gloss without a window: the subcommands scripts and tests use. It calls the same packages
// as the window, so what works here works there.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"gloss/anchor/anchorstore"
	"gloss/ingest"
	"gloss/reading"
	"gloss/search"
	"gloss/store"
	"gloss/version"
)

type command struct {
	name, usage, summary string
	run                  func(e *env, args []string) error
}

// commands are registered by each file's init (see register), so a feature adds its subcommands in its own file.
var commands []command

// register adds subcommands; help lists them in registration order.
func register(cs ...command) { commands = append(commands, cs...) }

func init() {
	register(
		command{"list", "list [--json]", "list the documents in the library", runList},
		command{"import", "import [--json] [--max-size BYTES] [--password PW] [--new-version-of ID] FILE|DIR... | URL... | --urls FILE", "import .txt .md .html .docx .odt .pdf files and folders (--password opens password-protected PDFs), .jsonld/.json (W3C), Hypothesis and Readwise exports and .qdpx/.qdc (REFI-QDA) annotations, or web pages by link (fetched, archived as WARC; --urls: a text file of links); exit 1 only if a file or link failed (unreadable, not UTF-8, broken, not fetched); empty, binary, too large and non-article files in folders are skipped", runImport},
		command{"show", "show [--json] [--annotations] ID", "print a document's metadata and text; --annotations: and the annotations drawn on it (the Reader's side panel)", runShow},
		command{"check", "check", "verify the database and Gloss's own invariants", runCheck},
		command{"backup", "backup --out FILE", "write a consistent copy of the library", runBackup},
		command{"version", "version", "print the Gloss version", runVersion},
		command{"help", "help", "show this help", runHelp},
	)
}

// env is what every subcommand gets: parsed global flags and the output streams.
type env struct {
	dbPath string
	json   bool
	stdout io.Writer
	stderr io.Writer
	store  *store.Store
	// Set when the window runs the command for a client of its socket (Serve): the window's open store
	// (never closed here) and the client's working directory, against which relative paths resolve.
	shared bool
	wd     string
	index  *search.Library // the window's search index, when it runs the command; nil otherwise
}

// path resolves a file argument: relative to the client's working directory when the window runs the
// command for it (its own working directory is not the client's).
func (e *env) path(p string) string {
	if e.wd == "" || p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(e.wd, p)
}

// paths is path for each.
func (e *env) paths(ps []string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = e.path(p)
	}
	return out
}

// usageError makes Run exit with 2 and print the usage line.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

// devFlags are Wails' own dev-build flags: their presence means "open the window".
var devFlags = []string{"-devserver", "-assetdir", "-frontenddevserverurl", "-loglevel"}

// IsWindow reports whether args ask for the window rather than a subcommand: no arguments, only --db,
// or the Wails dev-build flags.
func IsWindow(args []string) bool {
	rest, _, err := globalFlags(args)
	if err != nil || len(rest) == 0 {
		return err == nil
	}
	for _, f := range devFlags {
		if rest[0] == f || strings.HasPrefix(rest[0], f+"=") {
			return true
		}
	}
	return false
}

// DBPath resolves the database: --db, then $GLOSS_DB, then the XDG data directory.
func DBPath(args []string) string {
	_, g, _ := globalFlags(args)
	return g.dbPath
}

// globalFlags takes --db and --json out of args wherever they stand, so flags may come before or after
// the subcommand.
func globalFlags(args []string) (rest []string, g env, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--db" || a == "-db":
			if i+1 >= len(args) {
				return nil, g, usageError{"--db needs a path"}
			}
			g.dbPath = args[i+1]
			i++
		case strings.HasPrefix(a, "--db="):
			g.dbPath = strings.TrimPrefix(a, "--db=")
		case a == "--json" || a == "-json":
			g.json = true
		default:
			rest = append(rest, a)
		}
	}
	if g.dbPath == "" {
		g.dbPath = os.Getenv("GLOSS_DB")
	}
	if g.dbPath == "" {
		g.dbPath = store.DefaultPath()
	}
	return rest, g, nil
}

// Run executes one subcommand and returns the process exit code.
func Run(args []string, stdout, stderr io.Writer) int {
	rest, e, err := globalFlags(args)
	if err != nil {
		fmt.Fprintf(stderr, "gloss: %v\n", err)
		return 2
	}
	e.stdout, e.stderr = stdout, stderr
	if len(rest) == 0 || rest[0] == "-h" || rest[0] == "--help" {
		runHelp(&e, nil)
		return 0
	}
	cmd := lookup(rest)
	if cmd == nil {
		fmt.Fprintf(stderr, "gloss: unknown command %q (try `gloss help`)\n", rest[0])
		return 2
	}
	// A window that holds the library answers on its socket: it runs the command (Serve).
	if needsLibrary(cmd.name) {
		if code, ok := runInWindow(e.dbPath, windowArgs(cmd.name, args), stdout, stderr); ok {
			return code
		}
	}
	err = cmd.run(&e, rest[1:])
	if e.store != nil {
		if cerr := e.store.Close(); err == nil && cerr != nil {
			err = cerr
		}
		e.store = nil
	}
	// The window may have taken the lock between the socket's silence and our open (it was starting).
	if errors.Is(err, store.ErrLocked) && needsLibrary(cmd.name) {
		if code, ok := runInWindow(e.dbPath, windowArgs(cmd.name, args), stdout, stderr); ok {
			return code
		}
	}
	return exitCode(cmd, err, stderr)
}

func exitCode(cmd *command, err error, stderr io.Writer) int {
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "gloss %s: %v\nusage: gloss %s\n", cmd.name, err, cmd.usage)
		return 2
	default:
		fmt.Fprintf(stderr, "gloss %s: %v\n", cmd.name, err)
		return 1
	}
}

// lookup finds the subcommand rest names (help for none).
func lookup(rest []string) *command {
	name := "help"
	if len(rest) > 0 {
		name = rest[0]
	}
	switch name {
	case "--version", "-v":
		name = "version"
	case "-h", "--help":
		name = "help"
	}
	for i := range commands {
		if commands[i].name == name {
			return &commands[i]
		}
	}
	return nil
}

// OpenLibrary opens the database and imports the seed articles the first time. Shared by window and CLI.
func OpenLibrary(path string) (*store.Store, error) {
	return ingest.OpenLibrary(path, store.Options{Known: store.DefaultKnown()})
}

func (e *env) open() (*store.Store, error) {
	if e.store != nil {
		return e.store, nil
	}
	s, err := OpenLibrary(e.dbPath)
	e.store = s
	return s, err
}

// openPlain opens the library without seeding it (check, backup: they look, they do not write).
func (e *env) openPlain() (*store.Store, error) {
	if e.store != nil {
		return e.store, nil
	}
	s, err := anchorstore.Open(e.dbPath, store.Options{Known: store.DefaultKnown()})
	e.store = s
	return s, err
}

// parse parses a subcommand's flags, allowing them between positional arguments too.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

func (e *env) printJSON(v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// listed is the stable JSON shape of `gloss list --json`.
type listed struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Date        string `json:"date"`
	Source      string `json:"source"`
	Format      string `json:"format"`
	Words       int    `json:"words"`
	Annotations int    `json:"annotations"`
	Version     int    `json:"version"`
}

func runList(e *env, args []string) error {
	if rest, err := parse(flag.NewFlagSet("list", flag.ContinueOnError), args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usageError{"unexpected argument " + rest[0]}
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	docs, err := s.Documents()
	if err != nil {
		return err
	}
	out := make([]listed, 0, len(docs))
	for _, d := range docs {
		out = append(out, listed{d.ID, d.Title, d.Date, d.Source, d.Format, d.Words, d.Annotations, d.Version})
	}
	if e.json {
		return e.printJSON(out)
	}
	for _, d := range out {
		date := d.Date
		if date == "" {
			date = "----------"
		}
		fmt.Fprintf(e.stdout, "%s  %s  %6d words  %3d ann.  %s\n", d.ID, date, d.Words, d.Annotations, d.Title)
	}
	return nil
}

type importResult struct {
	File   string `json:"file"`
	ID     string `json:"id,omitempty"`
	Title  string `json:"title,omitempty"`
	Status string `json:"status"` // imported | duplicate | failed
	Reason string `json:"reason,omitempty"`
}

func runImport(e *env, args []string) error {
	if handled, err := importURLs(e, args); handled { // links and --urls FILE: web capture (capture.go)
		return err
	}
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	maxSize := fs.Int64("max-size", ingest.DefaultMaxBytes, "skip files larger than this many bytes")
	newOf := fs.String("new-version-of", "", "import FILE as a new version of document ID")
	password := fs.String("password", "", "the password of password-protected PDFs")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *newOf != "" {
		return importNewVersion(e, "import", *newOf, paths)
	}
	if len(paths) == 0 {
		return usageError{"no files or folders given"}
	}
	if *maxSize <= 0 {
		return usageError{"--max-size must be a positive number of bytes"}
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	engines := ingest.NewEngines()
	defer engines.Close()
	report, err := ingest.ImportPaths(context.Background(), s, e.paths(paths), ingest.ImportOptions{MaxBytes: *maxSize, Password: *password, Engines: engines}, nil)
	if err != nil {
		return err
	}
	if e.json {
		// One entry per file or item, the shape of importResult (ingest.ReportItem has the same fields).
		if report.Items == nil {
			report.Items = []ingest.ReportItem{} // never null
		}
		if err := e.printJSON(report.Items); err != nil {
			return err
		}
	} else {
		for _, it := range report.Items {
			switch it.Status {
			case ingest.StatusImported:
				if it.DocID == "" { // a notice about an annotation that came in (under a new id)
					fmt.Fprintf(e.stderr, "gloss import: %s: %s\n", it.File, it.Reason)
					continue
				}
				fmt.Fprintln(e.stdout, it.DocID)
				if it.Reason != "" { // imported with a warning (a PDF's pages without text, comments not kept)
					fmt.Fprintf(e.stderr, "gloss import: %s: %s\n", it.File, it.Reason)
				}
			case ingest.StatusDuplicate:
				fmt.Fprintf(e.stderr, "gloss import: %s: already in the library as %s (%s)\n", it.File, it.DocID, it.Title)
			default:
				fmt.Fprintf(e.stderr, "gloss import: %s: %s: %s\n", it.File, it.Status, it.Reason)
			}
		}
		if report.TagsCreated+report.AnnotationsCreated+report.AnnotationsUnchanged > 0 {
			fmt.Fprintf(e.stderr, "gloss import: %d tags and %d annotations added%s, %d annotations already there\n",
				report.TagsCreated, report.AnnotationsCreated, underNewIDs(report.AnnotationsNewIDs), report.AnnotationsUnchanged)
		}
	}
	if failed := report.Count(ingest.StatusFailed); failed > 0 {
		return fmt.Errorf("%d of %d files or items failed", failed, len(report.Items))
	}
	return nil
}

func runShow(e *env, args []string) error {
	fs := flag.NewFlagSet("show", flag.ContinueOnError)
	withAnns := fs.Bool("annotations", false, "list the annotations drawn on the current version, in text order")
	ids, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(ids) != 1 {
		return usageError{"give exactly one document id"}
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	doc, err := s.Document(ids[0])
	if err != nil {
		return err
	}
	v, err := s.Version(doc.ID, 0)
	if err != nil {
		return err
	}
	var panel *reading.AnnotationPage
	if *withAnns {
		// The Reader's side panel: what it draws on this version (orphans and older ones are in review).
		p, err := reading.New(s).Annotations(doc.ID, 0, 0)
		if err != nil {
			return err
		}
		panel = &p
	}
	if e.json {
		return e.printJSON(struct {
			store.Document
			Text        string                      `json:"text"`
			Annotations *[]reading.ListedAnnotation `json:"annotations,omitempty"` // only with --annotations
		}{doc, v.Text, panelList(panel)})
	}
	fmt.Fprintf(e.stdout, "%s\n%s · %s · %d words · version %d\n\n%s\n", doc.Title, orDash(doc.Date), doc.Source, doc.Words, doc.Version, v.Text)
	if panel != nil {
		ix := newTagIndex(s)
		fmt.Fprintf(e.stdout, "\n%d annotations\n", panel.Total)
		for _, a := range panel.Annotations {
			tags := make([]string, 0, len(a.Tags))
			for _, id := range a.Tags {
				tags = append(tags, ix.Path(id))
			}
			fmt.Fprintf(e.stdout, "%s  [%d,%d)  %s  %q  %s\n", a.ID, a.Start, a.End, orDash(a.Author), oneLine(a.Exact), strings.Join(tags, ", "))
		}
	}
	return nil
}

func panelList(p *reading.AnnotationPage) *[]reading.ListedAnnotation {
	if p == nil {
		return nil
	}
	return &p.Annotations
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func runCheck(e *env, args []string) error {
	if _, err := parse(flag.NewFlagSet("check", flag.ContinueOnError), args); err != nil {
		return err
	}
	s, err := e.openPlain() // no seeding: check looks, it does not write
	if err != nil {
		return err
	}
	if err := s.Check(); err != nil {
		return err
	}
	if err := checkArchive(s); err != nil { // the web captures' WARC records (capture.go)
		return err
	}
	fmt.Fprintf(e.stdout, "ok: %s\n", e.dbPath)
	return nil
}

func runBackup(e *env, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	out := fs.String("out", "", "backup file to write")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError{"--out FILE is required"}
	}
	*out = e.path(*out)
	s, err := e.openPlain()
	if err != nil {
		return err
	}
	n, err := s.BackupTo(*out) // never the library or one of its folders, nor a device; synced, renamed
	if err != nil {
		return err
	}
	if err := backupArchive(e, s, *out); err != nil { // the web captures beside it (capture.go)
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s (%d bytes)\n", *out, n)
	return nil
}

func runVersion(e *env, _ []string) error {
	if e.json {
		return e.printJSON(map[string]string{"version": version.String(), "go": runtime.Version(), "wails": "v2.16.0", "schema": fmt.Sprint(store.SchemaVersion)})
	}
	fmt.Fprintf(e.stdout, "gloss %s (schema %d, %s, wails v2.16.0)\n", version.String(), store.SchemaVersion, runtime.Version())
	return nil
}

func runHelp(e *env, _ []string) error {
	fmt.Fprintln(e.stdout, "Gloss: close reading of news.\n\nusage: gloss                      open the window\n       gloss [--db PATH] [--json] COMMAND [ARGS]\n\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(e.stdout, "  %-28s %s\n", c.usage, c.summary)
	}
	fmt.Fprintf(e.stdout, "\nThe library is %s unless --db or $GLOSS_DB says otherwise.\n", store.DefaultPath())
	return nil
}
