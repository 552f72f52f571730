package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/anchor"
	"gloss/ingest"
)

const pimple = "obviously is a huge kind of pimple on the face of this program"

// seedID finds the seed document whose title contains part.
func seedID(t *testing.T, db, part string) string {
	t.Helper()
	for _, d := range listJSON(t, db) {
		if strings.Contains(d.Title, part) {
			return d.ID
		}
	}
	t.Fatalf("no seed titled like %q", part)
	return ""
}

func TestVersionImportReviewAndAnnotationsJSON(t *testing.T) {
	db := newDB(t)
	doc := seedID(t, db, "Kamala Ran S.F. Program")
	if code, _, errOut := run(t, db, "annotate", "--doc", doc, "--quote", pimple, "--occurrence", "2", "--note", "kept"); code != 0 {
		t.Fatalf("annotate: %s", errOut)
	}
	if code, _, errOut := run(t, db, "annotate", "--doc", doc, "--quote", "got into a SUV and ran her down", "--note", "typo"); code != 0 {
		t.Fatalf("annotate: %s", errOut)
	}
	if code, _, errOut := run(t, db, "annotate", "--doc", doc, "--quote", "stole the purse of Amanda Kiefer", "--note", "gone"); code != 0 {
		t.Fatalf("annotate: %s", errOut)
	}

	code, out, _ := run(t, db, "show", "--json", doc)
	if code != 0 {
		t.Fatal(out)
	}
	var shown struct {
		Text string `json:"text"`
	}
	if err := json.Unmarshal([]byte(out), &shown); err != nil {
		t.Fatal(err)
	}
	v2 := strings.Replace(shown.Text, "got into a SUV", "got into an SUV", 1)
	v2 = strings.Replace(v2, "committed another crime and stole the purse of Amanda Kiefer, a resident who had been walking to a restaurant with a friend. ", "committed another crime. ", 1)
	file := filepath.Join(t.TempDir(), "corrected.txt")
	if err := os.WriteFile(file, []byte(v2), 0o600); err != nil {
		t.Fatal(err)
	}

	if code, _, errOut := run(t, db, "version-import", file); code != 2 || !strings.Contains(errOut, "--of") {
		t.Errorf("without --of: %d %s", code, errOut)
	}
	code, out, errOut := run(t, db, "version-import", "--of", doc, file, "--json")
	if code != 0 {
		t.Fatalf("version-import: %d %s", code, errOut)
	}
	var rep ingest.VersionReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if rep.From != 1 || rep.To != 2 || rep.Exact != 1 || rep.Fuzzy != 1 || rep.Orphan != 1 || len(rep.Review) != 2 {
		t.Errorf("report %+v", rep)
	}
	if code, _, errOut := run(t, db, "version-import", "--of", doc, file); code != 1 || !strings.Contains(errOut, "identical") {
		t.Errorf("same file twice: %d %s", code, errOut)
	}

	// annotations --json carries the anchor.
	code, out, _ = run(t, db, "annotations", "--doc", doc, "--json")
	if code != 0 {
		t.Fatal(out)
	}
	var anns []map[string]any
	if err := json.Unmarshal([]byte(out), &anns); err != nil || len(anns) != 3 {
		t.Fatalf("%v %s", err, out)
	}
	statuses := map[string]string{}
	for _, a := range anns {
		an, ok := a["anchor"].(map[string]any)
		if !ok {
			t.Fatalf("no anchor object in %v", a)
		}
		if _, ok := an["confidence"].(float64); !ok {
			t.Errorf("anchor without confidence: %v", an)
		}
		v, _ := an["version"].(float64)
		statuses[a["note"].(string)] = an["status"].(string)
		want := 2.0
		if an["status"] == "orphan" {
			want = 1
		}
		if v != want || a["version"].(float64) != want {
			t.Errorf("%v: anchor version %v, version %v", a["note"], v, a["version"])
		}
	}
	if statuses["kept"] != "exact" || statuses["typo"] != "fuzzy" || statuses["gone"] != "orphan" {
		t.Errorf("statuses %v", statuses)
	}

	// The Reader draws the two placed ones; `show --annotations` lists what it draws (reading.Reader, as
	// the window's side panel), the orphan waits in review.
	code, out, _ = run(t, db, "show", "--json", "--annotations", doc)
	var panel struct {
		Annotations []struct{ ID, Exact, Note string } `json:"annotations"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &panel) != nil || len(panel.Annotations) != 2 {
		t.Fatalf("show --annotations: %s", out)
	}
	for _, a := range panel.Annotations {
		if a.Note == "gone" {
			t.Errorf("the orphan is drawn: %+v", a)
		}
	}
	if code, out, _ := run(t, db, "show", "--annotations", doc); code != 0 || !strings.Contains(out, "\n2 annotations\n") || !strings.Contains(out, "got into an SUV") {
		t.Errorf("show --annotations, text: %s", out)
	}
	if code, out, _ := run(t, db, "show", "--json", doc); code != 0 || strings.Contains(out, `"annotations":`) {
		t.Errorf("show without --annotations lists them: %s", out)
	}

	// Review (with the window's context: the quote as made in its version, where it is now), accept,
	// reattach.
	code, out, _ = run(t, db, "review", "--json")
	var queue []reviewJSON
	if code != 0 || json.Unmarshal([]byte(out), &queue) != nil || len(queue) != 2 {
		t.Fatalf("review: %s", out)
	}
	for _, a := range queue {
		switch a.Anchor.Status {
		case "fuzzy":
			if a.OldVersion != 1 || !strings.Contains(a.Old, "[got into a SUV and ran her down]") || !strings.Contains(a.New, "[got into an SUV") || len(a.Changes) == 0 {
				t.Errorf("fuzzy review context: %+v", a)
			}
		case "orphan":
			if !strings.Contains(a.Old, "[stole the purse of Amanda Kiefer]") || a.New != "" {
				t.Errorf("orphan review context: %+v", a)
			}
		}
	}
	if code, out, _ := run(t, db, "review"); code != 0 || !strings.Contains(out, "before (v1): ") || !strings.Contains(out, "now: ") {
		t.Errorf("review, text: %s", out)
	}
	for _, a := range queue {
		if a.Anchor.Status == "fuzzy" {
			if code, _, errOut := run(t, db, "accept", a.ID); code != 0 {
				t.Errorf("accept: %s", errOut)
			}
		} else {
			if code, _, errOut := run(t, db, "accept", a.ID); code != 1 || !strings.Contains(errOut, "orphan") {
				t.Errorf("accept of an orphan: %d %s", code, errOut)
			}
			code, out, errOut := run(t, db, "reattach", a.ID, "--quote", "committed another crime", "--json")
			var re annotationJSON
			if code != 0 || json.Unmarshal([]byte(out), &re) != nil || re.Anchor.Status != "exact" || re.Version != 2 {
				t.Errorf("reattach: %d %s %s", code, out, errOut)
			}
		}
	}
	if code, out, _ := run(t, db, "review", "--json"); code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("review after: %s", out)
	}

	code, out, _ = run(t, db, "versions", "--doc", doc, "--json")
	var vs []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &vs) != nil || len(vs) != 2 || vs[1]["current"] != true {
		t.Errorf("versions: %s", out)
	}
	code, out, _ = run(t, db, "diff", "--doc", doc)
	if code != 0 || !strings.Contains(out, "[-a-]{+an+}") || !strings.Contains(out, "[- and stole the purse of Amanda Kiefer") {
		t.Errorf("diff: %s", out)
	}
}

func TestQuotesJSON(t *testing.T) {
	db := newDB(t)
	from := seedID(t, db, "Put Criminal Illegal Alien")
	other := seedID(t, db, "Kamala Ran S.F. Program")
	code, out, errOut := run(t, db, "quotes", "--doc", from, "--quote", "The immigration issue, as it relates to the Izaguirre case, "+pimple, "--json")
	if code != 0 {
		t.Fatalf("quotes: %d %s", code, errOut)
	}
	var got []anchor.QuoteMatch
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got) != 2 {
		t.Fatalf("want the dek and the body of the other article, got %+v", got)
	}
	for _, m := range got {
		if m.DocID != other || m.Similarity != 1 || !strings.Contains(m.Title, "Kamala Ran") || m.Date == "" || m.End <= m.Start {
			t.Errorf("match %+v", m)
		}
	}
	if !strings.Contains(out, `"similarity": 1`) || !strings.Contains(out, `"exact": "The immigration issue`) {
		t.Errorf("JSON shape: %s", out)
	}
	if code, _, _ := run(t, db, "quotes", "--doc", from); code != 2 {
		t.Errorf("no --quote: %d", code)
	}
}
