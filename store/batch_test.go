package store

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"
)

func TestCreateTagsIsOneStepAndKeepsTheGoodOnes(t *testing.T) {
	s := openTestStore(t)
	if _, err := s.CreateTag(NewTag{Name: "Existing"}); err != nil {
		t.Fatal(err)
	}
	parent, child := uuid.NewString(), uuid.NewString()
	created, failed, err := s.CreateTags([]NewTag{
		{Name: "Frames", ID: parent},
		{Name: "Conflict", Parent: parent, ID: child},
		{Name: "existing"},                         // a sibling's name in another case
		{Name: "Deeper", Parent: child},            // under a tag of the same batch
		{Name: "Orphan", Parent: uuid.NewString()}, // under a tag that does not exist
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(created) != 3 || created[2].Parent != child || created[0].ID != parent {
		t.Errorf("created %+v", created)
	}
	if len(failed) != 2 || failed[0].Index != 2 || failed[1].Index != 4 || !strings.Contains(failed[0].Error(), "already a tag named") {
		t.Errorf("failed %v", failed)
	}
	if label, err := s.Undo(); err != nil || label != "3 tags created" {
		t.Errorf("undo = %q, %v", label, err)
	}
	if tags, _ := s.TagTree(); len(tags) != 1 {
		t.Errorf("one undo left %d tags", len(tags))
	}
}

// 50,000 annotations and one bad one used to fall back to one transaction and one undo step each.
func TestCreateAnnotationsKeepingGoodIsOneUndoStep(t *testing.T) {
	s := openTestStore(t)
	d := mustAdd(t, s, sample("Batch", "batch"))
	list := []NewAnnotation{
		{DocID: d.ID, Start: 0, End: 5},
		{DocID: d.ID, Start: 2, End: 900}, // past the end of the text
		{DocID: d.ID, Start: 6, End: 9},
		{DocID: "no such document", Start: 0, End: 1},
	}
	if _, err := s.CreateAnnotations(list, ""); err == nil {
		t.Fatal("CreateAnnotations accepted a bad item")
	}
	if got, _ := s.Annotations(AnnotationFilter{}); len(got) != 0 {
		t.Fatalf("a refused batch wrote %d annotations", len(got))
	}
	created, failed, err := s.CreateAnnotationsKeepingGood(list, "imported")
	if err != nil {
		t.Fatal(err)
	}
	if len(created) != 2 || len(failed) != 2 || failed[0].Index != 1 || failed[1].Index != 3 {
		t.Errorf("created %d, failed %v", len(created), failed)
	}
	if doc, _ := s.Document(d.ID); doc.Annotations != 2 {
		t.Errorf("document counts %d annotations", doc.Annotations)
	}
	if label, err := s.Undo(); err != nil || label != "imported" {
		t.Errorf("undo = %q, %v", label, err)
	}
	if got, _ := s.Annotations(AnnotationFilter{}); len(got) != 0 {
		t.Errorf("one undo left %d annotations", len(got))
	}
}

// batchWithOneBad is a document and n annotations on it, the last of them out of range.
func batchWithOneBad(b *testing.B, n int) (*Store, []NewAnnotation) {
	b.Helper()
	s, err := Open(b.TempDir() + "/library.db")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	d, err := s.AddDocument(NewDocument{Title: "Bench", Text: strings.Repeat("Lorem ipsum dolor sit amet. ", 4_000)})
	if err != nil {
		b.Fatal(err)
	}
	list := make([]NewAnnotation, n)
	for i := range list {
		start := (i * 17) % 100_000
		list[i] = NewAnnotation{DocID: d.ID, Start: start, End: start + 20}
	}
	list[n-1].End = 10_000_000
	return s, list
}

// BenchmarkBatchWithOneBadItem adds n annotations of which one is bad: "single" is what an importer had
// to do before (the batch refused, then one transaction and one undo step per item), "keepgood" is
// CreateAnnotationsKeepingGood.
func BenchmarkBatchWithOneBadItem(b *testing.B) {
	for _, n := range []int{5_000, 50_000} {
		b.Run(fmt.Sprintf("single/%d", n), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s, list := batchWithOneBad(b, n)
				b.StartTimer()
				if _, err := s.CreateAnnotations(list, ""); err == nil {
					b.Fatal("the bad item was accepted")
				}
				for _, na := range list {
					s.CreateAnnotation(na)
				}
			}
		})
		b.Run(fmt.Sprintf("keepgood/%d", n), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s, list := batchWithOneBad(b, n)
				b.StartTimer()
				if created, failed, err := s.CreateAnnotationsKeepingGood(list, ""); err != nil || len(created) != n-1 || len(failed) != 1 {
					b.Fatal(len(created), failed, err)
				}
			}
		})
	}
}

