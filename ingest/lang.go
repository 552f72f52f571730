package ingest

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"gloss/search/language"
	"gloss/store"
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

// SetLanguage sets the language document id is analysed in and shown with (a BCP 47 tag such as "de" or
// "pt-BR", checked); "" detects it from the current version's body again and stores what it finds, as an
// import does ("" still when the text cannot tell).
func SetLanguage(s *store.Store, id, lang string) (store.Document, error) {
	lang = strings.TrimSpace(lang)
	if !language.Valid(lang) {
		return store.Document{}, fmt.Errorf("%q is not a language tag (such as de, ar, zh or pt-BR)", lang)
	}
	d, err := s.Document(id)
	if err != nil {
		return store.Document{}, err
	}
	m := d.Meta
	m.Language = lang
	if lang == "" {
		v, err := s.Version(id, d.Version)
		if err != nil {
			return store.Document{}, err
		}
		m.Language = BodyLanguage(v.Text, d.BodyStart)
	}
	return s.SetMeta(id, m)
}
