package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/yuin/goldmark/util"

	"gloss/anchor"
	"gloss/render"
	"gloss/store"
)

// Bundle is what an annotation file (W3C JSON-LD, REFI-QDA) holds, in the file's own references: the
// readers fill it, ApplyBundle matches it against the library.
type Bundle struct {
	Documents   []BundleDocument
	Tags        []BundleTag
	Annotations []BundleAnnotation
	Problems    []BundleProblem // parts of the file the reader could not use; reported as skipped
	Notes       []BundleNote    // memos and project notes (applyNotes, read_w3c.go); DocRef set for document memos
	Summary     *BundleSummary  // what the file held, for the per-file summary; nil: no summary
	// ReportPlacements: every annotation placed gets a report item saying how (W3C, Hypothesis, Readwise).
	ReportPlacements bool
	// each, when set, walks annotations left in the file instead of Annotations (read_w3c_stream.go):
	// the import then writes them in batches (import_stream.go). annotationCount is how many it walks.
	each            func(fn func(BundleAnnotation) error) error
	annotationCount int
}

// BundleDocument is a document; Text "" means the file only refers to it.
type BundleDocument struct {
	Ref                      string // the file's id for it (W3C target source, REFI-QDA source guid)
	Title, Date, Source, URL string
	Text                     string // the canonical text annotations count in
	Format, Raw              string // "md" or "html" with its markup, kept when it still gives Text
	Authors                  []string
	// Version is the file's number for Text (0: not given); Older are the versions before it, oldest
	// first (Gloss's JSON-LD carries every version), imported as versions (import_versions.go).
	Version int
	Older   []BundleVersion
	// pdf: the document is a PDF the file carries (a REFI-QDA PDF source without a text of its own): Text
	// is its text, and it comes in as an imported PDF does, with its pages and its original.
	pdf *bundlePDF
}

// bundlePDF is a PDF in a bundle: the document its reading gave, and the file's bytes.
type bundlePDF struct {
	doc      store.NewDocument
	original []byte
}

// BundleTag is a code; Parent is the Ref of its parent tag or "".
type BundleTag struct {
	Ref, Name, Parent, Colour, Description string
	// Implicit: made from an annotation's own tag (not a codebook): created only when an annotation
	// carrying it (or a tag below it) is imported.
	Implicit bool
}

// BundleAnnotation is a highlighted passage: code points [Start, End) of the document's text. Start < 0
// means the file gave only the quote (Exact, with Prefix and Suffix to tell repeats apart).
type BundleAnnotation struct {
	Ref                   string
	DocRef                string
	URL                   string   // the target's web address, matched against every URL a library document has
	AltURLs               []string // other addresses of the same page, tried in order when URL names none (Hypothesis document.link)
	DocTitle              string   // the document's title, matched when no URL names it (Readwise)
	Start, End            int
	Exact, Prefix, Suffix string
	TagRefs               []string
	Note, Author          string
	Created, Modified     time.Time
	// Version is the file's number of the document version the selectors describe (0: the current one).
	Version int
}

// BundleProblem names a part of a file that was not imported and why.
type BundleProblem struct{ What, Reason string }

func (b *Bundle) problem(what, format string, args ...any) {
	b.Problems = append(b.Problems, BundleProblem{what, fmt.Sprintf(format, args...)})
}

// ApplyBundle adds what a bundle holds to the library without duplicating anything: documents are matched
// by the sha256 of their text, tags by their path, and an annotation identical to a stored one (same
// document, span, tags, note and author) is left alone, so applying a bundle twice changes nothing.
func ApplyBundle(s *store.Store, b Bundle) (Report, error) {
	return applyBundle(context.Background(), s, "", b)
}

