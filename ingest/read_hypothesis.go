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
		ExportDate  *string           `json:"export_date"`
		Annotations []json.RawMessage `json:"annotations"`
		Rows        []json.RawMessage `json:"rows"`
		Type        any               `json:"type"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return false
	}
	return probe.Type == nil && (probe.ExportDate != nil || (len(probe.Annotations) > 0 || len(probe.Rows) > 0) && bytes.Contains(data, []byte(`"uri"`)))
}

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
		ref := FirstNonEmpty(str(h["id"]), fmt.Sprint(i+1))
		what := "annotation " + ref
		if refs, _ := h["references"].([]any); len(refs) > 0 {
			w.bundle.problem(what, "a reply to another annotation (Gloss keeps no threads): its text is not imported")
			continue
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
			w.bundle.Annotations = append(w.bundle.Annotations, t)
			placed++
		}
		if placed == 0 {
			w.bundle.problem(what, "a page note on %s with no quote: Gloss annotates passages", FirstNonEmpty(uri, "its page"))
		}
	}
	w.bundle.ReportPlacements = true
	return w.bundle, nil
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
