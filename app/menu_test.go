package app

import (
	"os"
	"regexp"
	"testing"
)

// Every menu bar item runs the palette action with its id (Desktop.svelte's runMenu): an item whose id no
// action carries would do nothing but say "Not available here".
func TestEveryMenuItemHasAPaletteAction(t *testing.T) {
	ids := map[string]bool{}
	actionID := regexp.MustCompile(`\bid: '([a-z-]+)',\s*label:`)
	for _, file := range []string{"../frontend/src/App.svelte", "../frontend/src/settings/prefs.svelte.ts"} {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range actionID.FindAllStringSubmatch(string(src), -1) {
			ids[m[1]] = true
		}
	}
	for _, m := range menuActions {
		if m.ID != "-" && !ids[m.ID] {
			t.Errorf("menu item %q (%s) has no palette action with that id", m.ID, m.Label)
		}
	}
}
