package capture

import (
	"bytes"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
)

// toUTF8 converts a page to UTF-8 the way a browser picks its encoding: a byte-order mark first, then
// the charset of the Content-Type header, then <meta charset> (or http-equiv) in the first 1024 bytes
// or, past them, in the first 64 KiB, then UTF-8 where the bytes are valid UTF-8, then windows-1252. A page that claims UTF-8 but is not (a wrong charset) is read by its <meta>, or as
// windows-1252, rather than turned into replacement characters. It returns the encoding's name too.
func toUTF8(body []byte, contentType string) ([]byte, string) {
	if bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")) {
		return body[3:], "utf-8"
	}
	declared := headerCharset(contentType)
	if enc, name := lookup(declared); enc != nil && (name != "utf-8" || utf8.Valid(body)) && !bytes.HasPrefix(body, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(body, []byte{0xFE, 0xFF}) {
		if name == "utf-8" {
			return body, name
		}
		if out, err := enc.NewDecoder().Bytes(body); err == nil {
			return out, name
		}
	}
	// BOM (UTF-16), <meta>, then the default, as the HTML spec's sniffing does.
	enc, name, certain := charset.DetermineEncoding(body, "text/html")
	if !certain {
		// The spec's prescan stops at 1024 bytes; pages put their <meta charset> after long <head>
		// preambles (one benchmark page at byte 1504), and a page with none that is valid UTF-8 is UTF-8.
		if e, n := lookup(laterMetaCharset(body)); e != nil {
			enc, name = e, n
		} else if utf8.Valid(body) {
			return body, "utf-8"
		}
	}
	if name == "utf-8" || enc == encoding.Nop {
		if utf8.Valid(body) {
			return body, "utf-8"
		}
		enc, name = charmap.Windows1252, "windows-1252"
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return body, name
	}
	return out, name
}

// metaCharset is a <meta> tag's declared charset, up to its name.
var metaCharset = regexp.MustCompile(`(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)`)

// laterMetaCharset is the charset a <meta> declares within the first 64 KiB, or "". metaCharset runs
// only around each "charset" there, from the last ">" before it to the name after it: over all 64 KiB
// it was a tenth of a page's decoding. A match ends at the first "charset" after its "<meta" (the
// regexp is lazy and no ">" comes between), so taking them in order finds the regexp's first match.
func laterMetaCharset(body []byte) string {
	head := body[:min(len(body), 64<<10)]
	for at := 0; ; {
		i := indexCharset(head[at:])
		if i < 0 {
			return ""
		}
		i += at
		end := min(len(head), i+256)
		for end < len(head) && charsetTail(head[end]) {
			end++ // the rest of a long name, or of the spaces before it
		}
		start := bytes.LastIndexByte(head[:i], '>') + 1 // a tag's "<meta" comes after the last ">"
		if m := metaCharset.FindSubmatch(head[start:end]); m != nil {
			return strings.ToLower(string(m[1]))
		}
		at = i + len("charset")
	}
}

// charsetTail says whether c can be in what metaCharset matches after "charset": spaces (the regexp's
// \s), "=", quotes and the name's characters.
func charsetTail(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("\t\n\f\r ='\"_.:-", c) >= 0
}

// indexCharset is the index of the first "charset" in b, in any case, or -1.
func indexCharset(b []byte) int {
	for at := 0; ; {
		i := bytes.IndexAny(b[at:], "cC")
		if i < 0 {
			return -1
		}
		i += at
		if len(b)-i >= len("charset") && bytes.EqualFold(b[i:i+len("charset")], []byte("charset")) {
			return i
		}
		at = i + 1
	}
}

func headerCharset(contentType string) string {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(params["charset"]))
}

func lookup(label string) (encoding.Encoding, string) {
	if label == "" {
		return nil, ""
	}
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, ""
	}
	name, err := htmlindex.Name(enc)
	if err != nil {
		return nil, ""
	}
	return enc, name
}
