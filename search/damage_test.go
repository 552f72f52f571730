package search

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gloss/search/internal/gen"
	"gloss/store"
)

// A damaged index is derived data: whatever happened to its files, a search returns (an error or
// results, never a hang or a panic), the damage is noticed, and the index heals from the store.

// builtIndex is a library of generated articles and its index, rebuilt into one segment and closed.
func builtIndex(t testing.TB, docs int) (*store.Store, string) {
	t.Helper()
	dir := t.TempDir()
	s, err := store.Open(filepath.Join(dir, "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Check(); err != nil {
			t.Errorf("check: %v", err)
		}
		s.Close()
	})
	for _, d := range gen.Documents(5, docs) {
		if _, err := s.AddDocument(store.NewDocument{Title: d.Title, Date: d.Date, Source: d.Source, Format: "txt", Text: d.Text}); err != nil {
			t.Fatal(err)
		}
	}
	idxDir := filepath.Join(dir, "library.db.search")
	ix, err := Open(idxDir)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Rebuild(context.Background(), s, nil); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	return s, idxDir
}

func segmentFile(t testing.TB, idxDir string) string {
	t.Helper()
	zaps, _ := filepath.Glob(filepath.Join(idxDir, "store", "*.zap"))
	if len(zaps) != 1 {
		t.Fatalf("segments %q, want one", zaps)
	}
	return zaps[0]
}

// fstRanges finds the vellum FSTs (term dictionaries) in a zap segment: a uvarint length, then a
// 16-byte header (version 1, type 0) and, at the end, a footer whose root address lies inside.
func fstRanges(data []byte) [][2]int {
	var out [][2]int
	var header [16]byte
	binary.LittleEndian.PutUint64(header[:], 1)
	for o := 1; o+16 <= len(data); o++ {
		if !bytes.Equal(data[o:o+16], header[:]) {
			continue
		}
		for k := 1; k <= binary.MaxVarintLen64 && k <= o; k++ {
			n, read := binary.Uvarint(data[o-k : o])
			if read != k || n < 48 || uint64(o)+n > uint64(len(data)) {
				continue
			}
			end := o + int(n)
			if root := binary.LittleEndian.Uint64(data[end-8 : end]); root < n {
				out = append(out, [2]int{o, end})
				break
			}
		}
	}
	return out
}

// roaringHeaders finds the serial cookies of roaring bitmaps (postings lists and their locations).
func roaringHeaders(data []byte) []int {
	var out []int
	for o := 0; o+4 <= len(data); o++ {
		c := binary.LittleEndian.Uint32(data[o:])
		if c == 12346 || c&0xffff == 12347 && c>>16 < 4096 {
			out = append(out, o)
		}
	}
	return out
}

func rewrite(t testing.TB, path string, change func([]byte) []byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, change(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

// flipAt XORs bytes of a file in place (same length: safe while the index has it mapped).
func flipAt(t testing.TB, path string, offsets []int, mask byte) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b [1]byte
	for _, o := range offsets {
		if _, err := f.ReadAt(b[:], int64(o)); err != nil {
			t.Fatal(err)
		}
		b[0] ^= mask
		if _, err := f.WriteAt(b[:], int64(o)); err != nil {
			t.Fatal(err)
		}
	}
}

// inSegment finds offsets in the segment file with pick, failing when it finds none.
func inSegment(t testing.TB, idxDir string, pick func([]byte) []int) (string, []int) {
	t.Helper()
	seg := segmentFile(t, idxDir)
	data, err := os.ReadFile(seg)
	if err != nil {
		t.Fatal(err)
	}
	offsets := pick(data)
	if len(offsets) == 0 {
		t.Fatalf("%s: nothing to damage", seg)
	}
	return seg, offsets
}

// fstStarts are the first bytes after each term dictionary's header: its first nodes, which a prefix
// query walks ("a*" then slices out of range: the panic of issue 22).
func fstStarts(data []byte) []int {
	var out []int
	for _, r := range fstRanges(data) {
		for o := r[0] + 17; o < r[0]+24; o++ {
			out = append(out, o)
		}
	}
	return out
}

func fstEnds(data []byte) []int {
	var out []int
	for _, r := range fstRanges(data) { // the root node and the footer's root address
		for o := r[1] - 40; o < r[1]-4; o++ {
			out = append(out, o)
		}
	}
	return out
}

func fstMiddles(data []byte) []int {
	var out []int
	for _, r := range fstRanges(data) {
		mid := (r[0] + r[1]) / 2
		for o := mid; o < min(mid+64, r[1]); o++ {
			out = append(out, o)
		}
	}
	return out
}

func every(step int) func([]byte) []int {
	return func(data []byte) []int {
		var out []int
		for o := 97; o < len(data); o += step {
			out = append(out, o)
		}
		return out
	}
}

// damage is one way an index's files were found broken (or could be). inPlace damages keep every file's
// length, so they can also hit an index that is open (and already passed its checks).
type damage struct {
	name    string
	inPlace bool
	apply   func(t testing.TB, idxDir string)
}

func flips(pick func([]byte) []int, mask byte) func(testing.TB, string) {
	return func(t testing.TB, d string) {
		seg, offsets := inSegment(t, d, pick)
		flipAt(t, seg, offsets, mask)
	}
}

var damages = []damage{
	{"term dictionary start flipped", true, flips(fstStarts, 0xff)},
	{"term dictionary root flipped", true, flips(fstEnds, 0x5a)},
	{"term dictionary middle flipped", false, flips(fstMiddles, 0xff)},
	{"roaring bitmaps broken", true, flips(roaringHeaders, 0xff)},
	{"segment bytes flipped throughout", true, flips(every(997), 0xa5)},
	{"segment footer flipped", false, flips(func(b []byte) []int { return []int{len(b) - 30, len(b) - 20, len(b) - 12} }, 0xff)},
	{"segment truncated", false, func(t testing.TB, d string) {
		rewrite(t, segmentFile(t, d), func(b []byte) []byte { return b[:len(b)/2] })
	}},
	{"segment emptied", false, func(t testing.TB, d string) {
		rewrite(t, segmentFile(t, d), func(b []byte) []byte { return nil })
	}},
	{"segment deleted", false, func(t testing.TB, d string) {
		if err := os.Remove(segmentFile(t, d)); err != nil {
			t.Fatal(err)
		}
	}},
	{"root bolt truncated", false, func(t testing.TB, d string) {
		rewrite(t, filepath.Join(d, "store", "root.bolt"), func(b []byte) []byte { return b[:len(b)/3] })
	}},
	{"root bolt flipped", false, func(t testing.TB, d string) {
		rewrite(t, filepath.Join(d, "store", "root.bolt"), func(b []byte) []byte {
			for i := 0; i < len(b); i += 61 {
				b[i] ^= 0xff
			}
			return b
		})
	}},
	{"index meta damaged", false, func(t testing.TB, d string) {
		rewrite(t, filepath.Join(d, "index_meta.json"), func([]byte) []byte { return []byte("{not json") })
	}},
}

// within runs f and fails the test if it has not returned after limit: a hang must fail, not stall CI.
// A panic in f is reported as a failure too.
func within(t *testing.T, limit time.Duration, what string, f func()) bool {
	t.Helper()
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		f()
	}()
	select {
	case p := <-done:
		if p != nil {
			t.Errorf("%s panicked: %v", what, p)
			return false
		}
		return true
	case <-time.After(limit):
		t.Errorf("%s: still waiting after %v (hung)", what, limit)
		return false
	}
}

