package export

import (
	"html/template"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// annotationTemplate is how the evidence pack wrote an annotation until appendHTMLAnnotation replaced
// it (text/template's reflection was most of the time of a large pack): the reference it must match.
var annotationTemplate = template.Must(template.New("annotation").Parse(`
<article id="a-{{.ID}}">
{{- range .Anchors}}<span id="{{.}}"></span>{{end}}
<blockquote dir="auto"{{if .Lang}} lang="{{.Lang}}"{{end}}>{{.Before}}<mark style="background: {{.Highlight}}">{{.Exact}}</mark>{{.After}}</blockquote>
{{- if .Status}}
<p class="anchor"><strong>Anchor: {{.StatusHead}}</strong> — {{.Status}}</p>
{{- end}}
{{- if .Tags}}
<p class="tags">{{range .Tags}}<span class="tag" style="border-left-color: {{.Colour}}">{{.Path}}</span>{{end}}</p>
{{- end}}
{{- if .Note}}
<div class="note" dir="auto">{{.Note}}</div>
{{- end}}
<p class="meta">{{.Author}} · {{.Created}}{{if ne .Created .Modified}} (edited {{.Modified}}){{end}}{{if .Page}} · {{.Page}}{{end}}</p>
{{- if .Cite}}
<p class="cite">{{.Cite}}</p>
{{- end}}
{{- if .Then}}
<p class="cite" dir="auto">{{.Then}}</p>
{{- end}}
</article>`))

// joinPieces returns a generator of strings made of up to three of the pieces, for the tests that compare a
// hand-written writer with the library encoder it replaced.
func joinPieces(rng *rand.Rand, pieces []string) func() string {
	return func() string {
		var b strings.Builder
		for range rng.IntN(4) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
}

// TestHTMLAnnotationMatchesTemplate: appendHTMLAnnotation writes byte for byte what html/template wrote,
// for hostile values too (markup, quotes, NUL, invalid UTF-8, U+2028, entities).
func TestHTMLAnnotationMatchesTemplate(t *testing.T) {
	pieces := []string{"", "plain", "<script>alert('x')</script>", `"quoted" & 'single'`, "a+b=c", "\x00nul", "bad \xff\xfe utf8",
		"line\u2028sep", "&amp; &#x41; &lt;", "emoji 🔎👩🏽‍💻", "tab\tnew\nline\r", "]]> --> <!--", "#fff1a855", "javascript:alert(1)",
		"\ufdd0\ufffe\uffff", "`backtick` {{.ID}}", "é", "2024-01-02T03:04:05Z"}
	rng := rand.New(rand.NewPCG(5, 6))
	str := joinPieces(rng, pieces)
	for i := range 5000 {
		item := htmlAnnotation{ID: str(), DocID: str(), Lang: str(), Before: str(), Exact: str(), After: str(), Highlight: template.CSS(str()),
			Note: template.HTML(str()), Author: str(), Status: str(), StatusHead: str(), Page: str(), Cite: template.HTML(str()), Then: template.HTML(str()), Version: rng.IntN(5),
			Created: time.Unix(rng.Int64N(1<<34)-1<<33, rng.Int64N(1e9)).In(time.FixedZone("x", 3600))}
		switch rng.IntN(3) {
		case 0:
			item.Modified = item.Created
		case 1:
			item.Modified = item.Created.Add(time.Duration(rng.IntN(2000)) * time.Millisecond) // the same second or the next
		default:
			item.Modified = time.Unix(rng.Int64N(1<<31), 0)
		}
		switch rng.IntN(3) {
		case 0:
			item.Status = ""
		case 1:
			item.Status = "orphan"
		}
		for range rng.IntN(3) {
			item.Anchors = append(item.Anchors, str())
		}
		for range rng.IntN(4) {
			item.Tags = append(item.Tags, htmlTag{Path: str(), Colour: template.CSS(str())})
		}
		if i%7 == 0 {
			item.Tags = []htmlTag{} // empty, not nil
		}
		// What the template was given: the times as strings.
		data := struct {
			htmlAnnotation
			Created, Modified string
		}{item, exportTimestamp(item.Created), exportTimestamp(item.Modified)}
		var want strings.Builder
		if err := annotationTemplate.Execute(&want, data); err != nil {
			t.Fatal(err)
		}
		if got := string(appendHTMLAnnotation(nil, &item)); got != want.String() {
			t.Fatalf("item %+v:\n got %q\nwant %q", item, got, want.String())
		}
	}
}
