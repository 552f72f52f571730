package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Team sync's records in the library (teams/sync drives them). Each record that travels (an annotation,
// a tag, a document's details, a note, a resolution: see sync_records.go) is remembered under "sync:rec:<key>" in the meta bucket with the CouchDB revision it was last
// pushed or pulled at and the sha256 of the body it had then, so a round pushes only what changed since
// and knows a deletion (remembered, no longer here). Sync state is not library content: it is neither
// journaled nor undoable. Pulled records are applied in one durable transaction per batch, journaled (so
// the search index and the window see them) but not undoable.

const syncRecPrefix = "sync:rec:"

const opSyncPull = "sync.pull"

// SyncRecord is what the library remembers of one synced record.
type SyncRecord struct {
	Key   string `json:"key"`
	Rev   string `json:"rev"`
	Hash  string `json:"hash"`
	Owner string `json:"owner,omitempty"` // annotations: the server user who made it (the design document's rule)
}

// SyncTag is a tag as it travels: by path, with colour and description.
type SyncTag struct {
	Path        string
	Colour      string
	Description string
}

// SyncAnnotation is an annotation as it travels: its document by the sha256 the store keeps for it, its
// tags by path.
type SyncAnnotation struct {
	ID      string
	DocSHA  string
	Version int // the sender's number of the version; used only when VersionSHA is ""
	// VersionSHA is the SHA-256 of the version the selectors count in (Version.SHA256): each library
	// numbers a document's versions itself, so this, not the number, says which text.
	VersionSHA string
	Start      int
	End        int
	Exact      string
	Prefix     string
	Suffix     string
	Tags       []string
	Note       string
	Author     string
	Created    time.Time
	Modified   time.Time
}

// SyncBatch is one pulled batch: records to apply and what to remember of them, all in one transaction.
type SyncBatch struct {
	Documents          []SyncDocument // details of documents here (imported before the batch when new)
	Tags               []SyncTag
	Annotations        []SyncAnnotation
	Deleted            []string // annotation ids
	DeletedTags        []string // tag paths (case-insensitive): removed when no annotation and no tag uses them here
	Remember           []SyncRecord
	Forget             []string // record keys
	Notes              []SyncNote
	DeletedNotes       []string // project note ids
	DeletedMemos       []string // memos, by their document's sha256
	Resolutions        []SyncResolution
	DeletedResolutions []string       // SyncResolutionKey of each
	Conflicts          []SyncConflict // kept (replacing the one on the same record) with the batch
	// EditedFrom is the first journal entry after the one the round's push read the library at (0: not
	// checked): a record written here from it on by anything but a pull is left out and reported, so that
	// an edit the push did not send is not overwritten (the next round sends it).
	EditedFrom uint64
	Settled    []string     // record keys whose conflict is over
	Notices    []SyncNotice // documents removed on another library and still here (sync_removed.go)
}

// SyncRecords returns every remembered synced record by key.
func (s *Store) SyncRecords() (map[string]SyncRecord, error) {
	out := map[string]SyncRecord{}
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketMeta).Cursor()
		for k, v := c.Seek([]byte(syncRecPrefix)); k != nil && strings.HasPrefix(string(k), syncRecPrefix); k, v = c.Next() {
			var r SyncRecord
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("sync record %s: %w", k, err)
			}
			out[r.Key] = r
		}
		return nil
	})
	return out, err
}

// RememberSync stores (and forgets) synced records in one durable transaction.
func (s *Store) RememberSync(recs []SyncRecord, forget []string) error {
	return s.update(func(tx *bolt.Tx) error { return remember(tx, recs, forget) })
}

func remember(tx *bolt.Tx, recs []SyncRecord, forget []string) error {
	meta := tx.Bucket(bucketMeta)
	for _, r := range recs {
		raw, err := json.Marshal(r)
		if err != nil {
			return err
		}
		if err := meta.Put([]byte(syncRecPrefix+r.Key), raw); err != nil {
			return err
		}
	}
	for _, k := range forget {
		if err := meta.Delete([]byte(syncRecPrefix + k)); err != nil {
			return err
		}
	}
	return nil
}

