package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"gloss/search"
)

func TestSearchCommand(t *testing.T) {
	db := newDB(t)
	code, out, errOut := run(t, db, "search", "--json", `"pimple on the face"`)
	if code != 0 {
		t.Fatalf("search: %d %s", code, errOut)
	}
	var res search.Results
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("search --json: %v\n%s", err, out)
	}
	if res.Total != 2 || len(res.Docs) != 2 || res.CatchingUp {
		t.Fatalf("want the two seeds quoting it, got %+v", res)
	}
	// Offsets are code points of the text `show` prints.
	for _, d := range res.Docs {
		_, shown, _ := run(t, db, "show", "--json", d.DocID)
		var doc struct{ Text string }
		json.Unmarshal([]byte(shown), &doc)
		for _, h := range d.Hits {
			if h.In == "body" && string([]rune(doc.Text)[h.Start:h.End]) != "pimple on the face" {
				t.Errorf("hit [%d,%d) in %s", h.Start, h.End, d.DocID)
			}
		}
	}
	// An exclusion is a query word, not an unknown flag; the annotation made since is caught up with.
	id := res.Docs[0].DocID
	if code, _, errOut := run(t, db, "annotate", "--doc", id, "--quote", "pimple on the face", "--tag", "Quotes"); code != 0 {
		t.Fatalf("annotate: %s", errOut)
	}
	// Both seeds that quote it go on with "trivialize", so excluding it leaves nothing.
	code, out, errOut = run(t, db, "search", "pimple", "-trivialize", "--tag", "Quotes", "--limit", "5")
	if code != 0 || strings.Contains(out, id) {
		t.Fatalf("search with exclusion: %d %s %s", code, out, errOut)
	}
	code, out, _ = run(t, db, "search", "pimple", "--tag=Quotes")
	if code != 0 || !strings.Contains(out, id) || utf8.RuneCountInString(out) == 0 {
		t.Fatalf("tag filter: %d %s", code, out)
	}
	if code, _, _ := run(t, db, "search", "--from", "yesterday", "x"); code == 0 {
		t.Error("a bad date must fail")
	}
	if code, _, _ := run(t, db, "search"); code != 2 {
		t.Error("no query is a usage error")
	}
	if code, out, errOut := run(t, db, "reindex"); code != 0 || !strings.Contains(out, "indexed 5") {
		t.Fatalf("reindex: %d %s %s", code, out, errOut)
	}
}
