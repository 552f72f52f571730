package cli

import (
	"os"
	"testing"
)

// The CLI records every library it opens in the user's state folder (store.DefaultKnown): tests keep that
// list in a temp folder of their own, never the real one.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gloss-cli-state-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_STATE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
