package ingest

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"gloss/corpus"
	"gloss/store"
	"gloss/storetest"
)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	return storetest.Open(t)
}

func documents(t *testing.T, s *store.Store) []store.Document {
	t.Helper()
	docs, err := s.Documents()
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

func seed(t *testing.T, s *store.Store, want int) {
	t.Helper()
	added, err := Seed(s, corpus.Files())
	if err != nil {
		t.Fatal(err)
	}
	if added != want {
		t.Fatalf("Seed added %d, want %d", added, want)
	}
}

func TestSeedIsIdempotent(t *testing.T) {
	s := openStore(t)
	seed(t, s, 5)
	seed(t, s, 0)
	docs := documents(t, s)
	if len(docs) != 5 {
		t.Fatalf("%d documents, want 5", len(docs))
	}
	for _, d := range docs {
		if strings.TrimSpace(d.Title) == "" || strings.HasPrefix(strings.ToLower(d.Title), "date") {
			t.Errorf("seed %s has title %q", d.SeedKey, d.Title)
		}
		if d.SeedKey == "" || d.Format != "txt" || d.Words == 0 {
			t.Errorf("seed %q: format %q, %d words", d.SeedKey, d.Format, d.Words)
		}
	}
}

func TestDeletedSeedStaysDeleted(t *testing.T) {
	s := openStore(t)
	seed(t, s, 5)
	if err := s.DeleteDocument(documents(t, s)[0].ID); err != nil {
		t.Fatal(err)
	}
	seed(t, s, 0)
	if docs := documents(t, s); len(docs) != 4 {
		t.Fatalf("%d documents after deleting one seed and seeding again, want 4", len(docs))
	}
}

func TestSeedSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "library.db")
	for i, want := range []int{5, 0} {
		s, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		seed(t, s, want)
		if err := s.Check(); err != nil {
			t.Errorf("check after run %d: %v", i, err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSeedSkipsFileAlreadyImported(t *testing.T) {
	s := openStore(t)
	data, err := fs.ReadFile(corpus.Files(), "003_aced0b21d59dbed2.txt")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := ReadBytes("examiner.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddDocument(doc); err != nil {
		t.Fatal(err)
	}
	seed(t, s, 4)
	if docs := documents(t, s); len(docs) != 5 {
		t.Fatalf("%d documents, want 5", len(docs))
	}
}
