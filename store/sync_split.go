package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"
)

// Team sync's split version histories (teams/sync drives them). Two libraries that each imported a
// different new version of one document while apart hold one document whose histories part after a
// shared version. A pull joins them: the other library's versions are put in the order both libraries
// compute (store.InsertSyncVersion for one before a version here, AppendSyncVersion for one after the
// current), and no annotation moves: each stays on the version it was made on. Records of a document
// name it by the sha256 of its current version, so a library also finds a document by any of its older
// versions (SyncOlderVersions).

// SyncOlderVersions maps the SHA-256 of every version of every document that is not its current
// version to the document's id (one read of the documents with more than one version).
func (s *Store) SyncOlderVersions() (map[string]string, error) {
	out := map[string]string{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return olderVersions(tx, out)
	})
	return out, err
}

// olderDocs finds a document by the SHA-256 of one of its older versions within one transaction, reading
// them once, when first asked.
type olderDocs struct {
	tx *bolt.Tx
	m  map[string]string
}

func (o *olderDocs) find(sha string) (string, error) {
	if o.m == nil {
		o.m = map[string]string{}
		if err := olderVersions(o.tx, o.m); err != nil {
			return "", err
		}
	}
	return o.m[sha], nil
}

func olderVersions(tx *bolt.Tx, out map[string]string) error {
	return tx.Bucket(bucketDocs).ForEach(func(k, v []byte) error {
		var d struct {
			Version int `json:"version"`
		}
		if err := json.Unmarshal(v, &d); err != nil {
			return fmt.Errorf("document %s: %w", k, err)
		}
		for n := 1; n < d.Version; n++ {
			sv, err := getStoredVersion(tx, string(k), n)
			if err != nil {
				return err
			}
			if _, ok := out[sv.SHA256]; !ok {
				out[sv.SHA256] = string(k)
			}
		}
		return nil
	})
}

// AppendSyncVersion adds a version from another library after the document's current one, as its new
// current version, in one durable transaction, without re-anchoring: the annotations on the version that
// was current stay on it (an older version now, as a pulled annotation on an older version is). A version
// already here (same SHA-256) is refused with ErrDuplicate.
func (s *Store) AppendSyncVersion(docID string, nv NewVersion) error {
	if !utf8.ValidString(nv.Text) {
		return errors.New("version from team sync: text is not valid UTF-8")
	}
	if strings.TrimSpace(nv.Text) == "" || nv.SHA256 == "" {
		return errors.New("version from team sync: no text or no sha256")
	}
	if _, ok := fromCodePoint(nv.Text, nv.BodyStart); !ok {
		return fmt.Errorf("version from team sync: body start %d is outside the text", nv.BodyStart)
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
		for n := 1; n <= d.Version; n++ {
			if shas[n] == nv.SHA256 {
				return "", fmt.Errorf("version from team sync of %q: %w (version %d)", d.Title, ErrDuplicate, n)
			}
		}
		if other := cs.tx.Bucket(bucketDocBySHA).Get([]byte(nv.SHA256)); other != nil && string(other) != d.ID {
			return "", fmt.Errorf("version from team sync of %q: %w (%s)", d.Title, ErrDuplicate, other)
		}
		cur, err := getStoredVersion(cs.tx, d.ID, d.Version)
		if err != nil {
			return "", err
		}
		if cur.Meta == nil { // written by AddDocument: remember what the document said about it
			cur.Meta = &versionMeta{BodyStart: d.BodyStart, Words: d.Words}
			if err := cs.putVersion(string(versionKey(d.ID, d.Version)), &cur); err != nil {
				return "", err
			}
		}
		was, n := d.Version, d.Version+1
		words := bodyWords(nv.Text, nv.BodyStart)
		ver := storedVersion{
			Version: Version{DocID: d.ID, N: n, Text: nv.Text, Raw: nv.Raw, SHA256: nv.SHA256, ImportedAt: time.Now().UTC(), Provenance: nv.Provenance},
			Meta:    &versionMeta{BodyStart: nv.BodyStart, Words: words},
		}
		if err := cs.putVersion(string(versionKey(d.ID, n)), &ver); err != nil {
			return "", err
		}
		if d.SHA256 != "" && string(cs.tx.Bucket(bucketDocBySHA).Get([]byte(d.SHA256))) == d.ID {
			if err := cs.del(bucketDocBySHA, d.SHA256); err != nil {
				return "", err
			}
		}
		if err := cs.put(bucketDocBySHA, nv.SHA256, []byte(d.ID)); err != nil {
			return "", err
		}
		d.Version, d.SHA256, d.Words, d.BodyStart = n, nv.SHA256, words, nv.BodyStart
		if nv.Format != "" {
			d.Format = nv.Format
		}
		d.URLs = documentURLs(d, nv.Provenance)
		if err := putDoc(cs, d); err != nil {
			return "", err
		}
		var anns []Annotation
		if err := eachAnnotation(cs.tx, docID, func(a Annotation) error {
			if a.Version == was {
				anns = append(anns, a)
			}
			return nil
		}); err != nil {
			return "", err
		}
		for _, a := range anns { // left on the version they were made on, as pulled ones on an older version
			a.Anchor = Anchor{Status: AnchorOrphan, Version: a.Version}
			if err := putAnnotation(cs, a); err != nil {
				return "", err
			}
		}
		return fmt.Sprintf("Version %d of %q from team sync", n, d.Title), nil
	})
	if err == nil {
		s.forgetText()
	}
	return err
}
