package export

import (
	"fmt"
	"slices"
	"testing"

	"gloss/store"
)

// A 10,000-level tree (the store's limit), listed deepest first: the export order is the tree's, root
// first, and every tag's path and depth (store.TagPaths) come in linear time.
func TestExportTagTreeOfADeepTree(t *testing.T) {
	const n = 10_000
	var tags []store.Tag
	for i := n - 1; i >= 0; i-- {
		tag := store.Tag{ID: fmt.Sprintf("t%05d", i), Name: fmt.Sprintf("deep%05d", i)}
		if i > 0 {
			tag.Parent = fmt.Sprintf("t%05d", i-1)
		}
		tags = append(tags, tag)
	}
	tags = append(tags, store.Tag{ID: "orphan", Name: "Orphan", Parent: "gone"})
	ordered := exportTagTree(tags)
	if len(ordered) != n+1 || ordered[0].ID != "t00000" || ordered[n-1].ID != "t09999" || ordered[n].ID != "orphan" {
		t.Fatalf("order: %d tags, first %s", len(ordered), ordered[0].ID)
	}
	paths := store.NewTagPaths(tags)
	if got := paths.Path("t00002"); got != "deep00000/deep00001/deep00002" {
		t.Errorf("level 3: %q", got)
	}
	if paths.Depth("t09999") != n || paths.Path("orphan") != "Orphan" || paths.Depth("orphan") != 1 {
		t.Errorf("depths %d, orphan %q", paths.Depth("t09999"), paths.Path("orphan"))
	}
	p := &exportPlan{paths: paths}
	if got := p.tagNames([]string{"orphan", "missing", "t00001"}); !slices.Equal(got, []string{"Orphan", "deep00000/deep00001"}) {
		t.Errorf("tagNames: %q", got)
	}
}
