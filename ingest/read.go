// Package exchange turns files the person imports into store documents.
package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/yuin/goldmark/util"

	"gloss/render"
	"gloss/store"
)

// Reasons a file is refused; errors wrap them behind the file name so the UI
// can show "notes.txt: empty file" while callers can still use errors.Is.
var (
	ErrEmpty       = errors.New("empty file")
	ErrNotText     = errors.New("not UTF-8 text")
	ErrBinary      = errors.New("binary file, not text")
	ErrUnsupported = errors.New("unsupported format")
	ErrTooLarge    = errors.New("file too large")
)

// ReadFile reads one file for import (.txt, .md, .html or .htm).
func ReadFile(path string) (store.NewDocument, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return store.NewDocument{}, err
	}
	doc, err := ReadBytes(filepath.Base(path), data)
	if err != nil {
		return store.NewDocument{}, err
	}
	if doc.SourcePath, err = filepath.Abs(path); err != nil {
		return store.NewDocument{}, err
	}
	return doc, nil
}

// documentFormat maps a file extension to the document format it is read as.
func documentFormat(ext string) string {
	switch strings.ToLower(ext) {
	case ".txt":
		return "txt"
	case ".md", ".markdown":
		return "md"
	case ".html", ".htm", ".xhtml":
		return "html"
	case ".docx":
		return "docx"
	case ".odt":
		return "odt"
	case ".pdf":
		return "pdf"
	}
	return ""
}

// ReadBytes does what ReadFile does for in-memory content; name gives the
// extension, the Source fallback and the prefix of error messages. The
// returned document has its canonical Text, ready for store.AddDocument.
func ReadBytes(name string, data []byte) (store.NewDocument, error) {
	return readBytes(filepath.Base(name), data, "", nil)
}

// readBytes reads with the caller's engines (nil: made for this call, should a format need one).
func readBytes(name string, data []byte, password string, eng *Engines) (store.NewDocument, error) {
	ext := filepath.Ext(name)
	format := documentFormat(ext)
	switch {
	case ext == "":
		return store.NewDocument{}, fmt.Errorf("%s: %w (no file extension)", name, ErrUnsupported)
	case format == "":
		return store.NewDocument{}, fmt.Errorf("%s: %w %s", name, ErrUnsupported, strings.ToLower(ext))
	}

	sum := sha256.Sum256(data)
	doc := store.NewDocument{Format: format, SHA256: hex.EncodeToString(sum[:])}
	var err error
	switch format {
	case "txt":
		err = readText(&doc, data)
	case "md":
		err = readMarkdown(&doc, data)
	case "html":
		err = readHTMLDocument(&doc, data)
	case "docx", "odt":
		err = readOffice(&doc, data, format == "odt")
	case "pdf":
		err = readPDF(&doc, data, password, eng)
	}
	if err != nil {
		return store.NewDocument{}, fmt.Errorf("%s: %w", name, err)
	}
	if strings.TrimSpace(doc.Text) == "" {
		return store.NewDocument{}, fmt.Errorf("%s: %w", name, ErrEmpty)
	}
	if doc.Source == "" {
		doc.Source = name
	}
	if strings.TrimSpace(doc.Title) == "" {
		// Every library entry needs something to click on.
		doc.Title = strings.TrimSuffix(name, ext)
	}
	fillLanguage(&doc)
	return doc, nil
}

func readText(doc *store.NewDocument, data []byte) error {
	text, err := decode(data)
	if err != nil {
		return err
	}
	meta := ParseMeta(text)
	doc.Text, doc.Title, doc.Date, doc.Source, doc.BodyStart = text, meta.Title, meta.Date, meta.Source, meta.BodyStart
	return nil
}

