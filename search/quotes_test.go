package search_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"gloss/anchor"
	"gloss/corpus"
	"gloss/ingest"
	"gloss/search"
	"gloss/store"
	"gloss/storetest"
)

// seedDir holds the repo's copy of the real scraped seed articles (embedded by corpus/).
const seedDir = "../corpus/seeds"

const pimple = "The immigration issue, as it relates to the Izaguirre case, obviously is a huge kind of pimple on the face of this program"

func openVersionStore(t testing.TB, dir string) *store.Store {
	t.Helper()
	return storetest.OpenAt(t, filepath.Join(dir, "library.db"))
}

// addSeeds imports the seed articles and returns their documents by file name.
func addSeeds(t *testing.T, s *store.Store) map[string]store.Document {
	t.Helper()
	if n, err := ingest.Seed(s, corpus.Files()); err != nil || n != 5 {
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

func TestTrackQuoteSeeds(t *testing.T) {
	ix := anchor.NewQuoteIndex() // one for the whole test: later calls catch up from the journal
	s := openVersionStore(t, t.TempDir())
	docs := addSeeds(t, s)
	a, b := docs["000"], docs["002"] // the Harris quote: twice in 000 (dek and body), once in 002

	all, err := search.TrackQuote(s, ix, "", pimple)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 {
		t.Fatalf("want the 3 occurrences (2 articles), got %+v", all)
	}
	for _, m := range all {
		if m.Similarity != 1 || m.Exact != pimple || (m.DocID != a.ID && m.DocID != b.ID) {
			t.Errorf("match %+v", m)
		}
		text := currentText(t, s, m.DocID)
		if string([]rune(text)[m.Start:m.End]) != m.Exact {
			t.Errorf("offsets %d–%d do not hold %q", m.Start, m.End, m.Exact)
		}
	}

	// From each article, the others.
	fromB, err := search.TrackQuote(s, ix, b.ID, pimple)
	if err != nil || len(fromB) != 2 || fromB[0].DocID != a.ID || fromB[1].DocID != a.ID ||
		fromB[0].Title != a.Title || fromB[0].Date != a.Date || fromB[0].Start == fromB[1].Start {
		t.Errorf("from 002: %+v %v", fromB, err)
	}
	fromA, err := search.TrackQuote(s, ix, a.ID, pimple)
	if err != nil || len(fromA) != 1 || fromA[0].DocID != b.ID || fromA[0].Title != b.Title {
		t.Errorf("from 000: %+v %v", fromA, err)
	}
	if !strings.Contains(b.Title, "Kamala Harris Put Criminal Illegal Alien") || !strings.Contains(a.Title, "Kamala Ran S.F. Program") {
		t.Errorf("titles: %q, %q", a.Title, b.Title)
	}

	// Nearly the same: two typos and a changed word still find all three; similarity < 1.
	near := strings.Replace(strings.Replace(pimple, "Izaguirre", "Izaguire", 1), "huge", "big", 1)
	got, err := search.TrackQuote(s, ix, "", near)
	if err != nil || len(got) != 3 {
		t.Fatalf("near quote: %+v %v", got, err)
	}
	for _, m := range got {
		if m.Similarity >= 1 || m.Similarity < anchor.TrackSimilarity || m.Exact != pimple {
			t.Errorf("near match %+v", m)
		}
	}
	// Too different (under 0.8), or absent: nothing.
	far := "The immigration question, as it concerns this case, is a large sort of blemish on the program"
	if got, _ := search.TrackQuote(s, ix, "", far); len(got) != 0 {
		t.Errorf("far quote matched: %+v", got)
	}
	if got, _ := search.TrackQuote(s, ix, "", "a sentence that is in none of the articles at all"); len(got) != 0 {
		t.Errorf("absent quote matched: %+v", got)
	}
	if _, err := search.TrackQuote(s, ix, "", "  "); err == nil {
		t.Error("empty quote accepted")
	}
	if _, err := search.TrackQuote(s, ix, "no-such-doc", pimple); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown document: %v", err)
	}

	// The index follows the library: a new document, a new version, a deletion.
	c, err := s.AddDocument(store.NewDocument{Title: "Reprint", Format: "txt", Text: "Reprint\n\nShe said: “" + pimple + ".”", SHA256: "reprint"})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := search.TrackQuote(s, ix, a.ID, pimple); len(got) != 2 {
		t.Errorf("after an import: %+v", got)
	}
	if _, _, err := s.AddVersion(c.ID, store.NewVersion{Text: "Reprint\n\nThe quote was withdrawn."}); err != nil {
		t.Fatal(err)
	}
	if got, _ := search.TrackQuote(s, ix, a.ID, pimple); len(got) != 1 {
		t.Errorf("after a new version without it: %+v", got)
	}
	if err := s.DeleteDocument(b.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := search.TrackQuote(s, ix, a.ID, pimple); len(got) != 0 {
		t.Errorf("after deleting 002: %+v", got)
	}
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if got, _ := search.TrackQuote(s, ix, a.ID, pimple); len(got) != 1 {
		t.Errorf("after undoing the deletion: %+v", got)
	}
}

func currentText(t testing.TB, s *store.Store, id string) string {
	t.Helper()
	v, err := s.Version(id, 0)
	if err != nil {
		t.Fatal(err)
	}
	return v.Text
}

// BenchmarkTrackQuote10kDocs: one quote tracked across 10,000 generated ~3 KB documents (goal ≤ 200 ms),
// the word index warm (it is built on the first search and then kept up to date from the journal);
// the cold build is reported as build-ms. Three documents carry the quote (one verbatim, two edited).
func BenchmarkTrackQuote10kDocs(b *testing.B) {
	ix := anchor.NewQuoteIndex()
	dir := b.TempDir()
	if shm, err := os.MkdirTemp("/dev/shm", "gloss-bench-"); err == nil { // 10,000 durable imports: spare the disk
		dir = shm
		b.Cleanup(func() { os.RemoveAll(shm) })
	}
	s := openVersionStore(b, dir)
	vocab := seedWords(b)
	rng := rand.New(rand.NewPCG(5, 5))
	plants := map[int]string{
		17:   pimple,
		4242: strings.Replace(pimple, "huge", "big", 1),
		9001: strings.Replace(pimple, "Izaguirre case", "Izaguire affair", 1),
	}
	for i := range 10_000 {
		text := generatedArticle(rng, vocab, 3000)
		if q, ok := plants[i]; ok {
			text = text[:1000] + " “" + q + ",” she said. " + text[1000:]
		}
		if _, err := s.AddDocument(store.NewDocument{Title: fmt.Sprint("Generated ", i), Format: "txt", Text: text, SHA256: fmt.Sprint("g", i)}); err != nil {
			b.Fatal(err)
		}
	}
	t0 := time.Now()
	got, err := search.TrackQuote(s, ix, "", pimple)
	build := time.Since(t0)
	if err != nil || len(got) != 3 {
		b.Fatalf("%d matches %v", len(got), err)
	}
	b.ResetTimer()
	for b.Loop() {
		if got, err = search.TrackQuote(s, ix, "", pimple); err != nil || len(got) != 3 {
			b.Fatalf("%d matches %v", len(got), err)
		}
	}
	b.ReportMetric(float64(build.Milliseconds()), "build-ms")
}

// seedWords is the vocabulary of the seed articles, so generated text shares the quote's words.
func seedWords(b *testing.B) []string {
	files, _ := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	seen := map[string]bool{}
	var out []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		for _, w := range strings.FieldsFunc(string(data), func(r rune) bool { return !unicode.IsLetter(r) && r != '’' }) {
			if !seen[w] && utf8.ValidString(w) {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}

func generatedArticle(rng *rand.Rand, vocab []string, size int) string {
	var sb strings.Builder
	for sb.Len() < size {
		n := 6 + rng.IntN(20)
		for w := range n {
			sb.WriteString(vocab[rng.IntN(len(vocab))])
			if w < n-1 {
				sb.WriteByte(' ')
			}
		}
		sb.WriteString(".\n\n")
	}
	return sb.String()
}
