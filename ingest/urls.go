package ingest

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"gloss/store"
)

// StatusPlaced is the report item of one annotation from another tool's file: Reason says how it was
// placed (exactly, by its quote, by a UTF-16 position converted).
const StatusPlaced Status = "placed"

// URLKey normalises a web address for matching: scheme and host in lower case, http and https alike,
// the default port, the fragment, a trailing slash and tracking parameters (utm_*, fbclid, gclid)
// dropped, the other query parameters sorted. "" for what is not an http(s) URL.
func URLKey(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	if port := u.Port(); port != "" && port != "80" && port != "443" {
		host += ":" + port
	}
	path := u.EscapedPath()
	if p, err := url.PathUnescape(path); err == nil {
		path = p // %7E and ~ alike
	}
	path = strings.TrimRight(path, "/")
	var params []string
	for _, kv := range strings.Split(u.RawQuery, "&") {
		name, _, _ := strings.Cut(kv, "=")
		lower := strings.ToLower(name)
		if kv == "" || strings.HasPrefix(lower, "utm_") || lower == "fbclid" || lower == "gclid" {
			continue
		}
		params = append(params, kv)
	}
	slices.Sort(params)
	key := "//" + host + path
	if len(params) > 0 {
		key += "?" + strings.Join(params, "&")
	}
	return key
}

// addKeys makes a document findable by every URL it is known by and by its title.
func (l *LibraryTexts) addKeys(d store.Document) {
	if l.byURL == nil {
		l.byURL, l.byTitle = map[string][]string{}, map[string][]string{}
	}
	for _, u := range append(slices.Clone(d.URLs), d.URL, d.Meta.Canonical) {
		if k := URLKey(u); k != "" && !slices.Contains(l.byURL[k], d.ID) {
			l.byURL[k] = append(l.byURL[k], d.ID)
		}
	}
	if k := titleKey(d.Title); k != "" {
		l.byTitle[k] = append(l.byTitle[k], d.ID)
	}
}

func titleKey(title string) string { return strings.ToLower(OneLine(title)) }

// addPDF makes a document findable by its PDF's document id, as Hypothesis names a PDF it annotated
// from a file ("urn:x-pdf:" and PDF.js's fingerprint, the hex of the trailer's first /ID).
func (l *LibraryTexts) addPDF(id, pdfID string) {
	if l.byPDF == nil {
		l.byPDF = map[string][]string{}
	}
	k := strings.ToLower(pdfID)
	if !slices.Contains(l.byPDF[k], id) {
		l.byPDF[k] = append(l.byPDF[k], id)
	}
}

// known is the library documents one address names: a web URL, or a urn:x-pdf: fingerprint.
func (l *LibraryTexts) known(u string) []string {
	if fp, ok := strings.CutPrefix(strings.ToLower(strings.TrimSpace(u)), "urn:x-pdf:"); ok {
		return l.byPDF[fp]
	}
	if k := URLKey(u); k != "" {
		return l.byURL[k]
	}
	return nil
}

// byURLOf is the library documents known by the annotation's target URL.
func (l *LibraryTexts) byURLOf(a BundleAnnotation) []string {
	if ids := l.known(FirstNonEmpty(a.URL, a.DocRef)); len(ids) > 0 {
		return ids
	}
	for _, u := range a.AltURLs {
		if ids := l.known(u); len(ids) > 0 {
			return ids
		}
	}
	if k := titleKey(a.DocTitle); k != "" {
		return l.byTitle[k]
	}
	return nil
}

// findByURL picks the document an annotation's URL names: the only one, or among several known by the
// same URL (an article imported twice) the one only where its quote stands.
func (l *LibraryTexts) findByURL(a BundleAnnotation) string {
	ids := l.byURLOf(a)
	switch {
	case len(ids) == 1:
		return ids[0]
	case len(ids) == 0 || a.Exact == "":
		return ""
	}
	found := ""
	for _, id := range ids {
		if _, _, problem := l.Locate(id, a); problem == "" {
			if found != "" {
				return "" // the quote stands in both: better skipped than attached to the wrong one
			}
			found = id
		}
	}
	return found
}

