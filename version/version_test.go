package version

import "testing"

func TestStringPrefersTheLinkedRelease(t *testing.T) {
	if got := String(); got == "" {
		t.Fatal("empty version")
	}
	release = "9.9.9"
	t.Cleanup(func() { release = "" })
	if got := String(); got != "9.9.9" {
		t.Errorf("String() = %q, want the linked release", got)
	}
}
