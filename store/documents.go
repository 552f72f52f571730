package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"
)

func versionKey(docID string, n int) []byte { return fmt.Appendf(nil, "%s/%08d", docID, n) }

// childPrefix is the key prefix of the per-document entries in versions and ann_by_doc.
func childPrefix(docID string) []byte { return []byte(docID + "/") }

// AddDocument stores a new document with its first version.
func (s *Store) AddDocument(nd NewDocument) (Document, error) {
	title, err := validateMetadata(nd.Title, nd.Date)
	if err != nil {
		return Document{}, err
	}
	if !utf8.ValidString(nd.Text) {
		return Document{}, errors.New("add document: text is not valid UTF-8")
	}
	body, ok := fromCodePoint(nd.Text, nd.BodyStart)
	if !ok {
		return Document{}, fmt.Errorf("add document: body start %d is outside the text (%d code points)",
			nd.BodyStart, utf8.RuneCountInString(nd.Text))
	}
	if err := validateProvenance(nd.Provenance, utf8.RuneCountInString(nd.Text)); err != nil {
		return Document{}, fmt.Errorf("add document: %w", err)
	}
	id, err := newV7()
	if err != nil {
		return Document{}, err
	}
	now := time.Now().UTC()
	doc := Document{
		ID:         id.String(),
		Title:      title,
		Date:       nd.Date,
		Source:     nd.Source,
		URL:        nd.URL,
		Format:     nd.Format,
		SHA256:     nd.SHA256,
		Version:    1,
		Words:      CountWords(body),
		BodyStart:  nd.BodyStart,
		ImportedAt: now,
		SeedKey:    nd.SeedKey,
		Meta:       nd.Meta,
	}
	doc.URLs = documentURLs(doc, nd.Provenance)
	ver := Version{
		DocID:      doc.ID,
		N:          1,
		Text:       nd.Text,
		Raw:        nd.Raw,
		SHA256:     nd.SHA256,
		SourcePath: nd.SourcePath,
		ImportedAt: now,
		Provenance: nd.Provenance,
	}
	// Imports are journaled but not undoable: deleting the document is the way back.
	err = s.write(opDocAdd, false, func(cs *changeSet) (string, error) {
		if doc.SHA256 != "" {
			if other := cs.tx.Bucket(bucketDocBySHA).Get([]byte(doc.SHA256)); other != nil {
				return "", fmt.Errorf("add document: %w (%s)", ErrDuplicate, other)
			}
			if err := cs.put(bucketDocBySHA, doc.SHA256, []byte(doc.ID)); err != nil {
				return "", err
			}
		}
		if err := putDoc(cs, doc); err != nil {
			return "", err
		}
		if err := cs.putVersion(string(versionKey(doc.ID, 1)), &ver); err != nil {
			return "", err
		}
		if doc.SeedKey != "" {
			if err := cs.put(bucketMeta, seedKeyPrefix+doc.SeedKey, []byte(doc.ID)); err != nil {
				return "", err
			}
		}
		return fmt.Sprintf("Document %q imported", doc.Title), nil
	})
	if err != nil {
		return Document{}, err
	}
	return doc, nil
}

// fromCodePoint returns text from code point cp on; BodyStart counts code
// points, not bytes.
func fromCodePoint(text string, cp int) (string, bool) {
	if cp < 0 {
		return "", false
	}
	n := 0
	for i := range text {
		if n == cp {
			return text[i:], true
		}
		n++
	}
	return "", n == cp
}

// validateMetadata returns the trimmed title, or an error the UI can show.
func validateMetadata(title, date string) (string, error) {
	title = strings.TrimSpace(title)
	if title == "" {
		return "", errors.New("the title must not be blank")
	}
	if date != "" {
		if _, err := time.Parse(time.DateOnly, date); err != nil {
			return "", fmt.Errorf("the date %q is not a valid date in YYYY-MM-DD form", date)
		}
	}
	return title, nil
}

