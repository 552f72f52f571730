package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"gloss/store"
)

// DefaultMaxBytes is the largest file ImportPaths reads unless told otherwise: no news article comes
// near it, and it keeps a stray disk image or video from being read into memory.
const DefaultMaxBytes int64 = 50 << 20

// ErrNotSupportedYet refuses options that are planned but not built.
var ErrNotSupportedYet = errors.New("not supported yet")

// ImportOptions tunes ImportPaths; the zero value is the default.
type ImportOptions struct {
	MaxBytes int64 // files larger than this are skipped; 0 = DefaultMaxBytes
	// MaxUnpackedBytes bounds what a .qdpx's members unpack to, all together; 0 = DefaultMaxUnpackedBytes.
	MaxUnpackedBytes int64
	NewVersionOf     string // document id to add the file to as a new version (not supported yet)
	// OfferNewVersions: a named file that was imported before from the same path, with other content, is
	// not imported as a new document but reported as StatusNewVersion, so the person can choose.
	OfferNewVersions bool
	// Password opens password-protected PDFs among the files ("" = none).
	Password string
	// Engines read the files (the caller's, kept from one import to the next); nil = made for this
	// import (a PDF then loads PDFium again).
	Engines *Engines
}

// Progress is reported after each file: Done of Total files handled, File the one just done.
type Progress struct {
	Done  int    `json:"done"`
	Total int    `json:"total"`
	File  string `json:"file"`
}

// Status says what happened to one file.
type Status string

const (
	StatusImported  Status = "imported"
	StatusDuplicate Status = "duplicate" // already in the library: nothing added
	StatusSkipped   Status = "skipped"   // empty, binary, too large, not an article format: by design
	StatusFailed    Status = "failed"    // the person has to do something: unreadable, wrong encoding, broken
	StatusCancelled Status = "cancelled"
	// StatusSummary is the one item an annotation file (REFI-QDA) always gets: Counts says what came in.
	StatusSummary Status = "summary"
	// StatusNewVersion: the file is a changed copy of a document imported from the same path (DocID).
	StatusNewVersion Status = "new-version"
)

// ReportItem is the outcome for one file (or, for an annotation file, one document or annotation in it).
type ReportItem struct {
	File   string `json:"file"`
	Status Status `json:"status"`
	Reason string `json:"reason,omitempty"`
	DocID  string `json:"id,omitempty"`
	Title  string `json:"title,omitempty"`
	// Counts: on the one summary item of an annotation file, what came in and what was skipped.
	Counts *ImportCounts `json:"counts,omitempty"`
}

// Report lists every outcome, in the order the files were handled.
type Report struct {
	Items []ReportItem `json:"items"`
	// Counts of what annotation files (W3C JSON-LD, REFI-QDA) added and what was already there.
	TagsCreated          int `json:"tagsCreated,omitempty"`
	AnnotationsCreated   int `json:"annotationsCreated,omitempty"`
	AnnotationsUnchanged int `json:"annotationsUnchanged,omitempty"`
	// AnnotationsNewIDs: annotations whose id was taken here by a different one, added under a new id.
	AnnotationsNewIDs int `json:"annotationsNewIds,omitempty"`
	NotesCreated      int `json:"notesCreated,omitempty"` // memos and project notes an annotation file added
	NotesUnchanged    int `json:"notesUnchanged,omitempty"`
}

// Count counts the items with a status.
func (r Report) Count(status Status) int {
	n := 0
	for _, it := range r.Items {
		if it.Status == status {
			n++
		}
	}
	return n
}

func (r *Report) add(other Report) {
	r.Items = append(r.Items, other.Items...)
	r.TagsCreated += other.TagsCreated
	r.AnnotationsCreated += other.AnnotationsCreated
	r.AnnotationsUnchanged += other.AnnotationsUnchanged
	r.AnnotationsNewIDs += other.AnnotationsNewIDs
	r.NotesCreated += other.NotesCreated
}

// candidate is a file to import; named files were given by the person, the others found in a folder.
type candidate struct {
	path  string
	named bool
}

