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

func TestJoinChanges(t *testing.T) {
	spell := func(ops []DiffOp) (old, cur string) {
		for _, op := range ops {
			if op.Op != "insert" {
				old += op.Text
			}
			if op.Op != "delete" {
				cur += op.Text
			}
		}
		return
	}
	for _, c := range []struct{ old, new, want string }{
		{"According to the Pentagon, the base", "According to the Defense Department, the base", "According to the [-Pentagon-]{+Defense Department+}, the base"},
		{"The Pentagon rejected it.", "The Defense Department rejected it.", "The [-Pentagon-]{+Defense Department+} rejected it."},
		{"one two three four", "one 2 3 four", "one [-two three-]{+2 3+} four"},
		{"a b c", "a b c", "a b c"},
		{"Budget approved", "Budget approved!", "Budget approved{+!+}"},
		{"", "New text.", "{+New text.+}"},
	} {
		ops := JoinChanges(DiffVersions(c.old, c.new))
		got := ""
		for _, op := range ops {
			switch op.Op {
			case "insert":
				got += "{+" + op.Text + "+}"
			case "delete":
				got += "[-" + op.Text + "-]"
			default:
				got += op.Text
			}
		}
		if got != c.want {
			t.Errorf("%q → %q:\n got %s\nwant %s", c.old, c.new, got, c.want)
		}
		if o, n := spell(ops); o != c.old || n != c.new {
			t.Errorf("%q → %q: the joined diff spells %q → %q", c.old, c.new, o, n)
		}
	}
	if s := SummarizeDiff(JoinChanges(DiffVersions("the Pentagon said and the Pentagon wrote", "the Defense Department said and the Defense Department wrote"))); s != (DiffSummary{Inserted: 4, Deleted: 2, Changes: 2}) {
		t.Errorf("summary of joined changes: %+v", s)
	}
}
