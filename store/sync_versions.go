package store

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"
)

// Team sync's versions (teams/sync drives them). An annotation travels with the sha256 of the version
// it is on (Version.SHA256, the same on every library that has that text), and each library finds its
// own number for that version: two libraries may number one document's versions differently (one
// imported the newer file only), so a number alone would put an annotation on the wrong text.

// SyncVersionSHAs returns the SHA-256 of each version of a document, by number (index 0 unused).
func (s *Store) SyncVersionSHAs(docID string) ([]string, error) {
	var out []string
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		out, err = versionSHAs(tx, docID)
		return err
	})
	return out, err
}

func versionSHAs(tx *bolt.Tx, docID string) ([]string, error) {
	d, err := getDoc(tx, docID)
	if err != nil {
		return nil, err
	}
	out := make([]string, d.Version+1)
	for n := 1; n <= d.Version; n++ {
		if n == d.Version {
			out[n] = d.SHA256
			continue
		}
		v, err := getStoredVersion(tx, docID, n)
		if err != nil {
			return nil, err
		}
		out[n] = v.SHA256
	}
	return out, nil
}

// InsertSyncVersion adds a version another library has and this one lacks, before this library's
// version whose SHA-256 is before (the order the other library's history gives), in one durable
// transaction: the versions from there on, and every annotation's version numbers on them, move up by
// one; the current version stays current and no annotation moves (its selectors describe the same text
// as before). A version already here (same SHA-256) is refused with ErrDuplicate.
func (s *Store) InsertSyncVersion(docID, before string, nv NewVersion) error {
	if !utf8.ValidString(nv.Text) {
		return errors.New("version from team sync: text is not valid UTF-8")
	}
	if strings.TrimSpace(nv.Text) == "" || nv.SHA256 == "" {
		return errors.New("version from team sync: no text or no sha256")
	}
	if err := validateProvenance(nv.Provenance, utf8.RuneCountInString(nv.Text)); err != nil {
		return fmt.Errorf("version from team sync: %w", err)
	}
	err := s.write(opSyncPull, false, func(cs *changeSet) (string, error) {
		d, err := getDoc(cs.tx, docID)
		if err != nil {
			return "", err
		}
		shas, err := versionSHAs(cs.tx, docID)
		if err != nil {
			return "", err
		}
		at := 0
		for n := 1; n <= d.Version; n++ {
			if shas[n] == nv.SHA256 {
				return "", fmt.Errorf("version from team sync of %q: %w (version %d)", d.Title, ErrDuplicate, n)
			}
			if shas[n] == before && at == 0 {
				at = n
			}
		}
		if at == 0 {
			return "", fmt.Errorf("version from team sync of %q: no version %s to put it before", d.Title, short(before))
		}
		for n := d.Version; n >= at; n-- { // move the later ones up, the newest first
			v, err := getStoredVersion(cs.tx, docID, n)
			if err != nil {
				return "", err
			}
			if v.Meta == nil && n == d.Version { // written by AddDocument: keep what the document says of it
				v.Meta = &versionMeta{BodyStart: d.BodyStart, Words: d.Words}
			}
			v.N = n + 1
			if err := cs.putJSON(bucketVersions, string(versionKey(docID, n+1)), v); err != nil {
				return "", err
			}
		}
		ver := storedVersion{
			Version: Version{DocID: docID, N: at, Text: nv.Text, Raw: nv.Raw, SHA256: nv.SHA256, ImportedAt: time.Now().UTC(), Provenance: nv.Provenance},
			Meta:    &versionMeta{BodyStart: nv.BodyStart, Words: bodyWords(nv.Text, nv.BodyStart)},
		}
		if err := cs.putJSON(bucketVersions, string(versionKey(docID, at)), ver); err != nil {
			return "", err
		}
		up := func(n int) int {
			if n >= at {
				return n + 1
			}
			return n
		}
		var anns []Annotation
		if err := eachAnnotation(cs.tx, docID, func(a Annotation) error {
			anns = append(anns, a)
			return nil
		}); err != nil {
			return "", err
		}
		for _, a := range anns {
			a.Version, a.Anchor.Version = up(a.Version), up(a.Anchor.Version)
			if a.Anchor.Made != nil {
				a.Anchor.Made.Version = up(a.Anchor.Made.Version)
			}
			if err := cs.putJSON(bucketAnnotations, a.ID, a); err != nil {
				return "", err
			}
		}
		d.Version++
		if err := putDoc(cs, d); err != nil {
			return "", err
		}
		return fmt.Sprintf("Version of %q from team sync", d.Title), nil
	})
	if err == nil {
		s.forgetText()
	}
	return err
}

// syncCurrentVersion is a document's current version number; cache as syncVersionOf's.
func syncCurrentVersion(tx *bolt.Tx, docID string, cache map[string][]string) (int, error) {
	if _, err := syncVersionOf(tx, docID, "", cache); err != nil {
		return 0, err
	}
	return len(cache[docID]) - 1, nil
}

// syncVersionOf finds the number of a document's version with this SHA-256 (0: not here); cache keeps
// each document's list for the batch.
func syncVersionOf(tx *bolt.Tx, docID, sha string, cache map[string][]string) (int, error) {
	shas, ok := cache[docID]
	if !ok {
		var err error
		if shas, err = versionSHAs(tx, docID); err != nil {
			return 0, err
		}
		cache[docID] = shas
	}
	for n := len(shas) - 1; n >= 1 && sha != ""; n-- {
		if shas[n] == sha {
			return n, nil
		}
	}
	return 0, nil
}
