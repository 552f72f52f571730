package anchor

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// randomText draws words from a small vocabulary, so passages repeat, with the white space, quote
// marks and multi-code-point characters the folding has to cope with.
func randomText(rng *rand.Rand, words int) string {
	vocab := []string{"the", "a", "program", "Harris", "“quoted”", "it’s", "it's", "👩\u200d👩\u200d👧", "🇺🇸",
		"cafe\u0301", "x", "aa", "\"", "—"}
	seps := []string{" ", " ", " ", "  ", "\n", "\r\n", "\n\n", "\t", ", ", ". "}
	var b strings.Builder
	for i := 0; i < words; i++ {
		b.WriteString(vocab[rng.IntN(len(vocab))])
		b.WriteString(seps[rng.IntN(len(seps))])
	}
	return b.String()
}

// TestReanchorUnchangedIsExact: onto the text it was made from, every selector is exact in place.
func TestReanchorUnchangedIsExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for trial := 0; trial < 300; trial++ {
		text := randomText(rng, rng.IntN(60)+1)
		n := len([]rune(text))
		var sels []Selector
		for k := 0; k < 20; k++ {
			start := rng.IntN(n)
			end := start + 1 + rng.IntN(min(n-start, 50))
			sel, err := Describe(text, start, end)
			if err != nil {
				t.Fatal(err)
			}
			sels = append(sels, sel)
		}
		for i, r := range ReanchorAll(text, sels) {
			if r != (Result{Status: StatusExact, Confidence: 1, Start: sels[i].Start, End: sels[i].End}) {
				t.Fatalf("text %q selector %+v: got %+v", text, sels[i], r)
			}
		}
	}
}

func mustDescribeQuote(t *testing.T, text, quote string) Selector {
	t.Helper()
	s, e, ok := FindQuote(text, quote, 1)
	if !ok {
		t.Fatalf("%q not in text", quote)
	}
	sel, err := Describe(text, s, e)
	if err != nil {
		t.Fatal(err)
	}
	return sel
}

const article = "San Francisco’s district attorney ran a program that helped people arrested for drug crimes get jobs.\n\n" +
	"The “Back on Track” program was run by the office from 2004 to 2011. At the time, she claimed she did not know.\n\n" +
	"She learned of the loophole only after a man in the program attacked a woman in the Mission district.\n\n" +
	"Critics said the program had no way to check who was eligible, and the office changed its rules in 2009."

func TestReanchorScenarios(t *testing.T) {
	tests := []struct {
		name    string
		quote   string
		newText string
		status  Status
		want    string // the new text's passage; "" for an orphan
	}{
		{"unchanged", "learned of the loophole", article, StatusExact, "learned of the loophole"},
		{"sentence inserted before", "learned of the loophole",
			"Breaking: an update.\n\n" + article, StatusExact, "learned of the loophole"},
		{"typo fixed in quote", "learned of the loophole only",
			strings.Replace(article, "loophole only", "loop-hole only", 1), StatusFuzzy, "learned of the loop-hole only"},
		{"reflowed and CRLF", "was run by the office from 2004",
			strings.ReplaceAll(strings.Replace(article, "run by the", "run\nby the", 1), "\n", "\r\n"),
			StatusFuzzy, "was run\r\nby the office from 2004"},
		{"curly quotes straightened", "The “Back on Track” program",
			strings.ReplaceAll(strings.ReplaceAll(article, "“", "\""), "”", "\""), StatusFuzzy, "The \"Back on Track\" program"},
		{"paragraph moved", "Critics said the program had no way to check who was eligible, and the office changed its rules in 2009.",
			"Critics said the program had no way to check who was eligible, and the office changed its rules in 2009.\n\n" +
				strings.Split(article, "\n\n")[0] + "\n\n" + strings.Split(article, "\n\n")[1],
			StatusMoved, "Critics said the program had no way to check who was eligible, and the office changed its rules in 2009."},
		{"passage deleted", "learned of the loophole only after a man",
			strings.Replace(article, "She learned of the loophole only after a man in the program attacked a woman in the Mission district.\n\n", "", 1),
			StatusOrphan, ""},
		{"short quote whose sentence was deleted", "the program",
			strings.Replace(article, "She learned of the loophole only after a man in the program attacked a woman in the Mission district.\n\n", "", 1),
			StatusOrphan, ""},
		{"start of text", "San Francisco’s", "Updated. " + article, StatusExact, "San Francisco’s"},
		{"end of text", "rules in 2009.", article + "\n\nMore to come.", StatusExact, "rules in 2009."},
		{"passage now twice with the same context", "a program that helped",
			"Updated. " + strings.Replace(article, "At the time", "San Francisco’s district attorney ran a program that helped people arrested for drug crimes get jobs. At the time", 1),
			StatusOrphan, ""},
		{"passage now twice, once in its context", "learned of the loophole",
			"Updated. " + strings.Replace(article, "At the time", "She learned of the loophole. At the time", 1),
			StatusExact, "learned of the loophole"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			old := mustDescribeQuote(t, article, tc.quote)
			if tc.name == "short quote whose sentence was deleted" {
				s, _, _ := FindQuote(article, "the program attacked", 1)
				old, _ = Describe(article, s, s+len("the program"))
			}
			got := Reanchor(tc.newText, old)
			if got.Status != tc.status {
				t.Fatalf("status %s (%+v), want %s", got.Status, got, tc.status)
			}
			if tc.want == "" {
				return
			}
			if text := string([]rune(tc.newText)[got.Start:got.End]); text != tc.want {
				t.Fatalf("anchored to %q, want %q (%+v)", text, tc.want, got)
			}
		})
	}
}
