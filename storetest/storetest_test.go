package storetest

import (
	"os"
	"testing"
)

func TestOpenGivesAWritableCheckedLibraryInATempDir(t *testing.T) {
	s := Open(t)
	if _, err := os.Stat(s.Path()); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSetting("theme", "dark"); err != nil {
		t.Fatal(err)
	}
	if s.Setting("theme") != "dark" {
		t.Error("setting not kept")
	}
}
