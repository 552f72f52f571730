package anchor

// A held-back re-anchoring set made from real news text (issue 17): the article bodies of the Zyte
// article-extraction benchmark (testdata/zyte, MIT, 181 pages from 2019 in English, Portuguese,
// Russian, Korean, Japanese, Italian and more), text that none of the generated sets (news-tune,
// news-held, news-fresh: a seeded grammar) nor the v1 seeds use. Each article is edited as a news
// desk edits a piece after publication, in one of four profiles:
//
//   - copy-edit:   typos in the published text fixed, words reworded (at a passage's edge and inside
//     it), words inside a quotation changed or the quotation cut short, quote marks straightened;
//   - restructure: sentences moved to another paragraph, paragraphs split and merged, sentences and a
//     paragraph from another article inserted (one right beside a passage), sentences deleted;
//   - republish:   pull quotes (copies of body sentences, without any marker, as their own paragraphs
//     near the top) deleted, or their body sentence deleted while the pull quote stays; an annotated
//     passage repeated as a new pull quote; annotated sentences deleted; a few words reworded;
//   - mixed:       some of each.
//
// Truth is tracked per code point (see testset_test.go) with the news set's deletion line
// (newsTruth). The set was made on 2026-12-03 before any change to the re-anchoring it measures and
// is only measured (TestRealHeldBackAccuracy); testdata/testset-real1.sha256 pins it.

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

const realSetVersion = "real1"

type realArticle struct {
	ID   string `json:"id"`
	URL  string `json:"url"`
	Text string `json:"text"`
	// Headline and standfirst, where the material has them (desk2's pages; real1 has none).
	Title      string `json:"title,omitempty"`
	Standfirst string `json:"standfirst,omitempty"`
}

func loadRealArticles(t testing.TB) []realArticle { return loadZyte(t, "articles.json.gz") }

// loadZyte reads one of testdata/zyte's files of article texts.
func loadZyte(t testing.TB, name string) []realArticle {
	f, err := os.Open(filepath.Join("testdata", "zyte", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var arts []realArticle
	if err := json.NewDecoder(zr).Decode(&arts); err != nil {
		t.Fatalf("testdata/zyte/%s: %v", name, err)
	}
	return arts
}

// spaceless reports text written without spaces between words (Japanese, Chinese): there every
// character counts as a word.
func spaceless(t []rune) bool {
	return strings.Count(string(t), " ")*20 < len(t)
}

// boundedSpans is pickSpans that gives up after a bounded number of tries: on a short article there
// may be fewer distinct spans than asked for (pickSpans loops for ever there).
func boundedSpans(rng *rand.Rand, t []rune, n int) [][2]int {
	ws := words(t)
	if len(ws) < 4 {
		return nil
	}
	spans := [][2]int{
		{ws[0][0], ws[min(len(ws)-1, rng.IntN(4))][1]},
		{ws[max(0, len(ws)-1-rng.IntN(4))][0], ws[len(ws)-1][1]},
	}
	lengths := []int{1, 1, 2, 3, 3, 4, 5, 6, 8, 10, 12, 16, 20}
	for try := 0; len(spans) < n+2 && try < 50*(n+2); try++ {
		var s [2]int
		switch k := rng.IntN(100); {
		case k < 80:
			i := rng.IntN(len(ws))
			j := min(len(ws)-1, i+lengths[rng.IntN(len(lengths))]-1)
			s = [2]int{ws[i][0], ws[j][1]}
			if rng.IntN(3) == 0 && s[1]-s[0] > 2 && strings.ContainsRune(".,;:", t[s[1]-1]) {
				s[1]--
			}
		case k < 95:
			ss := sentences(t)
			s = trimSpace(t, ss[rng.IntN(len(ss))])
		default:
			ps := paragraphs(t)
			s = trimSpace(t, ps[rng.IntN(len(ps))])
		}
		if s[1] > s[0] && !slices.Contains(spans, s) {
			spans = append(spans, s)
		}
	}
	return spans
}

// move puts the current text [a, b) at index to (outside it); origins travel with it.
func (e *edited) move(a, b, to int) {
	n := len(e.text)
	if to <= a {
		e.rebuild([][2]int{{0, to}, {a, b}, {to, a}, {b, n}}, "")
	} else {
		e.rebuild([][2]int{{0, a}, {b, to}, {a, b}, {to, n}}, "")
	}
}

// realEditor edits one article; vocab is its own words (rewording uses them), donor another
// article's sentences (insertions use them).
type realEditor struct {
	rng       *rand.Rand
	e         *edited
	spans     [][2]int
	vocab     []string
	donor     []string
	spaceless bool
}

func (r *realEditor) wordsOf(s [2]int) [][2]int {
	script := "en"
	if r.spaceless {
		script = "zh"
	}
	return wordsIn(r.e, s, script)
}

// reword replaces one word: the core (letters) of it becomes another word of the article.
func (r *realEditor) reword(w [2]int) {
	old := string(r.e.text[w[0]:w[1]])
	core := strings.TrimFunc(old, func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) })
	if core == "" || len(r.vocab) == 0 {
		return
	}
	repl := pick(r.rng, r.vocab)
	for k := 0; k < 5 && repl == core; k++ {
		repl = pick(r.rng, r.vocab)
	}
	if r.spaceless {
		repl = string([]rune(repl)[:1])
	}
	replaceWordAt(r.e, w[0], w[1], strings.Replace(old, core, repl, 1))
}

