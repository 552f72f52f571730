package search

import "gloss/search/language"

// DetectLanguage is language.Detect: the language of a text, "" when it cannot tell.
func DetectLanguage(text string) string { return language.Detect(text) }

// BaseLanguage is language.Base: the language subtag Gloss analyses a BCP 47 tag by.
func BaseLanguage(tag string) string { return language.Base(tag) }
