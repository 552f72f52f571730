package export

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"gloss/store"
)

// The JSON-LD items as they were built and encoded until jsonStream.annotation replaced them (encoding/
// json's reflection and re-indenting were most of the time of a large export): the reference it must
// match byte for byte.

type w3cOutAnnotation struct {
	ID         string       `json:"id"`
	Type       string       `json:"type"`
	Motivation string       `json:"motivation"`
	Created    string       `json:"created"`
	Modified   string       `json:"modified"`
	Creator    w3cOutAgent  `json:"creator"`
	Body       []w3cOutBody `json:"body,omitempty"`
	Target     w3cOutTarget `json:"target"`
	Anchor     store.Anchor `json:"anchor"`                 // status, confidence, version (re-anchoring)
	TagIDs     []string     `json:"gloss:tagIds,omitempty"` // the tagging bodies' tags in "gloss:tags"
}

type w3cOutAgent struct {
	Type string `json:"type"`
	Name string `json:"name"`
}

type w3cOutBody struct {
	Type    string `json:"type"`
	Purpose string `json:"purpose"`
	Value   string `json:"value"`
	Format  string `json:"format,omitempty"`
}

// w3cOutTarget names the document; gloss:version says which of its immutable texts the selectors count
// in (for an orphan, the last version it anchored to).
type w3cOutTarget struct {
	Source   string    `json:"source"`
	Document string    `json:"gloss:document"`
	Version  int       `json:"gloss:version"`
	State    *w3cState `json:"state,omitempty"`
	Selector []any     `json:"selector"`
}

type w3cFragmentSelector struct {
	Type       string `json:"type"`
	ConformsTo string `json:"conformsTo"`
	Value      string `json:"value"`
}

type w3cQuoteSelector struct {
	Type   string `json:"type"`
	Exact  string `json:"exact"`
	Prefix string `json:"prefix"`
	Suffix string `json:"suffix"`
}

