package ingest

import (
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Per-field limits for what files bring in: every Library and Tags call carries these fields, so one
// hostile file (a 40 MB tag name from a 41 KB .qdpx) would otherwise weigh on every later screen.
const (
	MaxTitleCodePoints   = 1000
	MaxSourceCodePoints  = 1000
	MaxTagNameCodePoints = 200
	MaxNoteBytes         = 1 << 20 // as the store allows
)

// FieldTooLong says why a field is refused, or "" when it fits; the caller names the file and the item.
func FieldTooLong(field, value string, limit int) string {
	if len(value) <= limit { // bytes ≥ code points: the common case costs nothing
		return ""
	}
	if n := utf8.RuneCountInString(value); n > limit {
		return fmt.Sprintf("its %s is %d code points long; the limit is %d", field, n, limit)
	}
	return ""
}

// MaxWholeReadBytes bounds the annotation files that are read whole into a tree before anything is
// written, as no streaming reader exists for them: Hypothesis exports (JSON objects of free shape) and
// Readwise CSV. Each takes about 25–90 × its size in memory (RELIABILITY.md, "memory per input byte"), so
// 16 MB keeps one under about 1.5 GB; a real export of 10,000 highlights is 2–5 MB. A larger --max-size
// (Limits.MaxBytes over the default) lifts this limit too, as the person asked for large files.
const MaxWholeReadBytes = 16 << 20

// wholeReadTooLarge says why a Hypothesis export or Readwise CSV is refused for its size, or "".
func wholeReadTooLarge(name string, data []byte, limits Limits) string {
	if int64(len(data)) <= MaxWholeReadBytes || limits.MaxBytes > DefaultMaxBytes {
		return ""
	}
	kind := ""
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		kind = "a Readwise export"
	case ".json", ".jsonld":
		if !IsHypothesisExport(data) {
			return "" // W3C JSON-LD is streamed
		}
		kind = "a Hypothesis export"
	default:
		return ""
	}
	have, most := byteSize(int64(len(data))), byteSize(MaxWholeReadBytes)
	if have == most { // just over: rounding would hide the difference
		have, most = fmt.Sprintf("%d bytes", len(data)), fmt.Sprintf("%d bytes", MaxWholeReadBytes)
	}
	return fmt.Sprintf("%v: %s is read whole, so it is limited to %s (this file: %s); split it into smaller exports, or pass a larger --max-size",
		ErrTooLarge, kind, most, have)
}

func noteTooLong(note string) string {
	if len(note) > MaxNoteBytes {
		return fmt.Sprintf("its note is %d bytes; the limit is %d bytes (1 MB)", len(note), MaxNoteBytes)
	}
	return ""
}