// rewordEdge changes a passage's first or last word (kind 1).
func (r *realEditor) rewordEdge(s [2]int) {
	ws := r.wordsOf(s)
	if len(ws) < 3 {
		return
	}
	if r.rng.IntN(2) == 0 {
		r.reword(ws[0])
	} else {
		r.reword(ws[len(ws)-1])
	}
}

// rewordInside changes n words inside a passage (kind 2).
func (r *realEditor) rewordInside(s [2]int, n int) {
	for k := 0; k < n; k++ {
		ws := r.wordsOf(s)
		if len(ws) < 6 {
			return
		}
		r.reword(ws[1+r.rng.IntN(len(ws)-2)])
	}
}

// rewordAnywhere changes a random word of the text.
func (r *realEditor) rewordAnywhere() {
	ws := words(r.e.text)
	if len(ws) == 0 {
		return
	}
	r.reword(ws[r.rng.IntN(len(ws))])
}

// midSentences lists sentences that do not end a paragraph (moving or deleting them keeps the
// paragraph breaks).
func (r *realEditor) midSentences() [][2]int {
	var out [][2]int
	for _, s := range sentences(r.e.text) {
		if !strings.ContainsRune(string(r.e.text[s[0]:s[1]]), '\n') && s[1] < len(r.e.text) {
			out = append(out, s)
		}
	}
	return out
}

// moveSentence moves a sentence from the middle of a paragraph to a sentence start or paragraph
// start elsewhere that is not inside an annotation.
func (r *realEditor) moveSentence() {
	ss := r.midSentences()
	if len(ss) == 0 {
		return
	}
	s := ss[r.rng.IntN(len(ss))]
	for try := 0; try < 20; try++ {
		to := freeBoundary(r.rng, r.e, r.spans, r.rng.IntN(2) == 0)
		if to < s[0] && s[0]-to > 2 || to > s[1] {
			r.e.move(s[0], s[1], to)
			return
		}
	}
}

// splitParagraph breaks a paragraph before one of its sentences.
func (r *realEditor) splitParagraph() {
	var starts []int
	for _, i := range sentenceStarts(r.e.text) {
		if i > 0 && r.e.text[i-1] == ' ' {
			starts = append(starts, i)
		}
	}
	if len(starts) == 0 {
		return
	}
	i := pick(r.rng, starts)
	r.e.substitute(i-1, '\n', false)
	r.e.replace(i, i, "\n")
}

// mergeParagraphs joins two paragraphs into one.
func (r *realEditor) mergeParagraphs() {
	ps := paragraphs(r.e.text)
	if len(ps) < 3 {
		return
	}
	k := r.rng.IntN(len(ps) - 1)
	a, b := ps[k][1], ps[k+1][0]
	if b-a < 2 {
		return
	}
	r.e.substitute(a, ' ', false)
	r.e.replace(a+1, b, "")
}

