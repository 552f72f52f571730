package exchange

import (
	"errors"
	"fmt"
	"path/filepath"

	"gloss/render"
	"gloss/store"
)

// ImportFile reads one file and adds it to the library in one transaction. An exact duplicate (same
// sha256 as a stored document) is not added again: the stored document comes back with dup set.
func ImportFile(s *store.Store, path string) (doc store.Document, dup bool, err error) {
	nd, err := ReadFile(path)
	if err != nil {
		return store.Document{}, false, err
	}
	if nd.Format == "md" {
		rendered, err := render.Markdown([]byte(nd.Raw))
		if err != nil {
			return store.Document{}, false, fmt.Errorf("%s: %w", filepath.Base(path), err)
		}
		nd.Text = rendered.Text
	}
	if existing, ok, err := s.DocumentBySHA(nd.SHA256); err != nil {
		return store.Document{}, false, err
	} else if ok {
		return existing, true, nil
	}
	doc, err = s.AddDocument(nd)
	if errors.Is(err, store.ErrDuplicate) {
		existing, _, lookupErr := s.DocumentBySHA(nd.SHA256)
		return existing, true, lookupErr
	}
	if err != nil {
		return store.Document{}, false, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return doc, false, nil
}
