package teams

import (
	"encoding/json"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gloss/store"
)

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol {
		t.Errorf("%s = %.6f, want %.6f", what, got, want)
	}
}

// Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), section C: 4 observers, 12 units,
// values 1–5 with missing data; nominal α = 0.743 (interval 0.849, ordinal 0.815, ratio 0.797).
func TestAlphaKrippendorff2011(t *testing.T) {
	const x = 0 // missing
	raw := [][]int{
		{1, 2, 3, 3, 2, 1, 4, 1, 2, x, x, x},
		{1, 2, 3, 3, 2, 2, 4, 1, 2, 5, x, 3},
		{x, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, x},
		{1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, x},
	}
	data := make([][]int, len(raw))
	for c, row := range raw {
		for _, v := range row {
			data[c] = append(data[c], v-1) // categories 0..4, missing -1
		}
	}
	o := Coincidences(data, 5)
	n := 0.0
	for _, row := range o {
		for _, v := range row {
			n += v
		}
	}
	near(t, "n (pairable values)", n, 40, 1e-9) // unit 12 has one value: not pairable
	alpha, ok := AlphaNominal(o)
	if !ok {
		t.Fatal("α undefined")
	}
	near(t, "α nominal", alpha, 0.743, 0.0005)
}

// The three-coder, fifteen-unit example of the Wikipedia article "Krippendorff's alpha" (nominal
// α = 0.691), with missing values in most units.
func TestAlphaWikipedia(t *testing.T) {
	const x = 0
	raw := [][]int{
		{x, x, x, x, x, 3, 4, 1, 2, 1, 1, 3, 3, x, 3},
		{1, x, 2, 1, 3, 3, 4, 3, x, x, x, x, x, x, x},
		{x, x, 2, 1, 3, 4, 4, x, 2, 1, 1, 3, 3, x, 4},
	}
	data := make([][]int, len(raw))
	for c, row := range raw {
		for _, v := range row {
			data[c] = append(data[c], v-1)
		}
	}
	alpha, ok := AlphaNominal(Coincidences(data, 4))
	if !ok {
		t.Fatal("α undefined")
	}
	near(t, "α nominal", alpha, 0.691, 0.0005)
}

// Cohen's κ on 2×2 tables with published values: po = 0.7, pe = 0.5 → κ = 0.4 (50 proposals, the
// Wikipedia article "Cohen's kappa"), and its two tables with the same po = 0.6 but different marginals:
// κ = 0.1304 and κ = 0.2593.
func TestCohenKappaPublished(t *testing.T) {
	for _, c := range []struct {
		table     [][]float64
		po, pe, k float64
	}{
		{[][]float64{{20, 5}, {10, 15}}, 0.7, 0.5, 0.4},
		{[][]float64{{45, 15}, {25, 15}}, 0.6, 0.54, 0.1304},
		{[][]float64{{25, 35}, {5, 35}}, 0.6, 0.46, 0.2593},
	} {
		k, po, pe, ok := CohenKappa(c.table)
		if !ok {
			t.Fatalf("%v: undefined", c.table)
		}
		near(t, "po", po, c.po, 1e-9)
		near(t, "pe", pe, c.pe, 1e-9)
		near(t, "κ", k, c.k, 0.00005)
	}
	if _, _, _, ok := CohenKappa([][]float64{{10, 0}, {0, 0}}); ok {
		t.Error("κ with one category used throughout should be undefined")
	}
	if _, _, _, ok := CohenKappa([][]float64{{0, 0}, {0, 0}}); ok {
		t.Error("κ without units should be undefined")
	}
}

// fixture: two documents of 100 ASCII code points and tags T (used) and U (nobody uses it).
type fixture struct {
	s          *store.Store
	doc1, doc2 string
	t, u       string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "agree.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Check(); err != nil {
			t.Errorf("check: %v", err)
		}
		s.Close()
	})
	f := &fixture{s: s}
	for i, id := range []*string{&f.doc1, &f.doc2} {
		text := strings.Repeat("abcdefghij", 10)
		if i == 1 {
			text = strings.Repeat("0123456789", 10)
		}
		d, err := s.AddDocument(store.NewDocument{Title: "Doc " + string(rune('1'+i)), Format: "txt", Text: text, SHA256: text[:5]})
		if err != nil {
			t.Fatal(err)
		}
		*id = d.ID
	}
	for name, p := range map[string]*string{"T": &f.t, "U": &f.u} {
		tag, err := s.CreateTag(store.NewTag{Name: name})
		if err != nil {
			t.Fatal(err)
		}
		*p = tag.ID
	}
	return f
}

