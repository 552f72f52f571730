package render

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// articleOfSize repeats a mixed paragraph set until it is about size bytes.
func articleOfSize(size int, markdown bool) string {
	var unit string
	if markdown {
		unit = "## Section heading\n\nNegotiators met *late* on **Tuesday** in `room 4`, see [the report](https://example.org/r).\n" +
			"A second line with émigrés, 👩‍👩‍👧 and &amp; entities.\n\n- one\n- two\n  - nested\n\n> quoted text\n\n```\ncode line\n```\n\n"
	} else {
		unit = "Negotiators met late on Tuesday in room 4, see the report.\r\nA second line with émigrés, 👩‍👩‍👧 and <tags>.\r\n\r\n"
	}
	return strings.Repeat(unit, size/len(unit)+1)
}

func BenchmarkPlain1MB(b *testing.B) {
	text := articleOfSize(1<<20, false)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Plain(text, 0)
	}
}

func BenchmarkMarkdown1MB(b *testing.B) {
	src := []byte(articleOfSize(1<<20, true))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Markdown(src); err != nil {
			b.Fatal(err)
		}
	}
}

// spreadMarks returns count marks over a text of n code points, evenly
// spaced, up to 400 code points long so that some overlap.
func spreadMarks(count, n int) []Mark {
	rng := rand.New(rand.NewPCG(1, 2))
	marks := make([]Mark, count)
	for i := range marks {
		start := i*n/count + rng.IntN(50)
		marks[i] = Mark{ID: strconv.Itoa(i), Start: start, End: start + 1 + rng.IntN(400), Colour: "#3366cc"}
	}
	rng.Shuffle(len(marks), func(i, j int) { marks[i], marks[j] = marks[j], marks[i] })
	return marks
}

func BenchmarkPlain1MB5000Marks(b *testing.B) {
	text := articleOfSize(1<<20, false)
	marks := spreadMarks(5000, utf8.RuneCountInString(text))
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Plain(text, 0, marks...)
	}
}

func BenchmarkMarkdown1MB5000Marks(b *testing.B) {
	src := []byte(articleOfSize(1<<20, true))
	doc, err := Markdown(src)
	if err != nil {
		b.Fatal(err)
	}
	marks := spreadMarks(5000, utf8.RuneCountInString(doc.Text))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Markdown(src, marks...); err != nil {
			b.Fatal(err)
		}
	}
}
