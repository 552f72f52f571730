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

// A sentence inserted before a passage that begins with the passage's first word, while that
// passage's second word is replaced: the first word's pairing went to the inserted sentence's, so
// the passage spanned the inserted sentence and was lost. After the last break before the
// passage's next paired word stands a token like its first: the passage starts there (laterTwin).
func TestFromEdgeWordReplacedBesideAnInsertedSentence(t *testing.T) {
	old := "The school board chair reviewed the revised audit on Tuesday\n\n" +
		"The school board chair rejected the temporary investigation after a long debate. The vote would cost about $209 million.\n\n" +
		"The school board chair cut the long-delayed proposal in 2019."
	nu := "The school board chair reviewed the revised audit on Tuesday\n\n" +
		"“The audit is controversial, and we will not announce it,” Lena Novak added. The announced board chair rejected the temporary investigation after a long debate. The vote would cost about $209 million.\n\n" +
		"The school board chair cut the long-delayed proposal in 2019."
	quote := "The school board chair rejected the temporary investigation after a long debate."
	i := len([]rune(old[:strings.Index(old, quote)]))
	r := ReanchorFrom(old, nu, []Selector{describeRunes([]rune(old), i, i+len([]rune(quote)))})[0]
	want := "The announced board chair rejected the temporary investigation after a long debate."
	w := len([]rune(nu[:strings.Index(nu, want)]))
	if r.Status != StatusFuzzy || r.Start != w || r.End != w+len([]rune(want)) {
		t.Fatalf("got %s [%d,%d), want fuzzy [%d,%d)", r.Status, r.Start, r.End, w, w+len([]rune(want)))
	}
}

// A paragraph moved to the top, a typo fixed in a passage of it, the sentence after the passage cut:
// neither side of its context came along, but the corrected words, found in added text, are nowhere
// in the old text and the quote occurred once there: the passage, moved and corrected.
func TestFromMovedAndCorrectedWithoutContext(t *testing.T) {
	old := "A spokesperson for the agency expanded the temporary program on Tuesday.\n\n" +
		"Officials in Lakeview reviewed a modest repport on Friday night, but critics said it went too far. Sam Riley, who has questioned the vote since 1992, said the figures were new.\n\n" +
		"The mayor announced a new deal last week."
	nu := "Officials in Lakeview reviewed a modest report on Friday night, but critics said it went too far.\n\n" +
		"A spokesperson for the agency expanded the temporary program on Tuesday.\n\n" +
		"The mayor announced a new deal last week."
	quote := "reviewed a modest repport on Friday night, but critics said it went"
	i := strings.Index(old, quote)
	r := ReanchorFrom(old, nu, []Selector{describeRunes([]rune(old), i, i+len(quote))})[0]
	want := "reviewed a modest report on Friday night, but critics said it went"
	w := strings.Index(nu, want)
	if r.Status == StatusOrphan || r.Start != w || r.End != w+len(want) {
		t.Fatalf("got %s [%d,%d) (suggestion %v), want [%d,%d)", r.Status, r.Start, r.End, r.Suggestion, w, w+len(want))
	}
}
