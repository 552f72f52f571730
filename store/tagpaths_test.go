package store

import (
	"fmt"
	"strings"
	"testing"
)

func TestTagPaths(t *testing.T) {
	tags := []Tag{
		{ID: "c", Name: "child", Parent: "r"},
		{ID: "r", Name: "root"},
		{ID: "g", Name: "grand", Parent: "c"},
		{ID: "o", Name: "orphan", Parent: "missing"},
	}
	tp := NewTagPaths(tags)
	for id, want := range map[string]string{"r": "root", "c": "root/child", "g": "root/child/grand", "o": "orphan", "x": ""} {
		if got := tp.Path(id); got != want {
			t.Errorf("Path(%q) = %q, want %q", id, got, want)
		}
		if got := tp.PathLen(id); got != len(want) {
			t.Errorf("PathLen(%q) = %d, want %d", id, got, len(want))
		}
	}
	for id, want := range map[string]int{"r": 1, "c": 2, "g": 3, "o": 1, "x": 0} {
		if got := tp.Depth(id); got != want {
			t.Errorf("Depth(%q) = %d, want %d", id, got, want)
		}
	}
	if all := tp.All(); len(all) != 4 || all["g"] != "root/child/grand" {
		t.Errorf("All() = %v", all)
	}
}

// TestTagPathsDeepChain: a 10,000-level chain (the store's limit), listed deepest first so that a walk
// per tag would be quadratic; depths and lengths come out of the one pass, and the deepest path is right.
func TestTagPathsDeepChain(t *testing.T) {
	const n = 10_000
	tags := make([]Tag, n)
	for i := range n {
		parent := ""
		if i > 0 {
			parent = fmt.Sprint(i - 1)
		}
		tags[n-1-i] = Tag{ID: fmt.Sprint(i), Name: "t", Parent: parent}
	}
	tp := NewTagPaths(tags)
	deepest := fmt.Sprint(n - 1)
	if d := tp.Depth(deepest); d != n {
		t.Fatalf("Depth = %d, want %d", d, n)
	}
	if want := strings.TrimSuffix(strings.Repeat("t/", n), "/"); tp.Path(deepest) != want {
		t.Fatalf("deepest path wrong (%d bytes)", len(tp.Path(deepest)))
	}
}

func BenchmarkTagPathsDeepChain(b *testing.B) {
	const n = 10_000
	tags := make([]Tag, n)
	for i := range n {
		parent := ""
		if i > 0 {
			parent = fmt.Sprint(i - 1)
		}
		tags[i] = Tag{ID: fmt.Sprint(i), Name: "t", Parent: parent}
	}
	for b.Loop() {
		NewTagPaths(tags)
	}
}
