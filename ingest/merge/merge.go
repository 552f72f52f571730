// Package merge is the merge of another coder's export into this library (Merge). It sits in ingest/
// because a merge is an import with a team's rules on top: the bundle it reads and the documents, notes
// and annotations it writes (ReadQDPXWithin, ReadW3CStream, ApplyDocument, ApplyNotes, DuplicateGuard,
// AnnotationBatches) are ingest's, so "someone else's file → this library" has one owner, and teams/
// (agreement, resolving disagreements, sync) imports none of it.
package merge

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gloss/ingest"
	"gloss/store"
)

// Merging brings another coder's export (.qdpx or Gloss JSON-LD) into this library. It is ApplyBundle with
// a team's rules on top: documents match by the sha256 of their text, or by title and source once the
// person confirms it; tags match by path, and a tag that clashes with one of ours (same name with another
// colour or under another parent) is reported for a mapping step, ours being kept by default; every
// annotation keeps its author. Nothing stored is changed or deleted: merging only adds, and merging the
// same file again adds nothing. An annotation merged before and deleted here since stays deleted (the
// store keeps a tombstone of it), and one merged before and edited here since is left as we edited it.

// MergeOptions steers a merge.
type MergeOptions struct {
	// TagMapping maps their tag path (case-insensitive, "parent/child") to one of our tag ids, or to "" to
	// create their tag as a tag of its own (named "… (theirs)" when the path is taken).
	TagMapping map[string]string `json:"tagMapping"`
	// ConfirmTitleMatches merges annotations on documents whose text differs from ours but whose title and
	// source are the same (another version of the article): their passages are found again by quote.
	ConfirmTitleMatches bool `json:"confirmTitleMatches"`
	// DryRun reads and matches without writing anything: the report says what a merge would do.
	DryRun bool `json:"dryRun"`
	// Limits bounds the file read, as for an import (the zero value: the same defaults).
	Limits ingest.Limits `json:"-"`
}

// Merge document statuses.
const (
	MergeMatched           = "matched"            // same text as one of ours
	MergeNew               = "new"                // not in the library: added
	MergeNeedsConfirmation = "needs-confirmation" // same title and source, other text: not merged unless confirmed
	MergeConfirmed         = "confirmed"          // a title match merged by confirmation
	MergeSkipped           = "skipped"            // could not be added (see Problems)
)

// MergeDocument says what became of one of their documents.
type MergeDocument struct {
	Title       string `json:"title"`
	Status      string `json:"status"`
	DocID       string `json:"docId,omitempty"` // ours; "" for a new document in a dry run or one not merged
	OurTitle    string `json:"ourTitle,omitempty"`
	Annotations int    `json:"annotations"` // theirs on it
}

// TagConflict is one of their tags that clashes with one of ours.
type TagConflict struct {
	TheirPath   string `json:"theirPath"`
	TheirColour string `json:"theirColour"`
	Kind        string `json:"kind"` // "colour": same path, other colour; "parent": same name under another parent
	OurID       string `json:"ourId"`
	OurPath     string `json:"ourPath"`
	OurColour   string `json:"ourColour"`
	// Resolution is what the merge did or would do: "ours" (the default), "mapped" or "created".
	Resolution string `json:"resolution"`
	UsedBy     int    `json:"usedBy"` // their annotations carrying it
}

// MergeReport tells what a merge did (or, with DryRun, would do).
type MergeReport struct {
	File                 string          `json:"file"`
	DryRun               bool            `json:"dryRun"`
	Authors              []string        `json:"authors"` // of the annotations in the file
	Documents            []MergeDocument `json:"documents"`
	TagConflicts         []TagConflict   `json:"tagConflicts"`
	TagsCreated          int             `json:"tagsCreated"`
	AnnotationsCreated   int             `json:"annotationsCreated"`
	AnnotationsUnchanged int             `json:"annotationsUnchanged"`
	// AnnotationsNewIDs: theirs whose id is a different annotation here (another document or author):
	// added under a new id, each named in Problems, never dropped as "already there".
	AnnotationsNewIDs       int      `json:"annotationsNewIds"`
	AnnotationsDeletedHere  int      `json:"annotationsDeletedHere"`  // merged before, deleted here since: left out
	AnnotationsNotConfirmed int      `json:"annotationsNotConfirmed"` // on documents that need confirmation
	NeedsConfirmation       int      `json:"needsConfirmation"`       // documents
	Problems                []string `json:"problems"`
	NotesCreated            int      `json:"notesCreated"`   // project notes and memos the file brought
	NotesUnchanged          int      `json:"notesUnchanged"` // already here
}

