// Package capture brings web pages into the library as evidence: a careful HTTP fetch (timeouts, at most
// ten recorded redirects, the import size limit, gzip/deflate/br, the page's charset), every exchange
// written as WARC/1.1 records into the library's archive (store.Layout.Archive), the article extracted by
// the ingest HTML reader, and the provenance of each version (store.Capture). Refresh re-fetches captured
// documents conditionally and stores a changed text as a new version.
package capture

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/flate" // the same formats as the standard library's, read in about half the time
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zlib"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"gloss/archive"
	"gloss/ingest"
	"gloss/version"
)

// Defaults of Options.
const (
	DefaultConnectTimeout = 15 * time.Second
	DefaultTimeout        = 60 * time.Second
	MaxRedirects          = 10
	// DefaultInFlight is how many fetches run at once in an import or a refresh, DefaultPerHost the most
	// of them to one host (a site is not hit harder than by four fetches at once).
	DefaultInFlight = 8
	DefaultPerHost  = 4
)

// Options tunes a Fetcher; the zero value is the default.
type Options struct {
	ConnectTimeout time.Duration // DNS, TCP connect and TLS handshake; 0 = DefaultConnectTimeout
	Timeout        time.Duration // the whole fetch, redirects and body included; 0 = DefaultTimeout
	MaxBytes       int64         // largest body, as received and as decoded; 0 = ingest.DefaultMaxBytes
	InFlight       int           // fetches at once (import, refresh); 0 = DefaultInFlight
	PerHost        int           // of them to one host; 0 = DefaultPerHost (at most InFlight)
	// Images is how many of a page's images are fetched and archived with it (so the captured page can
	// show them from the archive); 0 = none.
	Images int
}

// DefaultImages is how many of a page's images the CLI and the window archive with it.
const DefaultImages = 20

// Standard is how the CLI and the window fetch: the defaults, with up to DefaultImages images archived.
func Standard() Options { return Options{Images: DefaultImages} }

func (o Options) withDefaults() Options {
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = DefaultConnectTimeout
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = ingest.DefaultMaxBytes
	}
	if o.InFlight <= 0 {
		o.InFlight = DefaultInFlight
	}
	if o.PerHost <= 0 {
		o.PerHost = DefaultPerHost
	}
	o.PerHost = min(o.PerHost, o.InFlight)
	return o
}

// Fetcher fetches pages; it is safe for concurrent use. It keeps no cookies.
type Fetcher struct {
	opt    Options
	client *http.Client
}

// NewFetcher makes a Fetcher with its own connection pool; proxies come from the environment
// (HTTPS_PROXY, HTTP_PROXY, NO_PROXY), as newsroom networks need.
func NewFetcher(opt Options) *Fetcher {
	opt = opt.withDefaults()
	dialer := &net.Dialer{Timeout: opt.ConnectTimeout, KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   opt.ConnectTimeout,
		ResponseHeaderTimeout: opt.Timeout,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          64,
		MaxIdleConnsPerHost:   opt.PerHost,
		IdleConnTimeout:       60 * time.Second,
		DisableCompression:    true, // we ask for gzip/deflate/br ourselves and keep the body as received
	}
	client := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse // every hop is recorded by Fetch
	}}
	return &Fetcher{opt: opt, client: client}
}

// Close drops idle connections.
func (f *Fetcher) Close() { f.client.CloseIdleConnections() }

// Conditional makes a fetch conditional (a refresh): If-None-Match and If-Modified-Since.
type Conditional struct {
	ETag         string
	LastModified string
}

// Hop is one HTTP exchange of a fetch: a redirect or the final response (the archive's type: it is what
// the archive keeps).
type Hop = archive.Hop

