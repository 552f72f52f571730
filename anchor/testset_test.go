package anchor

// The versioned re-anchoring test set: seed articles and synthetic documents, each edited in many
// ways, with ground truth tracked through every edit. It is generated, not stored: the generator is
// deterministic, and testdata/testset-<version>.sha256 pins its output, so a change to the
// generator or to the seed articles shows up and must bump testSetVersion.
//
// Ground truth comes from the edits themselves: every code point of the new text remembers the
// old code point it came from (or -1 when inserted; an in-place substitution keeps its origin, a
// move carries it). An annotation's true span is the new range from its first to its last
// surviving code point, or when a move split it, of its longest piece still in order. It is deleted
// ("too changed", the right answer is orphan) when the edit distance from the old passage to that
// piece exceeds a quarter of the old passage's length, not counting changes of line ends, line
// breaks and quote marks.
// It is ambiguous when the quote with its whole context occurs more than once in the old or the
// new text: the selector cannot tell the places apart, so an orphan is as right as the truth.

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
)

const testSetVersion = "v1"

type testSet struct {
	Version string     `json:"version"`
	Cases   []testCase `json:"cases"`
}

type testCase struct {
	Doc      string     `json:"doc"`
	Scenario string     `json:"scenario"`
	Old      string     `json:"old"`
	New      string     `json:"new"`
	Anns     []testAnno `json:"annotations"`
}

type testAnno struct {
	Sel       Selector `json:"selector"`
	Deleted   bool     `json:"deleted"`             // truth: the passage is gone, the right answer is orphan
	Ambiguous bool     `json:"ambiguous,omitempty"` // truth: orphan is as right as Start, End
	Start     int      `json:"start"`               // truth in the new text, unless Deleted
	End       int      `json:"end"`
}

// edited is a text under edit: origin[i] is the old index of text[i], or -1 for inserted text.
type edited struct {
	old    []rune
	text   []rune
	origin []int
	typo   []bool // replaced by a typo (in place, so the origin stays)
}

func newEdited(s []rune) *edited {
	e := &edited{old: s, text: slices.Clone(s), origin: make([]int, len(s)), typo: make([]bool, len(s))}
	for i := range e.origin {
		e.origin[i] = i
	}
	return e
}

func (e *edited) replace(a, b int, ins string) {
	r := []rune(ins)
	origins := make([]int, len(r))
	for i := range origins {
		origins[i] = -1
	}
	e.text = slices.Concat(e.text[:a], r, e.text[b:])
	e.origin = slices.Concat(e.origin[:a], origins, e.origin[b:])
	e.typo = slices.Concat(e.typo[:a], make([]bool, len(r)), e.typo[b:])
}

// substitute replaces one code point in place; a typo counts as a change of the passage, a new
// line break or quote mark does not.
func (e *edited) substitute(i int, r rune, typo bool) {
	e.text[i] = r
	e.typo[i] = e.typo[i] || typo
}

// rebuild lays out segments of the current text in a new order with sep between them: origins
// travel with their code points.
func (e *edited) rebuild(segs [][2]int, sep string) {
	var text []rune
	var origin []int
	var typo []bool
	for k, s := range segs {
		if k > 0 {
			for _, r := range sep {
				text = append(text, r)
				origin = append(origin, -1)
				typo = append(typo, false)
			}
		}
		text = append(text, e.text[s[0]:s[1]]...)
		origin = append(origin, e.origin[s[0]:s[1]]...)
		typo = append(typo, e.typo[s[0]:s[1]]...)
	}
	e.text, e.origin, e.typo = text, origin, typo
}

// where returns the current index of old code point o, or -1 if it was deleted.
func (e *edited) where(o int) int { return slices.Index(e.origin, o) }