// ImportPaths imports files and, recursively, folders (hidden files and folders are passed over; links
// to folders are not followed). Each document is its own transaction, so a failure or a cancel loses
// nothing already imported. progress, if not nil, is called after every file. The error is ctx's when
// the import was cancelled (the files not reached are reported "cancelled"), or a refused option;
// problems with single files are in the report.
func ImportPaths(ctx context.Context, s *store.Store, paths []string, opt ImportOptions, progress func(Progress)) (Report, error) {
	var report Report
	if opt.NewVersionOf != "" {
		return report, fmt.Errorf("importing as a new version of document %s: %w", opt.NewVersionOf, ErrNotSupportedYet)
	}
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = DefaultMaxBytes
	}
	files := collect(paths, &report)
	ahead := startReadAhead(files, opt)
	defer ahead.stop()
	var sources map[string]string // source path → document id, read once when needed
	for i, c := range files {
		if ctx.Err() != nil {
			for _, rest := range files[i:] {
				report.Items = append(report.Items, ReportItem{File: rest.path, Status: StatusCancelled, Reason: "import cancelled"})
			}
			return report, ctx.Err()
		}
		file := ahead.next()
		if opt.OfferNewVersions && c.named {
			if sources == nil {
				var err error
				if sources, err = s.SourcePaths(); err != nil {
					return report, err
				}
			}
			if item, ok := offerNewVersion(s, c.path, sources); ok {
				report.Items = append(report.Items, item)
				if progress != nil {
					progress(Progress{Done: i + 1, Total: len(files), File: c.path})
				}
				continue
			}
		}
		report.add(file.write(ctx, s))
		if progress != nil {
			progress(Progress{Done: i + 1, Total: len(files), File: c.path})
		}
	}
	return report, nil
}

// Reading and parsing a file (HTML extraction above all) needs nothing from the library, so it is done
// ahead, by readAheadWorkers goroutines, while the files before it are written; writes stay one
// durable transaction per document, in file order. At most readAheadFiles files are read but not yet
// written, and a file over readAheadMaxBytes is read only at its turn, so memory stays bounded.
const (
	readAheadWorkers  = 2
	readAheadFiles    = 8
	readAheadMaxBytes = 4 << 20
)

// readAhead hands out prepared files in the order of files.
type readAhead struct {
	results []chan preparedFile
	at      int
	window  chan struct{} // a token per file read or being read but not yet handed out
	quit    chan struct{}
	wg      sync.WaitGroup
}

func startReadAhead(files []candidate, opt ImportOptions) *readAhead {
	r := &readAhead{results: make([]chan preparedFile, len(files)), window: make(chan struct{}, readAheadFiles), quit: make(chan struct{})}
	for i := range r.results {
		r.results[i] = make(chan preparedFile, 1)
	}
	jobs := make(chan int)
	r.wg.Go(func() { // hands out files in order, never more than the window ahead
		defer close(jobs)
		for i := range files {
			select {
			case r.window <- struct{}{}:
			case <-r.quit:
				return
			}
			select {
			case jobs <- i:
			case <-r.quit:
				return
			}
		}
	})
	for range min(readAheadWorkers, len(files)) {
		r.wg.Go(func() {
			for i := range jobs {
				r.results[i] <- readCandidate(files[i], opt, readAheadMaxBytes)
			}
		})
	}
	return r
}

// next waits for the next file in order.
func (r *readAhead) next() preparedFile {
	f := <-r.results[r.at]
	r.results[r.at] = nil
	r.at++
	<-r.window
	return f
}

// stop ends the reading (a cancel leaves files unread) and waits for the readers.
func (r *readAhead) stop() {
	close(r.quit)
	r.wg.Wait()
}

// preparedFile is a file read, and when it is an article parsed, before its write.
type preparedFile struct {
	c       candidate
	opt     ImportOptions
	done    *Report // the outcome when there is nothing to write (unreadable, too large, …)
	later   bool    // too large to read ahead: read at its turn
	abs     string
	data    []byte            // an annotation file: parsed and applied at its turn
	article bool              // an article: doc and err are ReadBytes's result
	doc     store.NewDocument //
	err     error
}

// importPath reads one file within the size limit and imports it.
func importPath(ctx context.Context, s *store.Store, c candidate, opt ImportOptions) Report {
	return readCandidate(c, opt, -1).write(ctx, s)
}

