package anchor

import (
	"strings"
	"testing"
)

// TestFromUniqueQuoteWithNewContext: a standfirst whose headline above was extended and which got a
// sentence appended (both sides of its context changed, desk2's "headline" profile) is followed to
// its own words: the quote occurs once in each text, so the alignment had no other copy to pair it
// with. It was an orphan before.
func TestFromUniqueQuoteWithNewContext(t *testing.T) {
	const standfirst = "In defense of a much-abused word, and why you should stop misusing it before it drives us mad."
	oldText := "On Behalf of Literally\n\n" + standfirst + "\n\nWords need defenders.\n\nYou either abuse the word or know someone who does."
	newText := "On Behalf of Literally – live updates\n\n" + standfirst + " It is a lie so big that nobody ponders it.\n\nWords need defenders.\n\nYou either abuse the word or know someone who does."
	i := len([]rune(oldText[:strings.Index(oldText, standfirst)]))
	sel := describeRunes([]rune(oldText), i, i+len([]rune(standfirst)))
	want := len([]rune(newText[:strings.Index(newText, standfirst)]))
	r := ReanchorFrom(oldText, newText, []Selector{sel})[0]
	if r.Status != StatusExact || r.Start != want || r.End != want+len([]rune(standfirst)) {
		t.Errorf("%s %.2f at [%d,%d), want exact at %d", r.Status, r.Confidence, r.Start, r.End, want)
	}
}

// TestFromShortWordOfADeletedSentence: a one-word highlight whose sentence was deleted and another
// sentence with the same word written in its place is an orphan: the alignment pairs the word of
// the two sentences, but a short quote is not distinctive (under movedMinLen), so a unique copy of
// it proves nothing.
func TestFromShortWordOfADeletedSentence(t *testing.T) {
	oldText := "The council met in the hall.\n\nThe mayor spoke first. Voting was postponed until Thursday because two members were ill. The budget stays as it is.\n\nResidents left early."
	for _, ins := range []string{"Officials said Thursday they would try again.", "Thursday"} {
		newText := strings.Replace(oldText, "Voting was postponed until Thursday because two members were ill.", ins, 1)
		i := len([]rune(oldText[:strings.Index(oldText, "Thursday")]))
		sel := describeRunes([]rune(oldText), i, i+len("Thursday"))
		if r := ReanchorFrom(oldText, newText, []Selector{sel})[0]; r.Status != StatusOrphan {
			t.Errorf("%q: %s %.2f at [%d,%d), want an orphan", ins, r.Status, r.Confidence, r.Start, r.End)
		}
	}
}

// TestFromShortQuoteBesideKeptText: a short highlight at the end of a sentence, with words
// inserted right before it and the next paragraph rewritten (both sides of its context changed),
// stays on its own words: the paragraph break and the word after it are kept beside it, so the
// alignment did not pair it with the same words elsewhere. It was an orphan before.
func TestFromShortQuoteBesideKeptText(t *testing.T) {
	oldText := "The ombudsman will receive a copy.\n\nThat does nothing to solve the problem, critics said on Monday."
	newText := "The ombudsman will, under the new rules agreed on Monday, receive a copy.\n\nThat would prevent access to the metadata of journalists."
	const q = "receive a copy."
	i := len([]rune(oldText[:strings.Index(oldText, q)]))
	sel := describeRunes([]rune(oldText), i, i+len(q))
	want := len([]rune(newText[:strings.Index(newText, q)]))
	if r := ReanchorFrom(oldText, newText, []Selector{sel})[0]; r.Status != StatusExact || r.Start != want {
		t.Errorf("%s %.2f at [%d,%d), want exact at %d", r.Status, r.Confidence, r.Start, r.End, want)
	}
}
