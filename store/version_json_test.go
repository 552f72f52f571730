package store

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// versionText is a text of about n bytes with every character encoding/json escapes, and multi-byte ones.
func versionText(r *rand.Rand, n int) string {
	pieces := []string{"word ", "the port ", "\n", "\n\n", "\t", "\r", "\"", "\\", "<", ">", "&", "\b", "\f", "\x00", "\x1f", "\x7f",
		"é", "日本語", "\u2028", "\u2029", "😀", "\ufffd", "/", "'"}
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.String()
}

// TestVersionRecordBytesUnchanged: marshalVersion writes byte for byte what json.Marshal wrote before it,
// for both record shapes, with and without markup and provenance, below and above the size it acts at;
// so the on-disk format is the same and old libraries read as they did.
func TestVersionRecordBytesUnchanged(t *testing.T) {
	r := rand.New(rand.NewPCG(22, 1))
	now := time.Date(2026, 12, 3, 11, 0, 0, 123, time.UTC)
	for _, n := range []int{0, 10, 1000, 70 << 10, 300 << 10} {
		for _, withRaw := range []bool{false, true} {
			v := Version{DocID: "01930000-0000-7000-8000-00000000\"text\":\"\"", N: 3, Text: versionText(r, n), SHA256: "ab", SourcePath: "/a/<b>.md", ImportedAt: now,
				Provenance: Provenance{Pages: []int{0, 5}, Capture: &Capture{URL: "https://example.org/?a=1&b=<2>"}}}
			if withRaw {
				v.Raw = versionText(r, n/2+1)
			}
			sv := storedVersion{Version: v, Meta: &versionMeta{BodyStart: 2, Words: 9}}
			for _, rec := range []any{&v, &sv} {
				got, err := marshalVersion(rec)
				if err != nil {
					t.Fatal(err)
				}
				want, _ := json.Marshal(rec)
				if !bytes.Equal(got, want) {
					i := 0
					for i < min(len(got), len(want)) && got[i] == want[i] {
						i++
					}
					t.Fatalf("n=%d raw=%v %T: differs at byte %d of %d/%d: %.40q vs %.40q", n, withRaw, rec, i, len(got), len(want), got[i:], want[min(i, len(want)):])
				}
			}
		}
	}
	// Invalid UTF-8 (the text is validated, but the record's encoder must not depend on that).
	v := Version{DocID: "d", Text: strings.Repeat("a\xffb\xe2\x80", 40<<10), Raw: "\xc3"}
	got, _ := marshalVersion(&v)
	if want, _ := json.Marshal(&v); !bytes.Equal(got, want) {
		t.Fatal("invalid UTF-8 encoded unlike json.Marshal")
	}
}

// TestLibraryWrittenByTheOldEncoderReads: a library whose version records were written by json.Marshal
// (the encoder before marshalVersion: written here straight into bbolt, as the old AddDocument and
// AddVersion did) opens, reads its text and markup, takes a new version on top and still checks.
func TestLibraryWrittenByTheOldEncoderReads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(22, 2))
	text := versionText(r, 200<<10)
	text = strings.ToValidUTF8(text, "?")
	d, err := s.AddDocument(NewDocument{Title: "Old", Format: "md", Text: text, Raw: "# " + text, SHA256: "old1"})
	if err != nil {
		t.Fatal(err)
	}
	var newBytes []byte
	err = s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketVersions)
		newBytes = bytes.Clone(b.Get(versionKey(d.ID, 1)))
		old := Version{DocID: d.ID, N: 1, Text: text, Raw: "# " + text, SHA256: "old1", ImportedAt: d.ImportedAt}
		return putJSON(b, versionKey(d.ID, 1), old) // the old layout: json.Marshal of the whole record
	})
	if err != nil {
		t.Fatal(err)
	}
	var oldBytes []byte
	s.db.View(func(tx *bolt.Tx) error {
		oldBytes = bytes.Clone(tx.Bucket(bucketVersions).Get(versionKey(d.ID, 1)))
		return nil
	})
	if !bytes.Equal(oldBytes, newBytes) {
		t.Errorf("the new encoder's record (%d bytes) differs from the old one's (%d bytes)", len(newBytes), len(oldBytes))
	}
	s.Close()

	s = reopenChecked(t, path)
	v, err := s.Version(d.ID, 1)
	if err != nil || v.Text != text || v.Raw != "# "+text {
		t.Fatalf("old record read back: %v (text equal %v, raw equal %v)", err, v.Text == text, v.Raw == "# "+text)
	}
	next := text + " and a correction"
	if _, _, err := s.AddVersion(d.ID, NewVersion{Text: next, Raw: "# " + next, SHA256: "old2"}); err != nil {
		t.Fatal(err)
	}
	for n, want := range map[int]string{1: text, 2: next} {
		if v, err := s.Version(d.ID, n); err != nil || v.Text != want {
			t.Errorf("version %d after the new version: %v", n, err)
		}
	}
}

func reopenChecked(t *testing.T, path string) *Store {
	t.Helper()
	s, err := OpenWith(path, anchored)
	if err != nil {
		t.Fatal(err)
	}
	closeOnCleanup(t, s)
	return s
}
