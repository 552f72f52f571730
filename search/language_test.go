package search

import (
	"math/rand"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"gloss/store"
)

// Analysis cases written for each language: words that must meet (one term) and words that must not.
func TestAnalysersPerLanguage(t *testing.T) {
	cases := []struct {
		lang     string
		same     [][]string // each group analyses to one term
		distinct []string   // these all differ
	}{
		{"en", [][]string{{"council", "councils", "Council", "ＣＯＵＮＣＩＬ"}, {"city", "cities"}, {"café", "cafe", "cafe\u0301", "CAFÉ"}},
			[]string{"news", "new", "was", "festival", "festive", "his"}},
		{"de", [][]string{{"Haus", "Häuser", "Hauser", "haeuser"}, {"Gebäude", "Gebaude"}, {"Miete", "Mieten"},
			{"Großstadt", "Großstädten", "grossstädten", "Grossstadt"}, {"Straße", "Strasse"}},
			[]string{"haus", "hose", "miete", "mitte"}},
		{"fr", [][]string{{"élève", "eleve", "élèves"}, {"maison", "maisons"}, {"été", "ete"}}, []string{"maison", "mais"}},
		{"es", [][]string{{"canción", "cancion", "canciones"}, {"ciudad", "ciudades"}}, nil},
		{"it", [][]string{{"città", "citta"}, {"governo", "governi"}}, nil},
		{"nl", [][]string{{"woning", "woningen"}, {"huizen", "huizen"}}, nil},
		{"pt", [][]string{{"saúde", "saude"}, {"cidade", "cidades"}}, nil},
		{"ru", [][]string{{"город", "города", "городов"}, {"ёлка", "елка"}}, []string{"город", "народ"}},
		{"ar", [][]string{{"مياه", "المياه", "والمياه"}, {"وزارة", "الوزارة", "والوزارة", "للوزارة"}, {"أحمد", "احمد", "إحمد"}, {"مُحَمَّد", "محمد"}},
			[]string{"مياه", "وزارة", "قال"}},
		{"zh", [][]string{{"北京", "北京"}}, []string{"北京", "京的"}},
	}
	for _, c := range cases {
		a := analyserFor(c.lang)
		if a.lang != c.lang && c.lang != "zh" { // Chinese is the generic analyser's bigrams
			t.Fatalf("%s: no analyser", c.lang)
		}
		one := func(w string) string {
			var out []string
			a.eachToken(w, true, func(tk token) { out = append(out, tk.term) })
			if len(out) != 1 {
				t.Fatalf("%s %q: %d tokens", c.lang, w, len(out))
			}
			return out[0]
		}
		for _, g := range c.same {
			want := one(g[0])
			for _, w := range g[1:] {
				if got := one(w); got != want && !(c.lang == "ar" && arabicMeets(a, w, g[0])) {
					t.Errorf("%s: %q → %q, %q → %q: want one term", c.lang, g[0], want, w, got)
				}
			}
		}
		seen := map[string]string{}
		for _, w := range c.distinct {
			term := one(w)
			if prev, dup := seen[term]; dup {
				t.Errorf("%s: %q and %q both → %q", c.lang, prev, w, term)
			}
			seen[term] = w
		}
	}
}

