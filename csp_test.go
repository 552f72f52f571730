package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// The production CSP (frontend/index.html, embedded as built) lets the page load and connect to nothing
// but the app's own files: no remote source, no ws:, no wildcard (the dev build adds its socket in csp_dev.go).
func TestProductionCSPAllowsNothingRemote(t *testing.T) {
	page, err := os.ReadFile("frontend/index.html")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`http-equiv="Content-Security-Policy" content="([^"]*)"`).FindSubmatch(page)
	if m == nil {
		t.Fatal("frontend/index.html has no CSP meta")
	}
	allowed := map[string]bool{"'self'": true, "'none'": true}
	for _, directive := range strings.Split(string(m[1]), ";") {
		fields := strings.Fields(directive)
		if len(fields) == 0 {
			continue
		}
		for _, src := range fields[1:] {
			switch {
			case allowed[src]:
			case fields[0] == "style-src" && src == "'unsafe-inline'":
			case fields[0] == "img-src" && src == "data:":
			default:
				t.Errorf("%s allows %s", fields[0], src)
			}
		}
	}
	if !strings.HasSuffix(string(m[1]), "connect-src 'self'") {
		t.Errorf("csp_dev.go rewrites %q, which the CSP no longer ends with", "connect-src 'self'")
	}
}