type w3cPositionSelector struct {
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// w3cAnnotationReference is the item encoding/json wrote, through jsonStream.value.
func (p *exportPlan) w3cAnnotationReference(a store.Annotation, t w3cTarget) w3cOutAnnotation {
	out := w3cOutAnnotation{
		ID: "urn:uuid:" + a.ID, Type: "Annotation", Motivation: "highlighting",
		Created: exportTimestamp(a.Created), Modified: exportTimestamp(a.Modified),
		Creator: w3cOutAgent{Type: "Person", Name: a.Author},
		Target: w3cOutTarget{Source: t.source, Document: "urn:uuid:" + a.DocID, Version: selectorVersion(a), State: t.state, Selector: []any{
			w3cQuoteSelector{Type: "TextQuoteSelector", Exact: a.Exact, Prefix: a.Prefix, Suffix: a.Suffix},
			w3cPositionSelector{Type: "TextPositionSelector", Start: a.Start, End: a.End},
		}},
		Anchor: a.Anchor,
		TagIDs: a.Tags,
	}
	if out.Anchor.Version == 0 {
		out.Anchor.Version = a.Version
	}
	if t.page > 0 {
		out.Target.Selector = append(out.Target.Selector, w3cFragmentSelector{Type: "FragmentSelector", ConformsTo: w3cRFC3778, Value: fmt.Sprintf("page=%d", t.page)})
	}
	for _, path := range p.tagNames(a.Tags) {
		out.Body = append(out.Body, w3cOutBody{Type: "TextualBody", Purpose: "tagging", Value: path})
		out.Motivation = "tagging"
	}
	if a.Note != "" {
		out.Body = append(out.Body, w3cOutBody{Type: "TextualBody", Purpose: "commenting", Value: a.Note, Format: "text/markdown"})
		out.Motivation = "commenting"
	}
	return out
}

// TestJSONLDAnnotationMatchesEncodingJSON: jsonStream.annotation writes what jsonStream.value wrote of
// w3cAnnotationReference, for hostile values too (escapes, control characters, invalid UTF-8, U+2028,
// HTML, floats of every size, tags missing from the tree, no tags, no note).
func TestJSONLDAnnotationMatchesEncodingJSON(t *testing.T) {
	p := &exportPlan{tagByID: map[string]store.Tag{}}
	p.tags = []store.Tag{{ID: "t1", Name: "Claims"}, {ID: "t2", Name: "Dis\"puted <b>", Parent: "t1"}, {ID: "t3", Name: "Économie\u2028\x01"}}
	for _, t := range p.tags {
		p.tagByID[t.ID] = t
	}
	p.paths = store.NewTagPaths(p.tags)
	pieces := []string{"", "plain", "<script>alert('x')</script> & more", `"quoted" \ back\slash /`, "\x00\x01\x1f\x7f",
		"\b\f\n\r\t", "bad \xff\xfe utf8 \xe2\x80", "line\u2028sep\u2029", "emoji 🔎👩🏽‍💻", "é", "\ufffd", "+1=2"}
	floats := []float64{0, 1, 0.5, 1e-7, 1e-6, 9.99e-7, 1e20, 1e21, 123456789.125, -0.25, math.SmallestNonzeroFloat64, math.MaxFloat64, 1.0 / 3}
	ids := []string{"t1", "t2", "t3", "unknown", "t1"}
	rng := rand.New(rand.NewPCG(8, 9))
	str := joinPieces(rng, pieces)
	for i := range 5000 {
		a := store.Annotation{ID: str(), DocID: str(), Version: rng.IntN(4), Start: rng.IntN(1000) - 5, End: rng.IntN(1 << 40),
			Exact: str(), Prefix: str(), Suffix: str(), Note: str(), Author: str(),
			Created:  time.Unix(rng.Int64N(1<<34)-1<<33, rng.Int64N(1e9)).In(time.FixedZone("x", 3600)),
			Modified: time.Unix(rng.Int64N(1<<31), 0),
			Anchor:   store.Anchor{Status: str(), Confidence: floats[rng.IntN(len(floats))] * float64(1-2*rng.IntN(2)), Version: rng.IntN(3)}}
		switch i % 3 {
		case 0:
			a.Tags = nil
		case 1:
			a.Tags = []string{}
		default:
			for range rng.IntN(4) {
				a.Tags = append(a.Tags, ids[rng.IntN(len(ids))])
			}
		}
		tg := w3cTarget{source: str(), page: rng.IntN(3) * rng.IntN(500)}
		if i%2 == 1 {
			tg.state = &w3cState{Type: "TimeState", SourceDate: str()}
			if i%4 == 1 {
				tg.state.Cached = str()
			}
		}
		var want, got bytes.Buffer
		ref := newJSONStream(&want)
		ref.value("   ", p.w3cAnnotationReference(a, tg))
		j := newJSONStream(&got)
		j.annotation(p, a, tg)
		if ref.err != nil || j.err != nil {
			t.Fatalf("%+v: errors %v, %v", a, ref.err, j.err)
		}
		if got.String() != want.String() {
			t.Fatalf("%+v:\n got %s\nwant %s", a, got.String(), want.String())
		}
	}
	// A confidence JSON cannot hold fails as encoding/json failed.
	for _, f := range []float64{math.NaN(), math.Inf(1)} {
		var want, got bytes.Buffer
		ref := newJSONStream(&want)
		ref.value("   ", p.w3cAnnotationReference(store.Annotation{Anchor: store.Anchor{Confidence: f}}, w3cTarget{}))
		j := newJSONStream(&got)
		j.annotation(p, store.Annotation{Anchor: store.Anchor{Confidence: f}}, w3cTarget{})
		if ref.err == nil || j.err == nil || ref.err.Error() != j.err.Error() {
			t.Errorf("confidence %v: errors %v, %v", f, ref.err, j.err)
		}
	}
}
