package sync

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/go-kivik/kivik/v4"

	"gloss/store"
)

// Document texts travel as CouchDB attachments of their "doc:" record: "v<n>.txt" is version n's
// canonical text (the one every selector counts code points of), "v<n>.raw" its markup when it has one.
// A library that lacks the document imports it from them through AddDocument and AddVersion, the
// store's import path, after checking each text against the record's sha256.

const textType = "text/plain; charset=utf-8"

// maxText bounds one attachment read back (the store's own limit on a text is far below).
const maxText = 256 << 20

// textAttachments reads a document's texts for the record d; n is their size in bytes.
func textAttachments(s *store.Store, d docDoc) (map[string]any, int, error) {
	doc, ok, err := s.DocumentBySHA(d.SHA256)
	if err != nil || !ok {
		return nil, 0, fmt.Errorf("sync push of document %s: %v", d.SHA256, err)
	}
	atts, n := map[string]any{}, 0
	for _, vd := range d.Versions {
		v, err := s.Version(doc.ID, vd.N)
		if err != nil {
			return nil, 0, fmt.Errorf("sync push of %q: %w", doc.Title, err)
		}
		atts[fmt.Sprintf("v%d.txt", vd.N)] = map[string]any{"content_type": textType,
			"data": base64.StdEncoding.EncodeToString([]byte(v.Text))}
		n += len(v.Text)
		if v.Raw != "" {
			atts[fmt.Sprintf("v%d.raw", vd.N)] = map[string]any{"content_type": textType,
				"data": base64.StdEncoding.EncodeToString([]byte(v.Raw))}
			n += len(v.Raw)
		}
	}
	return atts, n * 4 / 3, nil
}

func readAttachment(ctx context.Context, db *kivik.DB, id, rev, name string) (string, error) {
	att, err := db.GetAttachment(ctx, id, name, kivik.Rev(rev))
	if err != nil {
		return "", fmt.Errorf("attachment %s: %w", name, err)
	}
	defer att.Content.Close()
	raw, err := io.ReadAll(io.LimitReader(att.Content, maxText+1))
	if err != nil {
		return "", fmt.Errorf("attachment %s: %w", name, err)
	}
	if len(raw) > maxText {
		return "", fmt.Errorf("attachment %s: longer than %d bytes", name, maxText)
	}
	return string(raw), nil
}

// importDocument brings the texts a pulled document record has and this library lacks: the whole
// document when no version of it is here; the versions after the newest one here (appended, as an
// import of a new version is); and the versions before it that this library never had (one that
// imported only the newer file), put in their place in the record's order (store.InsertSyncVersion), so
// an annotation on any version of the other library's finds its text here. It reports whether the
// document is here now. A record that keeps its texts local brings none: annotations on a version this
// library lacks are then reported, never put on another text.
//
// A document whose history parted from the record's (this library imported a version the other never
// had, and the other one this library never had) is found by an older version and joined (joinHistory),
// told in note.
func importDocument(ctx context.Context, s *store.Store, db *kivik.DB, id, rev string, d docDoc) (here bool, note string, err error) {
	if len(d.Versions) == 0 {
		return false, "", nil
	}
	// the newest version of the record that is a document's current version here
	from, docID := -1, ""
	for i := len(d.Versions) - 1; i >= 0 && docID == ""; i-- {
		if doc, ok, err := s.DocumentBySHA(d.Versions[i].SHA256); err != nil {
			return false, "", err
		} else if ok {
			from, docID = i, doc.ID
		}
	}
	if docID == "" && !d.TextsLocal {
		older, err := s.SyncOlderVersions()
		if err != nil {
			return false, "", err
		}
		for _, vd := range d.Versions {
			if docID = older[vd.SHA256]; docID != "" {
				break
			}
		}
	}
	if d.TextsLocal {
		return from == len(d.Versions)-1, "", nil
	}
	text := func(vd versionDoc) (string, string, error) {
		t, err := readAttachment(ctx, db, id, rev, fmt.Sprintf("v%d.txt", vd.N))
		if err != nil {
			return "", "", err
		}
		if got := textSHA(t); got != vd.TextSHA {
			return "", "", fmt.Errorf("version %d's text has sha256 %s, the record says %s", vd.N, got, vd.TextSHA)
		}
		raw := ""
		if vd.Raw {
			if raw, err = readAttachment(ctx, db, id, rev, fmt.Sprintf("v%d.raw", vd.N)); err != nil {
				return "", "", err
			}
		}
		return t, raw, nil
	}
	if docID != "" && from == -1 { // the histories parted
		note, err := joinHistory(s, docID, d, text)
		return err == nil, note, err
	}
	meta := store.Meta{}
	if d.Meta != nil {
		meta = *d.Meta
	}
	for i, vd := range d.Versions {
		if i <= from {
			continue
		}
		t, raw, err := text(vd)
		if err != nil {
			return false, "", fmt.Errorf("document %q: %w", d.Title, err)
		}
		prov := store.Provenance{Capture: vd.Capture, Pages: vd.Pages}
		bodyStart := 0
		if i == len(d.Versions)-1 {
			bodyStart = d.BodyStart
		}
		if docID == "" {
			doc, err := s.AddDocument(store.NewDocument{Title: d.Title, Date: d.Date, Source: d.Source, URL: d.URL,
				Format: d.Format, Text: t, Raw: raw, SHA256: vd.SHA256, BodyStart: bodyStart, Meta: meta, Provenance: prov})
			if err != nil {
				return false, "", fmt.Errorf("document %q: %w", d.Title, err)
			}
			docID = doc.ID
			continue
		}
		if _, _, err := s.AddVersion(docID, store.NewVersion{Text: t, Raw: raw, SHA256: vd.SHA256, BodyStart: bodyStart,
			Format: d.Format, Provenance: prov}); err != nil {
			return false, "", fmt.Errorf("document %q, version %d: %w", d.Title, vd.N, err)
		}
	}
	// the older versions this library never had, each before the next one of the record it has
	shas, err := s.SyncVersionSHAs(docID)
	if err != nil {
		return false, "", err
	}
	has := map[string]bool{}
	for _, sha := range shas {
		has[sha] = true
	}
	for i, vd := range d.Versions {
		if has[vd.SHA256] {
			continue
		}
		before := ""
		for _, later := range d.Versions[i+1:] {
			if has[later.SHA256] {
				before = later.SHA256
				break
			}
		}
		if before == "" {
			continue // cannot be placed (the histories differ past it): its annotations are reported
		}
		t, raw, err := text(vd)
		if err != nil {
			return false, "", fmt.Errorf("document %q: %w", d.Title, err)
		}
		if err := s.InsertSyncVersion(docID, before, store.NewVersion{Text: t, Raw: raw, SHA256: vd.SHA256,
			Format: d.Format, Provenance: store.Provenance{Capture: vd.Capture, Pages: vd.Pages}}); err != nil {
			return false, "", fmt.Errorf("document %q, version %d: %w", d.Title, vd.N, err)
		}
		has[vd.SHA256] = true
	}
	return true, "", nil
}

