package sync

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/go-kivik/kivik/v4"

	"gloss/store"
	"gloss/storetest"
	"gloss/teams/sync/synctest"
)

// serverConflicts lists the records of o's project that have more than one live leaf on the server.
func serverConflicts(t *testing.T, o Options) []string {
	t.Helper()
	db := kivikDB(t, o)
	rows := db.AllDocs(context.Background(), kivik.Param("include_docs", true), kivik.Param("conflicts", true))
	defer rows.Close()
	var out []string
	for rows.Next() {
		var d struct {
			ID        string   `json:"_id"`
			Conflicts []string `json:"_conflicts"`
		}
		if err := rows.ScanDoc(&d); err != nil {
			t.Fatal(err)
		}
		for _, rev := range d.Conflicts {
			if _, ok := serverRev(t, o, d.ID, rev)[resolvedField]; !ok {
				out = append(out, d.ID+"@"+rev)
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// quiet fails unless neither the round nor any library nor the server shows a conflict.
func quiet(t *testing.T, what string, o Options, r Result, libs ...*store.Store) {
	t.Helper()
	if len(r.Conflicts) > 0 || len(r.Problems) > 0 {
		t.Fatalf("%s: %d conflicts, problems %v", what, len(r.Conflicts), r.Problems)
	}
	for i, s := range libs {
		if cs, err := Conflicts(s); err != nil || len(cs) > 0 {
			t.Fatalf("%s: library %d shows conflicts %+v %v", what, i, cs, err)
		}
	}
	if c := serverConflicts(t, o); len(c) > 0 {
		t.Fatalf("%s: the server holds conflicts %v", what, c)
	}
}

// A library switched to another project and back to one it synced before knows its own revisions there
// again: it pushes only what changed meanwhile, pulls what the others did, and nothing shows as a
// conflict (before, it pushed every record again as a new first revision, and each record edited before
// stood in conflict with its own earlier revision).
func TestSwitchingBackToAProjectIsQuiet(t *testing.T) {
	srv := synctest.Start(t)
	ctx := context.Background()
	one := Options{Server: srv.URL, Project: "one"}
	two := Options{Server: srv.URL, Project: "two"}
	a, b := openTeamLibrary(t, "ana"), openTeamLibrary(t, "ben")
	docs, err := a.Documents()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i, d := range docs {
		ann, err := a.CreateAnnotation(store.NewAnnotation{DocID: d.ID, Start: 0, End: 8, Tags: []string{}, Note: "first"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, ann.ID)
		if _, err := a.SaveNote(store.Note{Title: "plan", Body: "note " + strings.Repeat("x", i)}); err != nil {
			t.Fatal(err)
		}
	}
	rounds(t, one, a, b)
	// every record edited once more, so none is at its first revision any longer
	for _, id := range ids {
		if _, err := a.UpdateAnnotation(id, nil, "second"); err != nil {
			t.Fatal(err)
		}
	}
	rounds(t, one, a, b, a)
	onRecords, err := a.SyncRecords()
	if err != nil {
		t.Fatal(err)
	}

	if r, err := Round(ctx, a, two); err != nil || r.Pushed == 0 {
		t.Fatalf("the first round on project two: %+v %v", r, err)
	}
	if _, err := a.UpdateAnnotation(ids[0], nil, "edited while on two"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.UpdateAnnotation(ids[1], nil, "edited on one meanwhile"); err != nil {
		t.Fatal(err)
	}
	if err := b.DeleteAnnotation(ids[2]); err != nil {
		t.Fatal(err)
	}
	rounds(t, one, b)

	back, err := Round(ctx, a, one)
	if err != nil {
		t.Fatal(err)
	}
	quiet(t, "switched back", one, back, a)
	if back.Pushed != 1 || back.Pulled != 2 {
		t.Fatalf("switched back: pushed %d (want the one edit made meanwhile), pulled %d (want ben's edit and deletion)", back.Pushed, back.Pulled)
	}
	if got, err := a.Annotation(ids[1]); err != nil || got.Note != "edited on one meanwhile" {
		t.Fatalf("ben's edit: %+v %v", got, err)
	}
	if _, err := a.Annotation(ids[2]); err == nil {
		t.Fatal("ben's deletion did not reach ana")
	}
	r := rounds(t, one, b, a)
	quiet(t, "after", one, r[0], a, b)
	if r[1].Pushed != 0 || r[1].Pulled != 0 {
		t.Fatalf("the round after did %+v", r[1])
	}
	if ea, eb := normalisedExport(t, a), normalisedExport(t, b); ea != eb {
		t.Fatalf("the libraries differ: %s", firstDiff(ea, eb))
	}
	// and back on two, the records made there are known again too
	if r, err := Round(ctx, a, two); err != nil || r.Pushed != 3 || r.Deleted != 1 || len(r.Conflicts) > 0 {
		t.Fatalf("back on two: %+v %v (want ana's edit, ben's edit and ben's deletion pushed)", r, err)
	}
	if again, err := a.SyncRecords(); err != nil || len(again) != len(onRecords)-1 {
		t.Fatalf("records on project two: %d, want those of one less the deleted annotation (%d) %v", len(again), len(onRecords)-1, err)
	}
}

// A library that lost its sync state (a restored backup, a copy of another's file) and syncs with a
// project holding its records: the same content is taken as its own, a record whose body is one of the
// library's own earlier revisions is brought up to date (an edit, a deletion), and only what is new is
// pushed. No conflict. (A record edited here after the state was lost has no shared history with the
// server's: that one is pushed and shown as a conflict, since nothing says which body is newer.)
func TestLostSyncStateRecognisesItsOwnRevisions(t *testing.T) {
	a, b, o, id := twoWithAnnotation(t, "lost-state")
	ctx := context.Background()
	doc, err := a.Documents()
	if err != nil {
		t.Fatal(err)
	}
	second, err := a.CreateAnnotation(store.NewAnnotation{DocID: doc[0].ID, Start: 11, End: 15, Note: "kept"})
	if err != nil {
		t.Fatal(err)
	}
	rounds(t, o, a, b)
	if _, err := a.UpdateAnnotation(id, nil, "again"); err != nil {
		t.Fatal(err)
	}
	rounds(t, o, a, b)
	// ben edits the first and deletes the second; ana loses her sync state and makes a third
	if _, err := b.UpdateAnnotation(id, nil, "ben's"); err != nil {
		t.Fatal(err)
	}
	if err := b.DeleteAnnotation(second.ID); err != nil {
		t.Fatal(err)
	}
	rounds(t, o, b)
	uuid := a.Setting(settingProjectUUID)
	if _, err := a.SwitchSync(settingProjectUUID, "", "elsewhere"); err != nil {
		t.Fatal(err)
	}
	if err := a.SetSettings(map[string]string{settingProjectUUID: uuid}); err != nil {
		t.Fatal(err)
	}
	if recs, _ := a.SyncRecords(); len(recs) != 0 {
		t.Fatalf("the state is not lost: %d records", len(recs))
	}
	third, err := a.CreateAnnotation(store.NewAnnotation{DocID: doc[0].ID, Start: 16, End: 20, Note: "mine, edited"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Round(ctx, a, o)
	if err != nil {
		t.Fatal(err)
	}
	quiet(t, "after losing the state", o, r, a)
	if r.Pushed != 1 {
		t.Fatalf("pushed %d records, want only the new one", r.Pushed)
	}
	if got, err := a.Annotation(id); err != nil || got.Note != "ben's" {
		t.Fatalf("ben's newer edit: %+v %v", got, err)
	}
	if _, err := a.Annotation(second.ID); err == nil {
		t.Fatal("ben's deletion did not reach ana (her older copy would have come back to life)")
	}
	rb := rounds(t, o, b)
	quiet(t, "ben", o, rb[0], a, b)
	if got, err := b.Annotation(third.ID); err != nil || got.Note != "mine, edited" {
		t.Fatalf("ana's edit at ben: %+v %v", got, err)
	}
	if ea, eb := normalisedExport(t, a), normalisedExport(t, b); ea != eb {
		t.Fatalf("the libraries differ: %s", firstDiff(ea, eb))
	}
}

// Two leaves of one record with the same content (written by two libraries apart, with different
// histories) are closed, not shown as a conflict.
func TestIdenticalLeavesAreNoConflict(t *testing.T) {
	srv := synctest.Start(t)
	o := Options{Server: srv.URL, Project: "same"}
	a := storetest.Open(t)
	rounds(t, o, a)
	db := kivikDB(t, o)
	body := map[string]any{"type": "note", "title": "plan", "body": "same words", "author": "ana",
		"created": "2026-01-01T00:00:00Z", "modified": "2026-01-02T00:00:00Z"}
	for _, rev := range []string{"1-aaaa", "2-bbbb"} {
		doc := map[string]any{"_id": "note:0190aaaa-0000-7000-8000-000000000001", "_rev": rev}
		for k, v := range body {
			doc[k] = v
		}
		if rev == "2-bbbb" {
			doc["_revisions"] = map[string]any{"start": 2, "ids": []string{"bbbb", "cccc"}}
		}
		raw, _ := json.Marshal(doc)
		var m map[string]any
		_ = json.Unmarshal(raw, &m)
		if _, err := db.BulkDocs(context.Background(), []any{m}, kivik.Param("new_edits", false)); err != nil {
			t.Fatal(err)
		}
	}
	r := rounds(t, o, a)
	quiet(t, "two leaves with one content", o, r[0], a)
	if notes, err := a.Notes(); err != nil || len(notes) != 1 || notes[0].Body != "same words" {
		t.Fatalf("the note: %+v %v", notes, err)
	}
}