// Documents lists every document, oldest import first.
func (s *Store) Documents() ([]Document, error) {
	var docs []Document
	err := s.db.View(func(tx *bolt.Tx) error {
		counts := map[string]int{}
		err := tx.Bucket(bucketAnnByDoc).ForEach(func(k, _ []byte) error {
			if docID, _, ok := bytes.Cut(k, []byte("/")); ok {
				counts[string(docID)]++
			}
			return nil
		})
		if err != nil {
			return err
		}
		return tx.Bucket(bucketDocs).ForEach(func(k, v []byte) error {
			var d Document
			if err := json.Unmarshal(v, &d); err != nil {
				return fmt.Errorf("document %s: %w", k, err)
			}
			d.Annotations = counts[d.ID]
			docs = append(docs, d)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(docs, func(i, j int) bool {
		if !docs[i].ImportedAt.Equal(docs[j].ImportedAt) {
			return docs[i].ImportedAt.Before(docs[j].ImportedAt)
		}
		return docs[i].ID < docs[j].ID
	})
	return docs, nil
}

// Document returns one document; unknown ids give ErrNotFound.
func (s *Store) Document(id string) (Document, error) {
	var d Document
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		d, err = getDoc(tx, id)
		return err
	})
	return d, err
}

// Version returns version n of a document; n == 0 means the current one.
func (s *Store) Version(docID string, n int) (Version, error) {
	var v Version
	err := s.db.View(func(tx *bolt.Tx) error {
		d, err := getDoc(tx, docID)
		if err != nil {
			return err
		}
		if n == 0 {
			n = d.Version
		}
		raw := tx.Bucket(bucketVersions).Get(versionKey(docID, n))
		if n < 0 || raw == nil {
			return fmt.Errorf("version %d of document %s: %w", n, docID, ErrNotFound)
		}
		return json.Unmarshal(raw, &v)
	})
	return v, err
}

// DocumentTexts calls fn with each of the given documents (Annotations counted, as Document does; unknown
// ids are skipped) and the text of its current version, in one read transaction: what a search needs for
// its hits, where Document and Version read the document twice in two transactions and decode the whole
// version (markup included). Returning ErrStop from fn ends the walk early without an error.
func (s *Store) DocumentTexts(ids []string, fn func(d Document, text string) error) error {
	err := s.db.View(func(tx *bolt.Tx) error {
		for _, id := range ids {
			d, err := getDoc(tx, id)
			if errors.Is(err, ErrNotFound) {
				continue
			} else if err != nil {
				return err
			}
			raw := tx.Bucket(bucketVersions).Get(versionKey(id, d.Version))
			if raw == nil {
				continue // as Version would say: not found
			}
			var v struct {
				Text string `json:"text"`
			}
			if err := json.Unmarshal(raw, &v); err != nil {
				return fmt.Errorf("version %d of document %s: %w", d.Version, id, err)
			}
			if err := fn(d, v.Text); err != nil {
				return err
			}
		}
		return nil
	})
	if errors.Is(err, ErrStop) {
		return nil
	}
	return err
}

// SetMetadata changes a document's title and date.
func (s *Store) SetMetadata(id, title, date string) (Document, error) {
	title, err := validateMetadata(title, date)
	if err != nil {
		return Document{}, err
	}
	var d Document
	err = s.write(opDocMeta, true, func(cs *changeSet) (string, error) {
		if d, err = getDoc(cs.tx, id); err != nil {
			return "", err
		}
		label := fmt.Sprintf("Details of %q edited", d.Title)
		d.Title, d.Date = title, date
		return label, putDoc(cs, d)
	})
	if err != nil {
		return Document{}, err
	}
	return d, nil
}

// DeleteDocument removes a document with its versions, annotations and memo, as one undo step. The
// seed marker stays so a deleted seed is not imported again.
func (s *Store) DeleteDocument(id string) error {
	return s.write(opDocDelete, true, func(cs *changeSet) (string, error) {
		title, err := deleteDocumentIn(cs, id)
		return fmt.Sprintf("Document %q deleted", title), err
	})
}

// deleteDocumentIn deletes document id with its versions, annotations and memo in cs; it returns the
// title (DeleteDocument, DeleteDocuments).
func deleteDocumentIn(cs *changeSet, id string) (string, error) {
	d, err := getDoc(cs.tx, id)
	if err != nil {
		return "", err
	}
	prefix := childPrefix(id)
	for _, k := range keysWithPrefix(cs.tx.Bucket(bucketVersions), prefix) {
		if err := cs.del(bucketVersions, string(k)); err != nil {
			return "", err
		}
	}
	for _, k := range keysWithPrefix(cs.tx.Bucket(bucketAnnByDoc), prefix) {
		if err := cs.del(bucketAnnotations, string(k[len(prefix):])); err != nil {
			return "", err
		}
		if err := cs.del(bucketAnnByDoc, string(k)); err != nil {
			return "", err
		}
	}
	if memo, found, err := documentNote(cs.tx, id); err != nil {
		return "", err
	} else if found {
		if err := cs.del(bucketNotes, memo.ID); err != nil {
			return "", err
		}
	}
	if d.SHA256 != "" && string(cs.tx.Bucket(bucketDocBySHA).Get([]byte(d.SHA256))) == id {
		if err := cs.del(bucketDocBySHA, d.SHA256); err != nil {
			return "", err
		}
	}
	return d.Title, cs.del(bucketDocs, id)
}

// SeedImported reports whether a seed with this key was ever added.
func (s *Store) SeedImported(key string) (bool, error) {
	var seen bool
	err := s.db.View(func(tx *bolt.Tx) error {
		seen = tx.Bucket(bucketMeta).Get([]byte(seedKeyPrefix+key)) != nil
		return nil
	})
	return seen, err
}

// DocumentBySHA finds the document whose current version has this SHA-256.
func (s *Store) DocumentBySHA(sha string) (Document, bool, error) {
	var d Document
	var found bool
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		id := tx.Bucket(bucketDocBySHA).Get([]byte(sha))
		if id == nil {
			return nil
		}
		d, err = getDoc(tx, string(id))
		found = err == nil
		return err
	})
	return d, found, err
}

