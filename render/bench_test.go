package render

import (
	"strings"
	"testing"
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