// joinHistory puts the versions of record d that document docID lacks among its own, in the order
// joinOrder gives (the same on both libraries), and says so in words. No annotation moves.
func joinHistory(s *store.Store, docID string, d docDoc, text func(versionDoc) (string, string, error)) (string, error) {
	here, err := s.SyncVersionSHAs(docID)
	if err != nil {
		return "", err
	}
	var theirs []string
	byID := map[string]versionDoc{}
	for _, vd := range d.Versions {
		theirs = append(theirs, vd.SHA256)
		byID[vd.SHA256] = vd
	}
	order := joinOrder(here[1:], theirs)
	has := map[string]bool{}
	for _, sha := range here[1:] {
		has[sha] = true
	}
	var added []int
	for i, sha := range order {
		if has[sha] {
			continue
		}
		vd := byID[sha]
		t, raw, err := text(vd)
		if err != nil {
			return "", fmt.Errorf("document %q: %w", d.Title, err)
		}
		nv := store.NewVersion{Text: t, Raw: raw, SHA256: sha, Format: d.Format, Provenance: store.Provenance{Capture: vd.Capture, Pages: vd.Pages}}
		before := ""
		for _, later := range order[i+1:] {
			if has[later] {
				before = later
				break
			}
		}
		if before != "" {
			err = s.InsertSyncVersion(docID, before, nv)
		} else {
			if sha == theirs[len(theirs)-1] {
				nv.BodyStart = d.BodyStart
			}
			err = s.AppendSyncVersion(docID, nv)
		}
		if err != nil {
			return "", fmt.Errorf("document %q, version %d: %w", d.Title, vd.N, err)
		}
		has[sha] = true
		added = append(added, i+1)
	}
	doc, err := s.Document(docID)
	if err != nil {
		return "", err
	}
	nums := make([]string, len(added))
	for i, n := range added {
		nums[i] = strconv.Itoa(n)
	}
	return fmt.Sprintf("document “%s”: another library imported a version this one had not (and this one a version it had not): "+
		"both kept, the other's as version %s of %d; every annotation stays on the version it was made on",
		doc.Title, strings.Join(nums, ", "), doc.Version), nil
}

// joinOrder merges two version histories (sha256s, oldest first) into one, the same whichever is given
// first: the versions both have keep their order, a version one lacks goes before the next shared one,
// and where the histories part, the two sides' own versions are merged by sha256 (the smaller next one
// first), each side's in its order. One at a time, not a side's whole run: a run in a joined history may
// hold several libraries' versions, and only the merge by the next one gives every library the same
// history whatever order the joins came in (three libraries apart: TestSplitVersionHistoriesThreeWays).
func joinOrder(x, y []string) []string {
	inX, inY := map[string]bool{}, map[string]bool{}
	for _, v := range x {
		inX[v] = true
	}
	for _, v := range y {
		inY[v] = true
	}
	var out []string
	done := map[string]bool{}
	take := func(v string) {
		if !done[v] {
			done[v] = true
			out = append(out, v)
		}
	}
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && done[x[i]]:
			i++
		case j < len(y) && done[y[j]]:
			j++
		case i >= len(x):
			take(y[j])
			j++
		case j >= len(y):
			take(x[i])
			i++
		case x[i] == y[j]:
			take(x[i])
			i, j = i+1, j+1
		case inY[x[i]] && !inX[y[j]]: // y's own version before a shared one
			take(y[j])
			j++
		case inX[y[j]] && !inY[x[i]]:
			take(x[i])
			i++
		case !inY[x[i]] && !inX[y[j]]: // parted: the smaller sha256 first, one version at a time
			if x[i] < y[j] {
				take(x[i])
				i++
			} else {
				take(y[j])
				j++
			}
		default: // both shared, in crossed orders: the smaller first
			take(min(x[i], y[j]))
		}
	}
	return out
}