// readCandidate reads (and parses, for an article) one file within the size limit; a file larger than
// ahead bytes (ahead ≥ 0) is left for write to read.
func readCandidate(c candidate, opt ImportOptions, ahead int64) preparedFile {
	pf := preparedFile{c: c, opt: opt}
	fail := func(status Status, reason string) preparedFile {
		pf.done = &Report{Items: []ReportItem{{File: c.path, Status: status, Reason: reason}}}
		return pf
	}
	f, err := os.Open(c.path)
	if err != nil {
		return fail(StatusFailed, unreadable(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fail(StatusFailed, unreadable(err))
	}
	if !info.Mode().IsRegular() {
		return fail(StatusSkipped, "not a regular file")
	}
	if info.Size() > opt.MaxBytes {
		return fail(StatusSkipped, tooLarge(info.Size(), opt.MaxBytes))
	}
	if ahead >= 0 && info.Size() > ahead {
		pf.later = true
		return pf
	}
	// The file may grow between Stat and reading: read one byte past the limit to notice.
	data, err := readSized(f, info.Size(), opt.MaxBytes)
	if err != nil {
		return fail(StatusFailed, unreadable(err))
	}
	if int64(len(data)) > opt.MaxBytes {
		return fail(StatusSkipped, tooLarge(int64(len(data)), opt.MaxBytes))
	}
	pf.abs, _ = filepath.Abs(c.path)
	if name := filepath.Base(c.path); isAnnotationFile(name) {
		pf.data = data
	} else {
		pf.article = true
		pf.doc, pf.err = readBytes(name, data, opt.Password, opt.Engines)
		if pf.err == nil && (pf.doc.Provenance.Original != nil || isDOCX(name)) {
			pf.data = data // kept in the archive (PDF) or read for its comments (Word) at its write
		}
	}
	return pf
}

// write adds what was read to the library (one transaction per document) and reports it.
func (pf preparedFile) write(ctx context.Context, s *store.Store) Report {
	switch {
	case pf.later:
		return importPath(ctx, s, pf.c, pf.opt)
	case pf.done != nil:
		return *pf.done
	}
	name := filepath.Base(pf.c.path)
	var report Report
	if pf.article {
		report = addArticle(s, name, pf.abs, pf.doc, pf.err, pf.c.named, pf.data)
	} else {
		report = importData(ctx, s, pf.c.path, pf.abs, pf.data, pf.c.named, Limits{MaxBytes: pf.opt.MaxBytes, MaxUnpackedBytes: pf.opt.MaxUnpackedBytes, Engines: pf.opt.Engines})
	}
	for i := range report.Items {
		if report.Items[i].File == name {
			report.Items[i].File = pf.c.path
		}
	}
	return report
}

// collect expands folders into the files to import; paths that cannot be walked go into the report.
func collect(paths []string, report *Report) []candidate {
	var files []candidate
	seen := map[string]bool{}
	addFile := func(path string, named bool) {
		if key, err := filepath.Abs(path); err == nil && !seen[key] {
			seen[key] = true
			files = append(files, candidate{path, named})
		}
	}
	problem := func(path string, status Status, reason string) {
		report.Items = append(report.Items, ReportItem{File: path, Status: status, Reason: reason})
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			problem(root, StatusFailed, unreadable(err))
			continue
		}
		if !info.IsDir() {
			addFile(root, true)
			continue
		}
		_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				problem(path, StatusFailed, unreadable(err))
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if path != root && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			switch {
			case d.IsDir():
			case d.Type()&fs.ModeSymlink != 0:
				target, err := os.Stat(path)
				switch {
				case err != nil:
					problem(path, StatusFailed, unreadable(err))
				case target.IsDir():
					problem(path, StatusSkipped, "link to a folder, not followed")
				case target.Mode().IsRegular():
					addFile(path, false)
				default:
					problem(path, StatusSkipped, "not a regular file")
				}
			case d.Type().IsRegular():
				addFile(path, false)
			default:
				problem(path, StatusSkipped, "not a regular file")
			}
			return nil
		})
	}
	return files
}

func unreadable(err error) string {
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		err = pathErr.Err // the path is already in the report item
	}
	return "unreadable: " + err.Error()
}

func tooLarge(size, limit int64) string {
	have, most := byteSize(size), byteSize(limit)
	if have == most { // just over: rounding would hide the difference
		have, most = fmt.Sprintf("%d bytes", size), fmt.Sprintf("%d bytes", limit)
	}
	return fmt.Sprintf("%v (%s; the limit is %s)", ErrTooLarge, have, most)
}

// byteSize writes a size for people: exact bytes when small.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// ImportBytes imports content the window received by drag and drop; name gives the format.
func ImportBytes(s *store.Store, name string, data []byte) (Report, error) {
	return ImportBytesWith(s, name, data, nil)
}

