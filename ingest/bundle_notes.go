package ingest

// usedTags leaves out the implicit tags (an annotation's own tag names) that no placed annotation
// carries, directly or below them: a skipped annotation creates no tags.
func usedTags(tags []BundleTag, placed []PlacedAnnotation) []BundleTag {
	implicit := false
	for _, t := range tags {
		implicit = implicit || t.Implicit
	}
	if !implicit {
		return tags
	}
	parent := map[string]string{}
	for _, t := range tags {
		parent[t.Ref] = t.Parent
	}
	used := map[string]bool{}
	for _, p := range placed {
		for _, ref := range p.TagRefs {
			for depth := 0; ref != "" && !used[ref] && depth < 100; depth++ {
				used[ref] = true
				ref = parent[ref]
			}
		}
	}
	kept := tags[:0:0]
	for _, t := range tags {
		if !t.Implicit || used[t.Ref] {
			kept = append(kept, t)
		}
	}
	return kept
}