// damageQueries cover the term dictionary (prefix), postings (terms) and positions (phrases).
var damageQueries = []string{"a*", "the", "said", `"of the"`, "ba*"}

func answers(t testing.TB, s *store.Store, ix *Index) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, q := range damageQueries {
		res, err := ix.Search(s, Query{Text: q, Limit: 100})
		if err != nil {
			t.Fatalf("search %s: %v", q, err)
		}
		out[q] = titlesOf(res)
	}
	return out
}

const hangLimit = 20 * time.Second

// The CLI's path: Open, Status, Search, Close. Damage found before or while open is repaired in the
// same call, and every search then answers as the undamaged index did.
func TestDamagedIndexHeals(t *testing.T) {
	for _, dm := range damages {
		for _, whileOpen := range []bool{false, true} {
			if whileOpen && !dm.inPlace {
				continue
			}
			name := dm.name + map[bool]string{false: ", then opened", true: ", while open"}[whileOpen]
			t.Run(name, func(t *testing.T) {
				s, dir := builtIndex(t, 60)
				var want map[string][]string
				var ix *Index
				within(t, hangLimit, "open and search the undamaged index", func() {
					var err error
					if ix, err = Open(dir); err != nil {
						t.Fatal(err)
					}
					want = answers(t, s, ix)
					if !whileOpen {
						ix.Close()
					}
				})
				if want == nil {
					return
				}
				dm.apply(t, dir)
				within(t, hangLimit, "open, search and close the damaged index", func() {
					if !whileOpen {
						var err error
						if ix, err = Open(dir); err != nil {
							t.Fatalf("open: %v", err)
						}
						st, err := ix.Status(s)
						if err != nil {
							t.Fatalf("status: %v", err)
						}
						if st.Ready || !strings.Contains(st.Reason, NoticeRebuilding) {
							t.Errorf("status %+v, want a rebuild with the notice", st)
						}
						// What the CLI does when the index is not ready.
						if err := ix.CatchUp(context.Background(), s, nil); err != nil {
							t.Fatalf("catch up: %v", err)
						}
					}
					notices := 0
					for _, q := range damageQueries {
						res, err := ix.Search(s, Query{Text: q, Limit: 100})
						if err != nil {
							t.Errorf("search %s: %v", q, err)
							continue
						}
						if res.Notice != "" {
							notices++
						}
						if got := titlesOf(res); !slices.Equal(got, want[q]) {
							t.Errorf("search %s: %d results, want %d", q, len(got), len(want[q]))
						}
					}
					if whileOpen && notices != 1 {
						t.Errorf("%d searches said the index was rebuilt, want 1", notices)
					}
					if err := ix.Close(); err != nil {
						t.Errorf("close: %v", err)
					}
				})
				if _, err := os.Stat(dir + ".damaged"); err != nil && dm.name != "segment deleted" {
					t.Errorf("the damaged index was not kept aside: %v", err)
				}
			})
		}
	}
}
