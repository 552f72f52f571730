package store

import (
	"strings"

	bolt "go.etcd.io/bbolt"
)

// ForgetSync drops every synced record and waiting conflict in one durable transaction and remembers
// project as the one the library syncs with (the setting named by key). Team sync calls it when the
// project on the server is not the one the records were made against (another project, or the same
// name made anew after it was lost): the records would claim everything had been sent, so the next
// round would push nothing. With them gone, it pushes the whole library again. Library content is not
// touched.
func (s *Store) ForgetSync(key, project string) error {
	if err := ValidateSetting(key, project); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		var drop [][]byte
		c := meta.Cursor()
		for _, prefix := range []string{syncRecPrefix, syncConflictPrefix} {
			for k, _ := c.Seek([]byte(prefix)); k != nil && strings.HasPrefix(string(k), prefix); k, _ = c.Next() {
				drop = append(drop, append([]byte(nil), k...))
			}
		}
		for _, k := range drop {
			if err := meta.Delete(k); err != nil {
				return err
			}
		}
		return meta.Put([]byte(settingPrefix+key), []byte(project))
	})
}
