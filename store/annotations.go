package store

import (
	"bytes"
	"encoding/json"

	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/google/uuid"
	bolt "go.etcd.io/bbolt"
)

// Limits that keep one runaway import or script from making the library unusable.
const (
	maxNoteBytes         = 1 << 20
	maxAnnotationsPerDoc = 100_000
	maxTagDepth          = 10_000
	quoteContext         = 32 // code points of prefix and suffix (W3C TextQuoteSelector)
)

// CreateAnnotation highlights code points [Start, End) of a version; the store derives the quote selectors.
func (s *Store) CreateAnnotation(na NewAnnotation) (Annotation, error) {
	list, err := s.CreateAnnotations([]NewAnnotation{na}, "")
	if err != nil {
		return Annotation{}, err
	}
	return list[0], nil
}

// CreateAnnotations creates many annotations as one undo step ("tag all search hits"); one bad item
// refuses them all. label names that step; "" describes it.
func (s *Store) CreateAnnotations(list []NewAnnotation, label string) ([]Annotation, error) {
	out, _, err := s.createAnnotations(list, label, false)
	return out, err
}

// ItemError is why item Index of a batch was left out.
type ItemError struct {
	Index int
	Err   error
}

func (e ItemError) Error() string { return fmt.Sprintf("item %d: %v", e.Index+1, e.Err) }

// CreateAnnotationsKeepingGood creates the valid annotations of list in one transaction and one undo step,
// and reports each invalid one (an importer's batch with a bad item keeps the rest). created holds the
// annotations made, in list order; err is a failure of the whole write (nothing was created).
func (s *Store) CreateAnnotationsKeepingGood(list []NewAnnotation, label string) (created []Annotation, failed []ItemError, err error) {
	return s.createAnnotations(list, label, true)
}

func (s *Store) createAnnotations(list []NewAnnotation, label string, keepGood bool) ([]Annotation, []ItemError, error) {
	var out []Annotation
	var failed []ItemError
	now := time.Now().UTC()
	err := s.write(opAnnCreate, true, func(cs *changeSet) (string, error) {
		out, failed = nil, nil
		b := &annotationBatch{author: authorIn(cs.tx), now: now, docs: map[string]Document{}, texts: map[string]*CodePoints{}}
		for i, na := range list {
			a, err := s.newAnnotation(cs, b, na)
			if err != nil && !keepGood {
				return "", err // the whole batch is refused
			}
			if err != nil {
				failed = append(failed, ItemError{i, err})
				continue
			}
			out = append(out, a)
		}
		switch {
		case label != "":
			return label, nil
		case len(out) == 1:
			return fmt.Sprintf("Annotation %q created", clip(out[0].Exact)), nil
		default:
			return fmt.Sprintf("%d annotations created", len(out)), nil
		}
	})
	if err != nil {
		return nil, nil, err
	}
	return out, failed, nil
}

// annotationID returns a new UUIDv7, or the importer's wanted id when it is a UUID not yet used.
func annotationID(tx *bolt.Tx, wanted string) (string, error) {
	if wanted == "" {
		id, err := newV7()
		return id.String(), err
	}
	id, err := uuid.Parse(wanted)
	if err != nil {
		return "", fmt.Errorf("annotation id %q is not a UUID", wanted)
	}
	if tx.Bucket(bucketAnnotations).Get([]byte(id.String())) != nil {
		return "", fmt.Errorf("annotation %s already exists", id)
	}
	return id.String(), nil
}

// quote cuts the selectors for code points [start, end) of text: exact, and up to quoteContext code
// points of prefix and suffix. Offsets count code points; the cuts are byte-exact.
func quote(text string, start, end int) (exact, prefix, suffix string, err error) {
	want := [4]int{max(start-quoteContext, 0), start, end, end + quoteContext}
	at := [4]int{len(text), len(text), len(text), len(text)} // code points past the end map to len(text)
	n := 0
	for i := range text {
		for j, cp := range want {
			if cp == n {
				at[j] = i
			}
		}
		if n == want[3] {
			break // the rest of the text is not needed, and end < n already holds
		}
		n++
	}
	if start < 0 || start >= end || end > n {
		return "", "", "", fmt.Errorf("selection %d–%d is not inside the text (%d code points) or is empty", start, end, n)
	}
	return text[at[1]:at[2]], text[at[0]:at[1]], text[at[2]:at[3]], nil
}

// clip shortens a quote for an undo label.
func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

func checkNoteSize(note string) error {
	if len(note) > maxNoteBytes {
		return fmt.Errorf("the note is %d bytes; notes are limited to %d bytes (1 MB)", len(note), maxNoteBytes)
	}
	return nil
}

