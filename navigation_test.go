package main

import "testing"

func TestAllowNavigation(t *testing.T) {
	for _, c := range []struct {
		home, target string
		allow        bool
	}{
		{"wails://wails/", "wails://wails/", true},
		{"wails://wails/", "wails://wails/#/reader", true},
		{"wails://wails/", "WAILS://WAILS/index.html", true},
		{"http://wails.localhost:34115/", "http://wails.localhost:34115/?x", true},
		{"", "wails://wails/", true},
		{"wails://wails/", "https://example.org/", false},
		{"wails://wails/", "http://wails/", false},
		{"wails://wails/", "about:blank", false},
		{"wails://wails/", "about:srcdoc", true}, // the captured page's sandboxed frame
		{"wails://wails/", "about:srcdoc#x", false},
		{"wails://wails/", "about:srcdoc?x", false},
		{"wails://wails/", "javascript:alert(1)", false},
		{"wails://wails/", "data:text/html,x", false},
		{"wails://wails/", "file:///etc/passwd", false},
		{"wails://wails/", "wails://evil/", false},
		{"wails://wails/", "wails://x@wails/", false},
		{"http://wails.localhost:34115/", "http://wails.localhost:34116/", false},
		{"wails://wails/", "%zz", false},
	} {
		if got := allowNavigation(c.home, c.target); got != c.allow {
			t.Errorf("allowNavigation(%q, %q) = %v, want %v", c.home, c.target, got, c.allow)
		}
	}
}
