// Package gen writes deterministic synthetic news articles for search benchmarks: the same seed always
// gives the same documents. Word frequencies follow a Zipf law over a made-up vocabulary topped by
// English function words, with people's names, places and quotations mixed in, so term and phrase
// queries see a realistic spread of common and rare words.
package gen

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
)

// Doc is one generated article.
type Doc struct {
	Title  string
	Date   string // YYYY-MM-DD
	Source string
	Text   string // title line, blank line, body: 2–5 KB
}

var (
	functionWords = strings.Fields(`the of and to a in that is was he for it with as his on be at by had are but
		from or have an they which one you were all her she there would their we him been has when who will no
		more if out so said what up its about than into them can only other new some could time these two may
		first then do any like my now over such our man me even most made after also did many before must
		through back years where much your way well down should because each just those people how too little
		state good very make world still own see men work long get here between both life being under never day
		same another know while last might us great old year off come since against go came right used take
		three`)
	firstNames = strings.Fields(`Amara Bruno Chen Dalia Elena Farid Grace Hugo Ines Jamal Keiko Liam Maya Nikolai
		Olu Priya Quentin Rosa Samir Tess Uma Victor Wen Ximena Yusuf Zoe`)
	lastNames = strings.Fields(`Abebe Barros Castillo Dubois Eriksen Fontaine Garcia Haddad Ivanova Jensen Kowalski
		Lindqvist Moreau Nakamura Okafor Petrov Quinn Rahman Santos Tanaka Urban Varga Weber Xu Yilmaz Zhou`)
	places = strings.Fields(`Arden Brightwater Calder Dunmore Eastport Fairhaven Glenrock Harrow Ironbridge
		Juniper Kestrel Lakemont Marlow Northgate Oakridge Pinecrest Queensbury Redfield Stonebury Thornton`)
	sources = []string{"Daily Ledger", "Morning Courier", "Evening Star", "Northgate Gazette", "The Observer Review",
		"Metro Wire", "Coastal Herald", "Capital Dispatch"}
	syllables = strings.Fields(`ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo ga ge gi go ha he hi ho
		ka ke ki ko la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so ta te ti to
		va ve vi vo za ze zi tion ment ness ing er al ous ive ly`)
)

// Generator makes documents from a seeded RNG.
type Generator struct {
	rng   *rand.Rand
	vocab []string
	zipf  *rand.Zipf
}

