package sync

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"gloss/store"
	"strconv"
	"strings"

	"github.com/go-kivik/kivik/v4"
)

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

// pending counts the records changed here since they were last pushed or pulled, deletions included.
func pending(s *store.Store) (int, error) {
	mine, err := locals(s)
	if err != nil {
		return 0, err
	}
	known, err := s.SyncRecords()
	if err != nil {
		return 0, err
	}
	n := 0
	for key, l := range mine {
		if k, ok := known[key]; !ok || k.Hash != l.hash {
			n++
		}
	}
	for key, k := range known {
		if _, ok := mine[key]; !ok && k.Hash != "" {
			n++
		}
	}
	return n, nil
}
