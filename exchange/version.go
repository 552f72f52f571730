package exchange

// Versions of a document: importing a corrected article, diffing two versions for the review view, and
// tracking a quote across the library.

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"gloss/anchor"
	"gloss/render"
	"gloss/store"
)

// VersionReport says what a new version did to a document's annotations.
type VersionReport struct {
	DocID  string             `json:"doc"`
	Title  string             `json:"title"`
	File   string             `json:"file"`
	From   int                `json:"from"` // the version that was current
	To     int                `json:"to"`   // the new version
	Exact  int                `json:"exact"`
	Moved  int                `json:"moved"`
	Fuzzy  int                `json:"fuzzy"`
	Orphan int                `json:"orphan"`
	Review []store.Annotation `json:"review"` // the fuzzy and orphaned annotations, for the review queue
}

// ImportNewVersion reads a corrected article (.txt or .md, as ImportFile) and stores it as the next
// version of document docID, re-anchoring its annotations (store.AddVersion). A file identical to the
// current version is refused (store.ErrSameVersion), as is one that is another document.
func ImportNewVersion(s *store.Store, docID, path string) (store.Document, VersionReport, error) {
	name := filepath.Base(path)
	rep := VersionReport{DocID: docID, File: name, Review: []store.Annotation{}}
	before, err := s.Document(docID)
	if err != nil {
		return store.Document{}, rep, err
	}
	rep.Title, rep.From = before.Title, before.Version
	nd, err := ReadFile(path)
	if err != nil {
		return store.Document{}, rep, err
	}
	if nd.Format == "md" && nd.Text == "" { // readers that leave the rendering to the caller
		rendered, err := render.Markdown([]byte(nd.Raw))
		if err != nil {
			return store.Document{}, rep, fmt.Errorf("%s: %w", name, err)
		}
		nd.Text = rendered.Text
	}
	doc, anns, err := s.AddVersion(docID, store.NewVersion{
		Text: nd.Text, Raw: nd.Raw, SHA256: nd.SHA256, SourcePath: nd.SourcePath, BodyStart: nd.BodyStart, Format: nd.Format,
	})
	if err != nil {
		return store.Document{}, rep, fmt.Errorf("%s: %w", name, err)
	}
	rep.To = doc.Version
	for _, a := range anns {
		switch a.Anchor.Status {
		case store.AnchorExact:
			rep.Exact++
		case store.AnchorMoved:
			rep.Moved++
		case store.AnchorFuzzy:
			rep.Fuzzy++
		case store.AnchorOrphan:
			rep.Orphan++
		}
		if a.Anchor.Status == store.AnchorFuzzy || a.Anchor.Status == store.AnchorOrphan {
			rep.Review = append(rep.Review, a)
		}
	}
	return doc, rep, nil
}

// DiffOp is one run of a word diff: Op is "equal", "insert" (only in the new text) or "delete" (only in
// the old). The Text of the equal and delete runs spell the old text, equal and insert the new one.
type DiffOp struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// maxDiffEdits bounds the diff's work and memory ((D+1)² cells): past it the rest of the middle is
// reported as one deletion and one insertion, which is what two texts that different look like anyway.
const maxDiffEdits = 2000

// DiffVersions compares two texts word by word (words, white-space runs and single punctuation marks
// are the tokens) with Myers' O(ND) algorithm, after trimming the common start and end.
func DiffVersions(oldText, newText string) []DiffOp {
	a, b := diffTokens(oldText), diffTokens(newText)
	var ops []DiffOp
	emit := func(op string, toks []string) {
		if len(toks) == 0 {
			return
		}
		text := strings.Join(toks, "")
		if n := len(ops); n > 0 && ops[n-1].Op == op {
			ops[n-1].Text += text
			return
		}
		ops = append(ops, DiffOp{Op: op, Text: text})
	}
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	emit("equal", a[:pre])
	midA, midB := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if script, ok := myersScript(midA, midB); ok {
		for _, s := range script {
			switch s.op {
			case 'e':
				emit("equal", midA[s.i:s.i+1])
			case 'd':
				emit("delete", midA[s.i:s.i+1])
			case 'i':
				emit("insert", midB[s.j:s.j+1])
			}
		}
	} else {
		emit("delete", midA)
		emit("insert", midB)
	}
	emit("equal", a[len(a)-suf:])
	if ops == nil {
		ops = []DiffOp{}
	}
	return ops
}

