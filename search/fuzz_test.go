package search

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// damageEdits encodes how damaged differs from pristine: (uint32 offset, byte XOR) pairs.
func damageEdits(pristine, damaged []byte) []byte {
	var out []byte
	for o := range min(len(pristine), len(damaged)) {
		if x := pristine[o] ^ damaged[o]; x != 0 {
			out = binary.BigEndian.AppendUint32(out, uint32(o))
			out = append(out, x)
		}
	}
	return out
}

// FuzzDamagedIndex opens an index whose segment or root bolt file was cut and changed as the input
// says, and searches it: that must never panic or hang, and once healed the index answers as the
// undamaged one did. The seeds are the damaged files of TestDamagedIndexHeals, as edits.
func FuzzDamagedIndex(f *testing.F) {
	s, dir := builtIndex(f, 20)
	files := []string{segmentFile(f, dir), filepath.Join(dir, "store", "root.bolt"), filepath.Join(dir, "index_meta.json")}
	pristine := map[string][]byte{}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		pristine[p] = b
	}
	ix, err := Open(dir)
	if err != nil {
		f.Fatal(err)
	}
	want := answers(f, s, ix)
	ix.Close()

	for _, dm := range damages {
		if dm.name == "segment deleted" {
			continue // not an edit of a file's bytes
		}
		copyDir(f, dir, dir+".seed")
		dm.apply(f, dir+".seed")
		for i, p := range files {
			got, err := os.ReadFile(filepath.Join(dir+".seed", mustRel(f, dir, p)))
			if err != nil {
				f.Fatal(err)
			}
			if !slices.Equal(got, pristine[p]) {
				cut := uint32(0)
				if len(got) < len(pristine[p]) {
					cut = uint32(len(pristine[p]) - len(got))
				}
				f.Add(uint8(i), cut, damageEdits(pristine[p], got))
			}
		}
		os.RemoveAll(dir + ".seed")
	}

	f.Fuzz(func(t *testing.T, file uint8, cut uint32, edits []byte) {
		if len(edits) > 5*4096 {
			return // a few thousand bytes changed say all there is to say
		}
		work := filepath.Join(t.TempDir(), "library.db.search")
		copyDir(t, dir, work)
		p := files[int(file)%len(files)]
		b := slices.Clone(pristine[p])
		b = b[:len(b)-int(cut%uint32(len(b)+1))]
		for ; len(edits) >= 5 && len(b) > 0; edits = edits[5:] {
			b[int(binary.BigEndian.Uint32(edits))%len(b)] ^= edits[4]
		}
		if err := os.WriteFile(filepath.Join(work, mustRel(t, dir, p)), b, 0o600); err != nil {
			t.Fatal(err)
		}
		within(t, hangLimit, "open, search and close a damaged index", func() {
			ix, err := Open(work)
			if err != nil {
				t.Fatalf("open: %v", err)
			}
			defer ix.Close()
			if st, err := ix.Status(s); err != nil {
				t.Fatalf("status: %v", err)
			} else if !st.Ready {
				if err := ix.CatchUp(context.Background(), s, nil); err != nil {
					t.Fatalf("catch up: %v", err)
				}
			}
			for _, q := range damageQueries {
				res, err := ix.Search(s, Query{Text: q, Limit: 100})
				if err != nil {
					t.Fatalf("search %s: %v", q, err)
				}
				if got := titlesOf(res); !slices.Equal(got, want[q]) {
					t.Fatalf("search %s: %d results, want %d", q, len(got), len(want[q]))
				}
			}
		})
	})
}

func mustRel(t testing.TB, base, path string) string {
	t.Helper()
	rel, err := filepath.Rel(base, path)
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

func copyDir(t testing.TB, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(to, mustRel(t, from, p))
		if d.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}
