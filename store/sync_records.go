package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Team sync's other records (teams/sync drives them): document details, memos and project notes, and
// resolutions, applied in a pulled batch's transaction (ApplySync). Documents themselves are imported
// through AddDocument and AddVersion before their batch; here only their details are set.

// SyncDocument is a document's details as they travel, the document found by the sha256 the store keeps.
type SyncDocument struct {
	Key    string // the record key, to skip it when it cannot be applied
	SHA256 string
	Title  string
	Date   string
	Source string
	URL    string
	Meta   Meta
}

// SyncNote is a note as it travels: a memo by its document's sha256 (a document has one memo, so the
// memos two libraries wrote on one document are one record), a project note by its id.
type SyncNote struct {
	Key      string
	ID       string // project notes; "" for a memo
	DocSHA   string // memos
	Title    string
	Body     string
	Author   string
	Created  time.Time
	Modified time.Time
}

// SyncResolution is a decision on a disagreement as it travels: its document by sha256, its tag by path.
type SyncResolution struct {
	Key     string
	DocSHA  string
	TagPath string
	Start   int
	End     int
	With    []string
	Kind    string
	By      string
	At      time.Time
}

// SyncResolutionKey is the record key part of a resolution: the same decision made on two libraries is
// one record.
func SyncResolutionKey(docSHA, tagPath string, start, end int) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%s/%s/%d/%d", docSHA, strings.ToLower(tagPath), start, end))
	return hex.EncodeToString(sum[:16])
}

// applySyncDocuments sets pulled document details; a document not here is a problem (skipped).
func applySyncDocuments(cs *changeSet, list []SyncDocument, problem func(key, msg string)) error {
	older := olderDocs{tx: cs.tx}
	for _, sd := range list {
		docID := string(cs.tx.Bucket(bucketDocBySHA).Get([]byte(sd.SHA256)))
		if docID == "" {
			// Named by a version that is an older one here (a split history joined, sync_split.go): the
			// library that sent it joins too and sends its details again under the newer version.
			if id, err := older.find(sd.SHA256); err != nil {
				return err
			} else if id == "" {
				problem(sd.Key, fmt.Sprintf("document %s: not in this library", sd.SHA256))
			}
			continue
		}
		d, err := getDoc(cs.tx, docID)
		if err != nil {
			return err
		}
		title, err := validateMetadata(sd.Title, sd.Date)
		if err != nil {
			problem(sd.Key, fmt.Sprintf("document %s: %v", sd.SHA256, err))
			continue
		}
		d.Title, d.Date, d.Source, d.URL, d.Meta = title, sd.Date, sd.Source, sd.URL, sd.Meta
		d.URLs = documentURLs(d, Provenance{})
		if err := putDoc(cs, d); err != nil {
			return err
		}
	}
	return nil
}

// applySyncNotes writes pulled notes: a memo replaces the document's memo here (keeping its id), a
// project note is written under its id.
func applySyncNotes(cs *changeSet, list []SyncNote, problem func(key, msg string)) error {
	for _, sn := range list {
		if err := checkNoteSize(sn.Body); err != nil {
			problem(sn.Key, err.Error())
			continue
		}
		n := Note{ID: sn.ID, Title: sn.Title, Body: sn.Body, Author: sn.Author, Created: sn.Created, Modified: sn.Modified}
		if sn.DocSHA != "" {
			docID := string(cs.tx.Bucket(bucketDocBySHA).Get([]byte(sn.DocSHA)))
			if docID == "" {
				problem(sn.Key, fmt.Sprintf("memo: its document (sha256 %s) is not in this library", sn.DocSHA))
				continue
			}
			n.DocID = docID
			memo, found, err := documentNote(cs.tx, docID)
			if err != nil {
				return err
			}
			if found {
				n.ID = memo.ID
			} else {
				id, err := newV7()
				if err != nil {
					return err
				}
				n.ID = id.String()
			}
		}
		if n.ID == "" {
			problem(sn.Key, "note without an id")
			continue
		}
		if err := cs.putJSON(bucketNotes, n.ID, n); err != nil {
			return err
		}
	}
	return nil
}

