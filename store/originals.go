package store

import (
	"encoding/json"

	bolt "go.etcd.io/bbolt"
)

// DocumentByOriginalID finds the document whose current version was read from a file with this
// document id (a PDF's trailer /ID): the same report, maybe revised, imported before from anywhere.
func (s *Store) DocumentByOriginalID(id string) (Document, bool, error) {
	if id == "" {
		return Document{}, false, nil
	}
	var found string
	err := s.db.View(func(tx *bolt.Tx) error {
		versions := tx.Bucket(bucketVersions)
		return tx.Bucket(bucketDocs).ForEach(func(k, v []byte) error {
			if found != "" {
				return nil
			}
			var d Document
			if err := json.Unmarshal(v, &d); err != nil {
				return err
			}
			var ver struct {
				Original *Original `json:"original"`
			}
			if raw := versions.Get(versionKey(d.ID, d.Version)); raw != nil {
				if err := json.Unmarshal(raw, &ver); err != nil {
					return err
				}
			}
			if ver.Original != nil && ver.Original.DocumentID == id {
				found = d.ID
			}
			return nil
		})
	})
	if err != nil || found == "" {
		return Document{}, false, err
	}
	d, err := s.Document(found)
	return d, err == nil, err
}
