package anchor

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestDiffVersions(t *testing.T) {
	cases := []struct {
		old, new string
		want     []DiffOp
	}{
		{"", "", []DiffOp{}},
		{"same text.", "same text.", []DiffOp{{"equal", "same text."}}},
		{"", "new", []DiffOp{{"insert", "new"}}},
		{"old", "", []DiffOp{{"delete", "old"}}},
		{"He got into a SUV and ran.", "He got into an SUV and ran.",
			[]DiffOp{{"equal", "He got into "}, {"delete", "a"}, {"insert", "an"}, {"equal", " SUV and ran."}}},
		{"One. Two. Three.", "One. Three.", []DiffOp{{"equal", "One. "}, {"delete", "Two. "}, {"equal", "Three."}}},
		{"A b c.", "A x b c y.", []DiffOp{{"equal", "A "}, {"insert", "x "}, {"equal", "b c"}, {"insert", " y"}, {"equal", "."}}},
	}
	for _, c := range cases {
		got := DiffVersions(c.old, c.new)
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("DiffVersions(%q, %q) = %v, want %v", c.old, c.new, got, c.want)
		}
	}
	// Random edits: the ops always spell both texts, and never two equal neighbours.
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("the council said on Tuesday that “the harbour” plan, which costs £4m, would go ahead — après débat")
	gen := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = words[rng.IntN(len(words))]
		}
		return out
	}
	for range 300 {
		a := gen(rng.IntN(60))
		b := append([]string{}, a...)
		for range rng.IntN(8) {
			switch k := rng.IntN(3); {
			case k == 0 && len(b) > 0:
				i := rng.IntN(len(b))
				b = append(b[:i], b[i+1:]...)
			case k == 1:
				i := rng.IntN(len(b) + 1)
				b = append(b[:i], append(gen(1+rng.IntN(3)), b[i:]...)...)
			case len(b) > 0:
				b[rng.IntN(len(b))] = words[rng.IntN(len(words))]
			}
		}
		oldText, newText := strings.Join(a, " "), strings.Join(b, "\n")
		ops := DiffVersions(oldText, newText)
		var o, n strings.Builder
		for i, op := range ops {
			if i > 0 && ops[i-1].Op == op.Op || op.Text == "" {
				t.Fatalf("ops not merged: %v", ops)
			}
			if op.Op != "insert" {
				o.WriteString(op.Text)
			}
			if op.Op != "delete" {
				n.WriteString(op.Text)
			}
		}
		if o.String() != oldText || n.String() != newText {
			t.Fatalf("ops %v do not spell %q → %q", ops, oldText, newText)
		}
	}
	// Far apart texts give up on the middle gracefully.
	x, y := strings.Repeat("alpha beta ", 3000), strings.Repeat("gamma delta ", 3000)
	if ops := DiffVersions(x, y); len(ops) != 3 || ops[0].Op != "delete" || ops[1].Op != "insert" || ops[2] != (DiffOp{"equal", " "}) {
		t.Errorf("unrelated texts: %d ops", len(ops))
	}
}
