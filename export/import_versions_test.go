package export_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gloss/anchor/anchorstore"
	. "gloss/export"
	"gloss/ingest"
	"gloss/store"
)

// TestJSONLDRoundTripKeepsVersions: a document with three versions and orphans made on versions 1 and
// 2, exported as JSON-LD and imported into a fresh library, comes back with the same versions (texts, in
// order) and every annotation on the version it describes, with the same status; importing again, or
// into the library it came from, changes nothing.
func TestJSONLDRoundTripKeepsVersions(t *testing.T) {
	f := newExportFixture(t)
	doc := f.docs[4]
	v1, err := f.s.Version(doc.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	gone := "Secure Communities has not held up to what it aspired to be"
	v2 := strings.ReplaceAll(v1.Text, "“"+gone+",” Harris said.", "Harris criticised the programme.")
	if v2 == v1.Text {
		t.Fatal("the passage to drop is not in the seed")
	}
	if _, _, err := f.s.AddVersion(doc.ID, store.NewVersion{Text: v2}); err != nil {
		t.Fatal(err)
	}
	// An annotation made on version 2, whose passage version 3 drops.
	onV2 := "Harris criticised the programme."
	at := strings.Index(v2, onV2)
	start := len([]rune(v2[:at]))
	if _, err := f.s.CreateAnnotation(store.NewAnnotation{DocID: doc.ID, Start: start, End: start + len([]rune(onV2)),
		Tags: []string{f.tags["Claims"].ID}, Note: "made on the second version", Author: authorBo}); err != nil {
		t.Fatal(err)
	}
	v3 := strings.ReplaceAll(v2, onV2, "The programme was reviewed.")
	if _, _, err := f.s.AddVersion(doc.ID, store.NewVersion{Text: v3}); err != nil {
		t.Fatal(err)
	}
	want := annotationsWithVersions(t, f.s)
	orphans := 0
	for _, a := range want {
		if strings.Contains(a, "orphan") {
			orphans++
		}
	}
	if orphans != 2 {
		t.Fatalf("the fixture should have 2 orphans (on versions 1 and 2), has %d:\n%s", orphans, strings.Join(want, "\n"))
	}

	var buf bytes.Buffer
	if err := Export(f.s, "jsonld", &buf, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	read := func() ingest.Bundle {
		b, err := ingest.ReadW3C(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	s, err := anchorstore.Open(filepath.Join(t.TempDir(), "fresh.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := s.Check(); err != nil {
			t.Errorf("check: %v", err)
		}
		s.Close()
	}()
	report, err := ingest.ApplyBundle(s, read())
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range report.Items {
		if it.Status == ingest.StatusSkipped || it.Status == ingest.StatusFailed {
			t.Errorf("%s: %s", it.Status, it.Reason)
		}
	}
	if got := annotationsWithVersions(t, s); !slices.Equal(got, want) {
		t.Errorf("annotations after the round trip:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got, want := versionTexts(t, s), versionTexts(t, f.s); !slices.Equal(got, want) {
		t.Errorf("versions after the round trip: %d documents' versions differ\ngot  %q\nwant %q", len(got), got, want)
	}
	again, err := ingest.ApplyBundle(s, read())
	if err != nil || again.AnnotationsCreated != 0 || again.TagsCreated != 0 || again.Count(ingest.StatusImported) != 0 || again.Count(ingest.StatusSkipped) != 0 {
		t.Errorf("second apply changed the library or skipped: %v %+v", err, again)
	}
	home, err := ingest.ApplyBundle(f.s, read())
	if err != nil || home.AnnotationsCreated != 0 || home.Count(ingest.StatusImported) != 0 || home.Count(ingest.StatusSkipped) != 0 {
		t.Errorf("applying to the library it came from changed it: %v %+v", err, home)
	}
}

// TestJSONLDOldVersionNotHere: an annotation on a version the library's copy of the document does not
// have is skipped with that reason, not placed on another text.
func TestJSONLDOldVersionNotHere(t *testing.T) {
	f := newExportFixture(t)
	doc := f.docs[4]
	v1, _ := f.s.Version(doc.ID, 1)
	gone := "Secure Communities has not held up to what it aspired to be"
	v2 := strings.ReplaceAll(v1.Text, "“"+gone+",” Harris said.", "Harris criticised the programme.")
	if _, _, err := f.s.AddVersion(doc.ID, store.NewVersion{Text: v2}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Export(f.s, "jsonld", &buf, ExportOptions{DocIDs: []string{doc.ID}}); err != nil {
		t.Fatal(err)
	}
	// The other library has only the current text, as a document of its own.
	s := openEmpty(t)
	if _, err := s.AddDocument(store.NewDocument{Title: doc.Title, Text: v2, Format: "txt", SHA256: ingest.TextSHA(v2)}); err != nil {
		t.Fatal(err)
	}
	b, err := ingest.ReadW3C(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	report, err := ingest.ApplyBundle(s, b)
	if err != nil {
		t.Fatal(err)
	}
	var skipped []string
	for _, it := range report.Items {
		if it.Status == ingest.StatusSkipped {
			skipped = append(skipped, it.Reason)
		}
	}
	if len(skipped) != 1 || !strings.Contains(skipped[0], "made on version 1") {
		t.Errorf("skipped %q, want the one orphan named with its version", skipped)
	}
}

func openEmpty(t *testing.T) *store.Store {
	t.Helper()
	s, err := anchorstore.Open(filepath.Join(t.TempDir(), "other.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// annotationsWithVersions lists each annotation with its id, version, span, status, tags, note and author.
func annotationsWithVersions(t *testing.T, s *store.Store) []string {
	t.Helper()
	anns, err := s.Annotations(store.AnnotationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	paths := map[string]string{}
	tags, _ := s.Tags()
	tp := store.NewTagPaths(tags)
	for _, tag := range tags {
		paths[tag.ID] = tp.Path(tag.ID)
	}
	var out []string
	for _, a := range anns {
		var ts []string
		for _, id := range a.Tags {
			ts = append(ts, paths[id])
		}
		slices.Sort(ts)
		out = append(out, fmt.Sprintf("%s v%d %d-%d %s %q %s %q %s", a.ID, a.Version, a.Start, a.End, a.Anchor.Status, a.Exact, strings.Join(ts, ","), a.Note, a.Author))
	}
	slices.Sort(out)
	return out
}

// versionTexts is every document's title with its versions' texts, sorted by title.
func versionTexts(t *testing.T, s *store.Store) []string {
	t.Helper()
	docs, err := s.Documents()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range docs {
		entry := d.Title
		for n := 1; n <= d.Version; n++ {
			v, err := s.Version(d.ID, n)
			if err != nil {
				t.Fatal(err)
			}
			entry += fmt.Sprintf(" | v%d %s", n, ingest.TextSHA(v.Text)[:12])
		}
		out = append(out, entry)
	}
	slices.Sort(out)
	return out
}

// TestNoteAuthorsRoundTrip: who wrote each memo and project note is written out (JSON-LD: the note's
// W3C creator; REFI-QDA: Note@creatingUser, a User) and read back into a fresh library.
func TestNoteAuthorsRoundTrip(t *testing.T) {
	for _, format := range []string{"jsonld", "qdpx"} {
		t.Run(format, func(t *testing.T) {
			lib := newInteropLibrary(t)
			var buf bytes.Buffer
			if err := Export(lib.s, format, &buf, ExportOptions{}); err != nil {
				t.Fatal(err)
			}
			if format == "jsonld" && !strings.Contains(buf.String(), `"creator": {`+"\n    \"type\": \"Person\",\n    \"name\": \"Cy\"") {
				t.Errorf("the memo's creator is not in the JSON-LD:\n%s", buf.String())
			}
			s := openEmpty(t)
			if _, err := ingest.ImportBytes(s, "export."+format, buf.Bytes()); err != nil {
				t.Fatal(err)
			}
			notes, err := s.Notes()
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, n := range notes {
				got = append(got, n.Title+" by "+n.Author)
			}
			slices.Sort(got)
			if want := []string{"Memo by Cy", "Method by Bo", "Week 1 by Ada"}; !slices.Equal(got, want) {
				t.Errorf("notes = %q, want %q", got, want)
			}
		})
	}
}
