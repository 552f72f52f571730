package store

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeAnnotation is json.Unmarshal(raw, a) for a fresh Annotation, fast for the records the store
// writes itself (the keys of Annotation's JSON tags, no whitespace): an export of 100,000 annotations
// reads each one once or twice, and encoding/json's reflection was most of that time. All the strings
// of a record share one allocation. Anything else (invalid UTF-8, an unknown or differently cased key,
// an escaped key, a null, a fraction, whitespace, very many tags) goes to json.Unmarshal, so the
// result is always what json.Unmarshal gives; TestDecodeAnnotationMatchesJSON checks that.
func decodeAnnotation(raw []byte, a *Annotation) error {
	d := annotationDecoder{raw: raw}
	if d.fast(a) {
		return nil
	}
	*a = Annotation{}
	return json.Unmarshal(raw, a)
}

// fast decodes what the fast path knows; false means raw needs json.Unmarshal.
func (d *annotationDecoder) fast(a *Annotation) bool {
	if !d.record(a) {
		return false
	}
	d.cutStrings()
	return true
}

type annotationDecoder struct {
	raw   []byte
	pos   int
	spans [64]stringSpan // the string values read, set by cutStrings once the record is known good
	n     int
}

// stringSpan is a string literal's contents in raw, to be stored in *dst.
type stringSpan struct {
	dst      *string
	from, to int
	escaped  bool
}

// cutStrings copies every string value into one allocation and points the fields at their parts; a
// key read twice ends with its last value, as with json.Unmarshal.
func (d *annotationDecoder) cutStrings() {
	total := 0
	for _, sp := range d.spans[:d.n] {
		total += sp.to - sp.from // unescaping never lengthens a literal
	}
	var b strings.Builder
	b.Grow(total)
	for i := range d.spans[:d.n] {
		sp := &d.spans[i]
		start := b.Len()
		if sp.escaped {
			unescape(&b, d.raw[sp.from:sp.to])
		} else {
			b.Write(d.raw[sp.from:sp.to])
		}
		sp.from, sp.to = start, b.Len()
	}
	all := b.String()
	for _, sp := range d.spans[:d.n] {
		*sp.dst = all[sp.from:sp.to]
	}
}

func (d *annotationDecoder) next(c byte) bool {
	if d.pos < len(d.raw) && d.raw[d.pos] == c {
		d.pos++
		return true
	}
	return false
}

// token reads a string literal and returns the bytes between its quotes; escaped says whether they
// hold escapes (checked against JSON's grammar). ok is false for anything else, and for invalid UTF-8,
// which json.Unmarshal replaces.
func (d *annotationDecoder) token() (from, to int, escaped, ok bool) {
	if !d.next('"') {
		return 0, 0, false, false
	}
	from = d.pos
	ascii := true
	for i := from; i < len(d.raw); i++ {
		switch c := d.raw[i]; {
		case c == '"':
			if !ascii && !utf8.Valid(d.raw[from:i]) {
				return 0, 0, false, false
			}
			d.pos = i + 1
			return from, i, escaped, true
		case c == '\\':
			escaped = true
			if i+1 >= len(d.raw) {
				return 0, 0, false, false
			}
			switch d.raw[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i++
			case 'u':
				if _, ok := hex4(d.raw[i+2:]); !ok {
					return 0, 0, false, false
				}
				i += 5
			default:
				return 0, 0, false, false
			}
		case c < 0x20:
			return 0, 0, false, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return 0, 0, false, false
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r*16 + rune(c)
	}
	return r, true
}

// unescape decodes a literal's escapes as encoding/json does: a surrogate that is not half of a pair
// becomes U+FFFD. s has passed token, so its escapes are well formed.
func unescape(b *strings.Builder, s []byte) {
	for i := 0; i < len(s); {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			i++
			continue
		}
		switch c := s[i+1]; c {
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, _ := hex4(s[i+2:])
			i += 6
			if utf16.IsSurrogate(r) {
				var r2 rune = -1
				if i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
					r2, _ = hex4(s[i+2:])
				}
				if dec := utf16.DecodeRune(r, r2); dec != unicode.ReplacementChar {
					r, i = dec, i+6
				} else {
					r = unicode.ReplacementChar
				}
			}
			b.WriteRune(r)
			continue
		default: // " \ /
			b.WriteByte(c)
		}
		i += 2
	}
}

// str reads a string value for *into; cutStrings stores it.
func (d *annotationDecoder) str(into *string) bool {
	from, to, escaped, ok := d.token()
	if !ok || d.n == len(d.spans) {
		return false
	}
	d.spans[d.n] = stringSpan{into, from, to, escaped}
	d.n++
	return true
}

