package anchor

// Round 2 session 9 (issue 17): two more sets, both made before any rule of this session was written.
//
//   - desk3, a TUNING set: the text of the Mozilla Readability pages that desk2 leaves out (the
//     paragraphs after its 5,000-code-point cut, cut again at 5,000; pages with 1,000 code points or
//     more of them), Apache 2.0, edited twice in desk2's ten profiles and three new ones (below), with
//     seeds of its own.
//   - traf1, a HELD-BACK set, only measured: real pages that no other set uses, from the evaluation
//     pages of go-trafilatura (a direct dependency in go.mod, Apache 2.0; read from the module
//     cache, nothing of it is copied into this repository): test-files/comparison, the pages named
//     after their site (the 32-hex-digit ones are the Zyte benchmark's, real1's source, and are left
//     out), the text of their <p> elements of 60 code points or more, cut at 5,000, the page's <title>
//     and og:description as headline and standfirst. Each page is edited once, in the thirteen
//     profiles in turn. Skipped when the module is not in the cache.
//
// The three new profiles are the kinds as the false anchors of the tuning sets showed them:
//
//   - pullquote-run: a pull quote near the top copies a body sentence together with the whole
//     sentence after it; the body's sentence holds a highlight, and so does the pull quote. Then the
//     body sentence is deleted (the pull quote, with its following sentence, stays) or the pull quote
//     is (its words stay in the body, with the same following sentence); a light rewrite beside.
//   - lead: the headline is the first paragraph's first sentence (or its first words), both
//     highlighted; then the headline is deleted, or the first sentence is, or the headline reworded.
//   - dup-para: a paragraph is printed twice (syndicated copy), a passage of each copy highlighted;
//     then the later copy or the first one is deleted, and a highlighted sentence elsewhere is lightly
//     rewritten with a sentence inserted beside it (kind 2).

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
)

const desk3SetVersion = "desk3"
const traf1SetVersion = "traf1"

var desk3Profiles = append(slices.Clone(deskProfiles), "pullquote-run", "lead", "dup-para")

func init() {
	deskSetups["pullquote-run"] = withPullQuoteRun
	deskSetups["lead"] = withLeadHeadline
	deskSetups["dup-para"] = withDuplicateParagraph
	deskEdits["pullquote-run"] = (*realEditor).editPullQuoteRun
	deskEdits["lead"] = (*realEditor).editLead
	deskEdits["dup-para"] = (*realEditor).editDuplicate
}

// paraOffsets gives each paragraph's first code point.
func paraOffsets(paras []string) []int {
	offs := make([]int, len(paras))
	o := 0
	for i, p := range paras {
		offs[i] = o
		o += utf8.RuneCountInString(p) + 2
	}
	return offs
}

// withPullQuoteRun copies a body sentence and the whole sentence after it as a paragraph near the
// top; heads are the copy's first sentence and the body's sentence.
func withPullQuoteRun(rng *rand.Rand, art realArticle, text string) (string, [][2]int) {
	paras := strings.Split(text, "\n\n")
	if len(paras) < 5 {
		return text, nil
	}
	for try := 0; try < 20; try++ {
		src := 3 + rng.IntN(len(paras)-3)
		body := []rune(paras[src])
		ss := sentences(body)
		if len(ss) < 2 {
			continue
		}
		k := rng.IntN(len(ss) - 1)
		s1, s2 := trimSpace(body, ss[k]), trimSpace(body, ss[k+1])
		if len(words(body[s1[0]:s1[1]])) < 4 || s2[1] <= s2[0] {
			continue
		}
		quote := string(body[s1[0]:s2[1]])
		at := 1 + rng.IntN(2)
		paras = slices.Insert(paras, at, quote)
		offs := paraOffsets(paras)
		n1 := s1[1] - s1[0]
		return strings.Join(paras, "\n\n"), [][2]int{{offs[at], offs[at] + n1}, {offs[src+1] + s1[0], offs[src+1] + s1[1]}}
	}
	return text, nil
}

func (r *realEditor) editPullQuoteRun(heads [][2]int, some func(int) [][2]int) {
	if len(heads) == 2 {
		if r.rng.IntN(2) == 0 {
			r.deleteOldSpan(heads[1], false) // the body's sentence goes, the pull quote stays
		} else {
			// The pull quote goes, its whole paragraph.
			a := r.e.where(heads[0][0])
			if a >= 0 {
				for _, p := range paragraphs(r.e.text) {
					if p[0] == a {
						e := p[1]
						for e < len(r.e.text) && r.e.text[e] == '\n' {
							e++
						}
						r.e.replace(p[0], e, "")
						break
					}
				}
			}
		}
	}
	if ss := some(2); len(ss) > 0 {
		r.rewordInside(ss[0], 1)
		r.insertBeside(ss[0])
	}
	r.rewordAnywhere()
}