// validTags returns ids without repeats, refusing unknown ones; never nil, so stored and fresh values compare equal.
func validTags(tx *bolt.Tx, ids []string) ([]string, error) {
	out := []string{}
	for _, id := range ids {
		if tx.Bucket(bucketTags).Get([]byte(id)) == nil {
			return nil, fmt.Errorf("tag %s: %w", id, ErrNotFound)
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

// versionText reads and indexes a version's text, keeping the last one (see Store.text).
func (s *Store) versionText(tx *bolt.Tx, docID string, n int) (*CodePoints, error) {
	key := string(versionKey(docID, n))
	s.textMu.Lock()
	defer s.textMu.Unlock()
	if s.textKey != key {
		v, err := getVersion(tx, docID, n)
		if err != nil {
			return nil, err
		}
		s.textKey, s.text = key, NewCodePoints(v.Text)
	}
	return s.text, nil
}

func getVersion(tx *bolt.Tx, docID string, n int) (Version, error) {
	var v Version
	raw := tx.Bucket(bucketVersions).Get(versionKey(docID, n))
	if n < 1 || raw == nil {
		return v, fmt.Errorf("version %d of document %s: %w", n, docID, ErrNotFound)
	}
	return v, json.Unmarshal(raw, &v)
}

// putAnnotation writes an annotation with its ann_by_doc entry.
func putAnnotation(cs *changeSet, a Annotation) error {
	if err := cs.putJSON(bucketAnnotations, a.ID, a); err != nil {
		return err
	}
	return cs.put(bucketAnnByDoc, a.DocID+"/"+a.ID, []byte{})
}

func getAnnotation(tx *bolt.Tx, id string) (Annotation, error) {
	return readAnnotation(tx.Bucket(bucketAnnotations), []byte(id))
}

// readAnnotation reads annotation id from the annotations bucket.
func readAnnotation(annotations *bolt.Bucket, id []byte) (Annotation, error) {
	return decodeStoredAnnotation(id, annotations.Get(id))
}

// decodeStoredAnnotation decodes annotation id's record raw (nil: there is none).
func decodeStoredAnnotation(id, raw []byte) (Annotation, error) {
	var a Annotation
	if raw == nil {
		return a, fmt.Errorf("annotation %s: %w", id, ErrNotFound)
	}
	if err := decodeAnnotation(raw, &a); err != nil {
		return a, fmt.Errorf("annotation %s: %w", id, err)
	}
	return a, nil
}

// Annotation returns one annotation; unknown ids give ErrNotFound.
func (s *Store) Annotation(id string) (Annotation, error) {
	var a Annotation
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		a, err = getAnnotation(tx, id)
		return err
	})
	return a, err
}

// UpdateAnnotation replaces an annotation's tags and note; Modified moves only when something changed.
func (s *Store) UpdateAnnotation(id string, tags []string, note string) (Annotation, error) {
	var a Annotation
	err := s.write(opAnnUpdate, true, func(cs *changeSet) (string, error) {
		var err error
		if a, err = getAnnotation(cs.tx, id); err != nil {
			return "", err
		}
		if tags, err = validTags(cs.tx, tags); err != nil {
			return "", err
		}
		if err := checkNoteSize(note); err != nil {
			return "", err
		}
		if slices.Equal(tags, a.Tags) && note == a.Note {
			return "", nil
		}
		a.Tags, a.Note, a.Modified = tags, note, time.Now().UTC()
		return fmt.Sprintf("Annotation %q edited", clip(a.Exact)), cs.putJSON(bucketAnnotations, a.ID, a)
	})
	if err != nil {
		return Annotation{}, err
	}
	return a, nil
}

// DeleteAnnotation removes an annotation and its index entry.
func (s *Store) DeleteAnnotation(id string) error {
	return s.write(opAnnDelete, true, func(cs *changeSet) (string, error) {
		a, err := getAnnotation(cs.tx, id)
		if err != nil {
			return "", err
		}
		if err := cs.del(bucketAnnotations, id); err != nil {
			return "", err
		}
		if err := bury(cs, a); err != nil {
			return "", err
		}
		return fmt.Sprintf("Annotation %q deleted", clip(a.Exact)), cs.del(bucketAnnByDoc, a.DocID+"/"+id)
	})
}

// Annotations lists the annotations matching f, by document, then Start, then Created.
func (s *Store) Annotations(f AnnotationFilter) ([]Annotation, error) {
	out := []Annotation{}
	err := s.db.View(func(tx *bolt.Tx) error {
		match, err := annotationMatcher(tx, f)
		if err != nil {
			return err
		}
		if f.DocID != "" && f.TagID == "" && f.Author == "" { // all of them: room for all at once
			out = make([]Annotation, 0, countWithPrefix(tx.Bucket(bucketAnnByDoc), childPrefix(f.DocID)))
		}
		return eachAnnotation(tx, f.DocID, func(a Annotation) error {
			if match(&a) {
				out = append(out, a)
			}
			return nil
		})
	})
	sortInTextOrder(out)
	return out, err
}

// sortInTextOrder sorts by document, then Start, then Created, then ID, as sortAnnotations does but
// without copying an Annotation per comparison; the usual list is one document's, and its document ids
// need not be compared at every step.
func sortInTextOrder(list []Annotation) {
	for i := range list {
		if list[i].DocID != list[0].DocID {
			sort.Sort(annotationOrder(list))
			return
		}
	}
	sort.Sort(annotationOrderInDocument(list))
}

// annotationOrderInDocument is annotationOrder for annotations of one document.
type annotationOrderInDocument []Annotation

func (o annotationOrderInDocument) Len() int           { return len(o) }
func (o annotationOrderInDocument) Swap(i, j int)      { o[i], o[j] = o[j], o[i] }
func (o annotationOrderInDocument) Less(i, j int) bool { return lessInDocument(&o[i], &o[j]) }

// EachAnnotation calls fn for each annotation matching f, in no set order and keeping none: for a pass
// that only counts (an export's table of contents). fn runs inside a read transaction: it must not
// write to the library, and an error from it ends the pass and is returned.
func (s *Store) EachAnnotation(f AnnotationFilter, fn func(*Annotation) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		match, err := annotationMatcher(tx, f)
		if err != nil {
			return err
		}
		return eachAnnotation(tx, f.DocID, func(a Annotation) error {
			if match(&a) {
				return fn(&a)
			}
			return nil
		})
	})
}