// truth follows the old span [s, t) into the current text: the longest run of its surviving code
// points that is still one passage in order (a move may split it), deleted if too changed.
func (e *edited) truth(s, t int) (start, end int, deleted bool) {
	bestLo, bestHi, bestN := -1, -1, 0
	lo, hi, n, last := -1, -1, 0, -1
	flush := func() {
		if n > bestN {
			bestLo, bestHi, bestN = lo, hi, n
		}
	}
	for i, o := range e.origin {
		switch {
		case o >= s && o < t && (lo < 0 || o > last):
			if lo < 0 {
				lo = i
			}
			hi, last = i, o
			n++
		case o >= s && o < t: // out of order: a new run
			flush()
			lo, hi, n, last = i, i, 1, o
		case o >= 0 && lo >= 0: // other old text: the run ends
			flush()
			lo, n = -1, 0
		}
	}
	flush()
	if bestLo < 0 {
		return 0, 0, true
	}
	if editDistance(layoutNeutral(e.old[s:t]), layoutNeutral(e.text[bestLo:bestHi+1]))*4 > t-s {
		return 0, 0, true
	}
	return bestLo, bestHi + 1, false
}

// layoutNeutral undoes the edits that change no words (line ends, line breaks, quote marks), so
// that only real edits count as change. It is deliberately simpler than the package's folding.
func layoutNeutral(s []rune) []rune {
	var out []rune
	for _, r := range s {
		switch r {
		case '\r':
			continue
		case '\n', '\t':
			r = ' '
		case '‘', '’':
			r = '\''
		case '“', '”':
			r = '"'
		}
		out = append(out, r)
	}
	return out
}

func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j-1]+cost, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// covered reports whether i lies strictly inside one of the spans (old offsets of the current text).
func (e *edited) insideAny(i int, spans [][2]int) bool {
	if i <= 0 || i >= len(e.text) {
		return false
	}
	before, after := e.origin[i-1], e.origin[i]
	for _, s := range spans {
		if before >= s[0] && before < s[1] && after > s[0] && after < s[1] {
			return true
		}
		if (before == -1 || after == -1) && (before >= s[0] && before < s[1] || after > s[0] && after < s[1]) {
			return true
		}
	}
	return false
}

// sentenceStarts lists where sentences begin: after . ? ! (and a closing quote) and white space.
func sentenceStarts(t []rune) []int {
	starts := []int{0}
	for i := 1; i < len(t); i++ {
		if unicode.IsSpace(t[i-1]) && !unicode.IsSpace(t[i]) {
			j := i - 1
			for j > 0 && unicode.IsSpace(t[j]) {
				j--
			}
			for j > 0 && strings.ContainsRune("\"”’'", t[j]) {
				j--
			}
			if strings.ContainsRune(".?!", t[j]) || strings.Contains(string(t[j+1:i]), "\n") {
				starts = append(starts, i)
			}
		}
	}
	return starts
}

// sentences returns [start, end) spans with the white space after each sentence included.
func sentences(t []rune) [][2]int {
	starts := append(sentenceStarts(t), len(t))
	var out [][2]int
	for k := 0; k+1 < len(starts); k++ {
		out = append(out, [2]int{starts[k], starts[k+1]})
	}
	return out
}

// paragraphs returns the spans between runs of two or more line breaks.
func paragraphs(t []rune) [][2]int {
	var out [][2]int
	start := 0
	for i := 0; i < len(t); {
		if t[i] == '\n' || t[i] == '\r' {
			j, breaks := i, 0
			for j < len(t) && (t[j] == '\n' || t[j] == '\r' || t[j] == ' ') {
				if t[j] == '\n' {
					breaks++
				}
				j++
			}
			if breaks >= 2 && j < len(t) {
				out = append(out, [2]int{start, i})
				start = j
			}
			i = j
			continue
		}
		i++
	}
	return append(out, [2]int{start, len(t)})
}

