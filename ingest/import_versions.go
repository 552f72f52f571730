package ingest

import (
	"context"
	"fmt"
	"slices"

	"gloss/store"
)

// Gloss's JSON-LD carries every version of a document, and an annotation says which version its
// selectors describe (an orphan keeps describing the last version its passage was found in). A document
// new to the library comes in with all its versions, oldest first; each annotation is placed on its own
// version and written before the next version is added, so the store re-anchors it onto the later
// versions as it did in the library the file came from. A document already here is matched by its
// current text; its older versions are matched by their sha256, and an annotation on an older version
// the library does not have is skipped with that reason.

// BundleVersion is an older version of a bundle document.
type BundleVersion struct {
	N         int // the file's version number
	Text, Raw string
	Format    string // of Raw: "md" or "html"; "" as the document's
	local     int    // our version number, once the document is here
}

func olderKey(docID string, n int) string { return fmt.Sprintf("%s\x00v%d", docID, n) }

// textOf is the text under a key: a document's current text, or an older version's (olderKey).
func (l *LibraryTexts) textOf(key string) string {
	if t, ok := l.Text[key]; ok {
		return t
	}
	return l.older[key]
}

// addOlder makes version local of document id (the file's version n) known for placing annotations.
func (l *LibraryTexts) addOlder(id string, n, local int, text string) {
	if l.older == nil {
		l.older, l.local = map[string]string{}, map[string]map[int]int{}
	}
	if l.local[id] == nil {
		l.local[id] = map[int]int{}
	}
	key := olderKey(id, local)
	l.older[key] = text
	l.local[id][n] = local
	delete(l.points, key)
	delete(l.finders, key)
}

// versionFor is where annotation a is placed in document docID: the key of its version's text and our
// version number (0: the current text).
func (l *LibraryTexts) versionFor(docID string, a BundleAnnotation) (key string, version int, problem string) {
	if a.Version == 0 {
		return docID, 0, ""
	}
	local, ok := l.local[docID][a.Version]
	switch {
	case ok && local == 0:
		return docID, 0, ""
	case ok:
		return olderKey(docID, local), local, ""
	case l.local[docID] != nil:
		// The file says which of its versions is this document's current text, and this is another one.
		return "", 0, fmt.Sprintf("it was made on version %d of the document, which this library does not have (its text differs from every version here)", a.Version)
	}
	return docID, 0, ""
}

// applyDocumentVersions is ApplyDocument for a document that may carry older versions. A new one is
// created from its oldest version; the later ones are left in building[id] for
// writeAnnotationsByVersion to add in order.
func applyDocumentVersions(s *store.Store, lib *LibraryTexts, d BundleDocument, skip func(what, reason string),
	building map[string][]BundleVersion) (string, ReportItem, bool) {
	older := slices.DeleteFunc(slices.Clone(d.Older), func(v BundleVersion) bool { return v.Text == "" || v.Text == d.Text })
	if len(older) == 0 || d.Text == "" {
		return ApplyDocument(s, lib, d, skip)
	}
	if _, ok := lib.BySHA[TextSHA(d.Text)]; ok {
		// Already here: its older versions are the ones with the same text.
		id, item, ok := ApplyDocument(s, lib, d, skip)
		if ok && id != "" {
			if err := lib.matchOlder(s, id, d, older); err != nil {
				skip(fmt.Sprintf("document %q", FirstNonEmpty(d.Title, d.Ref)), "its versions could not be read: "+err.Error())
			}
		}
		return id, item, ok
	}
	for _, v := range older {
		if _, taken := lib.BySHA[TextSHA(v.Text)]; taken {
			// An older version is another document here: the file's current text comes in as a document
			// of its own, as from a file without versions.
			return ApplyDocument(s, lib, d, skip)
		}
	}
	first := d
	first.Text, first.Raw, first.Older = older[0].Text, older[0].Raw, nil
	id, item, ok := ApplyDocument(s, lib, first, skip)
	if !ok {
		return id, item, ok
	}
	rest := append(older[1:], BundleVersion{N: d.Version, Text: d.Text, Raw: d.Raw, Format: d.Format})
	for i := range rest {
		rest[i].local = i + 2
	}
	older[0].local = 1
	lib.addOlder(id, older[0].N, 1, older[0].Text)
	for _, v := range rest[:len(rest)-1] {
		lib.addOlder(id, v.N, v.local, v.Text)
	}
	if d.Version != 0 {
		lib.addOlder(id, d.Version, 0, "") // the current text is the document's
		delete(lib.older, olderKey(id, 0))
	}
	delete(lib.BySHA, TextSHA(older[0].Text))
	lib.Add(id, d.Text)
	building[id] = rest
	return id, item, true
}