// ReadAnnotationFile reads a .qdpx or W3C JSON-LD (.jsonld, .json) file into a bundle, within the default
// limits an import has (a merge once read a 1 GB file whole).
func ReadAnnotationFile(path string) (ingest.Bundle, error) {
	return ReadAnnotationFileWithin(path, ingest.Limits{})
}

// ReadAnnotationFileWithin is ReadAnnotationFile within limits.
func ReadAnnotationFileWithin(path string, limits ingest.Limits) (ingest.Bundle, error) {
	if limits.MaxBytes <= 0 {
		limits.MaxBytes = ingest.DefaultMaxBytes
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".qdpx":
		b, err := ingest.ReadQDPXWithin(path, limits)
		if err != nil {
			return b, fmt.Errorf("%s: %w", filepath.Base(path), err)
		}
		return b, nil
	case ".jsonld", ".json":
		data, err := readWithin(path, limits.MaxBytes)
		if err != nil {
			return ingest.Bundle{}, fmt.Errorf("%s: %w", filepath.Base(path), err)
		}
		b, err := ingest.ReadW3C(bytes.NewReader(data))
		if err != nil {
			return b, fmt.Errorf("%s: %w", filepath.Base(path), err)
		}
		return b, nil
	}
	return ingest.Bundle{}, fmt.Errorf("%s: %w: merge reads .qdpx (REFI-QDA) and .jsonld (W3C Web Annotation) files", filepath.Base(path), ingest.ErrUnsupported)
}

// readForMerge is ReadAnnotationFileWithin with a JSON-LD file's annotations left in the file.
func readForMerge(path string, limits ingest.Limits) (ingest.Bundle, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonld", ".json":
		if limits.MaxBytes <= 0 {
			limits.MaxBytes = ingest.DefaultMaxBytes
		}
		data, err := readWithin(path, limits.MaxBytes)
		if err != nil {
			return ingest.Bundle{}, fmt.Errorf("%s: %w", filepath.Base(path), err)
		}
		b, err := ingest.ReadW3CStream(data)
		if err != nil {
			return b, fmt.Errorf("%s: %w", filepath.Base(path), err)
		}
		return b, nil
	}
	return ReadAnnotationFileWithin(path, limits)
}

// readWithin reads a file, refusing it when it is larger than limit (it may grow while read: counted).
func readWithin(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		size := int64(len(data))
		if info, err := f.Stat(); err == nil {
			size = info.Size()
		}
		return nil, fmt.Errorf("%w (%d bytes; the limit is %d bytes)", ingest.ErrTooLarge, size, limit)
	}
	return data, nil
}

// Merge merges another person's export into the library; see MergeOptions. A JSON-LD file is read as an
// import reads it (ingest.ReadW3CStream): its annotations stay in the file's bytes and are placed and
// written in batches, so a merge holds the file and a few bytes an annotation, not a tree of it.
func Merge(s *store.Store, path string, opt MergeOptions) (MergeReport, error) {
	b, err := readForMerge(path, opt.Limits)
	if err != nil {
		return MergeReport{File: filepath.Base(path)}, err
	}
	return MergeBundle(s, filepath.Base(path), b, opt)
}

// MergeBundle merges a bundle read from file (its name, for reports and for annotations without author).
func MergeBundle(s *store.Store, file string, b ingest.Bundle, opt MergeOptions) (MergeReport, error) {
	m := &merger{s: s, file: file, b: b, opt: opt,
		report: MergeReport{File: file, DryRun: opt.DryRun, Authors: []string{}, Documents: []MergeDocument{},
			TagConflicts: []TagConflict{}, Problems: []string{}}}
	mapping := map[string]string{}
	for k, v := range opt.TagMapping {
		mapping[strings.ToLower(strings.Trim(strings.TrimSpace(k), "/"))] = v
	}
	m.mapping = mapping
	for _, p := range b.Problems {
		m.problem(p.What, p.Reason)
	}
	if err := m.prepare(); err != nil {
		return m.report, err
	}
	if err := m.tags(); err != nil {
		return m.report, err
	}
	if err := m.documents(); err != nil {
		return m.report, err
	}
	if err := m.annotations(); err != nil {
		return m.report, err
	}
	return m.report, m.notes()
}

