package ingest

// PDF files: PDFium (ingest/pdf) reads the characters, its layout analysis the paragraphs in reading
// order; the document is written as Markdown (structured.go) with the code point where each page starts,
// and the PDF itself is kept in the archive beside the library (Provenance.Original).

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"

	"gloss/ingest/pdf"
	"gloss/store"
)

var (
	// ErrNoTextLayer refuses a PDF whose pages are pictures (a scan without OCR).
	ErrNoTextLayer = errors.New("no text layer (a scan?): Gloss does not do OCR")
	// ErrPassword refuses a password-protected PDF read without its password (or with a wrong one).
	ErrPassword = errors.New("password-protected")
	// ErrNoCharMap refuses a PDF whose text layer reads as symbols, not letters: its fonts map their glyphs
	// to no usable characters (no or a wrong ToUnicode map), so the text it would give is garbage.
	ErrNoCharMap = errors.New("text layer has no usable character map")
)

// garbledPages counts the pages whose text is mostly not letters or digits (of pages with at least 100
// characters besides spaces), and the share of the document's characters on them. Text from a working
// character map is 97% letters and digits or more on every page of the quality sets; a broken one
// (TAMReview.pdf) gives 24–66%.
func garbledPages(blocks []pdf.Block) (pages int, share float64) {
	good, all := map[int]int{}, map[int]int{}
	total := 0
	for _, b := range blocks {
		for _, r := range b.Text {
			if unicode.IsSpace(r) {
				continue
			}
			all[b.Page]++
			total++
			if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
				good[b.Page]++
			}
		}
	}
	bad := 0
	for page, n := range all {
		if n >= 100 && good[page]*10 < n*7 {
			pages++
			bad += n
		}
	}
	return pages, float64(bad) / float64(max(total, 1))
}

// ReadBytesWithPassword is ReadBytes for a PDF that needs a password ("" = none), read with the caller's
// engines (nil: made for this call).
func ReadBytesWithPassword(name string, data []byte, password string, eng *Engines) (store.NewDocument, error) {
	return readBytes(filepath.Base(name), data, password, eng)
}

// archivePath is where an original is kept, relative to the archive: named by its hash, so the same
// file is kept once whatever it was called.
func archivePath(sha, ext string) string {
	return filepath.ToSlash(filepath.Join("originals", sha+ext))
}

func readPDF(doc *store.NewDocument, data []byte, password string, eng *Engines) error {
	if eng == nil {
		eng = NewEngines()
		defer eng.Close()
	}
	d, err := eng.pdf.Read(data, password, pdf.Limits{})
	switch {
	case errors.Is(err, pdf.ErrPassword):
		if password == "" {
			return fmt.Errorf("%w: give its password (gloss import --password)", ErrPassword)
		}
		return fmt.Errorf("%w: the password is wrong", ErrPassword)
	case errors.Is(err, pdf.ErrDamaged):
		return fmt.Errorf("%w: %s", ErrDamaged, strings.TrimPrefix(err.Error(), pdf.ErrDamaged.Error()+": "))
	case err != nil:
		return err
	}
	res := pdf.Layout(d)
	if res.Glyphs < 20 || res.PagesWithText*10 < len(d.Pages) {
		return ErrNoTextLayer
	}
	if n, share := garbledPages(res.Blocks); share > 0.5 {
		return fmt.Errorf("%w: on %d of its %d pages the fonts map their glyphs to no letters, so its text would be garbage (Gloss does not do OCR)", ErrNoCharMap, n, len(d.Pages))
	}
	blocks := make([]textBlock, 0, len(res.Blocks))
	for _, b := range res.Blocks {
		tb := textBlock{Text: b.Text, Page: b.Page}
		if b.Kind == pdf.Heading {
			tb.Kind, tb.Level = blockHeading, b.Level
		}
		for _, br := range b.Breaks {
			tb.Breaks = append(tb.Breaks, pageBreak{At: br.At, Page: br.Page})
		}
		blocks = append(blocks, tb)
	}
	st, err := buildStructured(blocks, len(d.Pages))
	if err != nil {
		return err
	}
	doc.Format, doc.Raw, doc.Text = "md", st.Raw, st.Text
	doc.Provenance.Pages = st.Pages
	doc.Provenance.Original = &store.Original{Path: archivePath(doc.SHA256, ".pdf"), SHA256: doc.SHA256,
		MediaType: "application/pdf", Bytes: int64(len(data)), DocumentID: d.ID}
	doc.Title = pdfTitle(d.Title)
	if doc.Title == "" {
		for _, b := range res.Blocks {
			if b.Page > 1 {
				break
			}
			if b.Kind == pdf.Heading {
				doc.Title = CleanLine(shorten(b.Text, maxTitle))
				break
			}
		}
	}
	doc.Date = d.Created
	doc.Meta.Authors = pdfAuthors(d.Author)
	return nil
}

// Titles that producers write for every file say nothing about this one.
var junkTitle = regexp.MustCompile(`(?i)^(untitled|microsoft (word|powerpoint) - .*|.*\.(docx?|pdf|indd|tex|dvi|qxd)|document\d*|title)$`)

func pdfTitle(t string) string {
	t = CleanLine(t)
	if junkTitle.MatchString(t) {
		return ""
	}
	return shorten(t, maxTitle)
}

func pdfAuthors(s string) []string {
	s = strings.ReplaceAll(s, " and ", ";")
	if strings.Count(s, ",") > 1 || !strings.Contains(s, ";") && strings.Count(s, ",") == 1 && len(strings.Fields(s)) > 3 {
		s = strings.ReplaceAll(s, ",", ";")
	}
	return splitAuthors(s)
}

// keepOriginal writes an original file into the library's archive (once: it is named by its hash),
// durably (store.WriteFileAtomic: synced, renamed, its folder synced), before the document that points
// at it is stored.
func keepOriginal(s *store.Store, o *store.Original, data []byte) error {
	path := filepath.Join(store.LayoutOf(s.Path()).Archive(), filepath.FromSlash(o.Path))
	if info, err := os.Stat(path); err == nil && info.Size() == int64(len(data)) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("keeping the original: %w", err)
	}
	err := store.WriteFileAtomic(path, 0o600, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
	if err != nil {
		return fmt.Errorf("keeping the original: %w", err)
	}
	return nil
}

// OriginalPath is where a version's original file lies on disk, or "" when it has none.
func OriginalPath(s *store.Store, o *store.Original) string {
	if o == nil || o.Path == "" || strings.Contains(o.Path, "..") || filepath.IsAbs(o.Path) {
		return ""
	}
	return filepath.Join(store.LayoutOf(s.Path()).Archive(), filepath.FromSlash(o.Path))
}

// sameOriginal: a file already in the library by its bytes is a duplicate (addDocument says so); one whose
// PDF id is a stored document's, with other bytes, is a revised copy of it: offered as a new version.
func sameOriginal(s *store.Store, name string, nd store.NewDocument, o *store.Original) (ReportItem, bool) {
	if _, ok, err := s.DocumentBySHA(nd.SHA256); err != nil || ok {
		return ReportItem{}, false
	}
	doc, ok, err := s.DocumentByOriginalID(o.DocumentID)
	if err != nil || !ok {
		return ReportItem{}, false
	}
	return ReportItem{File: name, Status: StatusNewVersion, DocID: doc.ID, Title: doc.Title,
		Reason: fmt.Sprintf("a revised copy of “%s” (the same PDF id): import it as a new version (version %d now)", doc.Title, doc.Version)}, true
}
