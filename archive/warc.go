// Package archive owns the library's archive folder (store.Layout.Archive, "<db>.archive/"): writing the
// WARC files of web captures, reading their records back and checking them, listing, backing up and
// restoring them. Capture (ingest/capture) writes and reads it, the WARC and WACZ exports (export) copy
// its records; neither reaches into the other. It sits under ingest, export and teams in the flow.
package archive

// The archive: every fetch is kept as a small WARC/1.1 file (ISO 28500) of gzip-per-record records under
// <library>.archive/warc/: a warcinfo record, then for each hop a request and a response record (or, when
// nothing changed since the version's capture, a revisit record). Files are written once, through a
// temporary file that is synced and renamed (store.WriteFileAtomic), and never changed after.
//
// Library: github.com/nlnwa/gowarc/v3 v3.1.0. Tried beside github.com/CorentinB/warc v0.8.33 on the 181
// benchmark pages (write + read back, gzip per record): gowarc 1.31 s per round with sha256 block and
// payload digests computed and verified on read (strict validation), CorentinB 0.82 s but only sha1
// digests (sha256 had to be computed by hand), no digest check on read, headers in a map (field order
// lost), package-level mutable state (a global rate counter and file mutex, set in init) and a crawler's
// dependencies (utls, socks5, satori/uuid); its reader gave back 1 of the 181 records of our stream.

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/klauspost/compress/gzip" // 2-3 × faster than compress/gzip at BestSpeed; gowarc brings it already
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	gowarc "github.com/nlnwa/gowarc/v3"

	"gloss/store"
	"gloss/version"
)

// warcDir is the folder of the WARC files inside the archive.
const warcDir = "warc"

// Revisit profiles (WARC 1.1, section 6.7).
const (
	profileIdentical   = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
	profileNotModified = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
)

// Archive is a library's archive folder (store.Layout.Archive).
type Archive struct{ Dir string }

// Of is the archive of the library whose database is db.
func Of(db string) Archive { return Archive{Dir: store.LayoutOf(db).Archive()} }

// Hop is one HTTP exchange of a fetch, as fetched (ingest/capture) and as archived: a redirect or the
// final response.
type Hop struct {
	URL     string
	Request []byte // the request head as sent (HTTP/1.1 form)
	Status  int
	Head    []byte      // the response status line and headers as received, Transfer-Encoding dropped
	Header  http.Header // the response headers
	Body    []byte      // the body as received (transfer decoding undone, content encoding kept)
	// BodySHA256 is Body's sha256 (hex) when the fetcher worked it out as it read the body; "" has it
	// worked out here. It is the record's WARC-Payload-Digest.
	BodySHA256 string
	IP         string    // the server's address, when known
	Date       time.Time // UTC, when the response began
}

// Written says where a fetch went in the archive.
type Written struct {
	File       string // relative to the archive, slash-separated
	ResponseID string // the final response (or revisit) record's WARC-Record-ID, <urn:uuid:…>
}

// Revisit tells Write that the final response repeats an earlier capture: its body is not stored again.
type Revisit struct {
	Of          *store.Capture
	NotModified bool // a 304 answer; else the payload digest is identical
}

func recordID() string { return "<urn:uuid:" + newUUID().String() + ">" }

// newUUID is a random uuid drawn without google/uuid's pool flag, which gowarc writes (see gowarcMu).
func newUUID() uuid.UUID { return uuid.Must(uuid.NewRandomFromReader(rand.Reader)) }

