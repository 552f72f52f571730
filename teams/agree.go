package teams

import (
	"fmt"
	"slices"
	"sort"
	"time"
	"unicode/utf8"

	"gloss/store"
)

// Units. For a document and a tag, every code point of the document's current text is one unit, and a
// coder labels it 1 when one of their annotations carrying the tag covers it, else 0. A coder who made no
// annotation in a document did not code it: their labels there are missing, not 0. κ and α pool these
// binary units over the tags and documents a figure is about; Units counts (code point, tag) units that
// two or more coders labelled. Annotations not on the current text (orphans, older versions) are left
// out and counted in Report.Ignored.

// Filter narrows a report; zero fields mean everything.
type Filter struct {
	TagID   string   `json:"tag"`
	DocID   string   `json:"doc"`
	Authors []string `json:"authors"` // only these coders
	// MaxDisagreements caps the list (0 = 500); Report.Truncated says when spans were left off.
	MaxDisagreements int `json:"maxDisagreements"`
	// IncludeResolved lists the disagreements settled by keeping both versions too (Resolved set);
	// otherwise only the open ones are listed, and Report.Resolved counts the others.
	IncludeResolved bool `json:"includeResolved"`
}

// Stat is the agreement over some units. A figure that is undefined is null in JSON, with a note saying why.
type Stat struct {
	Units     int      `json:"units"`
	Coders    []string `json:"coders"`
	Agreement *float64 `json:"agreement"` // share of agreeing pairs of labels
	Kappa     *float64 `json:"kappa"`     // Cohen's κ, for exactly two coders
	KappaNote string   `json:"kappaNote,omitempty"`
	Alpha     *float64 `json:"alpha"` // Krippendorff's α, nominal
	AlphaNote string   `json:"alphaNote,omitempty"`
	Pairs     []Pair   `json:"pairs,omitempty"` // Cohen's κ per pair of coders, when more than two
}

// Pair is Cohen's κ for two of several coders, over the units both labelled.
type Pair struct {
	A     string   `json:"a"`
	B     string   `json:"b"`
	Units int      `json:"units"`
	Kappa *float64 `json:"kappa"`
	Note  string   `json:"note,omitempty"`
}

// TagStat is the agreement on one tag across documents.
type TagStat struct {
	TagID string `json:"tagId"`
	Path  string `json:"path"`
	Stat
}

// DocStat is the agreement on one document across tags.
type DocStat struct {
	DocID string `json:"docId"`
	Title string `json:"title"`
	Stat
}

// Disagreement is a maximal span of one document where the coders differ on one tag.
type Disagreement struct {
	DocID       string      `json:"docId"`
	DocTitle    string      `json:"docTitle"`
	TagID       string      `json:"tagId"`
	TagPath     string      `json:"tagPath"`
	Start       int         `json:"start"`
	End         int         `json:"end"`
	Text        string      `json:"text"`
	With        []string    `json:"with"`    // coders whose annotations give the span the tag
	Without     []string    `json:"without"` // coders who coded the document but not this span with the tag
	Annotations []SpanCoder `json:"annotations"`
	// Resolved: both versions were kept (see KeepBoth), by ResolvedBy at ResolvedAt (RFC 3339).
	Resolved   bool   `json:"resolved"`
	ResolvedBy string `json:"resolvedBy,omitempty"`
	ResolvedAt string `json:"resolvedAt,omitempty"`
}

