package export

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"gloss/store"
)

// csvHeader names the columns, one row per annotation.
var csvHeader = []string{"document", "title", "date", "source", "tags", "quote", "note", "start", "end", "version", "author", "created", "modified"}

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
		for _, a := range anns {
			row := []string{d.ID, csvText(d.Title), d.Date, csvText(d.Source), csvText(strings.Join(p.tagNames(a.Tags), "; ")),
				csvText(a.Exact), csvText(a.Note), strconv.Itoa(a.Start), strconv.Itoa(a.End), strconv.Itoa(selectorVersion(a)),
				csvText(a.Author), exportTimestamp(a.Created), exportTimestamp(a.Modified)}
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
