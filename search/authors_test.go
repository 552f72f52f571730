package search

import (
	"testing"

	"gloss/store"
)

// Search narrowed to some coders: "has annotations" and the tag filter ask for their annotations, and
// hits in annotation notes and tag names come from theirs only; texts are searched as ever.
func TestSearchByAuthor(t *testing.T) {
	l := newLibrary(t)
	a := l.add("Budget vote", "2024-03-01", "Daily Planet", "The council passed the budget after a long debate.")
	b := l.add("Harbour plan", "2024-05-20", "Gazette", "The harbour plan was debated; the council delayed the vote.")
	l.add("Festival", "2023-12-24", "Daily Planet", "The winter festival opened downtown with music.")
	fiscal, _ := l.s.CreateTag(store.NewTag{Name: "Fiscal"})
	spending, _ := l.s.CreateTag(store.NewTag{Name: "Spending", Parent: fiscal.ID})
	port, _ := l.s.CreateTag(store.NewTag{Name: "Port"})
	for _, na := range []store.NewAnnotation{
		{DocID: a, Start: 4, End: 11, Tags: []string{spending.ID}, Note: "check the deficit figure", Author: "Ann"},
		{DocID: b, Start: 4, End: 11, Tags: []string{port.ID}, Note: "ask about the deficit", Author: "Bo"},
		{DocID: b, Start: 20, End: 30, Tags: []string{fiscal.ID}, Author: "Ann"},
	} {
		if _, err := l.s.CreateAnnotation(na); err != nil {
			t.Fatal(err)
		}
	}
	l.catchUp()

	ann, bo := []string{"Ann"}, []string{"Bo"}
	l.expect(Query{Text: "the", HasAnnotations: true}, "Budget vote", "Harbour plan")
	l.expect(Query{Text: "the", HasAnnotations: true, Authors: bo}, "Harbour plan")
	l.expect(Query{Text: "the", HasAnnotations: true, Authors: []string{"Nobody"}})
	l.expect(Query{HasAnnotations: true, Authors: ann}, "Budget vote", "Harbour plan")
	l.expect(Query{Text: "the", TagID: fiscal.ID}, "Budget vote", "Harbour plan")
	l.expect(Query{Text: "the", TagID: fiscal.ID, Authors: bo})
	l.expect(Query{Text: "the", TagID: port.ID, Authors: bo}, "Harbour plan")
	l.expect(Query{Text: "the", TagID: spending.ID, Authors: ann}, "Budget vote")

	// "deficit" is only in notes: Ann's in Budget vote, Bo's in Harbour plan.
	l.expect(Query{Text: "deficit"}, "Budget vote", "Harbour plan")
	l.expect(Query{Text: "deficit", Authors: ann}, "Budget vote")
	l.expect(Query{Text: "deficit", Authors: bo}, "Harbour plan")
	l.expect(Query{Text: "deficit", InNotes: true, Authors: bo}, "Harbour plan")
	if r := l.search(Query{Text: "deficit", Authors: ann}); r.Total != 1 || r.Docs[0].HitCount != 1 || r.Docs[0].Hits[0].In != "note" {
		t.Errorf("Ann's deficit: %+v", r)
	}
	// Tag names are hits through the annotations that use them.
	l.expect(Query{Text: "port"}, "Harbour plan")
	l.expect(Query{Text: "port", Authors: ann})
	// Texts have no author.
	l.expect(Query{Text: "festival", Authors: ann}, "Festival")
	l.expect(Query{Text: "council", Authors: bo}, "Budget vote", "Harbour plan")
}
