package app

import (
	"slices"
	"strings"

	"gloss/render"
	"gloss/store"
)

// Change is what the Reader needs after an annotation changes: the annotation (nil when deleted) and the
// re-rendered blocks it touches, so only those are repainted.
type Change struct {
	Annotation *store.Annotation `json:"annotation,omitempty"`
	Blocks     []render.Block    `json:"blocks"`
}

// UndoState tells the window what Ctrl+Z and Ctrl+Shift+Z would do.
type UndoState struct {
	CanUndo   bool   `json:"canUndo"`
	UndoLabel string `json:"undoLabel"`
	CanRedo   bool   `json:"canRedo"`
	RedoLabel string `json:"redoLabel"`
}

// renderCache keeps the last few rendered documents: the Reader asks for its blocks window by window,
// and a person goes back and forth between a few articles. Any write (journal sequence) invalidates them.
type renderCache struct {
	docID string
	seq   uint64
	doc   store.Document
	rd    render.Doc
	anns  []store.Annotation
}

// cachedDocuments is how many rendered documents renderCache keeps (a 1 MB article with 5,000
// annotations takes about 5 MB).
const cachedDocuments = 4

// rendered renders a document's current version with its annotations drawn as marks.
func (a *App) rendered(docID string) (store.Document, render.Doc, []store.Annotation, error) {
	seq, err := a.store.JournalSeq()
	if err != nil {
		return store.Document{}, render.Doc{}, nil, err
	}
	a.mu.Lock()
	for i, c := range a.cache {
		if c.docID == docID && c.seq == seq {
			copy(a.cache[1:i+1], a.cache[:i]) // most recent first
			a.cache[0] = c
			a.mu.Unlock()
			return c.doc, c.rd, c.anns, nil
		}
	}
	a.mu.Unlock()
	doc, rd, anns, err := a.render(docID)
	if err == nil {
		a.mu.Lock()
		a.cache = slices.DeleteFunc(a.cache, func(c renderCache) bool { return c.docID == docID || c.seq != seq })
		a.cache = slices.Insert(a.cache, 0, renderCache{docID, seq, doc, rd, anns})
		a.cache = a.cache[:min(len(a.cache), cachedDocuments)]
		a.mu.Unlock()
	}
	return doc, rd, anns, err
}

func (a *App) render(docID string) (store.Document, render.Doc, []store.Annotation, error) {
	doc, err := a.store.Document(docID)
	if err != nil {
		return doc, render.Doc{}, nil, err
	}
	v, err := a.store.Version(docID, 0)
	if err != nil {
		return doc, render.Doc{}, nil, err
	}
	anns, err := a.store.Annotations(store.AnnotationFilter{DocID: docID})
	if err != nil {
		return doc, render.Doc{}, nil, err
	}
	colour, err := a.store.TagColours()
	if err != nil {
		return doc, render.Doc{}, nil, err
	}
	marks := make([]render.Mark, 0, len(anns))
	shown := make([]store.Annotation, 0, len(anns))
	for _, an := range anns {
		if an.Version != v.N || an.Anchor.Status == "orphan" {
			continue // an orphan has no place in this text; the review queue shows it
		}
		m := render.Mark{ID: an.ID, Start: an.Start, End: an.End, Fuzzy: an.Anchor.Status == "fuzzy"}
		if len(an.Tags) > 0 {
			m.Colour = colour[an.Tags[0]]
		}
		marks = append(marks, m)
		shown = append(shown, an)
	}
	rd, err := render.Version(doc.Format, v.Text, v.Raw, doc.BodyStart, marks)
	return doc, rd, shown, err
}

func (a *App) change(ann *store.Annotation, docID string, start, end int) (Change, error) {
	_, rd, _, err := a.rendered(docID)
	if err != nil {
		return Change{}, err
	}
	return Change{Annotation: ann, Blocks: rd.Slice(start, end)}, nil
}

// Annotate highlights [start, end) (code points of the current version) with tags and a note.
func (a *App) Annotate(docID string, start, end int, tags []string, note string) (Change, error) {
	if err := a.ready(); err != nil {
		return Change{}, err
	}
	ann, err := a.store.CreateAnnotation(store.NewAnnotation{DocID: docID, Start: start, End: end, Tags: tags, Note: note, Author: a.store.Author()})
	if err != nil {
		return Change{}, err
	}
	return a.change(&ann, docID, ann.Start, ann.End)
}

// UpdateAnnotation replaces an annotation's tags and note.
func (a *App) UpdateAnnotation(id string, tags []string, note string) (Change, error) {
	if err := a.ready(); err != nil {
		return Change{}, err
	}
	ann, err := a.store.UpdateAnnotation(id, tags, note)
	if err != nil {
		return Change{}, err
	}
	return a.change(&ann, ann.DocID, ann.Start, ann.End)
}

// DeleteAnnotation removes an annotation (undoable).
func (a *App) DeleteAnnotation(id string) (Change, error) {
	if err := a.ready(); err != nil {
		return Change{}, err
	}
	ann, err := a.store.Annotation(id)
	if err != nil {
		return Change{}, err
	}
	if err := a.store.DeleteAnnotation(id); err != nil {
		return Change{}, err
	}
	return a.change(nil, ann.DocID, ann.Start, ann.End)
}

