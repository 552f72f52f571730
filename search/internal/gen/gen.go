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
