//go:build linux

package main

/*
#cgo pkg-config: gtk+-3.0
#cgo webkit2_41 pkg-config: webkit2gtk-4.1
#cgo !webkit2_41 pkg-config: webkit2gtk-4.0
void glossGuardNavigation(void);
*/
import "C"

// Wails v2 has no navigation hook on Linux (it only watches load-changed), so the policy is attached to
// WebKit's decide-policy signal of the window's web view here (navigation_linux.c). Called on every
// DOM ready; attaching is done once per web view.
func guardNavigation() { C.glossGuardNavigation() }

//export glossAllowNavigation
func glossAllowNavigation(home, target *C.char) C.int {
	h := ""
	if home != nil {
		h = C.GoString(home)
	}
	if target == nil || !allowNavigation(h, C.GoString(target)) {
		return 0
	}
	return 1
}
