package capture

// What a capture means for the library:
//
//   - Import of a URL: fetched, archived, extracted. A URL the library already knows (asked for, redirected
//     through, landed on or canonical: store.Document.URLs) is compared with that document: the same
//     extracted text is "unchanged" (nothing stored but the archive file), another text becomes the next
//     version. A page whose bytes are those of a stored document's current version is "unchanged" too.
//     A failed fetch stores nothing, not even in the archive (there is no document to hang it on).
//   - Refresh: a conditional re-fetch (If-None-Match, If-Modified-Since) of the URL of the document's last
//     capture. 304, or a body byte-identical to the last capture's, is "unchanged" and archived as a WARC
//     revisit record (headers only, pointing at the capture's record). A 200 whose extracted text equals
//     the current version's is "unchanged" too; its full response is archived (the bytes differ: ads,
//     timestamps), but no version is added, so the Library and the Reader go on showing the capture the
//     text was first read from. A changed text is stored as a new version (store.AddVersion re-anchors the
//     annotations). 404 and 410 are "gone": the answer is archived, the last capture is kept.
//
// Archive files are written before the library's transaction, so a crash between the two leaves at most
// an archive file no version points at (harmless, and kept as evidence), never a version whose capture
// is missing.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"gloss/archive"
	"gloss/ingest"
	"gloss/store"
)

// URL import statuses.
const (
	StatusImported  = "imported"
	StatusUnchanged = "unchanged"
	StatusVersion   = "version"
	StatusError     = "error"
)

// Refresh statuses (StatusUnchanged and StatusError as above).
const (
	StatusChanged = "changed"
	StatusGone    = "gone"
)

// URLResult is the outcome of one URL of an import.
type URLResult struct {
	URL     string `json:"url"`
	Status  string `json:"status"` // imported | unchanged | version | error
	DocID   string `json:"docId,omitempty"`
	Title   string `json:"title,omitempty"`
	Version int    `json:"version,omitempty"`
	Error   string `json:"error,omitempty"`
}

// Message says the outcome in words, as the CLI and the window report it.
func (r URLResult) Message() string {
	switch r.Status {
	case StatusImported:
		return "imported"
	case StatusUnchanged:
		return fmt.Sprintf("already in the library — unchanged (“%s”)", r.Title)
	case StatusVersion:
		return fmt.Sprintf("new version of “%s” (version %d)", r.Title, r.Version)
	}
	return r.Error
}

// RefreshResult is the outcome of one document of a refresh.
type RefreshResult struct {
	DocID   string `json:"docId"`
	Title   string `json:"title"`
	Status  string `json:"status"` // unchanged | changed | gone | error
	Version int    `json:"version,omitempty"`
	Error   string `json:"error,omitempty"`
}

// Capturer imports and refreshes captures for one library; it runs one ImportURLs or Refresh at a time.
type Capturer struct {
	s       *store.Store
	fetch   *Fetcher
	archive archive.Archive
	writer  *archive.Writer // the archive's writes, reusing their compressors
	opt     Options
	mu      sync.Mutex     // one library decision (lookup, archive, write) at a time
	batch   *archive.Batch // during ImportURLs and Refresh: the fetches no version points at
	fetches chan struct{}  // a token per fetch in flight: at most opt.InFlight
	hostMu  sync.Mutex
	hosts   map[string]chan struct{} // per host, a token per fetch in flight to it: at most opt.PerHost
	// checks are the documents' last checks (store.CaptureCheck) as the run began; checked the ones the
	// run made, written in one transaction when it ends (under mu).
	checks  map[string]store.CaptureCheck
	checked map[string]store.CaptureCheck
}

// New makes a Capturer for the library s.
func New(s *store.Store, opt Options) *Capturer {
	opt = opt.withDefaults()
	a := archive.Of(s.Path())
	return &Capturer{s: s, fetch: NewFetcher(opt), archive: a, writer: a.NewWriter(), opt: opt, fetches: make(chan struct{}, opt.InFlight),
		hosts: map[string]chan struct{}{}}
}

// hostSlot is the token channel of raw's host.
func (c *Capturer) hostSlot(raw string) chan struct{} {
	host := ""
	if u, err := url.Parse(raw); err == nil {
		host = strings.ToLower(u.Host)
	}
	c.hostMu.Lock()
	defer c.hostMu.Unlock()
	slot, ok := c.hosts[host]
	if !ok {
		slot = make(chan struct{}, c.opt.PerHost)
		c.hosts[host] = slot
	}
	return slot
}

