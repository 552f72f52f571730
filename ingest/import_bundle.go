package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"gloss/render"
	"gloss/store"
)

// Bundle is what an annotation file (W3C JSON-LD, REFI-QDA) holds, in the file's own references: the
// readers fill it, ApplyBundle matches it against the library.
type Bundle struct {
	Documents   []BundleDocument
	Tags        []BundleTag
	Annotations []BundleAnnotation
	Problems    []BundleProblem // parts of the file the reader could not use; reported as skipped
}

// BundleDocument is a document; Text "" means the file only refers to it.
type BundleDocument struct {
	Ref                      string // the file's id for it (W3C target source, REFI-QDA source guid)
	Title, Date, Source, URL string
	Text                     string // the canonical text annotations count in
	Format, Raw              string // "md" or "html" with its markup, kept when it still gives Text
}

// BundleTag is a code; Parent is the Ref of its parent tag or "".
type BundleTag struct {
	Ref, Name, Parent, Colour, Description string
}

// BundleAnnotation is a highlighted passage: code points [Start, End) of the document's text. Start < 0
// means the file gave only the quote (Exact, with Prefix and Suffix to tell repeats apart).
type BundleAnnotation struct {
	Ref                   string
	DocRef                string
	Start, End            int
	Exact, Prefix, Suffix string
	TagRefs               []string
	Note, Author          string
	Created, Modified     time.Time
}

// BundleProblem names a part of a file that was not imported and why.
type BundleProblem struct{ What, Reason string }

func (b *Bundle) problem(what, format string, args ...any) {
	b.Problems = append(b.Problems, BundleProblem{what, fmt.Sprintf(format, args...)})
}

// ApplyBundle adds what a bundle holds to the library without duplicating anything: documents are matched
// by the sha256 of their text, tags by their path, and an annotation identical to a stored one (same
// document, span, tags, note and author) is left alone, so applying a bundle twice changes nothing.
func ApplyBundle(s *store.Store, b Bundle) (Report, error) {
	return applyBundle(s, "", b)
}

func applyBundle(s *store.Store, file string, b Bundle) (Report, error) {
	var report Report
	skip := func(what, reason string) {
		report.Items = append(report.Items, ReportItem{File: file, Status: StatusSkipped, Reason: what + ": " + reason})
	}
	for _, p := range b.Problems {
		skip(p.What, p.Reason)
	}
	tagIDs, created, err := applyTags(s, b.Tags, skip)
	report.TagsCreated = created
	if err != nil {
		return report, err
	}
	lib, err := LoadLibraryTexts(s)
	if err != nil {
		return report, err
	}
	docIDs := map[string]string{} // bundle ref -> document id
	for _, d := range b.Documents {
		id, item, ok := ApplyDocument(s, lib, d, skip)
		if !ok {
			continue
		}
		item.File = file
		report.Items = append(report.Items, item)
		if d.Ref != "" {
			docIDs[d.Ref] = id
		}
	}
	made, unchanged, err := ApplyAnnotations(s, file, lib, docIDs, tagIDs, b.Annotations, skip, nil)
	report.AnnotationsCreated, report.AnnotationsUnchanged = made, unchanged
	return report, err
}

// LibraryTexts is the current text of every document, by id and by the sha256 of the text (TextSHA).
type LibraryTexts struct {
	Text  map[string]string
	BySHA map[string]string
}

// LoadLibraryTexts reads the current text of every document.
func LoadLibraryTexts(s *store.Store) (*LibraryTexts, error) {
	lib := &LibraryTexts{Text: map[string]string{}, BySHA: map[string]string{}}
	docs, err := s.Documents()
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		v, err := s.Version(d.ID, 0)
		if err != nil {
			return nil, err
		}
		lib.add(d.ID, v.Text)
	}
	return lib, nil
}

func (l *LibraryTexts) add(id, text string) {
	l.Text[id] = text
	l.BySHA[TextSHA(text)] = id
}