// ImportBytesWith is ImportBytes read with the caller's engines (nil: made for this call).
func ImportBytesWith(s *store.Store, name string, data []byte, eng *Engines) (Report, error) {
	if int64(len(data)) > DefaultMaxBytes {
		return Report{Items: []ReportItem{{File: name, Status: StatusSkipped, Reason: tooLarge(int64(len(data)), DefaultMaxBytes)}}}, nil
	}
	if !isAnnotationFile(name) {
		return importDocument(s, filepath.Base(name), "", data, true, eng), nil
	}
	return importData(context.Background(), s, name, "", data, true, Limits{Engines: eng}), nil
}

// importData dispatches by extension: annotation files go through a Bundle, articles become documents.
// sourcePath is the file's absolute path, "" for dropped content.
func importData(ctx context.Context, s *store.Store, path, sourcePath string, data []byte, named bool, limits Limits) Report {
	name := filepath.Base(path)
	item := ReportItem{File: name}
	result := func(status Status, reason string) Report {
		item.Status, item.Reason = status, reason
		return Report{Items: []ReportItem{item}}
	}
	if !isAnnotationFile(name) {
		return importDocument(s, name, sourcePath, data, named, limits.Engines)
	}
	var bundle Bundle
	var err error
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jsonld", ".json":
		bundle, err = readAnnotationJSONStream(data) // W3C JSON-LD (streamed) or a Hypothesis export
	case ".csv":
		bundle, err = readReadwiseStream(data)
	case ".qdpx":
		bundle, err = readQDPX(bytes.NewReader(data), int64(len(data)), limits)
	case ".qdc":
		bundle, err = readQDC(bytes.NewReader(data))
	}
	if errors.Is(err, ErrNotReadwise) && !named {
		return result(StatusSkipped, err.Error()) // some other spreadsheet found in a folder
	}
	if err != nil {
		return result(StatusFailed, err.Error())
	}
	report, err := applyBundle(ctx, s, name, bundle)
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		report.Items = append(report.Items, ReportItem{File: name, Status: StatusCancelled, Reason: "import cancelled"})
	case err != nil:
		report.Items = append(report.Items, ReportItem{File: name, Status: StatusFailed, Reason: err.Error()})
	case report.Count(StatusSkipped)+report.Count(StatusSummary) > 0 && report.Count(StatusImported)+report.Count(StatusDuplicate) == 0 &&
		report.TagsCreated+report.AnnotationsCreated+report.AnnotationsUnchanged+report.NotesCreated+report.NotesUnchanged == 0:
		// Everything in it was skipped, or it held nothing (ATLAS.ti writes a blank project so): the person
		// must hear that nothing came in, not just see warnings or a summary of zeros.
		reason := "nothing in it could be imported (see the skipped parts)"
		if report.Count(StatusSkipped) == 0 {
			reason = "it holds nothing to import: no documents, codes, codings or notes"
		}
		report.Items = append(report.Items, ReportItem{File: name, Status: StatusFailed, Reason: reason})
	}
	return report
}

// isAnnotationFile tells annotation files (W3C JSON-LD, Hypothesis, REFI-QDA, Readwise CSV) from
// articles by their extension.
func isAnnotationFile(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jsonld", ".json", ".qdpx", ".qdc", ".csv":
		return true
	}
	return false
}

func importDocument(s *store.Store, name, sourcePath string, data []byte, named bool, eng *Engines) Report {
	nd, err := readBytes(name, data, "", eng)
	return addArticle(s, name, sourcePath, nd, err, named, data)
}

