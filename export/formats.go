package export

import (
	"io"
	"strings"

	"gloss/store"
)

// Format is one export format. Formats() is the only list of them: the CLI's usage and --format check,
// the window's export dialog (through app's ExportFormats binding) and Export's dispatch all read it.
type Format struct {
	Name        string `json:"name"`        // what --format takes: "md"
	Ext         string `json:"ext"`         // the file name extension, with its dot: ".md"
	Description string `json:"description"` // what the export dialog offers: "Markdown (Obsidian)"
	BOM         bool   `json:"bom"`         // can start with a UTF-8 byte order mark (ExportOptions.BOM)
	PerDocument bool   `json:"perDocument"` // can write one file per document (ExportOptions.PerDocument)
	// PerAnnotation: can write one file per annotation (ExportOptions.PerAnnotation).
	PerAnnotation bool `json:"perAnnotation"`
	write         func(s *store.Store, w io.Writer, opt ExportOptions) error
}

// Formats lists the export formats in the order the window offers them (a new slice each call).
func Formats() []Format {
	return []Format{
		{Name: "md", Ext: ".md", Description: "Markdown (Obsidian)", PerDocument: true, PerAnnotation: true, write: exportMarkdown},
		{Name: "csv", Ext: ".csv", Description: "CSV (spreadsheets)", BOM: true, write: exportCSV},
		{Name: "html", Ext: ".html", Description: "HTML evidence pack (printable)", write: exportHTML},
		{Name: "jsonld", Ext: ".jsonld", Description: "W3C Web Annotation JSON-LD", write: exportJSONLD},
		{Name: "qdpx", Ext: ".qdpx", Description: "REFI-QDA project (.qdpx)", write: exportQDPX},
		{Name: "qdc", Ext: ".qdc", Description: "REFI-QDA codebook (.qdc)", write: exportQDC},
		{Name: "warc", Ext: ".warc.gz", Description: "Web captures (WARC, for replay tools)", write: exportWARC},
		{Name: "wacz", Ext: ".wacz", Description: "Web archive package (WACZ, for ReplayWeb.page)", write: exportWACZ},
	}
}

// FormatNamed finds a format by its Name.
func FormatNamed(name string) (Format, bool) {
	for _, f := range Formats() {
		if f.Name == name {
			return f, true
		}
	}
	return Format{}, false
}

// FormatNames is "md, csv, html, jsonld, qdpx, qdc" (with sep between), for usage lines and errors.
func FormatNames(sep string) string {
	var names []string
	for _, f := range Formats() {
		names = append(names, f.Name)
	}
	return strings.Join(names, sep)
}
