package reading

import (
	"cmp"
	"fmt"
	"slices"
	"unicode/utf8"

	"gloss/render"
	"gloss/store"
)

// A document of more than VirtualBlocks blocks is virtualized by the Reader (Reading.Virtual): Open sends
// the HTML of the first FirstBlocks only, the rest comes through Blocks.
const (
	VirtualBlocks = 300
	FirstBlocks   = 60
)

// DeferAnnotations is the most annotations Open sends with the text: thousands would double the
// transfer (their marks are in the HTML already), and the side panel's list follows through Annotations.
const DeferAnnotations = 500

// Reading is what the Reader shows: the document, its rendered blocks with highlights, and its annotations.
type Reading struct {
	Doc         store.Document     `json:"doc"`
	Blocks      []render.Block     `json:"blocks"`
	Annotations []ListedAnnotation `json:"annotations"`
	// AnnotationCount > len(Annotations) means the list was deferred (see Reader.Annotations).
	AnnotationCount int `json:"annotationCount"`
	// Virtual: the Reader renders only the blocks near the viewport (more than VirtualBlocks of them).
	Virtual bool `json:"virtual"`
	// PlainReason says why a Markdown document is shown as plain text (render.TooComplex), else "".
	PlainReason string `json:"plainReason,omitempty"`
	// Orphans counts the annotations not drawn because re-anchoring lost their passage (Review lists
	// them), Kept those of them a person chose to keep as orphans (issue 17).
	Orphans int `json:"orphans,omitempty"`
	Kept    int `json:"kept,omitempty"`
}

// ListedAnnotation is what the Reader's side panel and marks need; the store's Annotation has the rest.
type ListedAnnotation struct {
	ID     string   `json:"id"`
	Start  int      `json:"start"`
	End    int      `json:"end"`
	Exact  string   `json:"exact"` // shortened to ListedQuote code points
	Tags   []string `json:"tags"`
	Note   string   `json:"note"` // shortened to ListedNote code points
	Author string   `json:"author"`
	// Status is how re-anchoring left it when not exact: "moved" (the same words elsewhere) or
	// "fuzzy" (placed on an edited form of its words, to check in Review).
	Status string `json:"status,omitempty"`
}

// How long the side panel's quotes and notes are, in code points.
const (
	ListedQuote = 160
	ListedNote  = 240
)

// Open is a document's current version rendered for the Reader. A long document travels as block ranges
// plus the first blocks' HTML; the Reader fetches the rest as it scrolls (Blocks). Quotes are shortened
// for the side panel; the store has them whole.
func (r *Reader) Open(docID string) (Reading, error) {
	c, err := r.rendered(docID)
	if err != nil {
		return Reading{}, fmt.Errorf("opening %q: %w", c.doc.Title, err)
	}
	blocks := c.rd.Blocks
	if len(blocks) > VirtualBlocks {
		blocks = make([]render.Block, len(c.rd.Blocks))
		for i, b := range c.rd.Blocks {
			blocks[i] = render.Block{Start: b.Start, End: b.End}
			if i < FirstBlocks {
				blocks[i].HTML = b.HTML
			}
		}
	}
	listed := []ListedAnnotation{}
	if len(c.anns) <= DeferAnnotations {
		listed = List(c.anns)
	}
	return Reading{Doc: c.doc, Blocks: blocks, Annotations: listed, AnnotationCount: len(c.anns),
		Virtual: len(blocks) > VirtualBlocks, PlainReason: c.rd.PlainReason, Orphans: c.orphans, Kept: c.kept}, nil
}

// OpenVersion renders version n of a document read-only, with the annotations as they were on it
// (asOn): those whose selectors still describe version n (orphans lost after it) and those made on it,
// at the place they were made. Annotations lists them with the quote as it read there.
func (r *Reader) OpenVersion(docID string, n int) (Reading, error) {
	doc, err := r.store.Document(docID)
	if err != nil {
		return Reading{}, err
	}
	v, err := r.store.Version(docID, n)
	if err != nil {
		return Reading{}, err
	}
	anns, err := r.store.Annotations(store.AnnotationFilter{DocID: docID})
	if err != nil {
		return Reading{}, err
	}
	colour, err := r.store.TagColours()
	if err != nil {
		return Reading{}, err
	}
	on := asOn(anns, n, utf8.RuneCountInString(v.Text))
	marks := make([]render.Mark, len(on))
	for i, an := range on {
		marks[i] = render.Mark{ID: an.ID, Start: an.Start, End: an.End}
		if len(an.Tags) > 0 {
			marks[i].Colour = colour[an.Tags[0]]
		}
	}
	rd, err := render.Version(doc.Format, v.Text, v.Raw, 0, marks)
	listed := List(on)
	for i := range listed {
		listed[i].Status = "" // as it was: not how a later version left it
	}
	return Reading{Doc: doc, Blocks: rd.Blocks, Annotations: listed, AnnotationCount: len(listed), Virtual: len(rd.Blocks) > VirtualBlocks,
		PlainReason: rd.PlainReason}, err
}

// asOn is the annotations as they were on version n (a text of textLen code points), in text order,
// with Start, End and Exact on that version.
func asOn(anns []store.Annotation, n, textLen int) []store.Annotation {
	var out []store.Annotation
	for _, an := range anns {
		if an.Version != n {
			m := an.Made()
			if m.Version != n {
				continue
			}
			an.Start, an.End, an.Exact = m.Start, m.End, m.Exact
		}
		if an.Start < 0 || an.Start >= an.End || an.End > textLen {
			continue
		}
		out = append(out, an)
	}
	slices.SortStableFunc(out, func(a, b store.Annotation) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
	})
	return out
}

// List is annotations as the side panel lists them: quotes and notes shortened.
func List(anns []store.Annotation) []ListedAnnotation {
	out := make([]ListedAnnotation, len(anns))
	for i, an := range anns {
		out[i] = ListedAnnotation{an.ID, an.Start, an.End, Shorten(an.Exact, ListedQuote), an.Tags, Shorten(an.Note, ListedNote), an.Author,
			listedAnchor(an.Anchor)}
	}
	return out
}

// listedAnchor is ListedAnnotation.Status: the anchor's status unless exact.
func listedAnchor(a store.Anchor) string {
	if a.Status == "moved" || a.Status == "fuzzy" {
		return a.Status
	}
	return ""
}

// Shorten cuts s to n code points with an ellipsis.
func Shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