// getDoc reads a document and counts its annotations.
func getDoc(tx *bolt.Tx, id string) (Document, error) {
	raw := tx.Bucket(bucketDocs).Get([]byte(id))
	if raw == nil {
		return Document{}, fmt.Errorf("document %s: %w", id, ErrNotFound)
	}
	var d Document
	if err := json.Unmarshal(raw, &d); err != nil {
		return Document{}, fmt.Errorf("document %s: %w", id, err)
	}
	c := tx.Bucket(bucketAnnByDoc).Cursor()
	prefix := childPrefix(id)
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		d.Annotations++
	}
	return d, nil
}

// putDoc stores a document; Annotations is derived on read, so it is not kept.
func putDoc(cs *changeSet, d Document) error {
	d.Annotations = 0
	return cs.putJSON(bucketDocs, d.ID, d)
}

// eachJSON decodes every record of a bucket in key order; one that does not decode stops it with an error
// naming the record (what: "tag", "tombstone", …).
func eachJSON[T any](b *bolt.Bucket, what string, fn func(T)) error {
	return b.ForEach(func(k, v []byte) error {
		var rec T
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("%s %s: %w", what, k, err)
		}
		fn(rec)
		return nil
	})
}

func putJSON(b *bolt.Bucket, key []byte, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, raw)
}

// keysWithPrefix copies the matching keys, so callers may delete them
// afterwards (deleting under a live cursor can skip entries).
func keysWithPrefix(b *bolt.Bucket, prefix []byte) [][]byte {
	var keys [][]byte
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		keys = append(keys, bytes.Clone(k))
	}
	return keys
}