type editStep struct {
	op   byte // 'e', 'd', 'i'
	i, j int
}

// myersScript is Myers' greedy forward algorithm over tokens, keeping each round's furthest reaching
// paths to trace the script back. It gives up (false) past maxDiffEdits.
func myersScript(a, b []string) ([]editStep, bool) {
	n, m := len(a), len(b)
	if n == 0 && m == 0 {
		return nil, true
	}
	maxD := min(n+m, maxDiffEdits)
	off := maxD + 1
	v := make([]int32, 2*maxD+3)
	var trace [][]int32
	found := -1
	for d := 0; d <= maxD && found < 0; d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = int(v[off+k+1])
			} else {
				x = int(v[off+k-1]) + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = int32(x)
			if x >= n && y >= m {
				found = d
				break
			}
		}
		snap := make([]int32, 2*d+1)
		copy(snap, v[off-d:off+d+1])
		trace = append(trace, snap)
	}
	if found < 0 {
		return nil, false
	}
	at := func(d, k int) int { return int(trace[d][k+d]) }
	var rev []editStep
	x, y := n, m
	for d := found; d > 0; d-- {
		k := x - y
		prevK := k - 1 // a deletion (a step right) led here
		if k == -d || (k != d && at(d-1, k-1) < at(d-1, k+1)) {
			prevK = k + 1 // an insertion (a step down)
		}
		px := at(d-1, prevK)
		py := px - prevK
		for x > px && y > py { // the snake after the step
			x, y = x-1, y-1
			rev = append(rev, editStep{'e', x, y})
		}
		if prevK == k+1 {
			rev = append(rev, editStep{'i', px, py})
		} else {
			rev = append(rev, editStep{'d', px, py})
		}
		x, y = px, py
	}
	for x > 0 && y > 0 {
		x, y = x-1, y-1
		rev = append(rev, editStep{'e', x, y})
	}
	slices.Reverse(rev)
	return rev, true
}

// diffTokens splits text into words (letters, digits and marks), white-space runs and other code points.
func diffTokens(text string) []string {
	var toks []string
	kind := func(r rune) int {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			return 1
		case unicode.IsSpace(r):
			return 2
		}
		return 0
	}
	start, prev := 0, -1
	for i, r := range text {
		k := kind(r)
		if i > start && (k != prev || k == 0) {
			toks = append(toks, text[start:i])
			start = i
		}
		prev = k
	}
	if start < len(text) {
		toks = append(toks, text[start:])
	}
	return toks
}

// QuoteMatch is a passage of another document that is the same or nearly the same as a quote.
type QuoteMatch struct {
	DocID      string  `json:"doc"`
	Title      string  `json:"title"`
	Date       string  `json:"date"`
	Start      int     `json:"start"` // code points of the document's current version
	End        int     `json:"end"`
	Exact      string  `json:"exact"`
	Similarity float64 `json:"similarity"` // 1 - edits / quote length; at least anchor.TrackSimilarity
}

