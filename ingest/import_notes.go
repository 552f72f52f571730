package ingest

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"gloss/store"
)

// BundleNote is a note a file holds: a project note (DocRef "") or a document's memo.
type BundleNote struct {
	Ref, DocRef, Title, Body, Author string
	Created, Modified                time.Time
}

// BundleSummary is what a reader found in a file, for the summary it always gets: what it offers
// (Documents, Codes, Codings, Notes) and what it could not use already when reading.
type BundleSummary struct {
	Kind                                           string // "REFI-QDA project"
	Documents, Codes, Codings, Notes               int
	DocumentsSkipped, CodingsSkipped, NotesSkipped int
	SkippedSources                                 map[string]int // "picture" → 2: sources not imported by kind
	NotesOn                                        map[string]int // annotation ref → the Notes its note holds
	CodeNotes                                      map[string]int // tag ref → the Notes its description holds
}

// ImportCounts is what an annotation file brought in and what of it was skipped, always all four.
type ImportCounts struct {
	Documents        int            `json:"documents"`
	Codes            int            `json:"codes"`
	Codings          int            `json:"codings"`
	Notes            int            `json:"notes"`
	DocumentsSkipped int            `json:"documentsSkipped"`
	CodesSkipped     int            `json:"codesSkipped"`
	CodingsSkipped   int            `json:"codingsSkipped"`
	NotesSkipped     int            `json:"notesSkipped"`
	SkippedSources   map[string]int `json:"skippedSources"` // by kind ("picture", "audio source")
}

// ApplyNotes is applyNotes for a merge (teams): docIDs maps the file's document refs to ours.
func ApplyNotes(s *store.Store, notes []BundleNote, docIDs map[string]string, skip func(what, reason string)) (created, unchanged int, err error) {
	return applyNotes(s, nil, notes, docIDs, skip)
}

// applyNotes saves a bundle's notes: a project note unless one with the same title and text is there,
// a memo on its document (joined to the memo it has, unless that already holds the text). A memo's
// document is the file's (docIDs) or, with lib, one of the library's by its urn:uuid (Gloss's JSON-LD).
func applyNotes(s *store.Store, lib *LibraryTexts, notes []BundleNote, docIDs map[string]string, skip func(what, reason string)) (created, unchanged int, err error) {
	if len(notes) == 0 {
		return 0, 0, nil
	}
	stored, err := s.Notes()
	if err != nil {
		return 0, 0, err
	}
	have := map[string]bool{}
	for _, n := range stored {
		if n.DocID == "" {
			have[n.Title+"\x00"+strings.TrimSpace(n.Body)] = true
		}
	}
	for _, n := range notes {
		what := fmt.Sprintf("note %q", clipQuote(FirstNonEmpty(n.Title, n.Ref)))
		if problem := noteTooLong(n.Body); problem != "" {
			skip(what, problem)
			continue
		}
		if n.DocRef == "" {
			key := CleanLine(n.Title) + "\x00" + strings.TrimSpace(n.Body) // as stored
			if have[key] {
				unchanged++
				continue
			}
			if _, err := s.SaveNote(store.Note{Title: CleanLine(n.Title), Body: n.Body, Author: OneLine(n.Author)}); err != nil {
				skip(what, err.Error())
				continue
			}
			have[key] = true
			created++
			continue
		}
		docID, ok := docIDs[n.DocRef]
		if id := annotationUUID(n.DocRef); !ok && lib != nil && id != "" && lib.Text[id] != "" {
			docID, ok = id, true
		}
		if !ok {
			skip(what, "its document was not imported")
			continue
		}
		memo, found, err := s.DocumentNote(docID)
		if err != nil {
			return created, unchanged, err
		}
		switch {
		case found && strings.Contains(memo.Body, strings.TrimSpace(n.Body)):
			unchanged++
			continue
		case found:
			memo.Body = strings.TrimSpace(memo.Body) + "\n\n" + n.Body
		default:
			memo = store.Note{DocID: docID, Title: FirstNonEmpty(n.Title, "Memo"), Body: n.Body, Author: OneLine(n.Author)}
		}
		if _, err := s.SaveNote(memo); err != nil {
			skip(what, err.Error())
			continue
		}
		created++
	}
	return created, unchanged, nil
}