func TextSHA(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// applyTags creates the missing tags parents first and maps bundle refs to tag ids. Existing tags keep
// their colour and description.
func applyTags(s *store.Store, tags []BundleTag, skip func(what, reason string)) (map[string]string, int, error) {
	ids := map[string]string{}
	if len(tags) == 0 {
		return ids, 0, nil
	}
	stored, err := s.Tags()
	if err != nil {
		return nil, 0, err
	}
	byPath := map[string]string{} // lower-case "parent/child" -> id
	pathOf := map[string]string{} // id -> lower-case path
	paths := store.NewTagPaths(stored)
	for _, t := range stored {
		pathOf[t.ID] = strings.ToLower(paths.Path(t.ID))
		byPath[pathOf[t.ID]] = t.ID
	}
	byRef := map[string]BundleTag{}
	for _, t := range tags {
		byRef[t.Ref] = t
	}
	created := 0
	var resolve func(t BundleTag, depth int) (string, error)
	resolve = func(t BundleTag, depth int) (string, error) {
		if id, ok := ids[t.Ref]; ok {
			return id, nil
		}
		if depth > 100 {
			return "", fmt.Errorf("its parents are nested more than 100 deep or form a cycle")
		}
		parentID, parentPath := "", ""
		if parent, ok := byRef[t.Parent]; ok && t.Parent != "" {
			var err error
			if parentID, err = resolve(parent, depth+1); err != nil {
				return "", err
			}
			parentPath = pathOf[parentID] + "/"
		}
		name := TagName(t.Name)
		if name == "" {
			return "", fmt.Errorf("it has no name")
		}
		path := parentPath + strings.ToLower(name)
		if id, ok := byPath[path]; ok {
			ids[t.Ref] = id
			return id, nil
		}
		tag, err := s.CreateTag(store.NewTag{Name: name, Parent: parentID, Colour: TagColour(t.Colour), Description: t.Description})
		if err != nil {
			return "", err
		}
		created++
		pathOf[tag.ID] = path
		byPath[path] = tag.ID
		ids[t.Ref] = tag.ID
		return tag.ID, nil
	}
	for _, t := range tags {
		if _, err := resolve(t, 0); err != nil {
			skip(fmt.Sprintf("tag %q", t.Name), err.Error())
		}
	}
	return ids, created, nil
}

// TagName makes a file's code name a Gloss tag name: one line, and "/" (the path separator in Gloss)
// becomes a look-alike. Markup is kept as text: names are always shown escaped, and changing them would
// make a second tag on every round trip.
func TagName(name string) string {
	return strings.ReplaceAll(OneLine(name), "/", "∕")
}

// OneLine collapses whitespace and drops control characters.
func OneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	return strings.Join(strings.Fields(s), " ")
}

// TagColour accepts #rgb and #rrggbb; anything else lets the store pick from its palette.
func TagColour(c string) string {
	c = strings.TrimSpace(c)
	if len(c) == 4 && c[0] == '#' {
		c = string([]byte{'#', c[1], c[1], c[2], c[2], c[3], c[3]})
	}
	if len(c) != 7 || c[0] != '#' || strings.Trim(strings.ToLower(c[1:]), "0123456789abcdef") != "" {
		return ""
	}
	return strings.ToLower(c)
}

// ApplyDocument finds or creates a bundle document; ok is false for a reference without text.
func ApplyDocument(s *store.Store, lib *LibraryTexts, d BundleDocument, skip func(what, reason string)) (string, ReportItem, bool) {
	if d.Text == "" {
		return "", ReportItem{}, false
	}
	title := CleanLine(d.Title)
	what := fmt.Sprintf("document %q", FirstNonEmpty(title, d.Ref))
	if !utf8.ValidString(d.Text) || strings.ContainsRune(d.Text, 0) {
		skip(what, "its text is not valid UTF-8 text")
		return "", ReportItem{}, false
	}
	sha := TextSHA(d.Text)
	if id, ok := lib.BySHA[sha]; ok {
		doc, err := s.Document(id)
		if err == nil {
			return id, ReportItem{Status: StatusDuplicate, DocID: id, Title: doc.Title, Reason: "already in the library"}, true
		}
	}
	if title == "" {
		title = CleanLine(shorten(firstSentence(d.Text), maxTitle))
	}
	if strings.TrimSpace(title) == "" {
		title = "Untitled"
	}
	nd := store.NewDocument{Title: title, Date: isoDate(d.Date), Source: CleanLine(d.Source), URL: cleanURL(d.URL),
		Format: "txt", Text: d.Text, SHA256: sha}
	nd.Format, nd.Raw = keptMarkup(d)
	doc, dup, err := addDocument(s, nd)
	if err != nil {
		skip(what, err.Error())
		return "", ReportItem{}, false
	}
	lib.add(doc.ID, d.Text)
	if dup {
		return doc.ID, ReportItem{Status: StatusDuplicate, DocID: doc.ID, Title: doc.Title, Reason: "already in the library"}, true
	}
	return doc.ID, ReportItem{Status: StatusImported, DocID: doc.ID, Title: doc.Title}, true
}

func FirstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// AnnotationKey identifies an annotation for "already there": tags compared as a set.
func AnnotationKey(docID string, start, end int, tags []string, note, author string) string {
	sorted := slices.Clone(tags)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	return fmt.Sprintf("%s\x00%d\x00%d\x00%s\x00%s\x00%s", docID, start, end, strings.Join(sorted, ","), note, author)
}

// ApplyAnnotations adds a bundle's annotations, leaving out those already there. guard is nil for an
// import; a merge passes one (merge.go), which also leaves out what was deleted here and marks what it adds.
func ApplyAnnotations(s *store.Store, file string, lib *LibraryTexts, docIDs, tagIDs map[string]string,
	anns []BundleAnnotation, skip func(what, reason string), guard *DuplicateGuard) (created, unchanged int, err error) {
	if len(anns) == 0 {
		return 0, 0, nil
	}
	author := s.Author()
	existing := map[string]bool{}
	loaded := map[string]bool{}
	var batch []store.NewAnnotation
	usedIDs := map[string]bool{}
	for i, a := range anns {
		what := fmt.Sprintf("annotation %s", FirstNonEmpty(a.Ref, fmt.Sprint(i+1)))
		docID, ok := docIDs[a.DocRef]
		if !ok {
			docID = lib.Find(a)
		}
		if docID == "" {
			skip(what, fmt.Sprintf("its document %s is neither in the file nor in the library (the file does not carry the document's text)", a.DocRef))
			continue
		}
		start, end, problem := Locate(lib.Text[docID], a)
		if problem != "" {
			skip(what, problem)
			continue
		}
		var tags []string
		for _, ref := range a.TagRefs {
			if id, ok := tagIDs[ref]; ok {
				tags = append(tags, id)
			}
		}
		who := FirstNonEmpty(OneLine(a.Author), author)
		if !loaded[docID] {
			loaded[docID] = true
			stored, err := s.Annotations(store.AnnotationFilter{DocID: docID})
			if err != nil {
				return created, unchanged, err
			}
			for _, st := range stored {
				existing[AnnotationKey(st.DocID, st.Start, st.End, st.Tags, st.Note, st.Author)] = true
			}
		}
		key := AnnotationKey(docID, start, end, tags, a.Note, who)
		if existing[key] {
			unchanged++
			continue
		}
		if guard != nil {
			switch verdict, err := guard.Check(s, a, docID, start, end, who); {
			case err != nil:
				return created, unchanged, err
			case verdict == GuardDeleted:
				continue
			case verdict == GuardPresent:
				unchanged++
				continue
			}
		}
		existing[key] = true
		na := store.NewAnnotation{DocID: docID, Start: start, End: end, Tags: tags, Note: a.Note, Author: who,
			Created: a.Created, Modified: a.Modified}
		if guard != nil {
			na.Merged = guard.file
		}
		if id := annotationUUID(a.Ref); id != "" && !usedIDs[id] {
			if _, err := s.Annotation(id); err != nil {
				na.ID = id // keep the exported identity when it is free
				usedIDs[id] = true
			}
		}
		batch = append(batch, na)
	}
	if len(batch) == 0 {
		return created, unchanged, nil
	}
	label := fmt.Sprintf("%d annotations imported from %s", len(batch), FirstNonEmpty(file, "a file"))
	if _, err := s.CreateAnnotations(batch, label); err == nil {
		return created + len(batch), unchanged, nil
	}
	// One bad annotation refuses the whole step: add them one by one to keep the good ones.
	for _, na := range batch {
		if _, err := s.CreateAnnotation(na); err != nil {
			skip(fmt.Sprintf("annotation at %d–%d", na.Start, na.End), err.Error())
			continue
		}
		created++
	}
	return created, unchanged, nil
}