// insertSentence puts a sentence of another article at a free sentence start.
func (r *realEditor) insertSentence() {
	if len(r.donor) == 0 {
		return
	}
	i := freeBoundary(r.rng, r.e, r.spans, false)
	r.e.replace(i, i, pick(r.rng, r.donor)+" ")
}

// insertParagraph puts two or three sentences of another article as a new paragraph.
func (r *realEditor) insertParagraph() {
	if len(r.donor) == 0 {
		return
	}
	n := 2 + r.rng.IntN(2)
	ss := make([]string, n)
	for k := range ss {
		ss[k] = pick(r.rng, r.donor)
	}
	i := freeBoundary(r.rng, r.e, r.spans, true)
	r.e.replace(i, i, strings.Join(ss, " ")+"\n\n")
}

// insertBeside puts another article's sentence right before or after a passage.
func (r *realEditor) insertBeside(s [2]int) {
	if len(r.donor) == 0 {
		return
	}
	if r.rng.IntN(2) == 0 {
		if i := r.e.where(s[0]); i >= 0 {
			r.e.replace(i, i, pick(r.rng, r.donor)+" ")
		}
		return
	}
	if i := r.e.where(s[1] - 1); i >= 0 {
		r.e.replace(i+1, i+1, " "+pick(r.rng, r.donor))
	}
}

// quotations lists the spans inside quote marks (“…”, "…", «…»).
func quotations(t []rune) [][2]int {
	var out [][2]int
	open := -1
	for i, c := range t {
		switch {
		case c == '“' || c == '«' || c == '"' && open < 0:
			open = i + 1
		case (c == '”' || c == '»' || c == '"') && open >= 0:
			if i-open > 10 {
				out = append(out, [2]int{open, i})
			}
			open = -1
		case c == '\n':
			open = -1
		}
	}
	return out
}

// editQuote changes a quotation: a word inside it reworded, or its last words cut off.
func (r *realEditor) editQuote() bool {
	qs := quotations(r.e.text)
	if len(qs) == 0 {
		return false
	}
	q := pick(r.rng, qs)
	var ws [][2]int
	for _, w := range words(r.e.text[q[0]:q[1]]) {
		ws = append(ws, [2]int{q[0] + w[0], q[0] + w[1]})
	}
	if len(ws) < 4 {
		return false
	}
	if r.rng.IntN(3) == 0 {
		cut := 1 + r.rng.IntN(min(3, len(ws)-3))
		r.e.replace(ws[len(ws)-cut-1][1], q[1], "")
		return true
	}
	r.reword(ws[r.rng.IntN(len(ws))])
	return true
}

// deleteSentence removes a random sentence from the middle of a paragraph.
func (r *realEditor) deleteSentence() {
	ss := r.midSentences()
	if len(ss) == 0 {
		return
	}
	s := pick(r.rng, ss)
	r.e.replace(s[0], s[1], "")
}

// typoFix is a typo in the published text: at old index at, either a letter (orig) replaced or a
// letter doubled (orig == 0).
type typoFix struct {
	at   int
	orig rune
}

// withTypos puts n typos into text (letters inside words of five letters or more).
func withTypos(rng *rand.Rand, text []rune, n int) ([]rune, []typoFix) {
	ws := words(text)
	var cands []int
	for _, w := range ws {
		if w[1]-w[0] >= 5 && allLetters(text[w[0]:w[1]]) {
			cands = append(cands, w[0]+1+rng.IntN(w[1]-w[0]-2))
		}
	}
	rng.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
	cands = cands[:min(n, len(cands))]
	slices.Sort(cands)
	out := slices.Clone(text)
	var fixes []typoFix
	for k := len(cands) - 1; k >= 0; k-- { // from the end: earlier indices stay valid
		i := cands[k]
		if rng.IntN(2) == 0 {
			r := letters[rng.IntN(len(letters))]
			if r == unicode.ToLower(out[i]) {
				r = 'x'
			}
			fixes = append(fixes, typoFix{i, out[i]})
			out[i] = r
		} else {
			out = slices.Insert(out, i, out[i])
			for f := range fixes {
				fixes[f].at++
			}
			fixes = append(fixes, typoFix{i, 0})
		}
	}
	return out, fixes
}

