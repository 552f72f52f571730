package sync

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/go-kivik/kivik/v4"

	"gloss/store"
)

// adopt settles, before a push, the records this library has and holds no sync state for while the
// server has them already: a project the library never synced with that holds the same records (a
// library restored from a backup, a copy of another's file), or sync state lost. Pushing such a record
// as a new revision made a conflict with itself. Instead:
//   - a document: the server's record is taken as this one's (two libraries importing one article);
//   - the same content (the record as the library would write it, CouchDB's own fields and the owner
//     aside): the server's revision is taken as this library's; identical content is never a conflict;
//   - content the server had earlier: the body is one of this library's own earlier revisions (revision
//     ids are derived from the parent and the body, so its history shows it), and the library is only
//     behind: the server's winner (an edit or a deletion) is applied here;
//   - other content: pushed, and the two meet as a conflict (no shared history says which is newer).
//
// It returns the keys settled; what it applied is counted as pulled.
func adopt(ctx context.Context, s *store.Store, db *kivik.DB, keys []string, mine map[string]local, res *Result) (map[string]bool, error) {
	taken := map[string]bool{}
	b := store.SyncBatch{EditedFrom: res.pushed + 1}
	var recs []store.SyncRecord
	for start := 0; start < len(keys); start += pushChunk {
		chunk := keys[start:min(start+pushChunk, len(keys))]
		rows := db.AllDocs(ctx, kivik.Params(map[string]any{"keys": chunk, "include_docs": true}))
		for rows.Next() {
			id, _ := rows.ID()
			var v struct {
				Rev     string `json:"rev"`
				Deleted bool   `json:"deleted"`
			}
			if err := rows.ScanValue(&v); err != nil || v.Rev == "" || id == "" {
				continue // not there
			}
			l := mine[id]
			if strings.HasPrefix(id, "doc:") {
				if v.Deleted {
					continue
				}
				// versions the other library has and this one never imported (it took only the newer
				// file) come from the record's texts, so annotations on them find their text here
				var d docDoc
				if err := rows.ScanDoc(&d); err == nil && d.Removed != nil {
					b.Notices = append(b.Notices, store.SyncNotice{SHA256: d.SHA256, By: d.Removed.By, At: d.Removed.At})
				} else if err == nil {
					if _, note, err := importDocument(ctx, s, db, id, v.Rev, d); err != nil {
						res.Problems = append(res.Problems, fmt.Sprintf("%s: %v", id, err))
					} else if note != "" {
						res.Notes = append(res.Notes, note)
					}
				}
				h := l.hash
				if doc, ok, err := s.DocumentBySHA(strings.TrimPrefix(id, "doc:")); err == nil && ok {
					if h, err = hashOf(summaryOf(doc, s.Setting(SettingKeepTextsLocal) == "true")); err != nil {
						return nil, err
					}
				}
				recs = append(recs, store.SyncRecord{Key: id, Rev: v.Rev, Hash: h})
				taken[id] = true
				continue
			}
			var raw map[string]json.RawMessage
			h := ""
			if !v.Deleted {
				if err := rows.ScanDoc(&raw); err != nil {
					continue
				}
				var err error
				if h, err = addToBatch(&store.SyncBatch{}, id, raw); err != nil {
					continue
				}
			}
			rec := store.SyncRecord{Key: id, Rev: v.Rev, Hash: h}
			if raw != nil {
				_ = json.Unmarshal(raw["owner"], &rec.Owner)
			}
			if h == l.hash {
				recs = append(recs, rec)
				taken[id] = true
				continue
			}
			behind, err := earlierRevision(ctx, db, id, v.Rev, l.hash)
			if err != nil {
				return nil, err
			}
			if !behind {
				continue
			}
			taken[id] = true
			if v.Deleted {
				deleteInBatch(&b, id)
			} else if _, err := addToBatch(&b, id, raw); err == nil {
				b.Remember = append(b.Remember, rec)
			}
			res.Pulled++
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sync push: looking up records on the server: %w", err)
		}
		rows.Close()
	}
	if err := s.RememberSync(recs, nil); err != nil {
		return nil, err
	}
	problems, err := s.ApplySync(b)
	if err != nil {
		return nil, fmt.Errorf("sync push: applying what the server had newer: %w", err)
	}
	res.Pulled -= len(problems)
	res.Problems = append(res.Problems, problems...) // not remembered: the next round looks again
	return taken, nil
}

// earlierRevision says whether the body of hash h is one of the revisions before rev in record id's
// history: every library writes revision nextRev(parent, hash of its body), so the history's ids show
// which bodies it held.
func earlierRevision(ctx context.Context, db *kivik.DB, id, rev, h string) (bool, error) {
	var d struct {
		Revisions struct {
			Start int      `json:"start"`
			IDs   []string `json:"ids"`
		} `json:"_revisions"`
	}
	if err := db.Get(ctx, id, kivik.Rev(rev), kivik.Param("revs", true)).ScanDoc(&d); err != nil {
		if kivik.HTTPStatus(err) != 0 {
			return false, nil
		}
		return false, fmt.Errorf("sync push: reading the history of %s: %w", id, err)
	}
	at := func(gen int) string { // the revision of generation gen in the history ("" when cut off)
		i := d.Revisions.Start - gen
		if gen < 1 || i < 0 || i >= len(d.Revisions.IDs) {
			return ""
		}
		return fmt.Sprintf("%d-%s", gen, d.Revisions.IDs[i])
	}
	for gen := d.Revisions.Start - 1; gen >= 1; gen-- {
		prev := at(gen - 1)
		if prev == "" && gen > 1 {
			break // the history is cut off (revs_limit): older bodies cannot be told
		}
		if next, _ := nextRev(prev, h); next == at(gen) {
			return true, nil
		}
	}
	return false, nil
}
