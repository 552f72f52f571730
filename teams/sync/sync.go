// Package sync is team sync through CouchDB: one round pushes what changed in the library since the
// last push (annotations, tags, documents with their texts as attachments, memos, project notes,
// resolutions, deletions) as CouchDB documents and pulls the project database's _changes feed from a
// checkpoint kept in a _local document, applying pulled records in one durable transaction per batch.
// Watch keeps rounds going; Conflicts and Resolve settle what two libraries edited at once; StatusOf
// and Test say where a library stands. docs/SYNC.md describes it all.
//
// Files: records.go (what travels), push.go, pull.go, attachments.go (document texts), conflicts.go,
// watch.go, status.go (StatusOf, Test), guard.go (the validate_doc_update design document).
//
// Records carry deterministic ids (records.go) and are pushed the way CouchDB replication writes them
// (_bulk_docs with new_edits=false and the revision history, revision ids derived from the parent and
// the body), so two libraries editing one record make a conflict in the server's revision tree instead
// of a refused write: CouchDB's deterministic winner is applied everywhere and the loser is kept in the
// library until resolved.
package sync

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/go-kivik/kivik/v4"
	"github.com/go-kivik/kivik/v4/couchdb"
	"github.com/google/uuid"

	"gloss/store"
)

// Settings keys a round remembers.
const (
	SettingServer  = "sync_server"
	SettingProject = "sync_project"
	SettingUser    = "sync_user"
	settingClient  = "sync_client"
	// SettingKeepTextsLocal ("true") keeps the documents' texts out of the project: only their sha256 and
	// the annotations' quotes travel.
	SettingKeepTextsLocal = "sync_keep_texts_local"
	settingLastSynced     = "sync_last_synced"
	settingLastError      = "sync_last_error"
)

// batchSize is how many pulled changes go into one transaction.
const batchSize = 500

// Options names the server and project of a round.
type Options struct {
	Server   string
	Project  string
	User     string
	Password string
	Timeout  time.Duration // of the whole round; 0: one minute
	Batch    int           // changes pulled per transaction; 0: batchSize
}

// Conflict is a record with more than one leaf revision on the server: Winner (CouchDB's pick) is
// applied, Losers are kept on the server and listed here.
type Conflict struct {
	ID     string   `json:"id"`
	Winner string   `json:"winner"`
	Losers []string `json:"losers"`
}

// Result is what a round did.
type Result struct {
	Server     string     `json:"server"`
	Project    string     `json:"project"`
	Pushed     int        `json:"pushed"`
	Deleted    int        `json:"deleted"` // of those pushed, deletions
	Pulled     int        `json:"pulled"`  // records applied here
	Conflicts  []Conflict `json:"conflicts"`
	Problems   []string   `json:"problems"`
	Notes      []string   `json:"notes"`   // what the person should know of this round (a split version history joined)
	Refused    []Refusal  `json:"refused"` // refused by the server in this round (each once: refused.go)
	Since      string     `json:"since"`
	Checkpoint string     `json:"checkpoint"`

	seen   string // the last sequence read from the feed (the checkpoint may wait before it)
	pushed uint64 // the journal entry the push read the library at: the pull leaves later edits alone
}

// CheckURL allows HTTPS anywhere and plain HTTP only to loopback.
func CheckURL(server string) (*url.URL, error) {
	u, err := url.Parse(server)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("sync server %q: not a URL (give http://127.0.0.1:5984 or https://host)", server)
	}
	switch u.Scheme {
	case "https":
		return u, nil
	case "http":
		h := u.Hostname()
		if ip := net.ParseIP(h); (ip != nil && ip.IsLoopback()) || h == "localhost" {
			return u, nil
		}
		return nil, fmt.Errorf("sync server %q: plain HTTP only to this machine (loopback); use https://", server)
	}
	return nil, fmt.Errorf("sync server %q: the scheme must be https (or http to loopback)", server)
}

// FromSettings fills the options not given from the library's remembered settings.
func FromSettings(s *store.Store, o Options) Options {
	if o.Server == "" {
		o.Server = s.Setting(SettingServer)
	}
	if o.Project == "" {
		o.Project = s.Setting(SettingProject)
	}
	if o.User == "" {
		o.User = s.Setting(SettingUser)
	}
	return o
}

