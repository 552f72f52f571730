package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"gloss/ingest/merge"
	"gloss/store"
	"gloss/teams"
)

// export --author and --exclude-author, alone and together.
func TestExportExcludeAuthor(t *testing.T) {
	db, docID := annotatedDB(t) // two annotations by the library's default author
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	me := s.Author()
	s.Close()
	setAuthor(t, db, "Second Coder")
	if code, _, errOut := run(t, db, "annotate", "--doc", docID, "--quote", "Secure Communities program", "--tag", "Claims"); code != 0 {
		t.Fatal(errOut)
	}
	out := filepath.Join(t.TempDir(), "out.csv")
	count := func(args ...string) int {
		t.Helper()
		code, stdout, errOut := run(t, db, append([]string{"export", "--json", "--format", "csv", "--force", "--out", out}, args...)...)
		if code != 0 {
			t.Fatalf("export %v: %d %s", args, code, errOut)
		}
		var res exportResult
		if err := json.Unmarshal([]byte(stdout), &res); err != nil {
			t.Fatal(err)
		}
		return res.Annotations
	}
	for _, c := range []struct {
		args []string
		want int
	}{
		{nil, 3},
		{[]string{"--exclude-author", "Second Coder"}, 2},
		{[]string{"--exclude-author", me}, 1},
		{[]string{"--exclude-author", me, "--exclude-author", "Second Coder"}, 0},
		{[]string{"--author", "Second Coder"}, 1},
	} {
		if got := count(c.args...); got != c.want {
			t.Errorf("%v: %d annotations, want %d", c.args, got, c.want)
		}
	}
	if code, _, errOut := run(t, db, "export", "--format", "csv", "--out", out, "--author", me, "--exclude-author", me); code != 2 || !strings.Contains(errOut, "both --author and --exclude-author") {
		t.Errorf("contradiction: %d %s", code, errOut)
	}
}

// A merged annotation deleted here stays out when the file is merged again, and the merge says so.
func TestMergeLeavesOutDeleted(t *testing.T) {
	file, dbB := twoCoders(t)
	if code, _, errOut := run(t, dbB, "merge", file); code != 0 {
		t.Fatal(errOut)
	}
	s, err := store.Open(dbB)
	if err != nil {
		t.Fatal(err)
	}
	anns, _ := s.Annotations(store.AnnotationFilter{})
	if len(anns) != 2 {
		t.Fatalf("%d annotations merged", len(anns))
	}
	if err := s.DeleteAnnotation(anns[0].ID); err != nil {
		t.Fatal(err)
	}
	s.Close()
	code, stdout, errOut := run(t, dbB, "merge", file)
	if code != 0 || !strings.Contains(stdout, "0 annotations added, 1 already there") || !strings.Contains(stdout, "left out 1 annotation merged before and deleted here since") {
		t.Errorf("merge again: %d %s %s", code, stdout, errOut)
	}
	code, stdout, _ = run(t, dbB, "merge", "--json", "--dry-run", file)
	var r merge.MergeReport
	if err := json.Unmarshal([]byte(stdout), &r); code != 0 || err != nil || r.AnnotationsDeletedHere != 1 || r.AnnotationsCreated != 0 {
		t.Errorf("--json: %d %v %s", code, err, stdout)
	}
}

// A disagreement kept as both in the window is counted apart, and listed with --include-resolved.
func TestAgreementKeptAsBoth(t *testing.T) {
	file, dbB := twoCoders(t)
	docs := listJSON(t, dbB)
	if code, _, errOut := run(t, dbB, "annotate", "--doc", docs[len(docs)-1].ID, "--quote", "Secure Communities program", "--tag", "Claims"); code != 0 {
		t.Fatal(errOut)
	}
	if code, _, errOut := run(t, dbB, "merge", file); code != 0 {
		t.Fatal(errOut)
	}
	s, err := store.Open(dbB)
	if err != nil {
		t.Fatal(err)
	}
	r, err := teams.Compute(s, teams.Filter{})
	if err != nil || len(r.Disagreements) < 2 {
		t.Fatalf("%v %+v", err, r.Disagreements)
	}
	open := len(r.Disagreements)
	if _, err := teams.KeepBoth(s, r.Disagreements[0]); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if code, stdout, _ := run(t, dbB, "agreement"); code != 0 || !strings.Contains(stdout, fmt.Sprintf("%d disagreements open, 1 kept as both", open-1)) {
		t.Errorf("text: %s", stdout)
	}
	for _, c := range []struct {
		args []string
		want int
	}{{nil, open - 1}, {[]string{"--include-resolved"}, open}} {
		code, stdout, _ := run(t, dbB, append([]string{"agreement", "--json"}, c.args...)...)
		var rep teams.Report
		if err := json.Unmarshal([]byte(stdout), &rep); code != 0 || err != nil || len(rep.Disagreements) != c.want || rep.Resolved != 1 {
			t.Errorf("%v: %d disagreements, %d resolved, want %d", c.args, len(rep.Disagreements), rep.Resolved, c.want)
		}
	}
}
