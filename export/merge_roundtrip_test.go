package export_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gloss/anchor"
	"gloss/corpus"
	. "gloss/export"
	"gloss/ingest"
	"gloss/ingest/merge"
	"gloss/store"
	"gloss/storetest"
)

// coderB is a second library: the same seed articles, its own coder, its own tags (one with the name of
// one of A's but another colour, one with the name of one of A's under another parent) and one passage.
func coderB(t *testing.T) (*store.Store, map[string]store.Tag) {
	t.Helper()
	s := mergeStore(t)
	if _, err := ingest.Seed(s, corpus.Files()); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAuthor("Cy Coder"); err != nil {
		t.Fatal(err)
	}
	tags := map[string]store.Tag{}
	for _, nt := range []struct{ name, parent, colour string }{
		{"Claims", "", "#000000"},   // A's is #e69f00: a colour conflict
		{"Verified", "", "#009e73"}, // A's is Claims/Verified: a parent conflict... unless Claims/Verified exists
		{"Mine", "", "#0072b2"},
	} {
		tag, err := s.CreateTag(store.NewTag{Name: nt.name, Parent: tags[nt.parent].ID, Colour: nt.colour})
		if err != nil {
			t.Fatal(err)
		}
		tags[nt.name] = tag
	}
	docs, _ := s.Documents()
	v, _ := s.Version(docs[0].ID, 0)
	start, end, _ := anchor.FindQuote(v.Text, "from 2004 to 2011", 1)
	if _, err := s.CreateAnnotation(store.NewAnnotation{DocID: docs[0].ID, Start: start, End: end, Tags: []string{tags["Mine"].ID}, Note: "mine"}); err != nil {
		t.Fatal(err)
	}
	return s, tags
}

func exportTo(t *testing.T, s *store.Store, format string, opt ExportOptions) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "theirs."+format)
	if err := ExportToPath(s, format, path, opt); err != nil {
		t.Fatal(err)
	}
	return path
}

