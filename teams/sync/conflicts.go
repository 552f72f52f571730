package sync

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

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
	Others   []LoserRecord   `json:"others"`   // further losing leaves (three libraries or more edited it)
}

// LoserRecord is one further losing leaf of a conflict.
type LoserRecord struct {
	Loser    json.RawMessage `json:"loser"`
	LoserRev string          `json:"loserRev"`
	Reason   string          `json:"reason"`
}

// Conflicts lists the conflicts waiting in the library, by record id.
func Conflicts(s *store.Store) ([]ConflictRecord, error) {
	list, err := s.SyncConflicts()
	if err != nil {
		return nil, err
	}
	out := make([]ConflictRecord, 0, len(list))
	for _, c := range list {
		cr := ConflictRecord{ID: c.Key, Kind: c.Kind, Winner: c.Winner, Loser: c.Loser,
			LoserRev: c.LoserRev, Reason: c.Reason, Others: []LoserRecord{}}
		for _, l := range c.Others {
			cr.Others = append(cr.Others, LoserRecord{Loser: l.Body, LoserRev: l.Rev, Reason: l.Reason})
		}
		out = append(out, cr)
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

// Resolve settles one conflict here and on the server, with every losing leaf of the record: each is
// closed with a deletion marked as a resolution (so no library shows the conflict again). With
// TakeLoser the first loser's body is written as the next revision of the winner (ResolveWith names
// another); with KeepBoth (annotations) each live loser becomes an annotation of its own under a new id,
// and (notes, memos) the losers' texts are joined after the winner's. The server is written first, then
// the library in one transaction; a failed write on the server changes nothing here.
func Resolve(ctx context.Context, s *store.Store, o Options, id string, c Choice) error {
	return ResolveWith(ctx, s, o, id, c, "")
}

// ResolveWith is Resolve with the loser TakeLoser takes named by its revision ("": the first).
func ResolveWith(ctx context.Context, s *store.Store, o Options, id string, c Choice, loserRev string) error {
	sc, err := s.SyncConflict(id)
	if err != nil {
		return err
	}
	losers := sc.Losers()
	taken := losers[0]
	if loserRev != "" {
		i := slices.IndexFunc(losers, func(l store.SyncLoser) bool { return l.Rev == loserRev })
		if i < 0 {
			return fmt.Errorf("resolving %s: no losing revision %s (it has %d)", id, loserRev, len(losers))
		}
		taken = losers[i]
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
	isDeleted := func(l store.SyncLoser) bool { return string(l.Body) == string(deletedBody) }
	var docs []any
	var live []store.SyncLoser
	for _, l := range losers {
		docs = append(docs, closing(id, l.Rev, string(c)))
		if !isDeleted(l) {
			live = append(live, l)
		}
	}
	b := store.SyncBatch{Settled: []string{id}}
	switch c {
	case KeepWinner:
	case TakeLoser:
		if isDeleted(taken) {
			rev, history := nextRev(winnerRev, "deleted")
			docs = append(docs, map[string]any{"_id": id, "_rev": rev, "_revisions": history, "_deleted": true})
			deleteInBatch(&b, id)
			break
		}
		body := taken.Body
		if sc.Kind == "annotation" { // tags merge as a set: the winner's stay
			if body, err = withTagsOf(body, sc.Winner); err != nil {
				return fmt.Errorf("resolving %s: %w", id, err)
			}
		}
		doc, rec, err := recordFrom(&b, id, body, winnerRev)
		if err != nil {
			return fmt.Errorf("resolving %s: the other body: %w", id, err)
		}
		rec.Owner, _ = doc["owner"].(string)
		if sc.Kind == "document" { // a new revision keeps the texts only if it carries them
			var d docDoc
			if err := json.Unmarshal(body, &d); err != nil {
				return fmt.Errorf("resolving %s: %w", id, err)
			}
			if !d.TextsLocal {
				if doc["_attachments"], _, err = textAttachments(s, d); err != nil {
					return fmt.Errorf("resolving %s: %w", id, err)
				}
			}
		}
		docs = append(docs, doc)
		b.Remember = append(b.Remember, rec)
	case KeepBoth:
		if len(live) == 0 {
			return fmt.Errorf("resolving %s: the other library deleted it; keep this one or take the deletion", id)
		}
		if sc.Kind == "note" || sc.Kind == "memo" {
			joined := sc.Winner
			for _, l := range live {
				if joined, err = joinNotes(joined, l.Body); err != nil {
					return fmt.Errorf("resolving %s: %w", id, err)
				}
			}
			doc, rec, err := recordFrom(&b, id, joined, winnerRev)
			if err != nil {
				return fmt.Errorf("resolving %s: %w", id, err)
			}
			docs = append(docs, doc)
			b.Remember = append(b.Remember, rec)
			break
		}
		if !strings.HasPrefix(id, "ann:") {
			return fmt.Errorf("resolving %s: keeping both is for annotations and notes; keep this one or take the other", id)
		}
		for _, l := range live {
			newID := "ann:" + uuid.NewString()
			doc, rec, err := recordFrom(&b, newID, l.Body, "")
			if err != nil {
				return fmt.Errorf("resolving %s: the other body: %w", id, err)
			}
			doc["owner"], rec.Owner = o.User, o.User // a new annotation, made by whoever keeps both
			docs = append(docs, doc)
			b.Remember = append(b.Remember, rec)
		}
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

// joinNotes is the winner's note with the loser's text after it, under a line naming its author, so
// neither text is lost.
func joinNotes(winner, loser json.RawMessage) (json.RawMessage, error) {
	var w, l noteDoc
	if err := json.Unmarshal(winner, &w); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(loser, &l); err != nil {
		return nil, err
	}
	by := l.Author
	if by == "" {
		by = "another library"
	}
	w.Body = strings.TrimRight(w.Body, "\n") + "\n\n---\n\n*" + by + ":*\n\n" + l.Body
	if l.Modified.After(w.Modified) {
		w.Modified = l.Modified
	}
	return json.Marshal(w)
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
// beside CouchDB's winner, the losers (by revision) are kept in the library with the winner's body; when none is left, the record's conflict (if one was waiting) is settled.
//
// An annotation's tags merge as sets: merged is the three-way merge of the winner's and each live
// loser's tags over their last common revision (a tag added on either side stays, one removed on either
// side goes; the union when that revision is compacted away); every further loser is kept with the first, when it differs from the winner's, and a loser that differs from the winner in nothing but its tags (and
// time of change) is no conflict: its leaf is returned in closed, to be closed on the server.
func noteConflict(ctx context.Context, db *kivik.DB, id, winner string, deleted bool, raw map[string]json.RawMessage,
	leaves []string, b *store.SyncBatch, res *Result) (merged []string, closed []any, err error) {
	var c *store.SyncConflict
	var losers []string
	var w annDoc
	isAnn := strings.HasPrefix(id, "ann:")
	if isAnn && !deleted {
		body, _ := json.Marshal(raw)
		if err := json.Unmarshal(body, &w); err != nil {
			return nil, nil, fmt.Errorf("sync pull of %s: %w", id, err)
		}
	}
	union := slices.Clone(w.Tags)
	if !deleted && len(leaves) > 1 {
		for _, rev := range sortedRevs(leaves) {
			if rev == winner {
				continue
			}
			var lr map[string]json.RawMessage
			if err := db.Get(ctx, id, kivik.Rev(rev)).ScanDoc(&lr); err != nil {
				return nil, nil, fmt.Errorf("sync pull of %s, revision %s: %w", id, rev, err)
			}
			if _, ok := lr[resolvedField]; ok {
				continue
			}
			if string(lr["_deleted"]) != "true" && sameContent(id, raw, lr) {
				// the same record written on two libraries (or twice by one that lost its sync state):
				// identical content is never a conflict
				closed = append(closed, closing(id, rev, "same content"))
				continue
			}
			if isAnn && string(lr["_deleted"]) != "true" {
				var l annDoc
				body, _ := json.Marshal(lr)
				if err := json.Unmarshal(body, &l); err != nil {
					return nil, nil, fmt.Errorf("sync pull of %s, revision %s: %w", id, rev, err)
				}
				base, ok := ancestorTags(ctx, db, id, winner, rev)
				union = mergeTags(union, l.Tags, base, ok)
				if sameButTags(w, l) {
					closed = append(closed, closing(id, rev, "tags merged"))
					continue
				}
			}
			losers = append(losers, rev)
			l := store.SyncLoser{Rev: rev, Body: bodyOf(lr), Reason: "edited on two libraries"}
			if string(lr["_deleted"]) == "true" {
				l.Body, l.Reason = deletedBody, "deleted on one library, edited on another: the edit is kept"
			}
			if c != nil {
				c.Others = append(c.Others, l)
				continue
			}
			c = &store.SyncConflict{Key: id, Kind: kindOf(id), Winner: bodyOf(raw), WinnerRev: winner, LoserRev: l.Rev,
				Reason: l.Reason, Loser: l.Body}
		}
	}
	if !slices.Equal(union, w.Tags) {
		merged = union
	}
	if c == nil {
		b.Settled = append(b.Settled, id)
		return merged, closed, nil
	}
	b.Conflicts = append(b.Conflicts, *c)
	res.Conflicts = append(res.Conflicts, Conflict{ID: id, Winner: winner, Losers: losers})
	return merged, closed, nil
}

// sameContent says whether two bodies of record id are the same record as a library would write it
// (CouchDB's own fields and the owner aside).
func sameContent(id string, a, b map[string]json.RawMessage) bool {
	ha, err1 := addToBatch(&store.SyncBatch{}, id, a)
	hb, err2 := addToBatch(&store.SyncBatch{}, id, b)
	return err1 == nil && err2 == nil && ha == hb
}

// sameButTags says whether two bodies of an annotation differ in nothing but their tags and time of change.
func sameButTags(w, l annDoc) bool {
	w.Tags, l.Tags, w.Modified, l.Modified = nil, nil, time.Time{}, time.Time{}
	return reflect.DeepEqual(w, l)
}

// closing is the deletion, marked as a resolution, that closes the losing leaf rev of record id.
func closing(id, rev, why string) map[string]any {
	next, history := nextRev(rev, "resolved")
	return map[string]any{"_id": id, "_rev": next, "_revisions": history, "_deleted": true, resolvedField: why}
}

// closeLeaves writes closing deletions (the same revisions from every library, so writing them twice is
// harmless).
// A closing the server refuses (the guard: another coder's annotation) is left to its owner or the lead.
func closeLeaves(ctx context.Context, db *kivik.DB, docs []any, res *Result) error {
	if len(docs) == 0 {
		return nil
	}
	results, err := db.BulkDocs(ctx, docs, kivik.Param("new_edits", false))
	if err != nil {
		return fmt.Errorf("sync pull: closing merged conflicts: %w", err)
	}
	for _, r := range results {
		switch {
		case r.Error == nil:
		case kivik.HTTPStatus(r.Error) == http.StatusForbidden || kivik.HTTPStatus(r.Error) == http.StatusInternalServerError:
			// (kivik reports a per-document "forbidden" as 500)
			res.Problems = append(res.Problems, fmt.Sprintf("%s: closing its merged conflict was refused by the server: %v", r.ID, r.Error))
		default:
			return fmt.Errorf("sync pull: closing the merged conflict of %s: %w", r.ID, r.Error)
		}
	}
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

// withTagsOf is annotation body with other's tags added to its own.
func withTagsOf(body, other json.RawMessage) (json.RawMessage, error) {
	var raw map[string]json.RawMessage
	var a, o annDoc
	if err := json.Unmarshal(body, &raw); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(body, &a); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(other, &o); err != nil {
		return nil, err
	}
	tags := append([]string{}, a.Tags...)
	for _, t := range o.Tags {
		if !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	raw["tags"], _ = json.Marshal(tags)
	return json.Marshal(raw)
}

// mergeTags merges tag sets mine and theirs over base (their last common state): a tag is kept when both
// have it, or when one has it and base did not (added there); without a base (known false) it is the
// union. Mine's order comes first.
func mergeTags(mine, theirs, base []string, known bool) []string {
	keep := func(t string, otherHas bool) bool {
		return otherHas || !known || !slices.Contains(base, t)
	}
	out := []string{}
	for _, t := range mine {
		if keep(t, slices.Contains(theirs, t)) {
			out = append(out, t)
		}
	}
	for _, t := range theirs {
		if !slices.Contains(mine, t) && keep(t, false) {
			out = append(out, t)
		}
	}
	return out
}

// ancestorTags reads the tags of the last revision the two leaves a and b of record id have in common;
// false when it cannot be read (compacted away, or no common revision).
func ancestorTags(ctx context.Context, db *kivik.DB, id, a, b string) ([]string, bool) {
	history := func(rev string) (map[int]string, bool) {
		var d struct {
			Revisions struct {
				Start int      `json:"start"`
				IDs   []string `json:"ids"`
			} `json:"_revisions"`
		}
		if err := db.Get(ctx, id, kivik.Rev(rev), kivik.Param("revs", true)).ScanDoc(&d); err != nil {
			return nil, false
		}
		out := map[int]string{}
		for i, h := range d.Revisions.IDs {
			out[d.Revisions.Start-i] = h
		}
		return out, true
	}
	ha, ok1 := history(a)
	hb, ok2 := history(b)
	if !ok1 || !ok2 {
		return nil, false
	}
	for g := min(revGen(a), revGen(b)); g > 0; g-- {
		if ha[g] != "" && ha[g] == hb[g] {
			var base annDoc
			if err := db.Get(ctx, id, kivik.Rev(fmt.Sprintf("%d-%s", g, ha[g]))).ScanDoc(&base); err != nil {
				return nil, false
			}
			return base.Tags, true
		}
	}
	return nil, false
}
