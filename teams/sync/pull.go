package sync

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-kivik/kivik/v4"

	"gloss/store"
)

const checkpointPrefix = "_local/gloss-"

// synced says whether a document id names a record Gloss syncs.
func synced(id string) bool { return strings.HasPrefix(id, "ann:") || strings.HasPrefix(id, "tag:") }

// kindOf names a record's kind by its id.
func kindOf(id string) string {
	switch {
	case strings.HasPrefix(id, "ann:"):
		return "annotation"
	case strings.HasPrefix(id, "tag:"):
		return "tag"
	}
	return "record"
}

func pull(ctx context.Context, s *store.Store, db *kivik.DB, clientID string, limit int, res *Result) error {
	cpID := checkpointPrefix + clientID
	var cp struct {
		Rev string `json:"_rev,omitempty"`
		Seq string `json:"last_seq"`
	}
	if err := db.Get(ctx, cpID).ScanDoc(&cp); err != nil && kivik.HTTPStatus(err) != http.StatusNotFound {
		return fmt.Errorf("sync pull: reading the checkpoint: %w", err)
	}
	since := cp.Seq
	if since == "" {
		since = "0"
	}
	res.Since = since
	known, err := s.SyncRecords()
	if err != nil {
		return err
	}
	stuck := false
	for {
		ch := db.Changes(ctx, kivik.Params(map[string]any{"since": since, "include_docs": true,
			"style": "all_docs", "limit": limit}))
		var b store.SyncBatch
		n := 0
		for ch.Next() {
			n++
			id := ch.ID()
			if !synced(id) {
				continue
			}
			var raw map[string]json.RawMessage
			if err := ch.ScanDoc(&raw); err != nil {
				return fmt.Errorf("sync pull of %s: %w", id, err)
			}
			var winner string
			_ = json.Unmarshal(raw["_rev"], &winner)
			if err := noteConflict(ctx, db, id, winner, ch.Deleted(), raw, ch.Changes(), &b, res); err != nil {
				return err
			}
			if k, ok := known[id]; ok && k.Rev == winner {
				continue // ours, or pulled before
			}
			if ch.Deleted() {
				if _, ok := known[id]; !ok {
					continue
				}
				deleteInBatch(&b, id)
				delete(known, id)
				res.Pulled++
				continue
			}
			h, err := addToBatch(&b, id, raw)
			if err != nil {
				res.Problems = append(res.Problems, fmt.Sprintf("%s: %v", id, err))
				continue
			}
			rec := store.SyncRecord{Key: id, Rev: winner, Hash: h}
			b.Remember = append(b.Remember, rec)
			known[id] = rec
			res.Pulled++
		}
		if err := ch.Err(); err != nil {
			return fmt.Errorf("sync pull: %w", err)
		}
		meta, err := ch.Metadata()
		if err != nil {
			return fmt.Errorf("sync pull: %w", err)
		}
		_ = ch.Close()
		added, err := withTheirTags(ctx, db, &b, known)
		if err != nil {
			return err
		}
		res.Pulled += added
		problems, err := s.ApplySync(b)
		if err != nil {
			return fmt.Errorf("sync pull: applying a batch: %w", err)
		}
		res.Pulled -= len(problems)
		res.Problems = append(res.Problems, problems...)
		// A batch with a record that could not be applied here (its document not imported yet) holds the
		// checkpoint where it was, so a later round reads that record again; rounds go on past it.
		stuck = stuck || len(problems) > 0
		if meta.LastSeq != "" && meta.LastSeq != since {
			since = meta.LastSeq
		}
		if !stuck && since != cp.Seq {
			cp.Seq = since
			rev, err := db.Put(ctx, cpID, cp)
			if err != nil {
				return fmt.Errorf("sync pull: saving the checkpoint: %w", err)
			}
			cp.Rev = rev
		}
		if n < limit {
			break
		}
	}
	res.Checkpoint = cp.Seq
	res.seen = since
	return nil
}

// withTheirTags adds to b the server's records of the tags (and their parents) that b's annotations carry
// and that neither this library has synced nor b brings, so that a tag made here only to hold a pulled
// annotation has its colour and description at once: else, a round ended before the feed reached the
// tag's own record (a crash, a lost connection) left a default-coloured tag that the next push sent as a
// new revision, in conflict with the real one.
func withTheirTags(ctx context.Context, db *kivik.DB, b *store.SyncBatch, known map[string]store.SyncRecord) (added int, err error) {
	have := map[string]bool{}
	for _, t := range b.Tags {
		have["tag:"+strings.ToLower(t.Path)] = true
	}
	for _, a := range b.Annotations {
		for _, p := range a.Tags {
			parts := strings.Split(p, "/")
			for i := range parts {
				key := "tag:" + strings.ToLower(strings.Join(parts[:i+1], "/"))
				if _, ok := known[key]; ok || have[key] {
					continue
				}
				have[key] = true
				var raw map[string]json.RawMessage
				if err := db.Get(ctx, key).ScanDoc(&raw); kivik.HTTPStatus(err) == http.StatusNotFound {
					continue // deleted there: made here, and pushed as the edit that keeps it
				} else if err != nil {
					return added, fmt.Errorf("sync pull of %s: %w", key, err)
				}
				var rev string
				_ = json.Unmarshal(raw["_rev"], &rev)
				h, err := addToBatch(b, key, raw)
				if err != nil {
					continue
				}
				rec := store.SyncRecord{Key: key, Rev: rev, Hash: h}
				b.Remember = append(b.Remember, rec)
				known[key] = rec
				added++
			}
		}
	}
	return added, nil
}

