package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"gloss/store"
	teamsync "gloss/teams/sync"
	"gloss/teams/sync/keyring"
	"gloss/teams/sync/synctest"
)

// `gloss sync` tells of an edit the server refuses once, with its reason and the two ways out; later
// rounds are quiet about it, --status counts it, --refused lists it, --discard settles it and the edit
// stays in the library; --retry sends it again in a round.
func TestSyncRefusedEdit(t *testing.T) {
	srv := synctest.StartWith(t, synctest.Config{Users: map[string]string{"ana": "a-pass", "ben": "b-pass"}})
	dbA, _ := annotatedDB(t)
	dbB := newDB(t)
	listJSON(t, dbB)
	as := func(who, db string, args ...string) (string, string) {
		t.Helper()
		t.Setenv(keyring.EnvPassword, map[string]string{"ana": "a-pass", "ben": "b-pass"}[who])
		code, out, errOut := run(t, db, append([]string{"sync", "--user", who}, args...)...)
		if code != 0 {
			t.Fatalf("%s: sync %v: %d %s", who, args, code, errOut)
		}
		return out, errOut
	}
	as("ana", dbA, "--server", srv.URL, "--project", "refused")
	as("ben", dbB, "--server", srv.URL, "--project", "refused")
	var id string
	withStore(t, dbB, func(s *store.Store) {
		list, err := s.Annotations(store.AnnotationFilter{})
		if err != nil || len(list) == 0 {
			t.Fatalf("ben has no annotations: %v", err)
		}
		id = list[0].ID
		if _, err := s.UpdateAnnotation(id, nil, "ben was here"); err != nil {
			t.Fatal(err)
		}
	})
	key := "ann:" + id
	_, errOut := as("ben", dbB)
	if !strings.Contains(errOut, "the server refused annotation “") || !strings.Contains(errOut, "made by ana") ||
		!strings.Contains(errOut, "gloss sync --retry "+key) || strings.Contains(errOut, "skipped") {
		t.Fatalf("the refusal as told: %s", errOut)
	}
	out, errOut := as("ben", dbB)
	if strings.Contains(errOut, "refused") || !strings.Contains(out, "1 refused edits wait for a decision: gloss sync --refused") {
		t.Fatalf("the second round: %s / %s", out, errOut)
	}
	if out, _ := as("ben", dbB, "--status"); !strings.Contains(out, "refused edits waiting: 1") || !strings.Contains(out, "pending changes: 0") {
		t.Fatalf("--status: %s", out)
	}
	out, _ = as("ben", dbB, "--refused", "--json")
	var list []teamsync.Refusal
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 1 || list[0].Key != key {
		t.Fatalf("--refused --json: %s %v", out, err)
	}
	if _, errOut := as("ben", dbB, "--retry", key); !strings.Contains(errOut, "the server refused") {
		t.Fatalf("--retry did not send it again: %s", errOut)
	}
	if out, _ := as("ben", dbB, "--discard", key); !strings.Contains(out, "stays in this library") {
		t.Fatalf("--discard: %s", out)
	}
	if out, _ := as("ben", dbB, "--refused"); !strings.Contains(out, "no refused edits waiting") {
		t.Fatalf("--refused after --discard: %s", out)
	}
	withStore(t, dbB, func(s *store.Store) {
		if a, err := s.Annotation(id); err != nil || a.Note != "ben was here" {
			t.Fatalf("ben's edit after --discard: %+v %v", a, err)
		}
	})
	if code, _, errOut := run(t, dbB, "sync", "--retry", "ann:none"); code == 0 || !strings.Contains(errOut, "no refused edit") {
		t.Fatalf("retrying what does not wait: %d %s", code, errOut)
	}
}
