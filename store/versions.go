package store

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"
)

// Journal operations of versions and the review queue.
const (
	opDocVersion  = "doc.version"
	opAnnAccept   = "annotation.accept"
	opAnnReattach = "annotation.reattach"
)

// Anchor statuses, spelled as anchor.Status spells them (anchor/anchorstore's test holds them equal).
const (
	AnchorExact  = "exact"
	AnchorMoved  = "moved"
	AnchorFuzzy  = "fuzzy"
	AnchorOrphan = "orphan"
)

var (
	// ErrSameVersion is returned by AddVersion for a text identical to the current version.
	ErrSameVersion = errors.New("the new version is identical to the current one")
	// ErrOrphan is returned by AcceptAnchor for an orphan: there is no place to accept; reattach it.
	ErrOrphan = errors.New("the annotation is an orphan: there is no anchor to accept (reattach it to a passage)")
)

// NewVersion is what an importer hands to AddVersion: a corrected text of an existing document.
type NewVersion struct {
	Text       string // canonical text
	Raw        string // original markup, "" for txt
	SHA256     string // of the original file bytes; "" = of Text
	SourcePath string
	BodyStart  int    // code point where the reader body starts in Text
	Format     string // "" keeps the document's format
	Meta       *Meta  // what the new version's source says: its non-empty fields update the document's (Meta.Updated)
	Provenance Provenance
}

// VersionInfo describes one stored version without its text.
type VersionInfo struct {
	N          int       `json:"n"`
	ImportedAt time.Time `json:"importedAt"`
	SHA256     string    `json:"sha256"`
	Words      int       `json:"words"`
	SourcePath string    `json:"sourcePath,omitempty"`
	Current    bool      `json:"current"`
	Capture    *Capture  `json:"capture,omitempty"`
	Original   *Original `json:"original,omitempty"`
	Pages      int       `json:"pages,omitempty"` // how many pages (PDF)
}

// versionMeta is what a version record keeps besides the fields of Version. AddDocument does not write
// it, so AddVersion stamps it on the outgoing version the first time (its text is not touched).
type versionMeta struct {
	BodyStart int `json:"bodyStart"`
	Words     int `json:"words"`
}

// storedVersion is the on-disk form of a version: Version plus versionMeta.
type storedVersion struct {
	Version
	Meta *versionMeta `json:"meta,omitempty"`
}

func bodyWords(text string, bodyStart int) int {
	body, _ := fromCodePoint(text, bodyStart)
	return CountWords(body)
}

