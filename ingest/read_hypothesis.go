package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// ErrNotHypothesis means a JSON file is not a Hypothesis client export.
var ErrNotHypothesis = errors.New("not a Hypothesis export")

// hypothesisExport is the file the Hypothesis client's "Export" writes: {export_date, annotations};
// a saved answer of the API's search ({total, rows}) is read the same way.
type hypothesisExport struct {
	ExportDate  string           `json:"export_date"`
	Annotations []map[string]any `json:"annotations"`
	Rows        []map[string]any `json:"rows"`
}

// IsHypothesisExport tells a Hypothesis export from W3C JSON-LD: an object with export_date and an
// annotations list (W3C files have "type" and "@context" instead).
func IsHypothesisExport(data []byte) bool {
	var probe struct {
		ExportDate  *string   `json:"export_date"`
		Annotations []anyJSON `json:"annotations"`
		Rows        []anyJSON `json:"rows"`
		Type        any       `json:"type"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return false
	}
	return probe.Type == nil && (probe.ExportDate != nil || (len(probe.Annotations) > 0 || len(probe.Rows) > 0) && bytes.Contains(data, []byte(`"uri"`)))
}

// anyJSON accepts any JSON value and keeps nothing of it: the probe counts the lists' items without the
// copy of each that json.RawMessage makes (a copy of the whole file).
type anyJSON struct{}

func (*anyJSON) UnmarshalJSON([]byte) error { return nil }

// ReadHypothesis reads a Hypothesis export: each annotation's target selectors (TextQuoteSelector with
// prefix and suffix, TextPositionSelector counted in UTF-16 as the browser counts), its text as the
// note, its tags, and its author (user_info.display_name, else the user name of acct:name@host). Its
// uri is matched against every URL a library document is known by, then the quote placed in that
// text. Replies and page notes (no quote) are reported as skipped.
func ReadHypothesis(r io.Reader) (Bundle, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	var file hypothesisExport
	if err := dec.Decode(&file); err != nil {
		return Bundle{}, fmt.Errorf("%w: not valid JSON: %v", ErrNotHypothesis, err)
	}
	if file.Annotations == nil {
		file.Annotations = file.Rows
	}
	if file.Annotations == nil {
		return Bundle{}, fmt.Errorf("%w: no \"annotations\" list", ErrNotHypothesis)
	}
	w := &w3cReader{tagByPath: map[string]string{}}
	for i, h := range file.Annotations {
		w.hypothesisAnnotation(i, h, func(a BundleAnnotation) error {
			w.bundle.Annotations = append(w.bundle.Annotations, a)
			return nil
		})
	}
	w.bundle.ReportPlacements = true
	return w.bundle, nil
}

// hypothesisAnnotation reads the i-th annotation of an export, h, handing fn a BundleAnnotation per
// target with a quote or position; a reply or a page note is w's problem.
func (w *w3cReader) hypothesisAnnotation(i int, h map[string]any, fn func(BundleAnnotation) error) error {
	ref := FirstNonEmpty(str(h["id"]), fmt.Sprint(i+1))
	what := "annotation " + ref
	if refs, _ := h["references"].([]any); len(refs) > 0 {
		w.bundle.problem(what, "a reply to another annotation (Gloss keeps no threads): its text is not imported")
		return nil
	}
	a := BundleAnnotation{Ref: ref, Start: -1, End: -1, Note: str(h["text"]),
		Author: hypothesisAuthor(h), Created: timeOf(h["created"]), Modified: timeOf(h["updated"])}
	for _, tag := range strings_(h["tags"]) {
		if path := strings.Trim(strings.TrimSpace(tag), "/"); path != "" {
			a.TagRefs = append(a.TagRefs, w.pathTag(path, true))
		}
	}
	uri := str(h["uri"])
	alternates := hypothesisLinks(h, uri)
	targets := objects(h["target"])
	placed := 0
	for _, target := range targets {
		t := a
		if placed > 0 {
			t.Ref = fmt.Sprintf("%s#target-%d", ref, placed+1)
		}
		source := FirstNonEmpty(str(target["source"]), uri)
		t.DocRef, t.URL = source, source
		t.AltURLs = slices.DeleteFunc(slices.Clone(append([]string{uri}, alternates...)), func(u string) bool { return u == "" || u == source })
		for _, sel := range objects(target["selector"]) {
			w.selector(&t, sel)
		}
		if t.Exact == "" && t.Start < 0 {
			continue
		}
		if err := fn(t); err != nil {
			return err
		}
		placed++
	}
	if placed == 0 {
		w.bundle.problem(what, "a page note on %s with no quote: Gloss annotates passages", FirstNonEmpty(uri, "its page"))
	}
	return nil
}

// hypothesisLinks are the other addresses Hypothesis knows the annotated page by: document.link hrefs
// (the page's canonical and alternate links, its PDF) and highwire.pdf_url: web addresses and urn:x-pdf:
// fingerprints (a PDF's document id, matched against the library's PDFs), in the file's order; DOIs and
// other URNs name nothing a library document is known by.
func hypothesisLinks(h map[string]any, uri string) []string {
	doc, _ := h["document"].(map[string]any)
	if doc == nil {
		return nil
	}
	var out []string
	add := func(u string) {
		pdf := strings.HasPrefix(strings.ToLower(u), "urn:x-pdf:")
		if (URLKey(u) != "" || pdf) && u != uri && !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	for _, l := range objects(doc["link"]) {
		add(FirstNonEmpty(str(l["href"]), str(l["id"])))
	}
	if hw, ok := doc["highwire"].(map[string]any); ok {
		for _, u := range strings_(hw["pdf_url"]) {
			add(u)
		}
	}
	return out
}

// hypothesisAuthor is the name shown in Hypothesis: user_info.display_name, else "name" of acct:name@host.
func hypothesisAuthor(h map[string]any) string {
	if info, ok := h["user_info"].(map[string]any); ok {
		if name := strings.TrimSpace(str(info["display_name"])); name != "" {
			return name
		}
	}
	user := strings.TrimPrefix(str(h["user"]), "acct:")
	if at := strings.LastIndex(user, "@"); at > 0 {
		user = user[:at]
	}
	return user
}

// readAnnotationJSON reads a .json/.jsonld annotation file: a Hypothesis export or W3C JSON-LD.
func readAnnotationJSON(data []byte) (Bundle, error) {
	if IsHypothesisExport(data) {
		return ReadHypothesis(bytes.NewReader(data))
	}
	return ReadW3C(bytes.NewReader(data))
}

// readHypothesisStream is ReadHypothesis with the annotations left in the file (issue 22): the export is
// walked token by token, each annotation decoded alone, so no tree of the whole file is built. A first
// walk makes the tags, counts and notes the problems; each later walk decodes the annotations again, one
// at a time, for the import to place and write in batches (applyStreamed).
func readHypothesisStream(data []byte) (Bundle, error) {
	key, err := hypothesisListKey(data)
	if err != nil {
		return Bundle{}, err
	}
	w := &w3cReader{tagByPath: map[string]string{}}
	count := 0
	if err := w.hypothesisWalk(data, key, func(BundleAnnotation) error { count++; return nil }); err != nil {
		return Bundle{}, err
	}
	b := w.bundle
	b.ReportPlacements = true
	b.annotationCount = count
	b.each = func(fn func(BundleAnnotation) error) error {
		quiet := &w3cReader{tagByPath: w.tagByPath, bundle: Bundle{Tags: w.bundle.Tags}}
		return quiet.hypothesisWalk(data, key, fn)
	}
	return b, nil
}

// hypothesisListKey says which top-level list holds the annotations, as ReadHypothesis reads them:
// "annotations" unless it is missing or null, then "rows"; the file must be one valid JSON object.
func hypothesisListKey(data []byte) (string, error) {
	has := map[string]bool{}
	err := hypothesisTopLevel(data, func(dec *json.Decoder, key string) error {
		t, err := dec.Token()
		if err != nil {
			return notHypothesisJSON(err)
		}
		if (key == "annotations" || key == "rows") && t != nil {
			has[key] = true
		}
		return skipRest(dec, t)
	})
	switch {
	case err != nil:
		return "", err
	case has["annotations"]:
		return "annotations", nil
	case has["rows"]:
		return "rows", nil
	}
	return "", fmt.Errorf("%w: no \"annotations\" list", ErrNotHypothesis)
}

// hypothesisWalk hands fn every annotation of the list under key, decoded one at a time.
func (w *w3cReader) hypothesisWalk(data []byte, key string, fn func(BundleAnnotation) error) error {
	seen := false
	return hypothesisTopLevel(data, func(dec *json.Decoder, k string) error {
		t, err := dec.Token()
		if err != nil {
			return notHypothesisJSON(err)
		}
		if k != key || seen || t == nil {
			return skipRest(dec, t)
		}
		seen = true
		if t != json.Delim('[') {
			return fmt.Errorf("%w: %q is not a list", ErrNotHypothesis, key)
		}
		for i := 0; dec.More(); i++ {
			var h map[string]any
			if err := dec.Decode(&h); err != nil {
				return notHypothesisJSON(err)
			}
			if err := w.hypothesisAnnotation(i, h, fn); err != nil {
				return err
			}
		}
		_, err = dec.Token() // ']'
		return notHypothesisJSON(err)
	})
}

// hypothesisTopLevel walks the keys of the file's top-level object, fn reading (or skipping) each value.
func hypothesisTopLevel(data []byte, fn func(dec *json.Decoder, key string) error) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil {
		return notHypothesisJSON(err)
	} else if t != json.Delim('{') {
		return fmt.Errorf("%w: not valid JSON: not an object", ErrNotHypothesis)
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return notHypothesisJSON(err)
		}
		key, _ := t.(string)
		if err := fn(dec, key); err != nil {
			return err
		}
	}
	_, err := dec.Token() // '}'
	return notHypothesisJSON(err)
}

func notHypothesisJSON(err error) error {
	if err == nil || errors.Is(err, ErrNotHypothesis) {
		return err
	}
	return fmt.Errorf("%w: not valid JSON: %v", ErrNotHypothesis, err)
}

// skipRest reads past the rest of the value whose first token was t, however deep, without keeping it.
func skipRest(dec *json.Decoder, t json.Token) error {
	depth := 0
	for {
		switch t {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
		var err error
		if t, err = dec.Token(); err != nil {
			return notHypothesisJSON(err)
		}
	}
}
