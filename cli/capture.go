package cli

// Web capture from the command line: `gloss import URL...`, `gloss import --urls FILE`, `gloss refresh`.

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"gloss/archive"
	"gloss/ingest"
	"gloss/ingest/capture"
	"gloss/reading"
	"gloss/store"
)

func init() {
	register(command{"refresh", "refresh [--json] [ID...]",
		"re-fetch captured web pages (all of them without IDs): unchanged, changed (new version N), gone (404/410) or error per document; exit 1 if one failed",
		runRefresh})
}

// isURLArg tells a link from a file name.
func isURLArg(a string) bool {
	l := strings.ToLower(strings.TrimSpace(a))
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// importURLs runs `gloss import` when its arguments are links or --urls FILE; handled is false for files
// (runImport goes on).
func importURLs(e *env, args []string) (handled bool, err error) {
	for _, a := range args {
		if isURLArg(a) || a == "--urls" || a == "-urls" || strings.HasPrefix(a, "--urls=") || strings.HasPrefix(a, "-urls=") {
			handled = true
		}
	}
	if !handled {
		return false, nil
	}
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	listFile := fs.String("urls", "", "a text file of links, one a line")
	maxSize := fs.Int64("max-size", ingest.DefaultMaxBytes, "refuse pages larger than this many bytes")
	rest, err := parse(fs, args)
	if err != nil {
		return true, err
	}
	var urls []string
	for _, a := range rest {
		if !isURLArg(a) {
			return true, usageError{fmt.Sprintf("%q is not a link: import files and links in separate commands", a)}
		}
		urls = append(urls, strings.TrimSpace(a))
	}
	if *listFile != "" {
		listed, err := readURLList(e.path(*listFile))
		if err != nil {
			return true, err
		}
		urls = append(urls, listed...)
	}
	if len(urls) == 0 {
		return true, usageError{"no links given"}
	}
	if *maxSize <= 0 {
		return true, usageError{"--max-size must be a positive number of bytes"}
	}
	s, err := e.open()
	if err != nil {
		return true, err
	}
	opt := capture.Standard()
	opt.MaxBytes = *maxSize
	c := capture.New(s, opt)
	defer c.Close()
	results, err := c.ImportURLs(context.Background(), urls, nil)
	if err != nil {
		return true, err
	}
	return true, printCaptured(e, results, func(r capture.URLResult) string { return r.Status }, func(r capture.URLResult) {
		switch r.Status {
		case capture.StatusImported:
			fmt.Fprintln(e.stdout, r.DocID)
		case capture.StatusError:
			fmt.Fprintf(e.stderr, "gloss import: %s\n", r.Error)
		default:
			fmt.Fprintf(e.stderr, "gloss import: %s: %s as %s\n", r.URL, r.Message(), r.DocID)
		}
	}, "links failed")
}

// printCaptured prints the results of a capture job (`import URL…`, `refresh`): as JSON, or each one
// through line; then it fails with "N of M <failed>" when any of them is an error (the exit status 1).
func printCaptured[R any](e *env, results []R, status func(R) string, line func(R), failed string) error {
	n := 0
	for _, r := range results {
		if status(r) == capture.StatusError {
			n++
		}
	}
	if e.json {
		if err := e.printJSON(results); err != nil {
			return err
		}
	} else {
		for _, r := range results {
			line(r)
		}
	}
	if n > 0 {
		return fmt.Errorf("%d of %d %s", n, len(results), failed)
	}
	return nil
}

// readURLList reads a text file of links: one a line; blank lines and lines starting with # are passed
// over; anything else that is not a link is an error naming the line.
func readURLList(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(io.LimitReader(f, ingest.DefaultMaxBytes))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\uFEFF"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if !isURLArg(line) {
			return nil, fmt.Errorf("%s, line %d: %q is not a link (http:// or https://)", path, n, reading.Shorten(line, 80))
		}
		out = append(out, line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

func runRefresh(e *env, args []string) error {
	ids, err := parse(flag.NewFlagSet("refresh", flag.ContinueOnError), args)
	if err != nil {
		return err
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	c := capture.New(s, capture.Standard())
	defer c.Close()
	results, err := c.Refresh(context.Background(), ids, nil)
	if err != nil {
		return err
	}
	if len(results) == 0 && !e.json {
		fmt.Fprintln(e.stderr, "gloss refresh: no document in the library was captured from the web")
	}
	return printCaptured(e, results, func(r capture.RefreshResult) string { return r.Status }, func(r capture.RefreshResult) {
		switch r.Status {
		case capture.StatusChanged:
			fmt.Fprintf(e.stdout, "%s  changed (new version %d)  %s\n", r.DocID, r.Version, r.Title)
		case capture.StatusError:
			fmt.Fprintf(e.stdout, "%s  error: %s\n", r.DocID, r.Error)
		case capture.StatusGone:
			fmt.Fprintf(e.stdout, "%s  gone (%s; the last capture is kept)  %s\n", r.DocID, goneWhy(r.Error), r.Title)
		default:
			fmt.Fprintf(e.stdout, "%s  %s  %s\n", r.DocID, r.Status, r.Title)
		}
	}, "documents could not be checked")
}

// goneWhy is the HTTP status part of a gone page's error ("HTTP 404 Not Found").
func goneWhy(msg string) string {
	if i := strings.Index(msg, "HTTP "); i >= 0 {
		rest := msg[i:]
		if j := strings.Index(rest, ":"); j > 0 {
			return rest[:j]
		}
		return rest
	}
	return "removed"
}

// checkArchive verifies every WARC record of the library's archive (digests match the bodies) and that
// each version's capture is there; `gloss check` fails on a problem, naming each.
func checkArchive(s *store.Store) error {
	problems, err := archive.Of(s.Path()).Verify(s)
	if err != nil {
		return fmt.Errorf("the archive: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("the archive (%s) has %d problem(s):\n  %s", archive.Of(s.Path()).Dir, len(problems), strings.Join(problems, "\n  "))
	}
	return nil
}

// backupArchive copies the library's web captures beside the backup file (<FILE>.archive).
func backupArchive(e *env, s *store.Store, out string) error {
	n, err := archive.Backup(s.Path(), out)
	if err != nil {
		return err
	}
	if n > 0 && !e.json {
		fmt.Fprintf(e.stderr, "gloss backup: %d web capture file(s) copied to %s\n", n, archive.Of(out).Dir)
	}
	return nil
}

// restoreArchive brings back the backup's web captures that the library's archive lacks.
func restoreArchive(backup, db string) error {
	_, err := archive.Restore(backup, db)
	return err
}
