package anchor

import (
	"strings"
	"testing"
)

// Two passages of the news tuning set (copy-edited Chinese written from a small stock of words:
// typos fixed, sentences in and out, paragraphs swapped) that are still there verbatim, moved: the
// token alignment (every ideograph a token) pairs their characters with other text, so the place
// found for them did not count as added text and they were orphans. Their quotes are distinctive
// and occur once in each text: the passage, moved (uniqueVerbatim). No constructed text reproduced
// that pairing, so the cases are the set's own (tune-019-zh, tune-039-zh, generated from fixed seeds).
func TestFromUniqueVerbatimFoundInPairedText(t *testing.T) {
	want := map[string]string{
		"tune-019-zh": "法院通过去年预算警方报告批评减少市政府警方周一增加资金。",
		"tune-039-zh": "批评新的新的去年预算宣布通过周一居民报告学校学校警方表示。",
	}
	seen := 0
	for _, c := range generateNewsSet(tuneParams).Cases {
		head, ok := want[c.Doc]
		if !ok {
			continue
		}
		for _, a := range c.Anns {
			if !strings.HasPrefix(a.Sel.Exact, head) || a.Deleted || a.Ambiguous {
				continue
			}
			seen++
			r := ReanchorFrom(c.Old, c.New, []Selector{a.Sel})[0]
			if r.Status == StatusOrphan || r.Start != a.Start || r.End != a.End {
				t.Errorf("%s: got %s [%d,%d), want [%d,%d)", c.Doc, r.Status, r.Start, r.End, a.Start, a.End)
			}
		}
	}
	if seen != 2 {
		t.Fatalf("%d of the 2 passages found in the set", seen)
	}
}
