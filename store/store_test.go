package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/adrg/xdg"
	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

// openTestStore opens a fresh library with anchor's re-anchoring in a temp dir (in a not-yet-existing
// subdirectory, so Open must create it) and checks it on cleanup.
func openTestStore(t *testing.T) *Store {
	t.Helper()
	s, err := OpenWith(filepath.Join(t.TempDir(), "gloss", "library.db"), anchored)
	if err != nil {
		t.Fatal(err)
	}
	closeOnCleanup(t, s)
	return s
}

func closeOnCleanup(t *testing.T, s *Store) {
	t.Helper()
	t.Cleanup(func() {
		if err := s.Check(); err != nil {
			t.Error(err)
		}
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
}

func sample(title, sha string) NewDocument {
	return NewDocument{
		Title: title, Date: "2024-05-01", Source: "Test Outlet", Format: "txt",
		Text: title + "\n\nOne two three.", SHA256: sha, SourcePath: "/tmp/" + sha + ".txt",
	}
}

func mustAdd(t *testing.T, s *Store, nd NewDocument) Document {
	t.Helper()
	d, err := s.AddDocument(nd)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// annotate highlights the first three code points of a document.
func annotate(t *testing.T, s *Store, docID string) string {
	t.Helper()
	a, err := s.CreateAnnotation(NewAnnotation{DocID: docID, Start: 0, End: 3})
	if err != nil {
		t.Fatal(err)
	}
	return a.ID
}

func bucketLen(t *testing.T, s *Store, name []byte) int {
	t.Helper()
	var n int
	if err := s.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(name).Stats().KeyN
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRoundTripUnicode(t *testing.T) {
	s := openTestStore(t)

	head := "Cafe\u0301 👩‍👩‍👧\r\n\r\n"
	body := "Nai\u0308ve 🎉 words\r\nwith CRLF\tand tabs ✍🏽 end"
	text := head + body
	d := mustAdd(t, s, NewDocument{
		Title: "  Cafe\u0301  ", Date: "2024-02-29", Source: "Le Monde", URL: "https://example.org/a",
		Format: "md", Text: text, Raw: "# " + text, SHA256: "aaa", SourcePath: "/tmp/a.md",
		BodyStart: len([]rune(head)),
	})
	if d.Version != 1 || d.Title != "Cafe\u0301" || d.ImportedAt.Location() != time.UTC {
		t.Errorf("unexpected document %+v", d)
	}
	if _, err := uuid.Parse(d.ID); err != nil {
		t.Errorf("id %q: %v", d.ID, err)
	}
	if want := 7; d.Words != want { // the emoji are not words (CountWords)
		t.Errorf("Words = %d, want %d", d.Words, want)
	}

	got, err := s.Document(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, d) {
		t.Errorf("Document = %+v\nwant       %+v", got, d)
	}
	for _, n := range []int{0, 1} {
		v, err := s.Version(d.ID, n)
		if err != nil {
			t.Fatal(err)
		}
		if v.Text != text || v.Raw != "# "+text || v.N != 1 || v.DocID != d.ID || v.SHA256 != "aaa" || v.SourcePath != "/tmp/a.md" {
			t.Errorf("Version(%d) = %+v", n, v)
		}
	}
	if _, err := s.Version(d.ID, 2); !errors.Is(err, ErrNotFound) {
		t.Errorf("Version 2: %v, want ErrNotFound", err)
	}
	if _, err := s.Version(d.ID, -1); !errors.Is(err, ErrNotFound) {
		t.Errorf("Version -1: %v, want ErrNotFound", err)
	}
	if _, err := s.Document("missing-id"); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "missing-id") {
		t.Errorf("Document(missing): %v", err)
	}

	second := mustAdd(t, s, sample("Second", "bbb"))
	annotate(t, s, d.ID)
	annotate(t, s, d.ID)
	docs, err := s.Documents()
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || docs[0].ID != d.ID || docs[1].ID != second.ID {
		t.Fatalf("Documents order: %+v", docs)
	}
	if docs[0].Annotations != 2 || docs[1].Annotations != 0 {
		t.Errorf("annotation counts %d, %d", docs[0].Annotations, docs[1].Annotations)
	}
	if got, _ := s.Document(d.ID); got.Annotations != 2 {
		t.Errorf("Document annotations = %d", got.Annotations)
	}
}

func TestAddDocumentValidation(t *testing.T) {
	s := openTestStore(t)
	for name, nd := range map[string]NewDocument{
		"blank title":   {Title: " \t", Text: "x"},
		"bad date":      {Title: "t", Date: "2024-1-1", Text: "x"},
		"body past end": {Title: "t", Text: "é", BodyStart: 2},
		"negative body": {Title: "t", Text: "x", BodyStart: -1},
		"invalid utf8":  {Title: "t", Text: "a\xffb"},
	} {
		if _, err := s.AddDocument(nd); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	// BodyStart at the very end is an empty body.
	d := mustAdd(t, s, NewDocument{Title: "t", Text: "é", BodyStart: 1})
	if d.Words != 0 {
		t.Errorf("Words = %d", d.Words)
	}
	if seq, _ := s.JournalSeq(); seq != 1 {
		t.Errorf("failed adds were journaled: seq %d", seq)
	}
}

func TestSetMetadata(t *testing.T) {
	s := openTestStore(t)
	d := mustAdd(t, s, sample("Old", "aaa"))

	for _, c := range []struct{ title, date, msg string }{
		{"   ", "", "title"},
		{"T", "2024-13-01", "date"},
		{"T", "2023-02-29", "date"},
		{"T", "24-01-01", "date"},
		{"T", "01/02/2024", "date"},
	} {
		if _, err := s.SetMetadata(d.ID, c.title, c.date); err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("SetMetadata(%q, %q) = %v, want an error about the %s", c.title, c.date, err, c.msg)
		}
	}
	got, err := s.SetMetadata(d.ID, "  New title ", "")
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "New title" || got.Date != "" {
		t.Errorf("SetMetadata returned %+v", got)
	}
	if got, _ = s.Document(d.ID); got.Title != "New title" || got.Date != "" || got.SHA256 != "aaa" {
		t.Errorf("stored %+v", got)
	}
	if _, err := s.SetMetadata(d.ID, "T", "2024-02-29"); err != nil {
		t.Error(err)
	}
	if _, err := s.SetMetadata("nope", "T", ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown id: %v", err)
	}
}

func TestDeleteDocument(t *testing.T) {
	s := openTestStore(t)
	nd := sample("Seed", "seedsha")
	nd.SeedKey = "seeds/intro.md"
	seed := mustAdd(t, s, nd)
	other := mustAdd(t, s, sample("Other", "othersha"))
	annotate(t, s, seed.ID)
	annotate(t, s, seed.ID)
	kept := annotate(t, s, other.ID)

	if ok, _ := s.SeedImported("seeds/intro.md"); !ok {
		t.Fatal("seed not marked")
	}
	if err := s.DeleteDocument(seed.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Document(seed.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Document after delete: %v", err)
	}
	if _, err := s.Version(seed.ID, 1); !errors.Is(err, ErrNotFound) {
		t.Errorf("Version after delete: %v", err)
	}
	if n := bucketLen(t, s, bucketVersions); n != 1 {
		t.Errorf("%d versions left, want 1", n)
	}
	if n := bucketLen(t, s, bucketAnnByDoc); n != 1 {
		t.Errorf("%d ann_by_doc keys left, want 1", n)
	}
	_ = s.db.View(func(tx *bolt.Tx) error {
		if k, _ := tx.Bucket(bucketAnnotations).Cursor().First(); string(k) != kept || tx.Bucket(bucketAnnotations).Stats().KeyN != 1 {
			t.Errorf("annotations left: first %q", k)
		}
		return nil
	})
	if _, found, _ := s.DocumentBySHA("seedsha"); found {
		t.Error("sha index still has the deleted document")
	}
	if ok, err := s.SeedImported("seeds/intro.md"); !ok || err != nil {
		t.Errorf("seed marker gone after delete: %v %v", ok, err)
	}
	if ok, _ := s.SeedImported("seeds/other.md"); ok {
		t.Error("unknown seed reported as imported")
	}
	if err := s.DeleteDocument(seed.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	if d, _ := s.Document(other.ID); d.Annotations != 1 {
		t.Errorf("other document lost annotations: %d", d.Annotations)
	}
}

func TestDocumentBySHA(t *testing.T) {
	s := openTestStore(t)
	d := mustAdd(t, s, sample("A", "sha-a"))
	got, found, err := s.DocumentBySHA("sha-a")
	if err != nil || !found || got.ID != d.ID {
		t.Errorf("DocumentBySHA = %+v %v %v", got, found, err)
	}
	if _, found, err := s.DocumentBySHA("sha-b"); found || err != nil {
		t.Errorf("unknown sha: %v %v", found, err)
	}
	if _, err := s.AddDocument(sample("A again", "sha-a")); !errors.Is(err, ErrDuplicate) {
		t.Errorf("duplicate add: %v", err)
	}
	if docs, _ := s.Documents(); len(docs) != 1 {
		t.Errorf("%d documents after refused duplicate", len(docs))
	}
}

func TestReopenPersists(t *testing.T) {
	path := filepath.Join(t.TempDir(), "library.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	d := mustAdd(t, s, sample("Kept", "k"))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	closeOnCleanup(t, s)
	if s.Path() != path {
		t.Errorf("Path = %q", s.Path())
	}
	got, err := s.Document(d.ID)
	if err != nil || !reflect.DeepEqual(got, d) {
		t.Errorf("after reopen: %+v, %v", got, err)
	}
	if v, err := s.SchemaVersion(); v != SchemaVersion || err != nil {
		t.Errorf("SchemaVersion = %d, %v", v, err)
	}
	if seq, _ := s.JournalSeq(); seq != 1 {
		t.Errorf("JournalSeq = %d", seq)
	}
}

func TestOpenLocked(t *testing.T) {
	s := openTestStore(t)
	start := time.Now()
	second, err := Open(s.Path())
	if err == nil {
		second.Close()
		t.Fatal("second Open of the same file succeeded")
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("locked Open took %v", elapsed)
	}
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), s.Path()) {
		t.Errorf("err = %v, want ErrLocked naming %s", err, s.Path())
	}
}

// wantRefused opens path, expects an "unreadable" error naming it, and checks
// that the bytes on disk did not change.
func wantRefused(t *testing.T, path string) {
	t.Helper()
	before, _ := os.ReadFile(path)
	s, err := Open(path)
	if err == nil {
		s.Close()
		t.Fatalf("Open(%s) succeeded", path)
	}
	if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "not a readable Gloss library") {
		t.Errorf("unclear error: %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Errorf("file changed by failed Open (%d -> %d bytes)", len(before), len(after))
	}
	t.Log(err)
}

// libraryBytes builds a small real library and returns its bytes.
func libraryBytes(t *testing.T) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "real.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 40 {
		nd := sample("Doc "+strconv.Itoa(i), "sha"+strconv.Itoa(i))
		nd.Text = strings.Repeat("lorem ipsum dolor ", 200)
		d := mustAdd(t, s, nd)
		annotate(t, s, d.ID)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return readFile(t, path)
}

func TestOpenCorrupt(t *testing.T) {
	dir := t.TempDir()

	t.Run("random bytes", func(t *testing.T) {
		path := filepath.Join(dir, "random.db")
		junk := make([]byte, 64*1024)
		r := rand.NewChaCha8([32]byte{1})
		_, _ = r.Read(junk)
		if err := os.WriteFile(path, junk, 0o600); err != nil {
			t.Fatal(err)
		}
		wantRefused(t, path)
	})

	t.Run("text file", func(t *testing.T) {
		path := filepath.Join(dir, "notes.txt")
		if err := os.WriteFile(path, []byte("just some notes\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		wantRefused(t, path)
	})

	t.Run("truncated", func(t *testing.T) {
		full := libraryBytes(t)
		refused := 0
		// Cut at every page boundary and a few odd sizes; each cut must either be
		// refused cleanly or, if only unused tail pages were cut, open and check.
		for cut := 1000; cut < len(full); cut += 4096 / 2 {
			path := filepath.Join(dir, "truncated-"+strconv.Itoa(cut)+".db")
			if err := os.WriteFile(path, full[:cut], 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := Open(path)
			if err == nil {
				if err := s.Check(); err != nil {
					t.Errorf("cut %d: opened but Check fails: %v", cut, err)
				}
				s.Close()
				continue
			}
			refused++
			if !strings.Contains(err.Error(), path) {
				t.Errorf("cut %d: unclear error %v", cut, err)
			}
			if got := readFile(t, path); !bytes.Equal(got, full[:cut]) {
				t.Errorf("cut %d: file changed by failed Open", cut)
			}
		}
		if refused == 0 {
			t.Error("no truncation was refused")
		}
		wantRefused(t, func() string {
			path := filepath.Join(dir, "half.db")
			_ = os.WriteFile(path, full[:len(full)/2], 0o600)
			return path
		}())
	})

	t.Run("directory", func(t *testing.T) {
		path := filepath.Join(dir, "adir.db")
		if err := os.Mkdir(path, 0o700); err != nil {
			t.Fatal(err)
		}
		wantRefused(t, path)
	})

	t.Run("no read permission", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root ignores file permissions")
		}
		path := filepath.Join(dir, "locked-out.db")
		if err := os.WriteFile(path, libraryBytes(t), 0o000); err != nil {
			t.Fatal(err)
		}
		wantRefused(t, path)
	})

	t.Run("bbolt file of another program", func(t *testing.T) {
		path := filepath.Join(dir, "other.db")
		db, err := bolt.Open(path, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		_ = db.Update(func(tx *bolt.Tx) error {
			b, _ := tx.CreateBucket([]byte("widgets"))
			return b.Put([]byte("k"), []byte("v"))
		})
		db.Close()
		wantRefused(t, path)
	})
}

func TestOpenNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "library.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	mustAdd(t, s, sample("From the future", "f"))
	newer := strconv.Itoa(SchemaVersion + 1)
	if err := s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keySchemaVersion, []byte(newer))
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	before := readFile(t, path)
	if _, err := Open(path); !errors.Is(err, ErrNewerSchema) ||
		!strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), newer) ||
		!strings.Contains(err.Error(), strconv.Itoa(SchemaVersion)) {
		t.Errorf("err = %v", err)
	}
	if !bytes.Equal(before, readFile(t, path)) {
		t.Error("refused file was modified")
	}
}

func TestBackup(t *testing.T) {
	s := openTestStore(t)
	mustAdd(t, s, sample("One", "1"))
	d := mustAdd(t, s, sample("Two", "2"))
	annotate(t, s, d.ID)

	var buf bytes.Buffer
	n, err := s.Backup(&buf)
	if err != nil || n != int64(buf.Len()) || n == 0 {
		t.Fatalf("Backup = %d, %v (buffer %d)", n, err, buf.Len())
	}
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	restored, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	closeOnCleanup(t, restored)
	want, _ := s.Documents()
	got, err := restored.Documents()
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("restored documents %+v, want %+v (%v)", got, want, err)
	}
}