func allLetters(w []rune) bool {
	for _, c := range w {
		if !unicode.IsLetter(c) {
			return false
		}
	}
	return true
}

// fixTypos undoes withTypos' typos in the new version.
func (r *realEditor) fixTypos(fixes []typoFix) {
	for _, f := range fixes {
		i := r.e.where(f.at)
		if i < 0 {
			continue
		}
		if f.orig == 0 {
			r.e.replace(i, i+1, "")
		} else {
			r.e.substitute(i, f.orig, true)
		}
	}
}

// withRealPullQuotes puts copies of n body sentences (or their first words) as paragraphs of their
// own near the top, with no marker, and returns the old spans of the copies and of the sentences
// they were copied from.
func withRealPullQuotes(rng *rand.Rand, text string, n int) (string, [][2]int, [][2]int) {
	paras := strings.Split(text, "\n\n")
	type pq struct{ at, src, s, t int } // inserted before paragraph at; copied from paragraph src [s,t)
	var pqs []pq
	for k := 0; k < n && len(paras) > 4; k++ {
		src := 3 + rng.IntN(len(paras)-3)
		body := []rune(paras[src])
		ss := sentences(body)
		x := trimSpace(body, ss[rng.IntN(len(ss))])
		ws := words(body[x[0]:x[1]])
		if len(ws) < 5 {
			continue
		}
		if rng.IntN(2) == 0 { // the first words only
			x[1] = x[0] + ws[min(len(ws)-1, 4+rng.IntN(len(ws)))][1]
		}
		pqs = append(pqs, pq{1 + rng.IntN(2), src, x[0], x[1]})
	}
	// Insert from the last position down; sources lie after every insertion point.
	quotes := make([]string, len(pqs))
	for k, p := range pqs {
		quotes[k] = string([]rune(paras[p.src])[p.s:p.t])
	}
	srcShift := make([]int, len(pqs))
	for k := len(pqs) - 1; k >= 0; k-- {
		paras = slices.Insert(paras, pqs[k].at, quotes[k])
		for j := range pqs {
			if pqs[j].src >= pqs[k].at {
				srcShift[j]++
			}
		}
	}
	// Paragraph offsets in code points.
	offs := make([]int, len(paras))
	o := 0
	for i, p := range paras {
		offs[i] = o
		o += utf8.RuneCountInString(p) + 2
	}
	var copies, sources [][2]int
	used := map[int]bool{}
	for i, p := range paras {
		if k := slices.Index(quotes, p); k >= 0 && !used[k] && i <= 3 {
			used[k] = true
			copies = append(copies, [2]int{offs[i], offs[i] + utf8.RuneCountInString(p)})
		}
	}
	for k, p := range pqs {
		i := p.src + srcShift[k]
		if i < len(paras) {
			sources = append(sources, [2]int{offs[i] + p.s, offs[i] + p.t})
		}
	}
	return strings.Join(paras, "\n\n"), copies, sources
}

// deleteOldSpan removes what is left of old span s, with the paragraph break after it when whole is set.
func (r *realEditor) deleteOldSpan(s [2]int, whole bool) {
	a, b := r.e.where(s[0]), r.e.where(s[1]-1)
	if a < 0 || b < a {
		return
	}
	b++
	if whole {
		for b < len(r.e.text) && r.e.text[b] == '\n' {
			b++
		}
	}
	r.e.replace(a, b, "")
}

var realProfiles = []string{"copy-edit", "restructure", "republish", "mixed"}

// realCase makes one edited article; ok is false for an article too short to annotate.
func realCase(arts []realArticle, idx int) (testCase, bool) {
	rng := rand.New(rand.NewPCG(1<<50+uint64(idx), 23))
	return deskCase(arts, idx, rng, realProfiles[idx%len(realProfiles)], fmt.Sprintf("real-%03d-%s", idx, arts[idx].ID))
}

