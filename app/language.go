package app

import (
	"fmt"
	"strings"

	"gloss/ingest"
	"gloss/search/language"
	"gloss/store"
)

// SetLanguage changes the language a document is analysed in by search and shown with (a BCP 47 tag
// such as "de" or "pt-BR"); "" detects it from the text again, as an import does. The search index
// re-reads the document.
func (a *App) SetLanguage(id, lang string) (store.Document, error) {
	if err := a.ready(); err != nil {
		return store.Document{}, err
	}
	lang = strings.TrimSpace(lang)
	if !language.Valid(lang) {
		return store.Document{}, fmt.Errorf("%q is not a language tag (such as de, ar, zh or pt-BR)", lang)
	}
	d, err := a.store.Document(id)
	if err != nil {
		return store.Document{}, err
	}
	m := d.Meta
	m.Language = lang
	if lang == "" {
		v, err := a.store.Version(id, d.Version)
		if err != nil {
			return store.Document{}, err
		}
		m.Language = ingest.BodyLanguage(v.Text, d.BodyStart)
	}
	if d, err = a.store.SetMeta(id, m); err != nil {
		return store.Document{}, err
	}
	a.indexChanged()
	return d, nil
}
