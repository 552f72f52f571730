package sync

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/go-kivik/kivik/v4"
	"github.com/google/uuid"
)

// The project's guard: a design document whose validate_doc_update lets a coder create, change and
// delete only their own annotations (each "ann:" record names the server user who made it in "owner",
// kept by every library that pushes it), unless they are the project's lead, a server admin or an admin
// of the project database. The lead is named in the project document ("gloss:project"); a
// validate_doc_update function cannot read other documents, so the name is also written into the
// function when the guard is installed. Only the lead (or an admin) may change the project document, and
// only database admins may write design documents (CouchDB's own rule).

const (
	guardID   = "_design/gloss"
	projectID = "gloss:project"
)

// guardJS is the validate_doc_update function for a project led by lead.
func guardJS(lead string) string {
	name, _ := json.Marshal(lead)
	return strings.ReplaceAll(`function (newDoc, oldDoc, userCtx, secObj) {
  var lead = LEAD;
  var name = userCtx.name;
  var roles = userCtx.roles || [];
  var admins = (secObj && secObj.admins) || {};
  if (roles.indexOf('_admin') !== -1) return;
  if (name && name === lead) return;
  if (name && (admins.names || []).indexOf(name) !== -1) return;
  for (var i = 0; i < roles.length; i++) {
    if ((admins.roles || []).indexOf(roles[i]) !== -1) return;
  }
  var id = newDoc._id;
  if (id === 'gloss:project') {
    throw({forbidden: 'only the project lead (' + lead + ') changes the project document'});
  }
  if (id.indexOf('ann:') !== 0) return;
  if (oldDoc && !oldDoc._deleted && oldDoc.owner !== name) {
    throw({forbidden: 'annotation ' + id + ' was made by ' + oldDoc.owner + ': only they or the lead (' + lead + ') may change or delete it'});
  }
  if (!newDoc._deleted && newDoc.owner !== name) {
    throw({forbidden: 'annotation ' + id + ' must name its maker ' + name + ' as owner (it names ' + newDoc.owner + ')'});
  }
}`, "LEAD", string(name))
}

// guardDoc is the design document for a project led by lead.
func guardDoc(lead string) map[string]any {
	return map[string]any{"language": "javascript", "lead": lead, "validate_doc_update": guardJS(lead)}
}

// InstallGuard names lead as the project's lead (the project document) and installs the design document
// that holds coders to their own annotations. It needs the rights of a database admin on a CouchDB
// server; a round installs it with the round's user as lead when it creates the project.
func InstallGuard(ctx context.Context, o Options, lead string) error {
	conn, err := connect(o)
	if err != nil {
		return err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(ctx, o.timeout())
	defer cancel()
	return installGuard(ctx, o, conn.db, lead)
}

func installGuard(ctx context.Context, o Options, db *kivik.DB, lead string) error {
	put := func(id string, body map[string]any) error {
		var cur struct {
			Rev string `json:"_rev"`
		}
		if err := db.Get(ctx, id).ScanDoc(&cur); err != nil && kivik.HTTPStatus(err) != http.StatusNotFound {
			return serverError(o, err)
		}
		if cur.Rev != "" {
			body["_rev"] = cur.Rev
		}
		if _, err := db.Put(ctx, id, body); kivik.HTTPStatus(err) == http.StatusConflict {
			return nil // another library made the project at the same moment and installed it
		} else if err != nil {
			return fmt.Errorf("installing %s in project %q: %w", id, o.Project, serverError(o, err))
		}
		return nil
	}
	var cur projectDoc // its uuid stays (identity.go): a new lead is no new project
	if err := db.Get(ctx, projectID).ScanDoc(&cur); err != nil && kivik.HTTPStatus(err) != http.StatusNotFound {
		return serverError(o, err)
	}
	if cur.UUID == "" {
		cur.UUID = uuid.NewString()
	}
	if err := put(projectID, map[string]any{"type": "project", "lead": lead, "uuid": cur.UUID}); err != nil {
		return err
	}
	return put(guardID, guardDoc(lead))
}
