package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"gloss/ingest"
	"gloss/store"
)

// seedDoc returns the first seed article's id and a word from it to annotate.
func seedDoc(t *testing.T, db string) (string, string) {
	t.Helper()
	docs := listJSON(t, db)
	code, out, errOut := run(t, db, "show", "--json", docs[0].ID)
	if code != 0 {
		t.Fatalf("show: %s", errOut)
	}
	var shown struct{ Text string }
	json.Unmarshal([]byte(out), &shown)
	for _, w := range strings.Fields(shown.Text) {
		if len(w) >= 8 && strings.Trim(w, ".,;:!?\"'()“”‘’") == w {
			return docs[0].ID, w
		}
	}
	t.Fatal("no word to annotate")
	return "", ""
}

func annotate(t *testing.T, db, doc, quote string, extra ...string) string {
	t.Helper()
	code, out, errOut := run(t, db, append([]string{"annotate", "--doc", doc, "--quote", quote}, extra...)...)
	if code != 0 {
		t.Fatalf("annotate: %d %s", code, errOut)
	}
	return strings.TrimSpace(out)
}

func annotationIDs(t *testing.T, db string) map[string]bool {
	t.Helper()
	code, out, errOut := run(t, db, "annotations", "--json")
	if code != 0 {
		t.Fatalf("annotations: %s", errOut)
	}
	var anns []annotationJSON
	json.Unmarshal([]byte(out), &anns)
	ids := map[string]bool{}
	for _, a := range anns {
		ids[a.ID] = true
	}
	return ids
}

// boltUpdate writes to the closed library directly, for states the CLI refuses to create.
func boltUpdate(t *testing.T, db string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	b, err := bolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := b.Update(fn); err != nil {
		t.Fatal(err)
	}
}

func TestNewerLibraryIsRefusedUntouched(t *testing.T) {
	db := filepath.Join(t.TempDir(), "library.db")
	listJSON(t, db)
	boltUpdate(t, db, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("schema_version"), []byte(strconv.Itoa(store.SchemaVersion+1)))
	})
	before, _ := os.ReadFile(db)
	for _, args := range [][]string{{"list"}, {"check"}, {"annotate", "--doc", "x", "--quote", "y"}, {"backup", "--out", db + ".bak"}} {
		code, _, errOut := run(t, db, args...)
		if code != 1 || !strings.Contains(errOut, "written by a newer version of Gloss") || !strings.Contains(errOut, "left untouched") {
			t.Errorf("%v: exit %d, %s", args, code, errOut)
		}
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("the newer library was modified")
	}
}