// AddVersion stores a corrected text as version N+1 of a document and re-anchors every annotation of
// the document onto it, as one undoable transaction. Each annotation is re-anchored from the selectors
// of the version it last anchored to (its Version): found (exact, moved, fuzzy), its selectors are
// rewritten for the new text; an orphan keeps its selectors, which go on describing that older
// version, and Anchor.Version says which. Old versions are kept. A text identical to the current
// version (same SHA-256, or the same text) is refused with ErrSameVersion; one that is another
// document's current version with ErrDuplicate, and any on a library opened without re-anchoring
// (Options.Reanchor) with ErrNoReanchor. It returns the document and its annotations after.
func (s *Store) AddVersion(docID string, nv NewVersion) (Document, []Annotation, error) {
	if s.reanchor == nil {
		return Document{}, nil, ErrNoReanchor
	}
	if !utf8.ValidString(nv.Text) {
		return Document{}, nil, errors.New("new version: text is not valid UTF-8")
	}
	if strings.TrimSpace(nv.Text) == "" {
		return Document{}, nil, errors.New("new version: the text is empty")
	}
	if _, ok := fromCodePoint(nv.Text, nv.BodyStart); !ok {
		return Document{}, nil, fmt.Errorf("new version: body start %d is outside the text (%d code points)",
			nv.BodyStart, utf8.RuneCountInString(nv.Text))
	}
	if err := validateProvenance(nv.Provenance, utf8.RuneCountInString(nv.Text)); err != nil {
		return Document{}, nil, fmt.Errorf("new version: %w", err)
	}
	if nv.SHA256 == "" {
		sum := sha256.Sum256([]byte(nv.Text))
		nv.SHA256 = hex.EncodeToString(sum[:])
	}
	now := time.Now().UTC()
	var doc Document
	var out []Annotation
	err := s.write(opDocVersion, true, func(cs *changeSet) (string, error) {
		d, err := getDoc(cs.tx, docID)
		if err != nil {
			return "", err
		}
		cur, err := getStoredVersion(cs.tx, d.ID, d.Version)
		if err != nil {
			return "", err
		}
		if nv.SHA256 == d.SHA256 || (nv.Text == cur.Text && nv.Raw == cur.Raw) {
			return "", fmt.Errorf("new version of %q: %w (version %d, sha256 %s)", d.Title, ErrSameVersion, d.Version, short(d.SHA256))
		}
		if other := cs.tx.Bucket(bucketDocBySHA).Get([]byte(nv.SHA256)); other != nil && string(other) != d.ID {
			return "", fmt.Errorf("new version of %q: %w (%s)", d.Title, ErrDuplicate, other)
		}
		if cur.Meta == nil { // written by AddDocument: remember what the document said about it
			cur.Meta = &versionMeta{BodyStart: d.BodyStart, Words: d.Words}
			if err := cs.putVersion(string(versionKey(d.ID, d.Version)), &cur); err != nil {
				return "", err
			}
		}
		n := d.Version + 1
		words := bodyWords(nv.Text, nv.BodyStart)
		ver := storedVersion{
			Version: Version{DocID: d.ID, N: n, Text: nv.Text, Raw: nv.Raw, SHA256: nv.SHA256, SourcePath: nv.SourcePath, ImportedAt: now, Provenance: nv.Provenance},
			Meta:    &versionMeta{BodyStart: nv.BodyStart, Words: words},
		}
		if err := cs.putVersion(string(versionKey(d.ID, n)), &ver); err != nil {
			return "", err
		}
		if d.SHA256 != "" && string(cs.tx.Bucket(bucketDocBySHA).Get([]byte(d.SHA256))) == d.ID {
			if err := cs.del(bucketDocBySHA, d.SHA256); err != nil {
				return "", err
			}
		}
		if err := cs.put(bucketDocBySHA, nv.SHA256, []byte(d.ID)); err != nil {
			return "", err
		}
		d.Version, d.SHA256, d.Words, d.BodyStart = n, nv.SHA256, words, nv.BodyStart
		if nv.Format != "" {
			d.Format = nv.Format
		}
		if nv.Meta != nil {
			d.Meta = d.Meta.Updated(*nv.Meta)
		}
		d.URLs = documentURLs(d, nv.Provenance)
		if err := putDoc(cs, d); err != nil {
			return "", err
		}
		if out, err = s.reanchorDocument(cs, d.ID, n, nv.Text); err != nil {
			return "", err
		}
		doc = d
		return fmt.Sprintf("Version %d of %q imported", n, d.Title), nil
	})
	if err != nil {
		return Document{}, nil, err
	}
	s.forgetText()
	return doc, out, nil
}

// forgetText drops the cached version text: undoing AddVersion and adding another reuses its key.
func (s *Store) forgetText() {
	s.textMu.Lock()
	s.textKey, s.text = "", nil
	s.textMu.Unlock()
}

func short(sha string) string { return sha[:min(len(sha), 12)] }

// reanchorDocument re-anchors every annotation of a document onto version n (text) and stores them.
func (s *Store) reanchorDocument(cs *changeSet, docID string, n int, text string) ([]Annotation, error) {
	var anns []Annotation
	if err := eachAnnotation(cs.tx, docID, func(a Annotation) error {
		anns = append(anns, a)
		return nil
	}); err != nil {
		return nil, err
	}
	if len(anns) == 0 {
		return []Annotation{}, nil
	}
	results, err := s.reanchorFromVersions(cs.tx, docID, anns, text)
	if err != nil {
		return nil, err
	}
	cut := newCutter(text)
	for i, r := range results {
		a := &anns[i]
		made := madeQuote(*a)
		if r.Status == AnchorOrphan || r.Start < 0 || r.Start >= r.End || r.End > cut.runes() {
			// The selectors keep describing the last version the passage was found in.
			a.Anchor = Anchor{Status: AnchorOrphan, Confidence: r.Confidence, Version: a.Version, Made: a.Anchor.Made,
				Kept: a.Anchor.Kept && a.Anchor.Status == AnchorOrphan}
		} else {
			a.Version, a.Start, a.End = n, r.Start, r.End
			a.Exact, a.Prefix, a.Suffix = cut.quote(r.Start, r.End)
			a.Anchor = Anchor{Status: r.Status, Confidence: r.Confidence, Version: n, Made: made}
		}
		if err := cs.putJSON(bucketAnnotations, a.ID, *a); err != nil {
			return nil, err
		}
	}
	sortAnnotations(anns)
	return anns, nil
}

// cutter cuts selectors out of one valid UTF-8 text by code point without decoding it per annotation.
type cutter struct {
	text string
	at   []int32 // byte offset of each code point, and len(text) at the end
}

