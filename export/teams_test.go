package export_test

import (
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"gloss/corpus"
	. "gloss/export"
	"gloss/ingest"
	"gloss/ingest/merge"
	"gloss/store"
)

// TestExportExcludeAuthors: every format leaves out the excluded authors' annotations, alone or after
// an inclusion list.
func TestExportExcludeAuthors(t *testing.T) {
	f := newExportFixture(t)
	ada := 0
	for _, a := range f.anns {
		if a.Author == authorAda {
			ada++
		}
	}
	for _, opt := range []ExportOptions{
		{ExcludeAuthors: []string{authorBo}},
		{Authors: []string{authorAda, authorBo}, ExcludeAuthors: []string{authorBo}},
	} {
		rows, err := csv.NewReader(strings.NewReader(exportString(t, f.s, "csv", opt))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]int{}
		for _, r := range rows[1:] {
			kinds[r[21]]++
		}
		if kinds["annotation"] != ada || kinds["memo"]+kinds["project note"] == 0 || len(kinds) > 3 {
			t.Errorf("%+v: csv rows %v, want %d annotations and Ada's memos and notes", opt, kinds, ada)
		}
		for _, r := range rows[1:] {
			if author := r[10]; author != authorAda {
				t.Errorf("csv row by %q", author)
			}
		}
		for _, format := range []string{"html", "md"} {
			out := exportString(t, f.s, format, opt)
			if strings.Contains(out, authorBo) || !strings.Contains(out, authorAda) {
				t.Errorf("%s names the wrong authors", format)
			}
			if strings.Contains(out, "Primary source 📧") { // one of Bo's notes
				t.Errorf("%s carries an excluded author's note", format)
			}
		}
		for _, format := range []string{"jsonld", "qdpx"} {
			b, err := merge.ReadAnnotationFile(exportTo(t, f.s, format, opt))
			if err != nil {
				t.Fatal(err)
			}
			if len(b.Annotations) != ada {
				t.Errorf("%s: %d annotations, want %d", format, len(b.Annotations), ada)
			}
			for _, a := range b.Annotations {
				if a.Author != authorAda {
					t.Errorf("%s: annotation by %q", format, a.Author)
				}
			}
		}
	}
	// Excluding everyone leaves the header alone; the HTML pack has no annotation.
	everyone := ExportOptions{ExcludeAuthors: []string{authorAda, authorBo}}
	if rows, _ := csv.NewReader(strings.NewReader(exportString(t, f.s, "csv", everyone))).ReadAll(); len(rows) != 1 {
		t.Errorf("everyone excluded: %d rows", len(rows))
	}
	if out := exportString(t, f.s, "html", everyone); strings.Contains(out, authorAda) || strings.Contains(out, authorBo) {
		t.Errorf("everyone excluded: the HTML pack names an author")
	}
}