// TrackQuote finds a quote in the current versions of every document but docID ("" searches them
// all): every passage whose similarity is at least anchor.TrackSimilarity (0.8: at most one code point
// in five edited, white space and quote marks folded), best first, then by date and title.
//
// Candidates come from an index of the library's words, kept in memory and brought up to date from
// the store's journal on each call: a document is searched only if it contains at least CandidateShare
// (60%) of the quote's distinct words of three or more letters, and at least two of its adjacent word
// pairs (one for a two-word quote; words lowercased, punctuation ignored). Every candidate
// is then searched in full with Myers' bit-parallel matcher, so each match reported is real; what the
// filter can miss is a reprint edited in so many words that fewer than 60% of them, or fewer than two
// neighbouring pairs, survive. A quote with no word at all is searched in every document.
func TrackQuote(s *store.Store, docID, quote string) ([]QuoteMatch, error) {
	p := anchor.NewPattern(quote)
	if p == nil {
		return nil, fmt.Errorf("the quote is empty")
	}
	if docID != "" {
		if _, err := s.Document(docID); err != nil {
			return nil, err
		}
	}
	idx, err := libraryIndex(s)
	if err != nil {
		return nil, err
	}
	ids := idx.candidates(indexWords(quote), pairHashes(tokens(quote)), docID)
	out := []QuoteMatch{}
	err = s.CurrentTexts(ids, func(d store.Document, text string) error {
		var at []int32 // byte offset of each code point, built on the first match
		for _, m := range p.FindAll(text, anchor.TrackSimilarity) {
			if at == nil {
				for i := range text {
					at = append(at, int32(i))
				}
				at = append(at, int32(len(text)))
			}
			out = append(out, QuoteMatch{DocID: d.ID, Title: d.Title, Date: d.Date, Start: m.Start, End: m.End,
				Exact: text[at[m.Start]:at[m.End]], Similarity: m.Similarity})
		}
		return nil
	})
	slices.SortFunc(out, func(a, b QuoteMatch) int {
		return cmp.Or(cmp.Compare(b.Similarity, a.Similarity), cmp.Compare(a.Date, b.Date),
			cmp.Compare(a.Title, b.Title), cmp.Compare(a.DocID, b.DocID), cmp.Compare(a.Start, b.Start))
	})
	return out, err
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

// wordIndex maps words to the documents (slots) whose current version contains them.
type wordIndex struct {
	store    *store.Store
	seq      uint64 // journal position the index reflects
	ids      []string
	pairs    []*pairBloom
	dead     []bool
	live     int
	slot     map[string]int
	postings map[string][]int32
}

var (
	indexMu sync.Mutex
	index   *wordIndex // of the last store searched
)

// libraryIndex returns the word index of s, built on first use and updated from the journal after.
func libraryIndex(s *store.Store) (*wordIndex, error) {
	indexMu.Lock()
	defer indexMu.Unlock()
	seq, err := s.JournalSeq()
	if err != nil {
		return nil, err
	}
	if index != nil && index.store == s && index.seq == seq {
		return index, nil
	}
	if index == nil || index.store != s || seq < index.seq || len(index.dead) > 2*index.live+1024 {
		ix := &wordIndex{store: s, slot: map[string]int{}, postings: map[string][]int32{}}
		// Read the position first: a write racing the build is then seen again next time.
		if err := s.CurrentTexts(nil, func(d store.Document, text string) error {
			ix.add(d.ID, text)
			return nil
		}); err != nil {
			return nil, err
		}
		ix.seq, index = seq, ix
		return ix, nil
	}
	entries, err := s.JournalSince(index.seq)
	if err != nil {
		return nil, err
	}
	changed := map[string]bool{}
	for _, e := range entries {
		for _, c := range e.Changed {
			if c.Bucket == "docs" {
				changed[c.Key] = true
			}
		}
	}
	ids := make([]string, 0, len(changed))
	for id := range changed {
		index.remove(id)
		ids = append(ids, id)
	}
	if err := s.CurrentTexts(ids, func(d store.Document, text string) error {
		index.add(d.ID, text)
		return nil
	}); err != nil {
		index = nil
		return nil, err
	}
	index.seq = seq
	return index, nil
}

func (ix *wordIndex) add(id, text string) {
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

func (ix *wordIndex) remove(id string) {
	if n, ok := ix.slot[id]; ok {
		ix.dead[n], ix.pairs[n] = true, nil
		ix.live--
		delete(ix.slot, id)
	}
}

// candidates lists the live documents other than except that hold at least CandidateShare of words
// and two of the pairs (one if there are only one or two).
func (ix *wordIndex) candidates(words []string, pairs []uint64, except string) []string {
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
