// Package language names the language a text is written in, for analysis and for the library.
package language

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/RadhiFadlillah/whatlanggo"
)

// Language detection. The detector is whatlanggo (RadhiFadlillah's maintained fork of abadojack's, a Go
// port of franc: script first, then trigram profiles of 84 languages, ~180 KB of tables, no models to
// load). It was already in the module graph (go-trafilatura needs it), costs no start-up work beyond its
// tables, and adds a fraction of a megabyte to the binary. lingua-go (v1.4.0) is more accurate on very short texts
// but embeds its n-gram models: 124 MB of them in the module (a 128 MB zip), so the binary would be far over
// its 32 MB budget, and it loads them into memory at first use.

// detectSample is how much of a text detection reads (bytes): trigram profiles settle within a paragraph,
// and detection is linear in what it reads (~0.6 ms for this much; a rebuild detects every document
// imported before languages were recorded).
const detectSample = 1200

// Detect returns the ISO 639-1 code (or 639-3 when the language has none) of the language
// text is written in, "" when there is too little text to tell or the detector is not confident.
func Detect(text string) string {
	if len(text) > detectSample {
		cut := detectSample
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	letters, lao := 0, 0
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			letters++
			if r >= 0x0e80 && r <= 0x0eff {
				lao++
			}
		}
	}
	// whatlanggo has no Lao (its Thai-script profiles only): Lao's own script, one language, decides.
	if lao > 0 && 2*lao > letters {
		return "lo"
	}
	info := whatlanggo.Detect(text)
	if info.Lang < 0 || letters == 0 {
		return ""
	}
	// Scripts written by one language (Han, kana, Hangul, Greek, Thai…) are certain from a few
	// letters; Latin, Cyrillic, Arabic and Devanagari need enough text to tell their languages apart.
	shared := info.Script == unicode.Latin || info.Script == unicode.Cyrillic || info.Script == unicode.Arabic ||
		info.Script == unicode.Devanagari
	if shared && letters < 8 {
		return ""
	}
	code := info.Lang.Iso6391()
	if code == "" {
		code = info.Lang.Iso6393()
	}
	// Short Latin texts are guessed unreliably; scripts with one language (Han, Hangul, Greek…) are
	// certain whatever the length.
	if info.Confidence < 0.02 && letters < 200 {
		return ""
	}
	return Base(code)
}

// Base reduces a BCP 47 tag ("de-AT", "zh_Hant", "EN") to the lowercase language subtag Gloss
// analyses by, folding the names one language goes by ("nb", "nn" → "no"; "cmn" → "zh"; "iw" → "he").
func Base(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	switch tag {
	case "nb", "nn", "nob", "nno":
		return "no"
	case "cmn", "zho", "chi", "yue":
		return "zh"
	case "iw":
		return "he"
	case "jpn":
		return "ja"
	case "kor":
		return "ko"
	case "und", "mul", "zxx":
		return ""
	}
	return tag
}

// Valid reports whether tag can be stored as a document's language: "" (unknown, detect again) or a
// BCP 47 shape — a 2–3 letter language subtag, then subtags of 1–8 letters or digits joined by "-".
func Valid(tag string) bool {
	if tag == "" {
		return true
	}
	if len(tag) > 35 {
		return false
	}
	for i, sub := range strings.Split(tag, "-") {
		if i == 0 && (len(sub) < 2 || len(sub) > 3) || len(sub) < 1 || len(sub) > 8 {
			return false
		}
		for _, r := range sub {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
				return false
			}
		}
	}
	return true
}