func applyBundle(ctx context.Context, s *store.Store, file string, b Bundle) (report Report, err error) {
	var tagIDs map[string]string
	skip := func(what, reason string) {
		report.Items = append(report.Items, ReportItem{File: file, Status: StatusSkipped, Reason: what + ": " + reason})
	}
	for _, p := range b.Problems {
		skip(p.What, p.Reason)
	}
	lib, err := LoadLibraryTexts(s)
	if err != nil {
		return report, err
	}
	docIDs := map[string]string{}            // bundle ref -> document id
	building := map[string][]BundleVersion{} // document id -> the versions still to add (import_versions.go)
	for _, d := range b.Documents {
		if err := ctx.Err(); err != nil {
			return report, err
		}
		id, item, ok := applyDocumentVersions(s, lib, d, skip, building)
		if !ok {
			continue
		}
		item.File = file
		report.Items = append(report.Items, item)
		if d.Ref != "" {
			docIDs[d.Ref] = id
		}
	}
	if b.each != nil {
		err := applyStreamed(ctx, s, file, b, lib, docIDs, &report, skip)
		return report, err
	}
	placed, err := lib.Place(ctx, b.Annotations, docIDs, skip)
	if err != nil {
		return report, err
	}
	defer func() { report.Items = append(report.Items, summaryItem(file, b, docIDs, placed, tagIDs, report)...) }()
	b.Tags = usedTags(b.Tags, placed)
	if b.ReportPlacements {
		for _, p := range placed {
			report.Items = append(report.Items, ReportItem{File: file, Status: StatusPlaced, Reason: p.What + ": " + lib.placement(p)})
		}
	}
	if len(placed) == 0 && len(docIDs) == 0 && (len(b.Annotations) > 0 || len(b.Problems) > 0) {
		// Nothing of the file's work (documents, annotations) came in: its codes alone would be clutter the
		// person did not ask for, left behind by a file that failed.
		if len(b.Tags) > 0 {
			skip(fmt.Sprintf("%d codes", len(b.Tags)), "not created, as none of the file's annotations could be imported")
		}
		return report, nil
	}
	tagIDs, created, err := applyTags(s, file, b.Tags, skip)
	report.TagsCreated = created
	if err != nil {
		return report, err
	}
	if report.NotesCreated, report.NotesUnchanged, err = applyNotes(s, lib, b.Notes, docIDs, skip); err != nil {
		return report, err
	}
	counts, err := writeAnnotationsByVersion(ctx, s, lib, file, placed, tagIDs, skip, building)
	report.AnnotationsCreated, report.AnnotationsUnchanged, report.AnnotationsNewIDs = counts.Created, counts.Unchanged, len(counts.NewIDs)
	for _, what := range counts.NewIDs {
		report.Items = append(report.Items, ReportItem{File: file, Status: StatusImported, Reason: what + ": " + NewIDReason})
	}
	return report, err
}

// LibraryTexts is the current text of every document, by id and by the sha256 of the text (TextSHA),
// each indexed for code points once, when first needed.
type LibraryTexts struct {
	Text    map[string]string
	BySHA   map[string]string
	older   map[string]string      // versionKey(id, n) -> the text of an older version (import_versions.go)
	local   map[string]map[int]int // document id -> the file's version number -> ours
	points  map[string]*store.CodePoints
	finders map[string]*anchor.QuoteFinder
	byURL   map[string][]string // URLKey → documents (urls.go)
	byTitle map[string][]string // lower-case title → documents
	byPDF   map[string][]string // lower-case PDF document id (trailer /ID, hex) → documents (urls.go)
}

// LoadLibraryTexts reads the current text of every document.
func LoadLibraryTexts(s *store.Store) (*LibraryTexts, error) {
	lib := newLibraryTexts()
	docs, err := s.Documents()
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		v, err := s.Version(d.ID, 0)
		if err != nil {
			return nil, err
		}
		lib.Add(d.ID, v.Text)
		lib.addKeys(d)
		if v.Original != nil && v.Original.DocumentID != "" {
			lib.addPDF(d.ID, v.Original.DocumentID)
		}
	}
	return lib, nil
}

func newLibraryTexts() *LibraryTexts {
	return &LibraryTexts{Text: map[string]string{}, BySHA: map[string]string{},
		points: map[string]*store.CodePoints{}, finders: map[string]*anchor.QuoteFinder{}}
}

