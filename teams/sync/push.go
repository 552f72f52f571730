package sync

import (
	"cmp"
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"gloss/store"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-kivik/kivik/v4"
)

// nextRev makes the revision that follows prev for a body of hash h, and its _revisions history.
func nextRev(prev, h string) (string, map[string]any) {
	gen, prevID := 0, ""
	if g, id, ok := strings.Cut(prev, "-"); ok {
		gen, _ = strconv.Atoi(g)
		prevID = id
	}
	sum := md5.Sum([]byte(prev + "\x00" + h))
	id := hex.EncodeToString(sum[:])
	ids := []string{id}
	if prevID != "" {
		ids = append(ids, prevID)
	}
	return fmt.Sprintf("%d-%s", gen+1, id), map[string]any{"start": gen + 1, "ids": ids}
}

// pushChunk and pushBytes bound one _bulk_docs request (texts travel inline as attachments); each
// chunk is remembered here once the server has it, so an interrupted push resends only the rest.
const (
	pushChunk = 500
	pushBytes = 8 << 20
)

// pushOrder sends documents first, then tags, then what refers to them.
func pushOrder(key string) int {
	for i, p := range []string{"doc:", "tag:", "ann:", "memo:", "note:", "res:"} {
		if strings.HasPrefix(key, p) {
			return i
		}
	}
	return 9
}

