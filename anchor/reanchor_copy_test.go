package anchor

import (
	"strings"
	"testing"
)

// TestFromCopyWhilePartStays: a highlight across a paragraph break whose first half was deleted
// while its second half stays at its place, and whose words are found whole in a pull quote this
// version added (a copy of a passage that held it), is an orphan with the copy as a suggestion:
// a passage that moved would have taken its second half along.
func TestFromCopyWhilePartStays(t *testing.T) {
	const q = "one quick click away.\n\nMore ways to customize"
	oldText := "Firefox is easy to personalize. Open the panel to add or remove any button. Keep your favorite features one quick click away.\n\nMore ways to customize your browser\n\nThemes change the look of the browser with a single click.\n\nAdd-ons add features to the browser."
	newText := "Firefox is easy to personalize.\n\n" + q + "\n\nOpen the panel to add or remove any button.\n\nMore ways to customize your browser\n\nThemes change the look of the browser with a single click.\n\nAdd-ons add features to the browser."
	i := len([]rune(oldText[:strings.Index(oldText, q)]))
	sel := describeRunes([]rune(oldText), i, i+len([]rune(q)))
	r := ReanchorFrom(oldText, newText, []Selector{sel})[0]
	if r.Status != StatusOrphan {
		t.Fatalf("%s %.2f on %q, want an orphan", r.Status, r.Confidence, string([]rune(newText)[r.Start:r.End]))
	}
	if got := string([]rune(newText)[r.Suggestion.Start:r.Suggestion.End]); got != q {
		t.Errorf("suggestion %q, want the copy", got)
	}
	// The same passage moved whole (both halves gone from their place) is followed to the copy.
	moved := "Firefox is easy to personalize.\n\n" + q + " your browser\n\nOpen the panel to add or remove any button. Keep your favorite features.\n\nThemes change the look of the browser with a single click.\n\nAdd-ons add features to the browser."
	if r := ReanchorFrom(oldText, moved, []Selector{sel})[0]; r.Status == StatusOrphan || string([]rune(moved)[r.Start:r.End]) != q {
		t.Errorf("moved: %s at [%d,%d)", r.Status, r.Start, r.End)
	}
}