// Add makes text known under id (a document just added, or one a dry run would add).
func (l *LibraryTexts) Add(id, text string) {
	l.Text[id] = text
	l.BySHA[TextSHA(text)] = id
	delete(l.points, id)
	delete(l.finders, id)
}

// CodePoints is the code point index of document id's text.
func (l *LibraryTexts) CodePoints(id string) *store.CodePoints {
	c, ok := l.points[id]
	if !ok {
		c = store.NewCodePoints(l.textOf(id))
		l.points[id] = c
	}
	return c
}

func (l *LibraryTexts) finder(id string) *anchor.QuoteFinder {
	f, ok := l.finders[id]
	if !ok {
		f = anchor.NewQuoteFinder(l.textOf(id))
		l.finders[id] = f
	}
	return f
}

// dropFinders forgets every text's quote finder (each is made again when next needed).
func (l *LibraryTexts) dropFinders() { clear(l.finders) }

func TextSHA(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// applyTags creates the missing tags parents first, all in one transaction, and maps bundle refs to tag
// ids. Existing tags keep their colour and description.
func applyTags(s *store.Store, file string, tags []BundleTag, skip func(what, reason string)) (map[string]string, int, error) {
	ids := map[string]string{}
	if len(tags) == 0 {
		return ids, 0, nil
	}
	stored, err := s.TagTree()
	if err != nil {
		return nil, 0, err
	}
	byPath := map[string]string{} // lower-case "parent/child" -> id, or "new:ref" for a tag of the batch
	pathOf := map[string]string{} // id -> lower-case path
	paths := store.NewTagPaths(stored)
	for _, t := range stored {
		pathOf[t.ID] = strings.ToLower(paths.Path(t.ID))
		byPath[pathOf[t.ID]] = t.ID
	}
	byRef := map[string]BundleTag{}
	for _, t := range tags {
		if _, dup := byRef[t.Ref]; !dup {
			byRef[t.Ref] = t // a duplicate GUID: the first code wins (the reader warned)
		}
	}
	var batch []store.TagToCreate
	var resolve func(t BundleTag, depth int) (string, error)
	resolve = func(t BundleTag, depth int) (string, error) {
		if id, ok := ids[t.Ref]; ok {
			return id, nil
		}
		if depth > 100 {
			return "", fmt.Errorf("its parents are nested more than 100 deep or form a cycle")
		}
		parentID, parentPath := "", ""
		if parent, ok := byRef[t.Parent]; ok && t.Parent != "" {
			var err error
			if parentID, err = resolve(parent, depth+1); err != nil {
				return "", err
			}
			parentPath = pathOf[parentID] + "/"
		}
		if problem := FieldTooLong("name", t.Name, MaxTagNameCodePoints); problem != "" {
			return "", errors.New(problem)
		}
		name := TagName(t.Name)
		if name == "" {
			return "", fmt.Errorf("it has no name")
		}
		path := parentPath + strings.ToLower(name)
		if id, ok := byPath[path]; ok {
			ids[t.Ref] = id
			return id, nil
		}
		id := "new:" + fmt.Sprint(len(batch))
		batch = append(batch, store.TagToCreate{Ref: id, NewTag: store.NewTag{Name: name, Parent: parentID,
			Colour: TagColour(t.Colour), Description: t.Description}})
		pathOf[id] = path
		byPath[path] = id
		ids[t.Ref] = id
		return id, nil
	}
	for _, t := range tags {
		if byRef[t.Ref] != t {
			continue
		}
		if _, err := resolve(t, 0); err != nil {
			skip(fmt.Sprintf("tag %q", clipQuote(t.Name)), err.Error())
		}
	}
	if len(batch) == 0 {
		return ids, 0, nil
	}
	made, refused, err := s.CreateTagsByRef(batch)
	if err != nil {
		return nil, 0, err
	}
	for ref, id := range ids {
		if t, ok := made[id]; ok {
			ids[ref] = t.ID
		} else if err, ok := refused[id]; ok {
			delete(ids, ref) // its annotations come in without it
			skip(fmt.Sprintf("tag %q", clipQuote(byRef[ref].Name)), err.Error())
		}
	}
	return ids, len(made), nil
}

// TagName makes a file's code name a Gloss tag name: one line, and "/" (the path separator in Gloss)
// becomes a look-alike. Markup is kept as text: names are always shown escaped, and changing them would
// make a second tag on every round trip.
func TagName(name string) string {
	return strings.ReplaceAll(OneLine(name), "/", "∕")
}

// OneLine collapses whitespace and drops control characters.
func OneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	return strings.Join(strings.Fields(s), " ")
}

