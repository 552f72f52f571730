package app

// KeepOrphan keeps an orphaned annotation as an orphan (keep true: out of Review, shown as kept)
// or puts it back in Review (keep false). An undo step.
func (a *App) KeepOrphan(annID string, keep bool) error {
	if err := a.ready(); err != nil {
		return err
	}
	return a.store.KeepOrphan(annID, keep)
}
