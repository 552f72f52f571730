package anchor

import (
	"strings"
	"testing"
)

// Tests of the rules that keep an annotation off other text (issue 17, "never a wrong quote").

// A figure that changed in the passage's own place, its context intact, is a correction: fuzzy (so
// it goes to Review). The same form of sentence elsewhere with another figure, the passage's own
// sentence deleted, is another fact: orphan, with those words as a suggestion.
func TestChangedFigure(t *testing.T) {
	text := "The council met on Monday. The plan would cost about $230 million over 5 years, the mayor said. Critics said it went too far. " +
		"Residents asked about the schools, and officials answered for an hour. The park would cost about $235 million over 5 years, the mayor said."
	sel := mustDescribeQuote(t, text, "cost about $230 million over 5 years")
	corrected := strings.Replace(text, "$230", "$240", 1)
	if r := Reanchor(corrected, sel); r.Status != StatusFuzzy || string([]rune(corrected)[r.Start:r.End]) != "cost about $240 million over 5 years" {
		t.Errorf("correction in place: %+v", r)
	}
	deleted := strings.Replace(text, "The plan would cost about $230 million over 5 years, the mayor said. ", "", 1)
	r := Reanchor(deleted, sel)
	if r.Status != StatusOrphan {
		t.Fatalf("another sentence's figure anchored: %+v %q", r, string([]rune(deleted)[r.Start:r.End]))
	}
	if got := string([]rune(deleted)[r.Suggestion.Start:r.Suggestion.End]); got != "cost about $235 million over 5 years" {
		t.Errorf("suggestion %q", got)
	}
}

// A deleted sentence whose words and one side of context recur outside the passage's neighbours
// is an orphan (kind 4), while the neighbours stay exact.
func TestDeletedSentenceOutsideNeighboursIsOrphan(t *testing.T) {
	paras := []string{
		"Residents of Eastfield gathered on Monday to discuss the new budget for the schools.",
		"Maria Lopez, a spokesperson for the agency, said in an interview that the figures were preliminary.",
		"The plan was approved by the council after a long debate about the cost of the program.",
		"Officials declined to comment further on the proposal, which will be reviewed next year.",
		"John Smith, a spokesperson for the agency, said in an interview that the figures were final.",
		"The vote is expected next month, according to records obtained by the paper on Friday.",
	}
	old := strings.Join(paras, "\n\n")
	var sels []Selector
	for _, q := range []string{"Residents of Eastfield gathered", "Maria Lopez, a spokesperson for the agency, said in an interview", "approved by the council", "Officials declined to comment", "The vote is expected next month"} {
		sels = append(sels, mustDescribeQuote(t, old, q))
	}
	// The second paragraph is deleted; "a spokesperson for the agency, said in an interview" recurs in the fifth.
	newText := strings.Join(append(append([]string{}, paras[0]), paras[2:]...), "\n\n")
	rs := ReanchorAll(newText, sels)
	if rs[1].Status != StatusOrphan {
		t.Errorf("deleted passage anchored: %+v %q", rs[1], string([]rune(newText)[rs[1].Start:rs[1].End]))
	}
	for _, i := range []int{0, 2, 3, 4} {
		if rs[i].Status == StatusOrphan || string([]rune(newText)[rs[i].Start:rs[i].End]) != sels[i].Exact {
			t.Errorf("neighbour %q: %+v", sels[i].Exact, rs[i])
		}
	}
}

// A passage at the end of a paragraph that moved as a whole moves with it: its prefix came along
// and it shifted as the paragraph's other annotation did, although its suffix (the next paragraph)
// is new.
func TestPassageMovesWithItsParagraph(t *testing.T) {
	paras := []string{
		"The first paragraph sets the scene for the story about the river and the town beside it.",
		"A second paragraph describes the mayor, who has served since 2009, and her plans for the bridge over the river.",
		"The third paragraph quotes a resident who has lived in the town for forty years and remembers the flood.",
		"The fourth paragraph is about the cost of the bridge and who will pay for it in the end.",
		"The last paragraph tells what happens next: a vote in the spring.",
	}
	old := strings.Join(paras, "\n\n")
	sels := []Selector{
		mustDescribeQuote(t, old, "sets the scene"),
		mustDescribeQuote(t, old, "describes the mayor"),
		mustDescribeQuote(t, old, "her plans for the bridge over the river."),
		mustDescribeQuote(t, old, "remembers the flood"),
		mustDescribeQuote(t, old, "a vote in the spring"),
	}
	// The second paragraph moves to just before the last.
	moved := []string{paras[0], paras[2], paras[3], paras[1], paras[4]}
	newText := strings.Join(moved, "\n\n")
	rs := ReanchorAll(newText, sels)
	for i, r := range rs {
		if r.Status == StatusOrphan || string([]rune(newText)[r.Start:r.End]) != sels[i].Exact {
			t.Errorf("%q: %+v", sels[i].Exact, r)
		}
	}
}

