// Package search is Gloss's full-text search: a bleve index beside the database, kept in step with the
// store's journal, plus exact code-point hits computed from the canonical text.
//
// What is indexed, one bleve document per library entry:
//   - "d:<doc id>" per document: title, body (the canonical text of the current version), notes (the
//     document's memo, every annotation note and the names of the tags its annotations use), source
//     (lowercased), date, tags (ids used by its annotations), annotated ("yes"/"no"), noteids (its memo,
//     so a deleted memo can be traced back to its document).
//   - "n:<note id>" per project note (a note with no document): title and notes (the body).
//
// Nothing is stored but the ids: snippets and offsets come from the store's text, which stays the
// source of truth. Text fields keep term vectors because bleve's phrase queries need token positions.
// The index records the last journal seq it applied in the same batch as the changes, so a crash between
// a store write and the index update leaves it merely behind, which Status reports and CatchUp repairs.
package search

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/mapping"

	"gloss/store"
)

// Schema names the mapping and analysis; change it whenever either changes, and old indexes are rebuilt.
const Schema = "gloss-search-4" // 3: per-language analysis, CJK bigrams, folding; 4: Thai, Lao, Khmer bigrams

// Internal keys, written in the same batch as the records they describe.
var (
	keySchema = []byte("gloss.schema")
	keySeq    = []byte("gloss.seq")   // last journal seq applied
	keySeqAt  = []byte("gloss.seqAt") // that entry's time: tells this library's journal from another's
)

const (
	analyzerName = "gloss"
	batchSize    = 500
)

// Index is the search index of one library. It is safe for concurrent use; Search runs while CatchUp
// or Rebuild work in the background.
type Index struct {
	dir      string
	mu       sync.RWMutex // guards idx, reopened and closed; taken only through read and write (bounded)
	idx      bleve.Index  // nil when a damaged index could not be replaced
	updating sync.Mutex   // one CatchUp or Rebuild at a time
	reopened string       // why the index had to start afresh, "" normally
	gen      uint64       // counts replacements of idx: damage seen in an older one is already dealt with
	watch    *faultWatch  // a panic bleve recovered in idx's background work (async.go)
	closed   bool
	terms    termCaches // analysed words kept between searches (termcache.go)
	langs    langList   // analysis keys present in generation gen (search.go)
	// searches counts the searches at work: a catch-up or rebuild starts no batch meanwhile, and scorch
	// no merge (yield.go); yielded counts the batches held back for them (tests).
	searches   searchGate
	yielded    atomic.Int32
	lastSearch atomic.Int64 // when the last search started, Unix nanoseconds
}

// damageIn is damage seen in generation gen of the index.
type damageIn struct {
	err error
	gen uint64
}

func (d *damageIn) Error() string { return d.err.Error() }
func (d *damageIn) Unwrap() error { return d.err }

// State is what the window shows about the index.
type State struct {
	Ready   bool   `json:"ready"`
	Behind  uint64 `json:"behind"`  // journal entries not yet applied
	Rebuild bool   `json:"rebuild"` // CatchUp will rebuild from scratch rather than replay
	Reason  string `json:"reason"`  // why it is not ready, for the status line
}