// annotationUUID reads "urn:uuid:…", "{…}" or a bare UUID, else "".
func annotationUUID(ref string) string {
	ref = strings.Trim(strings.TrimPrefix(strings.ToLower(ref), "urn:uuid:"), "{}")
	id, err := uuid.Parse(ref)
	if err != nil || len(ref) != 36 {
		return ""
	}
	return id.String()
}

// find looks for the document of an annotation whose document the file does not carry: a Gloss id, or
// else the one library text where its quote stands at its position.
func (l *LibraryTexts) Find(a BundleAnnotation) string {
	if id := annotationUUID(a.DocRef); id != "" {
		if _, ok := l.Text[id]; ok {
			return id
		}
	}
	if a.Exact == "" || a.Start < 0 {
		return ""
	}
	found := ""
	for id, text := range l.Text {
		if RuneSlice(text, a.Start, a.End) == a.Exact {
			if found != "" {
				return "" // ambiguous: better skipped than attached to the wrong article
			}
			found = id
		}
	}
	return found
}

// locate checks an annotation's span against the text, moving it to where its quote stands when the
// offsets are off (other tools count differently) or missing.
func Locate(text string, a BundleAnnotation) (start, end int, problem string) {
	n := utf8.RuneCountInString(text)
	if a.Start >= 0 && a.Start < a.End && a.End <= n && (a.Exact == "" || RuneSlice(text, a.Start, a.End) == a.Exact) {
		return a.Start, a.End, ""
	}
	if a.Exact == "" {
		return 0, 0, fmt.Sprintf("selection %d–%d is not inside the text (%d code points)", a.Start, a.End, n)
	}
	best, bestScore := -1, -1
	runes := []rune(text)
	exact := []rune(a.Exact)
	for i := 0; i+len(exact) <= len(runes); i++ {
		if string(runes[i:i+len(exact)]) != a.Exact {
			continue
		}
		score := 0
		prefix, suffix := []rune(a.Prefix), []rune(a.Suffix)
		if len(prefix) > 0 && i >= len(prefix) && string(runes[i-len(prefix):i]) == a.Prefix {
			score += 2
		}
		if after := i + len(exact); len(suffix) > 0 && after+len(suffix) <= len(runes) && string(runes[after:after+len(suffix)]) == a.Suffix {
			score += 2
		}
		if a.Start >= 0 && abs(i-a.Start) < 64 {
			score++
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		return 0, 0, fmt.Sprintf("its quote %q is not in the document's text", clipQuote(a.Exact))
	}
	return best, best + len(exact), ""
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func clipQuote(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// RuneSlice returns code points [start, end) of s, or "" when out of range.
func RuneSlice(s string, start, end int) string {
	if start < 0 || end < start {
		return ""
	}
	n, from := 0, -1
	for i := range s {
		if n == start {
			from = i
		}
		if n == end {
			if from < 0 {
				return ""
			}
			return s[from:i]
		}
		n++
	}
	if n == end && from >= 0 {
		return s[from:]
	}
	if n == end && start == end {
		return ""
	}
	return ""
}

// keptMarkup keeps a document's Markdown or HTML when, cleaned as an import would clean it, it still
// gives exactly the text; otherwise the document is plain text.
func keptMarkup(d BundleDocument) (format, raw string) {
	switch d.Format {
	case "md":
		if cleaned, err := cleanMarkdown(d.Raw); err == nil && d.Raw != "" {
			if doc, err := render.Markdown([]byte(cleaned)); err == nil && doc.Text == d.Text {
				return "md", cleaned
			}
		}
	case "html":
		return "html", strings.TrimSpace(articlePolicy.Sanitize(d.Raw))
	}
	return "txt", ""
}
