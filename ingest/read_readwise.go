package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// ErrNotReadwise means a CSV file is not a Readwise highlights export.
var ErrNotReadwise = errors.New("not a Readwise export")

// readwiseColumns are the export's columns Gloss reads, each under the names Readwise has used.
var readwiseColumns = map[string][]string{
	"highlight": {"highlight"},
	"title":     {"title", "book title"},
	"author":    {"author", "book author"},
	"url":       {"url", "source url", "book url", "highlight url"},
	"note":      {"note"},
	"location":  {"location"},
	"date":      {"date", "highlighted at", "highlighted_at"},
	"tags":      {"tags"},
}

// ReadReadwise reads a Readwise CSV export (Highlight, Title, Author, URL, Note, Location, Date, and
// Tags when present): each highlight is placed in the library document known by its URL (every URL a
// document has), else the one whose title is the book title, by its quote. Readwise's Location counts
// in the source's own units (Kindle locations, page numbers), so it is no position here.
func ReadReadwise(r io.Reader) (Bundle, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Bundle{}, err
	}
	w := &w3cReader{tagByPath: map[string]string{}}
	err = readReadwiseRows(data, w, func(a BundleAnnotation) error {
		w.bundle.Annotations = append(w.bundle.Annotations, a)
		return nil
	})
	if err != nil {
		return Bundle{}, err
	}
	w.bundle.ReportPlacements = true
	return w.bundle, nil
}

// readReadwiseStream is ReadReadwise with the highlights left in the file (issue 22): a first pass over
// the rows makes the tags, counts the highlights and notes the bad rows; each later walk reads the rows
// again, one at a time, so the import places and writes them in batches (applyStreamed) and holds no
// more than a batch of them. A 16 MB export took 1.15 GB read whole.
func readReadwiseStream(data []byte) (Bundle, error) {
	w := &w3cReader{tagByPath: map[string]string{}}
	count := 0
	if err := readReadwiseRows(data, w, func(BundleAnnotation) error { count++; return nil }); err != nil {
		return Bundle{}, err
	}
	b := w.bundle
	b.ReportPlacements = true
	b.annotationCount = count
	b.each = func(fn func(BundleAnnotation) error) error {
		// Later walks add no tags (pathTag finds them all) and repeat no problem.
		quiet := &w3cReader{tagByPath: w.tagByPath, bundle: Bundle{Tags: w.bundle.Tags}}
		return readReadwiseRows(data, quiet, fn)
	}
	return b, nil
}

// readReadwiseRows reads the export's header and hands fn each highlight, row by row; rows it cannot
// use are w's problems, and the tags w's.
func readReadwiseRows(data []byte, w *w3cReader, fn func(BundleAnnotation) error) error {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNotReadwise, err)
	}
	col := map[string]int{}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		for key, names := range readwiseColumns {
			for _, n := range names {
				if name == n {
					if _, seen := col[key]; !seen {
						col[key] = i
					}
				}
			}
		}
	}
	if _, ok := col["highlight"]; !ok {
		return fmt.Errorf("%w: no Highlight column (columns: %s)", ErrNotReadwise, strings.Join(header, ", "))
	}
	_, hasURL := col["url"]
	_, hasTitle := col["title"]
	if !hasURL && !hasTitle {
		return fmt.Errorf("%w: no URL or Title column to find the highlights' documents by", ErrNotReadwise)
	}
	for row := 2; ; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		what := fmt.Sprintf("row %d", row)
		if err != nil {
			w.bundle.problem(what, "not readable CSV: %v", err)
			continue
		}
		get := func(key string) string {
			if i, ok := col[key]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		quote := get("highlight")
		if quote == "" {
			w.bundle.problem(what, "no highlight text")
			continue
		}
		a := BundleAnnotation{Ref: what, Start: -1, End: -1, Exact: quote, Note: get("note"),
			URL: get("url"), DocTitle: get("title"), Created: readwiseTime(get("date"))}
		a.DocRef = FirstNonEmpty(a.URL, a.DocTitle)
		a.Modified = a.Created
		for _, tag := range strings.Split(get("tags"), ",") {
			if path := strings.Trim(strings.TrimSpace(tag), "/"); path != "" {
				a.TagRefs = append(a.TagRefs, w.pathTag(path, true))
			}
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	return nil
}

// readwiseTime reads the dates Readwise writes ("2024-05-01 10:20:30+00:00", RFC 3339, or a bare date).
func readwiseTime(s string) time.Time {
	for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05-07:00", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02", "January 2, 2006 3:04 PM"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
