package sync

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gloss/store"
)

// Refused pushes. The server refuses one record's push when its validate_doc_update throws (a coder
// editing another's annotation: "forbidden") or the record is invalid there; the rest of the round goes
// on. Such a refusal is decided by what the record says, not by the moment, so sending the same body
// again is refused again: the record is parked (store.ParkSync) and reported once, in the round's
// Refused and Problems; rounds leave it alone while it has that body here, and it is not counted as
// pending. The person retries it (Retry: the next round sends it again, e.g. after the lead gave them
// the rights) or discards it (Discard: the edit stays in this library and is not sent; nothing here is
// deleted; when the record changes on the server, the pull brings that revision in as any pulled edit).
// An edit here after the refusal is a new edit: it is sent, and parked again if refused. kivik reports
// every per-document error as status 500 with the server's reason (the "forbidden" name is lost), and
// with new_edits=false CouchDB has no per-document conflicts, so every per-document error is taken as a
// refusal; a failed request (server down, 401 on the request) still fails the round.

// Refusal is a refused push waiting for the person's decision.
type Refusal struct {
	Key      string    `json:"key"`
	Kind     string    `json:"kind"`
	What     string    `json:"what"`
	Reason   string    `json:"reason"`
	At       time.Time `json:"at"`
	Deletion bool      `json:"deletion"` // the refused push was a deletion
}

func refusalOf(r store.SyncRefusal) Refusal {
	return Refusal{Key: r.Key, Kind: kindOf(r.Key), What: r.What, Reason: r.Reason, At: r.At, Deletion: r.Hash == ""}
}

// describe says in words which record a key and (local) body are.
func describe(key string, body any) string {
	clip := func(s string) string {
		if utf8.RuneCountInString(s) > 60 {
			s = string([]rune(s)[:59]) + "…"
		}
		return s
	}
	switch b := body.(type) {
	case annDoc:
		return fmt.Sprintf("annotation “%s”", clip(b.Exact))
	case tagDoc:
		return "tag " + b.Path
	case docSummary:
		return fmt.Sprintf("document “%s”", clip(b.Title))
	case noteDoc:
		if b.DocSHA != "" {
			return "memo of a document"
		}
		return fmt.Sprintf("note “%s”", clip(b.Title))
	case resDoc:
		return "decision on a disagreement (" + b.Tag + ")"
	case nil:
		return "deletion of " + kindOf(key) + " " + key
	}
	return key
}

// parkedKeys splits the keys a push would send into those parked (left out) and the marks that no longer
// apply (the record's body here is not the one refused: edited again, or pulled since).
func parkedKeys(s *store.Store, keys []string, mine map[string]local) (parked map[string]bool, stale []string, err error) {
	marks, err := s.SyncRefusals()
	if err != nil || len(marks) == 0 {
		return nil, nil, err
	}
	parked = map[string]bool{}
	want := map[string]bool{}
	for _, k := range keys {
		want[k] = true
	}
	for key, m := range marks {
		if want[key] && m.Hash == mine[key].hash { // not here: "" for both
			parked[key] = true
		} else {
			stale = append(stale, key)
		}
	}
	return parked, stale, nil
}

// Refused lists the refused pushes waiting here (not discarded, and still what the record has).
func Refused(s *store.Store) ([]Refusal, error) {
	out := []Refusal{}
	marks, err := s.SyncRefusals()
	if err != nil || len(marks) == 0 {
		return out, err
	}
	keys, mine, err := changed(s)
	if err != nil {
		return nil, err
	}
	parked, _, err := parkedKeys(s, keys, mine)
	if err != nil {
		return nil, err
	}
	for key := range parked {
		if m := marks[key]; !m.Discarded {
			out = append(out, refusalOf(m))
		}
	}
	sortRefusals(out)
	return out, nil
}

func sortRefusals(list []Refusal) {
	slices.SortFunc(list, func(x, y Refusal) int { return cmp.Or(x.At.Compare(y.At), strings.Compare(x.Key, y.Key)) })
}

// Retry lets the next round send a refused push again.
func Retry(s *store.Store, key string) error { return s.SettleSyncRefusal(key, false) }

// Discard drops a refused push: the record stays here as it is and is not sent.
func Discard(s *store.Store, key string) error { return s.SettleSyncRefusal(key, true) }