// readMarkdown keeps front matter out of the canonical text: its values become the document's fields and
// Raw holds the cleaned Markdown body, so render.Version re-derives exactly the stored text from Raw.
func readMarkdown(doc *store.NewDocument, data []byte) error {
	text, err := decode(data)
	if err != nil {
		return err
	}
	front, body, err := splitFrontMatter(text)
	if err != nil {
		return err
	}
	if doc.Raw, err = cleanMarkdown(body); err != nil {
		return err
	}
	collectAfterLargeRead(len(doc.Raw)) // cleanMarkdown's goldmark tree, before MarkdownText builds another
	// Only the text is needed here, and goldmark reads its source without writing it: no copy of Raw
	// and no rendered blocks (the Reader renders them when it opens the document).
	if doc.Text, _, err = render.MarkdownText(util.StringToReadOnlyBytes(doc.Raw)); err != nil {
		return err
	}
	doc.Title = CleanLine(front.Title)
	if doc.Title == "" {
		doc.Title = CleanLine(firstHeading(doc.Raw))
	}
	doc.Date, doc.Source, doc.URL = pageDate(front.Date), CleanLine(front.Source), cleanURL(front.URL)
	doc.Meta = front.meta()
	if doc.Date == "" || doc.Source == "" {
		// No front matter: a dateline or a wire credit in the text, as for plain text.
		meta := ParseMeta(doc.Text)
		doc.Date, doc.Source = FirstNonEmpty(doc.Date, meta.Date), FirstNonEmpty(doc.Source, meta.Source)
	}
	return nil
}

func readHTMLDocument(doc *store.NewDocument, data []byte) error {
	page, err := decodeHTML(data)
	if err != nil {
		return err
	}
	art, err := readHTML(page, extractArticle)
	if err != nil {
		return err
	}
	doc.Text = art.Text
	doc.Raw = art.Markup
	doc.Title, doc.Date, doc.Source, doc.URL, doc.Meta = art.Title, art.Date, art.Source, art.URL, art.Meta
	if doc.Title == "" && len(art.Paragraphs) > 0 {
		doc.Title = CleanLine(shorten(firstSentence(art.Paragraphs[0]), maxTitle))
	}
	return nil
}

// decode accepts UTF-8 (BOM stripped) and UTF-16 with a BOM. Anything else is refused with a guess at
// what it is, never converted by guesswork: a wrong guess would store mojibake the person annotates.
func decode(data []byte) (string, error) {
	if !bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) && utf8.Valid(data) && bytes.IndexByte(data, 0) < 0 && !looksBinary(data) {
		return string(data), nil // UTF-8 without a BOM, the common case: one copy, not two
	}
	decoded, _, err := transform.Bytes(unicode.BOMOverride(transform.Nop), data)
	if err == nil && utf8.Valid(decoded) && bytes.IndexByte(decoded, 0) < 0 {
		if looksBinary(decoded) {
			return "", ErrBinary
		}
		return string(decoded), nil
	}
	switch {
	case looksUTF16(data):
		return "", fmt.Errorf("%w (looks like UTF-16 without a byte-order mark); save it as UTF-8", ErrNotText)
	case bytes.IndexByte(data, 0) >= 0 || looksBinary(data):
		return "", ErrBinary
	default:
		return "", fmt.Errorf("%w (looks like Latin-1/Windows-1252); convert it to UTF-8", ErrNotText)
	}
}

// looksUTF16: ASCII-range text in UTF-16 has a NUL in every other byte.
func looksUTF16(data []byte) bool {
	if len(data) < 4 || len(data)%2 != 0 {
		return false
	}
	var even, odd int
	for i := 0; i+1 < len(data); i += 2 {
		if data[i] == 0 {
			even++
		}
		if data[i+1] == 0 {
			odd++
		}
	}
	half := len(data) / 2
	return (even > half*3/4 && odd == 0) || (odd > half*3/4 && even == 0)
}

// looksBinary: text has few control characters besides tabs and line breaks.
func looksBinary(data []byte) bool {
	controls := 0
	for _, b := range data {
		if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != '\v' && b != 0x1b) || b == 0x7f {
			controls++
		}
	}
	return controls > 0 && controls*100 > len(data)
}

// atxHeading matches a markdown "# Heading" line, with optional closing #s.
var atxHeading = regexp.MustCompile(`(?m)^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*\r?$`)

func firstHeading(markdown string) string {
	if m := atxHeading.FindStringSubmatch(markdown); m != nil {
		return strings.TrimSpace(m[1])
	}
	return ""
}
