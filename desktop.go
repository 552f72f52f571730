package main

import (
	"os"
	"path/filepath"
	"strings"
)

// fileArgs splits the command line into files to open in the window (what a desktop launcher passes for
// Exec=gloss %F, or a double-clicked .md/.txt/.qdpx) and the rest. A file argument is an existing
// regular file whose name has a dot or a slash, so it can never be taken for a subcommand name
// ("list", "import"…); --db and its value stay in rest. Paths are made absolute against wd.
func fileArgs(args []string, wd string) (files, rest []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--db" || a == "-db" {
			rest = append(rest, a)
			if i+1 < len(args) {
				rest = append(rest, args[i+1])
				i++
			}
			continue
		}
		if !strings.HasPrefix(a, "-") && strings.ContainsAny(a, "./"+string(filepath.Separator)) {
			p := a
			if !filepath.IsAbs(p) && wd != "" {
				p = filepath.Join(wd, p)
			}
			if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
				files = append(files, p)
				continue
			}
		}
		rest = append(rest, a)
	}
	return files, rest
}