// withLeadHeadline puts the first paragraph's first sentence (or its first words) above the text as
// its headline; heads are the headline and the sentence.
func withLeadHeadline(rng *rand.Rand, art realArticle, text string) (string, [][2]int) {
	t := []rune(text)
	ss := sentences(t)
	if len(ss) == 0 {
		return text, nil
	}
	s := trimSpace(t, ss[0])
	ws := words(t[s[0]:s[1]])
	if len(ws) < 3 || strings.ContainsRune(string(t[s[0]:s[1]]), '\n') {
		return text, nil
	}
	if rng.IntN(2) == 0 && len(ws) > 5 {
		s[1] = s[0] + ws[2+rng.IntN(len(ws)-4)][1]
	}
	head := strings.TrimRight(string(t[s[0]:s[1]]), ".!?。")
	n := utf8.RuneCountInString(head)
	return head + "\n\n" + text, [][2]int{{0, n}, {n + 2 + s[0], n + 2 + s[0] + n}}
}

func (r *realEditor) editLead(heads [][2]int, some func(int) [][2]int) {
	if len(heads) == 2 {
		switch r.rng.IntN(3) {
		case 0:
			r.deleteOldSpan(heads[0], true) // the headline goes
		case 1:
			deleteSentenceOf(r.e, heads[1]) // the lead sentence goes
		default:
			if ws := r.wordsOf(heads[0]); len(ws) > 0 {
				r.reword(ws[r.rng.IntN(len(ws))])
			}
		}
	}
	for _, s := range some(2) {
		r.rewordEdge(s)
	}
	r.insertSentence()
}

// withDuplicateParagraph prints a paragraph twice; heads are a passage of each copy (the same one).
func withDuplicateParagraph(rng *rand.Rand, art realArticle, text string) (string, [][2]int) {
	paras := strings.Split(text, "\n\n")
	if len(paras) < 5 {
		return text, nil
	}
	src := 1 + rng.IntN(len(paras)-2)
	p := []rune(paras[src])
	ws := words(p)
	if len(ws) < 6 {
		return text, nil
	}
	i := rng.IntN(len(ws) - 3)
	j := min(len(ws)-1, i+2+rng.IntN(8))
	at := src + 2 + rng.IntN(max(1, len(paras)-src-1))
	at = min(at, len(paras))
	paras = slices.Insert(paras, at, paras[src])
	offs := paraOffsets(paras)
	return strings.Join(paras, "\n\n"), [][2]int{{offs[src] + ws[i][0], offs[src] + ws[j][1]}, {offs[at] + ws[i][0], offs[at] + ws[j][1]}}
}

func (r *realEditor) editDuplicate(heads [][2]int, some func(int) [][2]int) {
	if len(heads) == 2 {
		h := heads[r.rng.IntN(2)]
		a := r.e.where(h[0])
		if a >= 0 {
			for _, p := range paragraphs(r.e.text) {
				if p[0] <= a && a < p[1] {
					e := p[1]
					for e < len(r.e.text) && r.e.text[e] == '\n' {
						e++
					}
					r.e.replace(p[0], e, "")
					break
				}
			}
		}
	}
	if ss := some(3); len(ss) > 1 {
		r.rewordInside(ss[1], 1)
		r.insertBeside(ss[1])
	}
	r.rewordAnywhere()
}

// loadMozillaTails reads the Mozilla pages' text after desk2's cut: the paragraphs after its first
// 5,000 code points, cut again at 5,000; pages with under 1,000 code points of them left out.
func loadMozillaTails(t testing.TB) []realArticle {
	ents, err := os.ReadDir(mozillaDir)
	if err != nil {
		t.Fatal(err)
	}
	var arts []realArticle
	for _, ent := range ents {
		if !ent.IsDir() {
			continue
		}
		dir := filepath.Join(mozillaDir, ent.Name())
		var kept []string
		n, past := 0, false
		for _, p := range htmlBlocks(gunzipFile(t, filepath.Join(dir, "expected.html.gz"))) {
			l := utf8.RuneCountInString(p)
			if l > 5000 {
				continue
			}
			if !past { // desk2's head, as loadDeskArticles cuts it
				if n > 0 && n+l+2 > 5000 {
					past, n = true, 0
				} else {
					n += l + 2
					continue
				}
			}
			if len(kept) > 0 && n+l+2 > 5000 {
				break
			}
			kept = append(kept, p)
			n += l + 2
		}
		text := strings.Join(kept, "\n\n")
		if utf8.RuneCountInString(text) < 1000 {
			continue
		}
		title, sf := pageHead(gunzipFile(t, filepath.Join(dir, "source.html.gz")))
		arts = append(arts, realArticle{ID: ent.Name(), URL: "mozilla-tail/" + ent.Name(), Text: text, Title: title, Standfirst: sf})
	}
	return arts
}

// generateDesk3Set makes desk3: every tail twice, in the thirteen profiles, seeds of its own.
func generateDesk3Set(t testing.TB) testSet {
	return twoDeskPasses(loadMozillaTails(t), desk3SetVersion, "desk3", desk3Profiles, 7, 4<<50, 37)
}

