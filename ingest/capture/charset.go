package capture

import (
	"bytes"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
)

// toUTF8 converts a page to UTF-8 the way a browser picks its encoding: a byte-order mark first, then
// the charset of the Content-Type header, then <meta charset> (or http-equiv) in the first 1024 bytes,
// then windows-1252. A page that claims UTF-8 but is not (a wrong charset) is read by its <meta>, or as
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
	enc, name, _ := charset.DetermineEncoding(body, "text/html")
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