// push sends what changed here since the last push; user is the server user, named as the owner of
// the annotations it makes (see guard.go). A record the server refuses (the guard) is reported in the
// result's problems and stays pending; a failed request fails the round.
func push(ctx context.Context, s *store.Store, db *kivik.DB, user string, res *Result) error {
	seq, err := s.JournalSeq() // before reading the library: an edit after it is not in this push
	if err != nil {
		return err
	}
	res.pushed = seq
	keys, mine, known, err := changes(s)
	if err != nil {
		return err
	}
	// A push the server refused waits for the person (refused.go): not sent again while unchanged.
	parked, stale, err := parkedKeys(s, keys, mine)
	if err != nil {
		return err
	}
	if len(stale) > 0 {
		if err := s.ParkSync(nil, stale); err != nil {
			return err
		}
	}
	keys = slices.DeleteFunc(keys, func(k string) bool { return parked[k] })
	// A document deleted here goes as a removal; what went with it stays on the server (removed.go).
	plan, err := planRemovals(ctx, s, db, keys, known, mine)
	if err != nil {
		return err
	}
	keys = slices.DeleteFunc(keys, func(k string) bool { return plan.leave[k] })
	if len(plan.superseded) > 0 {
		if err := s.RememberSync(nil, plan.superseded); err != nil {
			return err
		}
	}
	if len(plan.shas) > 0 { // first, so that a push cut short never sends the deletions it left out
		var leave []string
		for k := range plan.leave {
			leave = append(leave, k)
		}
		if err := s.MarkSyncRemoved(plan.shas, leave); err != nil {
			return err
		}
	}
	// A record this library has and holds no sync state for may be on the server already (adopt.go):
	// the same content, or one of its own earlier revisions, is no conflict.
	var fresh []string
	for _, key := range keys {
		if _, ok := known[key]; !ok {
			fresh = append(fresh, key)
		}
	}
	if len(fresh) > 0 {
		taken, err := adopt(ctx, s, db, fresh, mine, res)
		if err != nil {
			return err
		}
		keys = slices.DeleteFunc(keys, func(k string) bool { return taken[k] })
	}
	slices.SortFunc(keys, func(x, y string) int {
		return cmp.Or(cmp.Compare(pushOrder(x), pushOrder(y)), strings.Compare(x, y))
	})
	var docs []any
	var recs []store.SyncRecord
	var gone []string
	size := 0
	flush := func() error {
		if len(docs) == 0 {
			return nil
		}
		results, err := db.BulkDocs(ctx, docs, kivik.Param("new_edits", false))
		if err != nil {
			return fmt.Errorf("sync push: %w", err)
		}
		refused := map[string]bool{}
		var park []store.SyncRefusal
		now := time.Now().UTC()
		for _, r := range results {
			if r.Error == nil {
				continue
			}
			// A document the server refuses (the guard's "forbidden") is parked and reported once; the
			// round goes on (refused.go).
			refused[r.ID] = true
			l := mine[r.ID]
			m := store.SyncRefusal{Key: r.ID, Hash: l.hash, Reason: reasonOf(r.Error), What: describe(r.ID, l.body), At: now}
			park = append(park, m)
			res.Refused = append(res.Refused, refusalOf(m))
			res.Problems = append(res.Problems, fmt.Sprintf("%s: refused by the server: %v (kept here, not sent again: retry or discard it)", r.ID, r.Error))
		}
		res.Pushed += len(docs) - len(refused)
		recs = slices.DeleteFunc(recs, func(r store.SyncRecord) bool { return refused[r.Key] })
		gone = slices.DeleteFunc(gone, func(k string) bool { return refused[k] })
		if err := s.RememberSync(recs, gone); err != nil {
			return err
		}
		if len(park) > 0 {
			if err := s.ParkSync(park, nil); err != nil {
				return err
			}
		}
		docs, recs, gone, size = nil, nil, nil, 0
		return nil
	}
	for _, key := range keys {
		k := known[key]
		l, here := mine[key]
		if sha, isDoc := strings.CutPrefix(key, "doc:"); !here && isDoc {
			body := removalDoc(sha, s.Author())
			h, err := hashOf(body.summary())
			if err != nil {
				return err
			}
			rev, history := nextRev(k.Rev, h)
			doc := map[string]any{}
			raw, _ := json.Marshal(body)
			if err := json.Unmarshal(raw, &doc); err != nil {
				return err
			}
			doc["_id"], doc["_rev"], doc["_revisions"] = key, rev, history
			docs = append(docs, doc)
			recs = append(recs, store.SyncRecord{Key: key, Rev: rev}) // no hash: nothing here to push
			res.Deleted++
		} else if !here {
			rev, history := nextRev(k.Rev, "deleted")
			docs = append(docs, map[string]any{"_id": key, "_rev": rev, "_revisions": history, "_deleted": true})
			gone = append(gone, key)
			res.Deleted++
		} else {
			rev, history := nextRev(k.Rev, l.hash)
			body := l.body
			if sum, ok := body.(docSummary); ok {
				full, err := fullDocument(s, sum)
				if err != nil {
					return err
				}
				body = full
			}
			doc := map[string]any{}
			raw, _ := json.Marshal(body)
			if err := json.Unmarshal(raw, &doc); err != nil {
				return err
			}
			doc["_id"], doc["_rev"], doc["_revisions"] = key, rev, history
			owner := k.Owner
			if strings.HasPrefix(key, "ann:") {
				if owner == "" {
					owner = user
				}
				doc["owner"] = owner
			}
			if d, ok := body.(docDoc); ok && !d.TextsLocal {
				atts, n, err := textAttachments(s, d)
				if err != nil {
					return err
				}
				doc["_attachments"] = atts
				size += n
			}
			docs = append(docs, doc)
			recs = append(recs, store.SyncRecord{Key: key, Rev: rev, Hash: l.hash, Owner: owner})
		}
		if len(docs) >= pushChunk || size >= pushBytes {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	var removals []string // sent: their records are done with here
	for _, sha := range plan.shas {
		removals = append(removals, "doc:"+sha)
	}
	if len(removals) == 0 {
		return nil
	}
	return s.RememberSync(nil, removals)
}

// changes lists the keys of the records changed here since they were last pushed or pulled, deletions
// included, with the library's records and the sync records.
func changes(s *store.Store) (keys []string, mine map[string]local, known map[string]store.SyncRecord, err error) {
	if mine, err = locals(s); err != nil {
		return nil, nil, nil, err
	}
	if known, err = s.SyncRecords(); err != nil {
		return nil, nil, nil, err
	}
	for key, l := range mine {
		if k, ok := known[key]; !ok || k.Hash != l.hash {
			keys = append(keys, key)
		}
	}
	for key, k := range known {
		if _, ok := mine[key]; !ok && k.Hash != "" {
			keys = append(keys, key)
		}
	}
	return keys, mine, known, nil
}

// changed is changes without the sync records.
func changed(s *store.Store) ([]string, map[string]local, error) {
	keys, mine, _, err := changes(s)
	return keys, mine, err
}

// pending counts the records changed here since they were last pushed or pulled, deletions included,
// and the refused pushes waiting for a decision (not pending: not sent until then).
func pending(s *store.Store) (n, refused int, err error) {
	keys, mine, err := changed(s)
	if err != nil {
		return 0, 0, err
	}
	parked, _, err := parkedKeys(s, keys, mine)
	if err != nil {
		return 0, 0, err
	}
	if len(parked) > 0 {
		marks, err := s.SyncRefusals()
		if err != nil {
			return 0, 0, err
		}
		for k := range parked {
			if !marks[k].Discarded {
				refused++
			}
		}
	}
	return len(keys) - len(parked), refused, nil
}

// reasonOf is the server's reason for a refusal, as kivik gives it.
func reasonOf(err error) string {
	return strings.TrimPrefix(err.Error(), "Internal Server Error: ")
}

// fullDocument is the record to push for a document's summary, with its versions' hashes.
func fullDocument(s *store.Store, sum docSummary) (docDoc, error) {
	d, ok, err := s.DocumentBySHA(sum.SHA256)
	if err != nil {
		return docDoc{}, err
	}
	if !ok {
		return docDoc{}, fmt.Errorf("sync push: document %s is gone", sum.SHA256)
	}
	return documentRecord(s, d, sum.TextsLocal)
}