// notes brings the file's project notes and document memos (REFI-QDA Notes) along with its coders' work.
func (m *merger) notes() error {
	if len(m.b.Notes) == 0 {
		return nil
	}
	if m.opt.DryRun {
		m.report.NotesCreated = len(m.b.Notes)
		return nil
	}
	created, unchanged, err := ingest.ApplyNotes(m.s, m.b.Notes, m.docIDs, m.problem)
	m.report.NotesCreated, m.report.NotesUnchanged = created, unchanged
	return err
}

type merger struct {
	s       *store.Store
	file    string
	b       ingest.Bundle
	opt     MergeOptions
	mapping map[string]string
	report  MergeReport
	guard   *ingest.DuplicateGuard

	lib     *ingest.LibraryTexts
	theirs  map[string]*store.CodePoints // their doc ref -> their text, indexed once
	uses    map[string]int               // their tag ref -> annotations carrying it
	perDoc  map[string]int               // their doc ref -> annotations
	tagIDs  map[string]string            // their tag ref -> our id ("new:path" in a dry run)
	docIDs  map[string]string            // their doc ref -> our id ("new:ref" in a dry run)
	blocked map[string]bool              // their doc refs that need confirmation

	// our tag tree, growing as tags are created (or would be, in a dry run)
	tagPath   map[string]string // id -> display path
	tagByPath map[string]string // lower-case path -> id
	tagColour map[string]string
	tagOrder  []string
	original  map[string]bool // our tags before the merge
	newTags   []store.TagToCreate
}

func (m *merger) problem(what, reason string) {
	m.report.Problems = append(m.report.Problems, what+": "+reason)
}

// prepare loads the library and fills in what the file leaves out: quotes of annotations whose document
// it carries (REFI-QDA has positions only; a quote lets a confirmed title match find them again), and an
// author named after the file for annotations without one, so they are never taken for ours.
func (m *merger) prepare() error {
	var err error
	if m.lib, err = ingest.LoadLibraryTexts(m.s); err != nil {
		return err
	}
	if m.guard, err = ingest.NewDuplicateGuard(m.s, m.file); err != nil {
		return err
	}
	m.theirs, m.uses, m.perDoc = map[string]*store.CodePoints{}, map[string]int{}, map[string]int{}
	for _, d := range m.b.Documents {
		if _, seen := m.theirs[d.Ref]; d.Ref != "" && d.Text != "" && !seen {
			m.theirs[d.Ref] = store.NewCodePoints(d.Text)
		}
	}
	authors := map[string]bool{}
	err = m.b.EachAnnotation(func(a ingest.BundleAnnotation) error {
		a = m.fill(a)
		authors[ingest.OneLine(a.Author)] = true
		for _, ref := range a.TagRefs {
			m.uses[ref]++
		}
		m.perDoc[a.DocRef]++
		return nil
	})
	if err != nil {
		return err
	}
	for a := range authors {
		m.report.Authors = append(m.report.Authors, a)
	}
	slices.Sort(m.report.Authors)
	return nil
}

// fill gives an annotation what prepare says the file leaves out; every walk over the annotations calls
// it (a streamed file's are decoded again on each walk, so nothing is kept from one walk to the next).
func (m *merger) fill(a ingest.BundleAnnotation) ingest.BundleAnnotation {
	if strings.TrimSpace(a.Author) == "" {
		a.Author = "unknown (" + m.file + ")"
	}
	if text, ok := m.theirs[a.DocRef]; ok && a.Exact == "" && a.Start >= 0 {
		if exact, ok := text.Slice(a.Start, a.End); ok {
			a.Exact = exact
			a.Prefix, _ = text.Slice(max(0, a.Start-32), a.Start)
			a.Suffix, _ = text.Slice(a.End, min(text.Len(), a.End+32))
		}
	}
	return a
}

