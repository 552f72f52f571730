package app

// The Library's selection and each captured document's last check (bindings only: the store keeps both).

import (
	"time"
)

// DeleteDocuments deletes the Library's selected documents in one undo step.
func (a *App) DeleteDocuments(ids []string) error {
	if err := a.ready(); err != nil {
		return err
	}
	err := a.store.DeleteDocuments(ids)
	a.indexChanged()
	return err
}

// CaptureChecks is when each captured document's page was last fetched (an import or Check for updates,
// changed or not), RFC 3339 UTC by document id; documents never checked are absent.
func (a *App) CaptureChecks() (map[string]string, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	checks, err := a.store.CaptureChecks()
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(checks))
	for id, c := range checks {
		out[id] = c.CheckedAt.UTC().Format(time.RFC3339)
	}
	return out, nil
}
