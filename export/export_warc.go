package export

// WARC export: the web captures of the chosen documents (every version's) as one WARC/1.1 file that
// replay tools (pywb, ReplayWeb.page, the Wayback Machine's tools) open. The records are copied from the
// library's archive byte for byte (gzip member by member), so their digests and ids stay those the
// versions' provenance names; one warcinfo record about the export comes first.

import (
	"fmt"
	"io"

	"gloss/archive"
	"gloss/store"
	"gloss/version"
)

func exportWARC(s *store.Store, w io.Writer, opt ExportOptions) error {
	return writeWARC(s, w, opt, nil)
}

// warcCopied is one record as copied into an export: where it starts in the output and how long it is
// (its gzip member), for a WACZ's index.
type warcCopied struct {
	archive.Record
	Offset, Length int64
}

// countingWriter counts what passes through it (the offsets of the records copied).
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// writeWARC writes the WARC export to w, calling copied (when set) for each capture record copied.
func writeWARC(s *store.Store, out io.Writer, opt ExportOptions, copied func(warcCopied)) error {
	w := &countingWriter{w: out}
	ids := opt.DocIDs
	if len(ids) == 0 {
		docs, err := s.Documents()
		if err != nil {
			return err
		}
		for _, d := range docs {
			ids = append(ids, d.ID)
		}
	}
	arc := archive.Of(s.Path())
	var files []string
	seen := map[string]bool{}
	for _, id := range ids {
		infos, err := s.Versions(id)
		if err != nil {
			return err
		}
		for _, v := range infos {
			if c := v.Capture; c != nil && c.WARCFile != "" && !seen[c.WARCFile] {
				seen[c.WARCFile] = true
				files = append(files, c.WARCFile)
			}
		}
	}
	if len(files) == 0 && len(opt.DocIDs) > 0 {
		return fmt.Errorf("none of the %d chosen documents was captured from the web: there is no WARC to export", len(opt.DocIDs))
	}
	if err := writeExportInfo(w, len(files)); err != nil {
		return err
	}
	for i, f := range files {
		if err := arc.ReadFile(f, func(r archive.Record) error {
			if r.Type == "warcinfo" && i > 0 {
				return nil // one file, one description: the first capture's warcinfo is kept with ours
			}
			if len(r.Raw) == 0 {
				return fmt.Errorf("%s: record %s could not be copied", f, r.ID)
			}
			off := w.n
			if _, err := w.Write(r.Raw); err != nil {
				return err
			}
			if copied != nil {
				copied(warcCopied{Record: r, Offset: off, Length: int64(len(r.Raw))})
			}
			return nil
		}); err != nil {
			return fmt.Errorf("the archive: %w", err)
		}
		if opt.Progress != nil {
			opt.Progress(ExportProgress{Documents: i + 1, TotalDocuments: len(files)})
		}
	}
	return nil
}

// writeExportInfo writes the export's own warcinfo record.
func writeExportInfo(w io.Writer, captures int) error {
	return archive.WriteWarcinfo(w, "gloss-export.warc.gz", fmt.Sprintf("software: %s\nformat: WARC File Format 1.1\n"+
		"conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\n"+
		"description: %d web capture file(s) exported from a Gloss library\n", version.Software(), captures))
}
