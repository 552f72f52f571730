package exchange

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
	"gloss/store"
)

const pimple = "The immigration issue, as it relates to the Izaguirre case, obviously is a huge kind of pimple on the face of this program"

func openVersionStore(t testing.TB, dir string) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(dir, "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Check(); err != nil {
			t.Error(err)
		}
		s.Close()
	})
	return s
}

// addSeeds imports the seed articles and returns their documents by file name.
func addSeeds(t *testing.T, s *store.Store) map[string]store.Document {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	if err != nil || len(files) != 5 {
		t.Fatalf("seeds: %v %v", files, err)
	}
	docs := map[string]store.Document{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		nd, err := ReadBytes(filepath.Base(f), data)
		if err != nil {
			t.Fatal(err)
		}
		d, err := s.AddDocument(nd)
		if err != nil {
			t.Fatal(err)
		}
		docs[filepath.Base(f)[:3]] = d
	}
	return docs
}

func TestTrackQuoteSeeds(t *testing.T) {
	s := openVersionStore(t, t.TempDir())
	docs := addSeeds(t, s)
	a, b := docs["000"], docs["002"] // the Harris quote: twice in 000 (dek and body), once in 002

	all, err := TrackQuote(s, "", pimple)
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
	fromB, err := TrackQuote(s, b.ID, pimple)
	if err != nil || len(fromB) != 2 || fromB[0].DocID != a.ID || fromB[1].DocID != a.ID ||
		fromB[0].Title != a.Title || fromB[0].Date != a.Date || fromB[0].Start == fromB[1].Start {
		t.Errorf("from 002: %+v %v", fromB, err)
	}
	fromA, err := TrackQuote(s, a.ID, pimple)
	if err != nil || len(fromA) != 1 || fromA[0].DocID != b.ID || fromA[0].Title != b.Title {
		t.Errorf("from 000: %+v %v", fromA, err)
	}
	if !strings.Contains(b.Title, "Kamala Harris Put Criminal Illegal Alien") || !strings.Contains(a.Title, "Kamala Ran S.F. Program") {
		t.Errorf("titles: %q, %q", a.Title, b.Title)
	}

	// Nearly the same: two typos and a changed word still find all three; similarity < 1.
	near := strings.Replace(strings.Replace(pimple, "Izaguirre", "Izaguire", 1), "huge", "big", 1)
	got, err := TrackQuote(s, "", near)
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
	if got, _ := TrackQuote(s, "", far); len(got) != 0 {
		t.Errorf("far quote matched: %+v", got)
	}
	if got, _ := TrackQuote(s, "", "a sentence that is in none of the articles at all"); len(got) != 0 {
		t.Errorf("absent quote matched: %+v", got)
	}
	if _, err := TrackQuote(s, "", "  "); err == nil {
		t.Error("empty quote accepted")
	}
	if _, err := TrackQuote(s, "no-such-doc", pimple); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown document: %v", err)
	}

	// The index follows the library: a new document, a new version, a deletion.
	c, err := s.AddDocument(store.NewDocument{Title: "Reprint", Format: "txt", Text: "Reprint\n\nShe said: “" + pimple + ".”", SHA256: "reprint"})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := TrackQuote(s, a.ID, pimple); len(got) != 2 {
		t.Errorf("after an import: %+v", got)
	}
	if _, _, err := s.AddVersion(c.ID, store.NewVersion{Text: "Reprint\n\nThe quote was withdrawn."}); err != nil {
		t.Fatal(err)
	}
	if got, _ := TrackQuote(s, a.ID, pimple); len(got) != 1 {
		t.Errorf("after a new version without it: %+v", got)
	}
	if err := s.DeleteDocument(b.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := TrackQuote(s, a.ID, pimple); len(got) != 0 {
		t.Errorf("after deleting 002: %+v", got)
	}
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if got, _ := TrackQuote(s, a.ID, pimple); len(got) != 1 {
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

func TestDiffVersions(t *testing.T) {
	cases := []struct {
		old, new string
		want     []DiffOp
	}{
		{"", "", []DiffOp{}},
		{"same text.", "same text.", []DiffOp{{"equal", "same text."}}},
		{"", "new", []DiffOp{{"insert", "new"}}},
		{"old", "", []DiffOp{{"delete", "old"}}},
		{"He got into a SUV and ran.", "He got into an SUV and ran.",
			[]DiffOp{{"equal", "He got into "}, {"delete", "a"}, {"insert", "an"}, {"equal", " SUV and ran."}}},
		{"One. Two. Three.", "One. Three.", []DiffOp{{"equal", "One. "}, {"delete", "Two. "}, {"equal", "Three."}}},
		{"A b c.", "A x b c y.", []DiffOp{{"equal", "A "}, {"insert", "x "}, {"equal", "b c"}, {"insert", " y"}, {"equal", "."}}},
	}
	for _, c := range cases {
		got := DiffVersions(c.old, c.new)
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("DiffVersions(%q, %q) = %v, want %v", c.old, c.new, got, c.want)
		}
	}
	// Random edits: the ops always spell both texts, and never two equal neighbours.
	rng := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("the council said on Tuesday that “the harbour” plan, which costs £4m, would go ahead — après débat")
	gen := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = words[rng.IntN(len(words))]
		}
		return out
	}
	for range 300 {
		a := gen(rng.IntN(60))
		b := append([]string{}, a...)
		for range rng.IntN(8) {
			switch k := rng.IntN(3); {
			case k == 0 && len(b) > 0:
				i := rng.IntN(len(b))
				b = append(b[:i], b[i+1:]...)
			case k == 1:
				i := rng.IntN(len(b) + 1)
				b = append(b[:i], append(gen(1+rng.IntN(3)), b[i:]...)...)
			case len(b) > 0:
				b[rng.IntN(len(b))] = words[rng.IntN(len(words))]
			}
		}
		oldText, newText := strings.Join(a, " "), strings.Join(b, "\n")
		ops := DiffVersions(oldText, newText)
		var o, n strings.Builder
		for i, op := range ops {
			if i > 0 && ops[i-1].Op == op.Op || op.Text == "" {
				t.Fatalf("ops not merged: %v", ops)
			}
			if op.Op != "insert" {
				o.WriteString(op.Text)
			}
			if op.Op != "delete" {
				n.WriteString(op.Text)
			}
		}
		if o.String() != oldText || n.String() != newText {
			t.Fatalf("ops %v do not spell %q → %q", ops, oldText, newText)
		}
	}
	// Far apart texts give up on the middle gracefully.
	x, y := strings.Repeat("alpha beta ", 3000), strings.Repeat("gamma delta ", 3000)
	if ops := DiffVersions(x, y); len(ops) != 3 || ops[0].Op != "delete" || ops[1].Op != "insert" || ops[2] != (DiffOp{"equal", " "}) {
		t.Errorf("unrelated texts: %d ops", len(ops))
	}
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
	for _, op := range DiffVersions(old.Text, text) {
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

// BenchmarkTrackQuote10kDocs: one quote tracked across 10,000 generated ~3 KB documents (goal ≤ 200 ms),
// the word index warm (it is built on the first search and then kept up to date from the journal);
// the cold build is reported as build-ms. Three documents carry the quote (one verbatim, two edited).
func BenchmarkTrackQuote10kDocs(b *testing.B) {
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
	got, err := TrackQuote(s, "", pimple)
	build := time.Since(t0)
	if err != nil || len(got) != 3 {
		b.Fatalf("%d matches %v", len(got), err)
	}
	b.ResetTimer()
	for b.Loop() {
		if got, err = TrackQuote(s, "", pimple); err != nil || len(got) != 3 {
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
