package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gloss/store"
)

// run executes the CLI against db and returns exit code, stdout and stderr.
func run(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(append([]string{"--db", db}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

func newDB(t *testing.T) string {
	db := filepath.Join(t.TempDir(), "lib", "library.db")
	t.Cleanup(func() {
		if _, err := os.Stat(db); err != nil {
			return
		}
		if code, out, errOut := run(t, db, "check"); code != 0 {
			t.Errorf("gloss check after test: %d %s %s", code, out, errOut)
		}
	})
	return db
}

func listJSON(t *testing.T, db string) []listed {
	t.Helper()
	code, out, errOut := run(t, db, "list", "--json")
	if code != 0 {
		t.Fatalf("list: %d %s", code, errOut)
	}
	var docs []listed
	if err := json.Unmarshal([]byte(out), &docs); err != nil {
		t.Fatalf("list --json is not one JSON document: %v\n%s", err, out)
	}
	return docs
}

func TestListSeedsOnceWithFlagsAnywhere(t *testing.T) {
	db := newDB(t)
	docs := listJSON(t, db)
	if len(docs) != 5 {
		t.Fatalf("want the 5 seed articles, got %d", len(docs))
	}
	for _, d := range docs {
		if d.ID == "" || d.Title == "" || d.Words == 0 || d.Version != 1 || d.Format != "txt" {
			t.Errorf("incomplete entry %+v", d)
		}
		if strings.HasPrefix(strings.TrimSpace(d.Title), "date ") {
			t.Errorf("metadata line used as title: %q", d.Title)
		}
	}
	// --json before the subcommand, --db after it: same answer, no second seeding.
	var out, errOut bytes.Buffer
	if code := Run([]string{"--json", "list", "--db", db}, &out, &errOut); code != 0 {
		t.Fatalf("flags around the subcommand: %d %s", code, errOut.String())
	}
	var again []listed
	if err := json.Unmarshal(out.Bytes(), &again); err != nil || len(again) != 5 {
		t.Fatalf("second list: %v, %d docs", err, len(again))
	}
	// GLOSS_DB is honoured when --db is absent.
	t.Setenv("GLOSS_DB", db)
	out.Reset()
	if code := Run([]string{"list", "--json"}, &out, &errOut); code != 0 || !strings.Contains(out.String(), docs[0].ID) {
		t.Fatalf("GLOSS_DB not used: %d %s", code, errOut.String())
	}
}

func TestImportShowAndDuplicates(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	txt := filepath.Join(dir, "wire.txt")
	os.WriteFile(txt, []byte("Storm hits coast\r\n\r\nThe storm 🌊 made landfall at dawn. Cafe\u0301 owners fled.\r\n"), 0o644)
	md := filepath.Join(dir, "notes.md")
	os.WriteFile(md, []byte("# Council vote\n\nThe council *approved* the plan <script>alert(1)</script> &amp; more.\n"), 0o644)

	code, out, errOut := run(t, db, "import", "--json", txt, md)
	if code != 0 {
		t.Fatalf("import: %d %s", code, errOut)
	}
	var results []importResult
	if err := json.Unmarshal([]byte(out), &results); err != nil || len(results) != 2 {
		t.Fatalf("import --json: %v %s", err, out)
	}
	for _, r := range results {
		if r.Status != "imported" || r.ID == "" {
			t.Fatalf("not imported: %+v", r)
		}
	}
	if results[0].Title != "Storm hits coast" || results[1].Title != "Council vote" {
		t.Errorf("titles: %q, %q", results[0].Title, results[1].Title)
	}
	if n := len(listJSON(t, db)); n != 7 {
		t.Errorf("want 5 seeds + 2 imports, got %d", n)
	}

	// show --json gives the canonical text: the .txt exactly as the file (CRLF kept), the .md as rendered text.
	code, out, _ = run(t, db, "show", "--json", results[0].ID)
	var shown struct {
		Title string `json:"title"`
		Text  string `json:"text"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &shown) != nil {
		t.Fatalf("show: %d %s", code, out)
	}
	if shown.Text != "Storm hits coast\r\n\r\nThe storm 🌊 made landfall at dawn. Cafe\u0301 owners fled.\r\n" {
		t.Errorf("txt canonical text changed: %q", shown.Text)
	}
	run(t, db, "show", results[1].ID, "--json") // flag after the id
	_, out, _ = run(t, db, "show", "--json", results[1].ID)
	json.Unmarshal([]byte(out), &shown)
	if strings.Contains(shown.Text, "script") || strings.Contains(shown.Text, "*") || !strings.Contains(shown.Text, "approved the plan") || !strings.Contains(shown.Text, "& more") {
		t.Errorf("md canonical text: %q", shown.Text)
	}

	// The same bytes again: reported as duplicate, not imported twice, exit 0.
	code, out, errOut = run(t, db, "import", txt)
	if code != 0 || out != "" || !strings.Contains(errOut, "already in the library") {
		t.Errorf("duplicate import: %d %q %q", code, out, errOut)
	}
	if n := len(listJSON(t, db)); n != 7 {
		t.Errorf("duplicate was stored: %d docs", n)
	}
}

func TestImportBadFilesKeepsLibrary(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	bad := map[string][]byte{
		"empty.txt":  {},
		"binary.txt": {0x7f, 'E', 'L', 'F', 0, 0, 1},
		"latin1.txt": []byte("caf\xe9"),
		"doc.rtf":    []byte("{\\rtf1 hi}"),
	}
	var paths []string
	for name, data := range bad {
		p := filepath.Join(dir, name)
		os.WriteFile(p, data, 0o644)
		paths = append(paths, p)
	}
	good := filepath.Join(dir, "good.txt")
	os.WriteFile(good, []byte("A fine headline\n\nBody text."), 0o644)
	paths = append(paths, good, filepath.Join(dir, "missing.txt"))

	code, _, errOut := run(t, db, append([]string{"import"}, paths...)...)
	if code != 1 {
		t.Errorf("exit %d, want 1 when some files fail", code)
	}
	for _, name := range []string{"empty.txt", "binary.txt", "latin1.txt", "doc.rtf", "missing.txt"} {
		if !strings.Contains(errOut, name) {
			t.Errorf("no message naming %s in:\n%s", name, errOut)
		}
	}
	if n := len(listJSON(t, db)); n != 6 {
		t.Errorf("want 5 seeds + the good file, got %d", n)
	}
}

func TestErrorsAndUsage(t *testing.T) {
	db := newDB(t)
	if code, _, errOut := run(t, db, "frobnicate"); code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Errorf("unknown command: %d %q", code, errOut)
	}
	if code, _, errOut := run(t, db, "show", "--json", "no-such-id"); code != 1 || !strings.Contains(errOut, "no-such-id") {
		t.Errorf("unknown id: %d %q", code, errOut)
	}
	if code, _, errOut := run(t, db, "import"); code != 2 || !strings.Contains(errOut, "usage") {
		t.Errorf("import without files: %d %q", code, errOut)
	}
	if code, out, _ := run(t, db, "version"); code != 0 || !strings.HasPrefix(out, "gloss ") {
		t.Errorf("version: %d %q", code, out)
	}
	if code, out, _ := run(t, db, "help"); code != 0 || !strings.Contains(out, "import") {
		t.Errorf("help: %d %q", code, out)
	}
}

func TestCorruptDatabaseIsNamedAndKept(t *testing.T) {
	db := filepath.Join(t.TempDir(), "library.db")
	junk := bytes.Repeat([]byte("not a database "), 2000)
	os.WriteFile(db, junk, 0o600)
	code, _, errOut := run(t, db, "list")
	if code != 1 || !strings.Contains(errOut, db) {
		t.Errorf("corrupt db: %d %q", code, errOut)
	}
	if got, _ := os.ReadFile(db); !bytes.Equal(got, junk) {
		t.Error("the corrupt file was modified")
	}
}

func TestLockedDatabaseAnswersQuickly(t *testing.T) {
	db := newDB(t)
	listJSON(t, db) // create and seed
	held, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	code, _, errOut := run(t, db, "list")
	held.Close()
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("waited %v on the lock", took)
	}
	if code != 1 || !strings.Contains(errOut, "open in another Gloss process") || !strings.Contains(errOut, db) {
		t.Errorf("locked: %d %q", code, errOut)
	}
}

func TestBackupIsAUsableLibrary(t *testing.T) {
	db := newDB(t)
	want := listJSON(t, db)
	out := filepath.Join(t.TempDir(), "copy.db")
	if code, _, errOut := run(t, db, "backup", "--out", out); code != 0 {
		t.Fatalf("backup: %s", errOut)
	}
	got := listJSON(t, out)
	if len(got) != len(want) || got[0].ID != want[0].ID {
		t.Errorf("backup differs: %d vs %d docs", len(got), len(want))
	}
	if code, _, _ := run(t, db, "backup"); code != 2 {
		t.Error("backup without --out should be a usage error")
	}
}

func TestIsWindow(t *testing.T) {
	for _, c := range []struct {
		args   []string
		window bool
	}{
		{nil, true},
		{[]string{"--db", "x.db"}, true},
		{[]string{"-devserver", "127.0.0.1:1234", "-assetdir", "frontend/dist"}, true},
		{[]string{"list"}, false},
		{[]string{"--json", "list"}, false},
		{[]string{"--db"}, false},
	} {
		if got := IsWindow(c.args); got != c.window {
			t.Errorf("IsWindow(%q) = %v", c.args, got)
		}
	}
}

func TestAnnotateTagsRenameMerge(t *testing.T) {
	db := newDB(t)
	docs := listJSON(t, db)
	var doc string
	for _, d := range docs {
		if strings.HasPrefix(d.Title, "Kamala Ran") {
			doc = d.ID
		}
	}
	// the second "Back on Track" of the article, with a new nested tag and a note
	code, out, errOut := run(t, db, "annotate", "--doc", doc, "--quote", "Back on Track", "--occurrence", "2",
		"--tag", "Program/Name", "--tag", "Claim", "--note", "named twice", "--json")
	if code != 0 {
		t.Fatalf("annotate: %d %s", code, errOut)
	}
	var a annotationJSON
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("annotate --json: %v %s", err, out)
	}
	code, out, _ = run(t, db, "show", "--json", doc)
	var shown struct{ Text string }
	json.Unmarshal([]byte(out), &shown)
	runes := []rune(shown.Text)
	if string(runes[a.Start:a.End]) != "Back on Track" || a.Exact != "Back on Track" {
		t.Errorf("selector [%d,%d) = %q", a.Start, a.End, string(runes[a.Start:a.End]))
	}
	if first := strings.Index(shown.Text, "Back on Track"); len([]rune(shown.Text[:first])) >= a.Start {
		t.Errorf("occurrence 2 should come after the first at %d, got %d", first, a.Start)
	}
	if want := string(runes[max(0, a.Start-32):a.Start]); a.Prefix != want {
		t.Errorf("prefix %q, want %q", a.Prefix, want)
	}
	if strings.Join(a.Tags, ",") != "Program/Name,Claim" || a.Note != "named twice" || a.Author == "" {
		t.Errorf("annotation %+v", a)
	}
	if code, _, errOut := run(t, db, "annotate", "--doc", doc, "--quote", "words that are not there"); code != 1 || !strings.Contains(errOut, "not found") {
		t.Errorf("missing quote: %d %q", code, errOut)
	}
	run(t, db, "annotate", "--doc", doc, "--quote", "skull fracture", "--tag", "Claims")

	// rename and merge by name; counts follow
	if code, _, errOut := run(t, db, "tag", "rename", "Program/Name", "Programme name"); code != 0 {
		t.Fatalf("rename: %s", errOut)
	}
	if code, _, errOut := run(t, db, "tag", "merge", "Claims", "Claim"); code != 0 {
		t.Fatalf("merge: %s", errOut)
	}
	code, out, _ = run(t, db, "tags", "--json")
	var tags []tagJSON
	json.Unmarshal([]byte(out), &tags)
	counts := map[string]int{}
	for _, tg := range tags {
		counts[tg.Path] = tg.Count
	}
	if counts["Program/Programme name"] != 1 || counts["Claim"] != 2 || len(tags) != 3 {
		t.Errorf("tags after rename and merge: %v", counts)
	}
	code, out, _ = run(t, db, "annotations", "--tag", "Claim", "--json")
	var anns []annotationJSON
	json.Unmarshal([]byte(out), &anns)
	if code != 0 || len(anns) != 2 {
		t.Errorf("annotations --tag Claim: %d %s", code, out)
	}
	code, out, _ = run(t, db, "annotations", "--tag", "Claim", "--author", "nobody", "--json")
	if code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("annotations --author nobody: %d %s", code, out)
	}
	if anns[0].Author == "" {
		t.Fatal("the annotations have no author to filter by")
	}
	code, out, _ = run(t, db, "annotations", "--tag", "Claim", "--author", anns[0].Author, "--json")
	if json.Unmarshal([]byte(out), &anns) != nil || code != 0 || len(anns) != 2 {
		t.Errorf("annotations --author %q: %d %s", anns[0].Author, code, out)
	}
	if code, _, _ := run(t, db, "annotations", "--tag", "Nope"); code != 1 {
		t.Error("unknown tag should fail")
	}
	// the library list counts annotations
	for _, d := range listJSON(t, db) {
		if d.ID == doc && d.Annotations != 2 {
			t.Errorf("list shows %d annotations", d.Annotations)
		}
	}
}

func TestImportNewVersionOf(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	v1 := filepath.Join(dir, "story.txt")
	os.WriteFile(v1, []byte("Harbour plan approved\n\nThe council approved the harbour plan on Monday. Critics said the costs were hidden.\n"), 0o644)
	_, out, _ := run(t, db, "import", v1)
	id := strings.TrimSpace(out)
	run(t, db, "annotate", "--doc", id, "--quote", "the costs were hidden")
	v2 := filepath.Join(dir, "story-corrected.txt")
	os.WriteFile(v2, []byte("Harbour plan approved\n\nThe council approved the harbour plan on Tuesday. Critics said the costs were hidden.\n"), 0o644)
	if code, _, errOut := run(t, db, "import", "--new-version-of", id, v2); code != 0 {
		t.Fatalf("import --new-version-of: %d %s", code, errOut)
	}
	_, out, _ = run(t, db, "annotations", "--doc", id, "--json")
	var anns []annotationJSON
	json.Unmarshal([]byte(out), &anns)
	if len(anns) != 1 || anns[0].Anchor.Version != 2 || anns[0].Anchor.Status != "exact" || anns[0].Exact != "the costs were hidden" {
		t.Errorf("after the new version: %+v", anns)
	}
}

func TestDeletedSeedStaysDeleted(t *testing.T) {
	db := newDB(t)
	docs := listJSON(t, db)
	if code, _, errOut := run(t, db, "delete", docs[0].ID); code != 0 {
		t.Fatalf("delete: %s", errOut)
	}
	// reopening seeds again, but never the deleted one
	if after := listJSON(t, db); len(after) != 4 {
		t.Errorf("after deleting a seed and reopening: %d documents", len(after))
	}
	if code, _, _ := run(t, db, "delete", "nope"); code != 1 {
		t.Error("deleting an unknown id should fail")
	}
}