// annotationMatcher tells whether an annotation passes f's author and tag filters (f.DocID is for
// eachAnnotation).
func annotationMatcher(tx *bolt.Tx, f AnnotationFilter) (func(*Annotation) bool, error) {
	wanted := map[string]bool{f.TagID: true}
	if f.TagID != "" && f.IncludeChildTags {
		tags, err := loadTags(tx)
		if err != nil {
			return nil, err
		}
		wanted = subtree(tags, f.TagID)
	}
	return func(a *Annotation) bool {
		return (f.Author == "" || a.Author == f.Author) &&
			(f.TagID == "" || slices.ContainsFunc(a.Tags, func(t string) bool { return wanted[t] }))
	}, nil
}

// forwardReader reads a bucket's values for keys asked in ascending order with one cursor: a
// document's annotation ids come ascending from ann_by_doc and lie mostly side by side in annotations
// (made in batches, UUIDv7 ids grow with time), so a read is mostly a step forward instead of a search
// from the root. Any other order still gets the right value, by a search.
type forwardReader struct {
	c    *bolt.Cursor
	k, v []byte
}

// get is Bucket.Get: the value of key, nil when there is none (or it names a bucket).
func (r *forwardReader) get(key []byte) []byte {
	if r.k == nil || bytes.Compare(key, r.k) < 0 {
		r.k, r.v = r.c.Seek(key)
	} else {
		for steps := 0; r.k != nil && bytes.Compare(r.k, key) < 0; steps++ {
			if steps == 8 {
				r.k, r.v = r.c.Seek(key)
				break
			}
			r.k, r.v = r.c.Next()
		}
	}
	if r.k == nil || !bytes.Equal(r.k, key) {
		return nil
	}
	return r.v
}

// annotationOrder sorts by document, then Start, then Created, then ID, comparing in place (an
// Annotation is too large to copy per comparison: exports sort 20,000 per document).
type annotationOrder []Annotation

func (o annotationOrder) Len() int      { return len(o) }
func (o annotationOrder) Swap(i, j int) { o[i], o[j] = o[j], o[i] }
func (o annotationOrder) Less(i, j int) bool {
	a, b := &o[i], &o[j]
	if a.DocID != b.DocID {
		return a.DocID < b.DocID
	}
	return lessInDocument(a, b)
}

func lessInDocument(a, b *Annotation) bool {
	if a.Start != b.Start {
		return a.Start < b.Start
	}
	if !a.Created.Equal(b.Created) {
		return a.Created.Before(b.Created)
	}
	return a.ID < b.ID
}

// countWithPrefix counts the keys starting with prefix.
func countWithPrefix(b *bolt.Bucket, prefix []byte) int {
	n := 0
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		n++
	}
	return n
}

// eachAnnotation calls fn for every annotation, or only those of docID when it is set. In a read
// transaction nothing can change under the cursors, so they are walked directly (an export reads
// 100,000 annotations this way); a write transaction's fn may change the buckets, so their keys are
// copied first.
func eachAnnotation(tx *bolt.Tx, docID string, fn func(Annotation) error) error {
	annotations := tx.Bucket(bucketAnnotations)
	decode := func(id []byte) error {
		a, err := readAnnotation(annotations, id)
		if err != nil {
			return err
		}
		return fn(a)
	}
	if docID != "" {
		prefix := childPrefix(docID)
		byDoc := tx.Bucket(bucketAnnByDoc)
		if !tx.Writable() {
			records := forwardReader{c: annotations.Cursor()}
			c := byDoc.Cursor()
			for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
				id := k[len(prefix):]
				a, err := decodeStoredAnnotation(id, records.get(id))
				if err != nil {
					return err
				}
				if err := fn(a); err != nil {
					return err
				}
			}
			return nil
		}
		for _, k := range keysWithPrefix(byDoc, prefix) {
			if err := decode(k[len(prefix):]); err != nil {
				return err
			}
		}
		return nil
	}
	if !tx.Writable() {
		return annotations.ForEach(func(k, v []byte) error {
			a, err := decodeStoredAnnotation(k, v)
			if err != nil {
				return err
			}
			return fn(a)
		})
	}
	return annotations.ForEach(func(k, _ []byte) error { return decode(k) })
}