// ApplySync applies a pulled batch in one durable transaction: tags are found by path (case-insensitive)
// or created with their parents, and take the colour and description pulled; annotations are created or
// replaced under their id on the document with that sha256; deleted ones are removed. A record that
// cannot be applied here (its document is not in this library) is reported in problems and left out,
// and it is not remembered, so a later round tries again.
func (s *Store) ApplySync(b SyncBatch) (problems []string, err error) {
	err = s.write(opSyncPull, false, func(cs *changeSet) (string, error) {
		problems = nil
		tags, err := loadTags(cs.tx)
		if err != nil {
			return "", err
		}
		byPath := map[string]string{}
		for id, p := range NewTagPaths(mapValues(tags)).All() {
			byPath[strings.ToLower(p)] = id
		}
		order := 1
		for _, t := range tags {
			order = max(order, t.Order+1)
		}
		ensure := func(path string) (string, error) {
			parent, sofar := "", ""
			for _, part := range strings.Split(path, "/") {
				sofar = strings.TrimPrefix(sofar+"/"+part, "/")
				if id, ok := byPath[strings.ToLower(sofar)]; ok {
					parent = id
					continue
				}
				siblings := map[string]Tag{}
				for _, t := range tags {
					siblings[siblingKey(t.Parent, t.Name)] = t
				}
				t, err := newTag(tags, siblings, map[string]int{"": 0}, NewTag{Name: part, Parent: parent}, order)
				if err != nil {
					return "", fmt.Errorf("tag %q: %w", path, err)
				}
				order++
				if err := putTag(cs, tags, t); err != nil {
					return "", err
				}
				byPath[strings.ToLower(sofar)] = t.ID
				parent = t.ID
			}
			return parent, nil
		}
		skip := map[string]bool{}
		problem := func(key, msg string) {
			problems = append(problems, msg)
			skip[key] = true
		}
		edited, err := editedFrom(cs.tx, b.EditedFrom)
		if err != nil {
			return "", err
		}
		b.Annotations = slices.DeleteFunc(slices.Clone(b.Annotations), func(sa SyncAnnotation) bool {
			if edited[RecordKey{string(bucketAnnotations), sa.ID}] {
				problem("ann:"+sa.ID, editedMessage("ann:"+sa.ID))
				return true
			}
			return false
		})
		b.Deleted = slices.DeleteFunc(slices.Clone(b.Deleted), func(id string) bool {
			if edited[RecordKey{string(bucketAnnotations), id}] {
				problem("ann:"+id, editedMessage("ann:"+id))
				return true
			}
			return false
		})
		b.DeletedNotes = slices.DeleteFunc(slices.Clone(b.DeletedNotes), func(id string) bool {
			if edited[RecordKey{string(bucketNotes), id}] {
				problem("note:"+id, editedMessage("note:"+id))
				return true
			}
			return false
		})
		b.Notes = slices.DeleteFunc(slices.Clone(b.Notes), func(sn SyncNote) bool {
			id := sn.ID
			if sn.DocSHA != "" {
				if docID := cs.tx.Bucket(bucketDocBySHA).Get([]byte(sn.DocSHA)); docID != nil {
					if memo, found, _ := documentNote(cs.tx, string(docID)); found {
						id = memo.ID
					}
				}
			}
			if id != "" && edited[RecordKey{string(bucketNotes), id}] {
				problem(sn.Key, editedMessage(sn.Key))
				return true
			}
			return false
		})
		if err := applySyncDocuments(cs, b.Documents, problem); err != nil {
			return "", err
		}
		for _, st := range b.Tags {
			id, err := ensure(st.Path)
			if err != nil {
				problems = append(problems, err.Error())
				skip["tag:"+strings.ToLower(st.Path)] = true
				continue
			}
			t := tags[id]
			// The pulled spelling of the name (the path matched case-insensitively), so that the next round
			// does not push ours back.
			if name := strings.TrimSpace(st.Path[strings.LastIndex(st.Path, "/")+1:]); strings.EqualFold(name, t.Name) {
				t.Name = name
			}
			if st.Colour != "" {
				if c, err := tagColour(st.Colour); err == nil {
					t.Colour = c
				}
			}
			t.Description = st.Description
			if err := putTag(cs, tags, t); err != nil {
				return "", err
			}
		}
		versionsOf := map[string][]string{}
		older := olderDocs{tx: cs.tx} // a document named by an older version's sha256 (sync_split.go)
		for _, sa := range b.Annotations {
			docID := string(cs.tx.Bucket(bucketDocBySHA).Get([]byte(sa.DocSHA)))
			if docID == "" && sa.VersionSHA != "" {
				found, err := older.find(sa.DocSHA)
				if err != nil {
					return "", err
				}
				docID = found
			}
			if docID == "" {
				problems = append(problems, fmt.Sprintf("annotation %s: its document (sha256 %s) is not in this library", sa.ID, sa.DocSHA))
				skip["ann:"+sa.ID] = true
				continue
			}
			if sa.VersionSHA != "" {
				n, err := syncVersionOf(cs.tx, docID, sa.VersionSHA, versionsOf)
				if err != nil {
					return "", err
				}
				if n == 0 {
					problems = append(problems, fmt.Sprintf("annotation %s: the version it is on (sha256 %s) is not in this library", sa.ID, short(sa.VersionSHA)))
					skip["ann:"+sa.ID] = true
					continue
				}
				sa.Version = n
			}
			if _, err := s.versionText(cs.tx, docID, sa.Version); err != nil {
				problems = append(problems, fmt.Sprintf("annotation %s: %v", sa.ID, err))
				skip["ann:"+sa.ID] = true
				continue
			}
			a := Annotation{ID: sa.ID, DocID: docID, Version: sa.Version, Start: sa.Start, End: sa.End,
				Exact: sa.Exact, Prefix: sa.Prefix, Suffix: sa.Suffix, Tags: []string{}, Note: sa.Note,
				Author: sa.Author, Created: sa.Created, Modified: sa.Modified,
				Anchor: Anchor{Status: "exact", Confidence: 1, Version: sa.Version}}
			if cur, err := syncCurrentVersion(cs.tx, docID, versionsOf); err != nil {
				return "", err
			} else if sa.Version != cur {
				// on an older version: re-anchoring left it there, as it did where it was made
				a.Anchor = Anchor{Status: AnchorOrphan, Version: sa.Version}
			}
			if old, err := getAnnotation(cs.tx, sa.ID); err == nil {
				// Where it stays in place (an edited note, tags) its anchoring here stands (a fuzzy match,
				// an orphan kept); moved by the other library (its own re-anchoring, a re-attach), the
				// anchor is the pulled place's and only the quote as made is kept.
				if old.Version == a.Version && old.Start == a.Start && old.End == a.End {
					a.Anchor = old.Anchor
				} else {
					a.Anchor.Made = madeQuote(old)
				}
				if old.DocID != docID {
					if err := cs.del(bucketAnnByDoc, old.DocID+"/"+old.ID); err != nil {
						return "", err
					}
				}
			}
			for _, p := range sa.Tags {
				id, err := ensure(p)
				if err != nil {
					return "", err
				}
				a.Tags = append(a.Tags, id)
			}
			if err := revive(cs, a.ID); err != nil {
				return "", err
			}
			if err := putAnnotation(cs, a); err != nil {
				return "", err
			}
		}
		if err := applySyncNotes(cs, b.Notes, problem); err != nil {
			return "", err
		}
		if err := applySyncResolutions(cs, b.Resolutions, ensure, problem); err != nil {
			return "", err
		}
		for _, id := range b.Deleted {
			a, err := getAnnotation(cs.tx, id)
			if err != nil {
				continue // never here, or gone already
			}
			if err := bury(cs, a); err != nil { // a merged one: merging its file again leaves it out here too
				return "", err
			}
			if err := cs.del(bucketAnnotations, id); err != nil {
				return "", err
			}
			if err := cs.del(bucketAnnByDoc, a.DocID+"/"+id); err != nil {
				return "", err
			}
		}
		if err := deleteSyncNotes(cs, b.DeletedNotes, b.DeletedMemos); err != nil {
			return "", err
		}
		pathOf := map[string]string{}
		for p, id := range byPath {
			pathOf[id] = p
		}
		if err := deleteSyncResolutions(cs, b.DeletedResolutions, pathOf); err != nil {
			return "", err
		}
		counts, err := tagCounts(cs.tx)
		if err != nil {
			return "", err
		}
		dead := slices.Clone(b.DeletedTags)
		slices.SortFunc(dead, func(x, y string) int { return strings.Count(y, "/") - strings.Count(x, "/") }) // children first
		for _, p := range dead {
			id, ok := byPath[strings.ToLower(p)]
			if !ok {
				continue
			}
			hasChild := false
			for _, t := range tags {
				hasChild = hasChild || t.Parent == id
			}
			if counts[id] > 0 || hasChild {
				problems = append(problems, fmt.Sprintf("tag %q, deleted or renamed elsewhere, is still used here: kept", p))
				continue
			}
			if err := cs.del(bucketTags, id); err != nil {
				return "", err
			}
			delete(tags, id)
			delete(byPath, strings.ToLower(p))
		}
		var keep []SyncRecord
		for _, r := range b.Remember {
			if !skip[r.Key] {
				keep = append(keep, r)
			}
		}
		forget := slices.DeleteFunc(slices.Clone(b.Forget), func(k string) bool { return skip[k] })
		if err := remember(cs.tx, keep, forget); err != nil {
			return "", err
		}
		var conflicts []SyncConflict
		for _, c := range b.Conflicts {
			if !skip[c.Key] {
				conflicts = append(conflicts, c)
			}
		}
		if err := putConflicts(cs.tx, conflicts, b.Settled); err != nil {
			return "", err
		}
		if err := putNotices(cs.tx, b.Notices); err != nil {
			return "", err
		}
		return "Team sync", nil
	})
	return problems, err
}

func mapValues(m map[string]Tag) []Tag {
	out := make([]Tag, 0, len(m))
	for _, t := range m {
		out = append(out, t)
	}
	return out
}
