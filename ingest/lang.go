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
	body := doc.Text
	if doc.BodyStart > 0 {
		n := 0
		for i := range body {
			if n == doc.BodyStart {
				body = body[i:]
				break
			}
			n++
		}
	}
	if !utf8.ValidString(body) {
		return
	}
	doc.Meta.Language = language.Detect(body)
}
