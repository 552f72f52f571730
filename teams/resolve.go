package teams

import (
	"fmt"
	"slices"

	"gloss/store"
)

// Resolving a disagreement is an ordinary edit, one undo step each: accepting a version changes
// annotations (Adopt, Drop); keeping both changes none and is stored as a resolution of the span (KeepBoth),
// so the disagreement is no longer listed as open.

// KeepBoth settles a disagreement by keeping both versions. It stays settled while the same coders give
// the span the tag; when that changes it is a new disagreement, open again.
func KeepBoth(s *store.Store, d Disagreement) (store.Resolution, error) {
	return s.ResolveDisagreement(store.Resolution{DocID: d.DocID, TagID: d.TagID, Start: d.Start, End: d.End,
		With: d.With, Kind: store.ResolutionKeepBoth})
}

// Reopen takes back a KeepBoth: the disagreement is listed as open again.
func Reopen(s *store.Store, d Disagreement) error {
	return s.ReopenDisagreement(d.DocID, d.TagID, d.Start, d.End)
}

// resolutions indexes the stored resolutions by span.
func resolutions(s *store.Store) (map[string]store.Resolution, error) {
	list, err := s.Resolutions()
	out := make(map[string]store.Resolution, len(list))
	for _, r := range list {
		out[fmt.Sprintf("%s/%s/%d/%d", r.DocID, r.TagID, r.Start, r.End)] = r
	}
	return out, err
}

func resolutionKey(d Disagreement) string {
	return fmt.Sprintf("%s/%s/%d/%d", d.DocID, d.TagID, d.Start, d.End)
}

// Adopt copies another coder's annotation as the library author's own: the same span with tagID (every
// tag of theirs for ""), without their note. An identical annotation of ours is returned, not doubled.
func Adopt(s *store.Store, annID, tagID string) (store.Annotation, error) {
	theirs, err := s.Annotation(annID)
	if err != nil {
		return store.Annotation{}, err
	}
	me := s.Author()
	if theirs.Author == me {
		return store.Annotation{}, fmt.Errorf("annotation %s is already yours", annID)
	}
	tags := theirs.Tags
	if tagID != "" {
		if !slices.Contains(theirs.Tags, tagID) {
			return store.Annotation{}, fmt.Errorf("annotation %s does not carry tag %s", annID, tagID)
		}
		tags = []string{tagID}
	}
	mine, err := s.Annotations(store.AnnotationFilter{DocID: theirs.DocID, Author: me})
	if err != nil {
		return store.Annotation{}, err
	}
	for _, a := range mine {
		if a.Start == theirs.Start && a.End == theirs.End && a.Version == theirs.Version {
			missing := false
			for _, t := range tags {
				missing = missing || !slices.Contains(a.Tags, t)
			}
			if !missing {
				return a, nil
			}
			return s.UpdateAnnotation(a.ID, append(slices.Clone(a.Tags), tags...), a.Note)
		}
	}
	return s.CreateAnnotation(store.NewAnnotation{DocID: theirs.DocID, Version: theirs.Version, Start: theirs.Start,
		End: theirs.End, Tags: tags, Author: me})
}

// Drop takes tagID off an annotation, deleting it when nothing is left (no tag, no note); "" deletes it.
// deleted says which happened.
func Drop(s *store.Store, annID, tagID string) (deleted bool, err error) {
	a, err := s.Annotation(annID)
	if err != nil {
		return false, err
	}
	rest := slices.DeleteFunc(slices.Clone(a.Tags), func(t string) bool { return t == tagID })
	if tagID == "" || (len(rest) == 0 && a.Note == "") {
		return true, s.DeleteAnnotation(annID)
	}
	_, err = s.UpdateAnnotation(annID, rest, a.Note)
	return false, err
}