// tags maps every tag of theirs to one of ours, creating the missing ones (parents first).
func (m *merger) tags() error {
	stored, err := m.s.Tags()
	if err != nil {
		return err
	}
	paths := store.NewTagPaths(stored)
	m.tagPath, m.tagByPath, m.tagColour, m.original = map[string]string{}, map[string]string{}, map[string]string{}, map[string]bool{}
	for _, t := range stored {
		p := paths.Path(t.ID)
		m.tagPath[t.ID], m.tagByPath[strings.ToLower(p)], m.tagColour[t.ID] = p, t.ID, t.Colour
		m.tagOrder = append(m.tagOrder, t.ID)
		m.original[t.ID] = true
	}
	m.tagIDs = map[string]string{}
	byRef := map[string]ingest.BundleTag{}
	for _, t := range m.b.Tags {
		byRef[t.Ref] = t
	}
	var theirPath func(ref string, depth int) string
	theirPath = func(ref string, depth int) string {
		t := byRef[ref]
		name := ingest.TagName(t.Name)
		if p, ok := byRef[t.Parent]; ok && t.Parent != "" && depth < 100 && p.Ref != ref {
			return theirPath(t.Parent, depth+1) + "/" + name
		}
		return name
	}
	var resolve func(t ingest.BundleTag, depth int) (string, error)
	resolve = func(t ingest.BundleTag, depth int) (string, error) {
		if id, ok := m.tagIDs[t.Ref]; ok {
			return id, nil
		}
		if depth > 100 {
			return "", fmt.Errorf("its parents are nested more than 100 deep or form a cycle")
		}
		name := ingest.TagName(t.Name)
		if name == "" {
			return "", fmt.Errorf("it has no name")
		}
		parentID := ""
		if parent, ok := byRef[t.Parent]; ok && t.Parent != "" {
			var err error
			if parentID, err = resolve(parent, depth+1); err != nil {
				return "", err
			}
		}
		tp := theirPath(t.Ref, 0)
		colour := ingest.TagColour(t.Colour)
		id, err := m.resolveTag(t, tp, name, parentID, colour)
		if err != nil {
			return "", err
		}
		m.tagIDs[t.Ref] = id
		return id, nil
	}
	for _, t := range m.b.Tags {
		if _, err := resolve(t, 0); err != nil {
			m.problem(fmt.Sprintf("tag %q", t.Name), err.Error())
		}
	}
	if m.opt.DryRun || len(m.newTags) == 0 {
		return nil
	}
	made, refused, err := m.s.CreateTagsByRef(m.newTags)
	if err != nil {
		return err
	}
	for ref, id := range m.tagIDs {
		if t, ok := made[id]; ok {
			m.tagIDs[ref] = t.ID
		} else if err, ok := refused[id]; ok {
			delete(m.tagIDs, ref) // their annotations come in without it
			m.report.TagsCreated--
			m.problem(fmt.Sprintf("tag %q", m.tagPath[id]), err.Error())
		}
	}
	return nil
}

func (m *merger) resolveTag(t ingest.BundleTag, theirPath, name, parentID, colour string) (string, error) {
	under := func(parentID, name string) string {
		if parentID == "" {
			return name
		}
		return m.tagPath[parentID] + "/" + name
	}
	ourPath := under(parentID, name)
	existing, exists := m.tagByPath[strings.ToLower(ourPath)]
	var conflict *TagConflict
	switch {
	case exists && m.original[existing] && colour != "" && !strings.EqualFold(colour, m.tagColour[existing]):
		conflict = &TagConflict{Kind: "colour", OurID: existing}
	case !exists:
		for _, id := range m.tagOrder {
			p := m.tagPath[id]
			if strings.EqualFold(p[strings.LastIndex(p, "/")+1:], name) && m.original[id] {
				conflict = &TagConflict{Kind: "parent", OurID: id}
				break
			}
		}
	}
	if conflict != nil {
		conflict.TheirPath, conflict.TheirColour = theirPath, colour
		conflict.OurPath, conflict.OurColour = m.tagPath[conflict.OurID], m.tagColour[conflict.OurID]
		conflict.Resolution, conflict.UsedBy = "ours", m.uses[t.Ref]
	}
	record := func(resolution string) {
		if conflict != nil {
			conflict.Resolution = resolution
			m.report.TagConflicts = append(m.report.TagConflicts, *conflict)
		}
	}
	if to, ok := m.mapping[strings.ToLower(theirPath)]; ok {
		if to != "" {
			if _, known := m.tagPath[to]; !known || strings.HasPrefix(to, "new:") {
				return "", fmt.Errorf("it is mapped to tag %s, which is not in the library", to)
			}
			record("mapped")
			return to, nil
		}
		// Their tag as a tag of its own, beside ours when the path is taken by another colour. The same
		// path (and colour) is found again at the next merge, so merging twice creates it once.
		if exists && !(conflict != nil && conflict.Kind == "colour") {
			record("created")
			return existing, nil
		}
		if exists {
			name += " (theirs)"
			ourPath = under(parentID, name)
		}
		record("created")
		if id, ok := m.tagByPath[strings.ToLower(ourPath)]; ok {
			return id, nil
		}
		return m.createTag(name, parentID, colour, t.Description, ourPath)
	}
	record("ours")
	switch {
	case exists:
		return existing, nil
	case conflict != nil:
		return conflict.OurID, nil
	}
	return m.createTag(name, parentID, colour, t.Description, ourPath)
}

