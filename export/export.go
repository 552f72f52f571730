package export

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"gloss/store"
)

// ErrUnknownFormat is wrapped by Export when the format is not one of Formats().
var ErrUnknownFormat = errors.New("unknown export format")

// ExportOptions narrows what is exported; zero values export every annotated document.
type ExportOptions struct {
	DocIDs         []string // only these documents, in this order (exported even without matching annotations)
	TagID          string   // only annotations carrying this tag or one of its sub-tags
	Authors        []string // only annotations, memos and notes by these authors; empty = all
	ExcludeAuthors []string // leave out annotations, memos and notes by these authors (after Authors)
	BOM            bool     // csv: start with a UTF-8 byte order mark (for Excel)
	PerDocument    bool     // md: one file per document; needs ExportToPath with a directory
	PerAnnotation  bool     // md: one file per annotation (an Obsidian note per quote); needs a directory too
	// Overwrite lets ExportToPath replace an existing file (the person confirmed, or passed --force);
	// without it an existing file is an error wrapping fs.ErrExist, and per-document files take free
	// names ("Title (2).md") beside the files already in the folder.
	Overwrite bool
	// Progress, when set, is called after each document with running counts (for a progress bar).
	Progress func(ExportProgress)
}

// ExportProgress counts what has been written so far. Totals are 0 when a format does not count first.
type ExportProgress struct {
	Documents, Annotations           int
	TotalDocuments, TotalAnnotations int
	Tags                             int      // qdc: codes written
	Files                            []string // md per document: the files written so far
}

