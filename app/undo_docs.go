package app

// StepDocument is a document the next undo or redo step changes; Title is "" when it is not in the
// library now (undoing its import removes it, redoing its deletion finds it gone).
type StepDocument struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// NextStep is what the next undo (undo true) or redo step is and which documents it changes.
type NextStep struct {
	Label     string         `json:"label"` // "" when there is nothing to undo (redo)
	Documents []StepDocument `json:"documents"`
}

// UndoStep says what the next undo (or redo) would change, so that the window can name (and show)
// another document before changing it.
func (a *App) UndoStep(undo bool) (NextStep, error) {
	if err := a.ready(); err != nil {
		return NextStep{}, err
	}
	cu, ul, cr, rl, err := a.store.UndoState()
	if err != nil {
		return NextStep{}, err
	}
	out := NextStep{Documents: []StepDocument{}}
	switch {
	case undo && cu:
		out.Label = ul
	case !undo && cr:
		out.Label = rl
	default:
		return out, nil
	}
	ids, err := a.store.StepDocuments(undo)
	if err != nil {
		return NextStep{}, err
	}
	for _, id := range ids {
		sd := StepDocument{ID: id}
		if d, err := a.store.Document(id); err == nil {
			sd.Title = d.Title
		}
		out.Documents = append(out.Documents, sd)
	}
	return out, nil
}