// Every library entry is indexed with its language's analyser: a bleve document type per analysis key
// ("de", "ar", …; "" the generic analyser for every other language and for project notes), named by
// the record's "_type", whose text fields use that analyser. The key itself is a keyword field, "lang"
// ("und" for the generic one), stored so a hit's text is scanned with the analyser that indexed it.
func newMapping() *mapping.IndexMappingImpl {
	im := bleve.NewIndexMapping()
	docMapping := func(key string) *mapping.DocumentMapping {
		tokenizer, analyzer := tokenizerName+"_"+langValue(key), analyzerName+"_"+langValue(key)
		if err := im.AddCustomTokenizer(tokenizer, map[string]any{"type": tokenizerName, "lang": key}); err != nil {
			panic(err)
		}
		if err := im.AddCustomAnalyzer(analyzer, map[string]any{"type": custom.Name, "tokenizer": tokenizer}); err != nil {
			panic(err)
		}
		text := func() *mapping.FieldMapping {
			f := bleve.NewTextFieldMapping()
			f.Analyzer, f.Store, f.IncludeInAll, f.IncludeTermVectors, f.DocValues = analyzer, false, false, true, false
			return f
		}
		word := func(store bool) *mapping.FieldMapping {
			f := bleve.NewKeywordFieldMapping()
			f.Analyzer, f.Store, f.IncludeInAll, f.IncludeTermVectors, f.DocValues = keyword.Name, store, false, false, false
			return f
		}
		dm := bleve.NewDocumentStaticMapping()
		for _, name := range []string{"title", "body", "notes"} {
			dm.AddFieldMappingsAt(name, text())
		}
		for _, name := range []string{"kind", "source", "date", "tags", "annotated", "noteids"} {
			dm.AddFieldMappingsAt(name, word(false))
		}
		dm.AddFieldMappingsAt("lang", word(true))
		dm.DefaultAnalyzer = analyzer
		return dm
	}
	im.DefaultMapping = docMapping("")
	for _, r := range languageRules {
		im.AddDocumentMapping(r.lang, docMapping(r.lang))
	}
	im.DefaultAnalyzer = analyzerName + "_" + langValue("")
	im.IndexDynamic, im.StoreDynamic, im.DocValuesDynamic = false, false, false
	return im
}

// langValue is an analysis key as the "lang" field holds it.
func langValue(key string) string {
	if key == "" {
		return "und"
	}
	return key
}

// Open opens the index in dir, creating it when missing. An unreadable or damaged index is derived
// data: it is moved aside (to dir.damaged) and replaced by an empty one, and Status says it needs a
// rebuild.
func Open(dir string) (*Index, error) { return openWith(dir, nil) }

// openWith is Open with extra runtime config for bleve (tests add an event callback).
func openWith(dir string, extra map[string]any) (*Index, error) {
	ix := &Index{dir: dir, watch: newFaultWatch()}
	if cause, log := crashed(dir); cause != "" {
		// The last process died with this index open (crash.go): whatever it was doing is suspect.
		if _, err := os.Stat(dir); err == nil {
			if err := ix.replace(fmt.Errorf("%w: %s", ErrDamaged, cause)); err != nil {
				return nil, err
			}
			keepCrashLog(dir, log)
			return ix, nil
		}
		os.Truncate(CrashLog(dir), 0)
	}
	idx, watch, err := openLive(dir, false, extra, &ix.searches)
	if err == nil {
		if err = verifySegments(idx); err != nil {
			guard(idx.Close)
		}
	}
	switch {
	case err == nil:
		ix.idx, ix.watch = idx, watch
	case errors.Is(err, bleve.ErrorIndexPathDoesNotExist):
		if ix.idx, ix.watch, err = openLive(dir, true, extra, &ix.searches); err != nil {
			return nil, fmt.Errorf("search index %s: %w", dir, err)
		}
	default:
		if err := ix.replace(err); err != nil {
			return nil, err
		}
	}
	return ix, nil
}

// replace moves the damaged index aside (one earlier copy is dropped: it is derived data, kept only
// for a bug report) and starts an empty one. The caller holds mu or owns ix alone.
func (ix *Index) replace(cause error) error {
	ix.reopened = fmt.Sprintf("%s (%s)", NoticeRebuilding, strings.TrimPrefix(cause.Error(), ErrDamaged.Error()+": "))
	ix.idx = nil
	ix.gen++
	aside := ix.dir + ".damaged"
	if err := os.RemoveAll(aside); err != nil {
		return fmt.Errorf("search index %s: %w", aside, err)
	}
	if err := os.Rename(ix.dir, aside); err != nil && !errors.Is(err, fs.ErrNotExist) {
		if err := os.RemoveAll(ix.dir); err != nil {
			return fmt.Errorf("search index %s: %w", ix.dir, err)
		}
	}
	var err error
	if ix.idx, ix.watch, err = openLive(ix.dir, true, nil, &ix.searches); err != nil {
		return fmt.Errorf("search index %s: %w", ix.dir, err)
	}
	return nil
}

// Discard replaces the index after cause (an error wrapping ErrDamaged) showed it damaged: from then
// on it is empty and Status asks for a rebuild.
func (ix *Index) Discard(cause error) error {
	return ix.write(func() error {
		if d := (*damageIn)(nil); errors.As(cause, &d) && d.gen != ix.gen {
			return nil // seen in an index that was replaced since
		}
		if ix.idx != nil {
			ix.watch.close(ix.idx) // its files are going aside whatever it says
		}
		return ix.replace(cause)
	})
}