// createTag plans one of their tags: "new:path" until tags() creates them all in one transaction (or,
// in a dry run, for good).
func (m *merger) createTag(name, parentID, colour, description, path string) (string, error) {
	if problem := ingest.FieldTooLong("name", name, ingest.MaxTagNameCodePoints); problem != "" {
		return "", errors.New(problem)
	}
	id := "new:" + strings.ToLower(path)
	m.newTags = append(m.newTags, store.TagToCreate{Ref: id, NewTag: store.NewTag{Name: name, Parent: parentID, Colour: colour, Description: description}})
	m.report.TagsCreated++
	m.tagPath[id], m.tagByPath[strings.ToLower(path)], m.tagColour[id] = path, id, colour
	m.tagOrder = append(m.tagOrder, id)
	return id, nil
}

// documents matches their documents to ours: by text, else by title and source, else adds them.
func (m *merger) documents() error {
	docs, err := m.s.Documents()
	if err != nil {
		return err
	}
	byTitle := map[string][]store.Document{}
	for _, d := range docs {
		key := strings.ToLower(ingest.CleanLine(d.Title))
		byTitle[key] = append(byTitle[key], d)
	}
	titles := map[string]string{}
	for _, d := range docs {
		titles[d.ID] = d.Title
	}
	m.docIDs, m.blocked = map[string]string{}, map[string]bool{}
	for _, d := range m.b.Documents {
		if d.Text == "" {
			continue
		}
		md := MergeDocument{Title: ingest.FirstNonEmpty(ingest.CleanLine(d.Title), d.Ref), Annotations: m.perDoc[d.Ref]}
		if id, ok := m.lib.BySHA[ingest.TextSHA(d.Text)]; ok {
			md.Status, md.DocID, md.OurTitle = MergeMatched, id, titles[id]
			m.docIDs[d.Ref] = id
		} else if same := m.titleMatch(byTitle, d); same != nil {
			md.DocID, md.OurTitle = same.ID, same.Title
			if m.opt.ConfirmTitleMatches {
				md.Status = MergeConfirmed
				m.docIDs[d.Ref] = same.ID
			} else {
				md.Status = MergeNeedsConfirmation
				m.blocked[d.Ref] = true
				m.report.NeedsConfirmation++
			}
		} else if m.opt.DryRun {
			md.Status = MergeNew
			m.docIDs[d.Ref] = "new:" + d.Ref
			m.lib.Add("new:"+d.Ref, d.Text)
		} else {
			id, item, ok := ingest.ApplyDocument(m.s, m.lib, d, m.problem)
			if !ok {
				md.Status = MergeSkipped
			} else {
				md.Status, md.DocID = MergeNew, id
				if item.Status == ingest.StatusDuplicate {
					md.Status = MergeMatched
				}
				m.docIDs[d.Ref] = id
			}
		}
		m.report.Documents = append(m.report.Documents, md)
	}
	return nil
}

// titleMatch finds the one document of ours with the same title (and the same source, when the file
// names sources: REFI-QDA gives the project's name instead).
func (m *merger) titleMatch(byTitle map[string][]store.Document, d ingest.BundleDocument) *store.Document {
	var found []store.Document
	for _, ours := range byTitle[strings.ToLower(ingest.CleanLine(d.Title))] {
		if src := ingest.CleanLine(d.Source); src == "" || ours.Source == "" || strings.EqualFold(src, ours.Source) || m.isQDPX() {
			found = append(found, ours)
		}
	}
	if len(found) != 1 {
		return nil // none, or ambiguous: a new document is safer than the wrong one
	}
	return &found[0]
}

