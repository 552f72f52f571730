package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"
)

// A version's record holds its whole text (and, for Markdown and HTML, its markup) in one JSON document.
// json.Marshal builds it in a buffer that doubles as it grows and then copies it out: for a text of n
// bytes that is up to 3–4 n of heap at once, on top of the text itself (issue 22, RELIABILITY.md
// "the store's write of a version"). marshalVersion writes exactly the bytes json.Marshal writes, into
// one buffer sized once: the record without its text and markup is marshalled (small), and the two
// strings are escaped straight into place. The format on disk does not change, so every library written
// before reads as it did (TestVersionRecordBytesUnchanged holds the bytes to json.Marshal's).

// marshalVersion encodes v (a Version or a storedVersion) as json.Marshal would.
func marshalVersion(v any) ([]byte, error) {
	var base *Version
	switch x := v.(type) {
	case *Version:
		base = x
	case *storedVersion:
		base = &x.Version
	default:
		return json.Marshal(v)
	}
	text, raw := base.Text, base.Raw
	if len(text)+len(raw) < 64<<10 {
		return json.Marshal(v)
	}
	base.Text, base.Raw = "", ""
	small, err := json.Marshal(v)
	base.Text, base.Raw = text, raw
	if err != nil {
		return nil, err
	}
	// The first `"text":""` is the text's key and its empty value: "doc" before it is a string, in which
	// every quote is escaped, and "n" a number.
	at := bytes.Index(small, []byte(`"text":""`))
	if at < 0 {
		return nil, errors.New("marshal version: no text field")
	}
	head, tail := small[:at+len(`"text":`)], small[at+len(`"text":""`):]
	size := len(head) + jsonStringLen(text) + len(tail)
	if raw != "" {
		size += len(`,"raw":`) + jsonStringLen(raw)
	}
	out := make([]byte, 0, size)
	out = append(out, head...)
	out = appendJSONString(out, text)
	if raw != "" {
		out = append(out, `,"raw":`...)
		out = appendJSONString(out, raw)
	}
	out = append(out, tail...)
	return out, nil
}

// jsonSafe reports the ASCII bytes encoding/json writes as they are (it escapes HTML's <, > and &).
func jsonSafe(b byte) bool {
	return b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&'
}

// jsonStringLen is the length of s as appendJSONString writes it, quotes included.
func jsonStringLen(s string) int {
	n := 2
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			switch {
			case jsonSafe(b):
				n++
			case b == '\\' || b == '"' || b == '\b' || b == '\f' || b == '\n' || b == '\r' || b == '\t':
				n += 2
			default:
				n += 6
			}
			i++
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			n += 6
		case c == '\u2028' || c == '\u2029':
			n += 6
		default:
			n += size
		}
		i += size
	}
	return n
}

const jsonHex = "0123456789abcdef"

// appendJSONString appends s quoted and escaped exactly as encoding/json does (HTML escaping on).
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if jsonSafe(b) {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', jsonHex[b>>4], jsonHex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', jsonHex[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// putVersion stores a version record (v: *Version or *storedVersion) with marshalVersion.
func (cs *changeSet) putVersion(key string, v any) error {
	raw, err := marshalVersion(v)
	if err != nil {
		return err
	}
	return cs.put(bucketVersions, key, raw)
}

// peek is lookup without the copy: the value is valid only until the transaction ends.
func peek(b *bolt.Bucket, key []byte) []byte {
	k, v := b.Cursor().Seek(key)
	if !bytes.Equal(k, key) {
		return nil
	}
	if v == nil {
		return []byte{}
	}
	return v
}
