package store

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Meta is what a page, a file or its front matter says about a document beyond its title, date (the
// published date) and Source (the outlet or file name). Importers fill it; a person can edit it.
type Meta struct {
	Authors   []string `json:"authors,omitempty"`
	Modified  string   `json:"modified,omitempty"`  // YYYY-MM-DD, when the page says it was last changed
	Language  string   `json:"language,omitempty"`  // BCP 47 tag ("de", "zh", "ar"); "" unknown
	Section   string   `json:"section,omitempty"`   // the outlet's section ("Politics")
	Canonical string   `json:"canonical,omitempty"` // the page's canonical URL
	Claims    []Claim  `json:"claims,omitempty"`    // schema.org ClaimReview on a fact-check page
}

// Updated is m with every field that newer gives (non-empty) taken from it: a new version's page says
// what it says now (a modified date, a corrected byline), and keeps what it does not say.
func (m Meta) Updated(newer Meta) Meta {
	pick := func(old, new string) string {
		if new != "" {
			return new
		}
		return old
	}
	m.Modified, m.Language = pick(m.Modified, newer.Modified), pick(m.Language, newer.Language)
	m.Section, m.Canonical = pick(m.Section, newer.Section), pick(m.Canonical, newer.Canonical)
	if len(newer.Authors) > 0 {
		m.Authors = slices.Clone(newer.Authors)
	}
	if len(newer.Claims) > 0 {
		m.Claims = slices.Clone(newer.Claims)
	}
	return m
}

// Claim is one schema.org ClaimReview: the claim a fact-check reviewed and its verdict.
type Claim struct {
	Claim     string `json:"claim"`               // claimReviewed
	Rating    string `json:"rating,omitempty"`    // reviewRating.alternateName (or ratingValue/bestRating)
	Author    string `json:"author,omitempty"`    // itemReviewed.author: who made the claim
	Appeared  string `json:"appeared,omitempty"`  // where the claim appeared (URL), when the page says
	ClaimDate string `json:"claimDate,omitempty"` // YYYY-MM-DD
}

// Capture is how a version was fetched from the web: the evidence that this text was that page then.
type Capture struct {
	URL           string    `json:"url"`                 // as asked for
	FinalURL      string    `json:"finalUrl"`            // after redirects
	Redirects     []string  `json:"redirects,omitempty"` // every Location followed, in order
	RetrievedAt   time.Time `json:"retrievedAt"`         // UTC
	Status        int       `json:"status"`              // HTTP status of the final response
	ETag          string    `json:"etag,omitempty"`
	LastModified  string    `json:"lastModified,omitempty"`
	PayloadSHA256 string    `json:"payloadSha256"` // of the response body as received (decoded transfer, not content, encoding)
	TextSHA256    string    `json:"textSha256"`    // of the extracted canonical text
	WARCFile      string    `json:"warcFile"`      // path relative to Layout.Archive()
	WARCRecordID  string    `json:"warcRecordId"`  // the response record's WARC-Record-ID (<urn:uuid:…>)
}

// Original is the file a version was read from, kept in the archive beside the library (PDFs, Word files).
type Original struct {
	Path       string `json:"path"` // relative to Layout.Archive()
	SHA256     string `json:"sha256"`
	MediaType  string `json:"mediaType"`
	Bytes      int64  `json:"bytes"`
	DocumentID string `json:"documentId,omitempty"` // the PDF's own document id (trailer /ID), when it has one
	Struck     []int  `json:"struck,omitempty"`     // PDF pages with struck-through text (tracked deletions), left out of the text
}

// Provenance is what a version records about where its text came from; all of it is optional.
type Provenance struct {
	Capture  *Capture  `json:"capture,omitempty"`
	Original *Original `json:"original,omitempty"`
	Pages    []int     `json:"pages,omitempty"` // code point where each page starts in the text (PDF); Pages[0] == 0
}

// PageOf returns the 1-based page holding code point cp, or 0 when the version has no pages.
func (p Provenance) PageOf(cp int) int {
	if len(p.Pages) == 0 {
		return 0
	}
	i, found := slices.BinarySearch(p.Pages, cp)
	if found {
		return i + 1
	}
	return max(i, 1)
}

// PageRange returns the pages a span [start, end) covers (end exclusive), or 0, 0 without pages.
func (p Provenance) PageRange(start, end int) (first, last int) {
	if len(p.Pages) == 0 {
		return 0, 0
	}
	return p.PageOf(start), p.PageOf(max(start, end-1))
}

func validateProvenance(p Provenance, runes int) error {
	for i, at := range p.Pages {
		if at < 0 || at > runes || (i > 0 && at <= p.Pages[i-1]) || (i == 0 && at != 0) {
			return fmt.Errorf("page %d starts at %d: pages must start at 0 and rise within the text (%d code points)", i+1, at, runes)
		}
	}
	return nil
}

// documentURLs is every URL a document is known by: its URL, the canonical one and where captures
// came from (asked for, redirected through, landed on), without repeats.
func documentURLs(d Document, p Provenance) []string {
	out := slices.Clone(d.URLs)
	add := func(u string) {
		if u = strings.TrimSpace(u); u != "" && !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	add(d.URL)
	add(d.Meta.Canonical)
	if c := p.Capture; c != nil {
		add(c.URL)
		for _, r := range c.Redirects {
			add(r)
		}
		add(c.FinalURL)
	}
	return out
}

// SetMeta replaces a document's Meta (authors, language, …) as one undoable step.
func (s *Store) SetMeta(id string, m Meta) (Document, error) {
	var d Document
	err := s.write(opDocMeta, true, func(cs *changeSet) (string, error) {
		var err error
		if d, err = getDoc(cs.tx, id); err != nil {
			return "", err
		}
		d.Meta = m
		d.URLs = documentURLs(d, Provenance{})
		return fmt.Sprintf("Details of %q edited", d.Title), putDoc(cs, d)
	})
	if err != nil {
		return Document{}, err
	}
	return d, nil
}
