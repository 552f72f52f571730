//go:build dev

package app

import (
	"slices"
	"testing"
)

const isDevBuild = true

// TestDevSeamsMatchFrontend: DevApp binds exactly the seams api.ts calls through devCall.
func TestDevSeamsMatchFrontend(t *testing.T) {
	bound := boundMethods(t)["DevApp"]
	calls := frontendCalls(t, devCallRe)
	slices.Sort(bound)
	if !slices.Equal(bound, calls) {
		t.Errorf("DevApp binds %v, api.ts devCall calls %v", bound, calls)
	}
}
