package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// Check verifies bbolt's page structure and Gloss's own invariants, and
// returns one error listing every problem found.
func (s *Store) Check() error {
	var problems []error
	report := func(format string, args ...any) { problems = append(problems, fmt.Errorf(format, args...)) }

	err := s.db.View(func(tx *bolt.Tx) error {
		// tx.Check reads every page; a truncated file would fault there.
		if err := checkFileSize(tx, s.path); err != nil {
			problems = append(problems, err)
			return nil
		}
		for err := range tx.Check() {
			problems = append(problems, err)
		}
		if _, err := readSchemaVersion(tx); err != nil {
			problems = append(problems, err)
		}
		for _, name := range allBuckets {
			if tx.Bucket(name) == nil {
				report("bucket %s is missing", name)
			}
		}
		if len(problems) > 0 {
			return nil // the checks below assume a sound file with all buckets
		}
		checkDocuments(tx, report)
		checkAnnotations(tx, report)
		checkAnchors(tx, report) // versions.go
		checkTags(tx, report)
		checkNotes(tx, report)
		checkStacks(tx, report)
		checkTombstones(tx, report)
		checkResolutions(tx, report)
		return nil
	})
	if err != nil {
		problems = append(problems, err)
	}
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("%s: %d problem(s) found:\n%w", s.path, len(problems), errors.Join(problems...))
}

// checkDocuments: every document decodes, has versions 1..Version and no
// others, and agrees with the sha index in both directions.
func checkDocuments(tx *bolt.Tx, report func(string, ...any)) {
	docs := tx.Bucket(bucketDocs)
	versions := tx.Bucket(bucketVersions)
	bySHA := tx.Bucket(bucketDocBySHA)

	_ = docs.ForEach(func(k, v []byte) error {
		var d Document
		if err := json.Unmarshal(v, &d); err != nil {
			report("document %s does not decode: %v", k, err)
			return nil
		}
		if d.ID != string(k) {
			report("document under key %s has id %q", k, d.ID)
		}
		if d.Version < 1 {
			report("document %s has version %d", k, d.Version)
		}
		for n := 1; n <= d.Version; n++ {
			raw := versions.Get(versionKey(d.ID, n))
			if raw == nil {
				report("document %s: version %d is missing", k, n)
				continue
			}
			var ver Version
			if err := json.Unmarshal(raw, &ver); err != nil {
				report("document %s: version %d does not decode: %v", k, n, err)
			} else if ver.DocID != d.ID || ver.N != n {
				report("document %s: version %d is labelled %s/%d", k, n, ver.DocID, ver.N)
			}
		}
		if d.SHA256 != "" {
			if got := bySHA.Get([]byte(d.SHA256)); string(got) != d.ID {
				report("document %s: sha index maps %s to %q", k, d.SHA256, got)
			}
		}
		return nil
	})

	_ = versions.ForEach(func(k, _ []byte) error {
		docID, nText, ok := bytes.Cut(k, []byte("/"))
		n, err := strconv.Atoi(string(nText))
		if !ok || err != nil {
			report("version key %q is malformed", k)
			return nil
		}
		raw := docs.Get(docID)
		if raw == nil {
			report("version %s belongs to no document", k)
			return nil
		}
		var d Document
		if json.Unmarshal(raw, &d) == nil && n > d.Version {
			report("version %s is beyond the document's version %d", k, d.Version)
		}
		return nil
	})

	_ = bySHA.ForEach(func(sha, id []byte) error {
		raw := docs.Get(id)
		if raw == nil {
			report("sha index maps %s to missing document %s", sha, id)
			return nil
		}
		var d Document
		if json.Unmarshal(raw, &d) == nil && d.SHA256 != string(sha) {
			report("sha index maps %s to document %s whose sha is %s", sha, id, d.SHA256)
		}
		return nil
	})
}

