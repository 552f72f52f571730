package store

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"
)

// CountWords counts the words of a text for every script: a word is a run of letters, digits and marks
// between spaces or punctuation (so "—" is none and "U.S." one, joined by its dots), except that Han and
// kana, written without spaces, count one per character, as Chinese and Japanese counts are given
// (字数): the Reader labels a zh/ja document's count "characters". Thai, Lao and Khmer, also written
// without spaces between words, count one per letter or digit (their vowel signs and tone marks, which
// sit on a letter, are not counted), labelled "characters" too: a count of runs between spaces would be
// neither words nor characters. Myanmar still counts one per run between spaces.
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
		case (r >= 0x0E00 && r <= 0x0EFF || r >= 0x1780 && r <= 0x17FF) && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			n++ // Thai, Lao, Khmer
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

// wordsRule names the counting rule of CountWords; a library counted by another rule is recounted when
// it is next opened for writing, so a Chinese article stored as "5 words" shows its characters.
const wordsRule = "3" // 1: strings.Fields; 2: CountWords (per script); 3: Thai, Lao, Khmer per character

var keyWordsRule = []byte("words_rule")

// recountWords recounts every document's words by the current rule, once: changed counts as one
// journaled (not undoable) step; a library already counted by this rule is only read.
func (s *Store) recountWords() error {
	var recount []Document
	done := false
	err := s.db.View(func(tx *bolt.Tx) error {
		if done = string(tx.Bucket(bucketMeta).Get(keyWordsRule)) == wordsRule; done {
			return nil
		}
		return eachJSON(tx.Bucket(bucketDocs), "document", func(d Document) {
			if v, err := getStoredVersion(tx, d.ID, d.Version); err == nil {
				if n := bodyWords(v.Text, d.BodyStart); n != d.Words {
					d.Words = n
					recount = append(recount, d)
				}
			}
		})
	})
	if err != nil || done {
		return err
	}
	if len(recount) == 0 { // nothing to show in the journal: only remember the rule
		return s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keyWordsRule, []byte(wordsRule)) })
	}
	return s.write(opDocMeta, false, func(cs *changeSet) (string, error) {
		for _, d := range recount {
			cur, err := getDoc(cs.tx, d.ID)
			if err != nil {
				continue // deleted meanwhile
			}
			cur.Words = d.Words
			if err := putDoc(cs, cur); err != nil {
				return "", err
			}
		}
		if err := cs.put(bucketMeta, string(keyWordsRule), []byte(wordsRule)); err != nil {
			return "", err
		}
		return fmt.Sprintf("Words recounted in %d documents", len(recount)), nil
	})
}
