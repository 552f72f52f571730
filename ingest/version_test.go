package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/anchor"
	"gloss/corpus"
	"gloss/store"
	"gloss/storetest"
)

const pimple = "The immigration issue, as it relates to the Izaguirre case, obviously is a huge kind of pimple on the face of this program"

func openVersionStore(t testing.TB, dir string) *store.Store {
	t.Helper()
	return storetest.OpenAt(t, filepath.Join(dir, "library.db"))
}

// addSeeds imports the seed articles and returns their documents by file name.
func addSeeds(t *testing.T, s *store.Store) map[string]store.Document {
	t.Helper()
	if n, err := Seed(s, corpus.Files()); err != nil || n != 5 {
		t.Fatalf("seeds: %d imported, %v", n, err)
	}
	list, err := s.Documents()
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]store.Document{}
	for _, d := range list {
		docs[d.SeedKey[:3]] = d
	}
	return docs
}

func currentText(t testing.TB, s *store.Store, id string) string {
	t.Helper()
	v, err := s.Version(id, 0)
	if err != nil {
		t.Fatal(err)
	}
	return v.Text
}

// TestImportNewVersionSeed is the end to end path: a seed article with five annotations, then a
// corrected file (a typo fixed inside one quote, a correction paragraph inserted, a sentence deleted).
func TestImportNewVersionSeed(t *testing.T) {
	dir := t.TempDir()
	s := openVersionStore(t, dir)
	docs := addSeeds(t, s)
	d := docs["000"]
	v1 := currentText(t, s, d.ID)
	quotes := []struct {
		quote      string
		occurrence int
		want       string
	}{
		{"Izaguirre got into a SUV and ran her down", 1, "fuzzy"},                      // the typo is fixed
		{"obviously is a huge kind of pimple on the face of this program", 2, "exact"}, // the body's, not the dek's
		{"Harris claimed she learned of the loophole only after an illegal immigrant in the program attacked a San Francisco woman.", 1, "exact"},
		{"Harris claimed she didn’t know illegal immigrants were being selected by her office", 1, "orphan"}, // deleted
		{"Harris supported Izaguirre being deported after the assault", 1, "exact"},
	}
	ids := make([]string, len(quotes))
	for i, q := range quotes {
		start, end, ok := anchor.FindQuote(v1, q.quote, q.occurrence)
		if !ok {
			t.Fatalf("%q not in the seed", q.quote)
		}
		a, err := s.CreateAnnotation(store.NewAnnotation{DocID: d.ID, Start: start, End: end})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = a.ID
	}
	raw, err := os.ReadFile(filepath.Join(seedDir, "000_263cda2d82ac4836.txt"))
	if err != nil {
		t.Fatal(err)
	}
	v2 := string(raw)
	for _, r := range [][2]string{
		{"got into a SUV", "got into an SUV"},
		{"records expunged.\n", "records expunged.\n\nCorrection: an earlier version of this article misstated when Harris served as district attorney.\n"},
		{" At the time, Harris claimed she didn’t know illegal immigrants were being selected by her office to be a part of the program.", ""},
	} {
		if !strings.Contains(v2, r[0]) {
			t.Fatalf("%q not in the seed file", r[0])
		}
		v2 = strings.Replace(v2, r[0], r[1], 1)
	}
	path := filepath.Join(dir, "corrected.txt")
	if err := os.WriteFile(path, []byte(v2), 0o600); err != nil {
		t.Fatal(err)
	}
	doc, rep, err := ImportNewVersion(s, d.ID, path)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Version != 2 || rep.From != 1 || rep.To != 2 || rep.File != "corrected.txt" || rep.Title != d.Title ||
		rep.Exact != 3 || rep.Fuzzy != 1 || rep.Orphan != 1 || rep.Moved != 0 || len(rep.Review) != 2 {
		t.Errorf("report %+v", rep)
	}
	text := currentText(t, s, d.ID)
	for i, q := range quotes {
		a, err := s.Annotation(ids[i])
		if err != nil {
			t.Fatal(err)
		}
		if a.Anchor.Status != q.want {
			t.Errorf("%q: %s (%.2f), want %s", q.quote, a.Anchor.Status, a.Anchor.Confidence, q.want)
			continue
		}
		if q.want == "orphan" {
			if a.Version != 1 || a.Exact != q.quote {
				t.Errorf("orphan %+v", a)
			}
			continue
		}
		if got := string([]rune(text)[a.Start:a.End]); got != a.Exact || a.Version != 2 {
			t.Errorf("%q now at %q (version %d)", q.quote, got, a.Version)
		}
	}
	if a, _ := s.Annotation(ids[0]); a.Exact != "Izaguirre got into an SUV and ran her down" {
		t.Errorf("fuzzy anchor %q", a.Exact)
	}
	// The same file again is refused, naming the file; nothing changes.
	if _, _, err := ImportNewVersion(s, d.ID, path); !errors.Is(err, store.ErrSameVersion) || !strings.Contains(err.Error(), "corrected.txt") {
		t.Errorf("same file again: %v", err)
	}
	if _, _, err := ImportNewVersion(s, d.ID, filepath.Join(dir, "missing.txt")); err == nil {
		t.Error("missing file accepted")
	}
	if _, _, err := ImportNewVersion(s, "nope", path); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown document: %v", err)
	}
	// The review view's diff shows the three edits.
	old, _ := s.Version(d.ID, 1)
	var ins, del []string
	for _, op := range anchor.DiffVersions(old.Text, text) {
		switch op.Op {
		case "insert":
			ins = append(ins, op.Text)
		case "delete":
			del = append(del, op.Text)
		}
	}
	if len(ins) != 2 || ins[1] != "an" || !strings.HasPrefix(ins[0], "Correction:") || len(del) != 2 || del[1] != "a" || !strings.HasPrefix(del[0], " At the time") {
		t.Errorf("diff: inserted %q, deleted %q", ins, del)
	}
}