// deleteSyncNotes removes pulled deletions of notes: project notes by id, memos by their document's sha256.
func deleteSyncNotes(cs *changeSet, ids, memoDocs []string) error {
	for _, id := range ids {
		if cs.tx.Bucket(bucketNotes).Get([]byte(id)) != nil {
			if err := cs.del(bucketNotes, id); err != nil {
				return err
			}
		}
	}
	for _, sha := range memoDocs {
		docID := string(cs.tx.Bucket(bucketDocBySHA).Get([]byte(sha)))
		if docID == "" {
			continue
		}
		memo, found, err := documentNote(cs.tx, docID)
		if err != nil {
			return err
		}
		if found {
			if err := cs.del(bucketNotes, memo.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// applySyncResolutions writes pulled resolutions; ensure finds or makes a tag by path.
func applySyncResolutions(cs *changeSet, list []SyncResolution, ensure func(string) (string, error), problem func(key, msg string)) error {
	for _, sr := range list {
		docID := string(cs.tx.Bucket(bucketDocBySHA).Get([]byte(sr.DocSHA)))
		if docID == "" {
			problem(sr.Key, fmt.Sprintf("resolution: its document (sha256 %s) is not in this library", sr.DocSHA))
			continue
		}
		tagID, err := ensure(sr.TagPath)
		if err != nil {
			problem(sr.Key, err.Error())
			continue
		}
		kind := sr.Kind
		if kind == "" {
			kind = ResolutionKeepBoth
		}
		r := Resolution{DocID: docID, TagID: tagID, Start: sr.Start, End: sr.End, With: slices.Sorted(slices.Values(sr.With)),
			Kind: kind, By: sr.By, At: sr.At}
		if r.With == nil {
			r.With = []string{}
		}
		if err := cs.putJSON(bucketResolutions, resolutionKey(docID, tagID, r.Start, r.End), r); err != nil {
			return err
		}
	}
	return nil
}

// deleteSyncResolutions removes the resolutions whose SyncResolutionKey is in keys; paths gives each tag
// id's path.
func deleteSyncResolutions(cs *changeSet, keys []string, paths map[string]string) error {
	if len(keys) == 0 {
		return nil
	}
	gone := map[string]bool{}
	for _, k := range keys {
		gone[k] = true
	}
	var del []string
	err := eachJSON(cs.tx.Bucket(bucketResolutions), "resolution", func(r Resolution) {
		d, err := getDoc(cs.tx, r.DocID)
		if err != nil {
			return
		}
		if gone[SyncResolutionKey(d.SHA256, paths[r.TagID], r.Start, r.End)] {
			del = append(del, resolutionKey(r.DocID, r.TagID, r.Start, r.End))
		}
	})
	if err != nil {
		return err
	}
	for _, k := range del {
		if err := cs.del(bucketResolutions, k); err != nil {
			return err
		}
	}
	return nil
}

// editedFrom is every record a write other than a pull changed in journal entry from or later (0: none
// looked at): a pulled body must not overwrite an edit made here while its round ran, which that round did not
// push. Such a record is left for the next round, which pushes the edit, so the two meet as a conflict.
func editedFrom(tx *bolt.Tx, from uint64) (map[RecordKey]bool, error) {
	out := map[RecordKey]bool{}
	if from == 0 {
		return out, nil
	}
	c := tx.Bucket(bucketJournal).Cursor()
	for k, v := c.Seek(seqKey(from)); k != nil; k, v = c.Next() {
		var rec struct {
			Op      string `json:"op"`
			Changes []struct {
				Bucket string `json:"bucket"`
				Key    string `json:"key"`
			} `json:"changes"`
		}
		if err := json.Unmarshal(v, &rec); err != nil {
			return nil, fmt.Errorf("journal entry %x: %w", k, err)
		}
		if rec.Op == opSyncPull {
			continue
		}
		for _, ch := range rec.Changes {
			out[RecordKey{Bucket: ch.Bucket, Key: ch.Key}] = true
		}
	}
	return out, nil
}

// editedMessage says why a pulled record waits.
func editedMessage(key string) string {
	return key + ": edited here while this round ran: the edit goes out next round, and the two meet as a conflict"
}
