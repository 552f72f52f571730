package store

// Placed says whether an annotation has a place in the text of its document's version current: it is
// on that version (made there or re-anchored onto it) and not an orphan. The Reader draws only these,
// and agreement counts only these; an orphan waits in the review queue.
func (a *Annotation) Placed(current int) bool {
	return a.Version == current && a.Anchor.Status != "orphan"
}
