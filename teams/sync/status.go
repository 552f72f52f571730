package sync

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/go-kivik/kivik/v4"

	"gloss/store"
)

// Status is what Settings › Team sync and `gloss sync --status --json` show; read from the library only
// (no network).
type Status struct {
	Server         string    `json:"server"`
	Project        string    `json:"project"`
	User           string    `json:"user"`
	LastSynced     time.Time `json:"lastSynced"` // end of the last successful round; zero: never
	LastError      string    `json:"lastError"`  // of the last round; "" when it succeeded
	Pending        int       `json:"pending"`    // local records changed since the last push
	Conflicts      int       `json:"conflicts"`  // waiting to be resolved
	Refused        int       `json:"refused"`    // refused pushes waiting for a retry or discard (refused.go)
	KeepTextsLocal bool      `json:"keepTextsLocal"`
}

// StatusOf reads the sync status from the library.
func StatusOf(s *store.Store) (Status, error) {
	st := Status{Server: s.Setting(SettingServer), Project: s.Setting(SettingProject), User: s.Setting(SettingUser),
		LastError: s.Setting(settingLastError), KeepTextsLocal: s.Setting(SettingKeepTextsLocal) == "true"}
	if v := s.Setting(settingLastSynced); v != "" {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return st, fmt.Errorf("sync status: last synced %q: %w", v, err)
		}
		st.LastSynced = t
	}
	n, refused, err := pending(s)
	if err != nil {
		return st, err
	}
	st.Pending, st.Refused = n, refused
	cs, err := s.SyncConflicts()
	if err != nil {
		return st, err
	}
	st.Conflicts = len(cs)
	return st, nil
}

// Test reaches the server and the project with o's credentials and says plainly what is wrong:
// unreachable, not HTTPS/loopback, wrong user or password (401), no access (403). A project that does not
// exist yet is no error: the first round creates it.
func Test(ctx context.Context, o Options) error {
	conn, err := connect(o)
	if err != nil {
		return err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(ctx, min(o.timeout(), 30*time.Second))
	defer cancel()
	if _, err := conn.db.Stats(ctx); err != nil && kivik.HTTPStatus(err) != http.StatusNotFound {
		return serverError(o, err)
	}
	return nil
}

// serverError says in words why the server refused or could not be reached.
func serverError(o Options, err error) error {
	if errors.Is(err, context.Canceled) {
		return err
	}
	switch kivik.HTTPStatus(err) {
	case http.StatusUnauthorized:
		if o.User == "" {
			return fmt.Errorf("sync server %s: it asks for a user name and password (401)", o.Server)
		}
		return fmt.Errorf("sync server %s: the user name %q or its password is wrong (401)", o.Server, o.User)
	case http.StatusForbidden:
		return fmt.Errorf("sync server %s: user %q has no access to project %q (403); the server's admin adds members to the project", o.Server, o.User, o.Project)
	case http.StatusBadGateway, 0:
		return fmt.Errorf("sync server %s: cannot be reached: %w", o.Server, err)
	}
	return fmt.Errorf("sync server %s, project %q: %w", o.Server, o.Project, err)
}
