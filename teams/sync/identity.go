package sync

import (
	"context"
	"fmt"
	"net/http"

	"github.com/go-kivik/kivik/v4"
	"github.com/google/uuid"

	"gloss/store"
)

// settingProjectUUID remembers which project the library's sync records were made against: the uuid the
// project document ("gloss:project") is given when the project is made. A database of the same name made
// anew (the old one lost or deleted on the server) or another project has another uuid, and then the
// records, which say what the server already has, are put aside (store.SwitchSync) and the whole library
// is pushed again; without this a round pushed nothing and reported success.
const settingProjectUUID = "sync_project_uuid"

type projectDoc struct {
	Rev  string `json:"_rev,omitempty"`
	Type string `json:"type"`
	Lead string `json:"lead"`
	UUID string `json:"uuid,omitempty"`
}

// projectUUID returns the project's uuid, giving the project document one when it has none (a project
// made before uuids, or a database someone made by hand). "" when the server refuses that write (the
// project's guard lets only the lead change the document): the check is then skipped.
func projectUUID(ctx context.Context, o Options, db *kivik.DB) (string, error) {
	for range 3 {
		var p projectDoc
		err := db.Get(ctx, projectID).ScanDoc(&p)
		if err != nil && kivik.HTTPStatus(err) != http.StatusNotFound {
			return "", serverError(o, err)
		}
		if p.UUID != "" {
			return p.UUID, nil
		}
		if p.Type == "" {
			p.Type, p.Lead = "project", o.User
		}
		p.UUID = uuid.NewString()
		_, err = db.Put(ctx, projectID, p)
		switch kivik.HTTPStatus(err) {
		case 0:
			return p.UUID, nil
		case http.StatusConflict:
			continue // another library wrote it at the same moment: read theirs
		case http.StatusForbidden, http.StatusUnauthorized:
			return "", nil
		}
		return "", fmt.Errorf("sync server %s: project %q: %w", o.Server, o.Project, serverError(o, err))
	}
	return "", nil
}

// checkProject switches the library's sync records to the project on the server when it is not the one
// they were made against (store.SwitchSync): those of the project left are put aside, and those of a
// project synced before come back, so switching back pushes only what changed since. The first round of
// a library (or of one that synced before projects had uuids) only remembers the uuid.
func checkProject(ctx context.Context, s *store.Store, o Options, db *kivik.DB) error {
	id, err := projectUUID(ctx, o, db)
	if err != nil || id == "" {
		return err
	}
	prev := s.Setting(settingProjectUUID)
	switch prev {
	case id:
		return nil
	case "":
		return s.SetSettings(map[string]string{settingProjectUUID: id})
	}
	_, err = s.SwitchSync(settingProjectUUID, prev, id)
	return err
}
