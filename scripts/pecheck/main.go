// pecheck FILE.exe: exit 1 unless the Windows executable is PE32+ (amd64) and carries an icon group, a
// version resource and a manifest in its .rsrc section (used by scripts/deb-test.sh).
package main

import (
	"debug/pe"
	"encoding/binary"
	"fmt"
	"os"
)

// Resource type IDs (winuser.h).
const (
	rtGroupIcon = 14
	rtVersion   = 16
	rtManifest  = 24
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: pecheck FILE.exe")
		os.Exit(2)
	}
	if err := check(os.Args[1]); err != nil {
		fmt.Fprintf(os.Stderr, "pecheck: %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
	fmt.Printf("pecheck: %s: PE32+ amd64 with icon, version info and manifest\n", os.Args[1])
}

func check(path string) error {
	f, err := pe.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, ok := f.OptionalHeader.(*pe.OptionalHeader64); !ok || f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		return fmt.Errorf("not a PE32+ amd64 executable")
	}
	sec := f.Section(".rsrc")
	if sec == nil {
		return fmt.Errorf("no .rsrc section")
	}
	data, err := sec.Data()
	if err != nil {
		return err
	}
	// The root resource directory: 16-byte header, then named and ID entries of 8 bytes each.
	if len(data) < 16 {
		return fmt.Errorf(".rsrc too short")
	}
	named := int(binary.LittleEndian.Uint16(data[12:]))
	ids := int(binary.LittleEndian.Uint16(data[14:]))
	have := map[uint32]bool{}
	for i := 0; i < named+ids; i++ {
		off := 16 + 8*i
		if off+8 > len(data) {
			return fmt.Errorf("truncated resource directory")
		}
		have[binary.LittleEndian.Uint32(data[off:])] = true
	}
	for id, what := range map[uint32]string{rtGroupIcon: "icon", rtVersion: "version info", rtManifest: "manifest"} {
		if !have[id] {
			return fmt.Errorf("no %s resource", what)
		}
	}
	return nil
}
