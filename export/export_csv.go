package export

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"gloss/store"
)

// csvHeader names the columns, one row per annotation: the article's URL, outlet, authors and published
// date; captured_at, when the version quoted was captured from the web; page ("p. 12", "pp. 12–13")
// when that version has pages; anchor and confidence, how re-anchoring placed it (exact, moved, fuzzy,
// orphan), and quote_as_made / made_in_version, the words as highlighted when they differ from quote.
// capture_sha256 and warc_record_id name the capture of the version quoted (each version its own), so a
// quote made on an older version cites the page as it was then. kind says what a row is: "annotation";
// "memo", a document's memo (document columns filled, the memo's text in note, its writer in author,
// no quote); "project note", a note of the library (its title in title, its text in note, its writer in
// author). Memos come before their document's annotations, project notes after every document, so one
// sheet filtered on kind gives each, with every writer named.
// The first thirteen keep their places from before (date and source renamed published and outlet); the
// columns added since come at the end.
var csvHeader = []string{"document", "title", "published", "outlet", "tags", "quote", "note", "start", "end", "version", "author", "created", "modified",
	"url", "authors", "captured_at", "page", "anchor", "confidence", "quote_as_made", "made_in_version",
	"kind", "capture_sha256", "warc_record_id"}

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
		if m := d.memo; m != nil && strings.TrimSpace(m.Body) != "" {
			row := make([]string, len(csvHeader))
			copy(row, []string{d.ID, csvText(d.Title), d.Date, csvText(d.Source), "", "", csvText(m.Body), "", "", "",
				csvText(m.Author), exportTimestamp(m.Created), exportTimestamp(m.Modified), url, authors})
			row[len(row)-3] = "memo"
			if err := cw.Write(row); err != nil {
				return err
			}
		}
		for _, a := range anns {
			v := prov.at(selectorVersion(a))
			row := []string{d.ID, csvText(d.Title), d.Date, csvText(d.Source), csvText(strings.Join(p.tagNames(a.Tags), "; ")),
				csvText(a.Exact), csvText(a.Note), strconv.Itoa(a.Start), strconv.Itoa(a.End), strconv.Itoa(selectorVersion(a)),
				csvText(a.Author), exportTimestamp(a.Created), exportTimestamp(a.Modified),
				url, authors, captureTime(v.Capture), pageCite(v, a.Start, a.End)}
			row = append(row, anchorColumns(a)...)
			row = append(row, "annotation", captureSHA(v.Capture), captureRecord(v.Capture))
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
	for _, n := range p.notes {
		if strings.TrimSpace(n.Body) == "" && strings.TrimSpace(n.Title) == "" {
			continue
		}
		row := make([]string, len(csvHeader))
		row[1], row[6], row[10], row[11], row[12] = csvText(n.Title), csvText(n.Body), csvText(n.Author), exportTimestamp(n.Created), exportTimestamp(n.Modified)
		row[len(row)-3] = "project note"
		if err := cw.Write(row); err != nil {
			return err
		}
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

// anchorColumns: anchor status, confidence, and the quote as made with its version where it differs
// from the quote the row carries (issue 17).
func anchorColumns(a store.Annotation) []string {
	status, conf := a.Anchor.Status, a.Anchor.Confidence
	if status == "" {
		status, conf = "exact", 1
	}
	made, madeIn := "", ""
	if m := a.Made(); m.Exact != a.Exact {
		made, madeIn = csvText(m.Exact), strconv.Itoa(m.Version)
	}
	return []string{status, strconv.FormatFloat(conf, 'f', 2, 64), made, madeIn}
}

// captureSHA is the sha256 of the page a version was captured from ("" when it was not).
func captureSHA(c *store.Capture) string {
	if c == nil {
		return ""
	}
	return c.PayloadSHA256
}

// captureRecord is the WARC-Record-ID of a version's capture, as the WARC and WACZ exports hold it.
func captureRecord(c *store.Capture) string {
	if c == nil {
		return ""
	}
	return c.WARCRecordID
}