func (m *merger) isQDPX() bool { return strings.EqualFold(filepath.Ext(m.file), ".qdpx") }

// annotations adds theirs, keeping authors, leaving out those on documents that need confirmation. They
// are placed and written ingest.StreamBatch at a time, each batch one transaction, all one undo step.
func (m *merger) annotations() error {
	if m.opt.DryRun {
		return m.countAnnotations()
	}
	tagIDs := map[string]string{}
	for ref, id := range m.tagIDs {
		if !strings.HasPrefix(id, "new:") {
			tagIDs[ref] = id
		}
	}
	ctx := context.Background()
	batches := ingest.NewAnnotationBatches(m.s, m.file, m.lib, m.docIDs, tagIDs, m.problem, m.guard, func(n int) string {
		return fmt.Sprintf("%d annotations imported from %s", n, ingest.FirstNonEmpty(m.file, "a file"))
	})
	var batch []ingest.BundleAnnotation
	err := m.b.EachAnnotation(func(a ingest.BundleAnnotation) error {
		if m.blocked[a.DocRef] {
			m.report.AnnotationsNotConfirmed++
			return nil
		}
		if batch = append(batch, m.fill(a)); len(batch) == ingest.StreamBatch {
			err := batches.Add(ctx, batch)
			batch = batch[:0]
			return err
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		err = batches.Add(ctx, batch)
	}
	counts := batches.Counts()
	m.report.AnnotationsCreated, m.report.AnnotationsUnchanged = counts.Created, counts.Unchanged
	m.report.AnnotationsNewIDs = len(counts.NewIDs)
	for _, what := range counts.NewIDs {
		m.problem(what, ingest.NewIDReason)
	}
	m.report.AnnotationsDeletedHere = m.guard.Deleted
	return err
}

// countAnnotations is annotations without the writes, for a dry run.
func (m *merger) countAnnotations() error {
	existing, loaded := map[[32]byte]bool{}, map[string]bool{} // keys as hashes: a file may hold a million
	i := -1
	err := m.b.EachAnnotation(func(a ingest.BundleAnnotation) error {
		if m.blocked[a.DocRef] {
			m.report.AnnotationsNotConfirmed++
			return nil
		}
		a = m.fill(a)
		i++
		docID, ok := m.docIDs[a.DocRef]
		if !ok {
			docID = m.lib.Find(a)
		}
		if docID == "" {
			m.problem(fmt.Sprintf("annotation %s", ingest.FirstNonEmpty(a.Ref, fmt.Sprint(i+1))), "its document is neither in the file nor in the library")
			return nil
		}
		start, end, problem := m.lib.Locate(docID, a)
		if problem != "" {
			m.problem(fmt.Sprintf("annotation %s", ingest.FirstNonEmpty(a.Ref, fmt.Sprint(i+1))), problem)
			return nil
		}
		var tags []string
		for _, ref := range a.TagRefs {
			if id, ok := m.tagIDs[ref]; ok {
				tags = append(tags, id)
			}
		}
		if !loaded[docID] && !strings.HasPrefix(docID, "new:") {
			loaded[docID] = true
			stored, err := m.s.Annotations(store.AnnotationFilter{DocID: docID})
			if err != nil {
				return err
			}
			for _, st := range stored {
				existing[sha256.Sum256([]byte(ingest.AnnotationKey(st.DocID, st.Start, st.End, st.Tags, st.Note, st.Author)))] = true
			}
		}
		key := sha256.Sum256([]byte(ingest.AnnotationKey(docID, start, end, tags, a.Note, ingest.OneLine(a.Author))))
		if existing[key] {
			m.report.AnnotationsUnchanged++
			return nil
		}
		switch verdict, err := m.guard.Check(m.s, a, docID, start, end, ingest.OneLine(a.Author)); {
		case err != nil:
			return err
		case verdict == ingest.GuardDeleted:
			return nil
		case verdict == ingest.GuardPresent:
			m.report.AnnotationsUnchanged++
			return nil
		case verdict == ingest.GuardClash:
			m.report.AnnotationsNewIDs++
			m.problem(fmt.Sprintf("annotation %s", a.Ref), ingest.NewIDReason)
		}
		existing[key] = true
		m.report.AnnotationsCreated++
		return nil
	})
	m.report.AnnotationsDeletedHere = m.guard.Deleted
	return err
}
