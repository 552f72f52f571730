package ingest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"
)

// ErrNotW3C means a JSON file holds no W3C Web Annotation data.
var ErrNotW3C = errors.New("not a W3C Web Annotation file")

// ReadW3C reads W3C Web Annotation JSON-LD: an AnnotationCollection with embedded pages, an
// AnnotationPage, an array, an "@graph" or a single Annotation. Gloss's own exports add "gloss:documents"
// (the documents' text) and "gloss:tags" (colours, descriptions, the tree); without them annotations can
// only attach to documents already in the library.
func ReadW3C(r io.Reader) (Bundle, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		return Bundle{}, fmt.Errorf("not valid JSON: %v", err)
	}
	w := &w3cReader{tagByPath: map[string]string{}}
	w.walk(root, 0)
	if len(w.annotations) == 0 && len(w.bundle.Documents) == 0 && len(w.bundle.Tags) == 0 && len(w.bundle.Notes) == 0 {
		if len(w.bundle.Problems) > 0 {
			p := w.bundle.Problems[0]
			return Bundle{}, fmt.Errorf("%w: %s: %s", ErrNotW3C, p.What, p.Reason)
		}
		return Bundle{}, fmt.Errorf("%w: no Annotation, AnnotationPage or AnnotationCollection in it", ErrNotW3C)
	}
	for _, a := range w.annotations {
		w.bundle.Annotations = append(w.bundle.Annotations, w.readAnnotation(a)...)
	}
	// Files from other tools get a line per annotation saying how it was placed; Gloss's own exports
	// carry their texts, so every annotation lands where it was.
	w.bundle.ReportPlacements = len(w.bundle.Documents) == 0
	return w.bundle, nil
}

type w3cReader struct {
	bundle      Bundle
	annotations []map[string]any // read after the containers, so gloss:tags are known wherever they stand
	tagByPath   map[string]string
	pages       int
}

// maxW3CDepth bounds nesting of containers (pages inside collections inside arrays).
const maxW3CDepth = 32

func (w *w3cReader) walk(v any, depth int) {
	if depth > maxW3CDepth {
		w.bundle.problem("file", "containers nested more than %d deep", maxW3CDepth)
		return
	}
	switch v := v.(type) {
	case []any:
		for _, item := range v {
			w.walk(item, depth+1)
		}
	case map[string]any:
		w.glossExtensions(v)
		types := strings_(v["type"])
		switch {
		case slices.Contains(types, "Annotation"):
			w.annotations = append(w.annotations, v)
		case slices.Contains(types, "AnnotationCollection"):
			if first, ok := v["first"].(map[string]any); ok {
				w.walk(first, depth+1)
			} else if v["first"] != nil {
				w.bundle.problem("collection", "its first page is not in the file (%v)", v["first"])
			}
		case slices.Contains(types, "AnnotationPage"):
			w.pages++
			if w.pages > 100_000 {
				return
			}
			w.walk(v["items"], depth+1)
			if next, ok := v["next"].(map[string]any); ok {
				w.walk(next, depth+1)
			}
		case v["@graph"] != nil:
			w.walk(v["@graph"], depth+1)
		}
	}
}