// read runs f on the open bleve index under the read lock, released whatever f does; panics in f
// become ErrDamaged.
func (ix *Index) read(f func(bleve.Index) error) error {
	if !acquire(ix.mu.TryRLock, lockWait) {
		return ErrBusy
	}
	defer ix.mu.RUnlock()
	switch {
	case ix.closed:
		return bleve.ErrorIndexClosed
	case ix.idx == nil:
		return fmt.Errorf("search index %s: %w", ix.dir, ErrDamaged)
	}
	err := ix.watch.bounded(func() error { return f(ix.idx) })
	if errors.Is(err, ErrDamaged) {
		err = &damageIn{err, ix.gen}
	}
	return err
}

// write runs f under the write lock, waiting for it no longer than lockWait.
func (ix *Index) write(f func() error) error {
	if !acquire(ix.mu.TryLock, lockWait) {
		return ErrBusy
	}
	defer ix.mu.Unlock()
	if ix.closed {
		return bleve.ErrorIndexClosed
	}
	return f()
}

// Close closes the index; closing twice is harmless. It waits for running searches no longer than
// lockWait.
func (ix *Index) Close() error {
	err := ix.write(func() error {
		ix.closed = true
		if ix.idx == nil {
			return nil
		}
		return ix.watch.close(ix.idx)
	})
	if errors.Is(err, bleve.ErrorIndexClosed) {
		return nil
	}
	return err
}

// warmFields are the fields a search reads: the text fields it matches and the language it filters on.
var warmFields = []string{"title", "body", "notes", "lang"}

// warm does, in the background right after the index is opened, the reads every first search did itself:
// the language list (a walk of the "lang" terms of every segment), each segment's term dictionary of
// every field searched (zap loads a field's dictionary on its first lookup and keeps it), and a stored
// "lang" value (the stored-fields section of a segment). Errors are left to the searches that follow.
// Once a search has started it does those reads itself, and warming would only compete with it for the
// CPU: warm then stops.
func (ix *Index) warm(ctx context.Context) {
	searched := func() bool { return ix.lastSearch.Load() != 0 }
	if searched() {
		return
	}
	if _, err := ix.languages(); err != nil || searched() {
		return
	}
	ix.read(func(idx bleve.Index) error {
		adv, err := idx.Advanced()
		if err != nil {
			return err
		}
		r, err := adv.Reader()
		if err != nil {
			return err
		}
		defer r.Close()
		for _, field := range warmFields {
			if searched() {
				return nil
			}
			if tfr, err := r.TermFieldReader(ctx, []byte("\x00"), field, false, false, false); err == nil {
				tfr.Close()
			}
		}
		req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 1, 0, false)
		req.Fields = []string{"lang"}
		_, err = idx.SearchInContext(ctx, req)
		return err
	})
}

// mark is where the index stands: its schema and the journal entry it applied last.
type mark struct {
	schema string
	built  bool // a build finished at some point (seq recorded)
	seq    uint64
	seqAt  string
}

func (ix *Index) mark() (m mark, err error) {
	err = ix.read(func(idx bleve.Index) (err error) { m, err = markOf(idx); return err })
	return m, err
}

// markOf is mark for idx, the open index; the caller holds the read lock.
func markOf(idx bleve.Index) (mark, error) {
	var m mark
	schema, err := idx.GetInternal(keySchema)
	if err != nil {
		return m, err
	}
	seq, err := idx.GetInternal(keySeq)
	if err != nil {
		return m, err
	}
	at, err := idx.GetInternal(keySeqAt)
	if err != nil {
		return m, err
	}
	m.schema, m.seqAt = string(schema), string(at)
	if seq != nil {
		m.built = true
		if m.seq, err = strconv.ParseUint(string(seq), 10, 64); err != nil {
			return m, fmt.Errorf("search index: bad seq %q", seq)
		}
	}
	return m, nil
}

