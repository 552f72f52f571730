package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"gloss/remote"
	"gloss/search"
	"gloss/store"
)

// Commands a window does not run for a client: they need the library file (or its search index) to
// themselves. The CLI runs them itself once the window is closed.
var notInWindow = map[string]string{
	"restore": "restore replaces the library file, which this window holds open: close the Gloss window first, then run gloss restore",
}

// needsLibrary: every command but help and version reads or writes the library.
func needsLibrary(name string) bool { return name != "help" && name != "version" }

// runInWindow sends the command to the window that holds the library, if one answers on its socket. ok is
// false when none does (no socket, or a stale one): the caller opens the library itself.
func runInWindow(dbPath string, args []string, stdout, stderr io.Writer) (code int, ok bool) {
	l := store.LayoutOf(dbPath)
	wd, _ := os.Getwd()
	code, err := remote.Call(l.Socket(), remote.Request{Args: args, WD: wd, DB: l.DB}, stdout, stderr)
	if errors.Is(err, remote.ErrNoServer) {
		return 0, false
	}
	if err != nil {
		fmt.Fprintf(stderr, "gloss: %v\n", err)
		return 1, true
	}
	return code, true
}

// Serve runs one command for a client of the window's socket against the window's open store s: the same
// commands as Run, with relative paths resolved against the client's working directory. changed reports
// that the command wrote to the library (the window then refreshes its view).
func Serve(s *store.Store, index *search.Library, req remote.Request, stdout, stderr io.Writer) (code int, changed bool) {
	if s == nil {
		fmt.Fprintln(stderr, "gloss: the window could not open the library (see its start-up screen); close it to use the CLI")
		return 1, false
	}
	own := store.LayoutOf(s.Path()).DB
	if req.DB != own {
		fmt.Fprintf(stderr, "gloss: this window has %s open, not %s\n", own, req.DB)
		return 1, false
	}
	rest, e, err := globalFlags(req.Args)
	if err != nil {
		fmt.Fprintf(stderr, "gloss: %v\n", err)
		return 2, false
	}
	e.dbPath, e.store, e.shared, e.wd, e.index = own, s, true, req.WD, index
	e.stdout, e.stderr = stdout, stderr
	cmd := lookup(rest)
	if cmd == nil {
		fmt.Fprintf(stderr, "gloss: unknown command %q (try `gloss help`)\n", rest[0])
		return 2, false
	}
	if why, refused := notInWindow[cmd.name]; refused {
		fmt.Fprintf(stderr, "gloss %s: %s\n", cmd.name, why)
		return 1, false
	}
	before, _ := s.JournalSeq()
	err = cmd.run(&e, rest[1:])
	after, _ := s.JournalSeq()
	return exitCode(cmd, err, stderr), after != before
}
