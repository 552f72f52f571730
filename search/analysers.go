package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ar" // normalize_ar
	_ "github.com/blevesearch/bleve/v2/analysis/lang/da"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/de"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/en"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/es"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fa"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fi"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fr"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/hu"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/it"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/nl"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/no"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/pt"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ro"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ru"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/sv"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/tr"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/unicode/norm"
)

// analyser turns one token into its index term in one language. Analysers are built once (analysers)
// and never change: each is safe for concurrent use.
type analyser struct {
	lang    string                 // analysis key: a language Gloss has rules for, "" for any other
	filters []analysis.TokenFilter // bleve's normalisation and stemmer for the language, in order
	arabic  bool                   // Arabic prefixes and suffixes (own light stemmer, below)
	common  map[string]bool        // the language's most frequent words, analysed: pair terms join them
	// keepsFirst: the term starts with the folded first letter of the word (every stemmer here but
	// Arabic's strips only endings), which lets the hit scanner skip most words without analysing them.
	keepsFirst bool
}

// languageRules: for each language with rules, bleve's token filters (normalisation, stemmer) and its
// most frequent words in news text (about thirty: pairs of them are a tenth of the index, as measured
// for English). Languages without a list get no pair terms: their phrases are matched on positions.
// Changing any of this changes the index: bump Schema.
var languageRules = []struct {
	lang, filters, common string
}{
	{"en", "stemmer_en_plural", `the of and to a in that is for it was on with he as at by his said from her
		she they this be have has had are were`},
	{"de", "normalize_de stemmer_de_light", `der die und in den von zu das mit sich des auf für ist im dem nicht ein
		eine als auch es an werden aus er hat dass sie nach wird bei`},
	{"fr", "stemmer_fr_light", `de la le et les des en un du une que est pour qui dans a par plus pas au sur ne se
		il sont ce l d avec`},
	{"es", "stemmer_es_light", `de la que el en y a los del se las por un para con no una su al lo como más es o
		pero sus le ha`},
	{"it", "stemmer_it_light", `di e il la che in a per un è del non le una i si con da al dei della l sono alla
		ha`},
	{"nl", "stemmer_nl_snowball", `de het een en van in is op te dat die zijn voor met niet aan er om ook als bij
		door maar dan naar`},
	{"pt", "stemmer_pt_light", `de a o que e do da em um para é com não uma os no se na por mais as dos como mas
		ao`},
	{"ru", "stemmer_ru_snowball", `и в не на что с по как а о к это из у за от то для же все он его но был так
		она они`},
	{"ar", "normalize_ar", `في من على إلى أن عن التي الذي مع هذا هذه كان ما لا قد أو بين كما بعد ذلك إن هو وقد قال
		عام`},
	{"fa", "normalize_ar normalize_fa", ""},
	{"sv", "stemmer_sv_snowball", ""},
	{"da", "stemmer_da_snowball", ""},
	{"no", "stemmer_no_snowball", ""},
	{"fi", "stemmer_fi_snowball", ""},
	{"hu", "stemmer_hu_snowball", ""},
	{"ro", "stemmer_ro_snowball", ""},
	{"tr", "stemmer_tr_snowball", ""},
}

// analysers holds one analyser per language with rules, plus "" (lowercase, NFKC, folding, CJK bigrams:
// every other language, and project notes).
var analysers = func() map[string]*analyser {
	cache := registry.NewCache()
	out := map[string]*analyser{"": {lang: "", keepsFirst: true, common: map[string]bool{}}}
	for _, r := range languageRules {
		a := &analyser{lang: r.lang, arabic: r.lang == "ar" || r.lang == "fa", common: map[string]bool{}}
		a.keepsFirst = !a.arabic
		for _, name := range strings.Fields(r.filters) {
			f, err := cache.TokenFilterNamed(name)
			if err != nil {
				panic(err)
			}
			a.filters = append(a.filters, f)
		}
		for _, w := range strings.Fields(r.common) {
			term, _ := a.analyse(w, false)
			a.common[term] = true
		}
		out[r.lang] = a
	}
	return out
}()

// analyserFor returns the analyser for a language tag; languages without rules get the generic one.
func analyserFor(lang string) *analyser {
	if a, ok := analysers[BaseLanguage(lang)]; ok {
		return a
	}
	return analysers[""]
}

// analysisKey is the analyser a language is indexed with: "" for the generic one.
func analysisKey(lang string) string { return analyserFor(lang).lang }

