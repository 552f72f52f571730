package capture

import (
	"bytes"
	"crypto/sha256"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// visibleText digests a page's text nodes outside script, style, template and noscript: every text token
// of golang.org/x/net/html's Tokenizer (unescaped as its Text gives it) whose start tags of those four
// elements are all closed, each split at white space and every word written followed by one space.
//
// It walks the page as that Tokenizer does, with its very rules for tags, attributes, comments, raw text
// and the script escapes (the functions below mirror its readTag, readScript, readComment …), but over the
// bytes at hand: no reader, no attribute copies, and a text or a script skipped to its next '<' in one
// search. Its digest is the Tokenizer's, byte for byte (TestVisibleTextIsTheTokenizers compares the two on
// every saved page, the benchmark's and Mozilla's too, and FuzzVisibleText on any input); it costs a
// quarter to a third of the Tokenizer pass (36 against 136 ms CPU for the 181 benchmark pages), which was
// a fifth of what a URL cost an import beyond its file (BENCHMARKS.md, "Web capture").
func visibleText(page []byte) [32]byte {
	s := vscan{b: page}
	h := sha256.New()
	out := make([]byte, 0, 16<<10)
	skip := 0
	for {
		switch s.next() {
		case vEOF:
			h.Write(out)
			var sum [32]byte
			h.Sum(sum[:0])
			return sum
		case vStart:
			if s.hidden() {
				skip++
			}
		case vEnd:
			if s.hidden() && skip > 0 {
				skip--
			}
		case vText:
			if skip == 0 {
				out = appendFields(out, s.text())
				if len(out) >= 8<<10 {
					h.Write(out)
					out = out[:0]
				}
			}
		}
	}
}

// appendFields appends each of bytes.Fields(t) followed by a space, without making the slice of them.
func appendFields(out, t []byte) []byte {
	start := -1 // the field being read
	for i := 0; i < len(t); {
		c, size, space := t[i], 1, false
		if c < utf8.RuneSelf {
			space = c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
		} else {
			var r rune
			r, size = utf8.DecodeRune(t[i:])
			space = unicode.IsSpace(r)
		}
		switch {
		case space && start >= 0:
			out = append(append(out, t[start:i]...), ' ')
			start = -1
		case !space && start < 0:
			start = i
		}
		i += size
	}
	if start >= 0 {
		out = append(append(out, t[start:]...), ' ')
	}
	return out
}

type vtoken int

const (
	vEOF   vtoken = iota
	vText         // a text token: b[ds:de]
	vStart        // a start tag: its name b[ds:de]
	vEnd          // an end tag
	vOther        // a self-closing tag, comment, doctype: nothing to the digest
)

// vscan is the state of html.Tokenizer that the digest needs: the position (i, its raw.end), the token's
// data (ds, de), the raw-text element it is in and how its text is to be read.
type vscan struct {
	b          []byte
	i          int
	eof        bool // the Tokenizer's z.err (EOF: the only error over bytes)
	rawStart   int
	ds, de     int
	rawTag     string
	textIsRaw  bool
	convertNUL bool
	attrs      [][2]int // while a hidden tag is read: the saved attributes' keys, for readTag's rules
	lastVal    int      // the end of the last saved attribute's value
}

func (s *vscan) readByte() byte {
	if s.i >= len(s.b) {
		s.eof = true
		return 0
	}
	c := s.b[s.i]
	s.i++
	return c
}

// hiddenTags are the elements whose text the digest leaves out; rawTags those whose start tag makes the
// Tokenizer read raw text (its readStartTag's list).
var (
	hiddenTags = []string{"script", "style", "template", "noscript"}
	rawTags    = []string{"iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "textarea", "title", "xmp"}
)

// hidden: the tag's name is one of hiddenTags (any case).
func (s *vscan) hidden() bool { return nameIn(s.b[s.ds:s.de], hiddenTags) != "" }

// nameIn is the name of names (lower case) that b is, ASCII case folded, or "".
func nameIn(b []byte, names []string) string {
	for _, n := range names {
		if equalFoldASCII(b, []byte(n)) {
			return n
		}
	}
	return ""
}

// equalFoldASCII: a and b are the same once A-Z are lowered (the Tokenizer's lower).
func equalFoldASCII(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i, c := range a {
		d := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if 'A' <= d && d <= 'Z' {
			d += 'a' - 'A'
		}
		if c != d {
			return false
		}
	}
	return true
}

// text is the text token's text as Tokenizer.Text gives it (new lines aside: they are white space either
// way), in a copy when it changes.
func (s *vscan) text() []byte {
	t := s.b[s.ds:s.de]
	if s.convertNUL && bytes.IndexByte(t, 0) >= 0 {
		t = bytes.ReplaceAll(t, []byte{0}, []byte("\ufffd"))
	}
	if !s.textIsRaw && bytes.IndexByte(t, '&') >= 0 {
		t = []byte(html.UnescapeString(string(t)))
	}
	return t
}

// next is Tokenizer.Next.
func (s *vscan) next() vtoken {
	s.rawStart, s.ds, s.de = s.i, s.i, s.i
	if s.eof {
		return vEOF
	}
	if s.rawTag != "" {
		if s.rawTag == "plaintext" {
			s.i = len(s.b)
			s.eof = true
			s.de = s.i
			s.textIsRaw = true
		} else {
			s.readRawOrRCDATA()
		}
		if s.de > s.ds {
			s.convertNUL = true
			return vText
		}
	}
	s.textIsRaw, s.convertNUL = false, false
	for {
		if j := bytes.IndexByte(s.b[s.i:], '<'); j < 0 {
			s.i = len(s.b)
			s.eof = true
			break
		} else {
			s.i += j + 1
		}
		c := s.readByte()
		if s.eof {
			break
		}
		var tt vtoken
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			tt = vStart
		case c == '/':
			tt = vEnd
		case c == '!' || c == '?':
			tt = vOther
		default:
			s.i--
			continue
		}
		if x := s.i - 2; s.rawStart < x { // the text before the tag first
			s.i, s.de = x, x
			return vText
		}
		switch tt {
		case vStart:
			return s.readStartTag()
		case vEnd:
			c = s.readByte()
			if s.eof {
				goto done
			}
			if c == '>' {
				return vOther // "</>": an empty comment
			}
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
				s.readTag(false)
				if s.eof {
					return vEOF
				}
				return vEnd
			}
			s.i--
			s.readUntilCloseAngle()
			return vOther
		default:
			if c == '!' {
				s.readMarkupDeclaration()
				return vOther
			}
			s.i--
			s.readUntilCloseAngle()
			return vOther
		}
	}
done:
	if s.rawStart < s.i {
		s.de = s.i
		return vText
	}
	return vEOF
}