func TestDamagedLibraryIsRefusedUntouched(t *testing.T) {
	db := filepath.Join(t.TempDir(), "library.db")
	listJSON(t, db)
	raw, _ := os.ReadFile(db)
	for i := 4096; i < len(raw); i++ { // keep the meta pages, damage the rest
		raw[i] ^= 0x5a
	}
	os.WriteFile(db, raw, 0o600)
	code, _, errOut := run(t, db, "check")
	if code != 1 || !strings.Contains(errOut, db) {
		t.Errorf("check of a damaged library: exit %d, %s", code, errOut)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(raw, after) {
		t.Error("the damaged library was modified")
	}
}

func TestBackupAndRestoreThroughTheCLI(t *testing.T) {
	db := newDB(t)
	doc, word := seedDoc(t, db)
	kept := annotate(t, db, doc, word)
	backup := filepath.Join(t.TempDir(), "backup.db")
	if code, _, errOut := run(t, db, "backup", "--out", backup); code != 0 {
		t.Fatal(errOut)
	}
	later := annotate(t, db, doc, word, "--note", "after the backup")

	code, out, errOut := run(t, db, "restore", backup)
	if code != 0 || !strings.Contains(out, "before-restore") {
		t.Fatalf("restore: %d %s %s", code, out, errOut)
	}
	ids := annotationIDs(t, db)
	if !ids[kept] || ids[later] {
		t.Errorf("after restore: %v (kept %s, later %s)", ids, kept, later)
	}
	// The replaced library is beside it, whole.
	aside, _ := filepath.Glob(db + ".before-restore-*")
	if len(aside) != 1 {
		t.Fatalf("aside: %v", aside)
	}
	if code, _, errOut := run(t, aside[0], "annotations", "--json"); code != 0 || !strings.Contains(annotationsOf(t, aside[0]), later) {
		t.Errorf("the previous library lost the later annotation: %s", errOut)
	}
	// A file that is no library is refused and nothing moves.
	junk := filepath.Join(t.TempDir(), "junk.db")
	os.WriteFile(junk, []byte("hello"), 0o600)
	if code, _, errOut := run(t, db, "restore", junk); code != 1 || !strings.Contains(errOut, "cannot be restored") {
		t.Errorf("junk restore: %d %s", code, errOut)
	}
	if a, _ := filepath.Glob(db + ".before-restore-*"); len(a) != 1 {
		t.Errorf("a refused restore moved the library: %v", a)
	}
	// backups lists the daily copy and takes --keep.
	if code, out, errOut := run(t, db, "backups", "--keep", "3"); code != 0 || !strings.Contains(out, "keeping 3") {
		t.Errorf("backups: %d %s %s", code, out, errOut)
	}
}

func annotationsOf(t *testing.T, db string) string {
	_, out, _ := run(t, db, "annotations", "--json")
	return out
}

// mountOrSkip runs mount with args, skipping the test when this machine does not allow it.
func mountOrSkip(t *testing.T, dir string, args ...string) {
	t.Helper()
	if out, err := exec.Command("mount", args...).CombinedOutput(); err != nil {
		t.Skipf("cannot mount here (%v: %s): not root, or no CAP_SYS_ADMIN", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
}

func TestFullDiskFailsClearlyAndKeepsTheLibrary(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tiny")
	os.MkdirAll(dir, 0o700)
	mountOrSkip(t, dir, "-t", "tmpfs", "-o", "size=1m", "tmpfs", dir)
	db := filepath.Join(dir, "library.db")
	doc, word := seedDoc(t, db)
	kept := annotate(t, db, doc, word, "--note", "written before the disk filled")
	annotationIDs(t, db) // a second open writes today's backup while there is room

	// Fill the disk.
	filler, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 4096)
	for {
		if _, err := filler.Write(chunk); err != nil {
			break
		}
	}
	filler.Close()

	code, _, errOut := run(t, db, "annotate", "--doc", doc, "--quote", word, "--note", strings.Repeat("n", 600<<10))
	t.Logf("annotate on a full disk: %s", errOut)
	if code != 1 || !strings.Contains(errOut, "no space left on device") {
		t.Errorf("annotate on a full disk: exit %d, %q", code, errOut)
	}
	src := filepath.Join(t.TempDir(), "article.txt")
	os.WriteFile(src, []byte("A new article\n\n"+strings.Repeat("Words that need room on the disk. ", 20000)), 0o600)
	code, _, errOut = run(t, db, "import", src)
	t.Logf("import on a full disk: %s", errOut)
	if code != 1 || !strings.Contains(errOut, "no space left on device") || !strings.Contains(errOut, src) {
		t.Errorf("import on a full disk: exit %d, %q", code, errOut)
	}
	// Still consistent with the space still gone, and whole once it is back.
	if code, out, errOut := run(t, db, "check"); code != 0 {
		t.Fatalf("check on the full disk: %s %s", out, errOut)
	}
	if !annotationIDs(t, db)[kept] {
		t.Error("the earlier annotation is gone")
	}
	os.Remove(filler.Name())
	if code, out, errOut := run(t, db, "check"); code != 0 {
		t.Fatalf("check: %s %s", out, errOut)
	}
	annotate(t, db, doc, word, "--note", "after space came back")
	if n := len(listJSON(t, db)); n != 5 {
		t.Errorf("%d documents, want the 5 seeds (the failed import must not be half there)", n)
	}
}

func TestReadOnlyMountReadsAndRefusesWrites(t *testing.T) {
	rw := filepath.Join(t.TempDir(), "rw")
	os.MkdirAll(rw, 0o700)
	db := filepath.Join(rw, "library.db")
	doc, word := seedDoc(t, db)
	kept := annotate(t, db, doc, word)
	before, _ := os.ReadFile(db)

	ro := filepath.Join(t.TempDir(), "ro")
	os.MkdirAll(ro, 0o700)
	mountOrSkip(t, ro, "--bind", rw, ro)
	if out, err := exec.Command("mount", "-o", "remount,bind,ro", ro).CombinedOutput(); err != nil {
		t.Skipf("cannot remount read-only: %v %s", err, out)
	}
	roDB := filepath.Join(ro, "library.db")
	readOnlyReadsAndRefusesWrites(t, roDB, doc, word)
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("the library changed")
	}
	if !annotationIDs(t, db)[kept] {
		t.Error("annotation lost")
	}
	if code, out, errOut := run(t, db, "check"); code != 0 {
		t.Errorf("check: %s %s", out, errOut)
	}
}

func TestImmutableLibraryReadsAndRefusesWrites(t *testing.T) {
	db := filepath.Join(t.TempDir(), "library.db")
	listJSON(t, db)
	if out, err := exec.Command("chattr", "+i", db).CombinedOutput(); err != nil {
		t.Skipf("chattr +i is not available on this file system: %v %s", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", db).Run() })
	doc, word := seedDoc(t, db)
	readOnlyReadsAndRefusesWrites(t, db, doc, word)
}

// readOnlyReadsAndRefusesWrites: a library Gloss may not write is listed, shown and exported, and a
// write says why it fails.
func readOnlyReadsAndRefusesWrites(t *testing.T, db, doc, word string) {
	t.Helper()
	code, _, errOut := run(t, db, "annotate", "--doc", doc, "--quote", word)
	if code != 1 || !strings.Contains(errOut, "the library is read-only") {
		t.Errorf("annotate on a read-only library: exit %d, %q", code, errOut)
	}
	out := filepath.Join(t.TempDir(), "notes.md")
	for _, args := range [][]string{{"list"}, {"show", doc}, {"annotations"}, {"export", "--format", "md", "--out", out}} {
		if code, stdout, errOut := run(t, db, args...); code != 0 {
			t.Errorf("%v on a read-only library: exit %d, %q %q", args, code, stdout, errOut)
		}
	}
	if _, err := os.Stat(out); err != nil {
		t.Error(err)
	}
}

func TestLimitsThroughTheCLI(t *testing.T) {
	db := newDB(t)
	doc, word := seedDoc(t, db)

	t.Run("document over the size limit", func(t *testing.T) {
		src := filepath.Join(t.TempDir(), "big.txt")
		os.WriteFile(src, []byte("Big\n\n"+strings.Repeat("word ", 1000)), 0o600)
		code, out, errOut := run(t, db, "import", "--max-size", "1000", src)
		if strings.TrimSpace(out) != "" || !strings.Contains(errOut, src) || !strings.Contains(errOut, "1000") {
			t.Errorf("exit %d, out %q, err %q", code, out, errOut)
		}
		// The default limit (50 MB), one byte over: refused from its size, without reading it (sparse file).
		huge := filepath.Join(t.TempDir(), "huge.txt")
		if err := os.WriteFile(huge, []byte("Huge\n\n"), 0o600); err != nil || os.Truncate(huge, ingest.DefaultMaxBytes+1) != nil {
			t.Fatal("cannot make the file")
		}
		code, out, errOut = run(t, db, "import", huge)
		if strings.TrimSpace(out) != "" || !strings.Contains(errOut, huge) || !strings.Contains(errOut, "52428801 bytes; the limit is 52428800 bytes") {
			t.Errorf("50 MB + 1: exit %d, out %q, err %q", code, out, errOut)
		}
	})

	t.Run("1 MB note", func(t *testing.T) {
		id := annotate(t, db, doc, word, "--note", strings.Repeat("x", 1<<20))
		if id == "" {
			t.Error("no id")
		}
		code, _, errOut := run(t, db, "annotate", "--doc", doc, "--quote", word, "--note", strings.Repeat("x", 1<<20+1))
		if code != 1 || !strings.Contains(errOut, "limited to 1048576 bytes (1 MB)") {
			t.Errorf("note over 1 MB: exit %d, %q", code, errOut)
		}
	})

	t.Run("100000 annotations in one document", func(t *testing.T) {
		// 100,000 real annotations take minutes to write one at a time; the limit counts ann_by_doc entries,
		// so fill those directly, then take them out again.
		fill := func(put bool) {
			boltUpdate(t, db, func(tx *bolt.Tx) error {
				b := tx.Bucket([]byte("ann_by_doc"))
				for i := range 100_000 {
					k := fmt.Appendf(nil, "%s/fake%06d", doc, i)
					if put {
						b.Put(k, nil)
					} else {
						b.Delete(k)
					}
				}
				return nil
			})
		}
		fill(true)
		code, _, errOut := run(t, db, "annotate", "--doc", doc, "--quote", word)
		fill(false)
		if code != 1 || !strings.Contains(errOut, "already has 1000") || !strings.Contains(errOut, "the most one document can hold") {
			t.Errorf("annotation 100,001: exit %d, %q", code, errOut)
		}
		annotate(t, db, doc, word) // and below the limit it works again
	})

	t.Run("10000-level tag tree", func(t *testing.T) { tenThousandLevels(t, db, doc, word) })
}

// deepChain writes n-1 more levels under parent straight into the closed library (creating them one
// at a time through the CLI would take minutes) and returns the tags' ids, parent first.
func deepChain(t *testing.T, db string, parent store.Tag, prefix string, n int) []string {
	t.Helper()
	ids := []string{parent.ID}
	boltUpdate(t, db, func(tx *bolt.Tx) error {
		for i := 1; i < n; i++ {
			tg := store.Tag{ID: fmt.Sprintf("%s-%05d", prefix, i), Name: fmt.Sprintf("%s%05d", prefix, i), Colour: parent.Colour,
				Parent: ids[i-1], Order: 1_000_000 + i}
			raw, _ := json.Marshal(tg)
			if err := tx.Bucket([]byte("tags")).Put([]byte(tg.ID), raw); err != nil {
				return err
			}
			ids = append(ids, tg.ID)
		}
		return nil
	})
	return ids
}

func tagsJSON(t *testing.T, db string, extra ...string) ([]tagJSON, int) {
	t.Helper()
	code, out, errOut := run(t, db, append([]string{"tags", "--json"}, extra...)...)
	var tags []tagJSON
	if err := json.Unmarshal([]byte(out), &tags); code != 0 || err != nil {
		t.Fatalf("tags --json: %d %v %s", code, err, errOut)
	}
	return tags, len(out)
}

func tagNamed(tags []tagJSON, name string) tagJSON {
	for _, tg := range tags {
		if tg.Name == name {
			return tg
		}
	}
	return tagJSON{}
}

// tenThousandLevels: a tree as deep as the store allows is created, listed (in output linear in the
// number of tags), filtered on, merged and deleted in, and `gloss check` passes throughout.
func tenThousandLevels(t *testing.T, db, doc, word string) {
	annotate(t, db, doc, word, "--tag", "deep00000")
	tags, _ := tagsJSON(t, db)
	root := tagNamed(tags, "deep00000")
	if root.ID == "" {
		t.Fatal("root tag missing")
	}
	ids := deepChain(t, db, store.Tag{ID: root.ID, Colour: root.Colour}, "deep", 10_000)

	// Created: the 10,000th level takes an annotation, a 10,001st level is refused.
	if id := annotate(t, db, doc, word, "--tag", "deep09999"); id == "" {
		t.Error("annotating with the 10,000th level failed")
	}
	code, _, errOut := run(t, db, "annotate", "--doc", doc, "--quote", word, "--tag", "deep09999/one-too-deep")
	if code != 1 || !strings.Contains(errOut, "deeper than 10000 levels") {
		t.Errorf("level 10,001: exit %d, %q", code, errOut)
	}

	// Listed: every tag once, with its depth; full paths only up to 1 KB, so the output stays linear (the
	// full paths of this tree alone are about 500 MB).
	start := time.Now()
	tags, size := tagsJSON(t, db)
	t.Logf("tags --json on a 10,000-level tree: %d tags, %d bytes (%d per tag) in %v", len(tags), size, size/len(tags), time.Since(start).Round(time.Millisecond))
	if len(tags) < 10_000 || size > 400*len(tags)+100*maxListedPath {
		t.Errorf("tags --json: %d tags in %d bytes, not linear", len(tags), size)
	}
	deepest, shallow := tagNamed(tags, "deep09999"), tagNamed(tags, "deep00050")
	if deepest.Depth != 10_000 || deepest.Path != "" || deepest.Count != 1 || deepest.Parent != ids[9998] {
		t.Errorf("deepest tag %+v", deepest)
	}
	if shallow.Depth != 51 || !strings.HasPrefix(shallow.Path, "deep00000/deep00001/") || !strings.HasSuffix(shallow.Path, "/deep00049/deep00050") {
		t.Errorf("tag 50 levels down: %+v", shallow)
	}
	code, out, _ := run(t, db, "tags")
	if code != 0 || !strings.Contains(out, "…/deep09999 (level 10000)") || len(out) > 200*len(tags)+100*maxListedPath {
		t.Errorf("tags: exit %d, %d bytes", code, len(out))
	}

	// Filtered on: the root's annotations include the deepest level's, whose path is given in full.
	code, out, errOut = run(t, db, "annotations", "--tag", "deep00000", "--json")
	var anns []annotationJSON
	json.Unmarshal([]byte(out), &anns)
	if code != 0 || len(anns) != 2 {
		t.Fatalf("annotations --tag deep00000: exit %d, %d annotations, %s", code, len(anns), errOut)
	}
	for _, a := range anns {
		if len(a.Tags) != 1 || !strings.HasPrefix(a.Tags[0], "deep00000") {
			t.Errorf("annotation tags %.100q", a.Tags)
		} else if strings.HasSuffix(a.Tags[0], "deep09999") && strings.Count(a.Tags[0], "/") != 9_999 {
			t.Errorf("the deepest path has %d levels", strings.Count(a.Tags[0], "/")+1)
		}
	}

	// Exported: Markdown and CSV carry the deepest tag's full path (other formats list every tag's path,
	// about 500 MB for this tree: they work, but are measured by hand, RELIABILITY.md).
	for _, format := range []string{"md", "csv"} {
		out := filepath.Join(t.TempDir(), "deep."+format)
		if code, _, errOut := run(t, db, "export", "--format", format, "--out", out); code != 0 {
			t.Fatalf("export %s: %s", format, errOut)
		}
		raw, _ := os.ReadFile(out)
		if !strings.Contains(string(raw), "deep09997/deep09998/deep09999") {
			t.Errorf("export %s: %d bytes without the deepest path", format, len(raw))
		}
	}

	// Merged: level 5,000 into the root; its children move under the root, so the tree is 5,000 levels
	// shallower and a new level fits under the deepest tag again.
	if code, out, errOut := run(t, db, "tag", "merge", "deep05000", "deep00000"); code != 0 {
		t.Fatalf("merge: %s %s", out, errOut)
	}
	tags, _ = tagsJSON(t, db)
	if d := tagNamed(tags, "deep09999").Depth; d != 5_000 || tagNamed(tags, "deep05000").ID != "" || tagNamed(tags, "deep05001").Parent != root.ID {
		t.Errorf("after the merge: deepest at level %d", d)
	}
	if id := annotate(t, db, doc, word, "--tag", "deep09999/one-more"); id == "" {
		t.Error("annotating one level further after the merge failed")
	}

	// Deleted: level 2 (its children move up one level) and the deepest tag (its annotation loses it; its
	// child moves up, back to level 5,000: root, levels 5,001 to 9,998, one-more).
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DeleteTag(ids[1]); err != nil {
		t.Error(err)
	}
	if n, err := s.DeleteTag(ids[9999]); n != 1 || err != nil {
		t.Errorf("deleting the deepest tag: %d annotations, %v", n, err)
	}
	if err := s.Check(); err != nil {
		t.Error(err)
	}
	s.Close()
	tags, _ = tagsJSON(t, db)
	if one := tagNamed(tags, "one-more"); one.Depth != 5_000 || tagNamed(tags, "deep00002").Parent != root.ID {
		t.Errorf("after deleting: %+v", one)
	}
	if code, out, errOut := run(t, db, "check"); code != 0 {
		t.Errorf("check: %s %s", out, errOut)
	}
}

// A path over 1 KB is left out of `gloss tags` unless asked for with --full-paths.
func TestTagsListLongPathsOnRequest(t *testing.T) {
	db := newDB(t)
	doc, word := seedDoc(t, db)
	annotate(t, db, doc, word, "--tag", "long00000")
	tags, _ := tagsJSON(t, db)
	root := tagNamed(tags, "long00000")
	deepChain(t, db, store.Tag{ID: root.ID, Colour: root.Colour}, "long", 150) // paths of 10 bytes a level
	want := strings.TrimSuffix(strings.Repeat("longNNNNN/", 150), "/")
	fill := func(p string) string {
		for i := range 150 {
			p = strings.Replace(p, "NNNNN", fmt.Sprintf("%05d", i), 1)
		}
		return p
	}
	tags, _ = tagsJSON(t, db)
	if got := tagNamed(tags, "long00149"); got.Path != "" || got.Depth != 150 {
		t.Errorf("a 1,499-byte path is listed: %+v", got)
	}
	if got := tagNamed(tags, "long00101"); got.Path != fill(want)[:1019] || got.Depth != 102 {
		t.Errorf("a 1,019-byte path is missing: %+v", got)
	}
	tags, _ = tagsJSON(t, db, "--full-paths")
	if got := tagNamed(tags, "long00149"); got.Path != fill(want) {
		t.Errorf("--full-paths: %+v", got)
	}
	if code, out, _ := run(t, db, "tags", "--full-paths"); code != 0 || !strings.Contains(out, fill(want)) {
		t.Errorf("tags --full-paths: exit %d", code)
	}
}