// Page is the outcome of a fetch that got an HTTP response.
type Page struct {
	URL         string   // as asked for
	FinalURL    string   // after redirects
	Redirects   []string // every Location followed, absolute, in order
	Hops        []Hop    // every exchange; the last is the final response
	Status      int
	Header      http.Header
	Content     []byte // the final body with its content encoding undone
	RetrievedAt time.Time
	Images      []Hop  // the page's images that were fetched with it (FetchImages), archived beside it
	payloadSHA  string // PayloadSHA256, worked out once (a Page is handled by one goroutine at a time)
	text        []byte // utf8, worked out once likewise: extraction and the visible-text digest read it
	decoded     bool
}

// utf8 is Content in UTF-8 (toUTF8 with the page's Content-Type).
func (p *Page) utf8() []byte {
	if !p.decoded {
		p.text, _ = toUTF8(p.Content, p.Header.Get("Content-Type"))
		p.decoded = true
	}
	return p.text
}

// Final is the last exchange.
func (p *Page) Final() *Hop { return &p.Hops[len(p.Hops)-1] }

// PayloadSHA256 is the sha256 of the final body as received (hex), as WARC-Payload-Digest states it.
func (p *Page) PayloadSHA256() string {
	if p.payloadSHA == "" {
		if p.payloadSHA = p.Final().BodySHA256; p.payloadSHA == "" {
			sum := sha256.Sum256(p.Final().Body)
			p.payloadSHA = hex.EncodeToString(sum[:])
		}
	}
	return p.payloadSHA
}

// Kind names why a fetch failed.
type Kind string

const (
	KindBadURL    Kind = "bad-url"
	KindDNS       Kind = "dns"
	KindRefused   Kind = "refused"
	KindTLS       Kind = "tls"
	KindTimeout   Kind = "timeout"
	KindNetwork   Kind = "network"
	KindRedirects Kind = "redirects"
	KindTooLarge  Kind = "too-large"
	KindBlocked   Kind = "blocked" // 401, 402, 403, 451: a paywall or a bot wall
	KindGone      Kind = "gone"    // 404, 410
	KindHTTP      Kind = "http"    // other 4xx and 5xx
	KindNotHTML   Kind = "not-html"
	KindEncoding  Kind = "encoding"
)

// Error is a failed fetch; its message names the URL and the reason in words.
type Error struct {
	URL    string
	Kind   Kind
	Status int // the HTTP status for KindBlocked, KindGone, KindHTTP
	Reason string
	Err    error
}

func (e *Error) Error() string { return e.URL + ": " + e.Reason }
func (e *Error) Unwrap() error { return e.Err }

// KindOf is the Kind of a fetch error, "" for any other error.
func KindOf(err error) Kind {
	var fe *Error
	if errors.As(err, &fe) {
		return fe.Kind
	}
	return ""
}

// CheckURL accepts only absolute http and https URLs.
func CheckURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, &Error{URL: raw, Kind: KindBadURL, Reason: "not a web address: " + err.Error(), Err: err}
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &Error{URL: raw, Kind: KindBadURL, Reason: "not a web address (only http:// and https:// links can be fetched)"}
	}
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

// Fetch gets a page, following at most MaxRedirects redirects. It returns the page whenever an HTTP
// response came back, with an *Error as well for a failing status (404 …) or a body that is not HTML;
// without a response only the *Error. A 304 answer to a conditional fetch is no error.
func (f *Fetcher) Fetch(ctx context.Context, raw string, cond Conditional) (*Page, error) {
	ctx, cancel := context.WithTimeout(ctx, f.opt.Timeout)
	defer cancel()
	page, err := f.get(ctx, raw, cond)
	if err != nil || page.Status == http.StatusNotModified {
		return page, err
	}
	final := page.Final()
	if page.Content, err = decodeContent(final.Body, final.Header.Get("Content-Encoding"), f.opt.MaxBytes); err != nil {
		kind := KindEncoding
		if errors.Is(err, ingest.ErrTooLarge) {
			kind = KindTooLarge
		}
		return page, &Error{URL: page.URL, Kind: kind, Reason: err.Error(), Err: err}
	}
	if mt := mediaType(page.Header.Get("Content-Type"), page.Content); mt != "text/html" && mt != "application/xhtml+xml" {
		return page, &Error{URL: page.URL, Kind: KindNotHTML, Reason: fmt.Sprintf("not an HTML page (%s)", mt)}
	}
	return page, nil
}

