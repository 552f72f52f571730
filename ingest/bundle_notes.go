package ingest

import (
	"fmt"
	"strings"
	"time"

	"gloss/store"
)

// BundleNote is a memo (DocRef: the file's reference of its document) or a project note (DocRef "").
type BundleNote struct {
	Ref, DocRef, Title, Body string
	Created, Modified        time.Time
}

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

// applyNotes adds a file's memos and project notes that are not here yet: a memo whose document
// already has another one is skipped with the reason (a document has one memo), a note with the same
// title and text as one here is left alone.
func applyNotes(s *store.Store, lib *LibraryTexts, notes []BundleNote, docIDs map[string]string, skip func(what, reason string)) (int, error) {
	if len(notes) == 0 {
		return 0, nil
	}
	have, err := s.Notes()
	if err != nil {
		return 0, err
	}
	same := map[string]bool{}
	memo := map[string]store.Note{}
	for _, n := range have {
		same[n.DocID+"\x00"+n.Title+"\x00"+n.Body] = true
		if n.DocID != "" {
			memo[n.DocID] = n
		}
	}
	created := 0
	for _, n := range notes {
		what := fmt.Sprintf("note %q", clipQuote(FirstNonEmpty(n.Title, n.Ref)))
		docID := ""
		if n.DocRef != "" {
			var ok bool
			if docID, ok = docIDs[n.DocRef]; !ok {
				if id := annotationUUID(n.DocRef); id != "" && lib.Text[id] != "" {
					docID = id
				}
			}
			if docID == "" {
				skip(what, fmt.Sprintf("its document %s is neither in the file nor in the library", n.DocRef))
				continue
			}
		}
		if strings.TrimSpace(n.Body) == "" && strings.TrimSpace(n.Title) == "" {
			continue
		}
		key := docID + "\x00" + OneLine(n.Title) + "\x00" + n.Body
		if same[key] {
			continue
		}
		if old, ok := memo[docID]; ok && docID != "" {
			skip(what, fmt.Sprintf("the document already has a memo here (%q), which is kept", clipQuote(FirstNonEmpty(old.Title, old.Body))))
			continue
		}
		saved, err := s.SaveNote(store.Note{DocID: docID, Title: OneLine(n.Title), Body: n.Body})
		if err != nil {
			skip(what, err.Error())
			continue
		}
		same[key] = true
		if docID != "" {
			memo[docID] = saved
		}
		created++
	}
	return created, nil
}