// TagColour accepts #rgb and #rrggbb; anything else lets the store pick from its palette.
func TagColour(c string) string {
	c = strings.TrimSpace(c)
	if len(c) == 4 && c[0] == '#' {
		c = string([]byte{'#', c[1], c[1], c[2], c[2], c[3], c[3]})
	}
	if len(c) != 7 || c[0] != '#' || strings.Trim(strings.ToLower(c[1:]), "0123456789abcdef") != "" {
		return ""
	}
	return strings.ToLower(c)
}

// ApplyDocument finds or creates a bundle document; ok is false for a reference without text, or one
// refused (skip says why).
func ApplyDocument(s *store.Store, lib *LibraryTexts, d BundleDocument, skip func(what, reason string)) (string, ReportItem, bool) {
	if d.Text == "" {
		return "", ReportItem{}, false
	}
	for _, field := range []struct{ name, value string }{{"title", d.Title}, {"source", d.Source}, {"URL", d.URL}} {
		if problem := FieldTooLong(field.name, field.value, MaxTitleCodePoints); problem != "" {
			skip(fmt.Sprintf("document %q", clipQuote(FirstNonEmpty(d.Ref, d.Title))), problem)
			return "", ReportItem{}, false
		}
	}
	title := CleanLine(d.Title)
	what := fmt.Sprintf("document %q", FirstNonEmpty(title, d.Ref))
	if !utf8.ValidString(d.Text) || strings.ContainsRune(d.Text, 0) {
		skip(what, "its text is not valid UTF-8 text")
		return "", ReportItem{}, false
	}
	sha := TextSHA(d.Text)
	if id, ok := lib.BySHA[sha]; ok {
		doc, err := s.Document(id)
		if err == nil {
			return id, ReportItem{Status: StatusDuplicate, DocID: id, Title: doc.Title, Reason: "already in the library"}, true
		}
	}
	if title == "" {
		title = CleanLine(shorten(firstSentence(d.Text), maxTitle))
	}
	if strings.TrimSpace(title) == "" {
		title = "Untitled"
	}
	nd := store.NewDocument{Title: title, Date: isoDate(d.Date), Source: CleanLine(d.Source), URL: cleanURL(d.URL),
		Format: "txt", Text: d.Text, SHA256: sha}
	nd.Format, nd.Raw = keptMarkup(d)
	nd.Meta.Authors = d.Authors
	if d.pdf != nil { // as an imported PDF: its pages, its original kept, its metadata where the file has none
		pd := d.pdf.doc
		pd.Title = FirstNonEmpty(CleanLine(d.Title), pd.Title, title)
		pd.Date = FirstNonEmpty(nd.Date, pd.Date)
		pd.Source, pd.URL = FirstNonEmpty(nd.Source, pd.Source), FirstNonEmpty(nd.URL, pd.URL)
		if len(d.Authors) > 0 {
			pd.Meta.Authors = d.Authors
		}
		if o := pd.Provenance.Original; o != nil {
			if err := keepOriginal(s, o, d.pdf.original); err != nil {
				skip(what, "its PDF could not be kept: "+err.Error())
				return "", ReportItem{}, false
			}
		}
		nd = pd
	}
	doc, dup, err := addDocument(s, nd)
	if err != nil {
		skip(what, err.Error())
		return "", ReportItem{}, false
	}
	lib.Add(doc.ID, d.Text)
	if dup {
		return doc.ID, ReportItem{Status: StatusDuplicate, DocID: doc.ID, Title: doc.Title, Reason: "already in the library"}, true
	}
	// A PDF's pages without usable text are named as a PDF's own import names them, with the document:
	// the report's line names the file it came in.
	item := ReportItem{Status: StatusImported, DocID: doc.ID, Title: doc.Title}
	if w := unreadableWarning(nd); w != "" {
		item.Reason = fmt.Sprintf("document %q: %s", doc.Title, w)
	}
	return doc.ID, item, true
}

func FirstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// AnnotationKey identifies an annotation for "already there": tags compared as a set.
func AnnotationKey(docID string, start, end int, tags []string, note, author string) string {
	sorted := slices.Clone(tags)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	return fmt.Sprintf("%s\x00%d\x00%d\x00%s\x00%s\x00%s", docID, start, end, strings.Join(sorted, ","), note, author)
}

// PlacedAnnotation is one of a file's annotations, found in one of our texts: ready to be written.
type PlacedAnnotation struct {
	BundleAnnotation
	What       string // how reports name it
	DocID      string
	Version    int  // our version number of the text Start and End count in; 0: the current one
	Start, End int  // code points of our text
	building   bool // Version is one this import adds: the annotation goes in before the next version
	n          int  // its number in the file, from 0 (placeFrom's first + i)
}

// placedWhat is how reports name the file's annotation number n (from 0).
func placedWhat(a BundleAnnotation, n int) string {
	return fmt.Sprintf("annotation %s", FirstNonEmpty(a.Ref, fmt.Sprint(n+1)))
}

// Place finds each annotation's document (in the file: docIDs, else in the library) and its span in that
// text; those it cannot place are skipped with the reason. The work per annotation does not grow with
// the length of its text: offsets go through each text's code point index, built once.
func (l *LibraryTexts) Place(ctx context.Context, anns []BundleAnnotation, docIDs map[string]string, skip func(what, reason string)) ([]PlacedAnnotation, error) {
	return l.placeFrom(ctx, anns, 0, docIDs, skip)
}

// placeFrom is Place for a file's annotations from number first on (a batch of a streamed file).
func (l *LibraryTexts) placeFrom(ctx context.Context, anns []BundleAnnotation, first int, docIDs map[string]string, skip func(what, reason string)) ([]PlacedAnnotation, error) {
	var placed []PlacedAnnotation
	for i, a := range anns {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		what := placedWhat(a, first+i)
		if problem := noteTooLong(a.Note); problem != "" {
			skip(what, problem)
			continue
		}
		docID, ok := docIDs[a.DocRef]
		if !ok {
			docID = l.Find(a)
		}
		if docID == "" {
			skip(what, l.notFound(a))
			continue
		}
		key, version, problem := l.versionFor(docID, a)
		if problem != "" {
			skip(what, problem)
			continue
		}
		start, end, problem := l.Locate(key, a)
		if problem != "" {
			skip(what, problem)
			continue
		}
		placed = append(placed, PlacedAnnotation{BundleAnnotation: a, What: what, DocID: docID, Version: version, Start: start, End: end, n: first + i})
	}
	return placed, nil
}

// NewIDReason says why an annotation came in under another id than the file's.
const NewIDReason = "its id is taken here by a different annotation (another document or author); added under a new id"

// AnnotationCounts is what writing annotations did.
type AnnotationCounts struct {
	Created, Unchanged int
	// NewIDs names theirs whose id is taken here by another annotation: they come in under a new id.
	NewIDs []string
}

// ApplyAnnotations places a bundle's annotations and writes them (WriteAnnotations).
func ApplyAnnotations(ctx context.Context, s *store.Store, file string, lib *LibraryTexts, docIDs, tagIDs map[string]string,
	anns []BundleAnnotation, skip func(what, reason string), guard *DuplicateGuard) (AnnotationCounts, error) {
	placed, err := lib.Place(ctx, anns, docIDs, skip)
	if err != nil {
		return AnnotationCounts{}, err
	}
	return WriteAnnotations(ctx, s, file, placed, tagIDs, skip, guard)
}

