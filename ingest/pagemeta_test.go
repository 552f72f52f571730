package ingest

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/store"
)

var updateMeta = flag.Bool("update-meta", false, "rewrite testdata/meta/*.golden.json")

// metaGolden is what an import keeps of a page or a Markdown file: the document's fields and its Meta.
type metaGolden struct {
	Title  string     `json:"title"`
	Date   string     `json:"date"`
	Source string     `json:"source"`
	URL    string     `json:"url"`
	Meta   store.Meta `json:"meta"`
	Text   string     `json:"text"`
}

// TestMetaGolden reads every testdata/meta/*.html and *.md as an import does and compares its metadata and
// text with *.golden.json (go test ./ingest -run MetaGolden -update-meta rewrites them; read the diff).
func TestMetaGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "meta", "*"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range files {
		if ext := filepath.Ext(f); ext != ".html" && ext != ".md" {
			continue
		}
		n++
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := ReadBytes(filepath.Base(f), data)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(metaGolden{doc.Title, doc.Date, doc.Source, doc.URL, doc.Meta, doc.Text}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden := strings.TrimSuffix(f, filepath.Ext(f)) + ".golden.json"
			if *updateMeta {
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err, "(run with -update-meta)")
			}
			if strings.TrimSpace(string(want)) != string(got) {
				t.Errorf("%s differs from %s:\n%s", f, golden, got)
			}
		})
	}
	if n < 8 {
		t.Fatalf("only %d metadata fixtures found", n)
	}
}

// The cases the issue reported, spelled out beside the golden files so that a careless -update-meta cannot
// bless a regression of them.
func TestMetaReported(t *testing.T) {
	read := func(name string) store.NewDocument {
		t.Helper()
		data, err := os.ReadFile(filepath.Join("testdata", "meta", name))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := ReadBytes(name, data)
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	if d := read("jsonld-newsarticle.html"); d.Date != "2024-03-07" || d.Source != "The Harbour Times" ||
		strings.Join(d.Meta.Authors, "|") != "Jane Doe|John Roe" || d.Meta.Modified != "2024-03-08" {
		t.Errorf("JSON-LD NewsArticle: %+v %+v", d, d.Meta)
	}
	if d := read("jsonld-graph.html"); d.Date != "2023-10-08" || d.Source != "Hessische Zeitung" ||
		strings.Join(d.Meta.Authors, "|") != "Erika Mustermann" || d.Meta.Section != "Politik" || d.Meta.Language != "de-DE" {
		t.Errorf("JSON-LD @graph: %+v %+v", d, d.Meta)
	}
	d := read("claimreview.html")
	if len(d.Meta.Claims) != 2 || d.Meta.Claims[0] != (store.Claim{Claim: "The moon is made of cheese", Rating: "False",
		Author: "Wallace", Appeared: "https://social.example/wallace/123", ClaimDate: "2020-05-28"}) ||
		d.Meta.Claims[1].Rating != "2/5" || d.Meta.Claims[1].Author != "Gromit" {
		t.Errorf("ClaimReview: %+v", d.Meta.Claims)
	}
	if !strings.Contains(d.Text, "Rating: False") || !strings.Contains(d.Text, "Claim: The moon is made of cheese.") {
		t.Errorf("the verdict box is lost from the text:\n%s", d.Text)
	}
	if d := read("claimreview-meter.html"); !strings.Contains(d.Text, "Pants on Fire\n\nstated on August 1") ||
		len(d.Meta.Claims) != 1 || d.Meta.Claims[0].Author != "Sen. Jo Smith" {
		t.Errorf("a verdict shown as an image is lost: %q %+v", d.Text, d.Meta.Claims)
	}
	if d := read("claimreview-aside.html"); !strings.HasPrefix(d.Text, "Affirmation La tour Eiffel a été vendue à un milliardaire\n\nVerdict Faux") {
		t.Errorf("the verdict box dropped by the extractor is not put back: %q", d.Text)
	}
	if d := read("jsonld-variants.html"); d.Date != "2021-03-04" || d.Source != "Jornal da Cidade" || d.Meta.Language != "pt-BR" ||
		strings.Join(d.Meta.Authors, "|") != "Ana Souza|Bruno Lima" || d.Meta.Modified != "2021-03-04" {
		t.Errorf("JSON-LD variants (broken block, type URL, string author, zero date): %+v %+v", d, d.Meta)
	}
	if d := read("frontmatter-authors.md"); strings.Join(d.Meta.Authors, "|") != "Ada Lovelace|Charles Babbage" || d.Source != "The Analyst" {
		t.Errorf("front matter authors: %+v %+v", d, d.Meta)
	}
}

func TestAppendNames(t *testing.T) {
	for in, want := range map[string]string{
		"By Jane Doe and John Roe":       "Jane Doe|John Roe",
		"Ana Souza e Bruno Lima":         "Ana Souza|Bruno Lima",
		"Ирина Соколова и Пётр Иванов":   "Ирина Соколова|Пётр Иванов",
		"Marie Curie; Pierre Martin":     "Marie Curie|Pierre Martin",
		"A, B & C":                       "A|B|C",
		"admin":                          "",
		"Andrea Iannone":                 "Andrea Iannone",
		"Reuters staff, reuters staff":   "Reuters staff",
		"Por Ana García":                 "Ana García",
		"https://example.com/staff/jane": "",
	} {
		if got := strings.Join(appendNames(nil, in), "|"); got != want {
			t.Errorf("appendNames(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"en_US": "en-US", "EN-gb": "en-GB", "de-DE,en": "de-DE", "zh-hant-tw": "zh-Hant-TW", "x": "", "12": ""} {
		if got := languageTag(in); got != want {
			t.Errorf("languageTag(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"0001-01-01T00:00:00Z": "", "2019-11-19T10:00:00.000Z": "2019-11-19",
		"2019-11-19T23:30:00-05:00": "2019-11-19", "November 19, 2019": "2019-11-19", "19 Nov 2019": "2019-11-19", "soon": ""} {
		if got := pageDate(in); got != want {
			t.Errorf("pageDate(%q) = %q, want %q", in, got, want)
		}
	}
}
