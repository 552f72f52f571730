package export_test

import (
	"strings"
	"testing"

	"gloss/export"
)

// Markdown states an anchor that is not exact: status, confidence and the quote as highlighted where
// the words changed; an orphan says it is not in the latest version (issue 17). Exact quotes add nothing.
func TestMarkdownAnchorStatus(t *testing.T) {
	l := newProvenanceLibrary(t)
	out := exportString(t, l.s, "md", export.ExportOptions{})
	for _, want := range []string{
		"**Anchor: fuzzy (confidence 0.96)** — the words have changed; as highlighted in version 1: “council approved a budget of 4 million euros”",
		"**Anchor: orphan** — not found in the latest version; quoted from version 1.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the Markdown lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "**Anchor:"); n != 2 {
		t.Errorf("%d anchor lines, want 2 (exact quotes carry none)", n)
	}
}

// The HTML pack states the anchor plainly beside the quote (its own line, status and confidence), not in
// the small print of the meta line (issue 17).
func TestEvidencePackAnchorStatus(t *testing.T) {
	l := newProvenanceLibrary(t)
	out := exportString(t, l.s, "html", export.ExportOptions{})
	for _, want := range []string{
		"</blockquote>\n<p class=\"anchor\"><strong>Anchor: fuzzy (confidence 0.96)</strong> — matched approximately in a later version</p>",
		"</blockquote>\n<p class=\"anchor\"><strong>Anchor: orphan</strong> — no longer found in the current version (2)</p>",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the pack lacks %q", want)
		}
	}
	if n := strings.Count(out, `<p class="anchor">`); n != 2 {
		t.Errorf("%d anchor lines, want 2 (exact quotes carry none)", n)
	}
	if strings.Contains(out, "· matched approximately") || strings.Contains(out, "· no longer found") {
		t.Error("the status is still in the meta line's small print")
	}
}
