// Command hostile writes the hostile import files of issue 22 (items 6 and 7) at a chosen size, for
// measuring imports and merges (RELIABILITY.md, "Round 2"): go run ./scripts/hostile -kind K -n N -out F.
package main

import (
	"archive/zip"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
)

func main() {
	kind := flag.String("kind", "", "nomatch | longquote | bigsource | codes | badone | bomb")
	n := flag.Int("n", 0, "the size: code points (nomatch), MB (bigsource), codes, annotations or sources (bomb)")
	out := flag.String("out", "", "file to write")
	flag.Parse()
	var data []byte
	var err error
	switch *kind {
	case "nomatch": // a document of n code points and 20 quotes that are not in it
		data, err = glossJSONLD(text(*n), 20, func(i int) map[string]any {
			return quoteSelector(fmt.Sprintf("no such words %d", i))
		}, "")
	case "longquote": // a document of n code points and 20 quotes of 2,000 code points that are not in it
		data, err = glossJSONLD(text(*n), 20, func(i int) map[string]any {
			return quoteSelector(strings.Repeat(fmt.Sprintf("no such words %d ", i), 2000/16))
		}, "")
	case "badone": // n good annotations and one the store refuses (its note is over 1 MB)
		doc := text(n2(*n) * 10)
		data, err = glossJSONLD(doc, *n, func(i int) map[string]any {
			return map[string]any{"type": "TextPositionSelector", "start": i * 10, "end": i*10 + 5}
		}, strings.Repeat("n", 1<<20+1))
	case "bigsource": // one source of n MB and 2,000 selections
		data, err = qdpx(1, *n<<20, 2000, 1)
	case "codes": // n codes, one source with a selection coded with all of them
		data, err = qdpx(1, 1000, 1, *n)
	case "bomb": // n sources of 45 MB each, highly compressible
		data, err = qdpx(*n, 45<<20, 0, 1)
	default:
		log.Fatalf("unknown -kind %q", *kind)
	}
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		log.Fatal(err)
	}
}

func n2(n int) int { return n + 1 }

// text is n code points of prose with some non-ASCII, so byte and code point offsets differ.
func text(n int) string {
	const piece = "Le conseil a voté le budget du port après un long débat. " // 58 code points
	var b strings.Builder
	for b.Len() < n*2 && len([]rune(b.String())) < n {
		b.WriteString(strings.Repeat(piece, 1000))
	}
	return string([]rune(b.String())[:n])
}

func quoteSelector(exact string) map[string]any {
	return map[string]any{"type": "TextQuoteSelector", "exact": exact, "prefix": "avant ", "suffix": " après"}
}

func glossJSONLD(doc string, annotations int, selector func(i int) map[string]any, badNote string) ([]byte, error) {
	const docID = "urn:uuid:01900000-0000-7000-8000-000000000001"
	var items []any
	for i := range annotations {
		items = append(items, map[string]any{"type": "Annotation", "id": fmt.Sprintf("urn:uuid:01900000-0000-7000-8000-%012d", i+2),
			"creator": map[string]any{"name": "Bo"}, "bodyValue": "note",
			"target": map[string]any{"source": docID, "selector": selector(i)}})
	}
	if badNote != "" {
		items = append(items, map[string]any{"type": "Annotation", "bodyValue": badNote,
			"target": map[string]any{"source": docID, "selector": selector(0)}})
	}
	return json.Marshal(map[string]any{"type": "AnnotationCollection",
		"gloss:documents": []any{map[string]any{"id": docID, "title": "Port", "format": "txt", "version": 1,
			"versions": []any{map[string]any{"n": 1, "text": doc}}}},
		"first": map[string]any{"type": "AnnotationPage", "items": items}})
}

// qdpx writes sources of size bytes each, selections spread over the first one, and codes applied to
// the first selection.
func qdpx(sources, size, selections, codes int) ([]byte, error) {
	var project strings.Builder
	project.WriteString(`<?xml version="1.0" encoding="utf-8"?><Project name="hostile" xmlns="urn:QDA-XML:project:1.0"><CodeBook><Codes>`)
	for i := range codes {
		fmt.Fprintf(&project, `<Code guid="c%d" name="Code %d"/>`, i, i)
	}
	project.WriteString(`</Codes></CodeBook><Sources>`)
	for s := range sources {
		fmt.Fprintf(&project, `<TextSource guid="s%d" name="source %d.txt" plainTextPath="internal://s%d.txt">`, s, s, s)
		if s == 0 {
			step := max(size/max(selections, 1), 10)
			for i := range selections {
				fmt.Fprintf(&project, `<PlainTextSelection guid="sel%d" startPosition="%d" endPosition="%d">`, i, i*step, i*step+5)
				for c := range codes {
					if i == 0 || c == 0 {
						fmt.Fprintf(&project, `<Coding guid="k%d-%d"><CodeRef targetGUID="c%d"/></Coding>`, i, c, c)
					}
				}
				project.WriteString(`</PlainTextSelection>`)
			}
		}
		project.WriteString(`</TextSource>`)
	}
	project.WriteString(`</Sources></Project>`)
	var buf strings.Builder
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("project.qde")
	if err != nil {
		return nil, err
	}
	w.Write([]byte(project.String()))
	chunk := []byte(strings.Repeat("word ", 1<<14))
	for s := range sources {
		w, err := zw.Create(fmt.Sprintf("sources/s%d.txt", s))
		if err != nil {
			return nil, err
		}
		for left := size; left > 0; left -= len(chunk) {
			w.Write(chunk[:min(left, len(chunk))])
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return []byte(buf.String()), nil
}