// SpanCoder is an annotation behind a disagreement: a coder's annotation with the tag overlapping the span.
type SpanCoder struct {
	ID     string `json:"id"`
	Author string `json:"author"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
}

// Report is everything Compute finds.
type Report struct {
	Coders        []string       `json:"coders"`
	Overall       Stat           `json:"overall"`
	Tags          []TagStat      `json:"tags"`
	Documents     []DocStat      `json:"documents"`
	Disagreements []Disagreement `json:"disagreements"`
	Truncated     bool           `json:"truncated"`
	Ignored       int            `json:"ignored"`
	Resolved      int            `json:"resolved"` // disagreements settled by keeping both versions
}

// acc pools binary units: the coincidence matrix for α and a 2×2 table per pair of coders for κ.
type acc struct {
	o      [2][2]float64
	units  int
	coders map[string]bool
	pairs  map[[2]string]*pairTable
}

type pairTable struct {
	t     [2][2]float64
	units int
}

func newAcc() *acc { return &acc{coders: map[string]bool{}, pairs: map[[2]string]*pairTable{}} }

// add counts length units labelled by the present coders (sorted), labels[i] being coder i's.
func (a *acc) add(present []string, labels []int, length int) {
	m := len(present)
	if m < 2 || length <= 0 {
		return
	}
	for _, c := range present {
		a.coders[c] = true
	}
	n1 := 0
	for _, l := range labels {
		n1 += l
	}
	n0 := m - n1
	L, d := float64(length), float64(m-1)
	a.o[1][1] += L * float64(n1*(n1-1)) / d
	a.o[0][0] += L * float64(n0*(n0-1)) / d
	a.o[0][1] += L * float64(n1*n0) / d
	a.o[1][0] += L * float64(n1*n0) / d
	a.units += length
	for i := range m {
		for j := i + 1; j < m; j++ {
			key := [2]string{present[i], present[j]}
			p := a.pairs[key]
			if p == nil {
				p = &pairTable{}
				a.pairs[key] = p
			}
			p.t[labels[i]][labels[j]] += L
			p.units += length
		}
	}
}

func (a *acc) merge(b *acc) {
	for i := range 2 {
		for j := range 2 {
			a.o[i][j] += b.o[i][j]
		}
	}
	a.units += b.units
	for c := range b.coders {
		a.coders[c] = true
	}
	for k, p := range b.pairs {
		q := a.pairs[k]
		if q == nil {
			q = &pairTable{}
			a.pairs[k] = q
		}
		for i := range 2 {
			for j := range 2 {
				q.t[i][j] += p.t[i][j]
			}
		}
		q.units += p.units
	}
}

func ptr(x float64) *float64 { x = round(x); return &x }

func kappaOf(t [2][2]float64) (*float64, string) {
	k, _, _, ok := CohenKappa([][]float64{t[0][:], t[1][:]})
	if !ok {
		if t[0][0]+t[0][1]+t[1][0]+t[1][1] == 0 {
			return nil, "no units both coders labelled"
		}
		return nil, "undefined: both coders gave every unit the same label (expected agreement is 1)"
	}
	return ptr(k), ""
}

func (a *acc) stat() Stat {
	s := Stat{Units: a.units, Coders: []string{}}
	for c := range a.coders {
		s.Coders = append(s.Coders, c)
	}
	slices.Sort(s.Coders)
	n := a.o[0][0] + a.o[0][1] + a.o[1][0] + a.o[1][1]
	if n > 0 {
		s.Agreement = ptr((a.o[0][0] + a.o[1][1]) / n)
	}
	if alpha, ok := AlphaNominal([][]float64{a.o[0][:], a.o[1][:]}); ok {
		s.Alpha = ptr(alpha)
	} else if n == 0 {
		s.AlphaNote = "undefined: no unit was labelled by two or more coders"
	} else {
		s.AlphaNote = "undefined: every unit has the same label (no variation)"
	}
	switch len(a.pairs) {
	case 0:
		s.KappaNote = "undefined: needs two coders who both coded the same documents"
	case 1:
		for _, p := range a.pairs {
			s.Kappa, s.KappaNote = kappaOf(p.t)
		}
	default:
		s.KappaNote = fmt.Sprintf("Cohen's κ compares two coders; %d coders here: see the pairs", len(s.Coders))
		keys := make([][2]string, 0, len(a.pairs))
		for k := range a.pairs {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			if keys[i][0] != keys[j][0] {
				return keys[i][0] < keys[j][0]
			}
			return keys[i][1] < keys[j][1]
		})
		for _, k := range keys {
			p := a.pairs[k]
			kappa, note := kappaOf(p.t)
			s.Pairs = append(s.Pairs, Pair{A: k[0], B: k[1], Units: p.units, Kappa: kappa, Note: note})
		}
	}
	return s
}

// Compute measures agreement over the library's annotations, narrowed by f.
func Compute(s *store.Store, f Filter) (Report, error) {
	report := Report{Coders: []string{}, Tags: []TagStat{}, Documents: []DocStat{}, Disagreements: []Disagreement{}}
	limit := f.MaxDisagreements
	if limit <= 0 {
		limit = 500
	}
	tags, err := s.Tags()
	if err != nil {
		return report, err
	}
	byID := map[string]store.Tag{}
	for _, t := range tags {
		byID[t.ID] = t
	}
	paths := store.NewTagPaths(tags)
	var tagIDs []string
	if f.TagID != "" {
		if _, ok := byID[f.TagID]; !ok {
			return report, fmt.Errorf("tag %s: %w", f.TagID, store.ErrNotFound)
		}
		tagIDs = []string{f.TagID}
	} else {
		for _, t := range tags {
			tagIDs = append(tagIDs, t.ID)
		}
	}
	resolved, err := resolutions(s)
	if err != nil {
		return report, err
	}
	var docs []store.Document
	if f.DocID != "" {
		d, err := s.Document(f.DocID)
		if err != nil {
			return report, err
		}
		docs = []store.Document{d}
	} else if docs, err = s.Documents(); err != nil {
		return report, err
	}
	overall := newAcc()
	perTag := map[string]*acc{}
	for _, id := range tagIDs {
		perTag[id] = newAcc()
	}
	allCoders := map[string]bool{}
	for _, d := range docs {
		if d.Annotations == 0 {
			continue
		}
		anns, err := s.Annotations(store.AnnotationFilter{DocID: d.ID})
		if err != nil {
			return report, err
		}
		var counted []store.Annotation
		for _, a := range anns {
			if len(f.Authors) > 0 && !slices.Contains(f.Authors, a.Author) {
				continue
			}
			if !a.Placed(d.Version) { // the Reader's rule (store.Annotation.Placed): only what is drawn is counted
				report.Ignored++
				continue
			}
			counted = append(counted, a)
		}
		if len(counted) == 0 {
			continue
		}
		present := coders(counted)
		for _, c := range present {
			allCoders[c] = true
		}
		docAcc := newAcc()
		var runes []rune
		n := 0
		if len(present) >= 2 {
			v, err := s.Version(d.ID, d.Version)
			if err != nil {
				return report, err
			}
			n = utf8.RuneCountInString(v.Text)
			runes = []rune(v.Text)
		}
		for _, tagID := range tagIDs {
			if len(present) < 2 {
				break
			}
			cell := newAcc()
			spans := sweep(counted, present, tagID, n, cell)
			docAcc.merge(cell)
			perTag[tagID].merge(cell)
			for _, sp := range spans {
				sp.DocID, sp.TagID = d.ID, tagID
				if r, ok := resolved[resolutionKey(sp)]; ok && slices.Equal(r.With, sp.With) {
					report.Resolved++
					if !f.IncludeResolved {
						continue
					}
					sp.Resolved, sp.ResolvedBy, sp.ResolvedAt = true, r.By, r.At.Format(time.RFC3339)
				}
				if len(report.Disagreements) >= limit {
					report.Truncated = true
					continue
				}
				sp.DocTitle, sp.TagPath = d.Title, paths.Path(tagID)
				sp.Text = string(runes[sp.Start:sp.End])
				report.Disagreements = append(report.Disagreements, sp)
			}
		}
		overall.merge(docAcc)
		ds := DocStat{DocID: d.ID, Title: d.Title, Stat: docAcc.stat()}
		ds.Coders = present
		report.Documents = append(report.Documents, ds)
	}
	for _, id := range tagIDs {
		report.Tags = append(report.Tags, TagStat{TagID: id, Path: paths.Path(id), Stat: perTag[id].stat()})
	}
	report.Overall = overall.stat()
	for c := range allCoders {
		report.Coders = append(report.Coders, c)
	}
	slices.Sort(report.Coders)
	return report, nil
}

// coders are the authors of a document's annotations, sorted: those who coded it.
func coders(anns []store.Annotation) []string {
	var out []string
	for _, a := range anns {
		if !slices.Contains(out, a.Author) {
			out = append(out, a.Author)
		}
	}
	slices.Sort(out)
	return out
}

// sweep walks code points [0, n) of one document for one tag: runs of code points where every coder's
// label is constant go into cell, and maximal runs where the coders differ come back as disagreements.
func sweep(anns []store.Annotation, present []string, tagID string, n int, cell *acc) []Disagreement {
	index := map[string]int{}
	for i, c := range present {
		index[c] = i
	}
	bounds := []int{0, n}
	var tagged []store.Annotation
	for _, a := range anns {
		if slices.Contains(a.Tags, tagID) && a.Start < a.End && a.Start >= 0 && a.End <= n {
			tagged = append(tagged, a)
			bounds = append(bounds, a.Start, a.End)
		}
	}
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)
	// cover[i][k]: how many of coder i's annotations cover segment k (bounds[k], bounds[k+1]).
	segments := len(bounds) - 1
	cover := make([][]int, len(present))
	for i := range cover {
		cover[i] = make([]int, segments+1)
	}
	at := func(x int) int { i, _ := slices.BinarySearch(bounds, x); return i }
	for _, a := range tagged {
		i := index[a.Author]
		cover[i][at(a.Start)]++
		cover[i][at(a.End)]--
	}
	run := make([]int, len(present))
	labels := make([]int, len(present))
	var out []Disagreement
	for k := range segments {
		differ := false
		for i := range present {
			run[i] += cover[i][k]
			labels[i] = 0
			if run[i] > 0 {
				labels[i] = 1
			}
			if labels[i] != labels[0] {
				differ = true
			}
		}
		start, end := bounds[k], bounds[k+1]
		cell.add(present, labels, end-start)
		if !differ {
			continue
		}
		var with, without []string
		for i, c := range present {
			if labels[i] == 1 {
				with = append(with, c)
			} else {
				without = append(without, c)
			}
		}
		if last := len(out) - 1; last >= 0 && out[last].End == start && slices.Equal(out[last].With, with) {
			out[last].End = end
			continue
		}
		out = append(out, Disagreement{Start: start, End: end, With: with, Without: without})
	}
	for i := range out {
		out[i].Annotations = []SpanCoder{}
		for _, a := range tagged {
			if a.Start < out[i].End && a.End > out[i].Start {
				out[i].Annotations = append(out[i].Annotations, SpanCoder{ID: a.ID, Author: a.Author, Start: a.Start, End: a.End})
			}
		}
	}
	return out
}
