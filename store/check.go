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

	_ = anns.ForEach(func(k, v []byte) error {
		var a annotationRef
		if err := json.Unmarshal(v, &a); err != nil {
			report("annotation %s does not decode: %v", k, err)
			return nil
		}
		if docs.Get([]byte(a.Doc)) == nil {
			report("annotation %s: document %q does not exist", k, a.Doc)
		}
		if byDoc.Get(append(childPrefix(a.Doc), k...)) == nil {
			report("annotation %s is missing from ann_by_doc", k)
		}
		return nil
	})
}
