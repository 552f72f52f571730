package sync

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/go-kivik/kivik/v4"

	"gloss/store"
)

const checkpointPrefix = "_local/gloss-"

// synced says whether a document id names a record Gloss syncs.
func synced(id string) bool { return kindOf(id) != "" }

// kindOf names a record's kind by its id ("" for documents Gloss does not sync).
func kindOf(id string) string {
	prefix, _, _ := strings.Cut(id, ":")
	return map[string]string{"ann": "annotation", "tag": "tag", "doc": "document", "memo": "memo", "note": "note",
		"res": "resolution"}[prefix]
}

// pull reads the feed from the checkpoint and applies it in batches; records edited here after the push
// read the library (res.pushed: while the round ran, so not pushed by it) are left for the next round.
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
	removed, err := s.SyncRemoved()
	if err != nil {
		return err
	}
	stuck := false
	for {
		ch := db.Changes(ctx, kivik.Params(map[string]any{"since": since, "include_docs": true,
			"style": "all_docs", "limit": limit}))
		b := store.SyncBatch{EditedFrom: res.pushed + 1}
		var gone []string              // documents removed elsewhere that this library never had
		docKeys := map[string]string{} // pulled document records, with their revision
		var settle []any               // losing leaves that differed only in tags: closed on the server
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
			if removed[docOfRecord(id, raw)] {
				continue // a document removed here: its records stay on the server for those who keep it
			}
			var winner string
			_ = json.Unmarshal(raw["_rev"], &winner)
			merged, closed, err := noteConflict(ctx, db, id, winner, ch.Deleted(), raw, ch.Changes(), &b, res)
			if err != nil {
				return err
			}
			settle = append(settle, closed...)
			if k, ok := known[id]; ok && k.Rev == winner && merged == nil {
				continue // ours, or pulled before
			}
			if strings.HasPrefix(id, "doc:") {
				// A document deleted elsewhere stays here (its record stays remembered, so it is not pushed
				// back); a new one is imported from its texts before the batch.
				if ch.Deleted() {
					continue
				}
				if by, at, ok := removedBy(raw); ok {
					// removed on another library: kept here with a notice, or, never had here, taken as removed
					sha := strings.TrimPrefix(id, "doc:")
					if _, here, err := s.DocumentBySHA(sha); err != nil {
						return err
					} else if here {
						b.Notices = append(b.Notices, store.SyncNotice{SHA256: sha, By: by, At: at})
						docKeys[id] = winner
					} else {
						gone = append(gone, sha)
						removed[sha] = true
					}
					res.Pulled++
					continue
				}
				ok, err := pullDocument(ctx, s, db, id, winner, raw, &b, res)
				if err != nil {
					res.Problems = append(res.Problems, fmt.Sprintf("%s: %v", id, err))
					stuck = true
				}
				if ok {
					docKeys[id] = winner
					res.Pulled++
				}
				continue
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
			var h string
			if merged != nil {
				// the annotation's tags merge as a set with the other edit's: applied here with the union,
				// remembered at the winner, so the next push sends the union as its next revision (the
				// same revision from every library)
				if h, err = addToBatch(&store.SyncBatch{}, id, raw); err == nil {
					raw["tags"], _ = json.Marshal(merged)
					_, err = addToBatch(&b, id, raw)
				}
			} else {
				h, err = addToBatch(&b, id, raw)
			}
			if err != nil {
				res.Problems = append(res.Problems, fmt.Sprintf("%s: %v", id, err))
				continue
			}
			rec := store.SyncRecord{Key: id, Rev: winner, Hash: h}
			_ = json.Unmarshal(raw["owner"], &rec.Owner)
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
		if err := closeLeaves(ctx, db, settle, res); err != nil {
			return err
		}
		settle = nil
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
		if err := rememberDocuments(s, docKeys, known); err != nil {
			return err
		}
		if len(gone) > 0 {
			if err := s.MarkSyncRemoved(gone, nil); err != nil {
				return err
			}
		}
		// A batch with a record that could not be applied here (its document not imported yet) holds the
		// checkpoint where it was, so a later round reads that record again; rounds go on past it.
		stuck = stuck || len(problems) > 0
		if meta.LastSeq != "" && meta.LastSeq != since {
			since = meta.LastSeq
		}
		if !stuck && since != cp.Seq {
			cp.Seq = since
			rev, err := db.Put(ctx, cpID, cp)
			for try := 0; try < 3 && kivik.HTTPStatus(err) == http.StatusConflict; try++ {
				// another round of this library (Sync now while watching) moved it: any position it
				// or this round saves is safe, since rereading from an earlier one applies nothing twice
				var cur struct {
					Rev string `json:"_rev"`
				}
				_ = db.Get(ctx, cpID).ScanDoc(&cur)
				cp.Rev = cur.Rev
				rev, err = db.Put(ctx, cpID, cp)
			}
			switch {
			case kivik.HTTPStatus(err) == http.StatusConflict:
				cp.Rev = "" // still racing: the other round's position stands; the next round reads it
			case err != nil:
				return fmt.Errorf("sync pull: saving the checkpoint: %w", err)
			default:
				cp.Rev = rev
			}
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
				_ = json.Unmarshal(raw["owner"], &rec.Owner)
				b.Remember = append(b.Remember, rec)
				known[key] = rec
				added++
			}
		}
	}
	return added, nil
}

