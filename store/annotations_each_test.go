package store

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestEachAnnotationMatchesAnnotations: EachAnnotation passes exactly the annotations Annotations lists,
// for every filter, and stops at fn's error.
func TestEachAnnotationMatchesAnnotations(t *testing.T) {
	s := openTestStore(t)
	var docs []Document
	for i := range 3 {
		d, err := s.AddDocument(NewDocument{Title: fmt.Sprint("Doc ", i), Text: fmt.Sprintf("Text number %d with enough words to hold some annotations.", i)})
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	parent, err := s.CreateTag(NewTag{Name: "Parent"})
	if err != nil {
		t.Fatal(err)
	}
	child, err := s.CreateTag(NewTag{Name: "Child", Parent: parent.ID})
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.CreateTag(NewTag{Name: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	tagSets := [][]string{nil, {parent.ID}, {child.ID}, {other.ID, child.ID}}
	for i := range 24 {
		_, err := s.CreateAnnotation(NewAnnotation{DocID: docs[i%3].ID, Start: i % 20, End: i%20 + 5,
			Tags: tagSets[i%4], Author: []string{"Ada", "Bo"}[i%2]})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []AnnotationFilter{{}, {DocID: docs[1].ID}, {TagID: parent.ID}, {TagID: parent.ID, IncludeChildTags: true},
		{TagID: child.ID, Author: "Bo"}, {DocID: docs[2].ID, TagID: other.ID}, {Author: "Ada"}, {DocID: "missing"}} {
		want, err := s.Annotations(f)
		if err != nil {
			t.Fatal(err)
		}
		var got []Annotation
		if err := s.EachAnnotation(f, func(a *Annotation) error { got = append(got, *a); return nil }); err != nil {
			t.Fatal(err)
		}
		sort.Sort(annotationOrder(got))
		if len(got) != len(want) || (len(want) > 0 && !reflect.DeepEqual(got, want)) {
			t.Errorf("%+v: EachAnnotation gave %d, Annotations %d", f, len(got), len(want))
		}
	}
	stop := fmt.Errorf("stop")
	calls := 0
	if err := s.EachAnnotation(AnnotationFilter{}, func(*Annotation) error { calls++; return stop }); err != stop || calls != 1 {
		t.Errorf("fn's error: %v after %d calls", err, calls)
	}
}

// TestForwardReaderIsGet: forwardReader gives what Bucket.Get gives, for keys asked in ascending order
// (with gaps, repeats and missing keys) and in any order.
func TestForwardReaderIsGet(t *testing.T) {
	s := openTestStore(t)
	rng := rand.New(rand.NewPCG(17, 18))
	err := s.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("forward-test"))
		if err != nil {
			return err
		}
		for i := 0; i < 5000; i += 1 + rng.IntN(3) {
			if err := b.Put(fmt.Appendf(nil, "k%05d", i), fmt.Appendf(nil, "v%d", i)); err != nil {
				return err
			}
		}
		if _, err := b.CreateBucket([]byte("k02500x")); err != nil { // a nested bucket: no value
			return err
		}
		for _, order := range []string{"ascending", "random"} {
			r := forwardReader{c: b.Cursor()}
			for i := 0; i < 6000; i++ {
				n := i
				switch {
				case order == "random":
					n = rng.IntN(5200)
				case rng.IntN(4) == 0:
					i += rng.IntN(40) // a gap
				}
				for _, key := range [][]byte{fmt.Appendf(nil, "k%05d", n), fmt.Appendf(nil, "k%05dx", n)} {
					if got, want := r.get(key), b.Get(key); !bytes.Equal(got, want) || (got == nil) != (want == nil) {
						t.Fatalf("%s: get(%s) = %q, want %q", order, key, got, want)
					}
				}
			}
		}
		return tx.DeleteBucket([]byte("forward-test"))
	})
	if err != nil {
		t.Fatal(err)
	}
}