// BenchmarkCreateTags creates n tags, half of them children of the other half: one CreateTag each (what
// importers did) against one CreateTags.
func BenchmarkCreateTags(b *testing.B) {
	specs := func(n int) []NewTag {
		out := make([]NewTag, n)
		for i := range out {
			out[i] = NewTag{Name: fmt.Sprintf("code %d", i), ID: uuid.NewString()}
			if i%2 == 1 {
				out[i].Parent = out[i-1].ID
			}
		}
		return out
	}
	for _, n := range []int{2_000, 8_000} {
		b.Run(fmt.Sprintf("one-by-one/%d", n), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s, err := Open(b.TempDir() + "/library.db")
				if err != nil {
					b.Fatal(err)
				}
				list := specs(n)
				b.StartTimer()
				for _, nt := range list {
					if _, err := s.CreateTag(nt); err != nil {
						b.Fatal(err)
					}
				}
				s.Close()
			}
		})
		b.Run(fmt.Sprintf("batch/%d", n), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s, err := Open(b.TempDir() + "/library.db")
				if err != nil {
					b.Fatal(err)
				}
				list := specs(n)
				b.StartTimer()
				if created, failed, err := s.CreateTags(list); err != nil || len(created) != n || len(failed) != 0 {
					b.Fatal(len(created), failed, err)
				}
				s.Close()
			}
		})
	}
}

// TestCreateAnnotationsKeepingGood: one bad annotation among good ones is refused alone; the good ones
// are one undo step (they fell back to one transaction and one undo step each: 54 s for 50,000).
func TestCreateAnnotationsKeepingGood(t *testing.T) {
	s := openTestStore(t)
	d, err := s.AddDocument(NewDocument{Title: "D", Format: "txt", Text: "héllo wörld, a text"})
	if err != nil {
		t.Fatal(err)
	}
	list := []NewAnnotation{{DocID: d.ID, Start: 0, End: 5}, {DocID: d.ID, Start: 3, End: 99}, {DocID: d.ID, Start: 6, End: 11, Note: "n"}}
	made, refused, err := s.CreateAnnotationsKeepingGood(list, "two of three")
	if err != nil {
		t.Fatal(err)
	}
	if len(made) != 2 || made[0].Exact != "héllo" || made[1].Exact != "wörld" || made[1].Prefix != "héllo " {
		t.Errorf("made = %+v", made)
	}
	if len(refused) != 1 || refused[0].Index != 1 || !strings.Contains(refused[0].Err.Error(), "not inside the text") {
		t.Errorf("refused = %+v", refused)
	}
	if label, err := s.Undo(); err != nil || label != "two of three" {
		t.Fatalf("undo: %q %v", label, err)
	}
	if anns, _ := s.Annotations(AnnotationFilter{}); len(anns) != 0 {
		t.Errorf("after one undo: %d annotations", len(anns))
	}
}

// TestCreateTags: a tree of new tags under an existing one, in one step; a sibling clash refuses it.
func TestCreateTags(t *testing.T) {
	s := openTestStore(t)
	root, err := s.CreateTag(NewTag{Name: "Root"})
	if err != nil {
		t.Fatal(err)
	}
	made, refused, err := s.CreateTagsByRef([]TagToCreate{{Ref: "a", NewTag: NewTag{Name: "A", Parent: root.ID}}, {Ref: "b", NewTag: NewTag{Name: "B", Parent: "a", Colour: "#112233"}}})
	if err != nil || len(refused) != 0 {
		t.Fatal(err, refused)
	}
	if made["a"].Parent != root.ID || made["b"].Parent != made["a"].ID || made["b"].Colour != "#112233" {
		t.Errorf("made = %+v", made)
	}
	// A sibling clash refuses that tag alone, by its ref; the others of the batch are created.
	made, refused, err = s.CreateTagsByRef([]TagToCreate{{Ref: "x", NewTag: NewTag{Name: "new"}}, {Ref: "y", NewTag: NewTag{Name: "root"}}, {Ref: "z", NewTag: NewTag{Name: "under y", Parent: "y"}}})
	if err != nil || len(made) != 1 || made["x"].Name != "new" || refused["y"] == nil || !strings.Contains(refused["y"].Error(), "already a tag") || refused["z"] == nil {
		t.Errorf("sibling clash: made %+v, refused %v, %v", made, refused, err)
	}
	if tags, _ := s.Tags(); len(tags) != 4 {
		t.Errorf("tags = %d, want 4", len(tags))
	}
	for range 2 {
		if _, err := s.Undo(); err != nil {
			t.Fatal(err)
		}
	}
	if tags, _ := s.Tags(); len(tags) != 1 {
		t.Errorf("after two undos: %d tags", len(tags))
	}
}
