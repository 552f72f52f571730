package anchor

// The word index that narrows quote tracking down to the few documents that could hold a quote.

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// QuoteMatch is a passage of another document that is the same or nearly the same as a quote.
type QuoteMatch struct {
	DocID      string  `json:"doc"`
	Title      string  `json:"title"`
	Date       string  `json:"date"`
	Start      int     `json:"start"` // code points of the document's current version
	End        int     `json:"end"`
	Exact      string  `json:"exact"`
	Similarity float64 `json:"similarity"` // 1 - edits / quote length; at least TrackSimilarity
}

// CandidateShare is the share of a quote's distinct words a document must contain to be searched.
const CandidateShare = 0.6

// minIndexWord is the shortest word (code points) the index keeps and a quote is judged by.
const minIndexWord = 3

// tokens lists the lowercased words (runs of letters and digits) of a text, in order.
func tokens(text string) []string {
	ws := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, w := range ws {
		ws[i] = strings.ToLower(w)
	}
	return ws
}

// indexWords lists the distinct lowercased words of at least minIndexWord code points.
func indexWords(text string) []string { return distinctWords(tokens(text)) }

func distinctWords(ws []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range ws {
		if utf8.RuneCountInString(w) < minIndexWord {
			continue
		}
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// pairBloom is a Bloom filter of a document's adjacent word pairs: 8,192 bits, three probes per pair,
// about 0.5% false positives per pair for a 3 KB article.
type pairBloom [128]uint64

// pairHashes hashes each adjacent pair of words (FNV-1a, 64 bits).
func pairHashes(ws []string) []uint64 {
	out := make([]uint64, 0, max(0, len(ws)-1))
	for i := 1; i < len(ws); i++ {
		h := uint64(14695981039346656037)
		for _, part := range [3]string{ws[i-1], "\x00", ws[i]} {
			for j := 0; j < len(part); j++ {
				h = (h ^ uint64(part[j])) * 1099511628211
			}
		}
		out = append(out, h)
	}
	return out
}

func (b *pairBloom) probes(h uint64) [3]uint32 {
	return [3]uint32{uint32(h) & 8191, uint32(h>>21) & 8191, uint32(h>>42) & 8191}
}

func (b *pairBloom) add(h uint64) {
	for _, p := range b.probes(h) {
		b[p/64] |= 1 << (p % 64)
	}
}

func (b *pairBloom) has(h uint64) bool {
	for _, p := range b.probes(h) {
		if b[p/64]&(1<<(p%64)) == 0 {
			return false
		}
	}
	return true
}

// QuoteIndex maps words to the documents (slots) whose current text contains them. Its owner feeds it
// texts (Add, Remove) and records in Seq how far into the store's journal those texts are; callers
// that share one hold its lock while they bring it up to date and query it.
type QuoteIndex struct {
	sync.Mutex
	Seq      uint64 // journal position the index reflects, kept by the owner
	ids      []string
	pairs    []*pairBloom
	dead     []bool
	live     int
	slot     map[string]int
	postings map[string][]int32
}

// NewQuoteIndex returns an empty index.
func NewQuoteIndex() *QuoteIndex {
	return &QuoteIndex{slot: map[string]int{}, postings: map[string][]int32{}}
}

// Reset empties the index and its Seq, so that its owner rebuilds it.
func (ix *QuoteIndex) Reset() {
	ix.Seq, ix.ids, ix.pairs, ix.dead, ix.live = 0, nil, nil, nil, 0
	ix.slot, ix.postings = map[string]int{}, map[string][]int32{}
}

// Wasteful says the index holds so many removed slots that rebuilding it is cheaper than keeping it.
func (ix *QuoteIndex) Wasteful() bool { return len(ix.dead) > 2*ix.live+1024 }

// Add indexes the text of document id; call Remove first if it is already indexed.
func (ix *QuoteIndex) Add(id, text string) {
	n := int32(len(ix.ids))
	ws := tokens(text)
	bloom := new(pairBloom)
	for _, h := range pairHashes(ws) {
		bloom.add(h)
	}
	ix.ids, ix.dead, ix.pairs = append(ix.ids, id), append(ix.dead, false), append(ix.pairs, bloom)
	ix.slot[id] = int(n)
	ix.live++
	for _, w := range distinctWords(ws) {
		ix.postings[w] = append(ix.postings[w], n)
	}
}

// Remove forgets document id.
func (ix *QuoteIndex) Remove(id string) {
	if n, ok := ix.slot[id]; ok {
		ix.dead[n], ix.pairs[n] = true, nil
		ix.live--
		delete(ix.slot, id)
	}
}

// Candidates lists the documents other than except that hold at least CandidateShare of the quote's
// words of three or more letters and two of its adjacent word pairs (one for a two-word quote); every
// document for a quote with no word at all.
func (ix *QuoteIndex) Candidates(quote, except string) []string {
	words, pairs := indexWords(quote), pairHashes(tokens(quote))
	out := []string{}
	needPairs := min(2, len(pairs))
	if len(words) == 0 && len(pairs) == 0 {
		for n, id := range ix.ids {
			if !ix.dead[n] && id != except {
				out = append(out, id)
			}
		}
		return out
	}
	need := int(CandidateShare*float64(len(words)) + 0.999)
	votes := make([]uint16, len(ix.ids))
	for _, w := range words {
		for _, n := range ix.postings[w] {
			votes[n]++
		}
	}
	for n, v := range votes {
		if int(v) < need || ix.dead[n] || ix.ids[n] == except {
			continue
		}
		found := 0
		for _, h := range pairs {
			if found >= needPairs {
				break
			}
			if ix.pairs[n].has(h) {
				found++
			}
		}
		if found >= needPairs {
			out = append(out, ix.ids[n])
		}
	}
	return out
}