// deleteInBatch adds a pulled deletion of record id.
func deleteInBatch(b *store.SyncBatch, id string) {
	if strings.HasPrefix(id, "ann:") {
		b.Deleted = append(b.Deleted, strings.TrimPrefix(id, "ann:"))
	} else {
		b.DeletedTags = append(b.DeletedTags, strings.TrimPrefix(id, "tag:"))
	}
	b.Forget = append(b.Forget, id)
}

// addToBatch decodes a pulled body of record id into b and returns the hash the library will have of it.
func addToBatch(b *store.SyncBatch, id string, raw map[string]json.RawMessage) (string, error) {
	body, err := json.Marshal(raw)
	if err != nil {
		return "", err
	}
	switch {
	case strings.HasPrefix(id, "tag:"):
		var t tagDoc
		if err := json.Unmarshal(body, &t); err != nil {
			return "", err
		}
		b.Tags = append(b.Tags, store.SyncTag{Path: t.Path, Colour: t.Colour, Description: t.Description})
		return hashOf(t)
	case strings.HasPrefix(id, "ann:"):
		var a annDoc
		if err := json.Unmarshal(body, &a); err != nil {
			return "", err
		}
		if a.Tags == nil {
			a.Tags = []string{}
		}
		b.Annotations = append(b.Annotations, store.SyncAnnotation{ID: strings.TrimPrefix(id, "ann:"),
			DocSHA: a.DocSHA, Version: a.Version, Start: a.Start, End: a.End, Exact: a.Exact, Prefix: a.Prefix,
			Suffix: a.Suffix, Tags: a.Tags, Note: a.Note, Author: a.Author, Created: a.Created, Modified: a.Modified})
		return hashOf(a)
	}
	return "", fmt.Errorf("not a record Gloss syncs")
}

// resolvedField marks a deleted revision that settled a conflict (Resolve writes it on the losing leaf):
// such a leaf is no longer a conflict.
const resolvedField = "gloss_resolved"

// deletedBody is the loser's body when the other side deleted the record.
var deletedBody = json.RawMessage(`{"_deleted":true}`)

// bodyOf is a document's body without CouchDB's own fields (_id, _rev, _revisions, ...), but with
// _deleted kept.
func bodyOf(raw map[string]json.RawMessage) json.RawMessage {
	out := map[string]json.RawMessage{}
	for k, v := range raw {
		if !strings.HasPrefix(k, "_") || k == "_deleted" {
			out[k] = v
		}
	}
	body, _ := json.Marshal(out)
	return body
}

// noteConflict looks at a pulled record's leaf revisions: when another live edit, or a deletion, stands
// beside CouchDB's winner, the first such loser (by revision) is kept in the library with the winner's
// body; when none is left, the record's conflict (if one was waiting) is settled.
func noteConflict(ctx context.Context, db *kivik.DB, id, winner string, deleted bool, raw map[string]json.RawMessage,
	leaves []string, b *store.SyncBatch, res *Result) error {
	var c *store.SyncConflict
	var losers []string
	if !deleted && len(leaves) > 1 {
		for _, rev := range sortedRevs(leaves) {
			if rev == winner {
				continue
			}
			var lr map[string]json.RawMessage
			if err := db.Get(ctx, id, kivik.Rev(rev)).ScanDoc(&lr); err != nil {
				return fmt.Errorf("sync pull of %s, revision %s: %w", id, rev, err)
			}
			if _, ok := lr[resolvedField]; ok {
				continue
			}
			losers = append(losers, rev)
			if c != nil {
				continue
			}
			c = &store.SyncConflict{Key: id, Kind: kindOf(id), Winner: bodyOf(raw), WinnerRev: winner, LoserRev: rev,
				Reason: "edited on two libraries", Loser: bodyOf(lr)}
			if string(lr["_deleted"]) == "true" {
				c.Loser, c.Reason = deletedBody, "deleted on one library, edited on another: the edit is kept"
			}
		}
	}
	if c == nil {
		b.Settled = append(b.Settled, id)
		return nil
	}
	b.Conflicts = append(b.Conflicts, *c)
	res.Conflicts = append(res.Conflicts, Conflict{ID: id, Winner: winner, Losers: losers})
	return nil
}

// sortedRevs orders revisions by generation, then id, so every library picks the same first loser.
func sortedRevs(revs []string) []string {
	out := append([]string{}, revs...)
	slices.SortFunc(out, func(x, y string) int {
		if gx, gy := revGen(x), revGen(y); gx != gy {
			return cmp.Compare(gx, gy)
		}
		return strings.Compare(x, y)
	})
	return out
}

// revGen is a revision's generation: the number before its dash.
func revGen(rev string) int {
	g, _, _ := strings.Cut(rev, "-")
	n, _ := strconv.Atoi(g)
	return n
}
