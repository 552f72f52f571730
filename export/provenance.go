package export

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gloss/anchor"

	"gloss/store"
)

// docProvenance is what every export says about where a document's versions came from: the provenance
// of each version the exported annotations describe, read once per document.
type docProvenance struct {
	versions map[int]store.Provenance
	imported map[int]time.Time
}

// loadProvenance reads the provenance of the versions d's annotations describe (all, when not counted).
func loadProvenance(s *store.Store, d exportDoc) (docProvenance, error) {
	dp := docProvenance{versions: map[int]store.Provenance{}, imported: map[int]time.Time{}}
	ns := d.versions
	if len(ns) == 0 {
		for n := 1; n <= d.Version; n++ {
			ns = append(ns, n)
		}
	}
	for _, n := range ns {
		if n < 1 || n > d.Version {
			continue
		}
		v, err := s.Version(d.ID, n)
		if err != nil {
			return dp, fmt.Errorf("document %q: %w", d.Title, err)
		}
		dp.versions[n], dp.imported[n] = v.Provenance, v.ImportedAt
	}
	return dp, nil
}

// at is version n's provenance (empty when unknown).
func (dp docProvenance) at(n int) store.Provenance { return dp.versions[n] }

// latestCapture is the capture of the newest version that has one.
func (dp docProvenance) latestCapture() *store.Capture {
	best := 0
	var c *store.Capture
	for n, p := range dp.versions {
		if p.Capture != nil && n > best {
			best, c = n, p.Capture
		}
	}
	return c
}

// articleURL is the address an outside reader can open: the document's URL, its canonical URL, or where
// a capture landed; "" for a document that never came from the web.
func articleURL(d store.Document, dp docProvenance) string {
	for _, u := range []string{d.URL, d.Meta.Canonical} {
		if isWebURL(u) {
			return strings.TrimSpace(u)
		}
	}
	if c := dp.latestCapture(); c != nil {
		for _, u := range []string{c.FinalURL, c.URL} {
			if isWebURL(u) {
				return strings.TrimSpace(u)
			}
		}
	}
	return ""
}

func isWebURL(u string) bool {
	u = strings.ToLower(strings.TrimSpace(u))
	return strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")
}

// pageCite is "p. 12" or "pp. 12–13" for code points [start, end) of a version with pages, else "".
func pageCite(p store.Provenance, start, end int) string {
	first, last := p.PageRange(start, end)
	switch {
	case first == 0:
		return ""
	case first == last:
		return fmt.Sprintf("p. %d", first)
	}
	return fmt.Sprintf("pp. %d–%d", first, last)
}

// captureTime is a capture's retrieval time as every format writes it, "" without a capture.
func captureTime(c *store.Capture) string {
	if c == nil || c.RetrievedAt.IsZero() {
		return ""
	}
	return exportTimestamp(c.RetrievedAt)
}

// warcRecordIRI is a capture's WARC-Record-ID as an IRI ("<urn:uuid:…>" loses its brackets).
func warcRecordIRI(c *store.Capture) string {
	if c == nil {
		return ""
	}
	return strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(c.WARCRecordID), "<"), ">")
}

// humanTime is a time for people outside Gloss: "2 Dec 2026 14:03 UTC".
func humanTime(t time.Time) string { return t.UTC().Format("2 Jan 2006 15:04 UTC") }

