package ingest

import (
	"gloss/search/language"
	"gloss/store"
	"unicode/utf8"
)

// fillLanguage records the language of an imported document: what the page or file says (html lang,
// og:locale, front matter — Meta.Language, filled by the readers) comes first; only when it says
// nothing is the body's language detected (search's detector, the one the index falls back on). A text too short or too mixed to tell stays "".
func fillLanguage(doc *store.NewDocument) {
	if doc.Meta.Language != "" {
		return // the page's own tag, kept as it was written ("de-AT"); search reads its language subtag
	}
	doc.Meta.Language = BodyLanguage(doc.Text, doc.BodyStart)
}

// BodyLanguage is the detected language of a text's body (from code point bodyStart), as an import
// records it; "" when it cannot tell.
func BodyLanguage(text string, bodyStart int) string {
	body := text
	if bodyStart > 0 {
		n := 0
		for i := range body {
			if n == bodyStart {
				body = body[i:]
				break
			}
			n++
		}
	}
	if !utf8.ValidString(body) {
		return ""
	}
	return language.Detect(body)
}