// Export writes the annotations selected by opt in one format to w, one annotation at a time: memory
// stays bounded by one document's annotations whatever the size of the library.
func Export(s *store.Store, format string, w io.Writer, opt ExportOptions) error {
	f, err := formatFor(format, opt)
	if err != nil {
		return err
	}
	if opt.PerDocument || opt.PerAnnotation {
		return errors.New("one Markdown file per document or per annotation needs a folder: use ExportToPath")
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := f.write(s, bw, opt); err != nil {
		return err
	}
	return bw.Flush()
}

// formatFor finds the format and checks that opt asks only for what it offers.
func formatFor(name string, opt ExportOptions) (Format, error) {
	f, ok := FormatNamed(name)
	if !ok {
		return f, fmt.Errorf("%w %q (use %s)", ErrUnknownFormat, name, FormatNames(", "))
	}
	if opt.PerDocument && !f.PerDocument {
		return f, fmt.Errorf("%s cannot be exported one file per document", f.Description)
	}
	if opt.PerAnnotation && !f.PerAnnotation {
		return f, fmt.Errorf("%s cannot be exported one file per annotation", f.Description)
	}
	if opt.PerAnnotation && opt.PerDocument {
		return f, errors.New("choose one file per document or one per annotation, not both")
	}
	return f, nil
}

// ExportToPath writes the export to path through a temporary file beside it, so path never holds half
// an export. The path is checked first (store.Layout.OutputTarget): never the library or one of its
// files, never a folder or a device, an existing file only with opt.Overwrite, a symlink's target
// rather than the link. Markdown with PerDocument writes one .md file per document into the folder
// path (created when missing), each through its own temporary file.
func ExportToPath(s *store.Store, format, path string, opt ExportOptions) error {
	if _, err := formatFor(format, opt); err != nil { // before creating anything
		return err
	}
	layout := store.LayoutOf(s.Path())
	if opt.PerDocument || opt.PerAnnotation {
		return exportMarkdownFiles(s, layout, path, opt)
	}
	target, err := layout.OutputTarget(path, opt.Overwrite)
	if err != nil {
		return err
	}
	return target.Write(func(w io.Writer) error { return Export(s, format, w, opt) })
}

// exportDoc is one document in an export with what the counting pass found.
type exportDoc struct {
	store.Document
	count    int   // matching annotations
	versions []int // versions the annotations' selectors describe, ascending
	memo     *store.Note
}

// exportPlan is what every format needs before its first annotation: the documents, the tag tree and
// (for formats whose header summarises the body) counts from a first pass.
type exportPlan struct {
	s         *store.Store
	opt       ExportOptions
	exported  time.Time
	docs      []exportDoc
	tags      []store.Tag // in the person's order
	tagByID   map[string]store.Tag
	paths     *store.TagPaths
	notes     []store.Note // project notes
	counted   bool
	total     int
	tagCounts map[string]int
	tagDocs   map[string][]string // tag id → documents (in export order) with annotations carrying it
	authors   []string            // sorted
	done      ExportProgress
	guids     guidMaker // REFI-QDA codings' GUIDs
	// qdaDropped: REFI-QDA sources (by GUID) written with LF line ends, and the CRs left out (qdaLineEnds).
	qdaDropped map[string][]int
}

// newExportPlan resolves the documents and tags; with count it also reads every matching annotation
// once to count them (an HTML table of contents, a JSON-LD total, REFI-QDA users come before the body).
func newExportPlan(s *store.Store, opt ExportOptions, count bool) (*exportPlan, error) {
	p := &exportPlan{s: s, opt: opt, exported: time.Now().UTC(), tagByID: map[string]store.Tag{}}
	// The tags (without use counts: those would read every annotation once more) load beside the
	// documents and the counting pass, each in its own read transaction.
	type tagsResult struct {
		tags []store.Tag
		err  error
	}
	tagsDone := make(chan tagsResult, 1)
	go func() {
		tags, err := s.TagTree()
		tagsDone <- tagsResult{tags, err}
	}()
	err := p.loadDocuments()
	if err == nil && count {
		err = p.count()
	}
	tags := <-tagsDone
	if err != nil {
		return nil, err
	}
	if tags.err != nil {
		return nil, tags.err
	}
	p.tags = tags.tags
	for _, t := range p.tags {
		p.tagByID[t.ID] = t
	}
	p.paths = store.NewTagPaths(p.tags)
	if _, ok := p.tagByID[opt.TagID]; opt.TagID != "" && !ok {
		return nil, fmt.Errorf("tag %s: %w", opt.TagID, store.ErrNotFound)
	}
	return p, nil
}

// loadDocuments picks the documents: those asked for, else every document with annotations.
func (p *exportPlan) loadDocuments() error {
	notes, err := p.s.Notes()
	if err != nil {
		return err
	}
	memos := map[string]*store.Note{}
	for i := range notes {
		if !p.wantsNoteBy(notes[i].Author) {
			continue
		} else if notes[i].DocID == "" {
			p.notes = append(p.notes, notes[i])
		} else {
			memos[notes[i].DocID] = &notes[i]
		}
	}
	if len(p.opt.DocIDs) > 0 {
		for _, id := range p.opt.DocIDs {
			d, err := p.s.Document(id)
			if err != nil {
				return fmt.Errorf("document %s: %w", id, err)
			}
			p.docs = append(p.docs, exportDoc{Document: d, memo: memos[id]})
		}
		return nil
	}
	docs, err := p.s.Documents()
	if err != nil {
		return err
	}
	for _, d := range docs {
		if d.Annotations > 0 {
			p.docs = append(p.docs, exportDoc{Document: d, memo: memos[d.ID]})
		}
	}
	return nil
}

func (p *exportPlan) count() error {
	p.counted, p.tagCounts, p.tagDocs = true, map[string]int{}, map[string][]string{}
	// Documents are counted two at a time, each in its own read transaction: on two cores the pass
	// before the first byte takes half as long. The results are merged in document order.
	counts := make([]docCount, len(p.docs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(2, len(p.docs)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(p.docs); i = int(next.Add(1) - 1) {
				if counts[i] = p.countDocument(p.docs[i]); counts[i].err != nil {
					next.Store(int64(len(p.docs))) // stop the other reader too
				}
			}
		})
	}
	wg.Wait()
	authors := map[string]bool{}
	explicit := len(p.opt.DocIDs) > 0
	kept := p.docs[:0]
	for i, d := range p.docs {
		c := counts[i]
		if c.err != nil {
			return c.err
		}
		if c.count == 0 && !explicit {
			continue
		}
		d.count, d.versions = c.count, c.versions
		for a := range c.authors {
			authors[a] = true
		}
		for _, t := range c.tags {
			p.tagCounts[t] += c.tagUses[t]
			p.tagDocs[t] = append(p.tagDocs[t], d.ID)
		}
		if len(d.versions) == 0 {
			d.versions = []int{d.Version} // asked for by id without annotations: still a source
		}
		slices.Sort(d.versions)
		p.total += d.count
		kept = append(kept, d)
	}
	p.docs = kept
	for a := range authors {
		p.authors = append(p.authors, a)
	}
	sort.Strings(p.authors)
	p.done.TotalDocuments, p.done.TotalAnnotations = len(p.docs), p.total
	return nil
}

// docCount is what the counting pass learns from one document's matching annotations.
type docCount struct {
	count    int
	versions []int          // the versions their selectors describe, in order of first use
	tags     []string       // the tags they carry, in order of first use
	tagUses  map[string]int // tag id → annotations carrying it
	authors  map[string]bool
	err      error
}

// countDocument counts what p.annotations(d.ID) would return, streaming: nothing is kept or sorted.
func (p *exportPlan) countDocument(d exportDoc) docCount {
	c := docCount{tagUses: map[string]int{}, authors: map[string]bool{}}
	c.err = p.s.EachAnnotation(p.annotationFilter(d.ID), func(a *store.Annotation) error {
		if !p.wantsAuthor(a.Author) {
			return nil
		}
		c.count++
		c.authors[a.Author] = true
		if v := selectorVersion(*a); !slices.Contains(c.versions, v) {
			c.versions = append(c.versions, v)
		}
		for _, t := range a.Tags {
			if c.tagUses[t]++; c.tagUses[t] == 1 {
				c.tags = append(c.tags, t)
			}
		}
		return nil
	})
	return c
}

// annotations reads one document's annotations that pass the tag and author filters, in text order.
func (p *exportPlan) annotations(docID string) ([]store.Annotation, error) {
	anns, err := p.s.Annotations(p.annotationFilter(docID))
	if err != nil || (len(p.opt.Authors) == 0 && len(p.opt.ExcludeAuthors) == 0) {
		return anns, err
	}
	return slices.DeleteFunc(anns, func(a store.Annotation) bool { return !p.wantsAuthor(a.Author) }), nil
}

// annotationFilter is the store's part of the selection: a document's annotations with the tag or
// one of its sub-tags; the authors are filtered here.
func (p *exportPlan) annotationFilter(docID string) store.AnnotationFilter {
	return store.AnnotationFilter{DocID: docID, TagID: p.opt.TagID, IncludeChildTags: true}
}

// wantsNoteBy applies the author filters to memos and project notes too, so that an export of one coder's
// work carries no other coder's notes; a note whose author was never recorded (older libraries) stays.
func (p *exportPlan) wantsNoteBy(author string) bool {
	return author == "" || p.wantsAuthor(author)
}

// wantsAuthor applies Authors (when set) and then ExcludeAuthors.
func (p *exportPlan) wantsAuthor(author string) bool {
	return (len(p.opt.Authors) == 0 || slices.Contains(p.opt.Authors, author)) && !slices.Contains(p.opt.ExcludeAuthors, author)
}

// eachDocument calls fn per document with its matching annotations, skipping documents without any
// unless they were asked for by id, and reports progress after each. The next document's annotations
// are read while fn writes the current one's, so at most three documents' annotations are in memory.
func (p *exportPlan) eachDocument(fn func(d exportDoc, anns []store.Annotation) error) error {
	type batch struct {
		d    exportDoc
		anns []store.Annotation
		err  error
	}
	next := make(chan batch, 1)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(next)
		for _, d := range p.docs {
			anns, err := p.annotations(d.ID)
			select {
			case next <- batch{d, anns, err}:
			case <-stop:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	explicit := len(p.opt.DocIDs) > 0
	for b := range next {
		if b.err != nil {
			return b.err
		}
		if len(b.anns) == 0 && !explicit {
			continue
		}
		if err := fn(b.d, b.anns); err != nil {
			return err
		}
		p.done.Documents++
		p.done.Annotations += len(b.anns)
		if p.opt.Progress != nil {
			p.opt.Progress(p.done)
		}
	}
	return nil
}

// tagNames gives the paths of an annotation's tags, in the order they were applied.
func (p *exportPlan) tagNames(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if path := p.paths.Path(id); path != "" {
			out = append(out, path)
		}
	}
	return out
}

// versionText reads the canonical text an annotation's selectors describe, keeping the last one read:
// annotations come document by document.
type exportVersionCache struct {
	s       *store.Store
	doc     string
	n       int
	version store.Version
}

func (c *exportVersionCache) get(docID string, n int) (store.Version, error) {
	if c.doc == docID && c.n == n {
		return c.version, nil
	}
	v, err := c.s.Version(docID, n)
	if err != nil {
		return v, err
	}
	c.doc, c.n, c.version = docID, n, v
	return v, nil
}

// selectorVersion is the version an annotation's selectors describe: for an orphan, the last version it
// anchored to.
func selectorVersion(a store.Annotation) int {
	if a.Anchor.Version > 0 {
		return a.Anchor.Version
	}
	return a.Version
}

// exportTagTree orders tags depth first, children in the person's order.
func exportTagTree(tags []store.Tag) (ordered []store.Tag) {
	children := map[string][]store.Tag{}
	known := map[string]bool{}
	for _, t := range tags {
		known[t.ID] = true
	}
	for _, t := range tags {
		parent := t.Parent
		if !known[parent] {
			parent = ""
		}
		children[parent] = append(children[parent], t)
	}
	seen := map[string]bool{}
	var walk func(parent string)
	walk = func(parent string) {
		for _, t := range children[parent] {
			if !seen[t.ID] {
				seen[t.ID] = true
				ordered = append(ordered, t)
				walk(t.ID)
			}
		}
	}
	walk("")
	return ordered
}

var hexColour = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// safeColour returns c when it is #rrggbb, else a neutral grey: colours end up in CSS and XML attributes.
func safeColour(c string) string {
	if hexColour.MatchString(c) {
		return strings.ToLower(c)
	}
	return "#999999"
}

// exportTimestamp is the xsd:dateTime form every format uses: UTC, whole seconds, ending in Z.
func exportTimestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// appendExportTimestamp appends exportTimestamp(t) without making a string.
func appendExportTimestamp(b []byte, t time.Time) []byte {
	return t.UTC().AppendFormat(b, "2006-01-02T15:04:05Z")
}

// glossNamespace roots the name-based GUIDs of things Gloss keeps without ids (users, sources, codings),
// so the same library exports the same GUIDs every time.
var glossNamespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://gloss.invalid/export"))

func derivedGUID(kind string, parts ...string) string {
	return uuid.NewSHA1(glossNamespace, []byte(kind+"\x00"+strings.Join(parts, "\x00"))).String()
}

// sourceName names a document version in a QDA project or an index.
func sourceName(d exportDoc, version int) string {
	if version != d.Version {
		return fmt.Sprintf("%s (version %d)", d.Title, version)
	}
	return d.Title
}

// exportFileName turns a title into a file name every desktop OS accepts (fitFileName bounds its length).
func exportFileName(title string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(title) {
		switch {
		case r < 32 || strings.ContainsRune(`/\:*?"<>|#^[]`, r):
			b.WriteRune(' ')
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimLeft(strings.Join(strings.Fields(b.String()), " "), ".")
}

// maxFileName is the longest file name, in bytes, that ext4, APFS and NTFS (255 UTF-16 units: never
// more than the UTF-8 bytes) all accept.
const maxFileName = 255

// fitFileName is base+suffix, base cut on a code point boundary so that the whole is at most
// maxFileName bytes: 84 CJK characters are already 252 bytes.
func fitFileName(base, suffix string) string {
	if limit := maxFileName - len(suffix); len(base) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(base[cut]) {
			cut--
		}
		base = strings.TrimRight(base[:cut], " .") // Windows drops a trailing dot or space
	}
	return base + suffix
}

// nonBlank returns s, or def when s is blank.
func nonBlank(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// noteByline is who wrote a memo or project note and when it last changed ("Ana, 2026-12-01T10:00:00Z"),
// with when written by stamp; "" when neither is known.
func noteByline(n store.Note, stamp func(time.Time) string) string {
	when := n.Modified
	if when.IsZero() {
		when = n.Created
	}
	var parts []string
	if a := strings.TrimSpace(n.Author); a != "" {
		parts = append(parts, a)
	}
	if !when.IsZero() {
		parts = append(parts, stamp(when))
	}
	return strings.Join(parts, ", ")
}