// words returns the spans of runs of non-space code points.
func words(t []rune) [][2]int {
	var out [][2]int
	for i := 0; i < len(t); {
		if unicode.IsSpace(t[i]) {
			i++
			continue
		}
		j := i
		for j < len(t) && !unicode.IsSpace(t[j]) {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

var bankSentences = []string{
	"Officials did not respond to a request for comment.",
	"The office declined to say how many people took part.",
	"This story has been updated with a statement from the campaign.",
	"A spokesperson said the review was ongoing.",
	"Correction: an earlier version of this article misstated a date.",
	"The program was first reported by a local newspaper.",
	"Records obtained by the group show a different picture.",
	"It was not clear when the policy changed.",
}

var bankParagraphs = []string{
	"Editor’s note: this article was updated after publication to include new information from court records and interviews with two former staff members.",
	"Related coverage: how county programs decide who is eligible, and what happens when the rules change during a case.",
}

var letters = []rune("abcdefghijklmnopqrstuvwxyz")

// pickSpans chooses annotation spans at word boundaries: one at the very start, one at the very
// end, and n more of mixed lengths (a word up to a whole paragraph).
func pickSpans(rng *rand.Rand, t []rune, n int) [][2]int {
	ws := words(t)
	if len(ws) == 0 {
		return nil
	}
	spans := [][2]int{
		{ws[0][0], ws[min(len(ws)-1, rng.IntN(4))][1]},
		{ws[max(0, len(ws)-1-rng.IntN(4))][0], ws[len(ws)-1][1]},
	}
	for try := 0; len(spans) < n+2 && try < 100*(n+2); try++ { // bounded: a short text may have fewer distinct spans
		var s [2]int
		switch k := rng.IntN(100); {
		case k < 85:
			lengths := []int{1, 1, 2, 3, 3, 4, 5, 6, 8, 10, 12, 16, 20}
			i := rng.IntN(len(ws))
			j := min(len(ws)-1, i+lengths[rng.IntN(len(lengths))]-1)
			s = [2]int{ws[i][0], ws[j][1]}
			if rng.IntN(3) == 0 && s[1]-s[0] > 2 && strings.ContainsRune(".,;:", t[s[1]-1]) {
				s[1]-- // leave the punctuation out, as people often do
			}
		case k < 95:
			ss := sentences(t)
			x := ss[rng.IntN(len(ss))]
			s = trimSpace(t, x)
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

func trimSpace(t []rune, s [2]int) [2]int {
	for s[0] < s[1] && unicode.IsSpace(t[s[0]]) {
		s[0]++
	}
	for s[1] > s[0] && unicode.IsSpace(t[s[1]-1]) {
		s[1]--
	}
	return s
}

// scenario edits e; spans are the annotations' old spans.
type scenario struct {
	name string
	edit func(rng *rand.Rand, e *edited, spans [][2]int)
}

// typoInside makes a one-letter edit strictly inside old span s (if it is long enough).
func typoInside(rng *rand.Rand, e *edited, s [2]int) {
	if s[1]-s[0] < 12 {
		return
	}
	for try := 0; try < 20; try++ {
		o := s[0] + 2 + rng.IntN(s[1]-s[0]-4)
		i := e.where(o)
		if i < 0 || !unicode.IsLetter(e.text[i]) {
			continue
		}
		typo(rng, e, i)
		return
	}
}

func typo(rng *rand.Rand, e *edited, i int) {
	switch rng.IntN(3) {
	case 0:
		r := letters[rng.IntN(len(letters))]
		if r == e.text[i] {
			r = 'q'
		}
		e.substitute(i, r, true)
	case 1:
		e.replace(i, i, string(letters[rng.IntN(len(letters))]))
	default:
		e.replace(i, i+1, "")
	}
}

// typoNear edits a letter within 8 code points outside old span s.
func typoNear(rng *rand.Rand, e *edited, s [2]int, spans [][2]int) {
	for try := 0; try < 20; try++ {
		o := s[0] - 1 - rng.IntN(8)
		if rng.IntN(2) == 0 {
			o = s[1] + rng.IntN(8)
		}
		i := e.where(o)
		if i < 0 || !unicode.IsLetter(e.text[i]) || e.insideAny(i, spans) {
			continue
		}
		typo(rng, e, i)
		return
	}
}

// freeBoundary picks a sentence start (or paragraph start) that is not inside any annotation.
func freeBoundary(rng *rand.Rand, e *edited, spans [][2]int, paragraph bool) int {
	var starts []int
	if paragraph {
		for _, p := range paragraphs(e.text) {
			starts = append(starts, p[0])
		}
	} else {
		starts = sentenceStarts(e.text)
	}
	for try := 0; try < 30; try++ {
		i := starts[rng.IntN(len(starts))]
		if !e.insideAny(i, spans) {
			return i
		}
	}
	return 0
}

// farBoundary is the first paragraph start more than a context away from every annotation, so
// that a copy inserted there leaves every annotation's context as it was (0 if there is none).
func farBoundary(e *edited, spans [][2]int) int {
	for _, p := range paragraphs(e.text) {
		far := true
		for _, s := range spans {
			a, b := e.where(s[0]), e.where(s[1]-1)
			if a >= 0 && abs(p[0]-a) <= ContextLen+2 || b >= 0 && abs(p[0]-b) <= ContextLen+2 || a >= 0 && b >= 0 && a < p[0] && p[0] <= b {
				far = false
				break
			}
		}
		if far {
			return p[0]
		}
	}
	return 0
}

func insertSentences(rng *rand.Rand, e *edited, spans [][2]int, n int) {
	for k := 0; k < n; k++ {
		i := freeBoundary(rng, e, spans, false)
		e.replace(i, i, bankSentences[rng.IntN(len(bankSentences))]+" ")
	}
}

func insertParagraph(rng *rand.Rand, e *edited, spans [][2]int) {
	i := freeBoundary(rng, e, spans, true)
	e.replace(i, i, bankParagraphs[rng.IntN(len(bankParagraphs))]+"\n\n")
}

func deleteSentences(rng *rand.Rand, e *edited, n int) {
	for k := 0; k < n; k++ {
		ss := sentences(e.text)
		if len(ss) < 3 {
			return
		}
		s := ss[1+rng.IntN(len(ss)-2)]
		e.replace(s[0], s[1], "")
	}
}

func deleteParagraph(rng *rand.Rand, e *edited) {
	ps := paragraphs(e.text)
	if len(ps) < 3 {
		return
	}
	k := 1 + rng.IntN(len(ps)-2)
	e.replace(ps[k][0], ps[k+1][0], "") // with the break after it
}

func swapParagraphs(rng *rand.Rand, e *edited) {
	ps := paragraphs(e.text)
	if len(ps) < 3 {
		return
	}
	i, j := rng.IntN(len(ps)), rng.IntN(len(ps))
	for j == i {
		j = rng.IntN(len(ps))
	}
	ps[i], ps[j] = ps[j], ps[i]
	e.rebuild(ps, "\n\n")
}

// reflow hard-wraps paragraphs at a width and unwraps existing single line breaks.
func reflow(rng *rand.Rand, e *edited) {
	width := 55 + rng.IntN(20)
	col, lastSpace := 0, -1
	for i := 0; i < len(e.text); i++ {
		r := e.text[i]
		if r == '\n' && i+1 < len(e.text) && e.text[i+1] != '\n' && i > 0 && e.text[i-1] != '\n' && e.text[i-1] != '\r' {
			e.substitute(i, ' ', false)
			r = ' '
		}
		switch {
		case r == '\n':
			col, lastSpace = 0, -1
			continue
		case r == ' ':
			lastSpace = i
		}
		col++
		if col > width && lastSpace >= 0 {
			e.substitute(lastSpace, '\n', false)
			col, lastSpace = i-lastSpace, -1
		}
	}
}

// toggleLineEnds turns LF into CRLF, or CRLF into LF when the text already has CRLF.
func toggleLineEnds(e *edited) {
	crlf := strings.Contains(string(e.text), "\r\n")
	for i := len(e.text) - 1; i >= 0; i-- {
		switch {
		case crlf && e.text[i] == '\r' && i+1 < len(e.text) && e.text[i+1] == '\n':
			e.replace(i, i+1, "")
		case !crlf && e.text[i] == '\n':
			e.replace(i, i, "\r")
		}
	}
}

// swapQuotes straightens curly quotes and curls straight ones.
func swapQuotes(e *edited) {
	open := true
	for i, r := range e.text {
		switch r {
		case '‘', '’':
			e.substitute(i, '\'', false)
		case '“', '”':
			e.substitute(i, '"', false)
		case '\'':
			e.substitute(i, '’', false)
		case '"':
			if open {
				e.substitute(i, '“', false)
			} else {
				e.substitute(i, '”', false)
			}
			open = !open
		}
	}
}

var scenarios = []scenario{
	{"typo-in-quote", func(rng *rand.Rand, e *edited, spans [][2]int) {
		for _, s := range spans[:len(spans)/2] {
			typoInside(rng, e, s)
		}
	}},
	{"typo-near-quote", func(rng *rand.Rand, e *edited, spans [][2]int) {
		for _, s := range spans[:len(spans)/2] {
			typoNear(rng, e, s, spans)
		}
	}},
	{"insert-sentences", func(rng *rand.Rand, e *edited, spans [][2]int) {
		insertSentences(rng, e, spans, 4)
		insertParagraph(rng, e, spans)
	}},
	{"delete-sentences", func(rng *rand.Rand, e *edited, spans [][2]int) {
		deleteSentences(rng, e, 3)
		deleteParagraph(rng, e)
	}},
	{"reorder-paragraphs", func(rng *rand.Rand, e *edited, spans [][2]int) {
		swapParagraphs(rng, e)
		swapParagraphs(rng, e)
	}},
	{"reflow", func(rng *rand.Rand, e *edited, spans [][2]int) { reflow(rng, e) }},
	{"line-ends", func(rng *rand.Rand, e *edited, spans [][2]int) { toggleLineEnds(e) }},
	{"quote-marks", func(rng *rand.Rand, e *edited, spans [][2]int) { swapQuotes(e) }},
	{"duplicate-passage", func(rng *rand.Rand, e *edited, spans [][2]int) {
		// Copies of quotes elsewhere (a pull quote), one of them with its whole context: that one
		// is truly ambiguous and the right answer for it is an orphan or the original.
		for k, s := range spans[2:6] {
			from, to := s[0], s[1]
			if k == 0 {
				from, to = max(0, from-ContextLen), min(len(e.origin), to+ContextLen)
			}
			var copied []rune
			for o := from; o < to; o++ {
				if i := e.where(o); i >= 0 {
					copied = append(copied, e.text[i])
				}
			}
			i := freeBoundary(rng, e, spans, true)
			if k == 0 {
				i = farBoundary(e, spans)
			}
			e.replace(i, i, string(copied)+"\n\n")
		}
	}},
	{"delete-annotated", func(rng *rand.Rand, e *edited, spans [][2]int) {
		// Delete the sentences holding some annotations: the right answer for them is orphan,
		// even where their words occur elsewhere.
		for _, s := range spans[2:6] {
			i := e.where(s[0])
			if i < 0 {
				continue
			}
			for _, ss := range sentences(e.text) {
				if ss[0] <= i && i < ss[1] {
					e.replace(ss[0], ss[1], "")
					break
				}
			}
		}
	}},
	{"start-and-end", func(rng *rand.Rand, e *edited, spans [][2]int) {
		typoNear(rng, e, spans[0], spans)
		typoInside(rng, e, spans[1])
		e.replace(0, 0, "UPDATED 3:45 p.m. ")
		e.replace(len(e.text), len(e.text), "\n\nThis article was updated.")
	}},
	{"mixed", func(rng *rand.Rand, e *edited, spans [][2]int) {
		for _, s := range spans[:3] {
			typoInside(rng, e, s)
		}
		for _, s := range spans[3:6] {
			typoNear(rng, e, s, spans)
		}
		insertSentences(rng, e, spans, 2)
		deleteSentences(rng, e, 2)
		swapParagraphs(rng, e)
		reflow(rng, e)
		toggleLineEnds(e)
		swapQuotes(e)
	}},
}

// syntheticDocs cover what the seed articles lack: emoji and combining marks, CRLF hard-wrapped
// wire copy, straight quotes, boilerplate that repeats, a very short text.
var syntheticDocs = map[string]string{
	"synthetic-emoji": "Family day 👩\u200d👩\u200d👧 at the fair drew a record crowd, organisers said on Sunday.\n\n" +
		"Flags 🇺🇸 and 🇲🇽 lined the route as the parade passed the cafe\u0301 on Main Street, where the owner said \"it was the busiest day in years\".\n\n" +
		"Critics said the event cost the city too much. \"We can't keep paying for this,\" one council member said, adding that the budget was \"already stretched\".\n\n" +
		"The mayor's office said the fair would return next year, with more shade and water stations 💧 along the route.\n\n" +
		"Nai\u0308ve estimates put attendance at 40,000; police said the real number was closer to 25,000.",
	"synthetic-wire": strings.ReplaceAll("WASHINGTON (Wire) -- The committee voted 7-4 on Tuesday to advance the\n"+
		"measure, sending it to the full chamber for a vote expected next week.\n\n"+
		"The bill would require counties to report quarterly on how many people\n"+
		"were referred to federal authorities, a change supporters said was overdue.\n\n"+
		"\"This is about transparency,\" said the bill's sponsor. \"People deserve to\n"+
		"know what their local officials are doing.\"\n\n"+
		"Opponents said the reporting rules would burden small counties and\n"+
		"could discourage victims from coming forward.\n\n"+
		"The measure faces an uncertain future in the other chamber, where a\n"+
		"similar bill died last year without a hearing.", "\n", "\r\n"),
	"synthetic-boilerplate": "Council approves new budget after long debate\n\n" +
		"Advertisement\n\n" +
		"The city council approved the budget late on Monday after a six-hour meeting.\n\n" +
		"Read more: Council news\n\n" +
		"The budget adds money for parks and libraries but cuts overtime for the police.\n\n" +
		"Advertisement\n\n" +
		"Residents who spoke at the meeting were divided on the cuts.\n\n" +
		"Read more: Council news\n\n" +
		"The council will vote on the final details next month.\n\n" +
		"Advertisement",
	"synthetic-short": "Storm closes schools. Classes resume Monday, officials said.",
}

func docSeed(name string, k int) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(name))
	return rand.New(rand.NewPCG(h.Sum64(), uint64(k)))
}

// generateTestSet builds the set from the seed articles in dir plus the synthetic documents.
func generateTestSet(seedDir string) (testSet, error) {
	files, err := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	if err != nil {
		return testSet{}, err
	}
	if len(files) == 0 {
		return testSet{}, fmt.Errorf("no seed articles in %s", seedDir)
	}
	type doc struct{ name, text string }
	var docs []doc
	for _, f := range files { // Glob sorts
		b, err := os.ReadFile(f)
		if err != nil {
			return testSet{}, err
		}
		docs = append(docs, doc{filepath.Base(f), strings.TrimPrefix(string(b), "\uFEFF")})
	}
	names := make([]string, 0, len(syntheticDocs))
	for name := range syntheticDocs {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		docs = append(docs, doc{name, syntheticDocs[name]})
	}

	set := testSet{Version: testSetVersion}
	for _, d := range docs {
		old := []rune(d.text)
		for k, sc := range scenarios {
			rng := docSeed(d.name, k)
			spans := pickSpans(rng, old, 14)
			e := newEdited(old)
			sc.edit(rng, e, spans)
			c := testCase{Doc: d.name, Scenario: sc.name, Old: d.text, New: string(e.text)}
			for _, s := range spans {
				ta := testAnno{Sel: describeRunes(old, s[0], s[1])}
				ta.Start, ta.End, ta.Deleted = e.truth(s[0], s[1])
				whole := ta.Sel.Prefix + ta.Sel.Exact + ta.Sel.Suffix
				ta.Ambiguous = countOverlapping(c.Old, whole) > 1 || countOverlapping(c.New, whole) > 1
				c.Anns = append(c.Anns, ta)
			}
			set.Cases = append(set.Cases, c)
		}
	}
	return set, nil
}

func countOverlapping(s, sub string) int {
	n := 0
	for i := strings.Index(s, sub); i >= 0; n++ {
		j := strings.Index(s[i+1:], sub)
		if j < 0 {
			return n + 1
		}
		i += 1 + j
	}
	return n
}

func (s testSet) sum() string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
