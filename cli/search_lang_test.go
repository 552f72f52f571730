package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/search"
)

// The report's articles, imported as files: Chinese, German and Arabic words a reader would type find
// them through `gloss search`, with hits quoting the text exactly.
func TestSearchLanguagesEndToEnd(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	files := map[string]string{
		"beijing.txt": "北京空气质量\n\n北京市环境监测中心今天发布报告，称今年以来空气污染明显减轻。专家表示，减少燃煤和控制机动车排放是主要原因。",
		"mieten.txt":  "Mieten in der Großstadt\n\nDie Mieten in deutschen Großstädten steigen weiter. Viele Häuser sind alt, und in manchen Gebäuden fehlt eine Heizung. Wer eine Wohnung sucht, zahlt oft die Hälfte seines Einkommens für die Miete.",
		"water.txt":   "المياه\n\nأعلنت وزارة المياه يوم الثلاثاء عن خطة جديدة لتحسين شبكات التوزيع في المدن الكبرى. وقال مسؤول في الوزارة إن المشروع سيستغرق ثلاث سنوات، وأكدت والوزارة أنها ستعمل مع البلديات لتقليل الهدر.",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if code, out, errOut := run(t, db, "import", dir); code != 0 {
		t.Fatalf("import: %d %s %s", code, out, errOut)
	}
	for _, c := range []struct {
		q, file string
		hits    int
	}{
		// 北京空气质量, the first line, is the headline: its 空气 and 北京 are title hits
		{"空气", "beijing.txt", 1}, {"北京", "beijing.txt", 1}, {"污染", "beijing.txt", 1}, {"监测", "beijing.txt", 1},
		{"Haus", "mieten.txt", 1}, {"Miete", "mieten.txt", 2}, {"Großstadt", "mieten.txt", 1},
		{"Hauser", "mieten.txt", 1}, {"haeuser", "mieten.txt", 1}, {"Gebaude", "mieten.txt", 1},
		{"grossstädten", "mieten.txt", 1},
		{"مياه", "water.txt", 1}, {"وزارة", "water.txt", 3},
	} {
		code, out, errOut := run(t, db, "search", "--json", c.q)
		if code != 0 {
			t.Fatalf("search %s: %d %s", c.q, code, errOut)
		}
		var res search.Results
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatal(err)
		}
		if len(res.Docs) != 1 || res.Docs[0].Source != c.file {
			t.Errorf("%s: %d documents (%+v), want %q", c.q, len(res.Docs), res.Docs, c.file)
			continue
		}
		body := 0
		for _, h := range res.Docs[0].Hits {
			if h.In == "body" {
				body++
				if !strings.Contains(files[c.file], strings.Trim(h.Snippet, "…")) {
					t.Errorf("%s: snippet %q is not the text's", c.q, h.Snippet)
				}
			}
		}
		if body != c.hits {
			t.Errorf("%s: %d body hits, want %d", c.q, body, c.hits)
		}
	}
	_, out, _ := run(t, db, "search", "--json", "空气")
	var zh search.Results
	if json.Unmarshal([]byte(out), &zh); len(zh.Docs) != 1 || zh.Docs[0].Title != "北京空气质量" || len(zh.Docs[0].Hits) == 0 || zh.Docs[0].Hits[0].In != "title" {
		t.Errorf("空气: the headline is not the title hit: %+v", zh.Docs)
	}
	// The plain output: one line per hit, the paragraph break shown, a hint when nothing is found.
	code, out, _ := run(t, db, "search", "Mieten")
	if code != 0 || !strings.Contains(out, "Mieten") || strings.Count(out, "\n") != 1+3 { // the document, its title hit, two body hits
		t.Errorf("plain output: %d %q", code, out)
	}
	code, _, errOut := run(t, db, "search", "Fahrrad")
	if code != 0 || !strings.Contains(errOut, "Nothing found") {
		t.Errorf("no hint: %d %q", code, errOut)
	}
	// The language was recorded at import.
	for _, q := range []string{"空气", "Miete", "وزارة"} {
		_, out, _ := run(t, db, "search", "--json", q)
		var res search.Results
		json.Unmarshal([]byte(out), &res)
		_, shown, _ := run(t, db, "show", "--json", res.Docs[0].DocID)
		want := map[string]string{"空气": "zh", "Miete": "de", "وزارة": "ar"}[q]
		if !strings.Contains(shown, `"language": "`+want+`"`) && !strings.Contains(shown, `"language":"`+want+`"`) {
			t.Errorf("%s: show has no language %s", q, want)
		}
	}
}
