package main

import (
	"os/exec"
	"strings"
	"testing"
)

// flowRank is DEVELOPERS.md's layout, "the layout is the data flow", as ranks: a package of gloss may
// import only packages of a lower rank, or of its own folder (ingest/capture → ingest). Folders of one
// rank are side by side and never import each other: ingest, export and teams each take from the store
// (and archive, anchor, render, search) below them, none from another. A folder not listed here fails the
// test, so a new one is placed in the flow when it is made.
var flowRank = map[string]int{
	"version": 0, "corpus": 0, "remote": 0,
	"store":  1,
	"anchor": 2, "render": 2,
	"search":    3, // quote tracking over the store uses anchor's selectors
	"archive":   3, // the archive folder's WARC files: written by capture (ingest), copied by export
	"storetest": 3, // the tests' checked temp library, with anchor/anchorstore's re-anchoring; only tests import it
	"ingest":    4, "export": 4, "teams": 4,
	"reading": 5,
	"app":     6, "cli": 6,
	"gloss":   7, // main: the window or the CLI
	"scripts": 7, // generators and tools run by the scripts, never in the binary
}

// knownBackEdges are the arrows against the flow that are still there, each a documented deviation.
// There is none: the last, store -> anchor (AddVersion's re-anchoring), went when the store took its
// re-anchoring as store.Options.Reanchor from anchor/anchorstore (#15). One that goes away must leave
// this list, and a new one fails.
var knownBackEdges = map[string]bool{}

func TestPackageGraphFollowsTheFlow(t *testing.T) {
	out, err := exec.Command("go", "list", "-tags", "webkit2_41", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	folder := func(pkg string) string {
		rest, _ := strings.CutPrefix(pkg, "gloss/")
		first, _, _ := strings.Cut(rest, "/")
		return first
	}
	rank := func(pkg string) int {
		r, ok := flowRank[folder(pkg)]
		if !ok {
			t.Errorf("%s: its folder %q has no place in the flow (add it to flowRank and DEVELOPERS.md)", pkg, folder(pkg))
		}
		return r
	}
	seen := map[string]bool{}
	for line := range strings.SplitSeq(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		from := fields[0]
		for _, to := range fields[1:] {
			if to != "gloss" && !strings.HasPrefix(to, "gloss/") || folder(to) == folder(from) {
				continue
			}
			edge := from + " -> " + to
			if rank(to) < rank(from) {
				continue
			}
			if knownBackEdges[edge] {
				seen[edge] = true
				continue
			}
			t.Errorf("%s imports against the data flow (%s is rank %d, %s rank %d): move the shared rule down to a package both can import", edge, folder(from), rank(from), folder(to), rank(to))
		}
	}
	for edge := range knownBackEdges {
		if !seen[edge] {
			t.Errorf("%s is gone: take it off knownBackEdges", edge)
		}
	}
}