// WriteAnnotations adds placed annotations, leaving out those already there, in one transaction and one
// undo step; one the store refuses is skipped with its reason, the others still come in. guard is nil for
// an import; a merge passes one (teams), which also leaves out what was deleted here and marks what it
// adds. An annotation whose id is taken by a different one of ours is never lost: it comes in under a new
// id, and NewIDs names it.
func WriteAnnotations(ctx context.Context, s *store.Store, file string, placed []PlacedAnnotation, tagIDs map[string]string,
	skip func(what, reason string), guard *DuplicateGuard) (AnnotationCounts, error) {
	w := newAnnotationWriter(s, file, tagIDs, skip, guard, nil)
	err := w.add(ctx, placed)
	return w.counts, err
}

// annotationWriter writes placed annotations, in one call (WriteAnnotations) or batch after batch of a
// streamed file (step set: every batch one transaction, all of them one undo step). What it remembers
// across batches is a 16-byte hash per annotation, for "already there" and the ids it kept.
type annotationWriter struct {
	s        *store.Store
	file     string
	tagIDs   map[string]string
	skip     func(what, reason string)
	guard    *DuplicateGuard
	step     *store.ImportStep
	author   string
	existing map[[16]byte]bool
	loaded   map[string]bool
	usedIDs  map[uuid.UUID]bool
	counts   AnnotationCounts
}

func newAnnotationWriter(s *store.Store, file string, tagIDs map[string]string, skip func(what, reason string), guard *DuplicateGuard, step *store.ImportStep) *annotationWriter {
	return &annotationWriter{s: s, file: file, tagIDs: tagIDs, skip: skip, guard: guard, step: step, author: s.Author(),
		existing: map[[16]byte]bool{}, loaded: map[string]bool{}, usedIDs: map[uuid.UUID]bool{}}
}

func keyHash(key string) [16]byte {
	sum := sha256.Sum256([]byte(key))
	return [16]byte(sum[:16])
}

func (w *annotationWriter) add(ctx context.Context, placed []PlacedAnnotation) error {
	s, counts := w.s, &w.counts
	if len(placed) == 0 {
		return nil
	}
	var batch []store.NewAnnotation
	var names []string // batch[i]'s name in reports
	for i, p := range placed {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		a := p.BundleAnnotation
		var tags []string
		for _, ref := range a.TagRefs {
			if id, ok := w.tagIDs[ref]; ok {
				tags = append(tags, id)
			}
		}
		who := FirstNonEmpty(OneLine(a.Author), w.author)
		if !w.loaded[p.DocID] {
			w.loaded[p.DocID] = true
			stored, err := s.Annotations(store.AnnotationFilter{DocID: p.DocID})
			if err != nil {
				return err
			}
			for _, st := range stored {
				w.existing[keyHash(AnnotationKey(st.DocID, st.Start, st.End, st.Tags, st.Note, st.Author))] = true
			}
		}
		key := keyHash(AnnotationKey(p.DocID, p.Start, p.End, tags, a.Note, who))
		if w.existing[key] {
			counts.Unchanged++
			continue
		}
		wanted := annotationUUID(a.Ref)
		clash := false
		if w.guard != nil {
			switch verdict, err := w.guard.Check(s, a, p.DocID, p.Start, p.End, who); {
			case err != nil:
				return err
			case verdict == GuardDeleted:
				continue
			case verdict == GuardPresent:
				counts.Unchanged++
				continue
			case verdict == GuardClash:
				clash = true
			}
		}
		w.existing[key] = true
		if p.Version != 0 && !p.building {
			w.skip(p.What, fmt.Sprintf("it was made on version %d of the document, an older version than the one here, and is not in this library", a.Version))
			continue
		}
		na := store.NewAnnotation{DocID: p.DocID, Version: p.Version, Start: p.Start, End: p.End, Tags: tags, Note: a.Note, Author: who,
			Created: a.Created, Modified: a.Modified}
		if w.guard != nil {
			na.Merged = w.guard.file
		}
		wantedID, _ := uuid.Parse(wanted)
		if wanted != "" && !clash && !w.usedIDs[wantedID] {
			if _, err := s.Annotation(wanted); errors.Is(err, store.ErrNotFound) {
				na.ID = wanted // keep the exported identity when it is free
				w.usedIDs[wantedID] = true
			}
		}
		if wanted != "" && na.ID == "" {
			counts.NewIDs = append(counts.NewIDs, p.What)
		}
		batch = append(batch, na)
		names = append(names, p.What)
	}
	if len(batch) == 0 {
		return nil
	}
	var made []store.Annotation
	var refused []store.ItemError
	var err error
	if w.step != nil {
		made, refused, err = w.step.CreateAnnotationsKeepingGood(batch)
	} else {
		label := fmt.Sprintf("%d annotations imported from %s", len(batch), FirstNonEmpty(w.file, "a file"))
		made, refused, err = s.CreateAnnotationsKeepingGood(batch, label)
	}
	if err != nil {
		return err
	}
	for _, r := range refused {
		w.skip(names[r.Index], r.Err.Error())
	}
	counts.Created += len(made)
	return nil
}

