package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Reading W3C JSON-LD without decoding the whole file into one tree: a file of a million annotations
// (190 MB) took 3.1 GB as map[string]any and was killed. The containers (collections, pages, arrays,
// "@graph") are walked in place over the file's bytes; every other value, an Annotation included, is
// decoded on its own, so what is held at once is the file, the documents, tags and notes it carries,
// and one annotation. The annotations themselves are remembered as byte spans and decoded again when
// the import walks them (Bundle.each), in batches.

// annSpan is one Annotation object's bytes in the file.
type annSpan struct{ start, end int }

// readW3CStream is ReadW3C over a file's bytes, with the annotations left in the file (Bundle.each).
func readW3CStream(data []byte) (Bundle, error) {
	i := skipSpace(data, 0)
	end, err := valueEnd(data, i) // what follows the first value is ignored, as by ReadW3C's Decode
	if err != nil {
		return Bundle{}, fmt.Errorf("not valid JSON: %v", err)
	}
	// The walk below decodes only what it reads, so a malformed part it skips would pass unseen; one
	// scan over the value (json.Valid holds only its nesting) refuses such a file, as ReadW3C does.
	if !json.Valid(data[i:end]) {
		var v any
		return Bundle{}, fmt.Errorf("not valid JSON: %v", json.Unmarshal(data[i:end], &v))
	}
	w := &w3cReader{tagByPath: map[string]string{}}
	var spans []annSpan
	if err := w.walkSpan(data, i, end, 0, &spans); err != nil {
		return Bundle{}, fmt.Errorf("not valid JSON: %v", err)
	}
	if len(spans) == 0 && len(w.bundle.Documents) == 0 && len(w.bundle.Tags) == 0 && len(w.bundle.Notes) == 0 {
		if len(w.bundle.Problems) > 0 {
			p := w.bundle.Problems[0]
			return Bundle{}, fmt.Errorf("%w: %s: %s", ErrNotW3C, p.What, p.Reason)
		}
		return Bundle{}, fmt.Errorf("%w: no Annotation, AnnotationPage or AnnotationCollection in it", ErrNotW3C)
	}
	// Once over the annotations now that every gloss:tag is known: their problems and the tags they name
	// are part of what the file holds, as with ReadW3C; the annotations are dropped again.
	count := 0
	read := func(fn func(BundleAnnotation) error) error {
		for _, sp := range spans {
			v, err := decodeObject(data[sp.start:sp.end])
			if err != nil {
				return err
			}
			for _, a := range w.readAnnotation(v) {
				if err := fn(a); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := read(func(BundleAnnotation) error { count++; return nil }); err != nil {
		return Bundle{}, fmt.Errorf("not valid JSON: %v", err)
	}
	b := w.bundle
	b.ReportPlacements = len(b.Documents) == 0
	b.annotationCount = count
	b.each = func(fn func(BundleAnnotation) error) error {
		// Later walks add no tags (pathTag finds them) and repeat no problem.
		quiet := *w
		quiet.bundle = Bundle{Tags: w.bundle.Tags}
		quiet.tagByPath = w.tagByPath
		for _, sp := range spans {
			v, err := decodeObject(data[sp.start:sp.end])
			if err != nil {
				return err
			}
			quiet.bundle.Problems = nil
			for _, a := range quiet.readAnnotation(v) {
				if err := fn(a); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return b, nil
}

// containerKeys are the keys whose values walk reads as containers.
var containerKeys = map[string]bool{"items": true, "first": true, "next": true, "@graph": true}

// walkSpan is walk over data[start:end]: containers are walked in place, an Annotation's span is kept.
func (w *w3cReader) walkSpan(data []byte, start, end, depth int, spans *[]annSpan) error {
	if depth > maxW3CDepth {
		w.bundle.problem("file", "containers nested more than %d deep", maxW3CDepth)
		return nil
	}
	switch data[start] {
	case '[':
		return arrayItems(data, start, func(s, e int) error { return w.walkSpan(data, s, e, depth+1, spans) })
	case '{':
	default:
		return nil
	}
	// An object: every field but the containers is decoded now (they are small); the containers are
	// walked once its type is known, in the order walk takes them.
	fields := map[string]any{}
	inner := map[string][2]int{}
	err := objectFields(data, start, func(key string, s, e int) error {
		if containerKeys[key] && (data[s] == '[' || data[s] == '{') {
			inner[key] = [2]int{s, e}
			return nil
		}
		v, err := decodeValue(data[s:e])
		fields[key] = v
		return err
	})
	if err != nil {
		return err
	}
	w.glossExtensions(fields)
	types := strings_(fields["type"])
	walkKey := func(key string) error {
		if sp, ok := inner[key]; ok {
			return w.walkSpan(data, sp[0], sp[1], depth+1, spans)
		}
		return nil
	}
	switch {
	case slices.Contains(types, "Annotation"):
		*spans = append(*spans, annSpan{start, end})
	case slices.Contains(types, "AnnotationCollection"):
		if sp, ok := inner["first"]; ok && data[sp[0]] == '{' {
			return walkKey("first")
		} else if ok {
			w.bundle.problem("collection", "its first page is not in the file (%s)", clipQuote(string(data[sp[0]:sp[1]])))
		} else if fields["first"] != nil {
			w.bundle.problem("collection", "its first page is not in the file (%v)", fields["first"])
		}
	case slices.Contains(types, "AnnotationPage"):
		w.pages++
		if w.pages > 100_000 {
			return nil
		}
		if err := walkKey("items"); err != nil {
			return err
		}
		if sp, ok := inner["next"]; ok && data[sp[0]] == '{' {
			return walkKey("next")
		}
	case inner["@graph"] != [2]int{} || fields["@graph"] != nil:
		return walkKey("@graph")
	}
	return nil
}

// decodeValue decodes one JSON value as walk sees it (numbers as json.Number).
func decodeValue(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

func decodeObject(raw []byte) (map[string]any, error) {
	v, err := decodeValue(raw)
	m, _ := v.(map[string]any)
	return m, err
}

var errJSON = errors.New("unexpected end of JSON")

func skipSpace(d []byte, i int) int {
	for i < len(d) && (d[i] == ' ' || d[i] == '\t' || d[i] == '\n' || d[i] == '\r') {
		i++
	}
	return i
}

// valueEnd returns the index just past the JSON value starting at d[i] (no whitespace before it). It
// checks the nesting of brackets and the ends of strings; the spelling of everything is json.Valid's.
func valueEnd(d []byte, i int) (int, error) {
	if i >= len(d) {
		return 0, errJSON
	}
	switch d[i] {
	case '"':
		for j := i + 1; j < len(d); j++ {
			switch d[j] {
			case '\\':
				j++
			case '"':
				return j + 1, nil
			}
		}
		return 0, errJSON
	case '{', '[':
		var stack []byte
		for j := i; j < len(d); j++ {
			switch c := d[j]; c {
			case '"':
				e, err := valueEnd(d, j)
				if err != nil {
					return 0, err
				}
				j = e - 1
			case '{', '[':
				stack = append(stack, c)
			case '}', ']':
				if len(stack) == 0 || (c == '}') != (stack[len(stack)-1] == '{') {
					return 0, fmt.Errorf("unexpected %q at byte %d", c, j)
				}
				stack = stack[:len(stack)-1]
				if len(stack) == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, errJSON
	default: // a number, true, false or null (readW3CStream's json.Valid has checked its spelling)
		j := i
		for j < len(d) && !strings.ContainsRune(" \t\r\n,]}:\"{[", rune(d[j])) {
			j++
		}
		if j == i {
			return 0, fmt.Errorf("invalid character %q at byte %d", d[i], i)
		}
		return j, nil
	}
}

// objectFields calls fn with each key of the object at d[i] and its value's span.
func objectFields(d []byte, i int, fn func(key string, start, end int) error) error {
	j := skipSpace(d, i+1)
	if j < len(d) && d[j] == '}' {
		return nil
	}
	for {
		if j >= len(d) || d[j] != '"' {
			return fmt.Errorf("expected a key at byte %d", j)
		}
		ke, err := valueEnd(d, j)
		if err != nil {
			return err
		}
		var key string
		if err := json.Unmarshal(d[j:ke], &key); err != nil {
			return err
		}
		j = skipSpace(d, ke)
		if j >= len(d) || d[j] != ':' {
			return fmt.Errorf("expected ':' at byte %d", j)
		}
		vs := skipSpace(d, j+1)
		ve, err := valueEnd(d, vs)
		if err != nil {
			return err
		}
		if err := fn(key, vs, ve); err != nil {
			return err
		}
		j = skipSpace(d, ve)
		if j < len(d) && d[j] == ',' {
			j = skipSpace(d, j+1)
			continue
		}
		if j < len(d) && d[j] == '}' {
			return nil
		}
		return fmt.Errorf("expected ',' or '}' at byte %d", j)
	}
}

// arrayItems calls fn with the span of each item of the array at d[i].
func arrayItems(d []byte, i int, fn func(start, end int) error) error {
	j := skipSpace(d, i+1)
	if j < len(d) && d[j] == ']' {
		return nil
	}
	for {
		e, err := valueEnd(d, j)
		if err != nil {
			return err
		}
		if err := fn(j, e); err != nil {
			return err
		}
		j = skipSpace(d, e)
		if j < len(d) && d[j] == ',' {
			j = skipSpace(d, j+1)
			continue
		}
		if j < len(d) && d[j] == ']' {
			return nil
		}
		return fmt.Errorf("expected ',' or ']' at byte %d", j)
	}
}
