// Package sync is team sync through CouchDB: one round pushes the library's annotations, tags and
// deletions as CouchDB documents and pulls the project database's _changes feed from a checkpoint kept in
// a _local document, applying pulled records in one durable transaction per batch.
//
// Records carry deterministic ids ("ann:<annotation id>", "tag:<lower-case path>") and are pushed the way
// CouchDB replication writes them (_bulk_docs with new_edits=false and the revision history), so two
// libraries editing one record make a conflict in the server's revision tree instead of a refused write:
// CouchDB's deterministic winner is applied everywhere and the losing revisions are reported.
package sync

import (
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
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
	Since      string     `json:"since"`
	Checkpoint string     `json:"checkpoint"`
}

// annDoc and tagDoc are the bodies that travel (without _id and _rev).
type annDoc struct {
	Type     string    `json:"type"`
	DocSHA   string    `json:"docSha256"`
	Version  int       `json:"version"`
	Start    int       `json:"start"`
	End      int       `json:"end"`
	Exact    string    `json:"exact"`
	Prefix   string    `json:"prefix"`
	Suffix   string    `json:"suffix"`
	Tags     []string  `json:"tags"`
	Note     string    `json:"note"`
	Author   string    `json:"author"`
	Created  time.Time `json:"created"`
	Modified time.Time `json:"modified"`
}

type tagDoc struct {
	Type        string `json:"type"`
	Path        string `json:"path"`
	Colour      string `json:"colour"`
	Description string `json:"description"`
}

type local struct {
	key  string
	body any
	hash string
}

func hashOf(body any) (string, error) {
	raw, err := json.Marshal(body)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:]), nil
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

