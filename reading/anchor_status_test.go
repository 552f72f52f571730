package reading

import (
	"strings"
	"testing"
	"unicode/utf8"

	"gloss/store"
	"gloss/storetest"
)

// The side panel marks a fuzzy highlight, and Open counts the highlights a new version lost (issue 17):
// one passage edited (fuzzy), one deleted (orphan), one unchanged (exact).
func TestOpenCarriesAnchorStatus(t *testing.T) {
	r := New(storetest.Open(t))
	v1 := "Budget Vote\n\nThe council voted on Tuesday to approve the harbour budget after a long debate.\n\n" +
		"Councillor Jane Smith said the plan was a neccesary investment in the future of our waterfront.\n\n" +
		"The mayor did not attend the meeting, a spokesperson said.\n\n" +
		"A public meeting about the details is planned for next month at the town hall.\n"
	d, err := r.store.AddDocument(store.NewDocument{Title: "Budget Vote", Format: "txt", Text: v1, SHA256: "sha-1"})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, quote := range []string{"approve the harbour budget", "a neccesary investment in the future of our waterfront", "The mayor did not attend the meeting"} {
		i := strings.Index(v1, quote)
		start := utf8.RuneCountInString(v1[:i])
		a, err := r.store.CreateAnnotation(store.NewAnnotation{DocID: d.ID, Start: start, End: start + utf8.RuneCountInString(quote)})
		if err != nil {
			t.Fatal(err)
		}
		ids[quote[:5]] = a.ID
	}
	v2 := strings.Replace(strings.Replace(v1, "neccesary", "necessary", 1), "The mayor did not attend the meeting, a spokesperson said.\n\n", "", 1)
	if _, _, err := r.store.AddVersion(d.ID, store.NewVersion{Text: v2, SHA256: "sha-2"}); err != nil {
		t.Fatal(err)
	}
	rd, err := r.Open(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rd.Orphans != 1 || rd.Kept != 0 {
		t.Errorf("orphans %d, kept %d; want 1, 0", rd.Orphans, rd.Kept)
	}
	status := map[string]string{}
	for _, a := range rd.Annotations {
		status[a.ID] = a.Status
	}
	if len(status) != 2 || status[ids["appro"]] != "" || status[ids["a nec"]] != "fuzzy" {
		t.Errorf("listed statuses %v (ids %v): want the exact one unmarked and the edited one fuzzy", status, ids)
	}
	// Kept as an orphan on purpose: counted apart.
	if err := r.store.KeepOrphan(ids["The m"], true); err != nil {
		t.Fatal(err)
	}
	if rd, err = r.Open(d.ID); err != nil || rd.Orphans != 0 || rd.Kept != 1 {
		t.Errorf("after keeping it: orphans %d, kept %d, %v; want 0, 1", rd.Orphans, rd.Kept, err)
	}
}

// An old version is shown with the annotations as they were on it (issue 17): one made on version 1
// and since moved to version 2 is drawn at the place it was made, with its wording then; one lost by
// version 2 (an orphan, still described on version 1) is drawn too; one made on version 2 is not.
func TestOpenVersionShowsTheAnnotationsAsTheyWere(t *testing.T) {
	r := New(storetest.Open(t))
	v1 := "Budget Vote\n\nThe council voted on Tuesday to approve the harbour budget after a long debate.\n\n" +
		"The mayor did not attend the meeting, a spokesperson said.\n\n" +
		"Councillor Jane Smith called it a neccesary investment.\n"
	d, err := r.store.AddDocument(store.NewDocument{Title: "Budget Vote", Format: "txt", Text: v1, SHA256: "sha-1"})
	if err != nil {
		t.Fatal(err)
	}
	annotate := func(text, quote string) string {
		i := strings.Index(text, quote)
		start := utf8.RuneCountInString(text[:i])
		a, err := r.store.CreateAnnotation(store.NewAnnotation{DocID: d.ID, Start: start, End: start + utf8.RuneCountInString(quote)})
		if err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	moved := annotate(v1, "a neccesary investment")
	lost := annotate(v1, "The mayor did not attend the meeting")
	v2 := "Budget Vote\n\nA new first paragraph was added.\n\nThe council voted on Tuesday to approve the harbour budget after a long debate.\n\n" +
		"Councillor Jane Smith called it a necessary investment.\n"
	if _, _, err := r.store.AddVersion(d.ID, store.NewVersion{Text: v2, SHA256: "sha-2"}); err != nil {
		t.Fatal(err)
	}
	later := annotate(v2, "A new first paragraph")
	rd, err := r.OpenVersion(d.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	var html strings.Builder
	for _, b := range rd.Blocks {
		html.WriteString(b.HTML)
	}
	for _, want := range []string{`data-a="` + moved + `"`, `data-a="` + lost + `"`, ">a neccesary investment</mark>", ">The mayor did not attend the meeting</mark>"} {
		if !strings.Contains(html.String(), want) {
			t.Errorf("version 1 lacks %q:\n%s", want, html.String())
		}
	}
	if strings.Contains(html.String(), later) {
		t.Error("version 1 shows an annotation made on version 2")
	}
	if len(rd.Annotations) != 2 || rd.Annotations[0].ID != lost || rd.Annotations[1].Exact != "a neccesary investment" {
		t.Errorf("listed %+v: want the two, in text order, with the wording on version 1", rd.Annotations)
	}
}