// TestDesk3SetVersion pins desk3.
func TestDesk3SetVersion(t *testing.T) {
	pinSet(t, generateDesk3Set(t), desk3SetVersion)
}

// Floors of desk3, the figures ReanchorFrom reached on it (main before this session's rules: 0.995 /
// 0.996 / 0.990 / 0.001; goals: exact 0.97, near 0.99, orphan recall 1, false anchor 0).
var desk3Floors = floors{exact: 0.996, near: 0.997, orphan: 0.99, falseAnchor: 0.001}

// TestDesk3Accuracy measures the desk3 tuning set and holds ReanchorFrom to its floors.
func TestDesk3Accuracy(t *testing.T) {
	set := generateDesk3Set(t)
	if len(set.Cases) < 70 {
		t.Fatalf("only %d cases", len(set.Cases))
	}
	holdToFloors(t, evalSet(t, set)[0], desk3Floors)
}

// trafilaturaDir is go-trafilatura's folder in the module cache, or "" where it is not there.
func trafilaturaDir() string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/markusmobius/go-trafilatura").Output()
	if err != nil {
		return ""
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "test-files", "comparison")
	if _, err := os.Stat(dir); err != nil {
		return ""
	}
	return dir
}

// pTexts is the text of a page's <p> elements, white space collapsed, one per paragraph.
func pTexts(b []byte) []string {
	z := html.NewTokenizer(bytes.NewReader(b))
	var out []string
	var cur strings.Builder
	inP, skip := false, 0
	flush := func() {
		if s := strings.Join(strings.Fields(cur.String()), " "); s != "" && inP {
			out = append(out, s)
		}
		cur.Reset()
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			flush()
			return out
		case html.TextToken:
			if inP && skip == 0 {
				cur.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "noscript", "svg":
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case "p":
				flush()
				inP = tt == html.StartTagToken
			case "div", "h1", "h2", "h3", "li", "ul", "ol", "table", "section", "article", "header", "footer", "aside", "blockquote":
				flush()
				inP = false
			case "br":
				cur.WriteByte(' ')
			}
		}
	}
}

var zyteName = regexp.MustCompile(`^[0-9a-f]{32}\.html$`)

// loadTrafPages reads the site-named comparison pages of go-trafilatura: <p> texts of 60 code
// points or more (each once), cut to whole paragraphs at 5,000 code points; pages that are not
// UTF-8 or hold under 1,500 code points of such text left out; at most 130, in name order.
func loadTrafPages(t testing.TB, dir string) []realArticle {
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var arts []realArticle
	for _, ent := range ents {
		if len(arts) == 130 {
			break
		}
		name := ent.Name()
		if ent.IsDir() || !strings.HasSuffix(name, ".html") || zyteName.MatchString(name) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !utf8.Valid(b) {
			continue
		}
		var kept []string
		seen := map[string]bool{}
		n := 0
		for _, p := range pTexts(b) {
			l := utf8.RuneCountInString(p)
			if l < 60 || l > 5000 || seen[p] {
				continue
			}
			seen[p] = true
			if n+l+2 > 5000 {
				break
			}
			kept = append(kept, p)
			n += l + 2
		}
		text := strings.Join(kept, "\n\n")
		if utf8.RuneCountInString(text) < 1500 {
			continue
		}
		title, sf := pageHead(b)
		if utf8.RuneCountInString(title) > 200 {
			title = ""
		}
		if utf8.RuneCountInString(sf) > 400 {
			sf = ""
		}
		arts = append(arts, realArticle{ID: strings.TrimSuffix(name, ".html"), URL: "trafilatura/" + name, Text: text, Title: title, Standfirst: sf})
	}
	return arts
}

func generateTraf1Set(t testing.TB) testSet {
	dir := trafilaturaDir()
	if dir == "" {
		t.Skip("go-trafilatura's test files are not in the module cache (go mod download)")
	}
	arts := loadTrafPages(t, dir)
	set := testSet{Version: "news-" + traf1SetVersion}
	for i := range arts {
		rng := rand.New(rand.NewPCG(5<<50+uint64(i), 41))
		kind := desk3Profiles[i%len(desk3Profiles)]
		if c, ok := deskCase(arts, i, rng, kind, fmt.Sprintf("traf1-%s", arts[i].ID)); ok {
			set.Cases = append(set.Cases, c)
		}
	}
	return set
}

// TestTraf1SetVersion pins traf1.
func TestTraf1SetVersion(t *testing.T) {
	pinSet(t, generateTraf1Set(t), traf1SetVersion)
}

// TestTraf1HeldBackAccuracy only measures traf1 (held back: its misses are not read). It fails only
// if ReanchorFrom makes more false anchors, or finds fewer deleted passages, than the
// Hypothesis-style matcher, or if too few pages made cases.
func TestTraf1HeldBackAccuracy(t *testing.T) {
	set := generateTraf1Set(t)
	if len(set.Cases) < 100 {
		t.Fatalf("only %d cases", len(set.Cases))
	}
	noWorseThanHypothesis(t, set)
}
