package export_test

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"gloss/anchor"
	"gloss/anchor/anchorstore"
	"gloss/corpus"
	"gloss/ingest"
	"gloss/store"
)

// -update rewrites testdata/export/*.golden. The flag may already be defined by another test file of
// this package's test binary; then that one is used.
var _ = func() bool {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files in testdata")
	}
	return true
}()

func updatingGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// exportFixture is a library with the five seed articles, a small tag tree and a dozen annotations by
// two authors whose notes carry emoji, quotes, Markdown, a <script> and a spreadsheet formula.
type exportFixture struct {
	s    *store.Store
	docs []store.Document // the seeds, in import order
	tags map[string]store.Tag
	anns []store.Annotation
}

const (
	authorAda = "Ada Reporter"
	authorBo  = "Bo Checker"
)

// hostileNote must come out of every HTML export inert.
const hostileNote = "Check **this**: <script>alert('x')</script> `<b>code</b>` and [click](javascript:alert(1)) <img src=x onerror=alert(2)>"

func newExportFixture(t testing.TB) *exportFixture {
	t.Helper()
	s, err := anchorstore.Open(filepath.Join(t.TempDir(), "library.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Check(); err != nil {
			t.Errorf("store check: %v", err)
		}
		s.Close()
	})
	if _, err := ingest.Seed(s, corpus.Files()); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAuthor(authorAda); err != nil {
		t.Fatal(err)
	}
	f := &exportFixture{s: s, tags: map[string]store.Tag{}}
	if f.docs, err = s.Documents(); err != nil || len(f.docs) != 5 {
		t.Fatalf("seeds: %d documents, %v", len(f.docs), err)
	}
	for _, nt := range []struct{ path, parent, colour, description string }{
		{"Claims", "", "#E69F00", "Statements to verify"},
		{"Claims/Disputed", "Claims", "#d55e00", ""},
		{"Claims/Verified", "Claims", "#009e73", "Checked against a primary source"},
		{"Économie locale", "", "#0072b2", "Local economy & jobs"},
		{"Économie locale/Emplois aidés", "Économie locale", "#56b4e9", ""},
		{"Tone <b onmouseover=alert(1)>", "", "#cc79a7", "Loaded words"},
		{"Unused", "", "#999999", ""},
	} {
		name := nt.path[len(nt.parent):]
		if nt.parent != "" {
			name = name[1:]
		}
		tag, err := s.CreateTag(store.NewTag{Name: name, Parent: f.tags[nt.parent].ID, Colour: nt.colour, Description: nt.description})
		if err != nil {
			t.Fatalf("tag %s: %v", nt.path, err)
		}
		f.tags[nt.path] = tag
	}
	tone := "Tone <b onmouseover=alert(1)>"
	for _, a := range []struct {
		doc    int
		quote  string
		tags   []string
		note   string
		author string
	}{
		{0, "Kamala Harris ran a program that helped illegal immigrants arrested for drug crimes avoid deportation", []string{"Claims/Disputed"}, "🔥 Central claim — compare with the LA Times 2009 piece.", authorAda},
		{0, "obviously is a huge kind of pimple on the face of this program", []string{tone}, `He said "pimple" — quoting 'as it relates'`, authorBo},
		{0, "from 2004 to 2011", []string{"Claims/Verified", "Économie locale"}, "", authorAda},
		{1, "according to a 2009 article from the LA Times", []string{"Claims/Verified"}, hostileNote, authorBo},
		{1, "training them for jobs they could not legally have", []string{"Économie locale/Emplois aidés", "Claims"}, `=HYPERLINK("http://example.com/x","click")`, authorAda},
		{1, "Amanda Kiefer", nil, "Victim named; check consent.\n\nSecond paragraph, with a comma, and \"quotes\".", authorAda},
		{2, "Four months later, the illegal alien robbed a 29-year-old woman", []string{"Claims/Disputed"}, "**Timeline** check:\n\n- 2008 plea\n- 2009 assault", authorBo},
		{2, "Back on Track", []string{"Économie locale/Emplois aidés"}, "", authorAda},
		{3, "A trove of e-mails released Wednesday", []string{"Claims/Verified"}, "Primary source 📧", authorBo},
		{3, "sanctuary cities", []string{tone}, "", authorAda},
		{4, "28% of those targeted for deportation in California as a result were not criminals", []string{"Claims/Verified", "Claims"}, "Number from the AG's review (March–June).", authorAda},
		{4, "Secure Communities has not held up to what it aspired to be", []string{tone}, "Quote 'verbatim'", authorBo},
	} {
		d := f.docs[a.doc]
		v, err := s.Version(d.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		start, end, ok := anchor.FindQuote(v.Text, a.quote, 1)
		if !ok {
			t.Fatalf("quote not in seed %d: %q", a.doc, a.quote)
		}
		var ids []string
		for _, path := range a.tags {
			ids = append(ids, f.tags[path].ID)
		}
		ann, err := s.CreateAnnotation(store.NewAnnotation{DocID: d.ID, Start: start, End: end, Tags: ids, Note: a.note, Author: a.author})
		if err != nil {
			t.Fatal(err)
		}
		f.anns = append(f.anns, ann)
	}
	if _, err := s.SaveNote(store.Note{DocID: f.docs[0].ID, Title: "Memo", Body: "Headline USA republishes **Daily Caller** text; see [LA Times](https://www.latimes.com/)."}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveNote(store.Note{Title: "Method", Body: "Coding scheme v1: claims vs. tone.\nEmoji ok ✅ <script>x</script>"}); err != nil {
		t.Fatal(err)
	}
	return f
}

var (
	uuidPattern = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)
	timePattern = regexp.MustCompile(`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z`)
	// humanTimePattern: the times the evidence pack and Markdown show people ("2 Dec 2026 14:03 UTC").
	humanTimePattern = regexp.MustCompile(`\b\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2} UTC`)
)

// normalizeExport replaces generated ids and clock times with placeholders numbered in order of first
// appearance, so golden files compare the shape, not the run.
func normalizeExport(s string) string {
	ids := map[string]string{}
	s = uuidPattern.ReplaceAllStringFunc(s, func(id string) string {
		if _, ok := ids[id]; !ok {
			ids[id] = "<id-" + strconv.Itoa(len(ids)+1) + ">"
		}
		return ids[id]
	})
	return humanTimePattern.ReplaceAllString(timePattern.ReplaceAllString(s, "<time>"), "<time>")
}

// checkGolden compares got (normalized) with testdata/export/name.golden, rewriting it with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	got = normalizeExport(got)
	path := filepath.Join("testdata", "export", name+".golden")
	if updatingGolden() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run `go test ./exchange -run Export -update` to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from %s (rerun with -update after checking the change):\n%s", name, path, firstDifference(string(want), got))
	}
}

func firstDifference(want, got string) string {
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	from := max(0, i-200)
	return "want …" + want[from:min(len(want), i+200)] + "…\n got …" + got[from:min(len(got), i+200)] + "…"
}