// get does the exchanges of one fetch, redirects followed, and names a failing final status.
func (f *Fetcher) get(ctx context.Context, raw string, cond Conditional) (*Page, error) {
	u, err := CheckURL(raw)
	if err != nil {
		return nil, err
	}
	page := &Page{URL: u.String()}
	seen := map[string]bool{}
	for {
		if len(page.Hops) > MaxRedirects {
			return page, &Error{URL: page.URL, Kind: KindRedirects, Reason: fmt.Sprintf("more than %d redirects (last to %s)", MaxRedirects, u)}
		}
		if seen[u.String()] {
			return page, &Error{URL: page.URL, Kind: KindRedirects, Reason: fmt.Sprintf("redirect loop (back to %s)", u)}
		}
		seen[u.String()] = true
		hop, err := f.exchange(ctx, u, cond, page.URL)
		if err != nil {
			return nil, err
		}
		page.Hops = append(page.Hops, hop)
		loc := hop.Header.Get("Location")
		if hop.Status < 300 || hop.Status >= 400 || hop.Status == http.StatusNotModified || loc == "" {
			break
		}
		next, err := u.Parse(loc)
		if err != nil || (next.Scheme != "http" && next.Scheme != "https") {
			return page, &Error{URL: page.URL, Kind: KindRedirects, Reason: fmt.Sprintf("redirect to an address that cannot be fetched (%q)", loc)}
		}
		next.Fragment, next.RawFragment = "", ""
		u = next
		page.Redirects = append(page.Redirects, u.String())
	}
	final := page.Final()
	page.FinalURL, page.Status, page.Header, page.RetrievedAt = final.URL, final.Status, final.Header, final.Date
	return page, statusError(page)
}

// exchange does one request and reads its response within the size limit.
func (f *Fetcher) exchange(ctx context.Context, u *url.URL, cond Conditional, asked string) (Hop, error) {
	hop := Hop{URL: u.String()}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return hop, &Error{URL: asked, Kind: KindBadURL, Reason: err.Error(), Err: err}
	}
	req.Header.Set("User-Agent", version.Software())
	req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
	req.Header.Set("Accept-Encoding", "gzip, deflate, br")
	if cond.ETag != "" {
		req.Header.Set("If-None-Match", cond.ETag)
	}
	if cond.LastModified != "" {
		req.Header.Set("If-Modified-Since", cond.LastModified)
	}
	var head bytes.Buffer
	fmt.Fprintf(&head, "GET %s HTTP/1.1\r\nHost: %s\r\n", u.RequestURI(), u.Host)
	_ = req.Header.WriteSubset(&head, nil)
	head.WriteString("\r\n")
	hop.Request = head.Bytes()
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		if host, _, err := net.SplitHostPort(info.Conn.RemoteAddr().String()); err == nil {
			hop.IP = host
		}
	}}
	resp, err := f.client.Do(req.WithContext(httptrace.WithClientTrace(ctx, trace)))
	if err != nil {
		return hop, netError(asked, u, err, f.opt)
	}
	defer resp.Body.Close()
	hop.Date = time.Now().UTC()
	hop.Status, hop.Header = resp.StatusCode, resp.Header
	if resp.ContentLength > f.opt.MaxBytes {
		return hop, tooLarge(asked, resp.ContentLength, f.opt.MaxBytes)
	}
	// The body's sha256 (its WARC-Payload-Digest) is worked out as it is read, while the bytes are at hand.
	sum := sha256.New()
	body, err := io.ReadAll(io.TeeReader(io.LimitReader(resp.Body, f.opt.MaxBytes+1), sum))
	if err != nil {
		return hop, netError(asked, u, err, f.opt)
	}
	if int64(len(body)) > f.opt.MaxBytes {
		return hop, tooLarge(asked, int64(len(body)), f.opt.MaxBytes)
	}
	hop.Body, hop.BodySHA256 = body, hex.EncodeToString(sum.Sum(nil))
	hop.Head = responseHead(resp)
	return hop, nil
}

