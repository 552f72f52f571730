package anchor

import "testing"

func TestSummarizeDiff(t *testing.T) {
	for _, c := range []struct {
		old, new string
		want     DiffSummary
	}{
		{"The council voted on Tuesday.", "The council voted on Tuesday.", DiffSummary{}},
		{"The council voted on Tuesday.", "The council voted on Monday.", DiffSummary{Inserted: 1, Deleted: 1, Changes: 1}},
		{"The council voted on Tuesday.", "The city council voted late on Tuesday.", DiffSummary{Inserted: 2, Changes: 2}},
		{"The mayor resigned.", "The mayor did not resign.", DiffSummary{Inserted: 3, Deleted: 1, Changes: 1}},
		{"A well-known fact.", "A fact.", DiffSummary{Deleted: 1, Changes: 1}},
		{"Budget approved", "Budget approved!", DiffSummary{Changes: 1}},
	} {
		got := SummarizeDiff(DiffVersions(c.old, c.new))
		if got != c.want {
			t.Errorf("%q → %q: %+v, want %+v (ops %v)", c.old, c.new, got, c.want, DiffVersions(c.old, c.new))
		}
	}
}
