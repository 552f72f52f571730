package store

import (
	"unicode"
	"unicode/utf8"
)

// CountWords counts the words of a text for every script: a word is a run of letters, digits and marks
// between spaces or punctuation (so "—" is none and "U.S." one, joined by its dots), except that Han and
// kana, written without spaces, count one per character, as Chinese and Japanese counts are given
// (字数): the Reader labels a zh/ja document's count "characters". Scripts that have no spaces and no
// per-character convention (Thai, Lao, Khmer, Myanmar) count one per run between spaces.
func CountWords(text string) int {
	n := 0
	inWord := false
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9':
				if !inWord {
					n++
					inWord = true
				}
			case inWord && (c == '\'' || c == '.' || c == '-' || c == '_') && i < len(text) && isWordByte(text[i]):
				// inside a word: "don't", "U.S.", "e-mail"
			default:
				inWord = false
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		switch {
		case unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || r == 0x30FC:
			n++
			inWord = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if !inWord {
				n++
				inWord = true
			}
		case unicode.IsMark(r) || r == '’' && inWord && i < len(text) && isWordByte(text[i]):
		default:
			inWord = false
		}
	}
	return n
}

func isWordByte(c byte) bool {
	return c >= utf8.RuneSelf || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
