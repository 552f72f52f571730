// mklib builds the library that scripts/refi-readers/run.sh exports to .qdpx for the real third-party
// REFI-QDA readers: nested tags with a leaf name twice, codings by two coders (one span coded by both),
// annotations without a code, document memos, project notes (a title twice, two untitled), a "/" in a
// title, dotted titles, a title over 255 bytes, CRLF-only and mixed line ends, date/URL/outlet/authors.
package main

import (
	"fmt"
	"os"
	"strings"

	"gloss/store"
)

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func main() {
	s, err := store.Open(os.Args[1])
	must(err)
	defer s.Close()
	must(s.SetAuthor("Ada"))
	long := "A very long headline " + strings.Repeat("about the budget and the council ", 9) + "ends here"
	var docs []store.Document
	for _, nd := range []store.NewDocument{
		{Title: "Budget 2024/25: what changes", Date: "2024-03-06", Source: "The Ledger", URL: "https://ledger.example/budget-2024-25",
			Text: "The budget cuts library funding by 8%. Unions called it a false economy. Café owners welcomed the VAT change 🎉.\n",
			Meta: store.Meta{Authors: []string{"Jo Reporter", "Sam Desk"}}},
		{Title: "Budget 2024/25: what changes", Date: "2024-03-07", Source: "Morning Post", URL: "https://post.example/b",
			Text: "A second article of the same title. The minister defended the cuts.\n"},
		{Title: "Council minutes", Text: "Minutes\r\n\r\nThe council noted the budget.\r\nAdjourned.\r\n"},
		{Title: "U.S. budget. Part 1", Text: "Part one of the U.S. budget.\n"},
		{Title: "U.S. budget. Part 2", Text: "Part two of the U.S. budget.\n"},
		{Title: "Mixed line ends", Text: "Title line\nsecond line\r\nthird line with quote here\r\nlast\n"},
		{Title: long, Date: "2024-04-01", Source: "Gazette", URL: "https://gazette.example/long",
			Text: "Line one.\nThe council delayed the vote.\n"},
	} {
		d, err := s.AddDocument(nd)
		must(err)
		docs = append(docs, d)
	}
	tags := map[string]store.Tag{}
	for _, nt := range []struct{ path, colour, description string }{
		{"Framing", "#aa0000", "How it is framed"},
		{"Framing/Conflict", "#cc0000", ""},
		{"Policy", "#0000aa", ""},
		{"Policy/Conflict", "#0000cc", "Conflicting policies"},
		{"Tone", "#00aa00", ""},
	} {
		parent, name := "", nt.path
		if i := strings.LastIndex(nt.path, "/"); i >= 0 {
			parent, name = nt.path[:i], nt.path[i+1:]
		}
		tag, err := s.CreateTag(store.NewTag{Name: name, Parent: tags[parent].ID, Colour: nt.colour, Description: nt.description})
		must(err)
		tags[nt.path] = tag
	}
	span := func(doc int, quote string) (int, int) {
		v, err := s.Version(docs[doc].ID, 0)
		must(err)
		i := strings.Index(v.Text, quote)
		if i < 0 {
			panic(quote)
		}
		start := len([]rune(v.Text[:i]))
		return start, start + len([]rune(quote))
	}
	for _, a := range []struct {
		doc           int
		quote, author string
		tags          []string
		note          string
	}{
		{0, "cuts library funding by 8%", "Ada", []string{"Framing/Conflict", "Tone"}, "Compare with last year."},
		{0, "cuts library funding by 8%", "Bo", []string{"Framing/Conflict"}, ""},
		{0, "a false economy", "Bo", []string{"Policy/Conflict"}, "Union quote & \"scare\" <quotes>"},
		{0, "VAT change 🎉", "Ada", nil, "An annotation without a code."},
		{0, "Café owners", "Bo", nil, ""},
		{1, "defended the cuts", "Ada", []string{"Policy"}, ""},
		{2, "noted the budget", "Bo", []string{"Tone"}, ""},
		{2, "Adjourned", "Ada", []string{"Tone"}, ""},
		{3, "Part one", "Ada", []string{"Tone"}, ""},
		{4, "Part two", "Bo", []string{"Tone"}, ""},
		{5, "quote here", "Ada", []string{"Tone"}, ""},
		{6, "delayed the vote", "Bo", []string{"Policy/Conflict"}, "Long-title doc."},
	} {
		start, end := span(a.doc, a.quote)
		var ids []string
		for _, p := range a.tags {
			ids = append(ids, tags[p].ID)
		}
		_, err := s.CreateAnnotations([]store.NewAnnotation{{DocID: docs[a.doc].ID, Start: start, End: end, Tags: ids,
			Note: a.note, Author: a.author}}, "mk")
		must(err)
	}
	for _, n := range []store.Note{
		{DocID: docs[0].ID, Title: "Memo", Body: "Check the 8% against the council's figures.", Author: "Cy"},
		{DocID: docs[2].ID, Body: "Minutes: Windows line ends.", Author: "Bo"},
		{Title: "Method", Body: "We code every budget story twice.", Author: "Bo"},
		{Title: "Week 1", Body: "Read the first ten articles. Café ✓"},
		{Title: "Week 1", Body: "A second note of the same title."},
		{Body: "An untitled project note."},
		{Body: "A second untitled project note."},
	} {
		_, err := s.SaveNote(n)
		must(err)
	}
	fmt.Println("library:", os.Args[1], len(docs), "documents")
}
