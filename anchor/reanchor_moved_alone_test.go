package anchor

import (
	"strings"
	"testing"
)

// TestFromMovedParagraphWithCommonWords: a paragraph moved to the top, out of its neighbours'
// window, whose highlighted word is a name that recurs in the article: the window holds only another
// copy of the name with half its context (the paragraph before ended with it), in text that was
// already there (refused), and the moved paragraph holds the name twice (so the search of added
// text alone cannot choose). By its quote and context alone the passage is in the moved
// paragraph, which is added text, and it is taken there.
func TestFromMovedParagraphWithCommonWords(t *testing.T) {
	paras := []string{
		"Margaret Hamilton wrote the software that took astronauts to the Moon, a story told many times.",
		"And that is when he learned the name of the woman who had done the work before her: Margaret Hamilton.",
		"When Margaret Hamilton arrived at the laboratory in 1959, the machine was new. Hamilton had no training in programming, and neither did anyone else.",
		"The laboratory kept few records of who wrote which program, and names were often left out of papers.",
		"Years later, a researcher went looking for the programmers and found Hamilton in an old acknowledgment.",
		"The papers of the time thanked the programmers in a footnote, if at all, and the footnotes were short.",
	}
	oldText := strings.Join(paras, "\n\n")
	at := func(text, sub string, nth int) int {
		i := -1
		for k := 0; k <= nth; k++ {
			i += 1 + strings.Index(text[i+1:], sub)
		}
		return len([]rune(text[:i]))
	}
	sel := func(sub string, nth int) Selector {
		i := at(oldText, sub, nth)
		return describeRunes([]rune(oldText), i, i+len([]rune(sub)))
	}
	// Highlights: the first paragraph, the name in the paragraph that moves, the paragraph after it.
	sels := []Selector{sel("Margaret Hamilton wrote the software", 0), sel("Hamilton", 2), sel("The laboratory kept few records", 0)}
	moved := []string{paras[2], paras[0], paras[1], paras[3], paras[4], paras[5]}
	newText := strings.Join(moved, "\n\n")
	want := at(newText, "Hamilton arrived", 0)
	r := ReanchorFrom(oldText, newText, sels)[1]
	if r.Status == StatusOrphan || r.Start != want || r.End != want+len("Hamilton") {
		t.Errorf("%s at [%d,%d), want the name in the moved paragraph at %d", r.Status, r.Start, r.End, want)
	}
}
