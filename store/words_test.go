package store

import "testing"

func TestCountWords(t *testing.T) {
	for text, want := range map[string]int{
		"":                                   0,
		"The council met — again.":           4, // a dash is not a word
		"U.S. officials don't use e-mail.":   5, // "U.S.", "don't", "e-mail" are one word each
		"district attorney’s office":         3,
		"Die Mieten in Großstädten steigen.": 5,
		"Häuser":                             1,
		"北京的空气污染监测。":                         9, // characters
		"东京タワーです":                            7,
		"iPhone手机":                           3,
		"وزارة المياه قالت إن المياه ملوثة": 6,
		"Привет, мир":    2,
		"서울의 대기 오염":      3, // Hangul is written with spaces: words
		"cafe\u0301 x²":  2,
		"กรุงเทพ ฝนตก":   10, // ก ร ง เ ท พ, ฝ น ต ก: the vowel sign ุ is not a character of its own
		"ນ້ຳຖ້ວມ":        5,  // ນ ຳ ຖ ວ ມ (Lao; the tone marks sit on their letters)
		"កម្ពុជា។":       4,  // ក ម ព ជ (Khmer; the coeng, ុ and the spacing vowel ា are marks; ។ is punctuation)
		"iPhoneรุ่นใหม่": 6,  // iPhone, then ร น ใ ห ม
	} {
		if got := CountWords(text); got != want {
			t.Errorf("CountWords(%q) = %d, want %d", text, got, want)
		}
	}
}