// notFound says why no document was found for an annotation.
func (l *LibraryTexts) notFound(a BundleAnnotation) string {
	ref := FirstNonEmpty(a.URL, a.DocRef)
	if ids := l.byURLOf(a); len(ids) > 1 {
		return fmt.Sprintf("%d documents in the library are known as %s and its quote %q is in none or several of them", len(ids), FirstNonEmpty(a.URL, a.DocTitle, ref), clipQuote(a.Exact))
	}
	if len(a.AltURLs) > 0 && URLKey(ref) != "" {
		return fmt.Sprintf("no document in the library has the URL %s or any of its other addresses (%s) (import the article first)", ref, strings.Join(a.AltURLs, ", "))
	}
	if fp, ok := strings.CutPrefix(strings.ToLower(ref), "urn:x-pdf:"); ok && len(a.AltURLs) == 0 {
		return fmt.Sprintf("no PDF in the library has the document id %s that Hypothesis names it by (import the PDF first)", fp)
	}
	switch {
	case URLKey(ref) != "" && a.DocTitle != "":
		return fmt.Sprintf("no document in the library has the URL %s or the title %q (import the article first)", ref, clipQuote(a.DocTitle))
	case URLKey(ref) != "":
		return fmt.Sprintf("no document in the library has the URL %s (import the article first)", ref)
	case a.DocTitle != "":
		return fmt.Sprintf("no document in the library has the title %q (import the article first)", clipQuote(a.DocTitle))
	}
	return fmt.Sprintf("its document %s is neither in the file nor in the library (the file does not carry the document's text)", a.DocRef)
}

// utf16Span reads [start, end) as UTF-16 code units (what JavaScript tools count) and converts it to
// code points when the text there is the quote; ok is false otherwise, or when no character of the
// text needs two units (then both counts agree and there is nothing to convert).
func (l *LibraryTexts) utf16Span(docID string, a BundleAnnotation) (start, end int, ok bool) {
	if a.Exact == "" || a.Start < 0 || a.End <= a.Start {
		return 0, 0, false
	}
	units, cp := 0, 0
	start, end = -1, -1
	astral := false
	for _, r := range l.textOf(docID) {
		if units == a.Start {
			start = cp
		}
		if units == a.End {
			end = cp
			break
		}
		if r > 0xFFFF {
			units += 2
			astral = true
		} else {
			units++
		}
		cp++
	}
	if units == a.End && end < 0 {
		end = cp
	}
	if !astral || start < 0 || end < 0 {
		return 0, 0, false
	}
	if quote, found := l.CodePoints(docID).Slice(start, end); found && quote == a.Exact {
		return start, end, true
	}
	return 0, 0, false
}

// placement says how an annotation was placed, for the per-annotation report.
func (l *LibraryTexts) placement(p PlacedAnnotation) string {
	if alt := l.alternateOf(p); alt != "" {
		return l.placedAt(p) + fmt.Sprintf(", its page found by its other address %s", alt)
	}
	return l.placedAt(p)
}

// alternateOf is the other address of the page (AltURLs) that found p's document, "" when its own did.
func (l *LibraryTexts) alternateOf(p PlacedAnnotation) string {
	a := p.BundleAnnotation
	if len(a.AltURLs) == 0 || slices.Contains(l.known(FirstNonEmpty(a.URL, a.DocRef)), p.DocID) {
		return ""
	}
	for _, u := range a.AltURLs {
		if slices.Contains(l.known(u), p.DocID) {
			return u
		}
	}
	return ""
}

func (l *LibraryTexts) placedAt(p PlacedAnnotation) string {
	a := p.BundleAnnotation
	switch {
	case a.Start == p.Start && a.End == p.End:
		return "exactly where the file says"
	case a.Start < 0:
		return fmt.Sprintf("by its quote at %d–%d (the file gave no position)", p.Start, p.End)
	}
	if s, e, ok := l.utf16Span(p.DocID, a); ok && s == p.Start && e == p.End {
		return fmt.Sprintf("by its position, counted in UTF-16 units as JavaScript does (%d–%d), converted to code points %d–%d", a.Start, a.End, p.Start, p.End)
	}
	return fmt.Sprintf("by its quote at %d–%d (the file's position %d–%d was off by %d)", p.Start, p.End, a.Start, a.End, p.Start-a.Start)
}