func sha256Digest(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// payloadDigest is a hop's WARC-Payload-Digest: the sha256 of its body.
func payloadDigest(hop Hop) string {
	if len(hop.BodySHA256) == 2*sha256.Size {
		return "sha256:" + hop.BodySHA256
	}
	return sha256Digest(hop.Body)
}

// Writer writes a library's archive files as Archive.Write does, keeping its gzip compressors for the
// records that follow: a new compressor is about 800 KB of tables, and made for every record (three a
// page) they were nine tenths of what archiving a page allocated and a fifth of its CPU (BENCHMARKS.md,
// "Web capture"). A compressor reset is the same as a new
// one (klauspost/compress documents it; TestWriterReusesCompressors holds the bytes to it). Safe for
// concurrent use; one per importer (capture.Capturer holds one), never package state.
type Writer struct {
	a      Archive
	zips   sync.Pool // *gzip.Writer at gzip.BestSpeed
	stores sync.Pool // *gzip.Writer at gzip.NoCompression, for bodies that are compressed already
}

// NewWriter is a Writer for the archive.
func (a Archive) NewWriter() *Writer { return &Writer{a: a} }

// zip is a compressor writing to w: one of the Writer's, or a new one for a nil Writer. A stored one
// keeps the bytes as they are in its gzip member, for a block that is compressed already.
func (z *Writer) zip(w io.Writer, stored bool) *gzip.Writer {
	if z != nil {
		if gz, ok := z.pool(stored).Get().(*gzip.Writer); ok {
			gz.Reset(w)
			return gz
		}
	}
	level := gzip.BestSpeed // an archive is written on every fetch: speed over the last 20 % of size
	if stored {
		level = gzip.NoCompression
	}
	gz, _ := gzip.NewWriterLevel(w, level)
	return gz
}

func (z *Writer) pool(stored bool) *sync.Pool {
	if stored {
		return &z.stores
	}
	return &z.zips
}

// unzip gives a compressor back for the next record.
func (z *Writer) unzip(gz *gzip.Writer, stored bool) {
	if z != nil {
		gz.Reset(nil)
		z.pool(stored).Put(gz)
	}
}

// packed says whether a response's body came compressed: sent with a Content-Encoding (gzip, br, …)
// or an image format that is compressed in itself. Compressing it again costs the CPU of a plain
// page's body and saves next to nothing, so its record is stored.
func packed(h http.Header) bool {
	if e := strings.TrimSpace(h.Get("Content-Encoding")); e != "" && !strings.EqualFold(e, "identity") {
		return true
	}
	switch strings.ToLower(strings.TrimSpace(strings.Split(h.Get("Content-Type"), ";")[0])) {
	case "image/jpeg", "image/png", "image/gif", "image/webp", "image/avif":
		return true
	}
	return false
}

// Write keeps a fetch's exchanges as one new WARC file: hops, the page's (the last is its final
// response), then images, those of the images fetched with it. With rv, the final response is a revisit
// record (headers only) pointing at the earlier capture's record.
func (a Archive) Write(hops, images []Hop, rv *Revisit) (Written, error) {
	return a.NewWriter().Write(hops, images, rv)
}

// Write is Archive.Write with the Writer's compressors.
func (z *Writer) Write(hops, images []Hop, rv *Revisit) (Written, error) {
	a := z.a
	name, rel := newFileName()
	dir := filepath.Join(a.Dir, warcDir)
	if err := ensureDir(dir); err != nil {
		return Written{}, fmt.Errorf("archive: %w", err)
	}
	w := Written{File: rel}
	err := store.WriteFileAtomic(filepath.Join(dir, name), 0o600, func(out io.Writer) error {
		bw := bufio.NewWriterSize(out, 64<<10)
		info, err := z.writeInfo(bw, name)
		if err != nil {
			return err
		}
		if w.ResponseID, err = z.writeHops(bw, info, hops, images, rv); err != nil {
			return err
		}
		return bw.Flush()
	})
	if err != nil {
		return Written{}, fmt.Errorf("archive: %w", err)
	}
	return w, nil
}

// newFileName is a new archive file's name and its path relative to the archive.
func newFileName() (name, rel string) {
	now := time.Now().UTC()
	var b [4]byte
	_, _ = rand.Read(b[:])
	name = fmt.Sprintf("gloss-%s%09d-%s.warc.gz", now.Format("20060102150405"), now.Nanosecond(), hex.EncodeToString(b[:]))
	return name, warcDir + "/" + name
}

// writeInfo writes a file's warcinfo record and returns its id.
func (z *Writer) writeInfo(w io.Writer, name string) (string, error) {
	info := recordID()
	fields := fmt.Sprintf("software: %s\r\nformat: WARC File Format 1.1\r\nconformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\nrobots: none (fetched on the person's request)\r\n", version.Software())
	return info, z.writeRecord(w, gowarc.Warcinfo, map[string]string{
		gowarc.WarcRecordID: info, gowarc.WarcDate: time.Now().UTC().Format(time.RFC3339), gowarc.WarcFilename: name,
		gowarc.ContentType: "application/warc-fields",
	}, false, []byte(fields))
}

// writeHops writes the request and response records of every exchange of a fetch (the page's, then its
// images') and returns the final page response's record id; with rv that response is a revisit record.
func (z *Writer) writeHops(w io.Writer, info string, page, images []Hop, rv *Revisit) (string, error) {
	final := ""
	hops := append(slices.Clone(page), images...)
	for i, hop := range hops {
		date := hop.Date.Format(time.RFC3339)
		respID, reqID := recordID(), recordID()
		last := i == len(page)-1
		head := map[string]string{gowarc.WarcRecordID: respID, gowarc.WarcDate: date, gowarc.WarcTargetURI: hop.URL,
			gowarc.WarcWarcinfoID: info, gowarc.ContentType: "application/http;msgtype=response"}
		if hop.IP != "" {
			head[gowarc.WarcIPAddress] = hop.IP
		}
		typ, block := gowarc.Response, [][]byte{hop.Head, hop.Body}
		if last && rv != nil && rv.Of != nil {
			typ, block = gowarc.Revisit, [][]byte{hop.Head}
			head[gowarc.WarcRefersTo] = rv.Of.WARCRecordID
			head[gowarc.WarcRefersToTargetURI] = rv.Of.FinalURL
			head[gowarc.WarcRefersToDate] = rv.Of.RetrievedAt.UTC().Format(time.RFC3339)
			if rv.NotModified {
				head[gowarc.WarcProfile] = profileNotModified
			} else {
				head[gowarc.WarcProfile] = profileIdentical
				head[gowarc.WarcPayloadDigest] = payloadDigest(hop)
			}
		} else {
			head[gowarc.WarcPayloadDigest] = payloadDigest(hop)
		}
		if err := z.writeRecord(w, typ, head, typ == gowarc.Response && packed(hop.Header), block...); err != nil {
			return "", err
		}
		if err := z.writeRecord(w, gowarc.Request, map[string]string{gowarc.WarcRecordID: reqID, gowarc.WarcDate: date,
			gowarc.WarcTargetURI: hop.URL, gowarc.WarcWarcinfoID: info, gowarc.WarcConcurrentTo: respID,
			gowarc.ContentType: "application/http;msgtype=request"}, false, hop.Request); err != nil {
			return "", err
		}
		if last {
			final = respID
		}
	}
	return final, nil
}

// Batch collects the fetches of one import or refresh that no version points at (revisits, unchanged
// pages) into a single archive file, synced and renamed into place once, by Close: a thousand 304s are
// one file and one fsync, not a thousand. Safe for concurrent use. A crash before Close loses only these
// records (the temporary file is left for the clean-up), never one a version names.
type Batch struct {
	a    Archive
	z    *Writer
	mu   sync.Mutex
	f    *os.File
	tmp  string
	name string
	rel  string
	bw   *bufio.Writer
	info string
	n    int
	err  error
}

// NewBatch starts a batch; its file is created with the first record.
func (a Archive) NewBatch() *Batch { return a.NewWriter().NewBatch() }

// NewBatch is Archive.NewBatch with the Writer's compressors.
func (z *Writer) NewBatch() *Batch { return &Batch{a: z.a, z: z} }

// Add writes a fetch's records (as Write takes them) to the batch's file and returns where they will be
// once it is closed.
func (b *Batch) Add(hops, images []Hop, rv *Revisit) (Written, error) {
	info, rel, err := b.open()
	if err != nil {
		return Written{}, err
	}
	// The records are built, digested and compressed outside the lock (each is its own gzip member), so
	// the pages of a run are archived side by side; only the copy into the file is one at a time.
	var buf bytes.Buffer
	id, err := b.z.writeHops(&buf, info, hops, images, rv)
	if err != nil {
		return Written{}, fmt.Errorf("archive: %w", err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		return Written{}, b.err
	}
	if _, b.err = b.bw.Write(buf.Bytes()); b.err != nil {
		return Written{}, fmt.Errorf("archive: %w", b.err)
	}
	b.n++
	return Written{File: rel, ResponseID: id}, nil
}

// open creates the batch's file with its warcinfo record on first use; it returns that record's id and
// where the file will be.
func (b *Batch) open() (info, rel string, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		return "", "", b.err
	}
	if b.f == nil {
		b.name, b.rel = newFileName()
		dir := filepath.Join(b.a.Dir, warcDir)
		if b.err = ensureDir(dir); b.err != nil {
			return "", "", fmt.Errorf("archive: %w", b.err)
		}
		if b.f, b.tmp, b.err = store.CreateTempBeside(filepath.Join(dir, b.name), 0o600); b.err != nil {
			return "", "", fmt.Errorf("archive: %w", b.err)
		}
		b.bw = bufio.NewWriterSize(b.f, 64<<10)
		if b.info, b.err = b.z.writeInfo(b.bw, b.name); b.err != nil {
			return "", "", fmt.Errorf("archive: %w", b.err)
		}
	}
	return b.info, b.rel, nil
}

// Close syncs the batch's file and renames it into place (nothing when no fetch was added).
func (b *Batch) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.f == nil {
		return b.err
	}
	err := b.err
	if err == nil {
		err = b.bw.Flush()
	}
	if err == nil {
		err = b.f.Sync()
	}
	if cerr := b.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(b.tmp, filepath.Join(b.a.Dir, filepath.FromSlash(b.rel)))
	}
	if err == nil {
		err = syncDirOf(filepath.Join(b.a.Dir, warcDir))
	}
	if err != nil {
		os.Remove(b.tmp)
		return fmt.Errorf("archive: %w", err)
	}
	b.f = nil
	return nil
}

