package merge

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"gloss/store"
	"gloss/teams" // the test computes agreement on what was merged
)

func interopFixture(name string) string {
	return filepath.Join("..", "testdata", "interop", "qdpx", name)
}

// A project another tool wrote, merged into a Gloss library, keeps its coders (Coding@creatingUser
// through Users: names, not GUIDs — it was "unknown (file)"), and agreement between them is computed.
func TestMergeQDPXKeepsCodersForAgreement(t *testing.T) {
	s := newMergeStore(t)
	r, err := Merge(s, interopFixture("qc-demo.qdpx"), MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r.AnnotationsCreated != 158 || len(r.Authors) != 1 || r.Authors[0] != "cp" {
		t.Fatalf("qc demo: %d annotations by %v (problems %v)", r.AnnotationsCreated, r.Authors, r.Problems)
	}
	anns, _ := s.Annotations(store.AnnotationFilter{})
	for _, a := range anns {
		if a.Author != "cp" {
			t.Fatalf("annotation by %q", a.Author)
		}
	}

	s = newMergeStore(t)
	r, err = Merge(s, interopFixture("paths-and-coders.qdpx"), MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r.AnnotationsCreated != 4 || len(r.Authors) != 2 {
		t.Fatalf("two coders: %+v", r)
	}
	report, err := teams.Compute(s, teams.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Coders) != 2 || report.Coders[0] != "ab" || report.Coders[1] != "cp" {
		t.Fatalf("coders = %v", report.Coders)
	}
	if report.Overall.Units == 0 || report.Overall.Kappa == nil || report.Overall.Alpha == nil || report.Overall.Agreement == nil {
		t.Fatalf("agreement = %+v", report.Overall)
	}
	t.Logf("κ %v (%s), α %v (%s), over %d units", fmtPtr(report.Overall.Kappa), report.Overall.KappaNote,
		fmtPtr(report.Overall.Alpha), report.Overall.AlphaNote, report.Overall.Units)
}

// A project QualCoder's own exporter wrote (ingest/testdata/interop/qdpx/qualcoder-export.qdpx: two
// coders, one span coded by both) merged into a library: its coders stay apart and agree as the CLI
// showed when it was made (κ 0.398, α 0.398 over 830 units).
func TestMergeQualCoderExportKeepsCodersForAgreement(t *testing.T) {
	s := newMergeStore(t)
	r, err := Merge(s, interopFixture("qualcoder-export.qdpx"), MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r.AnnotationsCreated != 12 || !slices.Equal(r.Authors, []string{"Ada", "Bo"}) {
		t.Fatalf("%d annotations by %v (problems %v)", r.AnnotationsCreated, r.Authors, r.Problems)
	}
	report, err := teams.Compute(s, teams.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(report.Coders, []string{"Ada", "Bo"}) || report.Overall.Units != 830 ||
		report.Overall.Kappa == nil || fmt.Sprintf("%.3f", *report.Overall.Kappa) != "0.398" ||
		report.Overall.Alpha == nil || fmt.Sprintf("%.3f", *report.Overall.Alpha) != "0.398" {
		t.Fatalf("agreement: coders %v, %+v", report.Coders, report.Overall)
	}
}

// The file's notes come along with a merge.
func TestMergeQDPXBringsNotes(t *testing.T) {
	s := newMergeStore(t)
	r, err := Merge(s, interopFixture("notes-every-kind.qdpx"), MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	notes, _ := s.Notes()
	if r.NotesCreated != 4 || len(notes) != 4 {
		t.Fatalf("notes: report %d, stored %+v (problems %v)", r.NotesCreated, notes, r.Problems)
	}
	again, err := Merge(s, interopFixture("notes-every-kind.qdpx"), MergeOptions{})
	if err != nil || again.NotesCreated != 0 || again.NotesUnchanged != 4 {
		t.Fatalf("second merge: %v %+v", err, again)
	}
}

func fmtPtr(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}