// TestMergeDeletedStaysDeleted: a merged annotation deleted here does not come back when the same file
// is merged again (the merge reports it), nor does one edited here come back as a copy; merging again
// then writes nothing at all. Undoing the deletion makes the next merge see it as already there.
func TestMergeDeletedStaysDeleted(t *testing.T) {
	for _, format := range []string{"jsonld", "qdpx"} {
		t.Run(format, func(t *testing.T) {
			a := newExportFixture(t)
			file := exportTo(t, a.s, format, ExportOptions{})
			b, _ := coderB(t)
			if _, err := merge.Merge(b, file, merge.MergeOptions{}); err != nil {
				t.Fatal(err)
			}
			merged, _ := b.Annotations(store.AnnotationFilter{Author: authorBo})
			if len(merged) < 2 || merged[0].Merged != "theirs."+format {
				t.Fatalf("merged: %+v", merged)
			}
			gone, edited := merged[0], merged[1]
			if err := b.DeleteAnnotation(gone.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := b.UpdateAnnotation(edited.ID, nil, "we disagree with this one"); err != nil {
				t.Fatal(err)
			}
			before, _ := b.Annotations(store.AnnotationFilter{})
			seq, _ := b.JournalSeq()

			dry, err := merge.Merge(b, file, merge.MergeOptions{DryRun: true})
			if err != nil {
				t.Fatal(err)
			}
			report, err := merge.Merge(b, file, merge.MergeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range []merge.MergeReport{dry, report} {
				if r.AnnotationsCreated != 0 || r.AnnotationsDeletedHere != 1 || r.AnnotationsUnchanged != len(a.anns)-1 {
					t.Errorf("dry run %v: %d created, %d deleted here, %d unchanged", r.DryRun, r.AnnotationsCreated, r.AnnotationsDeletedHere, r.AnnotationsUnchanged)
				}
			}
			after, _ := b.Annotations(store.AnnotationFilter{})
			if len(after) != len(before) {
				t.Errorf("%d annotations after merging again, want %d", len(after), len(before))
			}
			if _, err := b.Annotation(gone.ID); err == nil {
				t.Errorf("the deleted annotation came back")
			}
			if got, _ := b.Annotation(edited.ID); got.Note != "we disagree with this one" || len(got.Tags) != 0 {
				t.Errorf("our edit was overwritten: %+v", got)
			}
			if now, _ := b.JournalSeq(); now != seq {
				t.Errorf("merging the file again wrote %d journal entries", now-seq)
			}

			// Undo the edit and the deletion: the annotation is back, and the file finds it there.
			for range 2 {
				if _, err := b.Undo(); err != nil {
					t.Fatal(err)
				}
			}
			report, err = merge.Merge(b, file, merge.MergeOptions{})
			if err != nil || report.AnnotationsCreated != 0 || report.AnnotationsDeletedHere != 0 || report.AnnotationsUnchanged != len(a.anns) {
				t.Errorf("after undoing the deletion: %v %+v", err, report)
			}
		})
	}
}

// TestMergeDeletedWithoutIDs: a file whose annotations carry no UUID is matched on passage and author.
func TestMergeDeletedWithoutIDs(t *testing.T) {
	s := mergeStore(t)
	if _, err := ingest.Seed(s, corpus.Files()); err != nil {
		t.Fatal(err)
	}
	docs, _ := s.Documents()
	v, _ := s.Version(docs[0].ID, 0)
	bundle := ingest.Bundle{
		Documents: []ingest.BundleDocument{{Ref: "doc-1", Title: docs[0].Title, Text: v.Text}},
		Annotations: []ingest.BundleAnnotation{
			{Ref: "http://example.org/anno/1", DocRef: "doc-1", Start: 0, End: 6, Author: "Zed", Note: "one"},
			{Ref: "http://example.org/anno/2", DocRef: "doc-1", Start: 10, End: 16, Author: "Zed", Note: "two"},
		},
	}
	if r, err := merge.MergeBundle(s, "zed.jsonld", bundle, merge.MergeOptions{}); err != nil || r.AnnotationsCreated != 2 {
		t.Fatalf("first merge: %v %+v", err, r)
	}
	anns, _ := s.Annotations(store.AnnotationFilter{Author: "Zed"})
	if err := s.DeleteAnnotation(anns[0].ID); err != nil {
		t.Fatal(err)
	}
	r, err := merge.MergeBundle(s, "zed.jsonld", bundle, merge.MergeOptions{})
	if err != nil || r.AnnotationsCreated != 0 || r.AnnotationsDeletedHere != 1 || r.AnnotationsUnchanged != 1 {
		t.Errorf("second merge: %v %+v", err, r)
	}
}

// TestExportAuthorFilterCoversNotes: a memo or project note is signed with its author in Markdown and
// HTML, and the author filters leave out another coder's notes as they leave out her annotations; a note
// whose author was never recorded stays.
func TestExportAuthorFilterCoversNotes(t *testing.T) {
	f := newExportFixture(t)
	notes, _ := f.s.Notes()
	memoless := ""
	for _, d := range f.docs {
		if !slices.ContainsFunc(notes, func(n store.Note) bool { return n.DocID == d.ID }) {
			memoless = d.ID
		}
	}
	for _, n := range []store.Note{
		{DocID: memoless, Body: "Bo's memo on the first article", Author: authorBo},
		{Title: "Ada's plan", Body: "Code tone after claims.", Author: authorAda},
		{Title: "Bo's doubts", Body: "Is tone one code or two?", Author: authorBo},
	} {
		if _, err := f.s.SaveNote(n); err != nil {
			t.Fatal(err)
		}
	}
	for _, format := range []string{"md", "html"} {
		all := exportString(t, f.s, format, ExportOptions{})
		for _, want := range []string{"Bo's memo", "Is tone one code or two", "Code tone after claims"} {
			if !strings.Contains(strings.ReplaceAll(all, "&#39;", "'"), want) {
				t.Errorf("%s, everyone: %q missing", format, want)
			}
		}
		if !strings.Contains(all, authorBo+", ") {
			t.Errorf("%s: Bo's notes are not signed", format)
		}
		for _, opt := range []ExportOptions{{ExcludeAuthors: []string{authorBo}}, {Authors: []string{authorAda}}} {
			out := strings.ReplaceAll(exportString(t, f.s, format, opt), "&#39;", "'")
			if strings.Contains(out, "Bo's memo") || strings.Contains(out, "Is tone one code or two") {
				t.Errorf("%s %+v: carries Bo's notes", format, opt)
			}
			if !strings.Contains(out, "Code tone after claims") {
				t.Errorf("%s %+v: Ada's note left out", format, opt)
			}
		}
	}
}
