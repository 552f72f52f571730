package store

import (
	"fmt"
	"slices"
	"strconv"
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

// MaxBackupRetention is the most daily backups a library keeps (a year).
const MaxBackupRetention = 365

// ValidateSetting checks a value of one of the settings the window and the CLI may change, with one rule
// per setting; "" (back to the default) is always valid. Other keys (what Go itself keeps, such as the
// window's geometry) pass: SetSettings bounds their size.
func ValidateSetting(key, value string) error {
	if value == "" {
		return nil
	}
	oneOf := func(vals ...string) error {
		if !slices.Contains(vals, value) {
			return fmt.Errorf("setting %s: %q is not one of %v", key, value, vals)
		}
		return nil
	}
	whole := func(lo, hi int, what string) error {
		if n, err := strconv.Atoi(value); err != nil || n < lo || n > hi {
			return fmt.Errorf("%s %q: give %s from %d to %d", strings.ReplaceAll(key, "_", " "), value, what, lo, hi)
		}
		return nil
	}
	switch key {
	case "theme":
		return oneOf("system", "light", "dark")
	case "reader_font":
		return oneOf("serif", "sans")
	case "reader_size":
		return whole(12, 32, "a whole number of pixels")
	case "zoom":
		return whole(50, 300, "a percentage")
	case "welcome_dismissed":
		return oneOf("1")
	case "backup_retention":
		return whole(1, MaxBackupRetention, "a number of daily backups")
	case "refresh_interval": // minutes between checks of the captured documents while the window is open; "" = never
		return whole(5, 7*24*60, "a number of minutes")
	}
	return nil
}

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
		if err := ValidateSetting(k, v); err != nil {
			return err
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