// responseHead writes the status line and headers as a WARC response record keeps them. The body is
// stored de-chunked, so Transfer-Encoding (already taken out by net/http) is not written back.
func responseHead(resp *http.Response) []byte {
	var b bytes.Buffer
	text := strings.TrimSpace(strings.TrimPrefix(resp.Status, fmt.Sprint(resp.StatusCode)))
	if text == "" {
		text = http.StatusText(resp.StatusCode)
	}
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", resp.StatusCode, text)
	_ = resp.Header.WriteSubset(&b, map[string]bool{"Transfer-Encoding": true})
	b.WriteString("\r\n")
	return b.Bytes()
}

func tooLarge(u string, size, limit int64) *Error {
	return &Error{URL: u, Kind: KindTooLarge, Reason: fmt.Sprintf("%v (more than %d bytes; the limit is %d bytes)", ingest.ErrTooLarge, min(size, limit+1)-1, limit), Err: ingest.ErrTooLarge}
}

// netError names a failure without a response: DNS, refused, TLS, timeout.
func netError(asked string, u *url.URL, err error, opt Options) *Error {
	e := &Error{URL: asked, Kind: KindNetwork, Err: err}
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.As(err, &dnsErr):
		e.Kind, e.Reason = KindDNS, fmt.Sprintf("the name %s could not be found (DNS: %s)", dnsErr.Name, dnsErr.Err)
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		e.Kind, e.Reason = KindTimeout, fmt.Sprintf("timed out (connect limit %s, whole fetch %s)", opt.ConnectTimeout, opt.Timeout)
	case errors.Is(err, context.Canceled):
		e.Kind, e.Reason = KindNetwork, "cancelled"
	case isTLS(err):
		e.Kind, e.Reason = KindTLS, "the secure connection failed (TLS): "+innermost(err)
	case errors.As(err, &opErr) && opErr.Op == "dial" && strings.Contains(strings.ToLower(err.Error()), "refused"):
		e.Kind, e.Reason = KindRefused, fmt.Sprintf("the connection to %s was refused", u.Host)
	default:
		e.Reason = "the connection failed: " + innermost(err)
	}
	return e
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

func isTLS(err error) bool {
	s := err.Error()
	return strings.Contains(s, "tls:") || strings.Contains(s, "x509:") || strings.Contains(s, "certificate")
}

// innermost is the last part of a wrapped error's message (net/http repeats the URL).
func innermost(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

// statusError names a failing final status.
func statusError(p *Page) error {
	s := p.Status
	text := http.StatusText(s)
	switch {
	case s < 300 || s == http.StatusNotModified:
		return nil
	case s < 400:
		return &Error{URL: p.URL, Kind: KindRedirects, Status: s, Reason: fmt.Sprintf("HTTP %d %s without a Location to follow", s, text)}
	case s == 401 || s == 402 || s == 403 || s == 451:
		return &Error{URL: p.URL, Kind: KindBlocked, Status: s, Reason: fmt.Sprintf("HTTP %d %s: the site refused the page (a paywall, a login or a block on robots), so it was not imported as an article", s, text)}
	case s == 404 || s == 410:
		return &Error{URL: p.URL, Kind: KindGone, Status: s, Reason: fmt.Sprintf("HTTP %d %s: the page is not there", s, text)}
	case s >= 500:
		return &Error{URL: p.URL, Kind: KindHTTP, Status: s, Reason: fmt.Sprintf("HTTP %d %s: the server failed; try again later", s, text)}
	}
	return &Error{URL: p.URL, Kind: KindHTTP, Status: s, Reason: fmt.Sprintf("HTTP %d %s", s, text)}
}

// mediaType is the page's media type from its Content-Type, sniffed when missing.
func mediaType(contentType string, body []byte) string {
	if contentType == "" {
		contentType = http.DetectContentType(body)
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(strings.Split(contentType, ";")[0]))
	}
	return mt
}