// journalAt returns the time of journal entry seq, "" when it does not exist.
func journalAt(s *store.Store, seq uint64) (string, error) {
	if seq == 0 {
		return "", nil
	}
	// One entry: every search's Status comes here, and reading every entry after seq (JournalSince)
	// decoded an import's hundreds of pending entries each time.
	e, found, err := s.JournalEntryAt(seq)
	if err != nil || !found {
		return "", err
	}
	return e.At.UTC().Format("2006-01-02T15:04:05.000000000Z"), nil
}

// Status compares the index with the library.
func (ix *Index) Status(s *store.Store) (State, error) {
	m, err := ix.mark()
	if errors.Is(err, ErrBusy) || errors.Is(err, bleve.ErrorIndexClosed) {
		return State{}, err
	} else if err != nil {
		return State{Rebuild: true, Reason: fmt.Sprintf("the search index is unreadable (%v)", err)}, nil
	}
	latest, err := s.JournalSeq()
	if err != nil {
		return State{}, err
	}
	reopened := ix.reason()
	rebuild := func(reason string) (State, error) {
		return State{Behind: latest, Rebuild: true, Reason: reason}, nil
	}
	switch {
	case reopened != "" && !m.built:
		return rebuild(reopened)
	case !m.built:
		return rebuild("the search index has not been built yet")
	case m.schema != Schema:
		return rebuild("the search index was built by another version of Gloss")
	case m.seq > latest:
		return rebuild("the search index is ahead of the library (was the database restored?)")
	}
	if m.seqAt != "" {
		at, err := journalAt(s, m.seq)
		if err != nil {
			return State{}, err
		}
		if at != m.seqAt {
			return rebuild("the search index belongs to another library")
		}
	}
	if m.seq < latest {
		return State{Behind: latest - m.seq, Reason: fmt.Sprintf("catching up with %d changes", latest-m.seq)}, nil
	}
	return State{Ready: true}, nil
}

func (ix *Index) reason() string {
	if !acquire(ix.mu.TryRLock, lockWait) {
		return ""
	}
	defer ix.mu.RUnlock()
	return ix.reopened
}

// behind is Status's cheap version for every search: no identity check.
func (ix *Index) behind(s *store.Store) bool {
	m, err := ix.mark()
	return err != nil || ix.behindMark(s, m)
}

// behindMark is behind for the index standing at m.
func (ix *Index) behindMark(s *store.Store, m mark) bool {
	if !m.built || m.schema != Schema {
		return true
	}
	latest, err := s.JournalSeq()
	return err != nil || latest != m.seq
}

// Rebuild indexes the whole library into a fresh index beside the old one, which keeps serving searches
// until the new one replaces it.
func (ix *Index) Rebuild(ctx context.Context, s *store.Store, progress func(done, total int)) error {
	ix.updating.Lock()
	defer ix.updating.Unlock()
	return ix.rebuild(ctx, s, progress)
}

