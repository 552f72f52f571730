package export

import (
	"strings"
	"testing"
)

// A note hard-wrapped inside a Chinese sentence reads without a space in the pack; a paragraph break
// and a break between English words stay.
func TestHTMLNoteJoinsUnspacedLines(t *testing.T) {
	got, err := noteToHTML("北京的空气\n污染明显减轻。\n\n第二段\nend of\nline")
	if err != nil {
		t.Fatal(err)
	}
	s := string(got)
	for _, want := range []string{`<span data-o="0">北京的空气污染明显减轻。</span></p>`, "第二段</span>\n<span data-o=\"18\">end of</span>\n"} {
		if !strings.Contains(s, want) {
			t.Errorf("pack note %q lacks %q", s, want)
		}
	}
}
