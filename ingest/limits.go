package ingest

import (
	"fmt"
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

func noteTooLong(note string) string {
	if len(note) > MaxNoteBytes {
		return fmt.Sprintf("its note is %d bytes; the limit is %d bytes (1 MB)", len(note), MaxNoteBytes)
	}
	return ""
}
