package sync

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gloss/store"
)

// The records that travel, one CouchDB document each, by id:
//   - "ann:<annotation id>": an annotation (its document by sha256, its tags by path);
//   - "tag:<lower-case path>": a tag, with colour and description;
//   - "doc:<sha256>": a document's details and its versions' hashes, with each version's text (and
//     markup) as attachments unless the library keeps texts local;
//   - "memo:<document sha256>": a document's memo (one per document, so memos two libraries wrote on one
//     document are one record and conflict instead of one being dropped);
//   - "note:<note id>": a project note;
//   - "res:<SyncResolutionKey>": a decision on a disagreement.
// Deletions travel as CouchDB deletions (tombstones) of the same ids.

type annDoc struct {
	Type    string `json:"type"`
	DocSHA  string `json:"docSha256"`
	Version int    `json:"version,omitempty"` // records from before versionSha256 only
	// VersionSHA names the version the selectors count in by its sha256 (each library numbers a
	// document's versions itself: one that imported only the newer file calls it version 1).
	VersionSHA string    `json:"versionSha256,omitempty"`
	Start      int       `json:"start"`
	End        int       `json:"end"`
	Exact      string    `json:"exact"`
	Prefix     string    `json:"prefix"`
	Suffix     string    `json:"suffix"`
	Tags       []string  `json:"tags"`
	Note       string    `json:"note"`
	Author     string    `json:"author"`
	Created    time.Time `json:"created"`
	Modified   time.Time `json:"modified"`
}

type tagDoc struct {
	Type        string `json:"type"`
	Path        string `json:"path"`
	Colour      string `json:"colour"`
	Description string `json:"description"`
}

// versionDoc is one version of a document: its hashes, and what the reader needs of its provenance.
type versionDoc struct {
	N       int            `json:"n"`
	SHA256  string         `json:"sha256"`     // of the original bytes, as the store keeps it
	TextSHA string         `json:"textSha256"` // of the canonical text (the attachment v<n>.txt)
	Raw     bool           `json:"raw,omitempty"`
	Pages   []int          `json:"pages,omitempty"`
	Capture *store.Capture `json:"capture,omitempty"` // without the local WARC file
}

type docDoc struct {
	Type       string       `json:"type"`
	SHA256     string       `json:"sha256"`
	TextsLocal bool         `json:"textsLocal,omitempty"` // only hashes travel
	Title      string       `json:"title,omitempty"`
	Date       string       `json:"date,omitempty"`
	Source     string       `json:"source,omitempty"`
	URL        string       `json:"url,omitempty"`
	Format     string       `json:"format,omitempty"`
	BodyStart  int          `json:"bodyStart,omitempty"`
	Meta       *store.Meta  `json:"meta,omitempty"`
	Versions   []versionDoc `json:"versions"`
	Removed    *removal     `json:"removed,omitempty"` // deleted on a library: a notice elsewhere (removed.go)
}

// removal is who removed a document from their library, and when.
type removal struct {
	By string    `json:"by"`
	At time.Time `json:"at"`
}

// docSummary is what decides whether a document record changed: its details and how many versions it
// has. A version's text never changes, so its hashes need not be read to see a change (a new version
// changes the document's sha256 and count); the full record (docDoc) is built only to be pushed.
type docSummary struct {
	Type       string      `json:"type"`
	SHA256     string      `json:"sha256"`
	TextsLocal bool        `json:"textsLocal,omitempty"`
	Title      string      `json:"title,omitempty"`
	Date       string      `json:"date,omitempty"`
	Source     string      `json:"source,omitempty"`
	URL        string      `json:"url,omitempty"`
	Format     string      `json:"format,omitempty"`
	BodyStart  int         `json:"bodyStart,omitempty"`
	Meta       *store.Meta `json:"meta,omitempty"`
	Versions   int         `json:"versions"`
	Removed    *removal    `json:"removed,omitempty"`
}

func (d docDoc) summary() docSummary {
	return docSummary{Type: d.Type, SHA256: d.SHA256, TextsLocal: d.TextsLocal, Title: d.Title, Date: d.Date,
		Source: d.Source, URL: d.URL, Format: d.Format, BodyStart: d.BodyStart, Meta: d.Meta, Versions: len(d.Versions),
		Removed: d.Removed}
}

// summaryOf is a document's summary as this library has it.
func summaryOf(d store.Document, textsLocal bool) docSummary {
	sum := docSummary{Type: "document", SHA256: d.SHA256, TextsLocal: textsLocal, Versions: d.Version}
	if !textsLocal {
		meta := d.Meta
		sum.Title, sum.Date, sum.Source, sum.URL, sum.Format, sum.BodyStart, sum.Meta =
			d.Title, d.Date, d.Source, d.URL, d.Format, d.BodyStart, &meta
	}
	return sum
}

type noteDoc struct {
	Type     string    `json:"type"`
	DocSHA   string    `json:"docSha256,omitempty"`
	Title    string    `json:"title"`
	Body     string    `json:"body"`
	Author   string    `json:"author"`
	Created  time.Time `json:"created"`
	Modified time.Time `json:"modified"`
}

