package store

import (
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

func tombstoneIDs(t *testing.T, s *Store) []string {
	t.Helper()
	list, err := s.Tombstones()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, ts := range list {
		ids = append(ids, ts.ID)
	}
	return ids
}

// TestTombstones: deleting a merged annotation leaves a tombstone in the same undo step; deleting one
// made here does not; creating an annotation with a buried id lifts it, undoably.
func TestTombstones(t *testing.T) {
	s := openTestStore(t)
	d := mustAdd(t, s, NewDocument{Title: "D", Text: tricky})
	merged, err := s.CreateAnnotation(NewAnnotation{DocID: d.ID, Start: 10, End: 14, Author: "Bo", Merged: "bo.jsonld"})
	if err != nil {
		t.Fatal(err)
	}
	if merged.Merged != "bo.jsonld" {
		t.Fatalf("merged: %+v", merged)
	}
	mine, _ := s.CreateAnnotation(NewAnnotation{DocID: d.ID, Start: 0, End: 3})
	if err := s.DeleteAnnotation(mine.ID); err != nil {
		t.Fatal(err)
	}
	if ids := tombstoneIDs(t, s); len(ids) != 0 {
		t.Errorf("an annotation made here left tombstones %v", ids)
	}
	if err := s.DeleteAnnotation(merged.ID); err != nil {
		t.Fatal(err)
	}
	list, _ := s.Tombstones()
	if len(list) != 1 || list[0].ID != merged.ID || list[0].DocID != d.ID || list[0].Start != 10 || list[0].End != 14 ||
		list[0].Author != "Bo" || list[0].Merged != "bo.jsonld" || list[0].Deleted.IsZero() {
		t.Fatalf("tombstones %+v", list)
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	// Undo brings the annotation back and takes the tombstone away; redo buries it again.
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if ids := tombstoneIDs(t, s); len(ids) != 0 {
		t.Errorf("after undo: tombstones %v", ids)
	}
	if got, err := s.Annotation(merged.ID); err != nil || !reflect.DeepEqual(got, merged) {
		t.Errorf("after undo: %+v %v", got, err)
	}
	if _, err := s.Redo(); err != nil {
		t.Fatal(err)
	}
	if ids := tombstoneIDs(t, s); !slices.Equal(ids, []string{merged.ID}) {
		t.Errorf("after redo: tombstones %v", ids)
	}
	// An import creating that id again lifts the tombstone; undoing the import buries it again.
	again, err := s.CreateAnnotation(NewAnnotation{DocID: d.ID, Start: 10, End: 14, Author: "Bo", ID: merged.ID})
	if err != nil || again.ID != merged.ID {
		t.Fatalf("created again: %+v %v", again, err)
	}
	if ids := tombstoneIDs(t, s); len(ids) != 0 {
		t.Errorf("tombstone of a live annotation: %v", ids)
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if ids := tombstoneIDs(t, s); !slices.Equal(ids, []string{merged.ID}) {
		t.Errorf("after undoing the re-creation: tombstones %v", ids)
	}
	// Deleting the document leaves no tombstone for its merged annotations.
	other, _ := s.CreateAnnotation(NewAnnotation{DocID: d.ID, Start: 20, End: 24, Author: "Bo", Merged: "bo.jsonld"})
	if err := s.DeleteDocument(d.ID); err != nil {
		t.Fatal(err)
	}
	if ids := tombstoneIDs(t, s); slices.Contains(ids, other.ID) {
		t.Errorf("a deleted document left tombstones %v", ids)
	}
}

// TestResolveDisagreement: keep both is stored, listed, undoable, survives reopening, and can be reopened.
func TestResolveDisagreement(t *testing.T) {
	path := filepath.Join(t.TempDir(), "library.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	d := mustAdd(t, s, NewDocument{Title: "Budget story", Text: tricky})
	tag, _ := s.CreateTag(NewTag{Name: "Frame"})
	if err := s.SetAuthor("Ann"); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []Resolution{
		{DocID: "nope", TagID: tag.ID, Start: 0, End: 3},
		{DocID: d.ID, TagID: "nope", Start: 0, End: 3},
		{DocID: d.ID, TagID: tag.ID, Start: 3, End: 3},
		{DocID: d.ID, TagID: tag.ID, Start: 0, End: 3, Kind: "toss-a-coin"},
	} {
		if _, err := s.ResolveDisagreement(bad); err == nil {
			t.Errorf("accepted %+v", bad)
		}
	}
	r, err := s.ResolveDisagreement(Resolution{DocID: d.ID, TagID: tag.ID, Start: 5, End: 9, With: []string{"Cy", "Bo"}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Kind != ResolutionKeepBoth || r.By != "Ann" || !slices.Equal(r.With, []string{"Bo", "Cy"}) || r.At.IsZero() {
		t.Errorf("resolution %+v", r)
	}
	if _, label, _, _, _ := s.UndoState(); label != `Both versions kept in "Budget story"` {
		t.Errorf("undo label %q", label)
	}
	list, _ := s.Resolutions()
	if len(list) != 1 || !reflect.DeepEqual(list[0], r) {
		t.Errorf("resolutions %+v", list)
	}
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.Resolutions(); len(list) != 0 {
		t.Errorf("after undo: %+v", list)
	}
	if _, err := s.Redo(); err != nil {
		t.Fatal(err)
	}
	// It is in the file: reopening the library finds it.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err = Open(path); err != nil {
		t.Fatal(err)
	}
	closeOnCleanup(t, s)
	if list, _ := s.Resolutions(); len(list) != 1 || list[0].Start != 5 || list[0].End != 9 {
		t.Errorf("after reopening: %+v", list)
	}
	if err := s.ReopenDisagreement(d.ID, tag.ID, 5, 10); !errors.Is(err, ErrNotFound) {
		t.Errorf("reopening another span: %v", err)
	}
	if err := s.ReopenDisagreement(d.ID, tag.ID, 5, 9); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.Resolutions(); len(list) != 0 {
		t.Errorf("after reopening the disagreement: %+v", list)
	}
	if label, err := s.Undo(); err != nil || !strings.Contains(label, "reopened") {
		t.Errorf("undo reopen: %q %v", label, err)
	}
	if list, _ := s.Resolutions(); len(list) != 1 {
		t.Errorf("after undoing the reopening: %+v", list)
	}
}

func TestAuthorFilters(t *testing.T) {
	s := openTestStore(t)
	d1 := mustAdd(t, s, NewDocument{Title: "One", Text: tricky})
	d2 := mustAdd(t, s, sample("Two", "two"))
	d3 := mustAdd(t, s, sample("Three", "three"))
	red, _ := s.CreateTag(NewTag{Name: "Red"})
	blue, _ := s.CreateTag(NewTag{Name: "Blue"})
	for _, na := range []NewAnnotation{
		{DocID: d1.ID, Start: 0, End: 2, Author: "Ann", Tags: []string{red.ID}},
		{DocID: d1.ID, Start: 2, End: 4, Author: "Ann", Tags: []string{red.ID, blue.ID}},
		{DocID: d1.ID, Start: 4, End: 6, Author: "Bo", Tags: []string{blue.ID}},
		{DocID: d2.ID, Start: 0, End: 2, Author: "Bo", Tags: []string{red.ID}},
		{DocID: d2.ID, Start: 0, End: 1, Author: "Cy"},
	} {
		if _, err := s.CreateAnnotation(na); err != nil {
			t.Fatal(err)
		}
	}
	authors, err := s.Authors()
	if err != nil || !reflect.DeepEqual(authors, []AuthorCount{{"Ann", 2}, {"Bo", 2}, {"Cy", 1}}) {
		t.Errorf("authors %+v %v", authors, err)
	}
	docs, err := s.DocumentsByAuthors([]string{"Ann"})
	if err != nil || len(docs) != 1 || docs[0].ID != d1.ID || docs[0].Annotations != 2 {
		t.Errorf("Ann's documents %+v %v", docs, err)
	}
	docs, _ = s.DocumentsByAuthors([]string{"Bo", "Cy"})
	counts := map[string]int{}
	for _, d := range docs {
		counts[d.Title] = d.Annotations
	}
	if !reflect.DeepEqual(counts, map[string]int{"One": 1, "Two": 2}) {
		t.Errorf("Bo's and Cy's documents %v", counts)
	}
	if all, _ := s.DocumentsByAuthors(nil); len(all) != 3 || all[2].ID != d3.ID || all[0].Annotations != 3 {
		t.Errorf("no author filter: %+v", all)
	}
	if none, err := s.DocumentsByAuthors([]string{"Nobody"}); err != nil || none == nil || len(none) != 0 {
		t.Errorf("nobody's documents: %#v %v", none, err)
	}
	tags, _ := s.TagsByAuthors([]string{"Ann"})
	uses := map[string]int{}
	for _, tg := range tags {
		uses[tg.Name] = tg.Count
	}
	if !reflect.DeepEqual(uses, map[string]int{"Red": 2, "Blue": 1}) {
		t.Errorf("Ann's tag uses %v", uses)
	}
	if tags, _ := s.TagsByAuthors(nil); tags[0].Count != 3 || tags[1].Count != 2 {
		t.Errorf("all tag uses %+v", tags)
	}
	by, _ := s.AnnotatedBy([]string{"Bo"}, []string{red.ID})
	if !reflect.DeepEqual(by, map[string]int{d2.ID: 1}) {
		t.Errorf("Bo with Red: %v", by)
	}
}

func TestCheckFindsTombstoneAndResolutionProblems(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d := mustAdd(t, s, NewDocument{Title: "D", Text: tricky})
	a, _ := s.CreateAnnotation(NewAnnotation{DocID: d.ID, Start: 0, End: 3})
	ghost := uuid.NewString()
	_ = s.db.Update(func(tx *bolt.Tx) error {
		_ = putJSON(tx.Bucket(bucketTombstones), []byte(a.ID), Tombstone{ID: a.ID})
		_ = putJSON(tx.Bucket(bucketTombstones), []byte(ghost), Tombstone{ID: "other"})
		_ = putJSON(tx.Bucket(bucketResolutions), []byte("x/y/1/2"), Resolution{DocID: "x", TagID: "y", Start: 1, End: 3, Kind: ResolutionKeepBoth})
		return putJSON(tx.Bucket(bucketResolutions), []byte("x/y/1/3"), Resolution{DocID: "x", TagID: "y", Start: 1, End: 3, Kind: "maybe"})
	})
	err = s.Check()
	for _, want := range []string{"names an annotation that exists", `has id "other"`, "describes x/y/1/3", `unknown kind "maybe"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Check error lacks %q:\n%v", want, err)
		}
	}
}
