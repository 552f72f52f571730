// Package exchange turns files the person imports into store documents.
package exchange

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

	"gloss/store"
)

// Reasons a file is refused; errors wrap them behind the file name so the UI
// can show "notes.txt: empty file" while callers can still use errors.Is.
var (
	ErrEmpty       = errors.New("empty file")
	ErrNotText     = errors.New("not UTF-8 text (binary or unknown encoding)")
	ErrUnsupported = errors.New("unsupported format")
)

// ReadFile reads one file for import (.txt or .md).
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

// ReadBytes does what ReadFile does for in-memory content; name gives the
// extension, the Source fallback and the prefix of error messages.
func ReadBytes(name string, data []byte) (store.NewDocument, error) {
	name = filepath.Base(name)
	ext := strings.ToLower(filepath.Ext(name))
	var format string
	switch ext {
	case ".txt":
		format = "txt"
	case ".md":
		format = "md"
	case "":
		return store.NewDocument{}, fmt.Errorf("%s: %w (no file extension)", name, ErrUnsupported)
	default:
		return store.NewDocument{}, fmt.Errorf("%s: %w %s", name, ErrUnsupported, ext)
	}

	text, err := decode(data)
	if err != nil {
		return store.NewDocument{}, fmt.Errorf("%s: %w", name, err)
	}
	if strings.TrimSpace(text) == "" {
		return store.NewDocument{}, fmt.Errorf("%s: %w", name, ErrEmpty)
	}

	sum := sha256.Sum256(data)
	meta := ParseMeta(text)
	doc := store.NewDocument{
		Title:     meta.Title,
		Date:      meta.Date,
		Source:    meta.Source,
		Format:    format,
		SHA256:    hex.EncodeToString(sum[:]),
		BodyStart: meta.BodyStart,
	}
	if format == "txt" {
		doc.Text = text
	} else {
		// The caller renders the markdown into the canonical text, so offsets
		// into it (BodyStart) can only be computed there.
		doc.Raw = text
		doc.BodyStart = 0
		if heading := firstHeading(text); heading != "" {
			doc.Title = heading
		}
	}
	if doc.Source == "" {
		doc.Source = name
	}
	if doc.Title == "" {
		// Every library entry needs something to click on.
		doc.Title = strings.TrimSuffix(name, filepath.Ext(name))
	}
	return doc, nil
}

// decode accepts UTF-8 (BOM stripped) and UTF-16 with a BOM; anything else
// must already be valid UTF-8 without NULs, which rules out binary files.
func decode(data []byte) (string, error) {
	decoded, _, err := transform.Bytes(unicode.BOMOverride(transform.Nop), data)
	if err != nil || !utf8.Valid(decoded) || bytes.IndexByte(decoded, 0) >= 0 {
		return "", ErrNotText
	}
	return string(decoded), nil
}

// atxHeading matches a markdown "# Heading" line, with optional closing #s.
var atxHeading = regexp.MustCompile(`(?m)^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*\r?$`)

func firstHeading(markdown string) string {
	if m := atxHeading.FindStringSubmatch(markdown); m != nil {
		return strings.TrimSpace(m[1])
	}
	return ""
}