// glossExtensions reads the documents and tags a Gloss export carries beside the annotations.
func (w *w3cReader) glossExtensions(v map[string]any) {
	for _, d := range objects(v["gloss:documents"]) {
		doc := BundleDocument{Ref: FirstNonEmpty(str(d["id"]), str(d["@id"])), Title: str(d["title"]),
			Date: str(d["date"]), Source: FirstNonEmpty(str(d["outlet"]), str(d["source"])), URL: str(d["url"]), Format: str(d["format"]),
			Text: str(d["text"]), Raw: str(d["raw"])}
		// Gloss exports every version; the current one is the document, the others its older versions,
		// imported as versions so the annotations made on them are placed (import_versions.go).
		current, _ := offsetOf(d["version"])
		doc.Version = max(current, 0)
		versions := objects(d["versions"])
		for _, ver := range versions {
			if n := versionOf(ver["n"]); n == current || (current < 0 && doc.Text == "") {
				doc.Text, doc.Raw, doc.Version = str(ver["text"]), str(ver["raw"]), max(n, 0)
			}
		}
		if doc.Text == "" && len(versions) > 0 {
			last := versions[len(versions)-1]
			doc.Text, doc.Raw, doc.Version = str(last["text"]), str(last["raw"]), max(versionOf(last["n"]), 0)
		}
		for _, ver := range versions {
			if n := versionOf(ver["n"]); n > 0 && n != doc.Version && str(ver["text"]) != "" {
				doc.Older = append(doc.Older, BundleVersion{N: n, Text: str(ver["text"]), Raw: str(ver["raw"]), Format: doc.Format})
			}
		}
		slices.SortStableFunc(doc.Older, func(a, b BundleVersion) int { return a.N - b.N })
		doc.Older = slices.DeleteFunc(doc.Older, func(v BundleVersion) bool { return doc.Version > 0 && v.N > doc.Version })
		w.bundle.Documents = append(w.bundle.Documents, doc)
	}
	for _, n := range objects(v["gloss:notes"]) {
		w.bundle.Notes = append(w.bundle.Notes, BundleNote{Ref: FirstNonEmpty(str(n["id"]), str(n["@id"])), DocRef: str(n["document"]),
			Title: str(n["title"]), Body: FirstNonEmpty(str(n["text"]), str(n["body"])), Author: creatorName(n["creator"]),
			Created: timeOf(n["created"]), Modified: timeOf(n["modified"])})
	}
	tags := objects(v["gloss:tags"])
	refs := map[string]bool{}
	for _, t := range tags {
		refs[FirstNonEmpty(str(t["id"]), str(t["@id"]))] = true
	}
	for _, t := range tags {
		ref := FirstNonEmpty(str(t["id"]), str(t["@id"]), str(t["path"]), str(t["name"]))
		name, parent := str(t["name"]), str(t["parent"])
		if path := str(t["path"]); path != "" {
			if i := strings.LastIndex(path, "/"); i >= 0 && parent == "" {
				parent = w.pathTag(path[:i], false)
			}
			name = FirstNonEmpty(name, path[strings.LastIndex(path, "/")+1:])
			w.tagByPath[strings.ToLower(path)] = ref
		} else if parent != "" && !refs[parent] {
			parent = w.pathTag(parent, false) // a parent given by its path
		}
		w.bundle.Tags = append(w.bundle.Tags, BundleTag{Ref: ref, Name: name, Parent: parent,
			Colour: FirstNonEmpty(str(t["colour"]), str(t["color"])), Description: str(t["description"])})
	}
}

// pathTag returns the ref of the tag at "parent/child", adding the tags of the path that are missing
// (implicit: named by an annotation, so created only when one carrying it is imported).
func (w *w3cReader) pathTag(path string, implicit bool) string {
	parent := ""
	parts := strings.Split(path, "/")
	for i := range parts {
		key := strings.ToLower(strings.Join(parts[:i+1], "/"))
		ref, ok := w.tagByPath[key]
		if !ok {
			ref = "path:" + key
			w.tagByPath[key] = ref
			w.bundle.Tags = append(w.bundle.Tags, BundleTag{Ref: ref, Name: parts[i], Parent: parent, Implicit: implicit})
		}
		parent = ref
	}
	return parent
}

// readAnnotation reads one Annotation: one BundleAnnotation per target (a Gloss annotation is one span of
// one text), all with its tags, note and author. The first keeps the file's id; the others are named
// "<id>#target-N" and come in under new ids.
func (w *w3cReader) readAnnotation(v map[string]any) []BundleAnnotation {
	a := BundleAnnotation{Ref: FirstNonEmpty(str(v["id"]), str(v["@id"])), Start: -1, End: -1,
		Author: creatorName(v["creator"]), Created: timeOf(v["created"]), Modified: timeOf(v["modified"])}
	tagging := slices.Contains(strings_(v["motivation"]), "tagging")
	var notes []string
	addTag := func(value string) {
		if path := strings.Trim(strings.TrimSpace(value), "/"); path != "" {
			a.TagRefs = append(a.TagRefs, w.pathTag(path, true))
		}
	}
	if value := str(v["bodyValue"]); value != "" {
		if tagging {
			addTag(value)
		} else {
			notes = append(notes, value)
		}
	}
	for _, body := range objects(v["body"]) {
		purposes := strings_(body["purpose"])
		value := str(body["value"])
		switch {
		case slices.Contains(purposes, "tagging") || (tagging && len(purposes) == 0 && value != ""):
			if ref := FirstNonEmpty(str(body["id"]), str(body["source"])); ref != "" && w.knownTag(ref) {
				a.TagRefs = append(a.TagRefs, ref)
			} else {
				addTag(value)
			}
		case value != "":
			notes = append(notes, value)
		}
	}
	a.Note = strings.Join(notes, "\n\n")
	var out []BundleAnnotation
	for _, target := range objects(v["target"]) {
		t := a
		t.TagRefs = slices.Clone(a.TagRefs)
		if len(out) > 0 {
			t.Ref = fmt.Sprintf("%s#target-%d", FirstNonEmpty(a.Ref, "annotation"), len(out)+1)
		}
		var other []string
		for _, sel := range objects(target["selector"]) {
			w.selector(&t, sel)
			if typ := str(sel["type"]); typ != "TextQuoteSelector" && typ != "TextPositionSelector" && typ != "RangeSelector" {
				other = append(other, FirstNonEmpty(typ, "untyped selector"))
			}
		}
		what := "annotation " + FirstNonEmpty(t.Ref, "without id")
		if t.Exact == "" && t.Start < 0 && len(other) > 0 {
			w.bundle.problem(what, "its target is selected by %s, not by a passage of text: Gloss annotates text", strings.Join(slices.Compact(other), " and "))
			continue
		}
		source := FirstNonEmpty(str(target["source"]), str(target["id"]))
		if source == "" {
			w.bundle.problem(what, "its target names no document (no source)")
			continue
		}
		// Gloss writes the article's URL as the source and its own id beside it.
		t.DocRef = FirstNonEmpty(str(target["gloss:document"]), source)
		t.Version = max(versionOf(target["gloss:version"]), 0)
		if URLKey(source) != "" {
			t.URL = source
		}
		out = append(out, t)
	}
	return out
}