// deskCase edits article idx in profile kind (realProfiles, or deskProfiles of the desk2 set) and
// names the case doc; ok is false for an article too short to annotate. For real1's profiles it
// draws from rng exactly as it did when real1 was made (TestRealSetVersion pins that).
func deskCase(arts []realArticle, idx int, rng *rand.Rand, kind, doc string) (testCase, bool) {
	art := arts[idx]
	base := []rune(art.Text)
	sl := spaceless(base)
	var vocab []string
	for _, w := range words(base) {
		if core := strings.TrimFunc(string(base[w[0]:w[1]]), func(c rune) bool { return !unicode.IsLetter(c) }); utf8.RuneCountInString(core) >= 3 && allLetters([]rune(core)) {
			vocab = append(vocab, core)
		}
	}
	if sl {
		vocab = nil
		for _, c := range base {
			if unicode.IsLetter(c) {
				vocab = append(vocab, string(c))
			}
		}
	}
	// The donor: the next article written the same way (spaces or not).
	var donor []string
	for k := 1; k < len(arts); k++ {
		d := []rune(arts[(idx+k)%len(arts)].Text)
		if spaceless(d) != sl {
			continue
		}
		for _, s := range sentences(d) {
			if x := strings.TrimSpace(string(d[s[0]:s[1]])); !strings.ContainsRune(x, '\n') && len(words([]rune(x))) >= 5 {
				donor = append(donor, x)
			}
		}
		break
	}

	oldText := art.Text
	var fixes []typoFix
	var copies, sources [][2]int
	switch kind {
	case "copy-edit", "mixed":
		old, f := withTypos(rng, base, 2+len(base)/700)
		oldText, fixes = string(old), f
	case "republish":
		oldText, copies, sources = withRealPullQuotes(rng, oldText, 2)
	default:
		if d, ok := deskSetups[kind]; ok {
			oldText, copies = d(rng, art, oldText)
		}
	}
	old := []rune(oldText)
	nSpans := min(12, len(words(old))/12)
	if nSpans < 2 {
		return testCase{}, false
	}
	spans := boundedSpans(rng, old, nSpans)
	if len(spans) < 4 {
		return testCase{}, false
	}
	// Every pull quote and the sentence it was copied from hold a highlight (part or all of it).
	for _, s := range slices.Concat(copies, sources) {
		ws := words(old[s[0]:s[1]])
		if len(ws) == 0 {
			continue
		}
		i, j := 0, len(ws)-1
		if rng.IntN(2) == 0 {
			i = rng.IntN(len(ws))
			j = i + rng.IntN(len(ws)-i)
		}
		spans = append(spans, [2]int{s[0] + ws[i][0], s[0] + ws[j][1]})
	}
	r := &realEditor{rng: rng, e: newEdited(old), spans: spans, vocab: vocab, donor: donor, spaceless: sl}
	some := func(n int) [][2]int { // up to n of the body spans, beyond the first two
		body := spans[2 : len(spans)-len(copies)-len(sources)]
		return body[:min(n, len(body))]
	}
	switch kind {
	case "copy-edit":
		r.fixTypos(fixes)
		for k, s := range some(6) {
			if k%2 == 0 {
				r.rewordEdge(s)
			} else {
				r.rewordInside(s, 1+k%3)
			}
		}
		for k := 0; k < 2; k++ {
			r.editQuote()
		}
		if rng.IntN(2) == 0 {
			swapQuotes(r.e)
		}
	case "restructure":
		for k := 0; k < 2; k++ {
			r.moveSentence()
		}
		r.splitParagraph()
		r.splitParagraph()
		r.mergeParagraphs()
		r.insertSentence()
		r.insertSentence()
		r.insertParagraph()
		for _, s := range some(2) {
			r.insertBeside(s)
		}
		r.deleteSentence()
		r.deleteSentence()
		if ss := some(4); len(ss) > 2 {
			deleteSentenceOf(r.e, ss[2])
		}
	case "republish":
		for k := range copies {
			if k%2 == 0 {
				r.deleteOldSpan(copies[k], true) // the pull quote goes
			} else if k < len(sources) {
				r.deleteOldSpan(sources[k], false) // the body sentence goes, the pull quote stays
			}
		}
		ss := some(5)
		if len(ss) > 0 {
			repeatElsewhere(rng, r.e, ss[0], spans, "en")
		}
		for _, s := range ss[min(1, len(ss)):min(3, len(ss))] {
			deleteSentenceOf(r.e, s)
		}
		for k := 0; k < 3; k++ {
			r.rewordAnywhere()
		}
		r.insertParagraph()
	case "mixed":
		r.fixTypos(fixes)
		ss := some(6)
		for k, s := range ss {
			switch k % 3 {
			case 0:
				r.rewordEdge(s)
			case 1:
				r.rewordInside(s, 1)
			default:
				r.insertBeside(s)
			}
		}
		r.editQuote()
		r.moveSentence()
		r.splitParagraph()
		r.mergeParagraphs()
		r.insertSentence()
		r.deleteSentence()
		if len(ss) > 3 {
			deleteSentenceOf(r.e, ss[3])
		}
	default:
		deskEdits[kind](r, copies, some)
	}
	c := testCase{Doc: doc, Scenario: kind, Old: oldText, New: string(r.e.text)}
	for _, s := range spans {
		a := newsAnno(r.e, c, old, s)
		if strings.HasPrefix(doc, "desk2-") || strings.HasPrefix(doc, "tail1-") || strings.HasPrefix(doc, "desk3-") || strings.HasPrefix(doc, "traf1-") { // real1 keeps its truth as it was made

			a = trimmedTruth(a, r.e.text)
		}
		c.Anns = append(c.Anns, a)
	}
	return c, true
}

