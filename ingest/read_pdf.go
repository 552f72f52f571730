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
	"strconv"
	"strings"

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

// The line that stands in the text for a page whose text layer gives no text (pdf.Unreadable), so that
// the Reader shows where it is and what is missing; UnreadablePages finds them again.
const noTextSuffix = " — Gloss does not do OCR]"

func noTextLine(u pdf.Unreadable) string {
	what := "no usable text layer: its fonts map their glyphs to no letters"
	if u.Layer == pdf.Picture {
		what = "a picture without a text layer (a scan?)"
	}
	return fmt.Sprintf("[Page %d: %s%s", u.Page, what, noTextSuffix)
}

var noTextLineRE = regexp.MustCompile(`\[Page (\d+): [^\]\n]{1,80}` + regexp.QuoteMeta(noTextSuffix))

// UnreadablePages are the pages of a PDF's text that stand for a page without usable text.
func UnreadablePages(text string) []int {
	var pages []int
	for _, m := range noTextLineRE.FindAllStringSubmatch(text, -1) {
		if n, err := strconv.Atoi(m[1]); err == nil {
			pages = append(pages, n)
		}
	}
	return pages
}

// unreadableWarning is what the import report says of a PDF with such pages, and of one whose struck-
// through text was left out ("" when it has neither).
func unreadableWarning(nd store.NewDocument) string {
	if o := nd.Provenance.Original; o == nil || o.MediaType != "application/pdf" {
		return ""
	}
	var says []string
	if pages := UnreadablePages(nd.Text); len(pages) > 0 {
		what := "page " + pageList(pages) + " has"
		if len(pages) > 1 {
			what = "pages " + pageList(pages) + " have"
		}
		says = append(says, what+" no usable text layer (Gloss does not do OCR): a line in the text stands for each")
	}
	if struck := nd.Provenance.Original.Struck; len(struck) > 0 {
		what := "page " + pageList(struck)
		if len(struck) > 1 {
			what = "pages " + pageList(struck)
		}
		says = append(says, "struck-through text on "+what+" (deleted in tracked changes?) is left out: the text reads as the document does now; the original keeps it")
	}
	return strings.Join(says, "; ")
}

// pageList writes pages as "3, 7–9, 12".
func pageList(pages []int) string {
	var b strings.Builder
	for i := 0; i < len(pages); {
		j := i
		for j+1 < len(pages) && pages[j+1] == pages[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(pages[i]))
		if j > i {
			b.WriteString("–" + strconv.Itoa(pages[j]))
		}
		i = j + 1
	}
	return b.String()
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
	// Pages without usable text are judged one by one (a line stands for each); most of them, and the
	// whole document is refused.
	unmapped := 0
	for _, u := range res.Unreadable {
		if u.Layer == pdf.Unmapped {
			unmapped++
		}
	}
	if unmapped*2 > len(d.Pages) {
		return fmt.Errorf("%w: on %d of its %d pages the fonts map their glyphs to no letters, so its text would be garbage (Gloss does not do OCR)", ErrNoCharMap, unmapped, len(d.Pages))
	}
	if res.Glyphs < 20 || res.PagesWithText*10 < len(d.Pages) {
		return ErrNoTextLayer
	}
	blocks := make([]textBlock, 0, len(res.Blocks))
	layer := make(map[int]pdf.TextLayer, len(res.Unreadable))
	for _, u := range res.Unreadable {
		layer[u.Page] = u.Layer
	}
	for _, b := range res.Blocks {
		tb := textBlock{Text: b.Text, Page: b.Page}
		switch b.Kind {
		case pdf.Heading:
			tb.Kind, tb.Level = blockHeading, b.Level
		case pdf.NoText:
			tb.Text = noTextLine(pdf.Unreadable{Page: b.Page, Layer: layer[b.Page]})
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
		MediaType: "application/pdf", Bytes: int64(len(data)), DocumentID: d.ID, Struck: res.Struck}
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