func TestJournal(t *testing.T) {
	s := openTestStore(t)
	if seq, err := s.JournalSeq(); seq != 0 || err != nil {
		t.Fatalf("fresh JournalSeq = %d, %v", seq, err)
	}
	d := mustAdd(t, s, sample("J", "j"))
	if _, err := s.SetMetadata(d.ID, "J2", ""); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteDocument(d.ID); err != nil {
		t.Fatal(err)
	}
	if seq, _ := s.JournalSeq(); seq != 3 {
		t.Errorf("JournalSeq = %d, want 3", seq)
	}
	var ops []string
	_ = s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketJournal).ForEach(func(k, v []byte) error {
			var r journalRecord
			if err := json.Unmarshal(v, &r); err != nil || r.At.IsZero() || r.Label == "" {
				t.Errorf("record %x: %s (%v)", k, v, err)
			}
			if !slices.ContainsFunc(r.Changes, func(c change) bool { return c.Bucket == "docs" && c.Key == d.ID }) {
				t.Errorf("record %x does not name the document: %s", k, v)
			}
			ops = append(ops, strconv.FormatUint(binary.BigEndian.Uint64(k), 10)+":"+r.Op)
			return nil
		})
	})
	if want := []string{"1:doc.add", "2:doc.meta", "3:doc.delete"}; !reflect.DeepEqual(ops, want) {
		t.Errorf("journal %v, want %v", ops, want)
	}
}

