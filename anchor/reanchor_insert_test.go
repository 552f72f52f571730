package anchor

import (
	"strings"
	"testing"
)

// A sentence inserted right before a passage, beginning with the passage's own first word, while a
// word of the passage is fixed (kind 2): the insertion is one run of new text before the passage
// (slide: between places equally good, the one beside other new text, and the text's start is
// such a place), so the passage keeps its first word and stays fuzzy, not an orphan.
func TestFromSentenceInsertedBeforeWithItsFirstWord(t *testing.T) {
	for _, c := range [][3]string{
		{"Officials in North Ward criticized a long-delayed contract earlier this year.\n\nThe mayor left.",
			"Officials did not respond to a request for comment. Officials in North Ward criticized a long-ielayed contract earlier this year.\n\nThe mayor left.",
			"Officials in North Ward criticized a long-delayed contract earlier this year."},
		{"The vote was close. Officials in North Ward criticized a long-delayed contract.",
			"The vote was closer. Officials did not respond. Officials in North Ward criticized a long-ielayed contract.",
			"Officials in North Ward criticized a long-delayed contract."},
	} {
		old, nu, quote := c[0], c[1], c[2]
		i := strings.Index(old, quote)
		r := ReanchorFrom(old, nu, []Selector{describeRunes([]rune(old), i, i+len(quote))})[0]
		want := strings.Replace(quote, "delayed", "ielayed", 1)
		w := strings.Index(nu, want)
		if r.Status != StatusFuzzy || r.Start != w || r.End != w+len(want) {
			t.Errorf("%q: got %s [%d,%d), want fuzzy [%d,%d)", nu, r.Status, r.Start, r.End, w, w+len(want))
		}
	}
}
