package anchor

import (
	"strings"
	"testing"
)

// Kind 1 of issue 17: a fuzzy match begins and ends on word boundaries, never inside a word
// ("aded guilty" for "pleaded guilty"), with no leading space and none of the previous
// paragraph's words.
func TestKind1BoundariesSnapToWords(t *testing.T) {
	cases := []struct{ name, old, quote, from, to, want string }{
		{"first word replaced", "Prosecutors said the man pleaded guilty to selling cocaine in 2009, the court said.",
			"pleaded guilty to selling cocaine", "pleaded", "conceded", "conceded guilty to selling cocaine"},
		{"first word shortened", "Prosecutors said the man pleaded guilty to selling cocaine in 2009, the court said.",
			"pleaded guilty to selling cocaine", "pleaded guilty", "pled guilty", "pled guilty to selling cocaine"},
		{"short first word inside a longer one", "The council met, but critics said it went too far and asked for a new vote.",
			"it went too far", "said it went", "said audit went", "audit went too far"},
		{"last word replaced", "He said the plan would cost $230 million over five years, officials said.",
			"cost $230 million over five years", "years", "decades", "cost $230 million over five decades"},
		{"no leading space", "He said the plan would cost $230 million over five years, officials said.",
			"cost $230 million over five years", "would cost", "would  total", "total $230 million over five years"},
		{"not the previous paragraph's words", "The vote was held on Monday.\n\nOfficials said the budget would pass in March.",
			"Officials said the budget would pass", "Officials", "Staff", "Staff said the budget would pass"},
		{"a letter of another script glued on", "الحكومة أعلنت يوم الاثنين ميزانية جديدة للمدارس في المدينة بعد التحقيق",
			"ميزانية جديدة للمدارس في المدينة", "ميزانية جديدة", "eميزانية جديدة", "ميزانية جديدة للمدارس في المدينة"},
	}
	for _, c := range cases {
		sel := mustDescribeQuote(t, c.old, c.quote)
		nt := strings.Replace(c.old, c.from, c.to, 1)
		if nt == c.old {
			t.Fatalf("%s: edit did not apply", c.name)
		}
		r := Reanchor(nt, sel)
		if r.Status == StatusOrphan {
			t.Errorf("%s: orphan %+v", c.name, r)
			continue
		}
		// An edited quote is fuzzy (so it goes to Review); the old words found whole need not be.
		if got := string([]rune(nt)[r.Start:r.End]); got != c.want || got != c.quote && r.Status != StatusFuzzy {
			t.Errorf("%s: %s %q, want %q", c.name, r.Status, got, c.want)
		}
	}
}
