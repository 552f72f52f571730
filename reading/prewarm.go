package reading

// Prewarm renders the document the person is most likely to open next, the one read last (the recent
// list's first), into the render cache in the background, so that the first Open after start costs what
// a re-open costs. The window calls it when the library is on screen; it returns at once. An Open of
// that document while the render is under way waits for it instead of rendering a second time
// (Reader.rendered). The channel receives the render's error (nil also when there is nothing to
// prewarm) and is closed: Prewarm is best effort, and an Open of a document that cannot be rendered
// reports the error itself.
func (r *Reader) Prewarm() <-chan error {
	done := make(chan error, 1)
	ids := r.recentIDs()
	go func() {
		defer close(done)
		if len(ids) == 0 {
			done <- nil
			return
		}
		_, err := r.rendered(ids[0])
		done <- err
	}()
	return done
}