// integer accepts what encoding/json accepts for an int without a fraction or exponent.
func (d *annotationDecoder) integer(into *int) bool {
	from := d.pos
	d.next('-')
	digits := d.pos
	for d.pos < len(d.raw) && d.raw[d.pos] >= '0' && d.raw[d.pos] <= '9' {
		d.pos++
	}
	n := d.pos - digits
	if n == 0 || n > 18 || (n > 1 && d.raw[digits] == '0') || (d.pos < len(d.raw) && (d.raw[d.pos] == '.' || d.raw[d.pos] == 'e' || d.raw[d.pos] == 'E')) {
		return false
	}
	v, err := strconv.Atoi(string(d.raw[from:d.pos]))
	*into = v
	return err == nil
}

func (d *annotationDecoder) float(into *float64) bool {
	from := d.pos
	for d.pos < len(d.raw) && (d.raw[d.pos] == '-' || d.raw[d.pos] == '+' || d.raw[d.pos] == '.' ||
		d.raw[d.pos] == 'e' || d.raw[d.pos] == 'E' || (d.raw[d.pos] >= '0' && d.raw[d.pos] <= '9')) {
		d.pos++
	}
	if !validJSONNumber(d.raw[from:d.pos]) {
		return false
	}
	v, err := strconv.ParseFloat(string(d.raw[from:d.pos]), 64)
	*into = v
	return err == nil
}

// validJSONNumber is JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func validJSONNumber(s []byte) bool {
	i := 0
	digits := func() int {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - start
	}
	if i < len(s) && s[i] == '-' {
		i++
	}
	if n := digits(); n == 0 || (n > 1 && s[i-n] == '0') {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

func (d *annotationDecoder) time(into *time.Time) bool {
	from := d.pos
	if _, _, _, ok := d.token(); !ok {
		return false
	}
	return into.UnmarshalJSON(d.raw[from:d.pos]) == nil
}

func (d *annotationDecoder) strings(into *[]string) bool {
	if !d.next('[') {
		return false
	}
	first := d.n
	for !d.next(']') {
		if d.n > first && !d.next(',') {
			return false
		}
		if !d.str(nil) {
			return false
		}
	}
	list := make([]string, d.n-first) // never nil: json.Unmarshal makes [] an empty slice
	for i := range list {
		d.spans[first+i].dst = &list[i]
	}
	*into = list
	return true
}

// object reads {"key":value,...}, handing each key to field, which reads the value.
func (d *annotationDecoder) object(field func(key []byte) bool) bool {
	if !d.next('{') {
		return false
	}
	for first := true; !d.next('}'); first = false {
		if !first && !d.next(',') {
			return false
		}
		from, to, escaped, ok := d.token()
		if !ok || escaped || !d.next(':') || !field(d.raw[from:to]) {
			return false
		}
	}
	return true
}

func (d *annotationDecoder) record(a *Annotation) bool {
	ok := d.object(func(key []byte) bool {
		switch string(key) { // no allocation: the compiler compares the bytes
		case "id":
			return d.str(&a.ID)
		case "doc":
			return d.str(&a.DocID)
		case "version":
			return d.integer(&a.Version)
		case "start":
			return d.integer(&a.Start)
		case "end":
			return d.integer(&a.End)
		case "exact":
			return d.str(&a.Exact)
		case "prefix":
			return d.str(&a.Prefix)
		case "suffix":
			return d.str(&a.Suffix)
		case "tags":
			return d.strings(&a.Tags)
		case "note":
			return d.str(&a.Note)
		case "author":
			return d.str(&a.Author)
		case "created":
			return d.time(&a.Created)
		case "modified":
			return d.time(&a.Modified)
		case "merged":
			return d.str(&a.Merged)
		case "anchor":
			return d.object(func(key []byte) bool {
				switch string(key) {
				case "status":
					return d.str(&a.Anchor.Status)
				case "confidence":
					return d.float(&a.Anchor.Confidence)
				case "version":
					return d.integer(&a.Anchor.Version)
				case "kept":
					return d.boolean(&a.Anchor.Kept)
				case "made":
					m := &MadeQuote{}
					a.Anchor.Made = m
					return d.object(func(key []byte) bool {
						switch string(key) {
						case "version":
							return d.integer(&m.Version)
						case "start":
							return d.integer(&m.Start)
						case "end":
							return d.integer(&m.End)
						case "exact":
							return d.str(&m.Exact)
						case "prefix":
							return d.str(&m.Prefix)
						case "suffix":
							return d.str(&m.Suffix)
						}
						return false
					})
				}
				return false
			})
		}
		return false
	})
	return ok && d.pos == len(d.raw)
}