// connection is one round's client and project database.
type connection struct {
	client *kivik.Client
	db     *kivik.DB
}

func (c *connection) Close() { _ = c.client.Close() }

// connect makes a client for o (its URL checked) without reaching the server yet.
func connect(o Options) (*connection, error) {
	if o.Server == "" || o.Project == "" {
		return nil, errors.New("sync: give --server URL and --project NAME (they are remembered after the first round)")
	}
	u, err := CheckURL(o.Server)
	if err != nil {
		return nil, err
	}
	opts := []kivik.Option{couchdb.OptionHTTPClient(&http.Client{Timeout: o.timeout()})}
	if o.User != "" {
		opts = append(opts, couchdb.BasicAuth(o.User, o.Password))
	}
	client, err := kivik.New("couch", u.String(), opts...)
	if err != nil {
		return nil, fmt.Errorf("sync server %s: %w", o.Server, err)
	}
	return &connection{client: client, db: client.DB(o.Project)}, nil
}

func (o Options) timeout() time.Duration {
	if o.Timeout <= 0 {
		return time.Minute
	}
	return o.Timeout
}

// Round does one sync round: push, then pull. On success the server, project and user are remembered
// (never the password). A server that cannot be reached fails the round before anything is changed here.
// The end of a successful round, or the error of a failed one, is kept for StatusOf.
func Round(ctx context.Context, s *store.Store, o Options) (Result, error) {
	res, err := round(ctx, s, o)
	if o.Server != "" && o.Project != "" && !s.ReadOnly() && !errors.Is(err, context.Canceled) { // a stopped watch is no error
		kv := map[string]string{settingLastError: ""}
		if err != nil {
			kv[settingLastError] = err.Error()
		} else {
			kv[settingLastSynced] = time.Now().UTC().Format(time.RFC3339Nano)
		}
		if serr := s.SetSettings(kv); serr != nil && err == nil {
			err = serr
		}
	}
	return res, err
}

func round(ctx context.Context, s *store.Store, o Options) (Result, error) {
	res := Result{Server: o.Server, Project: o.Project, Conflicts: []Conflict{}, Problems: []string{}, Notes: []string{}, Refused: []Refusal{}}
	conn, err := connect(o)
	if err != nil {
		return res, err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(ctx, o.timeout())
	defer cancel()
	exists, err := conn.client.DBExists(ctx, o.Project)
	if err != nil {
		return res, serverError(o, err)
	}
	if !exists {
		if err := conn.client.CreateDB(ctx, o.Project); kivik.HTTPStatus(err) == http.StatusPreconditionFailed {
			// made by another library at the same moment
		} else if err != nil {
			return res, fmt.Errorf("sync server %s: cannot create project %q: %w", o.Server, o.Project, err)
		} else if err := installGuard(ctx, o, conn.db, o.User); err != nil {
			return res, err
		}
	}
	db := conn.db
	clientID := s.Setting(settingClient)
	if clientID == "" {
		clientID = uuid.NewString()
	}
	if err := s.SetSettings(map[string]string{SettingServer: o.Server, SettingProject: o.Project,
		SettingUser: o.User, settingClient: clientID}); err != nil {
		return res, err
	}
	if err := checkProject(ctx, s, o, db); err != nil {
		return res, midRound(o, err)
	}
	if err := push(ctx, s, db, o.User, &res); err != nil {
		return res, midRound(o, err)
	}
	if o.Batch <= 0 {
		o.Batch = batchSize
	}
	if err := pull(ctx, s, db, clientID, o.Batch, &res); err != nil {
		return res, midRound(o, err)
	}
	return res, nil
}

// midRound says in words what the server did when it failed a round midway (gone: "cannot be reached"),
// naming it; an error of the library's own is left as it is.
func midRound(o Options, err error) error {
	var coder interface{ HTTPStatus() int }
	if !errors.As(err, &coder) {
		return err
	}
	return serverError(o, err)
}