// trimmedTruth leaves white space out of the edges of a surviving passage's truth where the quote
// itself has none there: the code points that survive beside a deleted edge word ("humidity. You"
// with "You" deleted) include the space before it, which is no passage's edge.
func trimmedTruth(a testAnno, text []rune) testAnno {
	if a.Deleted {
		return a
	}
	q := []rune(a.Sel.Exact)
	for a.End > a.Start+1 && unicode.IsSpace(text[a.End-1]) && !unicode.IsSpace(q[len(q)-1]) {
		a.End--
	}
	for a.Start < a.End-1 && unicode.IsSpace(text[a.Start]) && !unicode.IsSpace(q[0]) {
		a.Start++
	}
	return a
}

// newsAnno is an annotation on old span s with its truth, as newsCase makes them.
func newsAnno(e *edited, c testCase, old []rune, s [2]int) testAnno {
	ta := testAnno{Sel: describeRunes(old, s[0], s[1])}
	var heavy bool
	ta.Start, ta.End, ta.Deleted, heavy = newsTruth(e, s[0], s[1])
	whole := ta.Sel.Prefix + ta.Sel.Exact + ta.Sel.Suffix
	if ta.Deleted && countOverlapping(c.Old, whole) > 1 {
		if i := strings.Index(c.New, whole); i >= 0 {
			ta.Start = utf8.RuneCountInString(c.New[:i]) + len([]rune(ta.Sel.Prefix))
			ta.End = ta.Start + len([]rune(ta.Sel.Exact))
			ta.Deleted, heavy = false, true
		}
	}
	ta.Ambiguous = heavy || !ta.Deleted && (countOverlapping(c.Old, whole) > 1 || countOverlapping(c.New, whole) > 1)
	return ta
}

func generateRealSet(t testing.TB) testSet {
	arts := loadRealArticles(t)
	set := testSet{Version: "news-" + realSetVersion}
	for i := range arts {
		if c, ok := realCase(arts, i); ok {
			set.Cases = append(set.Cases, c)
		}
	}
	return set
}

// TestRealSetVersion pins the real-text set, as TestTestSetVersion pins v1.
func TestRealSetVersion(t *testing.T) {
	pinSet(t, generateRealSet(t), realSetVersion)
}

// TestRealHeldBackAccuracy only measures the real-text set: ReanchorFrom, ReanchorAll and the
// Hypothesis-style matcher in the same run, with each one's calibration. It fails only if
// ReanchorFrom makes more false anchors, or finds fewer deleted passages, than the Hypothesis-style
// matcher, or if every article was skipped.
func TestRealHeldBackAccuracy(t *testing.T) {
	set := generateRealSet(t)
	if len(set.Cases) < 150 {
		t.Fatalf("only %d articles made cases", len(set.Cases))
	}
	noWorseThanHypothesis(t, set)
}
