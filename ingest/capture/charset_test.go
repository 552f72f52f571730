package capture

import (
	"strings"
	"testing"
)

// A <meta charset> past the prescan's 1024 bytes still counts, and a page with none that is valid UTF-8
// is read as UTF-8, not windows-1252 (the smoke test's page showed “ as â€œ).
func TestCharsetPastTheFirstKilobyte(t *testing.T) {
	pad := strings.Repeat("<!-- a long preamble of the head -->\n", 60)
	page := "<html><head>" + pad + `<meta charset="utf-8"><title>“Quoted”</title></head><body><p>“Yes”</p></body></html>`
	if out, name := toUTF8([]byte(page), "text/html"); name != "utf-8" || !strings.Contains(string(out), "“Yes”") {
		t.Errorf("meta past 1024 bytes: %s, %q", name, out[len(out)-40:])
	}
	bare := "<html><body>" + pad + "<p>“Yes” — no meta at all</p></body></html>"
	if out, name := toUTF8([]byte(bare), "text/html"); name != "utf-8" || !strings.Contains(string(out), "“Yes”") {
		t.Errorf("valid UTF-8 without a declaration: %s", name)
	}
	latin := []byte("<html><body><p>caf\xe9</p></body></html>") // not UTF-8: still windows-1252
	if out, name := toUTF8(latin, "text/html"); name != "windows-1252" || !strings.Contains(string(out), "café") {
		t.Errorf("windows-1252 without a declaration: %s %q", name, out)
	}
}