// checkAnnotations: ann_by_doc and annotations agree and point at existing documents.
func checkAnnotations(tx *bolt.Tx, report func(string, ...any)) {
	docs := tx.Bucket(bucketDocs)
	anns := tx.Bucket(bucketAnnotations)
	byDoc := tx.Bucket(bucketAnnByDoc)

	_ = byDoc.ForEach(func(k, _ []byte) error {
		docID, annID, ok := bytes.Cut(k, []byte("/"))
		if !ok {
			report("ann_by_doc key %q is malformed", k)
			return nil
		}
		if docs.Get(docID) == nil {
			report("ann_by_doc %s: document %s does not exist", k, docID)
		}
		if anns.Get(annID) == nil {
			report("ann_by_doc %s: annotation %s does not exist", k, annID)
		}
		return nil
	})

	texts := map[string]*CodePoints{} // versionKey -> text, nil when the version is missing
	indexed := 0                      // bytes of text in texts, bounded by maxIndexedBytes
	_ = anns.ForEach(func(k, v []byte) error {
		var a Annotation
		if err := json.Unmarshal(v, &a); err != nil {
			report("annotation %s does not decode: %v", k, err)
			return nil
		}
		if a.ID != string(k) {
			report("annotation under key %s has id %q", k, a.ID)
		}
		if docs.Get([]byte(a.DocID)) == nil {
			report("annotation %s: document %q does not exist", k, a.DocID)
		}
		if byDoc.Get(append(childPrefix(a.DocID), k...)) == nil {
			report("annotation %s is missing from ann_by_doc", k)
		}
		vk := string(versionKey(a.DocID, a.Version))
		text, seen := texts[vk]
		if !seen {
			if v, err := getVersion(tx, a.DocID, a.Version); err == nil {
				if indexed += len(v.Text); indexed > maxIndexedBytes {
					clear(texts) // many large versions: keep memory bounded, re-read when needed
					indexed = len(v.Text)
				}
				text = NewCodePoints(v.Text)
			}
			texts[vk] = text
		}
		if text == nil {
			report("annotation %s: version %d of document %q does not exist", k, a.Version, a.DocID)
		} else if exact, prefix, suffix, err := quoteIn(text, a.Start, a.End); err != nil {
			report("annotation %s: %v", k, err)
		} else if exact != a.Exact || prefix != a.Prefix || suffix != a.Suffix {
			report("annotation %s: its quote differs from the text at %d–%d", k, a.Start, a.End)
		}
		for _, tag := range a.Tags {
			if tx.Bucket(bucketTags).Get([]byte(tag)) == nil {
				report("annotation %s: tag %s does not exist", k, tag)
			}
		}
		return nil
	})
}

// checkTags: tags decode, their parents exist and no chain of parents is a cycle or too deep.
func checkTags(tx *bolt.Tx, report func(string, ...any)) {
	tags, err := loadTags(tx)
	if err != nil {
		report("%v", err)
		return
	}
	for id, t := range tags {
		if t.Parent != "" {
			if _, ok := tags[t.Parent]; !ok {
				report("tag %s: parent %s does not exist", id, t.Parent)
			}
		}
	}
	depths := map[string]int{"": 0}
	for id := range tags {
		// Walk up to a tag of known depth, then number the path on the way back.
		var path []string
		for at := id; ; at = tags[at].Parent {
			if _, known := depths[at]; known {
				break
			}
			if len(path) > maxTagDepth { // only a cycle or a too-deep tree walks this far
				report("tag %s: its parents form a cycle or are more than %d deep", id, maxTagDepth)
				for _, p := range path {
					depths[p] = maxTagDepth + 1
				}
				break
			}
			path = append(path, at)
		}
		for i := len(path) - 1; i >= 0; i-- {
			if _, known := depths[path[i]]; !known {
				depths[path[i]] = depths[tags[path[i]].Parent] + 1
			}
		}
	}
}

// checkNotes: notes decode, and each memo's document exists and has no other memo.
func checkNotes(tx *bolt.Tx, report func(string, ...any)) {
	memo := map[string]string{}
	_ = tx.Bucket(bucketNotes).ForEach(func(k, _ []byte) error {
		n, err := getNote(tx, string(k))
		switch {
		case err != nil:
			report("%v", err)
		case n.ID != string(k):
			report("note under key %s has id %q", k, n.ID)
		case n.DocID == "":
		case tx.Bucket(bucketDocs).Get([]byte(n.DocID)) == nil:
			report("note %s: document %s does not exist", k, n.DocID)
		case memo[n.DocID] != "":
			report("document %s has two memos: %s and %s", n.DocID, memo[n.DocID], k)
		default:
			memo[n.DocID] = n.ID
		}
		return nil
	})
}

// maxIndexedBytes bounds the texts (and their code point indexes) Check keeps at once: 32 MB of text, and
// a sparse code point index (store/codepoints.go) of an eighth of that.
const maxIndexedBytes = 32 << 20