// begin starts a run (ImportURLs, Refresh): the archive batch and the documents' last checks. end writes
// the batch and the run's checks, each in one go.
func (c *Capturer) begin() error {
	checks, err := c.s.CaptureChecks()
	if err != nil {
		return err
	}
	c.checks, c.checked = checks, map[string]store.CaptureCheck{}
	c.batch = c.writer.NewBatch()
	return nil
}

func (c *Capturer) end(err *error) {
	berr := c.batch.Close()
	c.batch = nil
	c.mu.Lock()
	checked := c.checked
	c.checks, c.checked = nil, nil
	c.mu.Unlock()
	cerr := c.s.SetCaptureChecks(checked)
	if *err == nil {
		*err = errors.Join(berr, cerr)
	}
}

// check records that document id was fetched at and found showing its current version (docSHA) as
// page; the caller holds c.mu. visible is the page's visible-text digest, "" to work it out here.
func (c *Capturer) check(id, docSHA string, page *Page, visible string) {
	if c.checked == nil {
		return
	}
	if visible == "" {
		visible = pageVisible(page)
	}
	c.checked[id] = store.CaptureCheck{CheckedAt: page.RetrievedAt.UTC(), PayloadSHA256: page.PayloadSHA256(), VisibleSHA256: visible, DocSHA256: docSHA}
}

// lastCheck is document doc's last check when it still describes the current version, else false.
func (c *Capturer) lastCheck(doc store.Document) (store.CaptureCheck, bool) {
	ch, ok := c.checks[doc.ID]
	return ch, ok && ch.DocSHA256 != "" && ch.DocSHA256 == doc.SHA256
}

// Close drops the fetcher's idle connections.
func (c *Capturer) Close() { c.fetch.Close() }

// Archive is the library's archive.
func (c *Capturer) Archive() archive.Archive { return c.archive }

// getPage is Fetcher.Fetch within the limit of fetches in flight.
func (c *Capturer) getPage(ctx context.Context, raw string, cond Conditional) (*Page, error) {
	host := c.hostSlot(raw) // the host's slot first, so a busy site holds none of the others' slots
	select {
	case host <- struct{}{}:
	case <-ctx.Done():
		return nil, &Error{URL: raw, Kind: KindNetwork, Reason: "cancelled", Err: ctx.Err()}
	}
	defer func() { <-host }()
	select {
	case c.fetches <- struct{}{}:
	case <-ctx.Done():
		return nil, &Error{URL: raw, Kind: KindNetwork, Reason: "cancelled", Err: ctx.Err()}
	}
	defer func() { <-c.fetches }()
	return c.fetch.Fetch(ctx, raw, cond)
}

// getImages is Fetcher.FetchImages within the limit of fetches in flight.
func (c *Capturer) getImages(ctx context.Context, p *Page) {
	if c.opt.Images <= 0 {
		return
	}
	c.fetches <- struct{}{}
	defer func() { <-c.fetches }()
	c.fetch.FetchImages(ctx, p, c.opt.Images)
}

// forEach runs fn for items 0..n-1, calling progress after each (serialized). Twice opt.InFlight items
// are worked on at once, so that extraction and the archive's and library's writes go on while
// opt.InFlight fetches (getPage: the limit is there) wait on the network.
func (c *Capturer) forEach(ctx context.Context, n int, fn func(i int), progress func(done int, i int)) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	var pmu sync.Mutex
	done := 0
	for range min(2*c.opt.InFlight, max(n, 1)) {
		wg.Go(func() {
			for i := range jobs {
				fn(i)
				pmu.Lock()
				done++
				if progress != nil {
					progress(done, i)
				}
				pmu.Unlock()
			}
		})
	}
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
}

// ImportURLs fetches each URL (opt.InFlight at once) and adds it to the library; results come in the
// order of urls. progress, if not nil, is called after each URL.
func (c *Capturer) ImportURLs(ctx context.Context, urls []string, progress func(ingest.Progress)) (_ []URLResult, err error) {
	known, err := c.knownURLs()
	if err != nil {
		return nil, err
	}
	if err := c.begin(); err != nil {
		return nil, err
	}
	defer c.end(&err)
	results := make([]URLResult, len(urls))
	for i, u := range urls {
		results[i] = URLResult{URL: strings.TrimSpace(u), Status: StatusError, Error: "import cancelled"}
	}
	c.forEach(ctx, len(urls), func(i int) {
		results[i] = c.importURL(ctx, results[i].URL, known)
	}, func(done, i int) {
		if progress != nil {
			progress(ingest.Progress{Done: done, Total: len(urls), File: results[i].URL})
		}
	})
	return results, ctx.Err()
}

