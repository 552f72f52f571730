package export_test

import (
	"encoding/csv"
	"strings"
	"testing"

	"gloss/export"
	"gloss/store"
	"gloss/store/storetest"
)

// TestExportMarksFuzzyAndOrphan: after a new version edits one highlighted passage and deletes
// another, the Markdown and CSV exports say so next to each quote (status, confidence, and for an
// orphan the version its quote comes from); an unchanged one is plain.
func TestExportMarksFuzzyAndOrphan(t *testing.T) {
	s := storetest.Open(t)
	keep := "The council met on Monday evening to discuss the harbor plan."
	edit := "City officials approved the long-delayed budget after a heated six-hour debate on Tuesday night."
	gone := "Critics said the proposal would cost far more than the mayor had promised."
	text := "Budget fight\n\n" + keep + "\n\n" + edit + "\n\n" + gone + "\n\nThe next meeting is set for March."
	doc, err := s.AddDocument(store.NewDocument{Title: "Budget", Format: "txt", Text: text})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{keep, edit, gone} {
		at := len([]rune(text[:strings.Index(text, q)]))
		if _, err := s.CreateAnnotation(store.NewAnnotation{DocID: doc.ID, Start: at, End: at + len([]rune(q)), Author: "ann"}); err != nil {
			t.Fatal(err)
		}
	}
	edited := strings.Replace(edit, "approved", "passed", 1)
	newText := "Budget fight\n\n" + keep + "\n\n" + edited + "\n\nThe next meeting is set for March."
	if _, _, err := s.AddVersion(doc.ID, store.NewVersion{Text: newText}); err != nil {
		t.Fatal(err)
	}

	md := exportString(t, s, "md", export.ExportOptions{})
	for _, want := range []string{"**Anchor: fuzzy** (confidence 0.", "**Anchor: orphan**: the passage was not found in the current version; the quote is from version 1."} {
		if strings.Count(md, want) != 1 {
			t.Errorf("Markdown lacks %q once:\n%s", want, md)
		}
	}
	if strings.Count(md, "**Anchor:") != 2 {
		t.Errorf("an unchanged quote is marked too:\n%s", md)
	}

	rows, err := csv.NewReader(strings.NewReader(exportString(t, s, "csv", export.ExportOptions{}))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	got := map[string][2]string{}
	for _, r := range rows[1:] {
		got[r[col["quote"]]] = [2]string{r[col["anchor"]], r[col["confidence"]]}
	}
	if g := got[keep]; g != [2]string{"exact", "1.00"} {
		t.Errorf("unchanged quote: %v", g)
	}
	if g := got[edited]; g[0] != "fuzzy" || g[1] >= "1" || g[1] < "0.70" {
		t.Errorf("edited quote: %v (rows %v)", g, rows)
	}
	if g := got[gone]; g[0] != "orphan" {
		t.Errorf("deleted quote: %v", g)
	}
}
