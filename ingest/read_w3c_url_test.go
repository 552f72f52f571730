package ingest

import (
	"strings"
	"testing"
	"time"

	"gloss/store"
)

const urlArticle = "Ministers met on Tuesday. The budget is 4 million euros 🎉 and the deficit grows. The budget is final."

// addCaptured adds an article known by a canonical URL, a capture URL and a final URL after a redirect.
func addCaptured(t *testing.T, s *store.Store, text string) store.Document {
	t.Helper()
	d, err := s.AddDocument(store.NewDocument{Title: "Budget", Format: "txt", Text: text, SHA256: TextSHA(text),
		URL:  "https://news.example/2024/budget",
		Meta: store.Meta{Canonical: "https://news.example/budget-canonical"},
		Provenance: store.Provenance{Capture: &store.Capture{URL: "http://news.example/b?id=7", FinalURL: "https://www.news.example/2024/budget-final/",
			RetrievedAt: time.Date(2026, 12, 2, 14, 3, 0, 0, time.UTC), Status: 200}}})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestURLKey(t *testing.T) {
	same := [][2]string{
		{"HTTPS://News.Example:443/a/b/", "https://news.example/a/b"},
		{"http://news.example:80/a#section-2", "https://news.example/a"},
		{"https://news.example/a?utm_source=x&b=2&a=1&fbclid=z", "https://news.example/a?a=1&b=2"},
		{"https://news.example/caf%C3%A9", "https://news.example/café"},
	}
	for _, p := range same {
		if URLKey(p[0]) != URLKey(p[1]) || URLKey(p[0]) == "" {
			t.Errorf("URLKey(%q) = %q, URLKey(%q) = %q", p[0], URLKey(p[0]), p[1], URLKey(p[1]))
		}
	}
	for _, p := range [][2]string{{"https://news.example/a", "https://news.example/b"}, {"https://news.example:8080/a", "https://news.example/a"},
		{"https://news.example/a?id=1", "https://news.example/a?id=2"}} {
		if URLKey(p[0]) == URLKey(p[1]) {
			t.Errorf("%q and %q match", p[0], p[1])
		}
	}
	for _, bad := range []string{"", "urn:uuid:1234", "file:///tmp/x", "not a url"} {
		if URLKey(bad) != "" {
			t.Errorf("URLKey(%q) = %q", bad, URLKey(bad))
		}
	}
}

func w3cImport(t *testing.T, s *store.Store, doc string) Report {
	t.Helper()
	b, err := ReadW3C(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	r, err := ApplyBundle(s, b)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func reportLines(r Report) string {
	var out []string
	for _, it := range r.Items {
		out = append(out, string(it.Status)+": "+it.Reason)
	}
	return strings.Join(out, "\n")
}

// TestW3CByURLAndQuote: the case. An annotation whose target.source is one of the URLs the
// library article is known by (canonical, captured, final), with only a quote selector, is placed; so is
// one whose position is off by two, and one counted in UTF-16 units past an emoji; a URL the library
// does not know is skipped with that reason.
func TestW3CByURLAndQuote(t *testing.T) {
	s := newStore(t)
	d := addCaptured(t, s, urlArticle)
	r := w3cImport(t, s, `{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationPage", "items": [
  {"id": "https://hyp.example/a1", "type": "Annotation", "creator": "Ann",
   "body": {"type": "TextualBody", "value": "big number"},
   "target": {"source": "https://news.example/budget-canonical#intro", "selector": {"type": "TextQuoteSelector", "exact": "4 million euros"}}},
  {"id": "https://hyp.example/a2", "type": "Annotation",
   "target": {"source": "HTTP://www.NEWS.example/2024/budget-final?utm_campaign=share", "selector": [
     {"type": "TextQuoteSelector", "exact": "The budget", "prefix": "grows. "}, {"type": "TextPositionSelector", "start": 83, "end": 93}]}},
  {"id": "https://hyp.example/a3", "type": "Annotation",
   "target": {"source": "http://news.example/b?id=7", "selector": [
     {"type": "TextQuoteSelector", "exact": "the deficit"}, {"type": "TextPositionSelector", "start": 63, "end": 74}]}},
  {"id": "https://hyp.example/a4", "type": "Annotation", "body": {"type": "TextualBody", "purpose": "tagging", "value": "Lost"},
   "target": {"source": "https://elsewhere.example/x", "selector": {"type": "TextQuoteSelector", "exact": "4 million"}}},
  {"id": "https://hyp.example/a5", "type": "Annotation", "motivation": "tagging", "body": {"type": "TextualBody", "value": "Also lost"},
   "target": {"source": "https://news.example/2024/budget", "selector": {"type": "TextQuoteSelector", "exact": "not in the article"}}}
]}`)
	got := reportLines(r)
	for _, want := range []string{
		"placed: annotation https://hyp.example/a1: by its quote at 40–55 (the file gave no position)",
		"placed: annotation https://hyp.example/a2: by its quote at 81–91 (the file's position 83–93 was off by -2)",
		"placed: annotation https://hyp.example/a3: by its position, counted in UTF-16 units as JavaScript does (63–74), converted to code points 62–73",
		"skipped: annotation https://hyp.example/a4: no document in the library has the URL https://elsewhere.example/x (import the article first)",
		`skipped: annotation https://hyp.example/a5: its quote "not in the article" is not in the document's text`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q:\n%s", want, got)
		}
	}
	if r.AnnotationsCreated != 3 || r.TagsCreated != 0 {
		t.Errorf("created %d annotations and %d tags, want 3 and 0:\n%s", r.AnnotationsCreated, r.TagsCreated, got)
	}
	anns, _ := s.Annotations(store.AnnotationFilter{DocID: d.ID})
	quotes := map[string]bool{}
	for _, a := range anns {
		quotes[a.Exact] = true
		if a.Exact == "4 million euros" && (a.Note != "big number" || a.Author != "Ann") {
			t.Errorf("a1 = %+v", a)
		}
	}
	if !quotes["4 million euros"] || !quotes["The budget"] || !quotes["the deficit"] {
		t.Errorf("annotations = %+v", anns)
	}
	if tags, _ := s.Tags(); len(tags) != 0 {
		t.Errorf("skipped annotations created tags: %+v", tags)
	}
}

// TestW3CMultiTargetAndTagging: every target of an annotation is placed; motivation tagging with a plain
// TextualBody is a tag, not a note; a RangeSelector refined by a quote (as some tools nest them) is read.
func TestW3CMultiTargetAndTagging(t *testing.T) {
	s := newStore(t)
	d := addCaptured(t, s, urlArticle)
	r := w3cImport(t, s, `{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:uuid:6a3e0cf4-1111-4c3b-9a55-000000000001", "type": "Annotation",
  "motivation": "tagging", "body": [{"type": "TextualBody", "value": "Economy/Budget"}, {"type": "TextualBody", "purpose": "tagging", "value": "Numbers"}],
  "target": [
   {"source": "https://news.example/2024/budget", "selector": {"type": "TextQuoteSelector", "exact": "Ministers"}},
   {"source": "https://news.example/2024/budget", "selector": {"type": "RangeSelector", "refinedBy": {"type": "TextQuoteSelector", "exact": "is final"}}}]}`)
	if r.AnnotationsCreated != 2 || r.TagsCreated != 3 {
		t.Fatalf("created %d annotations, %d tags:\n%s", r.AnnotationsCreated, r.TagsCreated, reportLines(r))
	}
	anns, _ := s.Annotations(store.AnnotationFilter{DocID: d.ID})
	budget, _, _ := s.TagByPath("Economy/Budget")
	for _, a := range anns {
		if a.Note != "" || len(a.Tags) != 2 || a.Tags[0] != budget.ID {
			t.Errorf("annotation = %+v (Economy/Budget = %s)", a, budget.ID)
		}
	}
	if len(anns) != 2 || anns[0].Exact != "Ministers" || anns[1].Exact != "is final" || anns[0].ID != "6a3e0cf4-1111-4c3b-9a55-000000000001" {
		t.Errorf("annotations = %+v", anns)
	}
	if !strings.Contains(reportLines(r), "urn:uuid:6a3e0cf4-1111-4c3b-9a55-000000000001#target-2: by its quote") {
		t.Errorf("report:\n%s", reportLines(r))
	}
}

// TestW3CGlossNotesReadBack: memos and project notes Gloss writes under gloss:notes come back, once.
func TestW3CGlossNotesReadBack(t *testing.T) {
	doc := `{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection",
 "gloss:documents": [{"id": "urn:uuid:01900000-0000-7000-8000-000000000001", "title": "Budget", "outlet": "Daily", "format": "txt", "version": 1,
   "versions": [{"n": 1, "text": "The budget is 4 million euros."}]}],
 "gloss:notes": [{"id": "urn:uuid:n1", "document": "urn:uuid:01900000-0000-7000-8000-000000000001", "title": "Budget memo", "text": "Check the figure."},
   {"id": "urn:uuid:n2", "title": "Project", "body": "Old exports wrote body."}],
 "first": {"type": "AnnotationPage", "items": []}}`
	s := newStore(t)
	b, err := ReadW3C(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		r, err := ApplyBundle(s, b)
		if err != nil {
			t.Fatal(err)
		}
		if want := []int{2, 0}[i]; r.NotesCreated != want {
			t.Errorf("apply %d: %d notes created, want %d:\n%s", i+1, r.NotesCreated, want, reportLines(r))
		}
	}
	notes, _ := s.Notes()
	docs, _ := s.Documents()
	if len(notes) != 2 || len(docs) != 1 || docs[0].Source != "Daily" || notes[0].DocID != docs[0].ID || notes[0].Body != "Check the figure." || notes[1].Body != "Old exports wrote body." {
		t.Errorf("notes = %+v, docs = %+v", notes, docs)
	}
}

// TestW3CUTF16Span: positions counted in UTF-16 units are converted only where the text at them is the
// quote, and never in a text without characters outside the BMP.
func TestW3CUTF16Span(t *testing.T) {
	lib := newLibraryTexts()
	lib.Add("d", "a😀b😀cd")
	lib.Add("bmp", "abcdef")
	if s, e, ok := lib.utf16Span("d", BundleAnnotation{Start: 6, End: 8, Exact: "cd"}); !ok || s != 4 || e != 6 {
		t.Errorf("= %d %d %v", s, e, ok)
	}
	if _, _, ok := lib.utf16Span("d", BundleAnnotation{Start: 6, End: 8, Exact: "xx"}); ok {
		t.Error("converted although the quote differs")
	}
	if _, _, ok := lib.utf16Span("bmp", BundleAnnotation{Start: 1, End: 3, Exact: "bc"}); ok {
		t.Error("converted a text without astral characters")
	}
}
