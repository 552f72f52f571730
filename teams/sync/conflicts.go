package sync

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/go-kivik/kivik/v4"
	"github.com/google/uuid"

	"gloss/store"
)

// ConflictRecord is a conflict waiting, kept in the library by pull (so it shows without a server).
type ConflictRecord struct {
	ID       string          `json:"id"`       // record id, e.g. "ann:<uuid>"
	Kind     string          `json:"kind"`     // annotation, tag, memo, note, ...
	Winner   json.RawMessage `json:"winner"`   // body applied here
	Loser    json.RawMessage `json:"loser"`    // body kept on the server; {"_deleted":true}: deleted there
	LoserRev string          `json:"loserRev"` // the losing leaf revision
	Reason   string          `json:"reason"`   // "edited on two libraries", "deleted on one library, edited on another", ...
}

// Conflicts lists the conflicts waiting in the library, by record id.
func Conflicts(s *store.Store) ([]ConflictRecord, error) {
	list, err := s.SyncConflicts()
	if err != nil {
		return nil, err
	}
	out := make([]ConflictRecord, 0, len(list))
	for _, c := range list {
		out = append(out, ConflictRecord{ID: c.Key, Kind: c.Kind, Winner: c.Winner, Loser: c.Loser,
			LoserRev: c.LoserRev, Reason: c.Reason})
	}
	return out, nil
}

// Choice settles a conflict.
type Choice string

const (
	KeepWinner Choice = "winner" // the loser revision is deleted on the server
	TakeLoser  Choice = "loser"  // the loser's body becomes the new revision
	KeepBoth   Choice = "both"   // annotations: the loser becomes its own annotation; notes: both texts joined
)

// Resolve settles one conflict here and on the server: the losing leaf is closed with a deletion marked
// as a resolution (so no library shows the conflict again), and with TakeLoser the loser's body is
// written as the next revision of the winner, with KeepBoth (annotations) as a new annotation under a new
// id. The server is written first, then the library in one transaction; a failed write on the server
// changes nothing here.
func Resolve(ctx context.Context, s *store.Store, o Options, id string, c Choice) error {
	sc, err := s.SyncConflict(id)
	if err != nil {
		return err
	}
	o = FromSettings(s, o)
	conn, err := connect(o)
	if err != nil {
		return err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(ctx, o.timeout())
	defer cancel()
	db := conn.db
	winnerRev := sc.WinnerRev
	var cur struct {
		Rev string `json:"_rev"`
	}
	// (not GetRev: express-pouchdb's HEAD answers without the ETag that carries the revision)
	if err := db.Get(ctx, id).ScanDoc(&cur); err == nil && cur.Rev != "" {
		winnerRev = cur.Rev
	} else if err != nil && kivik.HTTPStatus(err) != http.StatusNotFound {
		return serverError(o, err)
	}
	loserDeleted := string(sc.Loser) == string(deletedBody)
	rev, history := nextRev(sc.LoserRev, "resolved")
	docs := []any{map[string]any{"_id": id, "_rev": rev, "_revisions": history, "_deleted": true, resolvedField: string(c)}}
	b := store.SyncBatch{Settled: []string{id}}
	switch c {
	case KeepWinner:
	case TakeLoser:
		if loserDeleted {
			rev, history := nextRev(winnerRev, "deleted")
			docs = append(docs, map[string]any{"_id": id, "_rev": rev, "_revisions": history, "_deleted": true})
			deleteInBatch(&b, id)
			break
		}
		doc, rec, err := recordFrom(&b, id, sc.Loser, winnerRev)
		if err != nil {
			return fmt.Errorf("resolving %s: the other body: %w", id, err)
		}
		docs = append(docs, doc)
		b.Remember = append(b.Remember, rec)
	case KeepBoth:
		if !strings.HasPrefix(id, "ann:") {
			return fmt.Errorf("resolving %s: keeping both is for annotations and notes; keep this one or take the other", id)
		}
		if loserDeleted {
			return fmt.Errorf("resolving %s: the other library deleted it; keep this one or take the deletion", id)
		}
		newID := "ann:" + uuid.NewString()
		doc, rec, err := recordFrom(&b, newID, sc.Loser, "")
		if err != nil {
			return fmt.Errorf("resolving %s: the other body: %w", id, err)
		}
		docs = append(docs, doc)
		b.Remember = append(b.Remember, rec)
	default:
		return fmt.Errorf("resolving %s: unknown choice %q (winner, loser or both)", id, c)
	}
	results, err := db.BulkDocs(ctx, docs, kivik.Param("new_edits", false))
	if err != nil {
		return serverError(o, err)
	}
	for _, r := range results {
		if r.Error != nil {
			return fmt.Errorf("resolving %s on the server: %w", r.ID, r.Error)
		}
	}
	problems, err := s.ApplySync(b)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return errors.New("resolving " + id + ": " + strings.Join(problems, "; "))
	}
	return nil
}

// recordFrom adds body as record id to b and makes the CouchDB document that follows revision prev.
func recordFrom(b *store.SyncBatch, id string, body json.RawMessage, prev string) (map[string]any, store.SyncRecord, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, store.SyncRecord{}, err
	}
	h, err := addToBatch(b, id, raw)
	if err != nil {
		return nil, store.SyncRecord{}, err
	}
	doc := map[string]any{}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, store.SyncRecord{}, err
	}
	rev, history := nextRev(prev, h)
	doc["_id"], doc["_rev"], doc["_revisions"] = id, rev, history
	return doc, store.SyncRecord{Key: id, Rev: rev, Hash: h}, nil
}