// matchOlder maps the file's older versions of document id onto ours with the same text.
func (l *LibraryTexts) matchOlder(s *store.Store, id string, d BundleDocument, older []BundleVersion) error {
	ours, err := s.Versions(id)
	if err != nil {
		return err
	}
	byText := map[string]int{} // sha256 of the text -> our version
	for _, info := range ours {
		if info.Current {
			continue
		}
		v, err := s.Version(id, info.N)
		if err != nil {
			return err
		}
		byText[TextSHA(v.Text)] = info.N
	}
	for _, v := range older {
		if n, ok := byText[TextSHA(v.Text)]; ok {
			l.addOlder(id, v.N, n, v.Text)
		}
	}
	if d.Version != 0 {
		l.addOlder(id, d.Version, 0, "")
		delete(l.older, olderKey(id, 0))
	}
	return nil
}

// writeAnnotationsByVersion writes placed annotations (WriteAnnotations) and adds the versions still to
// come of the documents this import creates: the annotations on each version first, then the next
// version, which re-anchors them; the annotations on current texts last.
func writeAnnotationsByVersion(ctx context.Context, s *store.Store, lib *LibraryTexts, file string, placed []PlacedAnnotation,
	tagIDs map[string]string, skip func(what, reason string), building map[string][]BundleVersion) (AnnotationCounts, error) {
	var total AnnotationCounts
	add := func(c AnnotationCounts) {
		total.Created += c.Created
		total.Unchanged += c.Unchanged
		total.NewIDs = append(total.NewIDs, c.NewIDs...)
	}
	ids := make([]string, 0, len(building))
	stages := 0
	for id, rest := range building {
		ids = append(ids, id)
		stages = max(stages, len(rest))
	}
	slices.Sort(ids)
	var current []PlacedAnnotation
	onVersion := map[int][]PlacedAnnotation{}
	for _, p := range placed {
		if _, ok := building[p.DocID]; ok && p.Version != 0 {
			p.building = true
			onVersion[p.Version] = append(onVersion[p.Version], p)
		} else {
			current = append(current, p)
		}
	}
	for stage := 1; stage <= stages; stage++ {
		counts, err := WriteAnnotations(ctx, s, file, onVersion[stage], tagIDs, skip, nil)
		add(counts)
		if err != nil {
			return total, err
		}
		for _, id := range ids {
			rest := building[id]
			if stage > len(rest) {
				continue
			}
			v := rest[stage-1]
			nv := store.NewVersion{Text: v.Text, SHA256: TextSHA(v.Text)}
			nv.Format, nv.Raw = keptMarkup(BundleDocument{Text: v.Text, Raw: v.Raw, Format: v.Format})
			if _, _, err := s.AddVersion(id, nv); err != nil {
				skip(fmt.Sprintf("version %d of document %s", v.local, id), err.Error())
				delete(building, id) // its later versions and their annotations cannot follow
			}
		}
	}
	counts, err := WriteAnnotations(ctx, s, file, current, tagIDs, skip, nil)
	add(counts)
	return total, err
}