// annotationUUID reads "urn:uuid:…", "{…}" or a bare UUID, else "".
func annotationUUID(ref string) string {
	ref = strings.Trim(strings.TrimPrefix(strings.ToLower(ref), "urn:uuid:"), "{}")
	id, err := uuid.Parse(ref)
	if err != nil || len(ref) != 36 {
		return ""
	}
	return id.String()
}

// Find looks for the document of an annotation whose document the file does not carry: a Gloss id, or
// else the one library text where its quote stands at its position.
func (l *LibraryTexts) Find(a BundleAnnotation) string {
	if id := annotationUUID(a.DocRef); id != "" {
		if _, ok := l.Text[id]; ok {
			return id
		}
	}
	if id := l.findByURL(a); id != "" {
		return id
	}
	if a.Exact == "" || a.Start < 0 {
		return ""
	}
	found := ""
	for id := range l.Text {
		if quote, ok := l.CodePoints(id).Slice(a.Start, a.End); ok && quote == a.Exact {
			if found != "" {
				return "" // ambiguous: better skipped than attached to the wrong article
			}
			found = id
		}
	}
	return found
}

// Locate checks an annotation's span against document docID's text, moving it to where its quote stands
// when the offsets are off (other tools count differently) or missing: the occurrence that agrees best
// with the prefix and suffix, the nearest to the file's offset on a tie (anchor.QuoteFinder, linear).
func (l *LibraryTexts) Locate(docID string, a BundleAnnotation) (start, end int, problem string) {
	points := l.CodePoints(docID)
	if a.Start >= 0 && a.Start < a.End {
		if quote, ok := points.Slice(a.Start, a.End); ok && (a.Exact == "" || quote == a.Exact) {
			return a.Start, a.End, ""
		}
	}
	if a.Exact == "" {
		return 0, 0, fmt.Sprintf("selection %d–%d is not inside the text (%d code points)", a.Start, a.End, points.Len())
	}
	if start, end, ok := l.utf16Span(docID, a); ok {
		return start, end, ""
	}
	start, end, ok := l.finder(docID).Find(a.Exact, a.Prefix, a.Suffix, a.Start)
	if !ok {
		return 0, 0, fmt.Sprintf("its quote %q is not in the document's text", clipQuote(a.Exact))
	}
	return start, end, ""
}

func clipQuote(s string) string {
	if len(s) <= 40 {
		return s
	}
	if r := []rune(s[:min(len(s), 200)]); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// keptMarkup keeps a document's Markdown or HTML when, cleaned as an import would clean it, it still
// gives exactly the text; otherwise the document is plain text.
func keptMarkup(d BundleDocument) (format, raw string) {
	switch d.Format {
	case "md":
		if cleaned, err := cleanMarkdown(d.Raw); err == nil && d.Raw != "" {
			if text, _, err := render.MarkdownText(util.StringToReadOnlyBytes(cleaned)); err == nil && text == d.Text {
				return "md", cleaned
			}
		}
	case "html":
		return "html", strings.TrimSpace(articlePolicy.Sanitize(d.Raw))
	}
	return "txt", ""
}
