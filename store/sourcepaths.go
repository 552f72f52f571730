package store

import (
	"encoding/json"

	bolt "go.etcd.io/bbolt"
)

// SourcePaths maps the file each document's current version was imported from to the document id, so
// importing that file again can offer "new version of …" instead of a second document.
func (s *Store) SourcePaths() (map[string]string, error) {
	paths := map[string]string{}
	err := s.db.View(func(tx *bolt.Tx) error {
		versions := tx.Bucket(bucketVersions)
		return tx.Bucket(bucketDocs).ForEach(func(k, v []byte) error {
			var d Document
			if err := json.Unmarshal(v, &d); err != nil {
				return err
			}
			var ver struct {
				SourcePath string `json:"sourcePath"`
			}
			if raw := versions.Get(versionKey(d.ID, d.Version)); raw != nil {
				if err := json.Unmarshal(raw, &ver); err != nil {
					return err
				}
			}
			if ver.SourcePath != "" {
				paths[ver.SourcePath] = d.ID
			}
			return nil
		})
	})
	return paths, err
}