type resDoc struct {
	Type   string    `json:"type"`
	DocSHA string    `json:"docSha256"`
	Tag    string    `json:"tag"`
	Start  int       `json:"start"`
	End    int       `json:"end"`
	With   []string  `json:"with"`
	Kind   string    `json:"kind"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
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

func textSHA(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// locals lists every record of the library that travels, with its body and hash.
func locals(s *store.Store) (map[string]local, error) {
	out := map[string]local{}
	add := func(key string, body any) error {
		h, err := hashOf(body)
		out[key] = local{key, body, h}
		return err
	}
	tags, err := s.TagTree()
	if err != nil {
		return nil, err
	}
	paths := store.NewTagPaths(tags).All()
	for _, t := range tags {
		p := paths[t.ID]
		if err := add("tag:"+strings.ToLower(p), tagDoc{Type: "tag", Path: p, Colour: t.Colour, Description: t.Description}); err != nil {
			return nil, err
		}
	}
	docs, err := s.Documents()
	if err != nil {
		return nil, err
	}
	shaOf := map[string]string{}
	current := map[string]int{}
	textsLocal := s.Setting(SettingKeepTextsLocal) == "true"
	for _, d := range docs {
		shaOf[d.ID] = d.SHA256
		current[d.ID] = d.Version
		if d.SHA256 == "" {
			continue
		}
		if err := add("doc:"+d.SHA256, summaryOf(d, textsLocal)); err != nil {
			return nil, err
		}
	}
	older := map[string][]string{} // the versions' sha256 of documents with annotations on older versions
	versionSHA := func(a *store.Annotation) (string, error) {
		if a.Version == current[a.DocID] {
			return shaOf[a.DocID], nil
		}
		shas, ok := older[a.DocID]
		if !ok {
			var err error
			if shas, err = s.SyncVersionSHAs(a.DocID); err != nil {
				return "", err
			}
			older[a.DocID] = shas
		}
		if a.Version < 1 || a.Version >= len(shas) {
			return "", fmt.Errorf("annotation %s: version %d of its document is not here", a.ID, a.Version)
		}
		return shas[a.Version], nil
	}
	err = s.EachAnnotation(store.AnnotationFilter{}, func(a *store.Annotation) error {
		vsha, err := versionSHA(a)
		if err != nil {
			return err
		}
		body := annDoc{Type: "annotation", DocSHA: shaOf[a.DocID], VersionSHA: vsha, Start: a.Start, End: a.End,
			Exact: a.Exact, Prefix: a.Prefix, Suffix: a.Suffix, Tags: []string{}, Note: a.Note, Author: a.Author,
			Created: a.Created.UTC(), Modified: a.Modified.UTC()}
		for _, id := range a.Tags {
			body.Tags = append(body.Tags, paths[id])
		}
		return add("ann:"+a.ID, body)
	})
	if err != nil {
		return nil, err
	}
	notes, err := s.Notes()
	if err != nil {
		return nil, err
	}
	for _, n := range notes {
		body := noteDoc{Type: "note", DocSHA: shaOf[n.DocID], Title: n.Title, Body: n.Body, Author: n.Author,
			Created: n.Created.UTC(), Modified: n.Modified.UTC()}
		key := "note:" + n.ID
		if n.DocID != "" {
			if body.DocSHA == "" {
				continue
			}
			key = "memo:" + body.DocSHA
		}
		if err := add(key, body); err != nil {
			return nil, err
		}
	}
	res, err := s.Resolutions()
	if err != nil {
		return nil, err
	}
	for _, r := range res {
		sha, p := shaOf[r.DocID], paths[r.TagID]
		if sha == "" || p == "" {
			continue // its document or tag is gone: never matched again
		}
		body := resDoc{Type: "resolution", DocSHA: sha, Tag: p, Start: r.Start, End: r.End, With: r.With,
			Kind: r.Kind, By: r.By, At: r.At.UTC()}
		if err := add("res:"+store.SyncResolutionKey(sha, p, r.Start, r.End), body); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// documentRecord is a document's record as this library has it.
func documentRecord(s *store.Store, d store.Document, textsLocal bool) (docDoc, error) {
	body := docDoc{Type: "document", SHA256: d.SHA256, Versions: []versionDoc{}}
	if textsLocal {
		body.TextsLocal = true
	} else {
		meta := d.Meta
		body.Title, body.Date, body.Source, body.URL, body.Format, body.BodyStart, body.Meta =
			d.Title, d.Date, d.Source, d.URL, d.Format, d.BodyStart, &meta
	}
	for n := 1; n <= d.Version; n++ {
		v, err := s.Version(d.ID, n)
		if err != nil {
			return body, err
		}
		vd := versionDoc{N: n, SHA256: v.SHA256, TextSHA: textSHA(v.Text)}
		if !textsLocal {
			vd.Raw, vd.Pages = v.Raw != "", v.Pages
			if c := v.Capture; c != nil {
				cc := *c
				cc.WARCFile, cc.WARCRecordID, cc.RetrievedAt = "", "", c.RetrievedAt.UTC()
				vd.Capture = &cc
			}
		}
		body.Versions = append(body.Versions, vd)
	}
	return body, nil
}