func syncDirOf(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// ensureDir creates the archive folders (0700, like the library's) and syncs the parents of new ones,
// so a capture file that survives a crash is also reachable.
func ensureDir(dir string) error {
	if info, err := os.Stat(dir); err == nil && info.IsDir() {
		return nil
	}
	parent := filepath.Dir(dir)
	if err := ensureDir(parent); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	d, err := os.Open(parent)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// writeRecord builds one record with gowarc (block digest sha256 added, content length set, the record
// validated) and writes it as its own gzip member, stored as it is if the block is compressed already;
// the block is the parts, one after the other.
func (z *Writer) writeRecord(w io.Writer, typ gowarc.RecordType, head map[string]string, stored bool, block ...[]byte) error {
	// Only the constructor touches google/uuid's flag (Build and Marshal do not, as every record comes
	// with its id): the lock is held for it alone, so the digests and the compression of records of
	// different pages go on side by side.
	gowarcMu.Lock()
	rb := gowarc.NewRecordBuilder(typ, gowarc.WithDefaultDigestAlgorithm("sha256"), gowarc.WithAddMissingDigest(true),
		gowarc.WithAddMissingContentLength(true), gowarc.WithFixContentLength(true), gowarc.WithStrictValidation())
	gowarcMu.Unlock()
	keys := make([]string, 0, len(head))
	for k := range head {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		rb.AddWarcHeader(k, head[k])
	}
	for _, part := range block {
		if _, err := rb.Write(part); err != nil {
			return err
		}
	}
	rec, _, err := rb.Build()
	if err != nil {
		return fmt.Errorf("building the %s record: %w", typ, err)
	}
	defer rec.Close()
	gz := z.zip(w, stored)
	if _, _, err := gowarc.NewMarshaler().Marshal(gz, rec, 0); err != nil {
		return err
	}
	if err := gz.Close(); err != nil {
		return err
	}
	z.unzip(gz, stored)
	return nil
}

// Record is one record read back from the archive.
type Record struct {
	File      string // relative to the archive
	Type      string // response, request, revisit, warcinfo, …
	ID        string
	TargetURI string
	Date      string
	Status    int
	Header    http.Header // the HTTP headers (response, revisit)
	Body      []byte      // the HTTP payload as received (response)
	Raw       []byte      // the whole record, gzip member as stored, for copying into an export
}

// ReadFile reads every record of one archive file (rel, relative to the archive), checking each with the
// WARC library (strict) and each payload against its WARC-Payload-Digest.
func (a Archive) ReadFile(rel string, fn func(Record) error) error { return a.readFile(rel, true, fn) }

// readFile reads the records of one archive file; verify adds our own digest checks to gowarc's.
func (a Archive) readFile(rel string, verify bool, fn func(Record) error) error {
	path, err := a.path(rel)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return readRecords(rel, data, verify, fn)
}

func (a Archive) path(rel string) (string, error) {
	clean := filepath.Clean(filepath.FromSlash(rel))
	if rel == "" || filepath.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("archive file %q is outside the archive", rel)
	}
	return filepath.Join(a.Dir, clean), nil
}

// readRecords parses a WARC file's records (gzip per record, or plain). Raw is the record's bytes as
// stored, found from the reader's offsets.
func readRecords(rel string, data []byte, verify bool, fn func(Record) error) error {
	recs, err := parseRecords(rel, data, verify)
	for _, rec := range recs {
		if err := fn(rec); err != nil {
			return err
		}
	}
	return err
}

// gowarcMu serialises gowarc's constructors (record builders: the constructor alone; readers: the whole
// parse): each sets google/uuid's package-wide pool flag (uuid.EnableRandPool in its default options), a
// data race when two overlap.
// The rest of Gloss draws uuids from a reader of its own (uuid.NewRandomFromReader, NewV7FromReader),
// which never reads that flag.
//
// Package-level mutable state, against the project's rule, because the library forces it: the flag it
// guards is one per process (gowarc v3.1.0 offers no option to leave it alone), so only a lock that is one
// per process keeps two archives, or two libraries, from racing on it. This package is the only place
// Gloss calls gowarc, so every call is behind this lock.
var gowarcMu sync.Mutex

// parseRecords reads every record of a WARC file, holding gowarcMu; the records before a bad one are
// returned with its error.
func parseRecords(rel string, data []byte, verify bool) ([]Record, error) {
	gowarcMu.Lock()
	defer gowarcMu.Unlock()
	// Always read strictly: without validation gowarc v3.1.0 does not cache the block and hands back only
	// the first buffer of a large payload. verify adds our own digest checks.
	r, err := gowarc.NewWarcFileReaderFromStream(bytes.NewReader(data), 0, gowarc.WithStrictValidation(), gowarc.WithBlockErrorPolicy(gowarc.ErrFail))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rel, err)
	}
	defer r.Close()
	var out []Record
	for rec, err := range r.Records() {
		if err != nil {
			return out, fmt.Errorf("%s: %w", rel, err)
		}
		one, err := record(rel, rec, data, verify)
		rec.Close()
		if err != nil {
			return out, err
		}
		out = append(out, one)
	}
	return out, nil
}