// decodeContent undoes Content-Encoding (gzip, deflate, br, in the order applied), within max bytes.
func decodeContent(body []byte, encoding string, max int64) ([]byte, error) {
	var codings []string
	for c := range strings.SplitSeq(encoding, ",") {
		if c = strings.ToLower(strings.TrimSpace(c)); c != "" && c != "identity" {
			codings = append(codings, c)
		}
	}
	slices.Reverse(codings)
	for _, c := range codings {
		var r io.Reader
		var err error
		switch c {
		case "gzip", "x-gzip":
			r, err = gzip.NewReader(bytes.NewReader(body))
		case "deflate": // zlib as the RFC says; some servers send raw deflate
			if r, err = zlib.NewReader(bytes.NewReader(body)); err != nil {
				r, err = flate.NewReader(bytes.NewReader(body)), nil
			}
		case "br":
			r = brotli.NewReader(bytes.NewReader(body))
		default:
			return nil, fmt.Errorf("the page is compressed as %q, which Gloss cannot read", c)
		}
		if err != nil {
			return nil, fmt.Errorf("the %s-compressed page is broken: %v", c, err)
		}
		out, err := io.ReadAll(io.LimitReader(r, max+1))
		if err != nil {
			return nil, fmt.Errorf("the %s-compressed page is broken: %v", c, err)
		}
		if int64(len(out)) > max {
			return nil, fmt.Errorf("%w (it unpacks to more than %d bytes; the limit is %d bytes)", ingest.ErrTooLarge, max, max)
		}
		body = out
	}
	return body, nil
}

// MaxImageBytes bounds each image fetched with a page.
const MaxImageBytes = 10 << 20

// FetchImages fetches the first n images of the page (img src, data-src; no data: URIs, no SVG, no 1×1
// pixels), each with its redirects, and keeps those that answered 200 with an image in p.Images. A failed
// image is left out: the page stands without it.
func (f *Fetcher) FetchImages(ctx context.Context, p *Page, n int) {
	if n <= 0 || len(p.Content) == 0 {
		return
	}
	for _, src := range imageURLs(p, n) {
		ictx, cancel := context.WithTimeout(ctx, f.opt.Timeout)
		img, err := f.get(ictx, src, Conditional{})
		cancel()
		if err != nil || img.Status != http.StatusOK {
			continue
		}
		final := img.Final()
		mt := mediaType(final.Header.Get("Content-Type"), final.Body)
		if !strings.HasPrefix(mt, "image/") || mt == "image/svg+xml" || int64(len(final.Body)) > MaxImageBytes {
			continue
		}
		p.Images = append(p.Images, img.Hops...)
	}
}

// imageURLs lists the page's first n distinct image addresses, resolved against its final URL.
func imageURLs(p *Page, n int) []string {
	base, err := url.Parse(p.FinalURL)
	if err != nil {
		return nil
	}
	doc, err := html.Parse(bytes.NewReader(p.Content))
	if err != nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	var walk func(*html.Node)
	walk = func(node *html.Node) {
		if len(out) >= n {
			return
		}
		if node.Type == html.ElementNode && node.DataAtom == atom.Img && attr(node, "width") != "1" && attr(node, "height") != "1" {
			for _, key := range []string{"src", "data-src", "data-original"} {
				raw := strings.TrimSpace(attr(node, key))
				if raw == "" || strings.HasPrefix(raw, "data:") {
					continue
				}
				u, err := base.Parse(raw)
				if err != nil || (u.Scheme != "http" && u.Scheme != "https") || seen[u.String()] {
					continue
				}
				seen[u.String()] = true
				out = append(out, u.String())
				break
			}
		}
		for c := node.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}
