package store

import (
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Settings are the window's preferences (theme, reader font, window geometry, recent documents…), kept
// in the meta bucket under "setting:" keys. They are not library content: a change is one durable
// transaction but is not journaled, so it is neither undoable nor seen by the search index.
const settingPrefix = "setting:"

// maxSettingKey and maxSettingValue bound what the page may store.
const (
	maxSettingKey   = 64
	maxSettingValue = 64 << 10
)

// Setting returns one setting, "" when it was never set.
func (s *Store) Setting(key string) string {
	var v string
	_ = s.db.View(func(tx *bolt.Tx) error {
		v = string(tx.Bucket(bucketMeta).Get([]byte(settingPrefix + key)))
		return nil
	})
	return v
}

// Settings returns every stored setting by key.
func (s *Store) Settings() (map[string]string, error) {
	out := map[string]string{}
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketMeta).Cursor()
		p := []byte(settingPrefix)
		for k, v := c.Seek(p); k != nil && strings.HasPrefix(string(k), settingPrefix); k, v = c.Next() {
			out[strings.TrimPrefix(string(k), settingPrefix)] = string(v)
		}
		return nil
	})
	return out, err
}

// SetSetting stores a setting; "" deletes it (back to the default).
func (s *Store) SetSetting(key, value string) error {
	return s.SetSettings(map[string]string{key: value})
}

// SetSettings stores several settings in one transaction; "" deletes a key.
func (s *Store) SetSettings(kv map[string]string) error {
	for k, v := range kv {
		if k == "" || len(k) > maxSettingKey || strings.ContainsAny(k, "\x00\n") {
			return fmt.Errorf("setting %q: invalid name", k)
		}
		if len(v) > maxSettingValue {
			return fmt.Errorf("setting %q: value longer than %d bytes", k, maxSettingValue)
		}
	}
	return s.update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		for k, v := range kv {
			var err error
			if v == "" {
				err = meta.Delete([]byte(settingPrefix + k))
			} else {
				err = meta.Put([]byte(settingPrefix+k), []byte(v))
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}
