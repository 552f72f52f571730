package anchor

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode"
)

// benchVocabulary is the words of the seed articles (or a fallback), so the text reads like news
// to the gram index: the same letters, word lengths and common words.
func benchVocabulary(b *testing.B) []string {
	files, _ := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	seen := map[string]bool{}
	var vocab []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		for _, w := range strings.FieldsFunc(string(data), func(r rune) bool { return !unicode.IsLetter(r) && r != '’' }) {
			if !seen[w] {
				seen[w] = true
				vocab = append(vocab, w)
			}
		}
	}
	if len(vocab) < 100 {
		b.Fatalf("only %d words in %s", len(vocab), seedDir)
	}
	slices.Sort(vocab)
	return vocab
}

// benchDocument is about size bytes of sentences and paragraphs of random words.
func benchDocument(rng *rand.Rand, vocab []string, size int) string {
	var sb strings.Builder
	for sb.Len() < size {
		for s := 0; s < 2+rng.IntN(5); s++ {
			n := 6 + rng.IntN(20)
			for w := 0; w < n; w++ {
				word := vocab[rng.IntN(len(vocab))]
				if w == 0 {
					word = strings.ToUpper(word[:1]) + word[1:]
				}
				sb.WriteString(word)
				if w < n-1 {
					sb.WriteString([]string{" ", " ", " ", " ", ", ", " “", "” "}[rng.IntN(7)])
				}
			}
			sb.WriteString(". ")
		}
		sb.WriteString("\n\n")
	}
	return sb.String()
}

// benchEdit makes a new version: paragraphs deleted, inserted and swapped, typos, some reflowed.
func benchEdit(rng *rand.Rand, vocab []string, old string) string {
	paras := strings.Split(old, "\n\n")
	var out []string
	for i := 0; i < len(paras); i++ {
		p := paras[i]
		switch k := rng.IntN(100); {
		case k < 2:
			continue // deleted
		case k < 5:
			out = append(out, benchDocument(rng, vocab, 200))
		case k < 7 && i+1 < len(paras):
			paras[i], paras[i+1] = paras[i+1], paras[i]
			p = paras[i]
		case k < 17:
			r := []rune(p)
			if len(r) > 10 {
				at := 1 + rng.IntN(len(r)-2)
				p = string(r[:at]) + string(letters[rng.IntN(26)]) + string(r[at+1:])
			}
		case k < 22:
			p = strings.ReplaceAll(p, ". ", ".\n")
		}
		out = append(out, p)
	}
	return strings.Join(out, "\n\n")
}

func benchSelectors(rng *rand.Rand, text string, n int) []Selector {
	runes := []rune(text)
	ws := words(runes)
	sels := make([]Selector, 0, n)
	for len(sels) < n {
		i := rng.IntN(len(ws) - 30)
		j := i + rng.IntN(12)
		sels = append(sels, describeRunes(runes, ws[i][0], ws[j][1]))
	}
	return sels
}

// BenchmarkReanchorAll1000On1MB: 1,000 annotations onto an edited 1 MB version (goal ≤ 1 s).
func BenchmarkReanchorAll1000On1MB(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	vocab := benchVocabulary(b)
	old := benchDocument(rng, vocab, 1<<20)
	sels := benchSelectors(rng, old, 1000)
	newText := benchEdit(rng, vocab, old)
	var results []Result
	cpu0 := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		results = ReanchorAll(newText, sels)
	}
	// CPU time (all threads) per op: a figure that a busy machine does not inflate the way it does
	// wall time.
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
	counts := map[Status]int{}
	for _, r := range results {
		counts[r.Status]++
	}
	b.ReportMetric(float64(counts[StatusExact]), "exact")
	b.ReportMetric(float64(counts[StatusMoved]), "moved")
	b.ReportMetric(float64(counts[StatusFuzzy]), "fuzzy")
	b.ReportMetric(float64(counts[StatusOrphan]), "orphan")
}

// fuzzyCase is a 1 MB text and a selector whose quote had a typo fixed, far from its old offset.
func fuzzyCase(b *testing.B) (string, Selector) {
	rng := rand.New(rand.NewPCG(2, 2))
	vocab := benchVocabulary(b)
	old := benchDocument(rng, vocab, 1<<20)
	sel := benchSelectors(rng, old, 1)[0]
	for len([]rune(sel.Exact)) < 40 {
		sel = benchSelectors(rng, old, 1)[0]
	}
	exact := []rune(sel.Exact)
	edited := string(exact[:len(exact)/2]) + "x" + string(exact[len(exact)/2+1:])
	newText := "A new first paragraph.\n\n" + strings.Replace(old, sel.Exact, edited, 1)
	return newText, sel
}

// BenchmarkReanchorFuzzyOn1MB: one Reanchor call that needs the approximate matcher, including
// decoding, folding and indexing the 1 MB text.
func BenchmarkReanchorFuzzyOn1MB(b *testing.B) {
	newText, sel := fuzzyCase(b)
	if r := Reanchor(newText, sel); r.Status != StatusFuzzy {
		b.Fatalf("got %+v", r)
	}
	b.ResetTimer()
	for b.Loop() {
		Reanchor(newText, sel)
	}
}

// BenchmarkFuzzyLookup: the per-selector cost of one approximate lookup once the 1 MB text is
// prepared (what each fuzzy selector adds to ReanchorAll).
func BenchmarkFuzzyLookup(b *testing.B) {
	newText, sel := fuzzyCase(b)
	doc := newDocument(newText)
	doc.index()
	if r, _ := doc.reanchor(sel, nil); r.Status != StatusFuzzy {
		b.Fatalf("got %+v", r)
	}
	b.ResetTimer()
	for b.Loop() {
		doc.reanchor(sel, nil)
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