// knownURLs maps every URL a document is known by to it.
func (c *Capturer) knownURLs() (map[string]string, error) {
	docs, err := c.s.Documents()
	if err != nil {
		return nil, err
	}
	known := map[string]string{}
	for _, d := range docs {
		for _, u := range d.URLs {
			known[normalURL(u)] = d.ID
		}
	}
	return known, nil
}

// normalURL is the key URLs are compared by: no fragment, host in lower case.
func normalURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return raw
	}
	u.Fragment, u.RawFragment = "", ""
	u.Host = strings.ToLower(u.Host)
	return u.String()
}

func (c *Capturer) importURL(ctx context.Context, raw string, known map[string]string) URLResult {
	res := URLResult{URL: raw, Status: StatusError}
	page, err := c.getPage(ctx, raw, Conditional{})
	if err != nil {
		res.Error = err.Error()
		return res
	}
	nd, err := Extract(page)
	if err != nil {
		res.Error = err.Error()
		return res
	}
	c.mu.Lock()
	id, err := c.lookup(page, nd, known)
	c.mu.Unlock()
	if err != nil {
		res.Error = err.Error()
		return res
	}
	var w archive.Written
	if id == "" { // a new document: its images and archive file are written outside the lock
		c.getImages(ctx, page)
		if w, err = c.writer.Write(page.Hops, page.Images, nil); err != nil {
			res.Error = fmt.Sprintf("%s: %v", raw, err)
			return res
		}
	}
	visible := pageVisible(page) // outside the lock: the other fetches' writes need not wait for it
	c.mu.Lock()
	defer c.mu.Unlock()
	if id == "" { // another fetch of this batch may have brought the same page meanwhile
		if id, err = c.lookup(page, nd, known); err != nil {
			res.Error = err.Error()
			return res
		}
	}
	if id != "" {
		out, err := c.update(id, page, nd, false, visible)
		if err != nil {
			res.Error = fmt.Sprintf("%s: %v", raw, err)
			return res
		}
		res.DocID, res.Title, res.Version = out.DocID, out.Title, out.Version
		res.Status = StatusUnchanged
		if out.Status == StatusChanged {
			res.Status = StatusVersion
		}
		return res
	}
	nd.Provenance.Capture = captureOf(page, nd, w)
	doc, err := c.s.AddDocument(nd)
	if err != nil {
		res.Error = fmt.Sprintf("%s: %v", raw, err)
		return res
	}
	for _, u := range doc.URLs {
		known[normalURL(u)] = doc.ID
	}
	c.check(doc.ID, doc.SHA256, page, visible)
	res.Status, res.DocID, res.Title, res.Version = StatusImported, doc.ID, doc.Title, doc.Version
	return res
}

// lookup finds the document a fetched page belongs to: by any of its URLs, else by its bytes. The caller
// holds c.mu.
func (c *Capturer) lookup(page *Page, nd store.NewDocument, known map[string]string) (string, error) {
	for _, u := range append([]string{page.URL, page.FinalURL, nd.Meta.Canonical, nd.URL}, page.Redirects...) {
		if id := known[normalURL(u)]; u != "" && id != "" {
			return id, nil
		}
	}
	doc, ok, err := c.s.DocumentBySHA(nd.SHA256)
	if err != nil || !ok {
		return "", err
	}
	return doc.ID, nil
}

func captureOf(p *Page, nd store.NewDocument, w archive.Written) *store.Capture {
	sum := sha256.Sum256([]byte(nd.Text))
	return &store.Capture{URL: p.URL, FinalURL: p.FinalURL, Redirects: p.Redirects, RetrievedAt: p.RetrievedAt.UTC(),
		Status: p.Status, ETag: p.Header.Get("ETag"), LastModified: p.Header.Get("Last-Modified"),
		PayloadSHA256: p.PayloadSHA256(), TextSHA256: hex.EncodeToString(sum[:]), WARCFile: w.File, WARCRecordID: w.ResponseID}
}

// extractName is the file name ReadBytes is given for a fetched page: it picks the HTML reader.
const extractName = "gloss-capture.html"