func (s *vscan) skipWhiteSpace() {
	if s.eof {
		return
	}
	for {
		c := s.readByte()
		if s.eof {
			return
		}
		switch c {
		case ' ', '\n', '\r', '\t', '\f':
		default:
			s.i--
			return
		}
	}
}

// readRawOrRCDATA is Tokenizer.readRawOrRCDATA.
func (s *vscan) readRawOrRCDATA() {
	if s.rawTag == "script" {
		s.readScript()
		s.textIsRaw = true
		s.rawTag = ""
		return
	}
	for {
		j := bytes.IndexByte(s.b[s.i:], '<')
		if j < 0 {
			s.i = len(s.b)
			s.eof = true
			break
		}
		s.i += j + 1
		c := s.readByte()
		if s.eof {
			break
		}
		if c != '/' {
			s.i--
			continue
		}
		if s.readRawEndTag() || s.eof {
			break
		}
	}
	s.de = s.i
	s.textIsRaw = s.rawTag != "textarea" && s.rawTag != "title"
	s.rawTag = ""
}

// readRawEndTag is Tokenizer.readRawEndTag.
func (s *vscan) readRawEndTag() bool {
	for i := 0; i < len(s.rawTag); i++ {
		c := s.readByte()
		if s.eof {
			return false
		}
		if c != s.rawTag[i] && c != s.rawTag[i]-('a'-'A') {
			s.i--
			return false
		}
	}
	c := s.readByte()
	if s.eof {
		return false
	}
	switch c {
	case ' ', '\n', '\r', '\t', '\f', '/', '>':
		s.i -= 3 + len(s.rawTag)
		return true
	}
	s.i--
	return false
}