// AnnotationQuery is the window's filter for the Annotations view; a tag includes its sub-tags.
type AnnotationQuery struct {
	Doc    string `json:"doc"`
	Tag    string `json:"tag"`
	Author string `json:"author"`
}

// Annotation returns one annotation in full (the Reader's list carries shortened quotes).
func (a *App) Annotation(id string) (store.Annotation, error) {
	if err := a.ready(); err != nil {
		return store.Annotation{}, err
	}
	return a.store.Annotation(id)
}

// Blocks returns the rendered blocks [from, to) (indexes) of a document: the Reader fetches long
// documents window by window.
func (a *App) Blocks(docID string, from, to int) ([]render.Block, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	_, rd, _, err := a.rendered(docID)
	if err != nil {
		return nil, err
	}
	from, to = max(0, min(from, len(rd.Blocks))), max(0, min(to, len(rd.Blocks)))
	return rd.Blocks[from:max(from, to)], nil
}

// Annotations lists annotations across the library.
func (a *App) Annotations(q AnnotationQuery) ([]store.Annotation, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	return list(a.store.Annotations(store.AnnotationFilter{DocID: q.Doc, TagID: q.Tag, IncludeChildTags: q.Tag != "", Author: q.Author}))
}

// Tags lists the tag tree with usage counts.
func (a *App) Tags() ([]store.Tag, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	return list(a.store.Tags())
}

// CreateTag adds a tag under parent ("" for the top level).
func (a *App) CreateTag(name, parent string) (store.Tag, error) {
	if err := a.ready(); err != nil {
		return store.Tag{}, err
	}
	return a.store.CreateTag(store.NewTag{Name: name, Parent: parent})
}

// UpdateTag renames, recolours or redescribes a tag.
func (a *App) UpdateTag(id, name, colour, description string) (store.Tag, error) {
	if err := a.ready(); err != nil {
		return store.Tag{}, err
	}
	return a.store.UpdateTag(id, name, colour, description)
}

// MoveTag gives a tag a new parent.
func (a *App) MoveTag(id, parent string) error {
	if err := a.ready(); err != nil {
		return err
	}
	return a.store.MoveTag(id, parent)
}

// ReorderTags sets the person's tag order (the first nine get the digit keys).
func (a *App) ReorderTags(ids []string) error {
	if err := a.ready(); err != nil {
		return err
	}
	return a.store.ReorderTags(ids)
}

// MergeTags moves every use of from onto into and removes from.
func (a *App) MergeTags(from, into string) (int, error) {
	if err := a.ready(); err != nil {
		return 0, err
	}
	return a.store.MergeTags(from, into)
}

// DeleteTag removes a tag from every annotation and deletes it.
func (a *App) DeleteTag(id string) (int, error) {
	if err := a.ready(); err != nil {
		return 0, err
	}
	return a.store.DeleteTag(id)
}

// DocumentNote is the memo of a document, or nil.
func (a *App) DocumentNote(docID string) (*store.Note, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	n, ok, err := a.store.DocumentNote(docID)
	if err != nil || !ok {
		return nil, err
	}
	return &n, nil
}

// Notes lists every memo and project note.
func (a *App) Notes() ([]store.Note, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	return list(a.store.Notes())
}

// SaveNote creates (empty id) or updates a note.
func (a *App) SaveNote(n store.Note) (store.Note, error) {
	if err := a.ready(); err != nil {
		return store.Note{}, err
	}
	return a.store.SaveNote(n)
}

// DeleteNote removes a note (undoable).
func (a *App) DeleteNote(id string) error {
	if err := a.ready(); err != nil {
		return err
	}
	return a.store.DeleteNote(id)
}

// RenderMarkdown renders a note through goldmark with safe defaults (no raw HTML) for display.
func (a *App) RenderMarkdown(md string) (string, error) {
	d, err := render.Markdown([]byte(md))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, bl := range d.Blocks {
		b.WriteString(bl.HTML)
	}
	return b.String(), nil
}

// Undo reverts the latest change and returns its label ("" when there is nothing to undo).
func (a *App) Undo() (string, error) {
	if err := a.ready(); err != nil {
		return "", err
	}
	return a.store.Undo()
}

// Redo re-applies the latest undone change.
func (a *App) Redo() (string, error) {
	if err := a.ready(); err != nil {
		return "", err
	}
	return a.store.Redo()
}

// UndoState describes what undo and redo would do.
func (a *App) UndoState() (UndoState, error) {
	if err := a.ready(); err != nil {
		return UndoState{}, err
	}
	cu, ul, cr, rl, err := a.store.UndoState()
	return UndoState{cu, ul, cr, rl}, err
}

// Author is the name stored on new annotations.
func (a *App) Author() string {
	if a.store == nil {
		return ""
	}
	return a.store.Author()
}

// SetAuthor changes the name stored on new annotations.
func (a *App) SetAuthor(name string) error {
	if err := a.ready(); err != nil {
		return err
	}
	return a.store.SetAuthor(name)
}

// list turns a nil slice into an empty one: the window expects [] rather than null.
func list[T any](items []T, err error) ([]T, error) {
	if items == nil && err == nil {
		items = []T{}
	}
	return items, err
}
