// Package version is the Gloss release: one variable, set at link time by the Makefile
// (-ldflags "-X gloss/version.release=$(VERSION)"), else the module version Go recorded in the binary.
package version

import "runtime/debug"

// release is written by the linker only; nothing assigns it at run time.
var release string

// String is the release, "dev" for a plain `go build` of a checkout.
func String() string {
	if release != "" {
		return release
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// Software is what Gloss calls itself to others, "Gloss/<release>": the HTTP User-Agent of a capture and
// the software field of its WARC files and of the WARC and WACZ exports.
func Software() string { return "Gloss/" + String() }
