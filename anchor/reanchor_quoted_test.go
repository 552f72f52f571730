package anchor

import (
	"strings"
	"testing"
)

// TestFromCitedInACorrection: a passage deleted from its place whose words come back only inside a
// quotation the new version opened (a correction note citing the old wording, desk2's
// "correction" profile) is an orphan with the citation as a suggestion, never anchored there; kept
// in place it stays there, and a quotation that moves with its marks is followed.
func TestFromCitedInACorrection(t *testing.T) {
	const passage = "The other share were designers, drawing pages on computers, for print."
	const body = "Lack of diverse skills within the newsroom. Writers made up most of the staff. Students with other skills were not sought because journalism was seen as “a career with words.” "
	const tail = "\n\nNot enough talk between the business side and the web team.\n\nFrom our research\n\nTwo years later, we went back and looked at what had changed."
	oldText := body + passage + tail
	sel := describeRunes([]rune(oldText), len([]rune(body)), len([]rune(body+passage)))
	for _, c := range []struct {
		name, newText string
		want          Status
	}{
		{"cited in a correction", body + tail + "\n\nCorrection: An earlier version of this article stated that “" + passage + "”. That claim has been removed.", StatusOrphan},
		{"cited in straight quotes", body + tail + "\n\nCorrection: An earlier version of this article stated that \"" + passage + "\" That claim has been removed.", StatusOrphan},
		{"cited in „…“", body + tail + "\n\nKorrektur: In einer früheren Fassung dieses Artikels hieß es „" + passage + "“. Das wurde entfernt.", StatusOrphan},
		{"kept, and cited in a note", oldText + "\n\nUpdate: the paper said “" + passage + "” in its report.", StatusExact},
	} {
		r := ReanchorFrom(oldText, c.newText, []Selector{sel})[0]
		if c.want == StatusOrphan {
			if r.Status != StatusOrphan {
				t.Errorf("%s: %s %.2f on %q, want an orphan", c.name, r.Status, r.Confidence, string([]rune(c.newText)[r.Start:r.End]))
			} else if got := string([]rune(c.newText)[r.Suggestion.Start:r.Suggestion.End]); got != passage {
				t.Errorf("%s: suggestion %q, want the cited words", c.name, got)
			}
			continue
		}
		if r.Status != c.want || r.Start != sel.Start {
			t.Errorf("%s: %s at [%d,%d), want the passage kept in place", c.name, r.Status, r.Start, r.End)
		}
	}
	// A quotation that moves, marks and all, is still the passage.
	quote := "“We will not raise taxes to pay for a bridge nobody asked for,” the mayor said."
	oldQ := "The council met on Monday.\n\nThe vote was close, and the debate ran late into the night.\n\n" + quote + "\n\nResidents were divided."
	qs := strings.Index(oldQ, "We will")
	qsel := describeRunes([]rune(oldQ), len([]rune(oldQ[:qs])), len([]rune(oldQ[:qs]))+len([]rune("We will not raise taxes to pay for a bridge nobody asked for")))
	newQ := "The council met on Monday.\n\n" + quote + "\n\nThe vote was close, and the debate ran late into the night.\n\nResidents were divided."
	if r := ReanchorFrom(oldQ, newQ, []Selector{qsel})[0]; r.Status == StatusOrphan || string([]rune(newQ)[r.Start:r.End]) != qsel.Exact {
		t.Errorf("moved quotation: %s at [%d,%d)", r.Status, r.Start, r.End)
	}
}

func TestQuotedAt(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"He said “it will ⟦cost", true},
		{"He said “it will,” and ⟦left", false},
		{"Er sagte „es wird“ und ⟦ging", false},
		{"Er sagte „es wird ⟦teuer", true},
		{`He said "it will ⟦cost`, true},
		{`He said "it will" and ⟦left`, false},
		{"“An old quote.”\n\nA new ⟦paragraph", false},
		{"他说「这个⟦项目", true},
	} {
		i := strings.Index(c.text, "⟦")
		rs := []rune(strings.Replace(c.text, "⟦", "", 1))
		if got := quotedAt(rs, len([]rune(c.text[:i]))); got != c.want {
			t.Errorf("quotedAt(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

// TestFromMovedIntoAnOldQuotation: a sentence moved into a paragraph, after the opening mark of a
// quotation that was already there (a multi-sentence quote), is the passage moved: the rule of
// TestFromCitedInACorrection is only for quotations this version opened.
func TestFromMovedIntoAnOldQuotation(t *testing.T) {
	const moved = "The committee will publish its findings in the spring, officials said."
	p1 := "The mayor spoke on Monday. “We have waited long enough. The bridge is unsafe. We will close it next month,” she said."
	p2 := "Engineers inspected the bridge in March. " + moved + " Repairs were estimated at four million."
	p3 := "Residents were divided over the closure, and some drivers said they would protest."
	oldText := p1 + "\n\n" + p2 + "\n\n" + p3
	i := len([]rune(oldText[:strings.Index(oldText, moved)]))
	sel := describeRunes([]rune(oldText), i, i+len([]rune(moved)))
	newText := strings.Replace(p1, "We will close", moved+" We will close", 1) + "\n\n" + strings.Replace(p2, moved+" ", "", 1) + "\n\n" + p3
	r := ReanchorFrom(oldText, newText, []Selector{sel})[0]
	if r.Status == StatusOrphan || string([]rune(newText)[r.Start:r.End]) != moved {
		t.Errorf("%s at [%d,%d), want the moved sentence", r.Status, r.Start, r.End)
	}
}
