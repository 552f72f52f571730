package render

import (
	"strings"
	"testing"
)

// A fuzzy anchor's mark carries the class fz (drawn dashed and labelled by the Reader), also where
// it overlaps an exact one; an exact mark alone does not.
func TestFuzzyMarkClass(t *testing.T) {
	d, err := Version("txt", "abcdef", "", 0, []Mark{{ID: "A", Start: 0, End: 4}, {ID: "F", Start: 2, End: 6, Fuzzy: true}})
	if err != nil {
		t.Fatal(err)
	}
	html := d.Blocks[0].HTML
	for _, want := range []string{`<mark data-a="A" class="hl">ab</mark>`, `<mark data-a="A F" class="hl o fz">cd</mark>`, `<mark data-a="F" class="hl fz">ef</mark>`} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in %s", want, html)
		}
	}
}
