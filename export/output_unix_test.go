//go:build unix

package export_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"gloss/export"
)

// Issue 22, "Smaller": as root, exporting to /dev/full made it a regular file. Anything that is not a
// regular file is refused, even with Overwrite. The test never aims at /dev itself (the unfixed code
// replaced /dev/null and /dev/full of the machine running it): it makes a copy of /dev/full (as root)
// and a named pipe in a temporary folder.
func TestExportRefusesDevices(t *testing.T) {
	f := newExportFixture(t)
	dir := t.TempDir()
	pipe := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(pipe, 0o600); err != nil {
		t.Fatal(err)
	}
	targets := []string{pipe}
	if os.Geteuid() == 0 {
		full := filepath.Join(dir, "full")
		if err := syscall.Mknod(full, syscall.S_IFCHR|0o666, 1<<8|7); err != nil { // char 1,7 as /dev/full
			t.Fatal(err)
		}
		targets = append(targets, full)
	}
	for _, target := range targets {
		err := export.ExportToPath(f.s, "csv", target, export.ExportOptions{Overwrite: true})
		if err == nil || err.Error() != target+" is not a regular file" {
			t.Errorf("export onto %s: %v", target, err)
		}
		if info, err := os.Lstat(target); err != nil || info.Mode().IsRegular() {
			t.Errorf("%s became a regular file (%v)", target, err)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != len(targets) {
		t.Errorf("left behind: %v", entries)
	}
}
