package anchor

import (
	"strings"
	"testing"
)

// A passage that spans a paragraph break (or a sentence end), where the text on one side of the
// break was rewritten, deleted or moved away: the new text beside the break is not the passage's.
// These are the v1 set's three false anchors of ReanchorFrom (002…/mixed, synthetic-emoji/
// reorder-paragraphs, synthetic-short/mixed), cut down to what makes them.

type breakCase struct {
	name     string
	old, new string
	quote    string // the passage in old
	want     string // its place in new ("" for orphan)
}

var breakCases = []breakCase{
	{
		// The paragraph after the break was deleted; another paragraph now follows. The passage
		// keeps its first paragraph only.
		name:  "far paragraph replaced",
		old:   "President Trump said during a rally in Pennsylvania on Thursday. “Four months later, the illegal alien robbed a 29-year-old woman, mowed her down with an SUV, and fractured her skull.”\n\nThe case Trump refers to started in 2008 when illegal alien Alexander Izaguirre, then a teenager, was arrested.\n\nSenator from California and Democratic vice presidential nominee Kamala Harris speaks during the third day of the convention.",
		new:   "President Trump said during\r\na rally in Pennsylvania on Thursday. \"Four months\r\nlater, the illegal alien robbed a 29-year-old woman,\r\nmowed her down with an SUV, and fractured her skull.\"\r\n\r\nTOPSHOT - Senator from California and Democratic vice\r\npresidential nominee Kamala Harris speaks during the\r\nthird day of the convention.",
		quote: "alien robbed a 29-year-old woman, mowed her down with an SUV, and fractured her skull.”\n\nThe case Trump refers to",
		want:  "alien robbed a 29-year-old woman,\r\nmowed her down with an SUV, and fractured her skull.\"",
	},
	{
		// Paragraphs reordered: the two halves of the passage are no longer beside each other,
		// and neither half is three quarters of it: an orphan, not the first half and the words
		// of whatever paragraph now follows it.
		name:  "halves moved apart",
		old:   "Family day 👩\u200d👩\u200d👧 at the fair drew a record crowd, organisers said on Sunday.\n\nFlags 🇺🇸 and 🇲🇽 lined the route as the parade passed the café on Main Street.\n\nCritics said the event cost the city too much.\n\nThe mayor's office said the fair would return next year, with more shade and water stations 💧 along the route.\n\nNaïve estimates put attendance at 40,000; police said the real number was closer to 25,000.",
		new:   "Critics said the event cost the city too much.\n\nFlags 🇺🇸 and 🇲🇽 lined the route as the parade passed the café on Main Street.\n\nNaïve estimates put attendance at 40,000; police said the real number was closer to 25,000.\n\nThe mayor's office said the fair would return next year, with more shade and water stations 💧 along the route.\n\nFamily day 👩\u200d👩\u200d👧 at the fair drew a record crowd, organisers said on Sunday.",
		quote: "shade and water stations 💧 along the route.\n\nNaïve estimates",
		want:  "",
	},
	{
		// The sentence the passage began in was replaced by another one: its last word is not
		// the passage's first word.
		name:  "first sentence replaced",
		old:   "Storm closes schools. Classes resume Monday, officials said.",
		new:   "Officials did not respond to a request for comment.\r\nClasses resume Mondty, officials smaid.",
		quote: "schools. Classes resume Monday, officials said.",
		want:  "Classes resume Mondty, officials smaid.",
	},
}

func TestFromPassageAcrossABreak(t *testing.T) {
	for _, c := range breakCases {
		i := strings.Index(c.old, c.quote)
		if i < 0 {
			t.Fatalf("%s: quote not in old", c.name)
		}
		start := len([]rune(c.old[:i]))
		sel, err := Describe(c.old, start, start+len([]rune(c.quote)))
		if err != nil {
			t.Fatal(err)
		}
		r := ReanchorFrom(c.old, c.new, []Selector{sel})[0]
		got := ""
		if r.Status != StatusOrphan {
			got = string([]rune(c.new)[r.Start:r.End])
		}
		if got != c.want {
			t.Errorf("%s: %s %.2f %q, want %q", c.name, r.Status, r.Confidence, got, c.want)
		}
		if c.want != "" && r.Status != StatusFuzzy {
			t.Errorf("%s: status %s, want fuzzy (its words changed)", c.name, r.Status)
		}
	}
}
