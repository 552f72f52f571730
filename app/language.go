package app

import (
	"gloss/ingest"
	"gloss/store"
)

// SetLanguage changes the language a document is analysed in by search and shown with (a BCP 47 tag
// such as "de" or "pt-BR"); "" detects it from the text again, as an import does (ingest.SetLanguage).
// The search index re-reads the document.
func (a *App) SetLanguage(id, lang string) (store.Document, error) {
	if err := a.ready(); err != nil {
		return store.Document{}, err
	}
	d, err := ingest.SetLanguage(a.store, id, lang)
	if err != nil {
		return store.Document{}, err
	}
	a.indexChanged()
	return d, nil
}