// New returns a generator; vocabulary and documents depend only on seed.
func New(seed int64) *Generator {
	rng := rand.New(rand.NewSource(seed))
	vocab := append([]string{}, functionWords...)
	seen := map[string]bool{}
	for _, w := range vocab {
		seen[w] = true
	}
	for len(vocab) < 30000 {
		var b strings.Builder
		for n := 2 + rng.Intn(3); n > 0; n-- {
			b.WriteString(syllables[rng.Intn(len(syllables))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			vocab = append(vocab, w)
		}
	}
	return &Generator{rng: rng, vocab: vocab, zipf: rand.NewZipf(rng, 1.07, 2, uint64(len(vocab)-1))}
}

func (g *Generator) pick(list []string) string { return list[g.rng.Intn(len(list))] }

func (g *Generator) word() string {
	switch r := g.rng.Intn(100); {
	case r < 2:
		return g.pick(firstNames) + " " + g.pick(lastNames)
	case r < 3:
		return g.pick(places)
	default:
		return g.vocab[g.zipf.Uint64()]
	}
}

func (g *Generator) sentence() string {
	n := 8 + g.rng.Intn(18)
	words := make([]string, n)
	for i := range words {
		words[i] = g.word()
	}
	words[0] = strings.ToUpper(words[0][:1]) + words[0][1:]
	s := strings.Join(words, " ")
	if g.rng.Intn(5) > 0 {
		if k := g.rng.Intn(n-2) + 1; k < n-1 {
			s = strings.Replace(s, " "+words[k]+" ", " "+words[k]+", ", 1)
		}
	}
	if g.rng.Intn(6) == 0 {
		return fmt.Sprintf("“%s,” said %s %s.", s, g.pick(firstNames), g.pick(lastNames))
	}
	return s + "."
}

// Next returns the next document.
func (g *Generator) Next() Doc {
	title := strings.TrimSuffix(g.sentence(), ".")
	if len(title) > 90 {
		title = strings.TrimSpace(title[:strings.LastIndex(title[:90], " ")])
	}
	title = strings.Trim(title, "“”,. ")
	target := 2000 + g.rng.Intn(3000)
	var b strings.Builder
	b.WriteString(title + "\n\n")
	for b.Len() < target {
		for k := 3 + g.rng.Intn(4); k > 0 && b.Len() < target; k-- {
			b.WriteString(g.sentence())
			b.WriteByte(' ')
		}
		b.WriteString("\n\n")
	}
	date := fmt.Sprintf("20%02d-%02d-%02d", 18+g.rng.Intn(8), 1+g.rng.Intn(12), 1+g.rng.Intn(28))
	return Doc{Title: title, Date: date, Source: g.pick(sources), Text: strings.TrimSpace(b.String()) + "\n"}
}

// Documents returns n documents from seed.
func Documents(seed int64, n int) []Doc {
	g := New(seed)
	out := make([]Doc, n)
	for i := range out {
		out[i] = g.Next()
	}
	return out
}

// WriteFiles writes each document as dir/NNNNN.txt (text only), creating dir.
func WriteFiles(dir string, docs []Doc) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i, d := range docs {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%05d.txt", i)), []byte(d.Text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// A generated language: function words that top its Zipf law, the syllables its made-up words are built
// from, and how it joins words (Chinese: no spaces; words of one to three characters).
type language struct {
	code      string
	function  []string
	syllables []string
	space     string
	stop      string // full stop
	comma     string
}

var languages = []language{
	{code: "en", function: functionWords, syllables: syllables, space: " ", stop: ".", comma: ","},
	{code: "de", function: strings.Fields(`der die und in den von zu das mit sich des auf für ist im dem nicht ein
		eine als auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so
		zum war haben nur oder aber vor zur bis mehr durch man sein wurde sei`),
		syllables: strings.Fields(`ba be bi bo bu da de di do dä fa fe fi fö ga ge gi gü ha he hi hö ka ke ki kü la
		le li lo lü ma me mi mö na ne ni nö ra re ri rü sa se si sö ta te ti tö wa we wi wü ung heit keit lich isch
		er en ß sch str`), space: " ", stop: ".", comma: ","},
	{code: "fr", function: strings.Fields(`de la le et les des en un du une que est pour qui dans a par plus pas au
		sur ne se il sont ce avec son elle nous mais ou comme aux été sa leur ses on`),
		syllables: strings.Fields(`ba bé bi bo da dé di do fa fé fi fo ga gé gi la lé li lo ma mé mi mo na né ni no
		ra ré ri ro sa sé si so ta té ti to ve vè vi ment tion eur ée ière çon`), space: " ", stop: ".", comma: ","},
	{code: "es", function: strings.Fields(`de la que el en y a los del se las por un para con no una su al lo como
		más es o pero sus le ha me si sin sobre este ya entre cuando todo esta ser son dos también`),
		syllables: strings.Fields(`ba be bi bo ca ce ci co da de di do fa fe fi fo ga ge gi go la le li lo ma me mi mo
		na ne ni no ña ñe ra re ri ro sa se si so ta te ti to ción dad mente ía ón`), space: " ", stop: ".", comma: ","},
	{code: "ru", function: strings.Fields(`и в не на что с по как а о к это из у за от то для же все он его но был так
		она они мы уже вы бы ли если только её может`),
		syllables: strings.Fields(`ба бе би бо ва ве ви во да де ди до за зе зи ка ке ки ко ла ле ли ло ма ме ми мо
		на не ни но ра ре ри ро са се си со та те ти то ство ние ский ов ый ая`), space: " ", stop: ".", comma: ","},
	{code: "ar", function: strings.Fields(`في من على إلى أن عن التي الذي مع هذا هذه كان ما لا قد أو بين كما بعد ذلك إن
		هو وقد قال عام كل حتى عند`),
		syllables: strings.Fields(`با بي بو تا تي جا جي دا دي را ري زا سا سي شا صا طا عا عي فا في قا قي كا كي لا لي
		ما مي نا ني ها وا يا ات ين ون ية ال وال`), space: " ", stop: ".", comma: "،"},
	{code: "zh", function: strings.Fields(`的 是 在 了 和 有 也 不 这 对 中 为 上 说 到 与 将 等 他 她 我们 他们 一个 没有 表示 已经`),
		syllables: strings.Split(`国人年大中会经发工作地方市场政府时间问题社会公司记者城市环境北京上海空气污染监测报告专家数据`+
			`水电交通医院学校教育价格企业银行投资产品技术网络平台法律部门地区农村旅游体育文化历史安全能源`, ""),
		space: "", stop: "。", comma: "，"},
}

// Languages lists the codes Multilingual writes in.
func Languages() []string {
	var out []string
	for _, l := range languages {
		out = append(out, l.code)
	}
	return out
}

// MultiDoc is a generated article with its language.
type MultiDoc struct {
	Doc
	Lang string
}

// Multilingual returns n documents from seed, in turn in each of Languages (English, German, French,
// Spanish, Russian, Arabic, Chinese), built like Documents: a Zipf law over function words and made-up
// words of each language's letters (Chinese: words of one to three common characters, no spaces).
func Multilingual(seed int64, n int) []MultiDoc {
	rng := rand.New(rand.NewSource(seed))
	type lg struct {
		language
		vocab []string
		zipf  *rand.Zipf
	}
	var gens []lg
	for _, l := range languages {
		vocab := append([]string{}, l.function...)
		seen := map[string]bool{}
		for _, w := range vocab {
			seen[w] = true
		}
		size := 30000
		for len(vocab) < size {
			var b strings.Builder
			k := 2 + rng.Intn(3)
			if l.code == "zh" {
				k = 1 + rng.Intn(3)
			}
			for ; k > 0; k-- {
				b.WriteString(l.syllables[rng.Intn(len(l.syllables))])
			}
			if w := b.String(); !seen[w] {
				seen[w] = true
				vocab = append(vocab, w)
			}
		}
		gens = append(gens, lg{l, vocab, rand.NewZipf(rng, 1.07, 2, uint64(len(vocab)-1))})
	}
	out := make([]MultiDoc, n)
	for i := range out {
		l := gens[i%len(gens)]
		sentence := func() string {
			words := make([]string, 8+rng.Intn(18))
			for j := range words {
				words[j] = l.vocab[l.zipf.Uint64()]
				if j > 2 && j < len(words)-2 && rng.Intn(9) == 0 {
					words[j] += l.comma
				}
			}
			return strings.Join(words, l.space) + l.stop
		}
		title := strings.TrimSuffix(sentence(), l.stop)
		target := 2000 + rng.Intn(3000)
		var b strings.Builder
		b.WriteString(title + "\n\n")
		for b.Len() < target {
			for k := 3 + rng.Intn(4); k > 0 && b.Len() < target; k-- {
				b.WriteString(sentence())
				b.WriteString(l.space)
			}
			b.WriteString("\n\n")
		}
		date := fmt.Sprintf("20%02d-%02d-%02d", 18+rng.Intn(8), 1+rng.Intn(12), 1+rng.Intn(28))
		out[i] = MultiDoc{Doc{Title: title, Date: date, Source: sources[rng.Intn(len(sources))], Text: strings.TrimSpace(b.String()) + "\n"}, l.code}
	}
	return out
}