func record(rel string, rec gowarc.Record, data []byte, verify bool) (Record, error) {
	wr := rec.WarcRecord
	h := wr.WarcHeader()
	out := Record{File: rel, Type: wr.Type().String(), ID: wr.RecordId(), TargetURI: h.Get(gowarc.WarcTargetURI), Date: h.Get(gowarc.WarcDate)}
	if !strings.HasPrefix(out.ID, "<") {
		out.ID = "<" + out.ID + ">"
	}
	if rec.Offset >= 0 && rec.Size > 0 && rec.Offset+rec.Size <= int64(len(data)) {
		out.Raw = data[rec.Offset : rec.Offset+rec.Size]
	}
	fail := func(format string, args ...any) (Record, error) {
		return out, fmt.Errorf("%s: record %s (%s %s): %s", rel, out.ID, out.Type, out.TargetURI, fmt.Sprintf(format, args...))
	}
	// The block digest, computed again by hand: the library's check and ours must agree.
	raw, err := wr.Block().RawBytes()
	if err != nil {
		return fail("unreadable block: %v", err)
	}
	block, err := io.ReadAll(raw)
	if err != nil {
		return fail("unreadable block: %v", err)
	}
	if want := h.Get(gowarc.WarcBlockDigest); verify && want != "" && strings.HasPrefix(want, "sha256:") && !strings.EqualFold(want, sha256Digest(block)) {
		return fail("block digest %s does not match the block (%s)", want, sha256Digest(block))
	}
	if hb, ok := wr.Block().(gowarc.HttpResponseBlock); ok {
		out.Status, out.Header = hb.HttpStatusCode(), hb.HttpHeader().Clone()
		payload, err := hb.PayloadBytes()
		if err != nil {
			return fail("unreadable payload: %v", err)
		}
		if out.Body, err = io.ReadAll(payload); err != nil {
			return fail("unreadable payload: %v", err)
		}
	} else if out.Type == "revisit" {
		if resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(block)), nil); err == nil {
			out.Status, out.Header = resp.StatusCode, resp.Header
			resp.Body.Close()
		}
	}
	if want := h.Get(gowarc.WarcPayloadDigest); verify && want != "" && out.Type == "response" && strings.HasPrefix(want, "sha256:") && !strings.EqualFold(want, sha256Digest(out.Body)) {
		return fail("payload digest %s does not match the body (%s)", want, sha256Digest(out.Body))
	}
	return out, nil
}

