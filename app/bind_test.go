package app

import (
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// boundMethods lists Bind()'s methods by type name, as Wails binds them (every exported method of each
// pointer).
func boundMethods(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, v := range NewWindow(nil, nil, io.Discard).Bind() {
		typ := reflect.TypeOf(v)
		for i := range typ.NumMethod() {
			out[typ.Elem().Name()] = append(out[typ.Elem().Name()], typ.Method(i).Name)
		}
	}
	return out
}

var (
	callRe    = regexp.MustCompile(`\bcall(?:<.*?>)?\(\s*'(\w+)'`)
	devCallRe = regexp.MustCompile(`\bdevCall(?:<.*?>)?\(\s*'(\w+)'`)
	// Any other way into the bindings: window.go…, top.go.app, (window as any).go?.app, ['go'].
	rawBindingRe = regexp.MustCompile(`\bgo\??\.app\b|\[['"]go['"]\]|window\.go\b`)
)

// The two files that may reach the bindings: the API module, and the error hook, a classic script that
// runs before any module so that start-up errors are reported too (App.ReportError).
const (
	apiModule = "../frontend/src/lib/api.ts"
	errorHook = "../frontend/public/errorhook.js"
)

var errorHookCallRe = regexp.MustCompile(`\bapp\.([A-Z]\w*)\(`)

// frontendCalls is the sorted, distinct names re finds in api.ts (and, for call, in the error hook).
func frontendCalls(t *testing.T, re *regexp.Regexp) []string {
	t.Helper()
	read := func(path string) string {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(src)
	}
	var names []string
	for _, m := range re.FindAllStringSubmatch(read(apiModule), -1) {
		names = append(names, m[1])
	}
	if re == callRe {
		for _, m := range errorHookCallRe.FindAllStringSubmatch(read(errorHook), -1) {
			names = append(names, m[1])
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

func missing(want, have []string) []string {
	var out []string
	for _, w := range want {
		if !slices.Contains(have, w) {
			out = append(out, w)
		}
	}
	return out
}

// TestBindListMatchesFrontend: the window binds exactly what the page calls, so nothing is reachable from
// a script in the page that the page itself does not need (DEVELOPERS.md, "Bound methods").
func TestBindListMatchesFrontend(t *testing.T) {
	bound := boundMethods(t)
	calls := frontendCalls(t, callRe)
	if len(calls) < 40 {
		t.Fatalf("found only %d calls in api.ts: has the call() helper changed? %v", len(calls), calls)
	}
	if extra := missing(bound["App"], calls); len(extra) > 0 {
		t.Errorf("bound on App but never called by the page (unexport it, move it to Window or to DevApp): %v", extra)
	}
	if unbound := missing(calls, bound["App"]); len(unbound) > 0 {
		t.Errorf("called by the page (api.ts call) but not bound on App: %v", unbound)
	}
	for _, name := range frontendCalls(t, devCallRe) {
		if slices.Contains(bound["App"], name) {
			t.Errorf("%s is a dev-build seam in api.ts but bound on App in production", name)
		}
	}
	if !isDevBuild {
		if len(bound) != 1 {
			t.Errorf("the production bind list has %d types, want App alone: %v", len(bound), bound)
		}
		for _, seam := range []string{"ExportTo", "ImportPaths", "MergeFile", "BackupTo", "Painted", "BenchPlan", "ViewportTop"} {
			if slices.Contains(bound["App"], seam) {
				t.Errorf("test seam %s is bound in the production window", seam)
			}
		}
	}
}

// TestNoBindingCallsOutsideAPI: api.ts (and the error hook) are the only files that reach the bindings,
// so the check above sees every call.
func TestNoBindingCallsOutsideAPI(t *testing.T) {
	checked := 0
	walk := func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || path == apiModule || path == errorHook {
			return err
		}
		if ext := filepath.Ext(path); ext != ".ts" && ext != ".svelte" && ext != ".js" && ext != ".html" {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		checked++
		for i, line := range strings.Split(string(src), "\n") {
			if rawBindingRe.MatchString(line) {
				t.Errorf("%s:%d reaches the Go bindings directly (go through lib/api.ts): %s", path, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	}
	for _, root := range []string{"../frontend/src", "../frontend/public", "../frontend/index.html"} {
		if err := filepath.WalkDir(root, walk); err != nil {
			t.Fatal(err)
		}
	}
	if checked < 20 {
		t.Fatalf("checked only %d frontend files", checked)
	}
}