// readScript is Tokenizer.readScript.
func (s *vscan) readScript() {
	defer func() { s.de = s.i }()
	var c byte

scriptData:
	if j := bytes.IndexByte(s.b[s.i:], '<'); j < 0 {
		s.i = len(s.b)
		s.eof = true
		return
	} else {
		s.i += j + 1
	}
	goto scriptDataLessThanSign

scriptDataLessThanSign:
	c = s.readByte()
	if s.eof {
		return
	}
	switch c {
	case '/':
		goto scriptDataEndTagOpen
	case '!':
		goto scriptDataEscapeStart
	}
	s.i--
	goto scriptData

scriptDataEndTagOpen:
	if s.readRawEndTag() || s.eof {
		return
	}
	goto scriptData

scriptDataEscapeStart:
	c = s.readByte()
	if s.eof {
		return
	}
	if c == '-' {
		goto scriptDataEscapeStartDash
	}
	s.i--
	goto scriptData

scriptDataEscapeStartDash:
	c = s.readByte()
	if s.eof {
		return
	}
	if c == '-' {
		goto scriptDataEscapedDashDash
	}
	s.i--
	goto scriptData

scriptDataEscaped:
	c = s.readByte()
	if s.eof {
		return
	}
	switch c {
	case '-':
		goto scriptDataEscapedDash
	case '<':
		goto scriptDataEscapedLessThanSign
	}
	goto scriptDataEscaped

scriptDataEscapedDash:
	c = s.readByte()
	if s.eof {
		return
	}
	switch c {
	case '-':
		goto scriptDataEscapedDashDash
	case '<':
		goto scriptDataEscapedLessThanSign
	}
	goto scriptDataEscaped

scriptDataEscapedDashDash:
	c = s.readByte()
	if s.eof {
		return
	}
	switch c {
	case '-':
		goto scriptDataEscapedDashDash
	case '<':
		goto scriptDataEscapedLessThanSign
	case '>':
		goto scriptData
	}
	goto scriptDataEscaped

scriptDataEscapedLessThanSign:
	c = s.readByte()
	if s.eof {
		return
	}
	if c == '/' {
		goto scriptDataEscapedEndTagOpen
	}
	if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
		goto scriptDataDoubleEscapeStart
	}
	s.i--
	goto scriptData

scriptDataEscapedEndTagOpen:
	if s.readRawEndTag() || s.eof {
		return
	}
	goto scriptDataEscaped

scriptDataDoubleEscapeStart:
	s.i--
	for i := 0; i < len("script"); i++ {
		c = s.readByte()
		if s.eof {
			return
		}
		if c != "script"[i] && c != "SCRIPT"[i] {
			s.i--
			goto scriptDataEscaped
		}
	}
	c = s.readByte()
	if s.eof {
		return
	}
	switch c {
	case ' ', '\n', '\r', '\t', '\f', '/', '>':
		goto scriptDataDoubleEscaped
	}
	s.i--
	goto scriptDataEscaped

scriptDataDoubleEscaped:
	c = s.readByte()
	if s.eof {
		return
	}
	switch c {
	case '-':
		goto scriptDataDoubleEscapedDash
	case '<':
		goto scriptDataDoubleEscapedLessThanSign
	}
	goto scriptDataDoubleEscaped

scriptDataDoubleEscapedDash:
	c = s.readByte()
	if s.eof {
		return
	}
	switch c {
	case '-':
		goto scriptDataDoubleEscapedDashDash
	case '<':
		goto scriptDataDoubleEscapedLessThanSign
	}
	goto scriptDataDoubleEscaped

scriptDataDoubleEscapedDashDash:
	c = s.readByte()
	if s.eof {
		return
	}
	switch c {
	case '-':
		goto scriptDataDoubleEscapedDashDash
	case '<':
		goto scriptDataDoubleEscapedLessThanSign
	case '>':
		goto scriptData
	}
	goto scriptDataDoubleEscaped

scriptDataDoubleEscapedLessThanSign:
	c = s.readByte()
	if s.eof {
		return
	}
	if c == '/' {
		goto scriptDataDoubleEscapeEnd
	}
	s.i--
	goto scriptDataDoubleEscaped

scriptDataDoubleEscapeEnd:
	if s.readRawEndTag() {
		s.i += len("</script>")
		goto scriptDataEscaped
	}
	if s.eof {
		return
	}
	goto scriptDataDoubleEscaped
}

// readComment is Tokenizer.readComment, for where the comment ends.
func (s *vscan) readComment() {
	dashCount, beginning := 0, true
	for {
		c := s.readByte()
		if s.eof {
			return
		}
		switch c {
		case '-':
			dashCount++
			continue
		case '>':
			if dashCount >= 2 || beginning {
				return
			}
		case '!':
			if dashCount >= 2 {
				c = s.readByte()
				if s.eof {
					return
				} else if c == '>' {
					return
				} else if c == '-' {
					dashCount, beginning = 1, false
					continue
				}
			}
		}
		dashCount, beginning = 0, false
	}
}

