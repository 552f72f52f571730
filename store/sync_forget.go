package store

import (
	"strings"

	bolt "go.etcd.io/bbolt"
)

// syncSavedPrefix keeps the sync records and conflicts of a project the library synced before and left:
// "sync:saved:<project uuid>:<the record's own key>".
const syncSavedPrefix = "sync:saved:"

// SwitchSync changes the project the library's sync records belong to, in one durable transaction: the
// records and waiting conflicts made against project from (its uuid; "" keeps none) are put aside under
// that uuid, and those put aside earlier for project to are brought back, so a library switched back to
// a project it synced before knows which revisions there are its own and pushes only what changed since
// (before, it forgot them, pushed every record again and each edited one showed as a conflict with its
// own earlier revision). A project never synced here (or made anew, with a new uuid) starts with no
// records, so the whole library is pushed to it (refused pushes waiting go aside and come back the same
// way). The setting named by key remembers to. It returns how
// many records came back. Library content is not touched.
func (s *Store) SwitchSync(key, from, to string) (restored int, err error) {
	if err := ValidateSetting(key, to); err != nil {
		return 0, err
	}
	err = s.update(func(tx *bolt.Tx) error {
		restored = 0
		meta := tx.Bucket(bucketMeta)
		if from == to {
			return meta.Put([]byte(settingPrefix+key), []byte(to))
		}
		type kv struct{ k, v []byte }
		under := func(prefix string) []kv {
			var out []kv
			c := meta.Cursor()
			for k, v := c.Seek([]byte(prefix)); k != nil && strings.HasPrefix(string(k), prefix); k, v = c.Next() {
				out = append(out, kv{append([]byte(nil), k...), append([]byte(nil), v...)})
			}
			return out
		}
		var live []kv
		for _, prefix := range []string{syncRecPrefix, syncConflictPrefix, syncRefusedPrefix} {
			live = append(live, under(prefix)...)
		}
		if from != "" {
			for _, old := range under(syncSavedPrefix + from + ":") { // a stale set from an earlier stay
				if err := meta.Delete(old.k); err != nil {
					return err
				}
			}
		}
		for _, e := range live {
			if err := meta.Delete(e.k); err != nil {
				return err
			}
			if from != "" {
				if err := meta.Put([]byte(syncSavedPrefix+from+":"+string(e.k)), e.v); err != nil {
					return err
				}
			}
		}
		if to != "" {
			saved := syncSavedPrefix + to + ":"
			for _, e := range under(saved) {
				if err := meta.Delete(e.k); err != nil {
					return err
				}
				k := strings.TrimPrefix(string(e.k), saved)
				if err := meta.Put([]byte(k), e.v); err != nil {
					return err
				}
				if strings.HasPrefix(k, syncRecPrefix) {
					restored++
				}
			}
		}
		return meta.Put([]byte(settingPrefix+key), []byte(to))
	})
	return restored, err
}
