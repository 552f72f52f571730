package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"gloss/ingest/merge"
	"gloss/store"
	"gloss/teams"
)

func setAuthor(t *testing.T, db, name string) {
	t.Helper()
	if code, _, errOut := run(t, db, "list"); code != 0 { // creates and seeds the library
		t.Fatal(errOut)
	}
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.SetAuthor(name); err != nil {
		t.Fatal(err)
	}
}

// twoCoders sets up a team: coder A's library with two annotations (annotatedDB) exported as JSON-LD to
// file, and coder B's new library, author "Coder B", that has merged nothing yet.
func twoCoders(t *testing.T) (file, dbB string) {
	t.Helper()
	dbA, _ := annotatedDB(t) // "Secure Communities program" (Claims/Verified), "28% of those targeted" (Claims, Économie locale)
	file = filepath.Join(t.TempDir(), "coder-a.jsonld")
	if code, _, errOut := run(t, dbA, "export", "--format", "jsonld", "--out", file); code != 0 {
		t.Fatal(errOut)
	}
	dbB = newDB(t)
	setAuthor(t, dbB, "Coder B")
	return file, dbB
}

// Coder A codes two passages, coder B one of them with another tag and colour; B merges A's export
// (twice: the second adds nothing) and asks how far they agree.
func TestMergeAndAgreement(t *testing.T) {
	out, dbB := twoCoders(t)
	docs := listJSON(t, dbB)
	docID := docs[len(docs)-1].ID // the same seed article, under B's id
	if code, _, errOut := run(t, dbB, "annotate", "--doc", docID, "--quote", "Secure Communities program", "--tag", "Claims/Verified"); code != 0 {
		t.Fatal(errOut)
	}
	if code, _, errOut := run(t, dbB, "agreement", "--json"); code != 0 {
		t.Fatal(errOut)
	} else if code, stdout, _ := run(t, dbB, "agreement", "--json"); code == 0 {
		var r teams.Report
		if err := json.Unmarshal([]byte(stdout), &r); err != nil || r.Overall.Kappa != nil || r.Overall.KappaNote == "" {
			t.Errorf("one coder: %v %+v", err, r.Overall)
		}
	}

	code, stdout, errOut := run(t, dbB, "merge", "--json", "--dry-run", out)
	if code != 0 {
		t.Fatalf("merge --dry-run: %d %s", code, errOut)
	}
	var dry merge.MergeReport
	if err := json.Unmarshal([]byte(stdout), &dry); err != nil || dry.AnnotationsCreated != 2 || !dry.DryRun {
		t.Fatalf("dry run: %v %s", err, stdout)
	}
	for range 2 {
		code, stdout, errOut = run(t, dbB, "merge", "--json", "--map", "Économie locale=", out)
		if code != 0 {
			t.Fatalf("merge: %d %s", code, errOut)
		}
	}
	var again merge.MergeReport
	if err := json.Unmarshal([]byte(stdout), &again); err != nil || again.AnnotationsCreated != 0 || again.AnnotationsUnchanged != 2 || again.TagsCreated != 0 {
		t.Errorf("second merge: %v %s", err, stdout)
	}
	if code, _, errOut := run(t, dbB, "merge", "--map", "Claims=No such tag", out); code != 1 || !strings.Contains(errOut, "No such tag") {
		t.Errorf("unknown --map target: %d %s", code, errOut)
	}
	if code, _, _ := run(t, dbB, "merge"); code != 2 {
		t.Errorf("merge without a file: %d", code)
	}

	// Claims/Verified: both coded "Secure Communities program": perfect. Claims: only A.
	code, stdout, errOut = run(t, dbB, "agreement", "--tag", "Claims/Verified", "--json")
	if code != 0 {
		t.Fatal(errOut)
	}
	var r teams.Report
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Tags) != 1 || r.Tags[0].Kappa == nil || *r.Tags[0].Kappa != 1 || r.Tags[0].Units == 0 || len(r.Disagreements) != 0 {
		t.Errorf("Claims/Verified: %s", stdout)
	}
	code, stdout, errOut = run(t, dbB, "agreement", "--tag", "Claims", "--doc", docID, "--json")
	if code != 0 {
		t.Fatal(errOut)
	}
	r = teams.Report{}
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Disagreements) != 1 || !strings.HasPrefix(r.Disagreements[0].Text, "28% of those targeted") || r.Disagreements[0].Without[0] != "Coder B" {
		t.Errorf("Claims: %s", stdout)
	}
	if code, stdout, _ := run(t, dbB, "agreement"); code != 0 || !strings.Contains(stdout, "tag Claims/Verified") || !strings.Contains(stdout, "2 disagreements") {
		t.Errorf("text output:\n%s", stdout)
	}
}
