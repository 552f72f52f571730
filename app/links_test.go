package app

import (
	"strings"
	"testing"
)

func TestCheckLink(t *testing.T) {
	for _, link := range []string{"https://example.org/a?b=c#d", "http://example.org", "HTTPS://EXAMPLE.ORG/", "mailto:a@example.org"} {
		if _, err := checkLink(link); err != nil {
			t.Errorf("%q refused: %v", link, err)
		}
	}
	for _, link := range []string{
		"javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>x</script>", "file:///etc/passwd",
		"wails://wails/", "vbscript:x", "/relative", "#frag", "", "https://", "https:///path", "mailto:",
		"https://bank.example@evil.example/", "java\tscript:x", " https://example.org", "https://exa mple.org",
		"https://example.org/\x00", "https://example.org/" + strings.Repeat("a", maxLinkLength),
	} {
		if u, err := checkLink(link); err == nil {
			t.Errorf("%q accepted as %q", link, u)
		}
	}
}

func TestOpenLinkRefusesBeforeTheWindow(t *testing.T) {
	a := &App{}
	if err := a.OpenLink("javascript:alert(1)"); err == nil || !strings.Contains(err.Error(), "only http, https and mailto") {
		t.Fatalf("got %v", err)
	}
	if err := a.OpenLink("https://example.org/"); err == nil {
		t.Fatal("opened a link without a window")
	}
}