// Response finds the record id in an archive file: the capture of a version.
func (a Archive) Response(rel, id string) (Record, error) { return a.find(rel, id, true) }

// ResponseUnverified is Response without our own digest checks (gowarc's stay), for a comparison that
// only saves work (refresh's visible-text shortcut): the record is found even when a later one in the
// file is damaged.
func (a Archive) ResponseUnverified(rel, id string) (Record, error) { return a.find(rel, id, false) }

func (a Archive) find(rel, id string, verify bool) (Record, error) {
	var found *Record
	err := a.readFile(rel, verify, func(r Record) error {
		if r.ID == id {
			found = &r
			return errStop
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return Record{}, err
	}
	if found == nil {
		return Record{}, fmt.Errorf("archive file %s has no record %s", rel, id)
	}
	return *found, nil
}

var errStop = errors.New("stop")

// Files lists the archive's WARC files, relative and sorted.
func (a Archive) Files() ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(a.Dir, warcDir))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if n := e.Name(); e.Type().IsRegular() && (strings.HasSuffix(n, ".warc.gz") || strings.HasSuffix(n, ".warc")) {
			out = append(out, warcDir+"/"+n)
		}
	}
	return out, nil
}

// Verify reads every record of every archive file, checking each (WARC syntax, block and payload
// digests), and that every capture the library records points at a record that is there. It returns one
// line per problem; none means the archive is sound.
func (a Archive) Verify(s *store.Store) ([]string, error) {
	files, err := a.Files()
	if err != nil {
		return nil, err
	}
	var problems []string
	ids := map[string]string{} // record id → file
	for _, f := range files {
		if err := a.ReadFile(f, func(r Record) error {
			ids[r.ID] = f
			return nil
		}); err != nil {
			problems = append(problems, err.Error())
		}
	}
	if s == nil {
		return problems, nil
	}
	docs, err := s.Documents()
	if err != nil {
		return problems, err
	}
	for _, d := range docs {
		infos, err := s.Versions(d.ID)
		if err != nil {
			return problems, err
		}
		for _, v := range infos {
			c := v.Capture
			if c == nil || c.WARCRecordID == "" {
				continue
			}
			if got, ok := ids[c.WARCRecordID]; !ok || got != c.WARCFile {
				problems = append(problems, fmt.Sprintf("document %s (%q) version %d: its capture %s in %s is not in the archive", d.ID, d.Title, v.N, c.WARCRecordID, c.WARCFile))
			}
		}
	}
	return problems, nil
}

