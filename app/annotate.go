package app

import (
	"strings"

	"gloss/reading"
	"gloss/render"
	"gloss/store"
)

// UndoState tells the window what Ctrl+Z and Ctrl+Shift+Z would do.
type UndoState struct {
	CanUndo   bool   `json:"canUndo"`
	UndoLabel string `json:"undoLabel"`
	CanRedo   bool   `json:"canRedo"`
	RedoLabel string `json:"redoLabel"`
}

// Annotate highlights [start, end) (code points of the current version) with tags and a note.
func (a *App) Annotate(docID string, start, end int, tags []string, note string) (reading.Change, error) {
	if err := a.ready(); err != nil {
		return reading.Change{}, err
	}
	ann, err := a.store.CreateAnnotation(store.NewAnnotation{DocID: docID, Start: start, End: end, Tags: tags, Note: note, Author: a.store.Author()})
	if err != nil {
		return reading.Change{}, err
	}
	return a.reader.Changed(&ann, docID, ann.Start, ann.End)
}

// UpdateAnnotation replaces an annotation's tags and note.
func (a *App) UpdateAnnotation(id string, tags []string, note string) (reading.Change, error) {
	if err := a.ready(); err != nil {
		return reading.Change{}, err
	}
	ann, err := a.store.UpdateAnnotation(id, tags, note)
	if err != nil {
		return reading.Change{}, err
	}
	return a.reader.Changed(&ann, ann.DocID, ann.Start, ann.End)
}

// DeleteAnnotation removes an annotation (undoable).
func (a *App) DeleteAnnotation(id string) (reading.Change, error) {
	if err := a.ready(); err != nil {
		return reading.Change{}, err
	}
	ann, err := a.store.Annotation(id)
	if err != nil {
		return reading.Change{}, err
	}
	if err := a.store.DeleteAnnotation(id); err != nil {
		return reading.Change{}, err
	}
	return a.reader.Changed(nil, ann.DocID, ann.Start, ann.End)
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
	return a.reader.Blocks(docID, from, to)
}

// Annotations lists annotations across the library (the Annotations view; a tag includes its sub-tags).
func (a *App) Annotations(q reading.Query) ([]store.Annotation, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	return a.reader.Find(q)
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