// citeHTML says, for an outside reader, where the wording of version n of d comes from: the version (and
// that the article changed since, when it did), when and from where it was captured, the hash of the
// page as received and its WARC record; or when it was imported. Every value is escaped here.
func citeHTML(d exportDoc, url string, n int, dp docProvenance) template.HTML {
	var b []byte
	prov := dp.at(n)
	b = append(b, "Quoted from "...)
	if d.Version > 1 {
		b = append(b, "version "...)
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, " of "...)
		b = strconv.AppendInt(b, int64(d.Version), 10)
		if n < d.Version {
			b = append(b, " (the article has changed since: this is its wording then)"...)
		}
		b = append(b, ", "...)
	} else {
		b = append(b, "the text "...)
	}
	link := func(u string) {
		b = append(b, "<a href=\""...)
		b = htmlEscapeAppend(b, u)
		b = append(b, "\">"...)
		b = htmlEscapeAppend(b, u)
		b = append(b, "</a>"...)
	}
	if c := prov.Capture; c != nil && !c.RetrievedAt.IsZero() {
		b = append(b, "captured "...)
		b = append(b, humanTime(c.RetrievedAt)...)
		if u := strings.TrimSpace(c.FinalURL); isWebURL(u) {
			b = append(b, " from "...)
			link(u)
		} else if url != "" {
			b = append(b, " from "...)
			link(url)
		}
		if c.PayloadSHA256 != "" {
			b = append(b, " · SHA-256 of the page as received: <code>"...)
			b = htmlEscapeAppend(b, c.PayloadSHA256)
			b = append(b, "</code>"...)
		}
		if id := warcRecordIRI(c); id != "" {
			b = append(b, " · kept as WARC record <code>"...)
			b = htmlEscapeAppend(b, id)
			b = append(b, "</code>"...)
		}
	} else {
		b = append(b, "imported "...)
		if t, ok := dp.imported[n]; ok && !t.IsZero() {
			b = append(b, humanTime(t)...)
		}
		if url != "" {
			b = append(b, " · source "...)
			link(url)
		}
	}
	return template.HTML(b) // #nosec: every value above went through htmlEscapeAppend
}

// madeOn is the version that was current when an annotation was made: the newest imported by then
// (1 when the annotation is older than every version, as after an import of someone's work).
func (dp docProvenance) madeOn(created time.Time) int {
	best, bestAt := 1, time.Time{}
	for n, at := range dp.imported {
		if !at.After(created) && at.After(bestAt) {
			best, bestAt = n, at
		}
	}
	return best
}

// wordingThen finds a quote's wording in an older version's text, re-anchoring its selectors there
// (the same matcher that moved it forward); ok is false when that text no longer holds it.
func wordingThen(oldText string, a store.Annotation) (string, bool) {
	r := anchor.Reanchor(oldText, anchor.Selector{Start: a.Start, End: a.End, Exact: a.Exact, Prefix: a.Prefix, Suffix: a.Suffix})
	if r.Status == anchor.StatusOrphan || r.End <= r.Start {
		return "", false
	}
	runes := 0
	from, to := -1, len(oldText)
	for i := range oldText {
		if runes == r.Start {
			from = i
		}
		if runes == r.End {
			to = i
			break
		}
		runes++
	}
	if from < 0 || !utf8.ValidString(oldText[from:to]) {
		return "", false
	}
	return oldText[from:to], true
}

// thenHTML says on which older version an annotation was made, when it was captured, and what the
// quote read then: for an outside reader who must know the wording they cite was on the page.
func thenHTML(n int, dp docProvenance, wording string, found bool, now string) template.HTML {
	var b []byte
	b = append(b, "First quoted on version "...)
	b = strconv.AppendInt(b, int64(n), 10)
	if c := dp.at(n).Capture; c != nil && !c.RetrievedAt.IsZero() {
		b = append(b, ", captured "...)
		b = append(b, humanTime(c.RetrievedAt)...)
		if c.PayloadSHA256 != "" {
			b = append(b, " (SHA-256 <code>"...)
			b = htmlEscapeAppend(b, c.PayloadSHA256)
			b = append(b, "</code>)"...)
		}
	}
	switch {
	case !found:
		b = append(b, "; its wording there could not be found again"...)
	case wording == now:
		b = append(b, ", with the same wording"...)
	default:
		b = append(b, ", where it read: “"...)
		b = htmlEscapeAppend(b, wording)
		b = append(b, "”"...)
	}
	return template.HTML(b) // #nosec: every value went through htmlEscapeAppend
}
