package export_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gloss/export"
)

// A minimal JSON-LD 1.0 expansion check: what a processor would drop or misread when it expands a
// document with the W3C context (testdata/w3c/anno.jsonld, the W3C's file re-typed) and the document's
// own context entries. It reports every key that is neither a keyword, a term, a compact IRI with a
// known prefix nor an absolute IRI (expansion drops those), every value of an @id-typed term that is
// not an absolute IRI (it would become a relative IRI: "Reuters" as oa:hasSource), every @vocab value
// and type that is no term (a relative IRI too), and contexts given in forms this check does not read.

type ldTerm struct {
	id, typ string
}

type ldContext struct {
	terms    map[string]ldTerm
	prefixes map[string]bool
}

func loadAnnoContext(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "w3c", "anno.jsonld"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Context map[string]any `json:"@context"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Context
}

var knownSchemes = map[string]bool{"http": true, "https": true, "urn": true, "mailto": true, "tag": true}

var absoluteIRI = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$`)

func (c *ldContext) add(t *testing.T, defs map[string]any) {
	for k, v := range defs {
		switch v := v.(type) {
		case string:
			c.terms[k] = ldTerm{id: v}
			if strings.HasSuffix(v, "/") || strings.HasSuffix(v, "#") {
				c.prefixes[k] = true
			}
		case map[string]any:
			id, _ := v["@id"].(string)
			typ, _ := v["@type"].(string)
			c.terms[k] = ldTerm{id: id, typ: typ}
		default:
			t.Errorf("@context term %q: a definition this check does not read: %v", k, v)
		}
	}
}

func (c *ldContext) isIRI(s string) bool {
	if prefix, _, ok := strings.Cut(s, ":"); ok && c.prefixes[prefix] {
		return true
	}
	return absoluteIRI.MatchString(s) && !strings.HasPrefix(s, "_:")
}

// expansionProblems walks the document as an expansion would and lists what it would lose.
func expansionProblems(t *testing.T, doc map[string]any) []string {
	c := &ldContext{terms: map[string]ldTerm{}, prefixes: map[string]bool{}}
	var problems []string
	for _, entry := range []any{doc["@context"]} {
		var list []any
		switch e := entry.(type) {
		case []any:
			list = e
		default:
			list = []any{e}
		}
		for _, item := range list {
			switch item := item.(type) {
			case string:
				if item != "http://www.w3.org/ns/anno.jsonld" {
					problems = append(problems, "a remote context this check cannot load: "+item)
					continue
				}
				c.add(t, loadAnnoContext(t))
			case map[string]any:
				c.add(t, item)
			}
		}
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case []any:
			for i, item := range v {
				walk(fmt.Sprintf("%s[%d]", path, i), item)
			}
		case map[string]any:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				at := path + "." + k
				if k == "@context" {
					if path != "" {
						problems = append(problems, at+": a nested @context this check does not read")
					}
					continue
				}
				if strings.HasPrefix(k, "@") {
					walk(at, v[k])
					continue
				}
				term, isTerm := c.terms[k]
				if !isTerm && !c.isIRI(k) {
					problems = append(problems, at+": not a term, compact IRI or IRI: dropped by expansion")
					continue
				}
				if scheme, _, _ := strings.Cut(k, ":"); !isTerm && !c.prefixes[scheme] && !knownSchemes[scheme] {
					// "gloss:notes" without a "gloss" prefix expands to the IRI gloss:notes: kept, but an
					// undeclared term no one can look up.
					problems = append(problems, at+": an undeclared prefix "+scheme+": (no @context entry defines it)")
				}
				values := v[k]
				list, isList := values.([]any)
				if !isList {
					list = []any{values}
				}
				for _, value := range list {
					s, isString := value.(string)
					switch {
					case !isString:
					case term.typ == "@vocab" || term.id == "@type":
						if _, ok := c.terms[s]; !ok && !c.isIRI(s) {
							problems = append(problems, fmt.Sprintf("%s: %q is no term (a relative IRI after expansion)", at, s))
						}
					case term.typ == "@id" && !c.isIRI(s):
						problems = append(problems, fmt.Sprintf("%s: %q is not an IRI (a relative IRI after expansion)", at, s))
					}
				}
				walk(at, values)
			}
		}
	}
	walk("", doc)
	return problems
}

func checkExpandsCleanly(t *testing.T, jsonld string) {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(jsonld), &doc); err != nil {
		t.Fatal(err)
	}
	if problems := expansionProblems(t, doc); len(problems) > 0 {
		t.Errorf("JSON-LD expansion would lose %d things:\n%s", len(problems), strings.Join(problems[:min(len(problems), 30)], "\n"))
	}
}

// TestJSONLDExpandsCleanly: Gloss's export of the seed fixture loses nothing when expanded.
func TestJSONLDExpandsCleanly(t *testing.T) {
	f := newExportFixture(t)
	checkExpandsCleanly(t, exportString(t, f.s, "jsonld", export.ExportOptions{}))
}

// TestExpansionCheckCatches: the check is not blind: undeclared keys, a text where an IRI belongs and
// an unknown motivation are reported; the W3C spec's own example passes.
func TestExpansionCheckCatches(t *testing.T) {
	bad := `{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:uuid:1", "type": "Annotation", "motivation": "musing",
	 "anchor": {"status": "exact"}, "gloss:notes": [], "target": {"source": "Reuters", "selector": {"type": "TextQuoteSelector", "exact": "x"}}}`
	var doc map[string]any
	if err := json.Unmarshal([]byte(bad), &doc); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(expansionProblems(t, doc), "\n")
	for _, want := range []string{".anchor: not a term", `.target.source: "Reuters" is not an IRI`, `.motivation: "musing" is no term`, ".gloss:notes: an undeclared prefix gloss:"} {
		if !strings.Contains(got, want) {
			t.Errorf("missed %q in:\n%s", want, got)
		}
	}
	good := `{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "http://example.org/anno23", "type": "Annotation",
	 "body": "http://example.org/comment1", "target": {"source": "http://example.org/page1",
	 "selector": {"type": "TextQuoteSelector", "exact": "anotation", "prefix": "this is an ", "suffix": " that has some"}}}`
	doc = nil
	if err := json.Unmarshal([]byte(good), &doc); err != nil {
		t.Fatal(err)
	}
	if p := expansionProblems(t, doc); len(p) > 0 {
		t.Errorf("the spec's example 23: %v", p)
	}
}