func (f *fixture) ann(t *testing.T, doc, author string, start, end int, tags ...string) store.Annotation {
	t.Helper()
	a, err := f.s.CreateAnnotation(store.NewAnnotation{DocID: doc, Start: start, End: end, Tags: tags, Author: author})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func (f *fixture) tagStat(t *testing.T, r Report, id string) TagStat {
	t.Helper()
	i := slices.IndexFunc(r.Tags, func(s TagStat) bool { return s.TagID == id })
	if i < 0 {
		t.Fatalf("no stat for tag %s", id)
	}
	return r.Tags[i]
}

func value(t *testing.T, what string, p *float64, note string) float64 {
	t.Helper()
	if p == nil {
		t.Fatalf("%s undefined: %s", what, note)
	}
	return *p
}

// A tags 0–30, B tags 10–40 of 100 code points: a 2×2 table of 20 / 10 / 10 / 60.
// po = 0.8, pe = 0.3·0.3 + 0.7·0.7 = 0.58, κ = 0.22/0.42 = 0.523810;
// o11 = 40, o00 = 120, o01 = o10 = 20, n = 200: α = 1 − 199·40/(2·60·140) = 0.526190.
func TestOverlappingSpans(t *testing.T) {
	f := newFixture(t)
	f.ann(t, f.doc1, "A", 0, 30, f.t)
	f.ann(t, f.doc1, "B", 10, 40, f.t)
	r, err := Compute(f.s, Filter{TagID: f.t})
	if err != nil {
		t.Fatal(err)
	}
	st := f.tagStat(t, r, f.t)
	if st.Units != 100 {
		t.Errorf("units %d, want 100", st.Units)
	}
	near(t, "κ", value(t, "κ", st.Kappa, st.KappaNote), 0.523810, 1e-6)
	near(t, "α", value(t, "α", st.Alpha, st.AlphaNote), 0.526190, 1e-6)
	near(t, "agreement", *st.Agreement, 0.8, 1e-9)
	if len(r.Disagreements) != 2 {
		t.Fatalf("disagreements %+v", r.Disagreements)
	}
	d0, d1 := r.Disagreements[0], r.Disagreements[1]
	if d0.Start != 0 || d0.End != 10 || !slices.Equal(d0.With, []string{"A"}) || !slices.Equal(d0.Without, []string{"B"}) || d0.Text != "abcdefghij" ||
		d1.Start != 30 || d1.End != 40 || !slices.Equal(d1.With, []string{"B"}) || len(d1.Annotations) != 1 || d1.Annotations[0].Author != "B" {
		t.Errorf("disagreements %+v", r.Disagreements)
	}
}

func TestPerfectAndTotalDisagreement(t *testing.T) {
	f := newFixture(t)
	f.ann(t, f.doc1, "A", 0, 50, f.t)
	f.ann(t, f.doc1, "B", 0, 20, f.t)
	f.ann(t, f.doc1, "B", 20, 50, f.t) // two annotations covering the same span: still perfect
	f.ann(t, f.doc2, "A", 0, 50, f.t)
	f.ann(t, f.doc2, "B", 50, 100, f.t)
	r, err := Compute(f.s, Filter{TagID: f.t, DocID: f.doc1})
	if err != nil {
		t.Fatal(err)
	}
	st := f.tagStat(t, r, f.t)
	if value(t, "κ", st.Kappa, st.KappaNote) != 1 || value(t, "α", st.Alpha, st.AlphaNote) != 1 || len(r.Disagreements) != 0 {
		t.Errorf("perfect agreement: %+v %v", st, r.Disagreements)
	}
	// Every unit disputed, each coder half: po = 0, pe = 0.5, κ = −1; α = 1 − 199·200/(2·100·100) = −0.99.
	r, err = Compute(f.s, Filter{TagID: f.t, DocID: f.doc2})
	if err != nil {
		t.Fatal(err)
	}
	st = f.tagStat(t, r, f.t)
	near(t, "κ", value(t, "κ", st.Kappa, st.KappaNote), -1, 1e-9)
	near(t, "α", value(t, "α", st.Alpha, st.AlphaNote), -0.99, 1e-9)
	if len(r.Disagreements) != 2 || r.Disagreements[0].End != 50 || r.Disagreements[1].Start != 50 {
		t.Errorf("disagreements %+v", r.Disagreements)
	}
}

// One coder: κ and α are undefined, null in JSON with a reason; never NaN.
func TestOneCoderAndUnusedTag(t *testing.T) {
	f := newFixture(t)
	f.ann(t, f.doc1, "A", 0, 30, f.t)
	r, err := Compute(f.s, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Overall.Kappa != nil || r.Overall.Alpha != nil || r.Overall.KappaNote == "" || r.Overall.AlphaNote == "" || r.Overall.Units != 0 {
		t.Errorf("one coder: %+v", r.Overall)
	}
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"kappa":null`) || strings.Contains(string(data), "NaN") {
		t.Errorf("JSON: %s", data)
	}

	// Two coders; U is used by nobody: every unit 0 for both, so κ and α are undefined (no variation).
	f.ann(t, f.doc1, "B", 0, 30, f.t)
	r, err = Compute(f.s, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	u := f.tagStat(t, r, f.u)
	if u.Units != 100 || u.Kappa != nil || u.Alpha != nil || !strings.Contains(u.AlphaNote, "same label") {
		t.Errorf("unused tag: %+v", u.Stat)
	}
	// Overall pools both tags: 200 units, the only 1s agree.
	if r.Overall.Units != 200 || value(t, "κ", r.Overall.Kappa, r.Overall.KappaNote) != 1 {
		t.Errorf("overall %+v", r.Overall)
	}
}

// A coder who did not code a document is missing there, not "0": α over the library equals α of the
// reliability data matrix with those cells missing, and κ is reported per pair.
func TestMissingCoderAndPairs(t *testing.T) {
	f := newFixture(t)
	f.ann(t, f.doc1, "A", 0, 30, f.t)
	f.ann(t, f.doc1, "B", 10, 40, f.t)
	f.ann(t, f.doc2, "A", 0, 50, f.t)
	f.ann(t, f.doc2, "C", 20, 60, f.t)
	f.ann(t, f.doc2, "C", 90, 95, f.u) // C coded doc 2 with another tag too
	r, err := Compute(f.s, Filter{TagID: f.t})
	if err != nil {
		t.Fatal(err)
	}
	st := f.tagStat(t, r, f.t)
	label := func(lo, hi, i int) int {
		if i >= lo && i < hi {
			return 1
		}
		return 0
	}
	data := make([][]int, 3) // coders A, B, C × 200 units (doc 1, then doc 2)
	for i := range 200 {
		doc, p := i/100, i%100
		if doc == 0 {
			data[0] = append(data[0], label(0, 30, p))
			data[1] = append(data[1], label(10, 40, p))
			data[2] = append(data[2], -1)
		} else {
			data[0] = append(data[0], label(0, 50, p))
			data[1] = append(data[1], -1)
			data[2] = append(data[2], label(20, 60, p))
		}
	}
	want, _ := AlphaNominal(Coincidences(data, 2))
	near(t, "α with missing coders", value(t, "α", st.Alpha, st.AlphaNote), want, 1e-6)
	if st.Kappa != nil || len(st.Pairs) != 2 || st.Pairs[0].A != "A" || st.Pairs[0].B != "B" || st.Pairs[0].Units != 100 || st.Pairs[1].B != "C" {
		t.Errorf("pairs: %+v", st)
	}
	near(t, "κ A–B", *st.Pairs[0].Kappa, 0.523810, 1e-6)
	if st.Units != 200 || !slices.Equal(r.Coders, []string{"A", "B", "C"}) {
		t.Errorf("units %d, coders %v", st.Units, r.Coders)
	}
	if len(r.Documents) != 2 || r.Documents[0].Kappa == nil || !slices.Equal(r.Documents[1].Coders, []string{"A", "C"}) {
		t.Errorf("documents %+v", r.Documents)
	}
	// Author filter: only A and B.
	r, err = Compute(f.s, Filter{TagID: f.t, Authors: []string{"A", "B"}})
	if err != nil {
		t.Fatal(err)
	}
	if st := f.tagStat(t, r, f.t); st.Units != 100 || st.Kappa == nil {
		t.Errorf("author filter: %+v", st)
	}
}

func TestResolve(t *testing.T) {
	f := newFixture(t)
	if err := f.s.SetAuthor("B"); err != nil {
		t.Fatal(err)
	}
	a := f.ann(t, f.doc1, "A", 0, 30, f.t, f.u)
	f.ann(t, f.doc1, "B", 50, 60, f.t)
	other := f.ann(t, f.doc1, "A", 70, 80, f.t)
	mine, err := Adopt(f.s, a.ID, f.t)
	if err != nil || mine.Author != "B" || mine.Start != 0 || mine.End != 30 || !slices.Equal(mine.Tags, []string{f.t}) {
		t.Fatalf("adopt: %v %+v", err, mine)
	}
	if again, err := Adopt(f.s, a.ID, f.t); err != nil || again.ID != mine.ID {
		t.Errorf("adopting twice: %v %+v", err, again)
	}
	if deleted, err := Drop(f.s, a.ID, f.t); err != nil || deleted {
		t.Errorf("drop one of two tags: %v %v", err, deleted)
	}
	if got, _ := f.s.Annotation(a.ID); !slices.Equal(got.Tags, []string{f.u}) {
		t.Errorf("after drop: %v", got.Tags)
	}
	if deleted, err := Drop(f.s, other.ID, f.t); err != nil || !deleted {
		t.Errorf("drop the only tag: %v %v", err, deleted)
	}
	r, _ := Compute(f.s, Filter{TagID: f.t})
	// 0–30: B adopted it, then A's tag went: now B's alone. 50–60: B's alone. 70–80: gone.
	if len(r.Disagreements) != 2 || r.Disagreements[0].End != 30 || r.Disagreements[1].Start != 50 || !slices.Equal(r.Disagreements[1].With, []string{"B"}) {
		t.Errorf("left: %+v", r.Disagreements)
	}
}