func (ix *Index) rebuild(ctx context.Context, s *store.Store, progress func(done, total int)) error {
	// Mark first: writes made during the build come after it and are replayed by the next CatchUp.
	seq, err := s.JournalSeq()
	if err != nil {
		return err
	}
	at, err := journalAt(s, seq)
	if err != nil {
		return err
	}
	docs, err := s.Documents()
	if err != nil {
		return err
	}
	notes, err := s.Notes()
	if err != nil {
		return err
	}
	anns, err := s.Annotations(store.AnnotationFilter{})
	if err != nil {
		return err
	}
	v, err := loadView(s)
	if err != nil {
		return err
	}
	annsByDoc := map[string][]store.Annotation{}
	for _, a := range anns {
		annsByDoc[a.DocID] = append(annsByDoc[a.DocID], a)
	}
	memos := map[string]store.Note{}
	var projectNotes []store.Note
	for _, n := range notes {
		if n.DocID == "" {
			projectNotes = append(projectNotes, n)
		} else {
			memos[n.DocID] = n
		}
	}

	tmp := ix.dir + ".rebuild"
	if err := os.RemoveAll(tmp); err != nil {
		return err
	}
	// The fresh index has the async callback too: a panic in its persister fails the build, not hangs it.
	fresh, freshWatch, err := openLive(tmp, true, nil, &ix.searches)
	if err != nil {
		return fmt.Errorf("search index %s: %w", tmp, err)
	}
	defer func() {
		if fresh != nil {
			freshWatch.close(fresh)
			os.RemoveAll(tmp)
		}
	}()
	total, done := len(docs)+len(projectNotes), 0
	b := fresh.NewBatch()
	flush := func(final bool) error {
		if final {
			b.SetInternal(keySchema, []byte(Schema))
			b.SetInternal(keySeq, []byte(strconv.FormatUint(seq, 10)))
			b.SetInternal(keySeqAt, []byte(at))
		}
		ix.yieldToSearches(ctx) // the old index answers them meanwhile
		if err := freshWatch.bounded(func() error { return freshWatch.persist(fresh, b) }); err != nil {
			return err
		}
		b.Reset()
		if progress != nil {
			progress(done, total)
		}
		return ctx.Err()
	}
	for _, d := range docs {
		ver, err := s.Version(d.ID, 0)
		if errors.Is(err, store.ErrNotFound) {
			continue // deleted since Documents: the next CatchUp sees the journal entry
		} else if err != nil {
			return err
		}
		memo, hasMemo := memos[d.ID]
		if err := b.Index(docKey(d.ID), docRecord(d, ver.Text, annsByDoc[d.ID], memo, hasMemo, v)); err != nil {
			return err
		}
		if done++; b.Size() >= batchSize {
			if err := flush(false); err != nil {
				return err
			}
		}
	}
	for _, n := range projectNotes {
		if err := b.Index(noteKey(n.ID), noteRecord(n)); err != nil {
			return err
		}
		done++
	}
	if err := flush(true); err != nil {
		return err
	}
	// One compact segment: smaller on disk, faster to search, and no merging left for the background.
	if adv, err := fresh.Advanced(); err == nil {
		if sc, ok := adv.(*scorch.Scorch); ok {
			err := guard(func() error { return sc.ForceMerge(ctx, &mergeplan.SingleSegmentMergePlanOptions) })
			if ctx.Err() != nil {
				return ctx.Err()
			} else if errors.Is(err, ErrDamaged) {
				return err
			}
		}
	}
	// Scorch keeps the snapshot from before the merge, and its segments, until a later write: a copy of
	// the merged snapshot alone is half the size on disk from the start.
	compact := ix.dir + ".compact"
	if err := os.RemoveAll(compact); err != nil {
		return err
	}
	defer os.RemoveAll(compact)
	copyable, ok := fresh.(bleve.IndexCopyable)
	if !ok {
		return fmt.Errorf("search index %s: cannot be copied", tmp)
	}
	if err := guard(func() error { return copyable.CopyTo(bleve.FileSystemDirectory(compact)) }); err != nil {
		return fmt.Errorf("search index %s: %w", compact, err)
	}
	for _, dir := range []string{compact, filepath.Join(compact, "store")} { // private, like the library
		if err := os.Chmod(dir, 0o700); err != nil {
			return err
		}
	}
	err = guard(fresh.Close)
	fresh = nil
	if err != nil {
		return err
	}
	if err := os.RemoveAll(tmp); err != nil {
		return err
	}
	tmp = compact

	return ix.write(func() error {
		if ix.idx != nil {
			// A damaged index may fail to close: it is replaced all the same.
			if err := ix.watch.close(ix.idx); err != nil && !errors.Is(err, ErrDamaged) {
				return err
			}
			ix.idx = nil
		}
		if err := os.RemoveAll(ix.dir); err != nil {
			return err
		}
		if err := os.Rename(tmp, ix.dir); err != nil {
			return err
		}
		idx, watch, err := openLive(ix.dir, false, nil, &ix.searches)
		if err != nil {
			return fmt.Errorf("search index %s: %w", ix.dir, err)
		}
		ix.idx, ix.watch, ix.reopened = idx, watch, ""
		ix.gen++
		return nil
	})
}

// CatchUp applies the journal entries the index has not seen, or rebuilds when Status says so.
// progress gets journal entries applied so far.
func (ix *Index) CatchUp(ctx context.Context, s *store.Store, progress func(done, total int)) error {
	return ix.catchUp(ctx, s, progress, true)
}

// A search competes for the CPU with the batch being indexed (bleve analyses it on four workers and
// builds its segment), and a catch-up starts no batch while a search is at work (yieldToSearches): so a
// search waits behind one batch at most. While the person searches (a search in the last
// searchingLately), a catch-up applies catchUpChunk entries a batch, a shorter wait than batchSize's
// (500 entries, ~250 ms of indexing here); otherwise batchSize, as small batches cost an import's
// indexing two to three times as long (more segments to build, persist and merge).
const (
	catchUpChunk    = 64
	searchingLately = 2 * time.Second
)

