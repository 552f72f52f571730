package anchor

import "testing"

func TestBestMatchAndFindAll(t *testing.T) {
	text := "Intro.\n\n“A huge kind of pimple on the face of this program,” she said. Later: a huge kind of\npimple on the face of this programme."
	start, end, sim := BestMatch(text, "a huge kind of pimple on the face of this program")
	if got := string([]rune(text)[start:end]); got != "a huge kind of\npimple on the face of this program" || sim != 1 {
		t.Errorf("BestMatch: %q %.2f", got, sim) // case: the first copy has "A"; the folded second is verbatim
	}
	p := NewPattern("  a huge kind of pimple on the face of this program ")
	ms := p.FindAll(text, TrackSimilarity)
	if len(ms) != 2 || ms[0].Similarity >= 1 || ms[0].Similarity < TrackSimilarity || ms[1].Similarity != 1 {
		t.Fatalf("FindAll: %+v", ms)
	}
	if got := string([]rune(text)[ms[0].Start:ms[0].End]); got != "A huge kind of pimple on the face of this program" {
		t.Errorf("first match %q", got)
	}
	if ms := p.FindAll("nothing like it at all, not even close to the words", TrackSimilarity); len(ms) != 0 {
		t.Errorf("unrelated text: %+v", ms)
	}
	if NewPattern(" \n ") != nil {
		t.Error("blank pattern")
	}
	if s, e, sim := BestMatch("", "x"); s != 0 || e != 0 || sim != 0 {
		t.Error("empty text")
	}
}