// Extract reads a fetched page's article with the ingest HTML reader: a document ready for
// store.AddDocument, without its capture provenance (which needs the archive record).
func Extract(p *Page) (store.NewDocument, error) {
	page := p.utf8()
	nd, err := ingest.ReadBytes(extractName, page)
	if err != nil {
		reason := strings.TrimPrefix(err.Error(), extractName+": ")
		if errors.Is(err, ingest.ErrEmpty) {
			reason = "no article text found in the page"
		}
		return nd, &Error{URL: p.URL, Kind: KindNotHTML, Reason: reason, Err: err}
	}
	host := hostName(p.FinalURL)
	if nd.Source == extractName {
		nd.Source = host
	}
	if nd.Title == strings.TrimSuffix(extractName, ".html") {
		nd.Title = host
	}
	if nd.URL == "" {
		nd.URL = p.FinalURL
	}
	nd.SHA256 = p.PayloadSHA256()
	return nd, nil
}

func hostName(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// latestCapture is the capture of the newest captured version of a document, with its number.
func (c *Capturer) latestCapture(id string) (*store.Capture, int, error) {
	infos, err := c.s.Versions(id)
	if err != nil {
		return nil, 0, err
	}
	for i := len(infos) - 1; i >= 0; i-- {
		if infos[i].Capture != nil {
			return infos[i].Capture, infos[i].N, nil
		}
	}
	return nil, 0, nil
}

// update compares a fetched page with a known document: unchanged (archived, as a revisit when the
// bytes are those of the last capture) or a new version. The caller holds c.mu.
func (c *Capturer) update(id string, page *Page, nd store.NewDocument, sameText bool, visible string) (RefreshResult, error) {
	doc, err := c.s.Document(id)
	if err != nil {
		return RefreshResult{}, err
	}
	res := RefreshResult{DocID: doc.ID, Title: doc.Title, Status: StatusUnchanged}
	last, _, err := c.latestCapture(id)
	if err != nil {
		return res, err
	}
	payload := page.PayloadSHA256()
	if last != nil && last.PayloadSHA256 == payload {
		_, err := c.keep(page, &archive.Revisit{Of: last})
		if err == nil {
			c.check(id, doc.SHA256, page, visible)
		}
		return res, err
	}
	if !sameText && payload != doc.SHA256 {
		cur, err := c.s.Version(id, 0)
		if err != nil {
			return res, err
		}
		sameText = nd.Text == cur.Text
	}
	if sameText || payload == doc.SHA256 {
		_, err := c.keep(page, nil)
		if err == nil {
			c.check(id, doc.SHA256, page, visible)
		}
		return res, err
	}
	c.getImages(context.Background(), page)
	w, err := c.writer.Write(page.Hops, page.Images, nil)
	if err != nil {
		return res, err
	}
	updated, _, err := c.s.AddVersion(id, store.NewVersion{Text: nd.Text, Raw: nd.Raw, SHA256: nd.SHA256, BodyStart: nd.BodyStart,
		Format: nd.Format, Meta: &nd.Meta, Provenance: store.Provenance{Capture: captureOf(page, nd, w)}})
	if err != nil {
		return res, err
	}
	c.check(id, updated.SHA256, page, visible)
	res.Status, res.Version = StatusChanged, updated.Version
	return res, nil
}

// keep archives a fetch no version will point at: in the run's batch file, or a file of its own.
func (c *Capturer) keep(p *Page, rv *archive.Revisit) (archive.Written, error) {
	if c.batch != nil {
		return c.batch.Add(p.Hops, p.Images, rv)
	}
	return c.writer.Write(p.Hops, p.Images, rv)
}

// Refresh re-fetches captured documents (ids; none = every captured document), opt.InFlight at once.
// Results come in the order of ids (of the library for none). progress, if not nil, follows each.
func (c *Capturer) Refresh(ctx context.Context, ids []string, progress func(ingest.Progress)) (_ []RefreshResult, err error) {
	if len(ids) == 0 {
		docs, err := c.s.Documents()
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			if last, _, err := c.latestCapture(d.ID); err != nil {
				return nil, err
			} else if last != nil {
				ids = append(ids, d.ID)
			}
		}
	}
	if err := c.begin(); err != nil {
		return nil, err
	}
	defer c.end(&err)
	results := make([]RefreshResult, len(ids))
	for i, id := range ids {
		results[i] = RefreshResult{DocID: id, Status: StatusError, Error: "refresh cancelled"}
	}
	c.forEach(ctx, len(ids), func(i int) {
		results[i] = c.refresh(ctx, ids[i])
	}, func(done, i int) {
		if progress != nil {
			progress(ingest.Progress{Done: done, Total: len(ids), File: results[i].Title})
		}
	})
	return results, ctx.Err()
}

