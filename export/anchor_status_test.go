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
		"**Anchor: fuzzy (confidence 0.78)** — the words have changed; as highlighted in version 1: “council approved a budget of 4 million euros”",
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
