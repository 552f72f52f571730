package export_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"gloss/export"
	"gloss/store"
	"gloss/storetest"
)

// TestMarkdownRightToLeftAndCJK: an Arabic quote, title and outlet are wrapped in first-strong isolates
// (U+2068 … U+2069) so that a Markdown reader lays them out right to left and the citation's dots and
// date keep their places; English text gets none. A Chinese quote hard-wrapped in its text is joined
// without a space (a soft break reads as one), its title likewise, and a note per annotation is named by
// the quote's first characters, not by the whole quote as one "word".
func TestMarkdownRightToLeftAndCJK(t *testing.T) {
	s := storetest.Open(t)
	add := func(title, source, text, quote string) store.Document {
		t.Helper()
		d, err := s.AddDocument(store.NewDocument{Title: title, Source: source, Date: "2026-12-01", Format: "txt", Text: text})
		if err != nil {
			t.Fatal(err)
		}
		at := strings.Index(text, quote)
		if at < 0 {
			t.Fatalf("%q not in the text", quote)
		}
		start := utf8.RuneCountInString(text[:at])
		if _, err := s.CreateAnnotation(store.NewAnnotation{DocID: d.ID, Start: start, End: start + utf8.RuneCountInString(quote)}); err != nil {
			t.Fatal(err)
		}
		return d
	}
	add("تلوث الهواء في العاصمة", "الأخبار", "تلوث الهواء\n\nقالت وزارة البيئة إن التلوث ارتفع. وطالبت السكان بالبقاء في منازلهم.",
		"قالت وزارة البيئة إن التلوث ارتفع.")
	add("北京空气\n污染监测", "新华社", "北京空气污染监测\n\n北京市环境监测\n中心周日表示，空气质量明显下降。\n\n第二段。",
		"北京市环境监测\n中心周日表示，空气质量明显下降。\n\n第二段。")
	add("Council passes budget", "Daily Example", "Council passes budget\n\nThe mayor said the vote was final.", "The mayor said the vote was final.")

	out := exportString(t, s, "md", export.ExportOptions{})
	for _, want := range []string{
		"\n## \u2068تلوث الهواء في العاصمة\u2069\n",
		"- Outlet: \u2068الأخبار\u2069\n",
		"\n> \u2068قالت وزارة البيئة إن التلوث ارتفع.\u2069\n",
		"> — \u2068تلوث الهواء في العاصمة\u2069 · \u2068الأخبار\u2069 · 2026-12-01 ^gloss-",
		"\n## 北京空气污染监测\n",                          // the title's line break: no space
		"\n> 北京市环境监测中心周日表示，空气质量明显下降。\n>\n> 第二段。\n", // the wrapped line joined, the paragraph kept
		"\n## Council passes budget\n",
		"\n> The mayor said the vote was final.\n",
		"> — Council passes budget · Daily Example · 2026-12-01 ^gloss-",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the export lacks %q:\n%s", want, out)
		}
	}
	// Isolates only around right-to-left text, each one closed on its line.
	for _, line := range strings.Split(out, "\n") {
		if strings.Count(line, "\u2068") != strings.Count(line, "\u2069") {
			t.Errorf("unbalanced isolates: %q", line)
		}
		if strings.Contains(line, "\u2068") && !strings.ContainsAny(line, "ابتثجحخدذرزسشصضطظعغفقكلمنهوي") {
			t.Errorf("an isolate around text with no right-to-left letter: %q", line)
		}
	}

	dir := t.TempDir()
	if err := export.ExportToPath(s, "md", dir, export.ExportOptions{PerAnnotation: true}); err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	var found bool
	for _, n := range names {
		base := filepath.Base(n)
		if strings.HasPrefix(base, "北京空气污染监测 — ") {
			found = true
			if want := "北京空气污染监测 — 北京市环境监测中心周日表示，空气质量明显….md"; base != want {
				t.Errorf("the Chinese quote's note is named %q, want %q", base, want)
			}
		}
	}
	if !found {
		t.Errorf("no note for the Chinese quote: %v", names)
	}
	data, err := os.ReadFile(filepath.Join(dir, "Council passes budget — The mayor said the vote was final..md"))
	if err != nil || !strings.Contains(string(data), "\n> The mayor said the vote was final.\n") {
		t.Errorf("English note (%v):\n%s", err, data)
	}
}
