package sync

import (
	"context"
	"errors"
	"strings"
	"testing"

	"gloss/store"
	"gloss/teams/sync/synctest"
)

// A push the server refuses (the guard: ben edits and deletes ana's annotation) is reported once with
// the server's reason and parked: later rounds neither send nor report it again, and it is not counted as
// pending; Refused lists it until ben retries it (sent again: refused again, reported again) or discards
// it (his edit stays in his library, unsent); an edit after the refusal is a new edit and is sent; a
// revision pulled from the server drops the mark. Nothing is lost on either library.
func TestRefusedPushIsReportedOnceAndParked(t *testing.T) {
	srv := synctest.StartWith(t, synctest.Config{Users: map[string]string{"ana": "a-pass", "ben": "b-pass"}})
	ana := Options{Server: srv.URL, Project: "refused", User: "ana", Password: "a-pass"}
	ben := Options{Server: srv.URL, Project: "refused", User: "ben", Password: "b-pass"}
	a, b := openTeamLibrary(t, "ana"), openTeamLibrary(t, "ben")
	docs, err := a.Documents()
	if err != nil {
		t.Fatal(err)
	}
	hers, err := a.CreateAnnotation(store.NewAnnotation{DocID: docs[0].ID, Start: 0, End: 8, Note: "ana's"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := a.CreateAnnotation(store.NewAnnotation{DocID: docs[1].ID, Start: 0, End: 6, Note: "ana's second"})
	if err != nil {
		t.Fatal(err)
	}
	rounds(t, ana, a)
	rounds(t, ben, b)
	key := "ann:" + hers.ID
	round := func(who string, o Options, s *store.Store) Result {
		t.Helper()
		r, err := Round(context.Background(), s, o)
		if err != nil {
			t.Fatalf("%s: %v", who, err)
		}
		return r
	}
	status := func(s *store.Store) Status {
		t.Helper()
		st, err := StatusOf(s)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	// ben edits ana's annotation: refused, reported once with the reason
	if _, err := b.UpdateAnnotation(hers.ID, nil, "ben was here"); err != nil {
		t.Fatal(err)
	}
	r := round("ben", ben, b)
	if len(r.Refused) != 1 || r.Refused[0].Key != key || !strings.Contains(r.Refused[0].Reason, "made by ana") ||
		r.Refused[0].Deletion || !strings.Contains(r.Refused[0].What, "annotation “") || len(r.Problems) != 1 {
		t.Fatalf("the first round after the edit: refused %+v, problems %v", r.Refused, r.Problems)
	}
	if st := status(b); st.Pending != 0 || st.Refused != 1 {
		t.Fatalf("ben's status: %d pending, %d refused (want 0 and 1)", st.Pending, st.Refused)
	}
	for i := 0; i < 3; i++ { // parked: not sent, not reported
		if r := round("ben", ben, b); len(r.Refused) != 0 || len(r.Problems) != 0 || r.Pushed != 0 {
			t.Fatalf("round %d after the refusal: pushed %d, refused %+v, problems %v", i, r.Pushed, r.Refused, r.Problems)
		}
	}
	list, err := Refused(b)
	if err != nil || len(list) != 1 || list[0].Key != key || list[0].Kind != "annotation" {
		t.Fatalf("Refused: %+v %v", list, err)
	}
	if got, _ := b.Annotation(hers.ID); got.Note != "ben was here" {
		t.Fatalf("ben's edit is gone from his library: %q", got.Note)
	}
	if got, _ := round("ana", ana, a), 0; got.Pulled != 0 {
		t.Fatalf("ana pulled %d after ben's refused edit", got.Pulled)
	}
	if got, _ := a.Annotation(hers.ID); got.Note != "ana's" {
		t.Fatalf("ana has %q", got.Note)
	}
	// retry: sent again, refused again, reported again, once
	if err := Retry(b, key); err != nil {
		t.Fatal(err)
	}
	if st := status(b); st.Pending != 1 || st.Refused != 0 {
		t.Fatalf("after Retry: %d pending, %d refused (want 1 and 0)", st.Pending, st.Refused)
	}
	if r := round("ben", ben, b); len(r.Refused) != 1 || r.Refused[0].Key != key {
		t.Fatalf("the retried push: refused %+v problems %v", r.Refused, r.Problems)
	}
	if r := round("ben", ben, b); len(r.Refused) != 0 || len(r.Problems) != 0 {
		t.Fatalf("the round after the retry: %+v %v", r.Refused, r.Problems)
	}
	// a new edit is a new push (refused again, once)
	if _, err := b.UpdateAnnotation(hers.ID, nil, "ben was here again"); err != nil {
		t.Fatal(err)
	}
	if r := round("ben", ben, b); len(r.Refused) != 1 {
		t.Fatalf("ben's second edit: refused %+v", r.Refused)
	}
	// discard: the edit stays here, unsent; nothing waits
	if err := Discard(b, key); err != nil {
		t.Fatal(err)
	}
	if err := Discard(b, key+"x"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("discarding what does not wait: %v", err)
	}
	if list, _ := Refused(b); len(list) != 0 {
		t.Fatalf("a discarded push is still listed: %+v", list)
	}
	if st := status(b); st.Pending != 0 || st.Refused != 0 {
		t.Fatalf("after Discard: %d pending, %d refused", st.Pending, st.Refused)
	}
	if r := round("ben", ben, b); r.Pushed != 0 || len(r.Problems) != 0 {
		t.Fatalf("a discarded push was sent: %+v", r)
	}
	if got, _ := b.Annotation(hers.ID); got.Note != "ben was here again" {
		t.Fatalf("discarding lost ben's edit: %q", got.Note)
	}
	// a revision from the server replaces it as any pulled edit, and the mark goes
	if _, err := a.UpdateAnnotation(hers.ID, nil, "ana's, edited"); err != nil {
		t.Fatal(err)
	}
	round("ana", ana, a)
	if r := round("ben", ben, b); len(r.Problems) != 0 {
		t.Fatalf("ben pulling ana's edit: %v", r.Problems)
	}
	if got, _ := b.Annotation(hers.ID); got.Note != "ana's, edited" {
		t.Fatalf("ben has %q after ana's edit", got.Note)
	}
	if list, _ := Refused(b); len(list) != 0 || status(b).Pending != 0 {
		t.Fatalf("after the pull: %+v, %d pending", list, status(b).Pending)
	}
	round("ben", ben, b) // its push drops the marks that no longer apply
	if marks, _ := b.SyncRefusals(); len(marks) != 0 {
		t.Fatalf("marks left after the pull: %+v", marks)
	}
	// a refused deletion: reported once; discarding it keeps it deleted here, ana keeps hers
	if err := b.DeleteAnnotation(other.ID); err != nil {
		t.Fatal(err)
	}
	r = round("ben", ben, b)
	if len(r.Refused) != 1 || r.Refused[0].Key != "ann:"+other.ID || !r.Refused[0].Deletion {
		t.Fatalf("ben's deletion of ana's annotation: %+v %v", r.Refused, r.Problems)
	}
	if r := round("ben", ben, b); len(r.Refused) != 0 || len(r.Problems) != 0 {
		t.Fatalf("the refused deletion was reported again: %v", r.Problems)
	}
	if err := Discard(b, "ann:"+other.ID); err != nil {
		t.Fatal(err)
	}
	if st := status(b); st.Pending != 0 || st.Refused != 0 {
		t.Fatalf("after discarding the deletion: %+v", st)
	}
	round("ana", ana, a)
	if _, err := a.Annotation(other.ID); err != nil {
		t.Fatalf("ana lost her annotation: %v", err)
	}
}