// Round does one sync round: push, then pull. On success the server, project and user are remembered
// (never the password). A server that cannot be reached fails the round before anything is changed here.
func Round(ctx context.Context, s *store.Store, o Options) (Result, error) {
	res := Result{Server: o.Server, Project: o.Project, Conflicts: []Conflict{}, Problems: []string{}}
	if o.Server == "" || o.Project == "" {
		return res, errors.New("sync: give --server URL and --project NAME (they are remembered after the first round)")
	}
	u, err := CheckURL(o.Server)
	if err != nil {
		return res, err
	}
	if o.Timeout == 0 {
		o.Timeout = time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	opts := []kivik.Option{couchdb.OptionHTTPClient(&http.Client{Timeout: o.Timeout})}
	if o.User != "" {
		opts = append(opts, couchdb.BasicAuth(o.User, o.Password))
	}
	client, err := kivik.New("couch", u.String(), opts...)
	if err != nil {
		return res, fmt.Errorf("sync server %s: %w", o.Server, err)
	}
	defer client.Close()
	exists, err := client.DBExists(ctx, o.Project)
	if err != nil {
		return res, fmt.Errorf("sync server %s: cannot reach project %q: %w", o.Server, o.Project, err)
	}
	if !exists {
		if err := client.CreateDB(ctx, o.Project); err != nil {
			return res, fmt.Errorf("sync server %s: cannot create project %q: %w", o.Server, o.Project, err)
		}
	}
	db := client.DB(o.Project)
	clientID := s.Setting(settingClient)
	if clientID == "" {
		clientID = uuid.NewString()
	}
	if err := s.SetSettings(map[string]string{SettingServer: o.Server, SettingProject: o.Project,
		SettingUser: o.User, settingClient: clientID}); err != nil {
		return res, err
	}
	if err := push(ctx, s, db, &res); err != nil {
		return res, err
	}
	if o.Batch <= 0 {
		o.Batch = batchSize
	}
	if err := pull(ctx, s, db, clientID, o.Batch, &res); err != nil {
		return res, err
	}
	return res, nil
}

// locals lists every record of the library that travels, with its body and hash.
func locals(s *store.Store) (map[string]local, error) {
	out := map[string]local{}
	tags, err := s.TagTree()
	if err != nil {
		return nil, err
	}
	paths := store.NewTagPaths(tags).All()
	for _, t := range tags {
		p := paths[t.ID]
		body := tagDoc{Type: "tag", Path: p, Colour: t.Colour, Description: t.Description}
		h, err := hashOf(body)
		if err != nil {
			return nil, err
		}
		out["tag:"+strings.ToLower(p)] = local{"tag:" + strings.ToLower(p), body, h}
	}
	docs, err := s.Documents()
	if err != nil {
		return nil, err
	}
	shaOf := map[string]string{}
	for _, d := range docs {
		shaOf[d.ID] = d.SHA256
	}
	err = s.EachAnnotation(store.AnnotationFilter{}, func(a *store.Annotation) error {
		body := annDoc{Type: "annotation", DocSHA: shaOf[a.DocID], Version: a.Version, Start: a.Start, End: a.End,
			Exact: a.Exact, Prefix: a.Prefix, Suffix: a.Suffix, Tags: []string{}, Note: a.Note, Author: a.Author,
			Created: a.Created.UTC(), Modified: a.Modified.UTC()}
		for _, id := range a.Tags {
			body.Tags = append(body.Tags, paths[id])
		}
		h, err := hashOf(body)
		if err != nil {
			return err
		}
		out["ann:"+a.ID] = local{"ann:" + a.ID, body, h}
		return nil
	})
	return out, err
}

// nextRev makes the revision that follows prev for a body of hash h, and its _revisions history.
func nextRev(prev, h string) (string, map[string]any) {
	gen, prevID := 0, ""
	if g, id, ok := strings.Cut(prev, "-"); ok {
		gen, _ = strconv.Atoi(g)
		prevID = id
	}
	sum := md5.Sum([]byte(prev + "\x00" + h))
	id := hex.EncodeToString(sum[:])
	ids := []string{id}
	if prevID != "" {
		ids = append(ids, prevID)
	}
	return fmt.Sprintf("%d-%s", gen+1, id), map[string]any{"start": gen + 1, "ids": ids}
}

func push(ctx context.Context, s *store.Store, db *kivik.DB, res *Result) error {
	mine, err := locals(s)
	if err != nil {
		return err
	}
	known, err := s.SyncRecords()
	if err != nil {
		return err
	}
	var docs []any
	var recs []store.SyncRecord
	var gone []string
	for key, l := range mine {
		k, ok := known[key]
		if ok && k.Hash == l.hash {
			continue
		}
		rev, history := nextRev(k.Rev, l.hash)
		doc := map[string]any{}
		raw, _ := json.Marshal(l.body)
		if err := json.Unmarshal(raw, &doc); err != nil {
			return err
		}
		doc["_id"], doc["_rev"], doc["_revisions"] = key, rev, history
		docs = append(docs, doc)
		recs = append(recs, store.SyncRecord{Key: key, Rev: rev, Hash: l.hash})
	}
	for key, k := range known {
		if _, ok := mine[key]; ok || k.Hash == "" {
			continue
		}
		rev, history := nextRev(k.Rev, "deleted")
		docs = append(docs, map[string]any{"_id": key, "_rev": rev, "_revisions": history, "_deleted": true})
		gone = append(gone, key)
		res.Deleted++
	}
	if len(docs) == 0 {
		return nil
	}
	results, err := db.BulkDocs(ctx, docs, kivik.Param("new_edits", false))
	if err != nil {
		return fmt.Errorf("sync push: %w", err)
	}
	for _, r := range results {
		if r.Error != nil {
			return fmt.Errorf("sync push of %s: %w", r.ID, r.Error)
		}
	}
	res.Pushed = len(docs)
	return s.RememberSync(recs, gone)
}

const checkpointPrefix = "_local/gloss-"

func pull(ctx context.Context, s *store.Store, db *kivik.DB, clientID string, limit int, res *Result) error {
	cpID := checkpointPrefix + clientID
	var cp struct {
		Rev string `json:"_rev,omitempty"`
		Seq string `json:"last_seq"`
	}
	if err := db.Get(ctx, cpID).ScanDoc(&cp); err != nil && kivik.HTTPStatus(err) != http.StatusNotFound {
		return fmt.Errorf("sync pull: reading the checkpoint: %w", err)
	}
	since := cp.Seq
	if since == "" {
		since = "0"
	}
	res.Since = since
	known, err := s.SyncRecords()
	if err != nil {
		return err
	}
	stuck := false
	for {
		ch := db.Changes(ctx, kivik.Params(map[string]any{"since": since, "include_docs": true,
			"style": "all_docs", "limit": limit}))
		var b store.SyncBatch
		n := 0
		for ch.Next() {
			n++
			id := ch.ID()
			if !strings.HasPrefix(id, "ann:") && !strings.HasPrefix(id, "tag:") {
				continue
			}
			var raw map[string]json.RawMessage
			if err := ch.ScanDoc(&raw); err != nil {
				return fmt.Errorf("sync pull of %s: %w", id, err)
			}
			var winner string
			_ = json.Unmarshal(raw["_rev"], &winner)
			if leaves := ch.Changes(); len(leaves) > 1 {
				c := Conflict{ID: id, Winner: winner}
				for _, l := range leaves {
					if l != winner {
						c.Losers = append(c.Losers, l)
					}
				}
				slices.Sort(c.Losers)
				res.Conflicts = append(res.Conflicts, c)
			}
			if k, ok := known[id]; ok && k.Rev == winner {
				continue // ours, or pulled before
			}
			if ch.Deleted() {
				if _, ok := known[id]; !ok {
					continue
				}
				if strings.HasPrefix(id, "ann:") {
					b.Deleted = append(b.Deleted, strings.TrimPrefix(id, "ann:"))
				} else {
					b.DeletedTags = append(b.DeletedTags, strings.TrimPrefix(id, "tag:"))
				}
				b.Forget = append(b.Forget, id)
				delete(known, id)
				res.Pulled++
				continue
			}
			body, _ := json.Marshal(raw)
			var h string
			if strings.HasPrefix(id, "tag:") {
				var t tagDoc
				if err := json.Unmarshal(body, &t); err != nil {
					res.Problems = append(res.Problems, fmt.Sprintf("%s: %v", id, err))
					continue
				}
				h, _ = hashOf(t)
				b.Tags = append(b.Tags, store.SyncTag{Path: t.Path, Colour: t.Colour, Description: t.Description})
			} else {
				var a annDoc
				if err := json.Unmarshal(body, &a); err != nil {
					res.Problems = append(res.Problems, fmt.Sprintf("%s: %v", id, err))
					continue
				}
				if a.Tags == nil {
					a.Tags = []string{}
				}
				h, _ = hashOf(a)
				b.Annotations = append(b.Annotations, store.SyncAnnotation{ID: strings.TrimPrefix(id, "ann:"),
					DocSHA: a.DocSHA, Version: a.Version, Start: a.Start, End: a.End, Exact: a.Exact, Prefix: a.Prefix,
					Suffix: a.Suffix, Tags: a.Tags, Note: a.Note, Author: a.Author, Created: a.Created, Modified: a.Modified})
			}
			rec := store.SyncRecord{Key: id, Rev: winner, Hash: h}
			b.Remember = append(b.Remember, rec)
			known[id] = rec
			res.Pulled++
		}
		if err := ch.Err(); err != nil {
			return fmt.Errorf("sync pull: %w", err)
		}
		meta, err := ch.Metadata()
		if err != nil {
			return fmt.Errorf("sync pull: %w", err)
		}
		_ = ch.Close()
		problems, err := s.ApplySync(b)
		if err != nil {
			return fmt.Errorf("sync pull: applying a batch: %w", err)
		}
		res.Pulled -= len(problems)
		res.Problems = append(res.Problems, problems...)
		// A batch with a record that could not be applied here (its document not imported yet) holds the
		// checkpoint where it was, so a later round reads that record again; rounds go on past it.
		stuck = stuck || len(problems) > 0
		if meta.LastSeq != "" && meta.LastSeq != since {
			since = meta.LastSeq
		}
		if !stuck && since != cp.Seq {
			cp.Seq = since
			rev, err := db.Put(ctx, cpID, cp)
			if err != nil {
				return fmt.Errorf("sync pull: saving the checkpoint: %w", err)
			}
			cp.Rev = rev
		}
		if n < limit {
			break
		}
	}
	res.Checkpoint = cp.Seq
	return nil
}