// addArticle adds an article ReadBytes read (err is its error) as a new document; original is the file's
// bytes, kept in the archive when the document records an original (PDF).
func addArticle(s *store.Store, name, sourcePath string, nd store.NewDocument, err error, named bool, original []byte) Report {
	item := ReportItem{File: name}
	if err != nil {
		item.Status, item.Reason = classify(err, named), strings.TrimPrefix(err.Error(), name+": ")
		return Report{Items: []ReportItem{item}}
	}
	nd.SourcePath = sourcePath
	if o := nd.Provenance.Original; o != nil {
		if item, done := sameOriginal(s, name, nd, o); done {
			return Report{Items: []ReportItem{item}}
		}
		if err := keepOriginal(s, o, original); err != nil {
			item.Status, item.Reason = StatusFailed, err.Error()
			return Report{Items: []ReportItem{item}}
		}
	}
	collectAfterLargeRead(len(nd.Text) + len(nd.Raw))
	doc, dup, err := addDocument(s, nd)
	switch {
	case err != nil:
		item.Status, item.Reason = StatusFailed, err.Error()
	case dup:
		item.Status, item.DocID, item.Title, item.Reason = StatusDuplicate, doc.ID, doc.Title, "already in the library"
	default:
		item.Status, item.DocID, item.Title = StatusImported, doc.ID, doc.Title
		item.Reason = unreadableWarning(nd) // a PDF with pages that gave no text ("" for the rest)
		if isDOCX(name) {
			if comments := DOCXComments(original); comments != "" {
				// The Word file's comments, with their authors, become the document's memo (a second
				// transaction: should it fail, the document is in and the report says what is missing).
				if _, err := s.SaveNote(store.Note{DocID: doc.ID, Title: "Comments in " + name, Body: comments}); err != nil {
					item.Reason = "its comments were not kept: " + err.Error()
				}
			}
		}
	}
	return Report{Items: []ReportItem{item}}
}

func isDOCX(name string) bool {
	ext := filepath.Ext(name)
	return strings.EqualFold(ext, ".docx") || strings.EqualFold(ext, ".odt")
}

// classify: files that are not articles by nature are skipped; the rest need the person's attention.
// An unsupported file found in a folder is skipped; one the person named is a failure.
func classify(err error, named bool) Status {
	switch {
	case errors.Is(err, ErrEmpty), errors.Is(err, ErrBinary), errors.Is(err, ErrTooLarge):
		return StatusSkipped
	case errors.Is(err, ErrUnsupported) && !named:
		return StatusSkipped
	}
	return StatusFailed
}

// largeRead is the size of a document from which its reading's garbage is collected before it is written.
const largeRead = 4 << 20

// collectAfterLargeRead runs the collector once a large document has been read: its parse (goldmark's
// tree, the HTML tree, a zip's members) is garbage by then, and the store's write of the version needs
// about as much again. Left to the pacer, the write's allocations land on top of the parse's garbage and
// the heap peaks at the sum; one collection of what is live (a few times the file) costs milliseconds
// against the seconds such a file takes, and makes the peak the larger of the two.
func collectAfterLargeRead(size int) {
	if size >= largeRead {
		runtime.GC()
	}
}

// addDocument stores a document unless one with the same sha256 exists, which comes back with dup set.
func addDocument(s *store.Store, nd store.NewDocument) (doc store.Document, dup bool, err error) {
	if existing, ok, err := s.DocumentBySHA(nd.SHA256); err != nil {
		return store.Document{}, false, err
	} else if ok {
		return existing, true, nil
	}
	doc, err = s.AddDocument(nd)
	if errors.Is(err, store.ErrDuplicate) {
		existing, _, lookupErr := s.DocumentBySHA(nd.SHA256)
		return existing, true, lookupErr
	}
	return doc, false, err
}

// ImportFile reads one file and adds it to the library in one transaction. An exact duplicate (same
// sha256 as a stored document) is not added again: the stored document comes back with dup set.
func ImportFile(s *store.Store, path string) (doc store.Document, dup bool, err error) {
	nd, err := ReadFile(path)
	if err != nil {
		return store.Document{}, false, err
	}
	doc, dup, err = addDocument(s, nd)
	if err != nil {
		return store.Document{}, false, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return doc, dup, nil
}

// offerNewVersion reports a file imported before from the same path whose content changed since.
func offerNewVersion(s *store.Store, path string, sources map[string]string) (ReportItem, bool) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return ReportItem{}, false
	}
	id, ok := sources[abs]
	if !ok {
		return ReportItem{}, false
	}
	doc, err := s.Document(id)
	if err != nil {
		return ReportItem{}, false
	}
	data, err := os.ReadFile(abs)
	if err != nil || fmt.Sprintf("%x", sha256.Sum256(data)) == doc.SHA256 {
		return ReportItem{}, false // unreadable or unchanged: the normal path reports it
	}
	return ReportItem{File: path, Status: StatusNewVersion, DocID: id, Title: doc.Title,
		Reason: fmt.Sprintf("changed since it was imported as “%s” (version %d)", doc.Title, doc.Version)}, true
}
