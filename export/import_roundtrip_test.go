package export_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	. "gloss/export"
	"gloss/ingest"
	"gloss/store"
)

// TestImportWhatGlossExports: the exporter's JSON-LD and REFI-QDA files, read back into an empty library,
// give the same passages, tags, notes and authors; applying them again, or into the library they came
// from, changes nothing.
func TestImportWhatGlossExports(t *testing.T) {
	for _, format := range []string{"jsonld", "qdpx"} {
		t.Run(format, func(t *testing.T) {
			f := newExportFixture(t)
			var buf bytes.Buffer
			if err := Export(f.s, format, &buf, ExportOptions{}); err != nil {
				t.Fatal(err)
			}
			read := func() ingest.Bundle {
				var b ingest.Bundle
				var err error
				if format == "jsonld" {
					b, err = ingest.ReadW3C(bytes.NewReader(buf.Bytes()))
				} else {
					path := filepath.Join(t.TempDir(), "export.qdpx")
					if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
						t.Fatal(err)
					}
					b, err = ingest.ReadQDPX(path)
				}
				if err != nil {
					t.Fatal(err)
				}
				return b
			}
			want := passages(t, f.s)
			s, err := store.Open(filepath.Join(t.TempDir(), "copy.db"))
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
			if got := passages(t, s); !slices.Equal(got, want) {
				for _, g := range got {
					if !slices.Contains(want, g) {
						t.Errorf("imported, not in the original: %q", g)
					}
				}
				for _, w := range want {
					if !slices.Contains(got, w) {
						t.Errorf("in the original, not imported: %q", w)
					}
				}
			}
			again, err := ingest.ApplyBundle(s, read())
			if err != nil || again.AnnotationsCreated != 0 || again.TagsCreated != 0 || again.Count(ingest.StatusImported) != 0 {
				t.Errorf("second apply changed the library: %v %+v", err, again)
			}
			home, err := ingest.ApplyBundle(f.s, read())
			if err != nil || home.AnnotationsCreated != 0 || home.TagsCreated != 0 || home.Count(ingest.StatusImported) != 0 {
				t.Errorf("applying to the library it came from changed it: %v created %d tags %d annotations, %d imported", err, home.TagsCreated, home.AnnotationsCreated, home.Count(ingest.StatusImported))
			}
		})
	}
}

// passages lists each annotation as quote, tag paths, note and author, sorted.
func passages(t *testing.T, s *store.Store) []string {
	anns, err := s.Annotations(store.AnnotationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	tags, _ := s.Tags()
	byID := map[string]store.Tag{}
	for _, tag := range tags {
		byID[tag.ID] = tag
	}
	var out []string
	for _, a := range anns {
		var paths []string
		for _, id := range a.Tags {
			path := byID[id].Name
			for p := byID[id].Parent; p != ""; p = byID[p].Parent {
				path = byID[p].Name + "/" + path
			}
			paths = append(paths, path+" "+byID[id].Colour)
		}
		slices.Sort(paths)
		out = append(out, strings.Join([]string{a.Exact, strings.Join(paths, ","), a.Note, a.Author}, " | "))
	}
	slices.Sort(out)
	return out
}
