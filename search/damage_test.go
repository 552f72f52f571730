package search

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
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

// damages are the ways an index's files were found broken (or could be): each changes a built index.
var damages = []struct {
	name   string
	damage func(t testing.TB, idxDir string)
}{
	{"segment truncated", func(t testing.TB, d string) {
		rewrite(t, segmentFile(t, d), func(b []byte) []byte { return b[:len(b)/2] })
	}},
	{"segment emptied", func(t testing.TB, d string) {
		rewrite(t, segmentFile(t, d), func(b []byte) []byte { return nil })
	}},
	{"segment footer flipped", func(t testing.TB, d string) {
		rewrite(t, segmentFile(t, d), func(b []byte) []byte {
			for i := len(b) - 40; i < len(b)-8; i++ {
				b[i] ^= 0xff
			}
			return b
		})
	}},
	{"term dictionaries (FST) flipped", func(t testing.TB, d string) {
		rewrite(t, segmentFile(t, d), func(b []byte) []byte {
			ranges := fstRanges(b)
			if len(ranges) < 3 {
				t.Fatalf("found %d term dictionaries", len(ranges))
			}
			for _, r := range ranges { // the root node and the footer's root address
				for i := r[1] - 40; i < r[1]-4; i++ {
					b[i] ^= 0x5a
				}
			}
			return b
		})
	}},
	{"term dictionaries (FST) zeroed inside", func(t testing.TB, d string) {
		rewrite(t, segmentFile(t, d), func(b []byte) []byte {
			for _, r := range fstRanges(b) {
				mid := (r[0] + r[1]) / 2
				clear(b[mid : min(mid+64, r[1])])
			}
			return b
		})
	}},
	{"roaring bitmaps broken", func(t testing.TB, d string) {
		rewrite(t, segmentFile(t, d), func(b []byte) []byte {
			heads := roaringHeaders(b)
			if len(heads) < 10 {
				t.Fatalf("found %d roaring bitmaps", len(heads))
			}
			for _, o := range heads {
				b[o] ^= 0xff
			}
			return b
		})
	}},
	{"segment bytes flipped throughout", func(t testing.TB, d string) {
		rewrite(t, segmentFile(t, d), func(b []byte) []byte {
			for i := 97; i < len(b); i += 997 {
				b[i] ^= 0xa5
			}
			return b
		})
	}},
	{"segment deleted", func(t testing.TB, d string) {
		if err := os.Remove(segmentFile(t, d)); err != nil {
			t.Fatal(err)
		}
	}},
	{"root bolt truncated", func(t testing.TB, d string) {
		rewrite(t, filepath.Join(d, "store", "root.bolt"), func(b []byte) []byte { return b[:len(b)/3] })
	}},
	{"root bolt flipped", func(t testing.TB, d string) {
		rewrite(t, filepath.Join(d, "store", "root.bolt"), func(b []byte) []byte {
			for i := 0; i < len(b); i += 61 {
				b[i] ^= 0xff
			}
			return b
		})
	}},
	{"index meta damaged", func(t testing.TB, d string) {
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

func TestDamagedIndexExperiment(t *testing.T) {
	for _, dm := range damages {
		t.Run(dm.name, func(t *testing.T) {
			s, dir := builtIndex(t, 60)
			dm.damage(t, dir)
			within(t, 5*time.Second, "open, search, close", func() {
				ix, err := Open(dir)
				if err != nil {
					t.Logf("open: %v", err)
					return
				}
				defer ix.Close()
				st, err := ix.Status(s)
				t.Logf("status %+v %v", st, err)
				for _, q := range []string{"the", "harbour", `"of the"`, "zzz*"} {
					res, err := ix.Search(s, Query{Text: q})
					t.Logf("search %s: %d docs, %v", q, len(res.Docs), err)
				}
			})
		})
	}
}
