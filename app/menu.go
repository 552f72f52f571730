package app

import (
	"github.com/wailsapp/wails/v2/pkg/menu"
	"github.com/wailsapp/wails/v2/pkg/menu/keys"
	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// MenuAction is one item of the native menu bar. Choosing it sends the event "menu" with its ID to the
// page, which runs the command palette's action of that ID (App.svelte): the menu and Ctrl+K share
// every behaviour. Label is the menu's text; the palette has an action whose words include it.
type MenuAction struct {
	ID    string `json:"id"`
	Menu  string `json:"menu"`
	Label string `json:"label"`
	Keys  string `json:"keys"`
	acc   *keys.Accelerator
}

var ctrlShift = func(k string) *keys.Accelerator { return keys.Combo(k, keys.CmdOrCtrlKey, keys.ShiftKey) }

// menuActions is the menu bar, in order; a "-" ID is a separator.
var menuActions = []MenuAction{
	{ID: "import", Menu: "File", Label: "Import files…", Keys: "Ctrl+O", acc: keys.CmdOrCtrl("o")},
	{ID: "import-folder", Menu: "File", Label: "Import folder…", Keys: "Ctrl+Shift+O", acc: ctrlShift("o")},
	{ID: "export", Menu: "File", Label: "Export annotations…", Keys: "Ctrl+E", acc: keys.CmdOrCtrl("e")},
	{ID: "backup", Menu: "File", Label: "Back up library…"},
	{ID: "-", Menu: "File"},
	{ID: "quit", Menu: "File", Label: "Quit Gloss", Keys: "Ctrl+Q", acc: keys.CmdOrCtrl("q")},

	{ID: "undo", Menu: "Edit", Label: "Undo", Keys: "Ctrl+Z", acc: keys.CmdOrCtrl("z")},
	{ID: "redo", Menu: "Edit", Label: "Redo", Keys: "Ctrl+Shift+Z", acc: ctrlShift("z")},
	{ID: "-", Menu: "Edit"},
	{ID: "find", Menu: "Edit", Label: "Find…", Keys: "Ctrl+F", acc: keys.CmdOrCtrl("f")},
	{ID: "find-library", Menu: "Edit", Label: "Find in library", Keys: "Ctrl+Shift+F", acc: ctrlShift("f")},

	{ID: "view-library", Menu: "View", Label: "Library", Keys: "Ctrl+1", acc: keys.CmdOrCtrl("1")},
	{ID: "view-reader", Menu: "View", Label: "Reader", Keys: "Ctrl+2", acc: keys.CmdOrCtrl("2")},
	{ID: "view-annotations", Menu: "View", Label: "Annotations", Keys: "Ctrl+3", acc: keys.CmdOrCtrl("3")},
	{ID: "view-tags", Menu: "View", Label: "Tags", Keys: "Ctrl+4", acc: keys.CmdOrCtrl("4")},
	{ID: "view-review", Menu: "View", Label: "Review queue", Keys: "Ctrl+5", acc: keys.CmdOrCtrl("5")},
	{ID: "settings", Menu: "View", Label: "Settings", Keys: "Ctrl+,", acc: keys.CmdOrCtrl(",")},
	{ID: "-", Menu: "View"},
	{ID: "zoom-in", Menu: "View", Label: "Zoom in", Keys: "Ctrl+=", acc: keys.CmdOrCtrl("=")},
	{ID: "zoom-out", Menu: "View", Label: "Zoom out", Keys: "Ctrl+-", acc: keys.CmdOrCtrl("-")},
	{ID: "zoom-reset", Menu: "View", Label: "Actual size", Keys: "Ctrl+0", acc: keys.CmdOrCtrl("0")},

	{ID: "shortcuts", Menu: "Help", Label: "Keyboard shortcuts", Keys: "F1", acc: keys.Key("f1")},
	{ID: "welcome", Menu: "Help", Label: "Welcome to Gloss"},
	{ID: "about", Menu: "Help", Label: "About Gloss"},
}

// MenuActions lists the menu bar's items (no separators), for the page's tests and the shortcuts sheet.
func (a *App) MenuActions() []MenuAction {
	out := []MenuAction{}
	for _, m := range menuActions {
		if m.ID != "-" {
			out = append(out, m)
		}
	}
	return out
}

// menuBar builds the native menu bar (options.App.Menu).
func (a *App) menuBar() *menu.Menu {
	bar := menu.NewMenu()
	subs := map[string]*menu.Menu{}
	for _, m := range menuActions {
		sub, ok := subs[m.Menu]
		if !ok {
			sub = bar.AddSubmenu(m.Menu)
			subs[m.Menu] = sub
		}
		if m.ID == "-" {
			sub.AddSeparator()
			continue
		}
		id := m.ID
		sub.AddText(m.Label, m.acc, func(*menu.CallbackData) { a.menuChosen(id) })
	}
	return bar
}

func (a *App) menuChosen(id string) {
	if a.ctx == nil {
		return
	}
	if id == "quit" {
		runtime.Quit(a.ctx)
		return
	}
	runtime.EventsEmit(a.ctx, "menu", id)
}