func newCutter(text string) *cutter {
	at := make([]int32, 0, len(text)+1)
	for i := range text {
		at = append(at, int32(i))
	}
	return &cutter{text: text, at: append(at, int32(len(text)))}
}

func (c *cutter) runes() int { return len(c.at) - 1 }

// quote is Describe (and the store's quote) for a range known to be valid.
func (c *cutter) quote(start, end int) (exact, prefix, suffix string) {
	b := func(cp int) int { return int(c.at[cp]) }
	return c.text[b(start):b(end)], c.text[b(max(0, start-quoteContext)):b(start)],
		c.text[b(end):b(min(c.runes(), end+quoteContext))]
}

func sortAnnotations(out []Annotation) {
	slices.SortFunc(out, func(a, b Annotation) int {
		return cmp.Or(cmp.Compare(a.DocID, b.DocID), cmp.Compare(a.Start, b.Start),
			a.Created.Compare(b.Created), cmp.Compare(a.ID, b.ID))
	})
}

func getStoredVersion(tx *bolt.Tx, docID string, n int) (storedVersion, error) {
	var v storedVersion
	raw := tx.Bucket(bucketVersions).Get(versionKey(docID, n))
	if n < 1 || raw == nil {
		return v, fmt.Errorf("version %d of document %s: %w", n, docID, ErrNotFound)
	}
	return v, json.Unmarshal(raw, &v)
}

// Versions lists a document's versions, oldest first.
func (s *Store) Versions(docID string) ([]VersionInfo, error) {
	var out []VersionInfo
	err := s.db.View(func(tx *bolt.Tx) error {
		d, err := getDoc(tx, docID)
		if err != nil {
			return err
		}
		for n := 1; n <= d.Version; n++ {
			v, err := getStoredVersion(tx, docID, n)
			if err != nil {
				return err
			}
			info := VersionInfo{N: n, ImportedAt: v.ImportedAt, SHA256: v.SHA256, SourcePath: v.SourcePath, Current: n == d.Version,
				Capture: v.Capture, Original: v.Original, Pages: len(v.Pages)}
			switch {
			case n == d.Version:
				info.Words = d.Words
			case v.Meta != nil:
				info.Words = v.Meta.Words
			default:
				info.Words = bodyWords(v.Text, 0)
			}
			out = append(out, info)
		}
		return nil
	})
	return out, err
}

// ReviewQueue lists every annotation whose anchor needs a person's eye: fuzzy (an edited passage was
// chosen) or orphan (the passage was not found) and not kept as one, across all documents, by document
// then position.
func (s *Store) ReviewQueue() ([]Annotation, error) {
	out := []Annotation{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return eachAnnotation(tx, "", func(a Annotation) error {
			if a.Anchor.Status == AnchorFuzzy || a.Anchor.Status == AnchorOrphan && !a.Anchor.Kept {
				out = append(out, a)
			}
			return nil
		})
	})
	sortAnnotations(out)
	return out, err
}

// AcceptAnchor confirms where re-anchoring put an annotation: a fuzzy or moved anchor becomes exact
// with confidence 1 (an undo step). An exact one is left alone; an orphan is refused with ErrOrphan.
func (s *Store) AcceptAnchor(annID string) error {
	return s.write(opAnnAccept, true, func(cs *changeSet) (string, error) {
		a, err := getAnnotation(cs.tx, annID)
		if err != nil {
			return "", err
		}
		switch a.Anchor.Status {
		case AnchorOrphan:
			return "", fmt.Errorf("annotation %q: %w", clip(a.Exact), ErrOrphan)
		case AnchorExact:
			if a.Anchor.Confidence == 1 {
				return "", nil
			}
		}
		d, err := getDoc(cs.tx, a.DocID)
		if err != nil {
			return "", err
		}
		if a.Version != d.Version {
			return "", fmt.Errorf("annotation %q anchors to version %d, not the current version %d", clip(a.Exact), a.Version, d.Version)
		}
		a.Anchor = Anchor{Status: AnchorExact, Confidence: 1, Version: a.Version, Made: a.Anchor.Made}
		return fmt.Sprintf("Anchor of %q accepted", clip(a.Exact)), cs.putJSON(bucketAnnotations, a.ID, a)
	})
}

