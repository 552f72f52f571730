package search

import (
	"strings"
	"testing"
)

func TestSentenceAround(t *testing.T) {
	for _, c := range []struct{ text, hit, want string }{
		{"First one. The council met on Tuesday. Then it rained.", "council", "The council met on Tuesday."},
		{"He said: “The council is broke.” She left.", "council", "He said: “The council is broke.”"},
		{"Headline\nThe council met\nNext line.", "council", "The council met"},
		{"北京今天发布报告。空气污染明显减轻。专家表示。", "污染", "空气污染明显减轻。"},
		{"أعلنت الوزارة خطة. وقال مسؤول في الوزارة إن المشروع كبير. انتهى.", "مسؤول", "وقال مسؤول في الوزارة إن المشروع كبير."},
		{"No end at all council here", "council", "No end at all council here"},
		{"Dr. Smith met the council. Fine.", "council", "Smith met the council."}, // abbreviations end a sentence: a known limit
	} {
		i := strings.Index(c.text, c.hit)
		start := len([]rune(c.text[:i]))
		s, e := SentenceAround(c.text, start, start+len([]rune(c.hit)))
		if got := string([]rune(c.text)[s:e]); got != c.want {
			t.Errorf("%q: got %q, want %q", c.hit, got, c.want)
		}
	}
}

func TestHitSpans(t *testing.T) {
	l := newLibrary(t)
	text := "Die Mieten steigen. Viele Häuser sind alt, manche Häuser sind leer. Ende."
	id := l.addIn("de", "Mieten", text)
	words, err := HitSpans(l.s, id, "Haus", false)
	if err != nil || len(words) != 2 || cut(text, words[0].Start, words[0].End) != "Häuser" {
		t.Fatalf("hits %+v %v", words, err)
	}
	sentences, err := HitSpans(l.s, id, "Haus", true)
	if err != nil || len(sentences) != 1 || cut(text, sentences[0].Start, sentences[0].End) != "Viele Häuser sind alt, manche Häuser sind leer." {
		t.Fatalf("sentences %+v %v", sentences, err)
	}
}