// Kind 4 as the issue tried it: a highlighted pull quote is deleted; its words recur in the body
// between the same neighbours, with other text around them. Orphan with a suggestion, never a move.
func TestDeletedPullQuoteBetweenNeighboursIsOrphan(t *testing.T) {
	quote := "we will not accept a budget that closes schools in every ward of the city"
	paras := []string{
		"City Hall braced on Tuesday for a long fight over the spending plan released by the mayor.",
		"PULL: " + quote,
		"The council president spoke to reporters after a closed meeting of the finance committee.",
		"Teachers and parents filled the chamber. Asked about the plan, the union leader was blunt: " + quote + ", she said, to applause.",
		"A vote is scheduled for next month, and the mayor has said she expects to win it.",
	}
	old := strings.Join(paras, "\n\n")
	sels := []Selector{
		mustDescribeQuote(t, old, "braced on Tuesday for a long fight"),
		mustDescribeQuote(t, old, quote), // the first occurrence: the pull quote
		mustDescribeQuote(t, old, "spoke to reporters after a closed meeting"),
		mustDescribeQuote(t, old, "A vote is scheduled for next month"),
	}
	newText := strings.Join([]string{paras[0], paras[2], paras[3], paras[4]}, "\n\n")
	rs := ReanchorAll(newText, sels)
	if rs[1].Status != StatusOrphan {
		t.Fatalf("deleted pull quote anchored: %+v", rs[1])
	}
	if got := string([]rune(newText)[rs[1].Suggestion.Start:rs[1].Suggestion.End]); got != quote {
		t.Errorf("suggestion %q", got)
	}
	for _, i := range []int{0, 2, 3} {
		if rs[i].Status == StatusOrphan {
			t.Errorf("neighbour %q orphaned", sels[i].Exact)
		}
	}
}

// A sentence of the same form with other figures, between the passage's own neighbours, is another
// fact: when the passage's sentence is deleted, the light-rewrite rule must not take it (its words
// survive in order, but "4206" became "6252").
func TestOtherFiguresBetweenNeighbours(t *testing.T) {
	paras := []string{
		"Residents of Eastfield gathered on Monday to discuss the new budget for the schools.",
		"The plan was debated for hours. In the harbor district, 4206 residents signed a petition against the vote, according to records obtained by the paper. " +
			"The plan was debated for hours. In the county, 6252 residents signed a petition against the vote, according to records obtained by the paper.",
		"The vote is expected next month, according to records obtained by the paper on Friday.",
	}
	old := strings.Join(paras, "\n\n")
	quote := "In the harbor district, 4206 residents signed a petition against the vote, according to records obtained by the paper."
	sels := []Selector{
		mustDescribeQuote(t, old, "Residents of Eastfield gathered"),
		mustDescribeQuote(t, old, quote),
		mustDescribeQuote(t, old, "The vote is expected next month"),
	}
	newText := strings.Replace(old, quote+" ", "", 1)
	rs := ReanchorAll(newText, sels)
	if rs[1].Status != StatusOrphan {
		t.Errorf("another sentence's figures anchored: %+v %q", rs[1], string([]rune(newText)[rs[1].Start:rs[1].End]))
	}
	// Corrected in place (its context intact): fuzzy, so that it goes to Review.
	corrected := strings.Replace(old, "4206", "4260", 1)
	if r := ReanchorAll(corrected, sels)[1]; r.Status != StatusFuzzy || string([]rune(corrected)[r.Start:r.End]) != strings.Replace(quote, "4206", "4260", 1) {
		t.Errorf("correction in place: %+v", r)
	}
}

// A figure with a decimal point is one figure: "4 million" corrected to "4.5 million" in place,
// one side of its context intact, is the same sentence (fuzzy).
func TestDecimalFigureCorrectedInPlace(t *testing.T) {
	v1 := "The council approved a budget of 4 million euros on Monday. Critics called the plan reckless. The mayor said the vote was final."
	v2 := "The council approved a budget of 4.5 million euros on Monday. The mayor said the vote was final."
	sel := mustDescribeQuote(t, v1, "council approved a budget of 4 million euros")
	if r := Reanchor(v2, sel); r.Status != StatusFuzzy || string([]rune(v2)[r.Start:r.End]) != "council approved a budget of 4.5 million euros" {
		t.Errorf("got %+v", r)
	}
	if got := string(maskFigures([]rune("cost 1,200 or 4.5, then 7."))); got != "cost # or #, then #." {
		t.Errorf("mask %q", got)
	}
}