// CopyTo copies the archive's WARC files that dst lacks into dst (a backup's archive, or the library's
// when a backup is restored), each through a synced temporary file. Nothing in dst is removed or
// replaced: archive files are written once. It returns how many files it copied.
func (a Archive) CopyTo(dst Archive) (int, error) {
	files, err := a.Files()
	if err != nil || len(files) == 0 {
		return 0, err
	}
	if err := ensureDir(filepath.Join(dst.Dir, warcDir)); err != nil {
		return 0, fmt.Errorf("archive: %w", err)
	}
	n := 0
	for _, rel := range files {
		from, _ := a.path(rel)
		to, _ := dst.path(rel)
		if _, err := os.Stat(to); err == nil {
			continue
		}
		in, err := os.Open(from)
		if err != nil {
			return n, fmt.Errorf("archive: %w", err)
		}
		err = store.WriteFileAtomic(to, 0o600, func(w io.Writer) error {
			_, err := io.Copy(w, in)
			return err
		})
		in.Close()
		if err != nil {
			return n, fmt.Errorf("archive: %w", err)
		}
		n++
	}
	return n, nil
}

// Backup copies the archive of the library db beside the backup file backup (backup's own
// Layout.Archive, "<backup>.archive"), so a backup holds the captures its versions point at.
func Backup(db, backup string) (int, error) { return Of(db).CopyTo(Of(backup)) }

// Restore copies the archive files of a backup that the library db lacks into its archive.
func Restore(backup, db string) (int, error) { return Of(backup).CopyTo(Of(db)) }

// WriteWarcinfo writes a warcinfo record (its own gzip member) with fields ("key: value" lines) to w: the
// head of a WARC file assembled from archive records (export).
func WriteWarcinfo(w io.Writer, filename, fields string) error {
	fields = strings.ReplaceAll(strings.TrimRight(fields, "\r\n"), "\r\n", "\n")
	fields = strings.ReplaceAll(fields, "\n", "\r\n") + "\r\n"
	return (*Writer)(nil).writeRecord(w, gowarc.Warcinfo, map[string]string{gowarc.WarcRecordID: recordID(),
		gowarc.WarcDate: time.Now().UTC().Format(time.RFC3339), gowarc.WarcFilename: filename,
		gowarc.ContentType: "application/warc-fields"}, false, []byte(fields))
}