// snapshot is everything merging must not change: every stored annotation whole, every tag whole.
func snapshot(t *testing.T, s *store.Store) (anns []store.Annotation, tags []store.Tag, docs []store.Document) {
	t.Helper()
	anns, err := s.Annotations(store.AnnotationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	tags, _ = s.Tags()
	for i := range tags {
		tags[i].Count = 0
	}
	docs, _ = s.Documents()
	for i := range docs {
		docs[i].Annotations = 0
	}
	return anns, tags, docs
}

// TestMergeIsLosslessAndIdempotent: A's export merged into B twice gives B every passage of A's once, with
// A's authors, tags and notes; B's own annotations, tags and documents are untouched.
func TestMergeIsLosslessAndIdempotent(t *testing.T) {
	for _, format := range []string{"jsonld", "qdpx"} {
		t.Run(format, func(t *testing.T) {
			a := newExportFixture(t)
			file := exportTo(t, a.s, format, ExportOptions{})
			b, _ := coderB(t)
			beforeAnns, beforeTags, beforeDocs := snapshot(t, b)

			dry, err := merge.Merge(b, file, merge.MergeOptions{DryRun: true})
			if err != nil {
				t.Fatal(err)
			}
			if afterAnns, _, _ := snapshot(t, b); len(afterAnns) != len(beforeAnns) {
				t.Fatalf("a dry run wrote %d annotations", len(afterAnns)-len(beforeAnns))
			}
			report, err := merge.Merge(b, file, merge.MergeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(report.Problems) > 0 {
				t.Errorf("problems: %v", report.Problems)
			}
			if report.AnnotationsCreated != len(a.anns) || dry.AnnotationsCreated != report.AnnotationsCreated || dry.TagsCreated != report.TagsCreated {
				t.Errorf("created %d annotations (dry run said %d, %d tags vs %d), want %d", report.AnnotationsCreated, dry.AnnotationsCreated, dry.TagsCreated, report.TagsCreated, len(a.anns))
			}
			if !slices.Equal(report.Authors, []string{authorAda, authorBo}) {
				t.Errorf("authors %v", report.Authors)
			}
			for _, d := range report.Documents {
				if d.Status != merge.MergeMatched {
					t.Errorf("document %q: %s, want matched by text", d.Title, d.Status)
				}
			}
			// Claims: same path, other colour; ours is kept.
			var colour *merge.TagConflict
			for i, c := range report.TagConflicts {
				if c.Kind == "colour" && c.TheirPath == "Claims" {
					colour = &report.TagConflicts[i]
				}
			}
			if colour == nil || colour.Resolution != "ours" || colour.OurColour != "#000000" || colour.TheirColour != "#e69f00" {
				t.Errorf("tag conflicts: %+v", report.TagConflicts)
			}

			// Every passage of A's is in B once, with its author; B's own is still there.
			// Claims/Verified: B has a Verified at the top: a parent conflict, mapped to ours by default.
			if !slices.ContainsFunc(report.TagConflicts, func(c merge.TagConflict) bool {
				return c.Kind == "parent" && c.TheirPath == "Claims/Verified" && c.OurPath == "Verified" && c.Resolution == "ours" && c.UsedBy == 4
			}) {
				t.Errorf("no parent conflict for Claims/Verified: %+v", report.TagConflicts)
			}
			theirs := passageSet(t, a.s, "")
			mine := passageSet(t, b, "")
			for _, p := range theirs {
				p = strings.Replace(p, "Claims/Verified", "Verified", 1)
				if n := count(mine, p); n != 1 {
					t.Errorf("%d times in B: %q", n, p)
				}
			}
			afterAnns, afterTags, afterDocs := snapshot(t, b)
			for _, old := range beforeAnns {
				if !slices.ContainsFunc(afterAnns, func(x store.Annotation) bool { return sameAnnotation(x, old) }) {
					t.Errorf("B's annotation changed or lost: %+v", old)
				}
			}
			for _, old := range beforeTags {
				if !slices.Contains(afterTags, old) {
					t.Errorf("B's tag changed: %+v", old)
				}
			}
			if !slices.EqualFunc(afterDocs, beforeDocs, func(x, y store.Document) bool { return x.ID == y.ID && x.Title == y.Title && x.SHA256 == y.SHA256 }) {
				t.Errorf("B's documents changed")
			}

			// Twice: nothing changes.
			again, err := merge.Merge(b, file, merge.MergeOptions{})
			if err != nil || again.AnnotationsCreated != 0 || again.TagsCreated != 0 || again.AnnotationsUnchanged != len(a.anns) {
				t.Errorf("second merge: %v %+v", err, again)
			}
			if n, _, _ := snapshot(t, b); len(n) != len(afterAnns) {
				t.Errorf("second merge: %d annotations, want %d", len(n), len(afterAnns))
			}
		})
	}
}

// TestMergeRoundTripKeepsAuthors: export A as JSON-LD, merge into B twice: B has A's annotations once, by
// A's authors, with their ids and times.
func TestMergeRoundTripKeepsAuthors(t *testing.T) {
	a := newExportFixture(t)
	file := exportTo(t, a.s, "jsonld", ExportOptions{Authors: []string{authorBo}})
	b := mergeStore(t)
	if _, err := ingest.Seed(b, corpus.Files()); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := merge.Merge(b, file, merge.MergeOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := b.Annotations(store.AnnotationFilter{})
	var want []store.Annotation
	for _, x := range a.anns {
		if x.Author == authorBo {
			want = append(want, x)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d annotations, want %d", len(got), len(want))
	}
	for _, w := range want {
		i := slices.IndexFunc(got, func(g store.Annotation) bool { return g.ID == w.ID })
		if i < 0 {
			t.Errorf("annotation %s lost its id", w.ID)
			continue
		}
		g := got[i]
		if g.Author != authorBo || g.Exact != w.Exact || g.Note != w.Note || !g.Created.Equal(w.Created.Truncate(1e9)) {
			t.Errorf("got %+v\nwant %+v", g, w)
		}
	}
}

// TestMergeTagMapping: a conflicting tag mapped to one of ours, or created beside it; both hold on a
// second merge.
func TestMergeTagMapping(t *testing.T) {
	a := newExportFixture(t)
	file := exportTo(t, a.s, "jsonld", ExportOptions{})
	b, bt := coderB(t)
	opt := merge.MergeOptions{TagMapping: map[string]string{"claims/verified": bt["Verified"].ID, "Claims": ""}}
	report, err := merge.Merge(b, file, opt)
	if err != nil {
		t.Fatal(err)
	}
	res := map[string]string{}
	for _, c := range report.TagConflicts {
		res[c.TheirPath] = c.Resolution
	}
	if res["Claims"] != "created" {
		t.Errorf("resolutions %v", res)
	}
	theirs, ok, _ := b.TagByPath("Claims (theirs)")
	if !ok || theirs.Colour != "#e69f00" {
		t.Errorf("their Claims: %+v %v", theirs, ok)
	}
	verified, _ := b.Annotations(store.AnnotationFilter{TagID: bt["Verified"].ID})
	if len(verified) != 4 { // A's four Claims/Verified passages
		t.Errorf("%d annotations on our Verified, want 4", len(verified))
	}
	if _, ok, _ := b.TagByPath("Claims (theirs)/Verified"); ok {
		t.Errorf("a mapped tag was created anyway")
	}
	again, err := merge.Merge(b, file, opt)
	if err != nil || again.AnnotationsCreated != 0 || again.TagsCreated != 0 {
		t.Errorf("second merge: %v %+v", err, again)
	}
	if _, err := merge.Merge(b, file, merge.MergeOptions{TagMapping: map[string]string{"Claims": "no-such-tag"}}); err != nil {
		t.Fatal(err) // reported, not fatal
	}
}

// TestMergeTitleMatchNeedsConfirmation: their document with our title and source but another text is
// left out until confirmed; confirmed, their passages are placed by quote in our text.
func TestMergeTitleMatchNeedsConfirmation(t *testing.T) {
	a := mergeStore(t)
	b := mergeStore(t)
	add := func(s *store.Store, text string) store.Document {
		doc, _, err := ingest.ImportFile(s, writeTemp(t, "story.txt", text))
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	da := add(a, "Council approves budget\n\nThe council approved the budget on Monday after a long debate.\n")
	add(b, "Council approves budget\n\nCorrection appended. The council approved the budget on Monday after a long debate.\n")
	if err := a.SetAuthor("Ann"); err != nil {
		t.Fatal(err)
	}
	v, _ := a.Version(da.ID, 0)
	start, end, _ := anchor.FindQuote(v.Text, "after a long debate", 1)
	if _, err := a.CreateAnnotation(store.NewAnnotation{DocID: da.ID, Start: start, End: end}); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"jsonld", "qdpx"} {
		file := exportTo(t, a, format, ExportOptions{})
		report, err := merge.Merge(b, file, merge.MergeOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if report.NeedsConfirmation != 1 || report.AnnotationsNotConfirmed != 1 || report.AnnotationsCreated != 0 || report.Documents[0].Status != merge.MergeNeedsConfirmation {
			t.Errorf("%s unconfirmed: %+v", format, report)
		}
		if docs, _ := b.Documents(); len(docs) != 1 {
			t.Errorf("%s: a title match was imported as a new document", format)
		}
		report, err = merge.Merge(b, file, merge.MergeOptions{ConfirmTitleMatches: true})
		if err != nil {
			t.Fatal(err)
		}
		want := 1
		if format == "qdpx" {
			want = 0 // the same passage by the same author is already there from the JSON-LD merge
		}
		if report.AnnotationsCreated != want || report.Documents[0].Status != merge.MergeConfirmed {
			t.Errorf("%s confirmed: %+v", format, report)
		}
		anns, _ := b.Annotations(store.AnnotationFilter{})
		if len(anns) != 1 || anns[0].Exact != "after a long debate" || anns[0].Author != "Ann" {
			t.Errorf("%s: %+v", format, anns)
		}
	}
}

func TestMergeRefusesOtherFiles(t *testing.T) {
	s := mergeStore(t)
	if _, err := merge.Merge(s, writeTemp(t, "notes.txt", "hello"), merge.MergeOptions{}); err == nil || !strings.Contains(err.Error(), "notes.txt") {
		t.Errorf("got %v", err)
	}
	if _, err := merge.Merge(s, writeTemp(t, "broken.jsonld", "{"), merge.MergeOptions{}); err == nil || !strings.Contains(err.Error(), "broken.jsonld") {
		t.Errorf("got %v", err)
	}
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// passageSet lists quote, tag names, note and author of each annotation (tag colours left out: a
// conflicting colour keeps ours).
func passageSet(t *testing.T, s *store.Store, author string) []string {
	var out []string
	for _, p := range passages(t, s) {
		parts := strings.Split(p, " | ")
		var names []string
		for _, tag := range strings.Split(parts[1], ",") {
			if tag != "" {
				names = append(names, tag[:strings.LastIndex(tag, " ")])
			}
		}
		parts[1] = strings.Join(names, ",")
		if author == "" || parts[len(parts)-1] == author {
			out = append(out, strings.Join(parts, " | "))
		}
	}
	return out
}

func count(list []string, s string) int {
	n := 0
	for _, x := range list {
		if x == s {
			n++
		}
	}
	return n
}

func sameAnnotation(x, y store.Annotation) bool {
	return x.ID == y.ID && x.Start == y.Start && x.End == y.End && slices.Equal(x.Tags, y.Tags) && x.Note == y.Note &&
		x.Author == y.Author && x.Modified.Equal(y.Modified)
}

func mergeStore(t *testing.T) *store.Store {
	t.Helper()
	return storetest.Open(t)
}
