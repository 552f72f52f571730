package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"gloss/store"
)

// TestImportReadAheadMatchesOneByOne: ImportPaths, which reads and parses files ahead of their writes,
// reports and stores exactly what importing the same files one by one does, in the same order: with
// duplicates, failures, skips, an annotation file, a file too large to read ahead and named files of
// which some are offered as new versions.
func TestImportReadAheadMatchesOneByOne(t *testing.T) {
	dir := t.TempDir()
	for i := range 40 {
		write(t, filepath.Join(dir, fmt.Sprintf("d%d", i%3), fmt.Sprintf("a%02d.txt", i)), fmt.Appendf(nil, "Headline Number %d Here\n\nBody %d.\n", i, i%30))
	}
	write(t, filepath.Join(dir, "page.html"), []byte("<html><head><title>A page title</title></head><body><article>"+strings.Repeat(body, 5)+"</article></body></html>"))
	write(t, filepath.Join(dir, "note.md"), []byte("---\ntitle: From front matter\n---\n\n# Heading\n\nText with **bold**.\n"))
	write(t, filepath.Join(dir, "empty.txt"), nil)
	write(t, filepath.Join(dir, "binary.txt"), []byte{0, 1, 2, 3, 0xff})
	write(t, filepath.Join(dir, "image.png"), []byte("\x89PNG"))
	write(t, filepath.Join(dir, "broken.jsonld"), []byte(`{"type": "AnnotationCollection", "first": [`))
	write(t, filepath.Join(dir, "large.txt"), []byte("Large Article Title Here\n\n"+strings.Repeat("Word after word, line after line.\n", readAheadMaxBytes/30)))
	write(t, filepath.Join(dir, "toolarge.txt"), []byte(strings.Repeat("x", 5000)))
	write(t, filepath.Join(dir, "copy.txt"), []byte("Headline Number 7 Here\n\nBody 7.\n"))
	opt := ImportOptions{MaxBytes: readAheadMaxBytes + 1<<20}
	// toolarge.txt is over a smaller limit in the second round.
	for round, opt := range []ImportOptions{opt, {MaxBytes: 4000}} {
		ahead, oneByOne := newStore(t), newStore(t)
		got, err := ImportPaths(context.Background(), ahead, []string{dir}, opt, nil)
		if err != nil {
			t.Fatal(err)
		}
		var want Report
		for _, c := range collect([]string{dir}, &want) {
			want.add(importPath(context.Background(), oneByOne, c, opt))
		}
		compareImports(t, fmt.Sprint("round ", round), got, want, ahead, oneByOne)
	}

	// Named files, some changed since a first import: those are offered as new versions, the others
	// imported or found duplicate, in order.
	var named []string
	for i := range 12 {
		named = append(named, write(t, filepath.Join(dir, "named", fmt.Sprintf("n%02d.txt", i)), fmt.Appendf(nil, "Named Article %d Title\n\nFirst text.\n", i)))
	}
	ahead, oneByOne := newStore(t), newStore(t)
	opt = ImportOptions{OfferNewVersions: true, MaxBytes: DefaultMaxBytes}
	for _, s := range []*store.Store{ahead, oneByOne} {
		if _, err := ImportPaths(context.Background(), s, named[:6], opt, nil); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 12; i += 2 {
		write(t, named[i], fmt.Appendf(nil, "Named Article %d Title\n\nChanged text.\n", i))
	}
	got, err := ImportPaths(context.Background(), ahead, named, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	var want Report
	sources, _ := oneByOne.SourcePaths()
	for _, c := range collect(named, &want) {
		if item, ok := offerNewVersion(oneByOne, c.path, sources); ok {
			want.Items = append(want.Items, item)
			continue
		}
		want.add(importPath(context.Background(), oneByOne, c, opt))
	}
	if got.Count(StatusNewVersion) != 3 || got.Count(StatusImported) != 6 || got.Count(StatusDuplicate) != 3 {
		t.Errorf("named: %+v", got.Items)
	}
	compareImports(t, "named", got, want, ahead, oneByOne)
}

// compareImports compares two imports' reports (ids aside) and the documents they stored.
func compareImports(t *testing.T, name string, got, want Report, gotStore, wantStore *store.Store) {
	t.Helper()
	describe := func(r Report) string {
		var b strings.Builder
		for _, it := range r.Items {
			fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%v\n", it.File, it.Status, it.Reason, it.Title, it.DocID != "")
		}
		return b.String()
	}
	if describe(got) != describe(want) {
		t.Errorf("%s: report\n%s\nwant\n%s", name, describe(got), describe(want))
	}
	documents := func(s *store.Store) string {
		docs, err := s.Documents()
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, d := range docs {
			v, err := s.Version(d.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s|%s|%s|%s|%d|%s|%s|%d\n", d.Title, d.Source, d.Format, d.SHA256, d.Words, v.Text, v.SourcePath, d.BodyStart)
		}
		return b.String()
	}
	if g, w := documents(gotStore), documents(wantStore); g != w {
		t.Errorf("%s: stored documents differ:\n%s\nwant\n%s", name, g, w)
	}
}
