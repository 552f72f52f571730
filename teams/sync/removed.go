package sync

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/go-kivik/kivik/v4"

	"gloss/store"
)

// Document removal. A document deleted on one library is not deleted for the team: its annotations are
// other coders' work. The push sends its record as a removal (a live revision whose "removed" names who
// and when, with no texts), not a CouchDB deletion, and does not push deletions of the records that went
// with it (the document's annotations, its memo, its resolutions): they stay on the server for the
// libraries that keep the document. The library remembers the document as removed here
// (store.MarkSyncRemoved) and from then on leaves its records on the server alone. A library that has the
// document keeps it and shows a notice ("removed by ana") until the person deletes it there too (which
// removes it the same way) or keeps it (store.KeepSyncDocument: the next push publishes the record again,
// so the document lives on for the team). A library that never had it, or joins later, takes it as
// removed.

// removalPlan is what a push does about documents deleted here since they were synced.
type removalPlan struct {
	shas  []string        // documents removed here by this push
	leave map[string]bool // records gone with them: forgotten here, not deleted on the server
	// superseded are the records of a document's earlier state (a version that is an older one here now:
	// a new version was imported or joined): not a removal; forgotten here, left on the server as they are
	superseded []string
}

// planRemovals finds, among the keys a push would send, the documents deleted here and the records that
// went with them. A record's document is read from its last body on the server (its sync record here
// does not name it).
func planRemovals(ctx context.Context, s *store.Store, db *kivik.DB, keys []string, known map[string]store.SyncRecord, mine map[string]local) (removalPlan, error) {
	p := removalPlan{leave: map[string]bool{}}
	gone := map[string]bool{}
	var ask []string
	var older map[string]string
	for _, key := range keys {
		if _, here := mine[key]; here {
			continue
		}
		if _, ok := known[key]; !ok {
			continue
		}
		switch {
		case strings.HasPrefix(key, "doc:"):
			sha := strings.TrimPrefix(key, "doc:")
			if older == nil {
				var err error
				if older, err = s.SyncOlderVersions(); err != nil {
					return p, err
				}
			}
			if older[sha] != "" {
				p.superseded = append(p.superseded, key)
				p.leave[key] = true
				continue
			}
			gone[sha] = true
			p.shas = append(p.shas, sha)
		case strings.HasPrefix(key, "memo:"):
		case strings.HasPrefix(key, "ann:"), strings.HasPrefix(key, "res:"):
			ask = append(ask, key)
		}
	}
	if len(gone) == 0 {
		return p, nil
	}
	for _, key := range keys {
		if sha, ok := strings.CutPrefix(key, "memo:"); ok && gone[sha] {
			if _, here := mine[key]; !here {
				p.leave[key] = true
			}
		}
	}
	for start := 0; start < len(ask); start += pushChunk {
		rows := db.AllDocs(ctx, kivik.Params(map[string]any{"keys": ask[start:min(start+pushChunk, len(ask))], "include_docs": true}))
		for rows.Next() {
			id, _ := rows.ID()
			var d struct {
				DocSHA string `json:"docSha256"`
			}
			if err := rows.ScanDoc(&d); err == nil && gone[d.DocSHA] {
				p.leave[id] = true
			}
		}
		err := rows.Err()
		rows.Close()
		if err != nil {
			return p, fmt.Errorf("sync push: looking up what went with a removed document: %w", err)
		}
	}
	return p, nil
}

// removalDoc is the record that says a document was removed here.
func removalDoc(sha, by string) docDoc {
	if by == "" {
		by = "another library"
	}
	return docDoc{Type: "document", SHA256: sha, Versions: []versionDoc{}, Removed: &removal{By: by, At: time.Now().UTC()}}
}

// docOfRecord is the sha256 of the document a pulled record belongs to ("" for tags and project notes).
func docOfRecord(id string, raw map[string]json.RawMessage) string {
	if sha, ok := strings.CutPrefix(id, "memo:"); ok {
		return sha
	}
	if sha, ok := strings.CutPrefix(id, "doc:"); ok {
		return sha
	}
	var sha string
	if strings.HasPrefix(id, "ann:") || strings.HasPrefix(id, "res:") {
		_ = json.Unmarshal(raw["docSha256"], &sha)
	}
	return sha
}

// RemovalNotice is a document another library removed, still in this one.
type RemovalNotice struct {
	DocID  string    `json:"docId"`
	Title  string    `json:"title"`
	SHA256 string    `json:"sha256"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
}

// Removals lists the removal notices waiting here, with the documents they name.
func Removals(s *store.Store) ([]RemovalNotice, error) {
	list, err := s.SyncNotices()
	if err != nil {
		return nil, err
	}
	out := []RemovalNotice{}
	for _, n := range list {
		d, ok, err := s.DocumentBySHA(n.SHA256)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue // deleted here meanwhile (or a new version made it another record)
		}
		out = append(out, RemovalNotice{DocID: d.ID, Title: d.Title, SHA256: n.SHA256, By: n.By, At: n.At})
	}
	return out, nil
}

// SettleRemoval settles a removal notice here: deleteToo deletes the document (with this library's
// annotations on it, as deleting it by hand does; the next round sends the removal, never a deletion of
// others' work), otherwise the document is kept and published again for the project by the next round.
func SettleRemoval(s *store.Store, sha string, deleteToo bool) error {
	d, ok, err := s.DocumentBySHA(sha)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("document %s: %w", sha[:min(12, len(sha))], store.ErrNotFound)
	}
	if deleteToo {
		return s.DeleteDocument(d.ID)
	}
	return s.KeepSyncDocument(sha, "doc:"+sha)
}
