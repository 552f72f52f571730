package export

import (
	"cmp"
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"gloss/store"
)

// csvHeader names the columns, one row per annotation: the article's URL, outlet, authors and published
// date; captured_at, when the version quoted was captured from the web; page ("p. 12", "pp. 12–13")
// when that version has pages; anchor and confidence, how the quote relates to the current version
// (exact, moved, fuzzy: the passage was edited and the quote is its new wording; orphan: not found, the
// quote is from the version named).
// The first thirteen keep their places from before (date and source renamed published and outlet).
var csvHeader = []string{"document", "title", "published", "outlet", "tags", "quote", "note", "start", "end", "version", "author", "created", "modified",
	"url", "authors", "captured_at", "page", "anchor", "confidence"}

// exportCSV writes RFC 4180 CSV in UTF-8 (CRLF line ends, as the RFC and Excel expect).
func exportCSV(s *store.Store, w io.Writer, opt ExportOptions) error {
	p, err := newExportPlan(s, opt, false)
	if err != nil {
		return err
	}
	if opt.BOM {
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	err = p.eachDocument(func(d exportDoc, anns []store.Annotation) error {
		prov, err := loadProvenance(s, d)
		if err != nil {
			return err
		}
		url, authors := csvText(articleURL(d.Document, prov)), csvText(strings.Join(d.Meta.Authors, "; "))
		for _, a := range anns {
			v := prov.at(selectorVersion(a))
			row := []string{d.ID, csvText(d.Title), d.Date, csvText(d.Source), csvText(strings.Join(p.tagNames(a.Tags), "; ")),
				csvText(a.Exact), csvText(a.Note), strconv.Itoa(a.Start), strconv.Itoa(a.End), strconv.Itoa(selectorVersion(a)),
				csvText(a.Author), exportTimestamp(a.Created), exportTimestamp(a.Modified),
				url, authors, captureTime(v.Capture), pageCite(v, a.Start, a.End), anchorStatus(a), strconv.FormatFloat(anchorConfidence(a), 'f', 2, 64)}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// csvText defuses spreadsheet formulas: article text and notes are not trusted, and a cell starting with
// = + - @ (or a tab or CR) is run as a formula by Excel and LibreOffice. A leading apostrophe shows the
// text as text (OWASP's advice).
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// anchorStatus is how an annotation's quote relates to its document's current version ("exact" for
// one made on it).
func anchorStatus(a store.Annotation) string { return cmp.Or(a.Anchor.Status, store.AnchorExact) }

func anchorConfidence(a store.Annotation) float64 {
	if a.Anchor.Status == "" {
		return 1
	}
	return a.Anchor.Confidence
}