// readUntilCloseAngle reads past the next '>'.
func (s *vscan) readUntilCloseAngle() {
	if j := bytes.IndexByte(s.b[s.i:], '>'); j >= 0 {
		s.i += j + 1
		return
	}
	s.i = len(s.b)
	s.eof = true
}

// readMarkupDeclaration is Tokenizer.readMarkupDeclaration (CDATA not allowed, as in a Tokenizer of its
// own): a comment, else a doctype or a bogus comment, both ending at the next '>' (readDoctype reads
// "DOCTYPE", which has none, then to the '>'; at the end of the page either reads to it).
func (s *vscan) readMarkupDeclaration() {
	var c [2]byte
	for i := range 2 {
		if c[i] = s.readByte(); s.eof {
			return
		}
	}
	if c[0] == '-' && c[1] == '-' {
		s.readComment()
		return
	}
	s.i -= 2
	s.readUntilCloseAngle()
}

// readStartTag is Tokenizer.readStartTag: a start tag, or a self-closing one; either may open raw text.
func (s *vscan) readStartTag() vtoken {
	s.readTag(true)
	if s.eof {
		return vEOF
	}
	if raw := nameIn(s.b[s.ds:s.de], rawTags); raw != "" {
		s.rawTag = raw
	}
	if s.b[s.i-2] == '/' && (len(s.attrs) == 0 || s.i-2 != s.lastVal-1) {
		return vOther // self-closing
	}
	return vStart
}

// readTag is Tokenizer.readTag. Its saved attributes matter only to tell a self-closing tag (readStartTag)
// whose name counts for the digest, so only a hidden tag's are kept, by the Tokenizer's rule (a key not
// empty and not seen before in the tag, in any case).
func (s *vscan) readTag(saveAttr bool) {
	s.attrs = s.attrs[:0]
	s.readTagName()
	saveAttr = saveAttr && s.hidden()
	if s.skipWhiteSpace(); s.eof {
		return
	}
	for {
		c := s.readByte()
		if s.eof || c == '>' {
			break
		}
		s.i--
		ks, ke := s.readTagAttrKey()
		ve := s.readTagAttrVal()
		if saveAttr && ks != ke && !s.seen(ks, ke) {
			s.attrs = append(s.attrs, [2]int{ks, ke})
			s.lastVal = ve
		}
		if s.skipWhiteSpace(); s.eof {
			break
		}
	}
}

// seen: the key b[ks:ke] is one of the saved attributes' (ASCII case folded, as the Tokenizer's lower).
func (s *vscan) seen(ks, ke int) bool {
	for _, a := range s.attrs {
		if equalFoldASCII(s.b[a[0]:a[1]], s.b[ks:ke]) {
			return true
		}
	}
	return false
}

// readTagName is Tokenizer.readTagName.
func (s *vscan) readTagName() {
	s.ds = s.i - 1
	for {
		c := s.readByte()
		if s.eof {
			s.de = s.i
			return
		}
		switch c {
		case ' ', '\n', '\r', '\t', '\f':
			s.de = s.i - 1
			return
		case '/', '>':
			s.i--
			s.de = s.i
			return
		}
	}
}

// readTagAttrKey is Tokenizer.readTagAttrKey; it returns the key's span.
func (s *vscan) readTagAttrKey() (start, end int) {
	start = s.i
	for {
		c := s.readByte()
		if s.eof {
			return start, s.i
		}
		switch c {
		case '=':
			if start+1 == s.i {
				continue
			}
			fallthrough
		case ' ', '\n', '\r', '\t', '\f', '/', '>':
			s.i--
			return start, s.i
		}
	}
}

// readTagAttrVal is Tokenizer.readTagAttrVal; it returns where the value ends.
func (s *vscan) readTagAttrVal() (end int) {
	end = s.i
	if s.skipWhiteSpace(); s.eof {
		return end
	}
	c := s.readByte()
	if s.eof {
		return end
	}
	if c == '/' {
		return end
	}
	if c != '=' {
		s.i--
		return end
	}
	if s.skipWhiteSpace(); s.eof {
		return end
	}
	quote := s.readByte()
	if s.eof {
		return end
	}
	switch quote {
	case '>':
		s.i--
		return end
	case '\'', '"':
		for {
			c := s.readByte()
			if s.eof {
				return s.i
			}
			if c == quote {
				return s.i - 1
			}
		}
	default:
		for {
			c := s.readByte()
			if s.eof {
				return s.i
			}
			switch c {
			case ' ', '\n', '\r', '\t', '\f':
				return s.i - 1
			case '>':
				s.i--
				return s.i
			}
		}
	}
}
