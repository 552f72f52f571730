package search

import (
	"slices"
	"testing"
	"unicode/utf8"
)

// Thai, Lao and Khmer put no spaces between words (only, sometimes, between phrases): like Chinese,
// they are cut into character bigrams, a character being a letter with its combining marks.
func TestUnspacedScriptBigrams(t *testing.T) {
	for _, c := range []struct {
		text  string
		query bool
		want  []string
	}{
		// ก รุ ง เ ท พ: สระอุ (a vowel sign below) stays with its consonant.
		{"กรุงเทพ", false, []string{"กรุ", "รุง", "งเ", "เท", "ทพ", "พ"}},
		{"กรุงเทพ", true, []string{"กรุ", "รุง", "งเ", "เท", "ทพ"}},
		// A space ends a run: no bigram spans it.
		{"ฝน ตก", false, []string{"ฝน", "น", "ตก", "ก"}},
		// Lao ວ ຽ ງ ຈັ ນ (ັ is a vowel sign).
		{"ວຽງຈັນ", true, []string{"ວຽ", "ຽງ", "ງຈັ", "ຈັນ"}},
		// Khmer ក ម្ ពុ ជា: the coeng (្) stays with the consonant before it, the vowel signs with theirs.
		{"កម្ពុជា", true, []string{"កម្", "ម្ពុ", "ពុជា"}},
		// A Latin word next to Thai is a word of its own.
		{"iPhoneรุ่นใหม่", false, []string{"iPhone", "รุ่น", "นใ", "ให", "หม่", "ม่"}},
	} {
		var got []string
		eachWord(c.text, c.query, func(w word) { got = append(got, c.text[w.start:w.end]) })
		if !slices.Equal(got, c.want) {
			t.Errorf("%q (query %v): tokens %q, want %q", c.text, c.query, got, c.want)
		}
	}
}

// Articles in each script: a word in the middle of a run is found, with the hit on exactly that word; a
// phrase is found; characters that only meet across a space or punctuation, or occur apart, are not.
func TestUnspacedScriptSearches(t *testing.T) {
	l := newLibrary(t)
	// "Heavy rain fell in Bangkok. The Meteorological Department warned of floods in many provinces."
	th := l.addIn("th", "ฝนตก", "วันนี้ฝนตกหนักในกรุงเทพมหานคร\n\nกรมอุตุนิยมวิทยาเตือนว่าน้ำท่วมหลายจังหวัด ประชาชนควรระวัง")
	// "The Lao government announced that Vientiane has floods."
	lo := l.addIn("lo", "ນ້ຳຖ້ວມ", "ລັດຖະບານລາວປະກາດວ່າວຽງຈັນມີນ້ຳຖ້ວມ ປະຊາຊົນຄວນລະວັງ")
	// "The Cambodian government announced a flood in Phnom Penh."
	km := l.addIn("km", "ទឹកជំនន់", "រដ្ឋាភិបាលកម្ពុជាបានប្រកាសថាមានទឹកជំនន់នៅភ្នំពេញ។ ប្រជាជនត្រូវប្រុងប្រយ័ត្ន")
	// An English article with a Thai name: its Thai run is cut the same way.
	en := l.addIn("en", "Visit", "The minister visited กรุงเทพมหานคร on Monday.")
	l.catchUp()
	for _, c := range []struct {
		q, match string
		docs     []string
	}{
		{"กรุงเทพ", "กรุงเทพ", []string{th, en}},     // Bangkok, inside a run, in both
		{"ฝนตก", "ฝนตก", []string{th}},               // rain falls, inside the first run
		{"น้ำท่วม", "น้ำท่วม", []string{th}},         // flood, inside a run
		{"อุตุนิยม", "อุตุนิยม", []string{th}},       // meteorology, inside "กรมอุตุนิยมวิทยา"
		{`"ประชาชนควร"`, "ประชาชนควร", []string{th}}, // a phrase
		{"รุ", "รุ", []string{th, en}},               // one character with its vowel sign: that character
		{"ວຽງຈັນ", "ວຽງຈັນ", []string{lo}},           // Vientiane, inside a run
		{"ປະກາດ", "ປະກາດ", []string{lo}},             // announced
		{`"ມີນ້ຳຖ້ວມ"`, "ມີນ້ຳຖ້ວມ", []string{lo}},   // a phrase: "has floods"
		{"កម្ពុជា", "កម្ពុជា", []string{km}},         // Cambodia, inside a run
		{"ទឹកជំនន់", "ទឹកជំនន់", []string{km}},       // flood
		{"ភ្នំពេញ", "ភ្នំពេញ", []string{km}},         // Phnom Penh, before "។"
		{`"បានប្រកាស"`, "បានប្រកាស", []string{km}},   // a phrase: "did announce"
	} {
		res := l.search(Query{Text: c.q})
		var got []string
		for _, d := range res.Docs {
			got = append(got, d.DocID)
			var body []string
			for _, h := range d.Hits {
				if h.In == "body" {
					body = append(body, h.Match)
				}
			}
			if len(body) == 0 || body[0] != c.match {
				t.Errorf("%q in %s: body hits %q, want %q", c.q, d.Title, body, c.match)
			}
		}
		slices.Sort(got)
		want := slices.Clone(c.docs)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q: found %q, want %q", c.q, got, want)
		}
	}
	// No false hits: characters that meet only across a space (วิทยาเตือนว่าน้ำท่วม…จังหวัด ประชาชน),
	// across "។", or in the wrong order.
	for _, q := range []string{"ดประชา", "หวัดประ", "ពេញប្រជា", "ນ້ຳຖ້ວມປະຊາ", "เทพกรุง", "ท่วมน้ำ"} {
		if res := l.search(Query{Text: q}); len(res.Docs) != 0 {
			t.Errorf("%q: %d documents, want none", q, len(res.Docs))
		}
	}
}

// Every token's code-point bounds are its byte bounds counted in code points: a Thai, Lao or Khmer
// character carries its vowel signs and tone marks, so a run's n-th character is not its n-th code point
// (a hit's selection in the Reader is made from these bounds).
func TestUnspacedCodePointBounds(t *testing.T) {
	for _, text := range []string{
		"กรมอุตุนิยมวิทยาเตือนว่าอาจเกิดน้ำท่วม ประชาชน",
		"ລັດຖະບານປະກາດແຜນການສ້າງໂຮງຮຽນໃໝ່",
		"ទឹកជំនន់បានបំផ្លាញផ្ទះ។ abc 空气污染 ok",
	} {
		for _, forQuery := range []bool{false, true} {
			eachWord(text, forQuery, func(w word) {
				if got := utf8.RuneCountInString(text[:w.start]); got != w.cpStart {
					t.Errorf("%q: token %q starts at code point %d, bounds say %d", text, text[w.start:w.end], got, w.cpStart)
				}
				if got := utf8.RuneCountInString(text[:w.end]); got != w.cpEnd {
					t.Errorf("%q: token %q ends at code point %d, bounds say %d", text, text[w.start:w.end], got, w.cpEnd)
				}
			})
		}
	}
}
