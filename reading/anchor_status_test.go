package reading

import (
	"strings"
	"testing"
	"unicode/utf8"

	"gloss/store"
	"gloss/store/storetest"
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