// removedBy reads a document record's removal, if it is one.
func removedBy(raw map[string]json.RawMessage) (by string, at time.Time, ok bool) {
	var r removal
	if raw["removed"] == nil || json.Unmarshal(raw["removed"], &r) != nil || string(raw["removed"]) == "null" {
		return "", time.Time{}, false
	}
	return r.By, r.At, true
}

// deleteInBatch adds a pulled deletion of record id.
func deleteInBatch(b *store.SyncBatch, id string) {
	prefix, rest, _ := strings.Cut(id, ":")
	switch prefix {
	case "ann":
		b.Deleted = append(b.Deleted, rest)
	case "tag":
		b.DeletedTags = append(b.DeletedTags, rest)
	case "note":
		b.DeletedNotes = append(b.DeletedNotes, rest)
	case "memo":
		b.DeletedMemos = append(b.DeletedMemos, rest)
	case "res":
		b.DeletedResolutions = append(b.DeletedResolutions, rest)
	case "doc":
		return // documents are not deleted by sync
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
			DocSHA: a.DocSHA, Version: a.Version, VersionSHA: a.VersionSHA, Start: a.Start, End: a.End, Exact: a.Exact, Prefix: a.Prefix,
			Suffix: a.Suffix, Tags: a.Tags, Note: a.Note, Author: a.Author, Created: a.Created, Modified: a.Modified})
		return hashOf(a)
	case strings.HasPrefix(id, "doc:"):
		var d docDoc
		if err := json.Unmarshal(body, &d); err != nil {
			return "", err
		}
		if !d.TextsLocal { // a record without texts carries no details either
			meta := store.Meta{}
			if d.Meta != nil {
				meta = *d.Meta
			}
			b.Documents = append(b.Documents, store.SyncDocument{Key: id, SHA256: d.SHA256, Title: d.Title, Date: d.Date,
				Source: d.Source, URL: d.URL, Meta: meta})
		}
		return hashOf(d.summary())
	case strings.HasPrefix(id, "note:"), strings.HasPrefix(id, "memo:"):
		var n noteDoc
		if err := json.Unmarshal(body, &n); err != nil {
			return "", err
		}
		sn := store.SyncNote{Key: id, Title: n.Title, Body: n.Body, Author: n.Author, Created: n.Created, Modified: n.Modified}
		if sha, ok := strings.CutPrefix(id, "memo:"); ok {
			sn.DocSHA, n.DocSHA = sha, sha
		} else {
			sn.ID, n.DocSHA = strings.TrimPrefix(id, "note:"), ""
		}
		b.Notes = append(b.Notes, sn)
		return hashOf(n)
	case strings.HasPrefix(id, "res:"):
		var r resDoc
		if err := json.Unmarshal(body, &r); err != nil {
			return "", err
		}
		if r.With == nil {
			r.With = []string{}
		}
		b.Resolutions = append(b.Resolutions, store.SyncResolution{Key: id, DocSHA: r.DocSHA, TagPath: r.Tag,
			Start: r.Start, End: r.End, With: r.With, Kind: r.Kind, By: r.By, At: r.At})
		return hashOf(r)
	}
	return "", fmt.Errorf("not a record Gloss syncs")
}

// pullDocument imports a pulled document this library lacks (from its texts) and adds its details to b;
// ok says whether the document is here now.
func pullDocument(ctx context.Context, s *store.Store, db *kivik.DB, id, rev string, raw map[string]json.RawMessage,
	b *store.SyncBatch, res *Result) (ok bool, err error) {
	body, err := json.Marshal(raw)
	if err != nil {
		return false, err
	}
	var d docDoc
	if err := json.Unmarshal(body, &d); err != nil {
		return false, err
	}
	ok, note, err := importDocument(ctx, s, db, id, rev, d)
	if note != "" {
		res.Notes = append(res.Notes, note)
	}
	if err != nil || !ok {
		return false, err
	}
	if _, current, err := s.DocumentBySHA(d.SHA256); err != nil || !current {
		// a record of an earlier state: its version is an older one here now (a joined history); the
		// record of the document's current version brings its details
		return false, err
	}
	_, err = addToBatch(b, id, raw)
	return err == nil, err
}

// rememberDocuments remembers pulled document records with the winner's revision and the hash of the
// record as this library now has it (its own capture details, its own keep-texts-local), so a round
// pushes a document again only when it changes here.
func rememberDocuments(s *store.Store, revs map[string]string, known map[string]store.SyncRecord) error {
	if len(revs) == 0 {
		return nil
	}
	textsLocal := s.Setting(SettingKeepTextsLocal) == "true"
	var recs []store.SyncRecord
	for key := range revs {
		d, ok, err := s.DocumentBySHA(strings.TrimPrefix(key, "doc:"))
		if err != nil || !ok {
			continue
		}
		h, err := hashOf(summaryOf(d, textsLocal))
		if err != nil {
			return err
		}
		rec := store.SyncRecord{Key: key, Rev: revs[key], Hash: h}
		recs = append(recs, rec)
		known[key] = rec
	}
	return s.RememberSync(recs, nil)
}