func TestCheckReportsEveryProblem(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d := mustAdd(t, s, sample("D", "dsha"))
	if err := s.Check(); err != nil {
		t.Fatalf("clean library: %v", err)
	}
	_ = s.db.Update(func(tx *bolt.Tx) error {
		_ = tx.Bucket(bucketVersions).Delete(versionKey(d.ID, 1))
		_ = tx.Bucket(bucketAnnByDoc).Put([]byte(d.ID+"/ghost-annotation"), nil)
		_ = tx.Bucket(bucketDocBySHA).Put([]byte("stray-sha"), []byte("ghost-doc"))
		return nil
	})
	err = s.Check()
	if err == nil {
		t.Fatal("Check found nothing")
	}
	for _, want := range []string{"version 1 is missing", "ghost-annotation", "ghost-doc"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Check error lacks %q:\n%v", want, err)
		}
	}
}

func TestDefaultPath(t *testing.T) {
	t.Cleanup(xdg.Reload) // runs after Setenv restores the variable
	t.Setenv("XDG_DATA_HOME", "/data/home")
	xdg.Reload()
	if got, want := DefaultPath(), "/data/home/gloss/library.db"; got != want {
		t.Errorf("DefaultPath = %q, want %q", got, want)
	}
}

// A library counted by the old rule (strings.Fields: a Chinese article was "5 words") is recounted by
// the current one when it is next opened, once.
func TestOpenRecountsWordsCountedByAnOldRule(t *testing.T) {
	path := filepath.Join(t.TempDir(), "library.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	text := "北京空气污染，监测站 说 今天 好转。"
	d, err := s.AddDocument(NewDocument{Title: "空气", Format: "txt", Text: text, SHA256: "zh"})
	if err != nil {
		t.Fatal(err)
	}
	// What an earlier Gloss wrote: its own count, and no rule.
	err = s.db.Update(func(tx *bolt.Tx) error {
		d.Words = len(strings.Fields(text))
		raw, _ := json.Marshal(d)
		if err := tx.Bucket(bucketDocs).Put([]byte(d.ID), raw); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Delete(keyWordsRule)
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Document(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := CountWords(text); got.Words != want || want <= 5 {
		t.Fatalf("words after reopening: %d, want %d (CountWords)", got.Words, want)
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
}
