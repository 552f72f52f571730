package reading

import (
	"encoding/json"
	"slices"
)

// The Library's list of the documents read last (setting "recent", newest first).

const settingRecent = "recent"

// MaxRecent is how many documents the list keeps.
const MaxRecent = 10

// RecentDoc is one entry of the recent documents list.
type RecentDoc struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Opened records a document as read most recently.
func (r *Reader) Opened(id string) error {
	ids := r.recentIDs()
	ids = slices.DeleteFunc(ids, func(s string) bool { return s == id })
	ids = append([]string{id}, ids...)
	if len(ids) > MaxRecent {
		ids = ids[:MaxRecent]
	}
	raw, _ := json.Marshal(ids)
	return r.store.SetSetting(settingRecent, string(raw))
}

func (r *Reader) recentIDs() []string {
	var ids []string
	_ = json.Unmarshal([]byte(r.store.Setting(settingRecent)), &ids)
	return ids
}

// Recent lists the last documents read, newest first, leaving out deleted ones.
func (r *Reader) Recent() ([]RecentDoc, error) {
	docs, err := r.store.Documents()
	if err != nil {
		return nil, err
	}
	titles := make(map[string]string, len(docs))
	for _, d := range docs {
		titles[d.ID] = d.Title
	}
	out := []RecentDoc{}
	for _, id := range r.recentIDs() {
		if t, ok := titles[id]; ok {
			out = append(out, RecentDoc{id, t})
		}
	}
	return out, nil
}
