package reading

import (
	"strings"
	"testing"
	"unicode/utf8"

	"gloss/store"
	"gloss/storetest"
)

// Review's BEFORE is the quote as highlighted, in the old version's own text; NOW is the words it
// is anchored to, with the word changes between them (issue 17: BEFORE used to show the new wording).
func TestReviewShowsTheQuoteAsMade(t *testing.T) {
	a := New(storetest.Open(t))
	v1 := "Budget Vote\n\nThe council voted on Tuesday to approve the harbour budget after a long debate.\n\n" +
		"Councillor Jane Smith said the plan was a neccesary investment in the future of our waterfront and thanked the staff.\n\n" +
		"A public meeting about the details is planned for next month at the town hall.\n"
	d, err := a.store.AddDocument(store.NewDocument{Title: "Budget Vote", Format: "txt", Text: v1, SHA256: "sha-1"})
	if err != nil {
		t.Fatal(err)
	}
	quote := "a neccesary investment in the future of our waterfront"
	i := strings.Index(v1, quote)
	start := utf8.RuneCountInString(v1[:i])
	if _, err := a.store.CreateAnnotation(store.NewAnnotation{DocID: d.ID, Start: start, End: start + utf8.RuneCountInString(quote)}); err != nil {
		t.Fatal(err)
	}
	v2 := strings.Replace(v1, "neccesary", "necessary", 1)
	if _, _, err := a.store.AddVersion(d.ID, store.NewVersion{Text: v2, SHA256: "sha-2"}); err != nil {
		t.Fatal(err)
	}
	items, err := a.ReviewQueue()
	if err != nil || len(items) != 1 {
		t.Fatalf("queue %+v, %v", items, err)
	}
	it := items[0]
	if it.OldVersion != 1 || !strings.Contains(it.Old, "["+quote+"]") || !strings.Contains(it.Old, "Councillor Jane Smith said the plan was ") {
		t.Errorf("before: version %d %q", it.OldVersion, it.Old)
	}
	if !strings.Contains(it.New, "[a necessary investment") {
		t.Errorf("now: %q", it.New)
	}
	var del, ins string
	for _, op := range it.Changes {
		switch op.Op {
		case "delete":
			del += op.Text
		case "insert":
			ins += op.Text
		}
	}
	if strings.TrimSpace(del) != "neccesary" || strings.TrimSpace(ins) != "necessary" {
		t.Errorf("changes %+v", it.Changes)
	}
}