// Reattach points an annotation at code points [start, end) of its document's current version (an
// orphan the person found again, or a fuzzy anchor they correct): exact, confidence 1, an undo step.
func (s *Store) Reattach(annID string, start, end int) (Annotation, error) {
	var a Annotation
	err := s.write(opAnnReattach, true, func(cs *changeSet) (string, error) {
		var err error
		if a, err = getAnnotation(cs.tx, annID); err != nil {
			return "", err
		}
		d, err := getDoc(cs.tx, a.DocID)
		if err != nil {
			return "", err
		}
		v, err := getVersion(cs.tx, d.ID, d.Version)
		if err != nil {
			return "", err
		}
		exact, prefix, suffix, err := quote(v.Text, start, end)
		if err != nil {
			return "", err
		}
		label := fmt.Sprintf("Annotation %q reattached", clip(a.Exact))
		made := madeQuote(a)
		a.Version, a.Start, a.End, a.Exact, a.Prefix, a.Suffix = d.Version, start, end, exact, prefix, suffix
		a.Anchor = Anchor{Status: AnchorExact, Confidence: 1, Version: d.Version, Made: made}
		a.Modified = time.Now().UTC()
		return label, cs.putJSON(bucketAnnotations, a.ID, a)
	})
	if err != nil {
		return Annotation{}, err
	}
	return a, nil
}

// CurrentTexts calls fn with every document (ids nil) or the given ones (unknown ids are skipped) and
// the text of its current version, in one read transaction. Document.Annotations is not counted.
// Returning ErrStop from fn ends the walk early without an error.
func (s *Store) CurrentTexts(ids []string, fn func(d Document, text string) error) error {
	err := s.db.View(func(tx *bolt.Tx) error {
		visit := func(raw []byte) error {
			var d Document
			if err := json.Unmarshal(raw, &d); err != nil {
				return err
			}
			var v struct {
				Text string `json:"text"`
			}
			rv := tx.Bucket(bucketVersions).Get(versionKey(d.ID, d.Version))
			if rv == nil {
				return fmt.Errorf("version %d of document %s: %w", d.Version, d.ID, ErrNotFound)
			}
			if err := json.Unmarshal(rv, &v); err != nil {
				return err
			}
			return fn(d, v.Text)
		}
		if ids == nil {
			return tx.Bucket(bucketDocs).ForEach(func(_, raw []byte) error { return visit(raw) })
		}
		for _, id := range ids {
			if raw := tx.Bucket(bucketDocs).Get([]byte(id)); raw != nil {
				if err := visit(raw); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if errors.Is(err, ErrStop) {
		return nil
	}
	return err
}

// ErrStop ends a CurrentTexts walk early.
var ErrStop = errors.New("stop")

// checkAnchors: every anchor has a known status and a confidence in 0..1 and names the version its
// selectors describe; a found annotation (not an orphan) anchors to its document's current version;
// an orphan's version exists. (checkAnnotations already verifies that the version exists and that the
// selectors agree with its text.) An annotation with no anchor at all counts as exact on its version.
func checkAnchors(tx *bolt.Tx, report func(string, ...any)) {
	docs := map[string]int{} // id -> current version
	_ = tx.Bucket(bucketDocs).ForEach(func(k, v []byte) error {
		var d Document
		if json.Unmarshal(v, &d) == nil {
			docs[string(k)] = d.Version
		}
		return nil
	})
	_ = tx.Bucket(bucketAnnotations).ForEach(func(k, v []byte) error {
		var a Annotation
		if json.Unmarshal(v, &a) != nil {
			return nil // reported by checkAnnotations
		}
		current, ok := docs[a.DocID]
		if !ok {
			return nil
		}
		an := a.Anchor
		if an == (Anchor{}) { // written before anchors were recorded: exact on its version
			an = Anchor{Status: AnchorExact, Confidence: 1, Version: a.Version}
		}
		switch an.Status {
		case AnchorExact, AnchorMoved, AnchorFuzzy:
			if a.Version != current {
				report("annotation %s is %s on version %d, but document %s is at version %d", k, an.Status, a.Version, a.DocID, current)
			}
		case AnchorOrphan:
			if an.Version < 1 || an.Version > current || tx.Bucket(bucketVersions).Get(versionKey(a.DocID, an.Version)) == nil {
				report("orphan annotation %s names version %d of document %s, which does not exist", k, an.Version, a.DocID)
			}
		default:
			report("annotation %s has anchor status %q", k, an.Status)
		}
		if an.Version != a.Version {
			report("annotation %s: its selectors describe version %d but its anchor names version %d", k, a.Version, an.Version)
		}
		if !(an.Confidence >= 0 && an.Confidence <= 1) {
			report("annotation %s has anchor confidence %v", k, an.Confidence)
		}
		return nil
	})
}