func (c *Capturer) refresh(ctx context.Context, id string) RefreshResult {
	res := RefreshResult{DocID: id, Status: StatusError}
	doc, err := c.s.Document(id)
	if err != nil {
		res.Error = err.Error()
		return res
	}
	res.Title = doc.Title
	last, _, err := c.latestCapture(id)
	if err != nil {
		res.Error = err.Error()
		return res
	}
	if last == nil {
		res.Error = fmt.Sprintf("“%s” was not captured from the web: there is nothing to check", doc.Title)
		return res
	}
	page, err := c.getPage(ctx, last.URL, Conditional{ETag: last.ETag, LastModified: last.LastModified})
	if page == nil {
		res.Error = err.Error()
		return res
	}
	switch {
	case err == nil && page.Status == 304:
		if _, werr := c.keep(page, &archive.Revisit{Of: last, NotModified: true}); werr != nil {
			res.Error = werr.Error()
			return res
		}
		c.mu.Lock()
		if prev, ok := c.lastCheck(doc); ok { // the page is the one last checked
			prev.CheckedAt = page.RetrievedAt.UTC()
			c.checked[id] = prev
		} else if c.checked != nil {
			c.checked[id] = store.CaptureCheck{CheckedAt: page.RetrievedAt.UTC()}
		}
		c.mu.Unlock()
		res.Status = StatusUnchanged
		return res
	case err != nil:
		// The answer is evidence too (a 404 says the page went): archived, the last capture kept.
		if _, werr := c.keep(page, nil); werr != nil {
			res.Error = werr.Error()
			return res
		}
		if KindOf(err) == KindGone {
			res.Status = StatusGone
		}
		res.Error = err.Error()
		return res
	}
	var nd store.NewDocument
	sameText, visible := false, ""
	// Identical bytes are the same page: nothing to extract (and an improved extractor cannot turn an
	// unchanged page into a "changed" one). Other bytes with the same visible text (a new ad slot, a
	// nonce, a timestamp in a comment or a script) cannot hold another article either. The last check
	// (store.CaptureCheck) gives the payload and visible text of the page last fetched for the current
	// version, so neither is read back from the archive; without one, the last capture is.
	c.mu.Lock()
	prev, checked := c.lastCheck(doc)
	c.mu.Unlock()
	payload := page.PayloadSHA256()
	switch {
	case payload == last.PayloadSHA256 || checked && payload == prev.PayloadSHA256:
		sameText, visible = true, prev.VisibleSHA256
	case checked && prev.VisibleSHA256 != "":
		visible = pageVisible(page)
		sameText = visible == prev.VisibleSHA256
	default:
		sameText = c.sameVisibleText(last, page)
	}
	if !sameText {
		if nd, err = Extract(page); err != nil {
			res.Error = err.Error()
			return res
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	out, err := c.update(id, page, nd, sameText, visible)
	if err != nil {
		res.Error = err.Error()
		return res
	}
	out.Title = doc.Title
	return out
}

// sameVisibleText reports whether a fetched page shows exactly the text of the last capture's page: every
// text outside scripts, styles and comments, the title included, whitespace collapsed. The last capture
// is read back from the archive; on any trouble the answer is false (and the page is extracted).
func (c *Capturer) sameVisibleText(last *store.Capture, page *Page) bool {
	rec, err := c.archive.ResponseUnverified(last.WARCFile, last.WARCRecordID)
	if err != nil || rec.Type != "response" {
		return false
	}
	old, err := decodeContent(rec.Body, rec.Header.Get("Content-Encoding"), c.opt.MaxBytes)
	if err != nil {
		return false
	}
	oldUTF, _ := toUTF8(old, rec.Header.Get("Content-Type"))
	newUTF := page.utf8()
	return visibleText(oldUTF) == visibleText(newUTF)
}

// pageVisible is the hex digest of a fetched page's visible text, decoded as sameVisibleText decodes it.
func pageVisible(page *Page) string {
	v := visibleText(page.utf8())
	return hex.EncodeToString(v[:])
}