// summaryItem is the one line an annotation file always gets: what came in and what was skipped.
func summaryItem(file string, b Bundle, docIDs map[string]string, placed []PlacedAnnotation, tagIDs map[string]string, r Report) []ReportItem {
	sum := b.Summary
	if sum == nil {
		return nil
	}
	c := ImportCounts{SkippedSources: map[string]int{}}
	c.Documents = len(docIDs)
	c.DocumentsSkipped = sum.DocumentsSkipped + max(0, len(b.Documents)-len(docIDs))
	for _, t := range b.Tags {
		if _, ok := tagIDs[t.Ref]; ok {
			c.Codes++
		}
	}
	c.CodesSkipped = max(0, sum.Codes-c.Codes)
	for _, p := range placed {
		for _, ref := range p.TagRefs {
			if _, ok := tagIDs[ref]; ok {
				c.Codings++
			}
		}
	}
	c.CodingsSkipped = max(0, sum.Codings+sum.CodingsSkipped-c.Codings)
	c.Notes = r.NotesCreated + r.NotesUnchanged
	for _, p := range placed { // notes on annotations (and QualCoder's annotation Notes)
		c.Notes += sum.NotesOn[p.Ref]
	}
	for ref, n := range sum.CodeNotes {
		if _, ok := tagIDs[ref]; ok {
			c.Notes += n
		}
	}
	c.NotesSkipped = max(0, sum.Notes+sum.NotesSkipped-c.Notes)
	for k, v := range sum.SkippedSources {
		c.SkippedSources[k] = v
	}
	return []ReportItem{{File: file, Status: StatusSummary, Reason: c.Sentence(sum.Kind), Counts: &c}}
}

// Sentence says the counts in words: "REFI-QDA project: 2 documents, 5 codes, 9 codings and 1 note
// imported; skipped: 1 document (2 pictures and 1 audio source), 3 codings".
func (c ImportCounts) Sentence(kind string) string {
	in := fmt.Sprintf("%s, %s, %s and %s imported", plural(c.Documents, "document", "documents"),
		plural(c.Codes, "code", "codes"), plural(c.Codings, "coding", "codings"), plural(c.Notes, "note", "notes"))
	var out []string
	if c.DocumentsSkipped > 0 {
		d := plural(c.DocumentsSkipped, "source", "sources")
		if len(c.SkippedSources) > 0 {
			var kinds []string
			for k := range c.SkippedSources {
				kinds = append(kinds, k)
			}
			sort.Strings(kinds)
			var parts []string
			for _, k := range kinds {
				n := c.SkippedSources[k]
				name := k
				if n != 1 {
					name = pluralKind(k)
				}
				parts = append(parts, fmt.Sprintf("%d %s", n, name))
			}
			d += " (" + joinAnd(parts) + ")"
		}
		out = append(out, d)
	}
	if c.CodesSkipped > 0 {
		out = append(out, plural(c.CodesSkipped, "code", "codes"))
	}
	if c.CodingsSkipped > 0 {
		out = append(out, plural(c.CodingsSkipped, "coding", "codings"))
	}
	if c.NotesSkipped > 0 {
		out = append(out, plural(c.NotesSkipped, "note", "notes"))
	}
	s := kind + ": " + in
	if len(out) > 0 {
		s += "; skipped: " + strings.Join(out, ", ") + " (see the skipped parts)"
	} else {
		s += "; nothing skipped"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func pluralKind(k string) string {
	for _, names := range qdaSourceKinds {
		if names[0] == k {
			return names[1]
		}
	}
	switch k {
	case "PDF without a text representation":
		return "PDFs without a text representation"
	case "empty source":
		return "empty sources"
	case "source whose text is not in the file":
		return "sources whose text is not in the file"
	case "source with a repeated GUID":
		return "sources with a repeated GUID"
	}
	return k
}

func joinAnd(parts []string) string {
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}