// arabicMeets reports whether two Arabic words share a reading (term or alt), as the index matches them.
func arabicMeets(a *analyser, x, y string) bool {
	tx, ax := a.analyse(x, false)
	ty, ay := a.analyse(y, false)
	return tx == ty || tx == ay && ay != "" || ax == ty && ax != "" || ax != "" && ax == ay
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{"häuser": "hauser", "straße": "strasse", "ёлка": "елка", "мой": "мой",
		"cafe\u0301": "cafe", "ἀθῆναι": "αθηναι", "łódź": "lodz", "øre": "ore", "مُحَمَّد": "مُحَمَّد", "हिंदी": "हिंदी", "plain": "plain"} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCJKBigrams(t *testing.T) {
	var got []string
	eachWord("北京的空气，iPhone手机", false, func(w word) { got = append(got, "北京的空气，iPhone手机"[w.start:w.end]) })
	want := []string{"北京", "京的", "的空", "空气", "气", "iPhone", "手机", "机"}
	if !slices.Equal(got, want) {
		t.Errorf("text tokens %q, want %q", got, want)
	}
	got = nil
	eachWord("空气污染", true, func(w word) { got = append(got, "空气污染"[w.start:w.end]) })
	if !slices.Equal(got, []string{"空气", "气污", "污染"}) {
		t.Errorf("query tokens %q", got)
	}
}

// The articles of the report: each query must find its article, and the hits must be the words a
// reader expects.
func TestReportedLanguageSearches(t *testing.T) {
	l := newLibrary(t)
	zh := l.add("北京空气", "", "", "北京市环境监测中心发布报告。\n\n今年以来，北京的空气污染明显减轻，监测数据显示细颗粒物浓度下降。")
	de := l.add("Mieten", "", "", "Wohnen in der Großstadt\n\nDie Mieten in deutschen Großstädten steigen weiter. Viele Häuser sind alt, und in manchen Gebäuden fehlt eine Heizung. Wer eine Wohnung sucht, zahlt oft mehr als die Hälfte seines Einkommens für die Miete.")
	ar := l.add("المياه", "", "", "أعلنت وزارة المياه عن خطة جديدة لتحسين الشبكات.\n\nوقال مسؤول في الوزارة إن المشروع سيستغرق ثلاث سنوات، وأكدت والوزارة أنها ستعمل مع البلديات.")
	en := l.add("Council", "", "", "The city council met on Tuesday. Councils across the region are short of money.")
	l.catchUp()
	for _, c := range []struct {
		q, doc string
		hits   int
	}{
		{"空气", zh, 1}, {"北京", zh, 2}, {"污染", zh, 1}, {"监测", zh, 2}, {"空气污染", zh, 1}, {"气", zh, 1}, {"北京*", zh, 2},
		{"Haus", de, 1}, {"Miete", de, 2}, {"Großstadt", de, 2}, {"Hauser", de, 1}, {"haeuser", de, 1},
		{"Gebaude", de, 1}, {"grossstädten", de, 2}, {`"deutschen Grossstadten"`, de, 1},
		{"مياه", ar, 1}, {"وزارة", ar, 3}, {"المياه", ar, 1},
		{"councils", en, 2},
	} {
		res := l.search(Query{Text: c.q})
		if len(res.Docs) != 1 || res.Docs[0].DocID != c.doc {
			t.Errorf("%q: found %d documents, want its article", c.q, len(res.Docs))
			continue
		}
		body := 0
		for _, h := range res.Docs[0].Hits {
			if h.In == "body" {
				body++
			}
		}
		if body != c.hits {
			t.Errorf("%q: %d body hits, want %d: %+v", c.q, body, c.hits, res.Docs[0].Hits)
		}
	}
	// A German query finds nothing in the English article, though "Miete" is not English: each
	// language's analysis only looks at its own documents.
	if res := l.search(Query{Text: "the Miete"}); len(res.Docs) != 0 {
		t.Errorf("the Miete: %d documents", len(res.Docs))
	}
	// One character: the hit is that character, not its bigram.
	res := l.search(Query{Text: "气"})
	if len(res.Docs) != 1 || res.Docs[0].Hits[0].Match != "气" {
		t.Errorf("气: %+v", res.Docs)
	}
	if res := l.search(Query{Text: "nichtsda"}); res.Notice == "" {
		t.Error("nothing found gives no hint")
	}
}

// Every snippet, less the ellipses, is a piece of the canonical text, with Before+Match+After exactly
// around the hit; no snippet reaches above BodyStart.
func TestSnippetsQuoteExactly(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	pieces := []string{"Harris", ":", " ", "  ", "\n", "\n\n", "’s", "'s", "district", "attorney", ",", ".", "“", "”", "北京", "空气", "。", "وزارة", "المياه", "Häuser", "—", "\t", "Café", "e\u0301", "👩‍👩‍👧"}
	queries := []string{"harris", "district attorney", "北京", "空气", "وزارة", "hauser", "cafe", "attor*", "气"}
	for i := range 300 {
		var b strings.Builder
		for range 5 + rng.Intn(60) {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		header := "Header Harris line\n\n"
		text := header + b.String()
		bodyStart := utf8.RuneCountInString(header)
		for _, lang := range []string{"en", "de", "ar", "zh"} {
			a := analyserFor(lang)
			for _, q := range queries {
				hits, _ := scanHits(a, nil, text, bodyStart, parseQuery(q).forLanguage(a).positive(), "body", "", -1)
				for _, h := range hits {
					if h.Start < bodyStart {
						t.Fatalf("case %d %q: hit at %d above BodyStart %d", i, q, h.Start, bodyStart)
					}
					if got := cut(text, h.Start, h.End); got != h.Match {
						t.Fatalf("case %d %q: offsets cut %q, Match %q", i, q, got, h.Match)
					}
					plain := strings.TrimSuffix(strings.TrimPrefix(h.Snippet, "…"), "…")
					body := text[len(header):]
					if !strings.Contains(body, plain) || plain != h.Before+h.Match+h.After {
						t.Fatalf("case %d %q: snippet %q is not the body's text (before %q match %q after %q)", i, q, h.Snippet, h.Before, h.Match, h.After)
					}
					at, _ := byteOf(text, h.Start)
					if !strings.HasSuffix(text[:at], h.Before) || !strings.HasPrefix(text[at:], h.Match+h.After) {
						t.Fatalf("case %d %q: the snippet is not the text around the hit: %q", i, q, h.Snippet)
					}
				}
			}
		}
	}
	// The report's cases: no space before punctuation, paragraphs kept apart.
	text := "Head\n\nThe district attorney’s office said Harris: no.\nCommunity\n\nThe Bullpen opened."
	h := HitsInDocument(text, "attorney", "en")
	if len(h) != 1 || !strings.Contains(h[0].Snippet, "attorney’s office") {
		t.Errorf("attorney: %+v", h)
	}
	h = HitsInDocument(text, "bullpen", "en")
	if len(h) != 1 || !strings.Contains(h[0].Snippet, "Community\n\nThe Bullpen") {
		t.Errorf("bullpen: %+v", h)
	}
	h = HitsInDocument(text, "harris", "en")
	if len(h) != 1 || h[0].Match+h[0].After[:1] != "Harris:" {
		t.Errorf("harris: %+v", h)
	}
	_ = store.Meta{}
}