// selector reads a text selector into a; a RangeSelector/FragmentSelector refined by a text selector
// (as Hypothesis and others nest them) is read through its refinedBy.
func (w *w3cReader) selector(a *BundleAnnotation, sel map[string]any) {
	switch str(sel["type"]) {
	case "TextPositionSelector":
		start, errS := offsetOf(sel["start"])
		end, errE := offsetOf(sel["end"])
		if err := errors.Join(errS, errE); err != nil {
			// Its quote may still place it; the position is named, never shown as "-1".
			w.bundle.problem(fmt.Sprintf("annotation %s", FirstNonEmpty(a.Ref, "without id")), "TextPositionSelector: %v", err)
			start, end = -1, -1
		}
		a.Start, a.End = start, end
	case "TextQuoteSelector":
		a.Exact, a.Prefix, a.Suffix = str(sel["exact"]), str(sel["prefix"]), str(sel["suffix"])
	}
	for _, refined := range objects(sel["refinedBy"]) {
		if a.Exact == "" || str(refined["type"]) != "TextQuoteSelector" {
			w.selector(a, refined)
		}
	}
}

func (w *w3cReader) knownTag(ref string) bool {
	return slices.ContainsFunc(w.bundle.Tags, func(t BundleTag) bool { return t.Ref == ref })
}

// creatorName reads a creator given as a name, or as an Agent with name, nickname or id.
func creatorName(v any) string {
	for _, c := range objects(v) {
		return FirstNonEmpty(str(c["name"]), str(c["nickname"]), str(c["id"]))
	}
	return str(v)
}

// objects reads a JSON-LD value that may be one object or an array of them; strings become {"id": s}.
func objects(v any) []map[string]any {
	var out []map[string]any
	switch v := v.(type) {
	case map[string]any:
		out = append(out, v)
	case string:
		out = append(out, map[string]any{"id": v})
	case []any:
		for _, item := range v {
			switch item := item.(type) {
			case map[string]any:
				out = append(out, item)
			case string:
				out = append(out, map[string]any{"id": item})
			}
		}
	}
	return out
}

func str(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

// strings_ reads a value that may be a string or an array of strings.
func strings_(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, item := range v {
			if s, ok := item.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// offsetOf reads a code-point offset: -1 when missing, an error naming the value when it is not a
// whole number from 0 to maxOffset.
func offsetOf(v any) (int, error) {
	if v == nil {
		return -1, nil
	}
	n, ok := v.(json.Number)
	if !ok {
		return -1, fmt.Errorf("the position %v is not a number", v)
	}
	f, err := n.Float64()
	if err != nil || f < 0 || f > maxOffset || f != math.Trunc(f) {
		return -1, fmt.Errorf("the position %s is out of range (a whole number from 0 to %d)", n, maxOffset)
	}
	return int(f), nil
}

func timeOf(v any) time.Time {
	t, err := time.Parse(time.RFC3339Nano, str(v))
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

func versionOf(v any) int {
	n, _ := offsetOf(v)
	return n
}