// chunkSize is how many journal entries the next batch of a catch-up applies.
func (ix *Index) chunkSize() int {
	if ix.searches.active() > 0 {
		return catchUpChunk
	}
	if t := ix.lastSearch.Load(); t != 0 && time.Since(time.Unix(0, t)) < searchingLately {
		return catchUpChunk
	}
	return batchSize
}

// catchUp is CatchUp; durable false returns once the changes are searchable, not waiting for them to
// reach the disk (a search applying the few edits made since the last one: the journal stays the
// source of truth, and an index that lost them in a crash is merely behind, as after any crash).
func (ix *Index) catchUp(ctx context.Context, s *store.Store, progress func(done, total int), durable bool) error {
	ix.updating.Lock()
	defer ix.updating.Unlock()
	st, err := ix.Status(s)
	if err != nil {
		return err
	}
	if st.Rebuild {
		return ix.rebuild(ctx, s, progress)
	}
	m, err := ix.mark()
	if err != nil {
		return err
	}
	entries, err := s.JournalSince(m.seq)
	if err != nil {
		return err
	}
	for first := 0; first < len(entries); {
		chunk := entries[first:min(first+ix.chunkSize(), len(entries))]
		first += len(chunk)
		if durable {
			ix.yieldToSearches(ctx)
		}
		if err := ix.apply(s, chunk, durable); err != nil {
			return err
		}
		if progress != nil {
			progress(first, len(entries))
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// apply re-reads every record the entries touched and writes the index records built from them, with
// the new seq, as one batch. Re-reading current state makes replaying an entry twice harmless.
func (ix *Index) apply(s *store.Store, entries []store.JournalEntry, durable bool) error {
	docs, notes, tags, err := touched(s, entries)
	if err != nil {
		return err
	}
	return ix.read(func(idx bleve.Index) error {
		gen := ix.gen
		return applyTo(idx, ix.watch, s, entries, docs, notes, tags, func(key string) { ix.langs.add(gen, key) }, durable)
	})
}

// touched is the documents, notes and tags whose index records the entries change.
func touched(s *store.Store, entries []store.JournalEntry) (docs, notes, tags map[string]bool, err error) {
	docs, notes, tags = map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, e := range entries {
		for _, c := range e.Changed {
			switch c.Bucket {
			case "docs":
				docs[c.Key] = true
			case "versions", "ann_by_doc": // keys are <doc id>/...
				if id, _, ok := strings.Cut(c.Key, "/"); ok {
					docs[id] = true
				}
			case "annotations": // a deleted one also changed ann_by_doc
				if a, err := s.Annotation(c.Key); err == nil {
					docs[a.DocID] = true
				} else if !errors.Is(err, store.ErrNotFound) {
					return nil, nil, nil, err
				}
			case "notes":
				notes[c.Key] = true
			case "tags":
				tags[c.Key] = true
			}
		}
	}
	return docs, notes, tags, nil
}

// applyTo writes the batch; indexed gets the analysis key of every record written, before it is. durable
// waits for the batch to be persisted, else only for it to be searchable.
func applyTo(idx bleve.Index, watch *faultWatch, s *store.Store, entries []store.JournalEntry, docs, notes, tags map[string]bool, indexed func(key string), durable bool) error {
	b := idx.NewBatch()
	if len(notes) > 0 {
		all, err := s.Notes()
		if err != nil {
			return err
		}
		byID := map[string]store.Note{}
		for _, n := range all {
			byID[n.ID] = n
		}
		for id := range notes {
			n, ok := byID[id]
			switch {
			case ok && n.DocID == "":
				indexed("")
				if err := b.Index(noteKey(id), noteRecord(n)); err != nil {
					return err
				}
			case ok:
				b.Delete(noteKey(id))
				docs[n.DocID] = true
			default: // deleted: the document whose memo it was needs its notes field redone
				b.Delete(noteKey(id))
				owners, err := docsWith(idx, "noteids", id)
				if err != nil {
					return err
				}
				for _, d := range owners {
					docs[d] = true
				}
			}
		}
	}
	for id := range tags { // a renamed tag changes the notes field of every document using it
		users, err := docsWith(idx, "tags", id)
		if err != nil {
			return err
		}
		for _, d := range users {
			docs[d] = true
		}
	}
	if len(docs) > 0 {
		v, err := loadView(s)
		if err != nil {
			return err
		}
		for id := range docs {
			rec, found, err := loadDocRecord(s, id, v)
			if err != nil {
				return err
			}
			if found {
				indexed(rec["_type"].(string))
				err = b.Index(docKey(id), rec)
			} else {
				b.Delete(docKey(id))
			}
			if err != nil {
				return err
			}
		}
	}
	last := entries[len(entries)-1]
	b.SetInternal(keySeq, []byte(strconv.FormatUint(last.Seq, 10)))
	b.SetInternal(keySeqAt, []byte(last.At.UTC().Format("2006-01-02T15:04:05.000000000Z")))
	if !durable {
		return idx.Batch(b) // unsafe_batch (async.go): returns once introduced
	}
	return watch.persist(idx, b)
}

// docsWith lists the documents whose keyword field holds term.
func docsWith(idx bleve.Index, field, term string) ([]string, error) {
	n, err := idx.DocCount()
	if err != nil {
		return nil, err
	}
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	res, err := idx.Search(bleve.NewSearchRequestOptions(q, int(n)+1, 0, false))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, h := range res.Hits {
		if id, ok := strings.CutPrefix(h.ID, "d:"); ok {
			out = append(out, id)
		}
	}
	return out, nil
}

func docKey(id string) string  { return "d:" + id }
func noteKey(id string) string { return "n:" + id }

// view is library-wide data records need.
type view struct{ tagNames map[string]string }

func loadView(s *store.Store) (view, error) {
	tags, err := s.Tags()
	if err != nil {
		return view{}, err
	}
	v := view{tagNames: map[string]string{}}
	for _, t := range tags {
		v.tagNames[t.ID] = t.Name
	}
	return v, nil
}

func loadDocRecord(s *store.Store, id string, v view) (map[string]any, bool, error) {
	d, err := s.Document(id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, err
	}
	ver, err := s.Version(id, 0)
	if err != nil {
		return nil, false, err
	}
	anns, err := s.Annotations(store.AnnotationFilter{DocID: id})
	if err != nil {
		return nil, false, err
	}
	memo, hasMemo, err := s.DocumentNote(id)
	if err != nil {
		return nil, false, err
	}
	return docRecord(d, ver.Text, anns, memo, hasMemo, v), true, nil
}

func docRecord(d store.Document, text string, anns []store.Annotation, memo store.Note, hasMemo bool, v view) map[string]any {
	var notes []string
	noteIDs := []string{}
	if hasMemo {
		notes = append(notes, memo.Title, memo.Body)
		noteIDs = append(noteIDs, memo.ID)
	}
	tagIDs := []string{}
	seen := map[string]bool{}
	for _, a := range anns {
		if a.Note != "" {
			notes = append(notes, a.Note)
		}
		for _, t := range a.Tags {
			if !seen[t] {
				seen[t] = true
				tagIDs = append(tagIDs, t)
				notes = append(notes, v.tagNames[t])
			}
		}
	}
	key := analysisKey(documentLanguage(d, text))
	rec := map[string]any{
		"_type":     key,
		"lang":      langValue(key),
		"kind":      "doc",
		"title":     d.Title,
		"body":      text,
		"notes":     strings.Join(notes, "\n\n"),
		"source":    strings.ToLower(d.Source),
		"tags":      tagIDs,
		"noteids":   noteIDs,
		"annotated": yesNo(len(anns) > 0),
	}
	if d.Date != "" {
		rec["date"] = d.Date
	}
	return rec
}

// documentLanguage is the language a document is analysed in: its metadata's, or else detected from
// its body (libraries imported before languages were recorded).
func documentLanguage(d store.Document, text string) string {
	if d.Meta.Language != "" {
		return d.Meta.Language
	}
	if b, ok := byteOf(text, d.BodyStart); ok {
		text = text[b:]
	}
	return DetectLanguage(text)
}

func noteRecord(n store.Note) map[string]any {
	return map[string]any{"_type": "", "lang": langValue(""), "kind": "note", "title": n.Title, "notes": n.Body}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