// analyse returns the term of one token (raw, as in the text) and, rarely, a second reading for the same
// position.
func (a *analyser) analyse(raw string, cjk bool) (term, alt string) {
	s := lowerNFKC(raw)
	if cjk {
		return s, ""
	}
	// Folded before the stemmer, so that a word typed without its accents reaches the stemmer as the
	// same letters as the text's, and after it, for what a normaliser spelled out.
	s = fold(s)
	if len(a.filters) > 0 && !(a.lang == "en" && englishUnstemmed(s)) {
		tok := &analysis.Token{Term: []byte(s)}
		stream := analysis.TokenStream{tok}
		for _, f := range a.filters {
			stream = f.Filter(stream)
		}
		if len(stream) == 1 && len(stream[0].Term) > 0 {
			s = string(stream[0].Term)
		}
	}
	if a.arabic {
		s, alt = arabicStem(s)
		if alt == s {
			alt = ""
		}
	}
	return fold(s), alt
}

// englishUnstemmed: words bleve's English plural stemmer would get wrong: short ones ("was", "his",
// "news", "gas" are not plurals) and a few singular nouns ending in -s that news uses often.
func englishUnstemmed(s string) bool {
	if len(s) <= 4 {
		return true
	}
	switch s {
	case "series", "species", "means", "politics", "economics", "physics", "always", "perhaps", "various",
		"famous", "serious", "previous", "analysis", "crisis", "basis", "thesis", "status", "campus", "census",
		"virus", "bonus", "focus", "chaos", "lens", "versus", "whereas", "across", "unless", "business":
		return true
	}
	return false
}

// firstKey is the first letter of a word as its term starts (lowercased, folded), for keepsFirst.
func firstKey(raw string) rune {
	r, _ := utf8.DecodeRuneInString(raw)
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}
	f, _ := utf8.DecodeRuneInString(fold(lowerNFKC(string(r))))
	return f
}

// fold drops diacritics from Latin, Greek and Cyrillic letters (é → e, ä → a, ё → е, ά → α; not й) and spells
// out the letters that have no decomposition (ß → ss, æ → ae, ø → o, ł → l, đ → d, þ → th). Marks on
// other scripts (Devanagari vowel signs, Hebrew points) change the word and are kept.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii || settled(s) {
		return s
	}
	// Most words of most languages have nothing to fold: already decomposed-normal (no precomposed
	// accented letter), no combining mark, none of the spelled-out letters. They are returned as is.
	if norm.NFD.IsNormalString(s) && !strings.ContainsFunc(s, func(r rune) bool {
		return r >= 0x300 && r <= 0x36F || r == 'ß' || r == 'æ' || r == 'œ' || r == 'ø' || r == 'ł' || r == 'đ' || r == 'ð' || r == 'þ' || r == 'ı'
	}) {
		return s
	}
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	var base rune
	for _, r := range d {
		if unicode.IsMark(r) && unicode.In(base, unicode.Latin, unicode.Greek, unicode.Cyrillic) &&
			!(r == '\u0306' && unicode.Is(unicode.Cyrillic, base)) { // й is a letter of its own, not и
			continue
		}
		switch r {
		case 'ß':
			b.WriteString("ss")
		case 'æ':
			b.WriteString("ae")
		case 'œ':
			b.WriteString("oe")
		case 'ø':
			b.WriteByte('o')
		case 'ł':
			b.WriteByte('l')
		case 'đ', 'ð':
			b.WriteByte('d')
		case 'þ':
			b.WriteString("th")
		case 'ı':
			b.WriteByte('i')
		default:
			b.WriteRune(r)
		}
		if !unicode.IsMark(r) {
			base = r
		}
	}
	return norm.NFC.String(b.String())
}

// Arabic light stemming (Larkey's light10, as Lucene's and bleve's), after bleve's normalisation (alef
// forms → ا, ة → ه, ى → ي, no harakat or tatweel). The difference: the bare conjunction و ("and") is
// not stripped from the term, since it begins many words (وزارة "ministry"); the reading without it
// goes to the same position as a second term, so وزارة, الوزارة, والوزارة and وقال/قال all meet.
var (
	arabicPrefixes = []string{"وال", "بال", "كال", "فال", "لل", "ال"}
	arabicSuffixes = []string{"ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"}
)

func arabicStem(s string) (term, alt string) {
	term = arabicAffixes(s)
	if rest, ok := strings.CutPrefix(s, "و"); ok && utf8.RuneCountInString(rest) >= 3 {
		alt = arabicAffixes(rest)
	}
	return term, alt
}

func arabicAffixes(s string) string {
	for _, p := range arabicPrefixes {
		if rest, ok := strings.CutPrefix(s, p); ok && utf8.RuneCountInString(rest) >= 2 {
			s = rest
			break
		}
	}
	for _, suf := range arabicSuffixes {
		if rest, ok := strings.CutSuffix(s, suf); ok && utf8.RuneCountInString(rest) >= 2 {
			s = rest
			break
		}
	}
	return s
}
