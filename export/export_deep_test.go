package export

import (
	"fmt"
	"strings"
	"testing"

	"gloss/store"
)

// A 10,000-level tree (the store's limit): every path is its parent's plus a name, in one pass.
func TestTagPathsOfADeepTree(t *testing.T) {
	byID := map[string]store.Tag{}
	for i := range 10_000 {
		tag := store.Tag{ID: fmt.Sprintf("t%05d", i), Name: fmt.Sprintf("deep%05d", i)}
		if i > 0 {
			tag.Parent = fmt.Sprintf("t%05d", i-1)
		}
		byID[tag.ID] = tag
	}
	byID["orphan"] = store.Tag{ID: "orphan", Name: "Orphan", Parent: "gone"}
	paths := tagPathsOf(byID)
	if got := paths["t00002"]; got != "deep00000/deep00001/deep00002" {
		t.Errorf("level 3: %q", got)
	}
	if got := paths["t09999"]; strings.Count(got, "/") != 9_999 || !strings.HasPrefix(got, "deep00000/") || !strings.HasSuffix(got, "/deep09999") {
		t.Errorf("level 10,000: %d levels", strings.Count(got, "/")+1)
	}
	if paths["orphan"] != "Orphan" || len(paths) != 10_001 {
		t.Errorf("orphan %q, %d paths", paths["orphan"], len(paths))
	}
}
