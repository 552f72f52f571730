package ingest

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
)

// REFI-QDA 1.0/1.5 Project.xsd, the parts Gloss uses, read as the tools write them. Struct tags name only
// local names, so the namespace ("urn:QDA-XML:project:1.0") and prefixes other tools write do not matter.
type qdeProject struct {
	Name        string        `xml:"name,attr"`
	Origin      string        `xml:"origin,attr"`
	BasePath    string        `xml:"basePath,attr"`
	Users       []qdeUser     `xml:"Users>User"`
	Codes       []qdeCode     `xml:"CodeBook>Codes>Code"`
	Variables   []qdeVariable `xml:"Variables>Variable"`
	Cases       []qdeCase     `xml:"Cases>Case"`
	Sources     qdeSources    `xml:"Sources"`
	Notes       []qdeSource   `xml:"Notes>Note"`
	Links       []qdeLink     `xml:"Links>Link"`
	Sets        []qdeAny      `xml:"Sets>Set"`
	Graphs      []qdeAny      `xml:"Graphs>Graph"`
	Description string        `xml:"Description"`
	NoteRefs    []qdeRefAttr  `xml:"NoteRef"`
}

// qdeSources keeps every kind of source in the order of the file.
type qdeSources struct {
	Items []qdeSource `xml:",any"`
}

type qdeUser struct {
	GUID string `xml:"guid,attr"`
	Name string `xml:"name,attr"`
	ID   string `xml:"id,attr"`
}

type qdeCode struct {
	GUID        string       `xml:"guid,attr"`
	Name        string       `xml:"name,attr"`
	Color       string       `xml:"color,attr"`
	Description string       `xml:"Description"`
	NoteRefs    []qdeRefAttr `xml:"NoteRef"`
	Codes       []qdeCode    `xml:"Code"`
}

type qdeVariable struct {
	GUID string `xml:"guid,attr"`
	Name string `xml:"name,attr"`
}

type qdeAny struct {
	Name string `xml:"name,attr"`
}

// qdeCase is a case: NVivo and MAXQDA keep a source's attributes as a case referring to it.
type qdeCase struct {
	GUID       string             `xml:"guid,attr"`
	Name       string             `xml:"name,attr"`
	Values     []qdeVariableValue `xml:"VariableValue"`
	SourceRefs []qdeRefAttr       `xml:"SourceRef"`
}

// qdeLink links two things; NVivo links a Note (origin) to the selection it annotates (target).
type qdeLink struct {
	GUID   string `xml:"guid,attr"`
	Origin string `xml:"originGUID,attr"`
	Target string `xml:"targetGUID,attr"`
}

type qdeSyncPoint struct {
	GUID     string `xml:"guid,attr"`
	Position string `xml:"position,attr"`
}

// qdeSource is any source (TextSource, PDFSource, PictureSource, AudioSource, VideoSource), a PDF's
// Representation or a Note: TextSourceType and its relatives share these parts.
type qdeSource struct {
	XMLName          xml.Name
	GUID             string             `xml:"guid,attr"`
	Name             string             `xml:"name,attr"`
	PlainTextPath    string             `xml:"plainTextPath,attr"`
	Path             string             `xml:"path,attr"`
	PlainTextContent *string            `xml:"PlainTextContent"`
	Description      string             `xml:"Description"`
	CreatingUser     string             `xml:"creatingUser,attr"`
	ModifyingUser    string             `xml:"modifyingUser,attr"`
	Created          string             `xml:"creationDateTime,attr"`
	Modified         string             `xml:"modifiedDateTime,attr"`
	Selections       []qdeSelection     `xml:"PlainTextSelection"`
	Codings          []qdeCoding        `xml:"Coding"`
	NoteRefs         []qdeRefAttr       `xml:"NoteRef"`
	Values           []qdeVariableValue `xml:"VariableValue"`
	Representation   *qdeSource         `xml:"Representation"`
	OtherSelections  []qdeSelection     `xml:"PDFSelection"`
	PictureSel       []qdeSelection     `xml:"PictureSelection"`
	AudioSel         []qdeSelection     `xml:"AudioSelection"`
	VideoSel         []qdeSelection     `xml:"VideoSelection"`
	Transcripts      []qdeSource        `xml:"Transcript"`
	RichTextPath     string             `xml:"richTextPath,attr"`
	SyncPoints       []qdeSyncPoint     `xml:"SyncPoint"`
	TranscriptSel    []qdeSelection     `xml:"TranscriptSelection"`
}

type qdeVariableValue struct {
	Ref    qdeRefAttr `xml:"VariableRef"`
	Values []struct {
		XMLName xml.Name
		Text    string `xml:",chardata"`
	} `xml:",any"`
}

type qdeSelection struct {
	GUID         string       `xml:"guid,attr"`
	Name         string       `xml:"name,attr"`
	Start        string       `xml:"startPosition,attr"`
	End          string       `xml:"endPosition,attr"`
	FromSync     string       `xml:"fromSyncPoint,attr"`
	ToSync       string       `xml:"toSyncPoint,attr"`
	CreatingUser string       `xml:"creatingUser,attr"`
	Created      string       `xml:"creationDateTime,attr"`
	ModifyUser   string       `xml:"modifyingUser,attr"`
	Modified     string       `xml:"modifiedDateTime,attr"`
	Description  string       `xml:"Description"`
	Codings      []qdeCoding  `xml:"Coding"`
	NoteRefs     []qdeRefAttr `xml:"NoteRef"`
}

type qdeCoding struct {
	GUID         string       `xml:"guid,attr"`
	CreatingUser string       `xml:"creatingUser,attr"`
	Created      string       `xml:"creationDateTime,attr"`
	CodeRef      qdeRefAttr   `xml:"CodeRef"`
	NoteRefs     []qdeRefAttr `xml:"NoteRef"`
}

type qdeRefAttr struct {
	Target string `xml:"targetGUID,attr"`
}

// member resolves a source's path as the tools write it to a member of the archive: internal://NAME,
// relative://NAME (against basePath and sources/), or a bare NAME, all looked for under sources/ (any
// case, as NVivo writes Sources/), then under basePath, then at the root. An absolute path is refused,
// naming it: it points at someone else's disk.
func (p qdeProject) member(ref string, files map[string]*zip.File) (string, error) {
	ref = strings.TrimSpace(strings.ReplaceAll(ref, `\`, "/"))
	lower := strings.ToLower(ref)
	var name string
	switch {
	case strings.HasPrefix(lower, "internal://"):
		name = ref[len("internal://"):]
	case strings.HasPrefix(lower, "relative://"):
		name = ref[len("relative://"):]
	case strings.HasPrefix(lower, "absolute://"), strings.HasPrefix(lower, "file://"), strings.HasPrefix(ref, "/"),
		len(ref) > 2 && ref[1] == ':' && ref[2] == '/':
		return "", fmt.Errorf("its text is at an absolute path outside the project (%s), which an exchanged project cannot carry; export it from its tool with the sources inside the .qdpx", ref)
	case strings.Contains(ref, "://"):
		return "", fmt.Errorf("its text is at %s, which is not a path inside the project", ref)
	default:
		name = ref
	}
	clean := strings.TrimPrefix(path.Clean("/"+name), "/")
	var tried []string
	candidates := []string{path.Join("sources", clean)}
	if base := strings.Trim(strings.ReplaceAll(p.BasePath, `\`, "/"), "/"); base != "" && !strings.Contains(base, ":") {
		candidates = append(candidates, path.Join(strings.TrimPrefix(path.Clean("/"+base), "/"), clean))
	}
	candidates = append(candidates, clean)
	for _, c := range candidates {
		if _, ok := files[strings.ToLower(c)]; ok {
			return c, nil
		}
		if !slices.Contains(tried, c) {
			tried = append(tried, c)
		}
	}
	return "", fmt.Errorf("its text %s is missing from the archive (looked for %s)", ref, strings.Join(tried, ", "))
}

// qdaSourceKinds names the sources Gloss cannot import, for the summary ("2 pictures and 1 audio source").
var qdaSourceKinds = map[string][2]string{
	"PictureSource": {"picture", "pictures"},
	"AudioSource":   {"audio source", "audio sources"},
	"VideoSource":   {"video source", "video sources"},
}

func (p qdeProject) bundle(sourceText func(string) (string, error), sourcePDF func(string) (*bundlePDF, error)) Bundle {
	var b Bundle
	sum := &BundleSummary{Kind: "REFI-QDA project", SkippedSources: map[string]int{}, NotesOn: map[string]int{}, CodeNotes: map[string]int{}}
	b.Summary = sum
	users := map[string]string{}
	for _, u := range p.Users {
		users[normalGUID(u.GUID)] = FirstNonEmpty(strings.TrimSpace(u.Name), u.ID, u.GUID)
	}
	user := func(guids ...string) string {
		for _, g := range guids {
			if g == "" {
				continue
			}
			if name, ok := users[normalGUID(g)]; ok {
				return name
			}
			return g // a user the file does not list: its id is all there is
		}
		return ""
	}
	b.Tags = uniqueCodes(codeTags(p.Codes, "", 0, &b), &b)
	sum.Codes = len(b.Tags)
	known := map[string]bool{}
	for _, t := range b.Tags {
		known[t.Ref] = true
	}

	// Notes by GUID, and who refers to each: a Note nobody refers to is a project note (a journal).
	notes := map[string]qdeSource{}
	noteUsed := map[string]bool{}
	noteText := func(n qdeSource) (string, error) {
		switch {
		case n.PlainTextContent != nil:
			return strings.TrimSpace(*n.PlainTextContent), nil
		case n.PlainTextPath != "":
			t, err := sourceText(n.PlainTextPath)
			return strings.TrimSpace(t), err
		}
		return strings.TrimSpace(n.Description), nil
	}
	for _, n := range p.Notes {
		notes[normalGUID(n.GUID)] = n
	}
	refText := func(refs []qdeRefAttr) []string {
		var out []string
		for _, r := range refs {
			g := normalGUID(r.Target)
			n, ok := notes[g]
			if !ok {
				continue
			}
			noteUsed[g] = true
			t, err := noteText(n)
			if err != nil {
				b.problem(fmt.Sprintf("note %q", FirstNonEmpty(n.Name, n.GUID)), "%v", err)
				sum.NotesSkipped++
				continue
			}
			if t != "" {
				out = append(out, t)
			}
		}
		return out
	}
	// Code memos (NoteRef on a Code) join the tag's description.
	codeNotes := map[string][]qdeRefAttr{}
	var walk func([]qdeCode)
	walk = func(cs []qdeCode) {
		for _, c := range cs {
			if len(c.NoteRefs) > 0 {
				codeNotes[normalGUID(c.GUID)] = c.NoteRefs
			}
			walk(c.Codes)
		}
	}
	walk(p.Codes)
	for i, t := range b.Tags {
		if refs, ok := codeNotes[t.Ref]; ok {
			memos := refText(refs)
			sum.CodeNotes[t.Ref] += len(memos)
			b.Tags[i].Description = strings.Join(append(nonEmpty(t.Description), memos...), "\n\n")
		}
	}
	variables := map[string]string{}
	for _, v := range p.Variables {
		variables[normalGUID(v.GUID)] = strings.TrimSpace(v.Name)
	}

	// Attributes kept as cases of one or more sources (NVivo, MAXQDA) join those sources' own.
	caseValues := map[string][]qdeVariableValue{}
	casesUsed := 0
	for _, c := range p.Cases {
		if len(c.Values) == 0 || len(c.SourceRefs) == 0 {
			continue
		}
		casesUsed++
		for _, r := range c.SourceRefs {
			caseValues[normalGUID(r.Target)] = append(caseValues[normalGUID(r.Target)], c.Values...)
		}
	}
	// NVivo's annotations: a Link from a Note to the selection it annotates.
	linkNotes := map[string][]qdeRefAttr{}
	linksUsed := 0
	for _, l := range p.Links {
		if _, ok := notes[normalGUID(l.Origin)]; ok && l.Target != "" {
			linkNotes[normalGUID(l.Target)] = append(linkNotes[normalGUID(l.Target)], qdeRefAttr{Target: l.Origin})
			linksUsed++
		}
	}
	// A transcript of an audio or video source is text: it comes in as a document of its own, its
	// selections placed by their sync points' positions.
	var items []qdeSource
	for _, src := range p.Sources.Items {
		items = append(items, src)
		if _, media := qdaSourceKinds[src.XMLName.Local]; !media {
			continue
		}
		for j, tr := range src.Transcripts {
			t := tr
			t.XMLName.Local = "TextSource"
			t.Name = FirstNonEmpty(strings.TrimSpace(tr.Name), strings.TrimSpace(src.Name)+" (transcript)")
			if len(src.Transcripts) > 1 && strings.TrimSpace(tr.Name) == "" {
				t.Name = fmt.Sprintf("%s (transcript %d)", strings.TrimSpace(src.Name), j+1)
			}
			positions := map[string]string{}
			for _, sp := range tr.SyncPoints {
				positions[normalGUID(sp.GUID)] = sp.Position
			}
			for _, ts := range tr.TranscriptSel {
				sel := ts
				sel.Start, sel.End = positions[normalGUID(ts.FromSync)], positions[normalGUID(ts.ToSync)]
				if sel.Start == "" || sel.End == "" {
					sel.Start, sel.End = "?", "?" // reported: its sync points have no position
				}
				t.Selections = append(t.Selections, sel)
			}
			t.Values = append(t.Values, src.Values...)
			items = append(items, t)
		}
	}

	seenSources := map[string]string{} // guid -> name of the first source with it
	for i, src := range items {
		kind := src.XMLName.Local
		what := fmt.Sprintf("source %q", FirstNonEmpty(src.Name, src.GUID, fmt.Sprint(i+1)))
		codings := countCodings(src)
		if names, ok := qdaSourceKinds[kind]; ok {
			reason := fmt.Sprintf("it is %s %s; Gloss imports text", indefinite(names[0]), names[0])
			if n := len(src.Transcripts); n > 0 {
				if n == 1 {
					reason += " (its transcript is imported as a document of its own)"
				} else {
					reason += fmt.Sprintf(" (its %d transcripts are imported as documents of their own)", n)
				}
				codings -= countTranscriptCodings(src) // counted with the transcripts
			}
			sum.SkippedSources[names[0]]++
			sum.DocumentsSkipped++
			sum.CodingsSkipped += codings
			if codings > 0 {
				reason += fmt.Sprintf("; its %d codings are not imported", codings)
			}
			b.problem(what, "%s", reason)
			continue
		}
		text := src
		var pdfDoc *bundlePDF // a PDF source without a Representation: the PDF it carries, read
		switch kind {
		case "TextSource":
		case "PDFSource":
			if src.Representation == nil {
				var err error
				if src.Path != "" && strings.EqualFold(path.Ext(src.Path), ".pdf") && sourcePDF != nil {
					pdfDoc, err = sourcePDF(src.Path)
				} else {
					err = errors.New("it is a PDF without a plain-text Representation, and its PDF is not in the file")
				}
				if err != nil {
					sum.SkippedSources["PDF without a text representation"]++
					sum.DocumentsSkipped++
					sum.CodingsSkipped += codings
					b.problem(what, "its PDF could not be read (%v); %d codings not imported", err, codings)
					continue
				}
				if n := len(src.OtherSelections); n > 0 {
					b.problem(what, "%d codings of areas of its pages are not imported (Gloss codes text)", n)
					sum.CodingsSkipped += countSelCodings(src.OtherSelections)
				}
				break
			}
			text = *src.Representation
			text.Name = FirstNonEmpty(src.Name, text.Name)
			text.GUID = FirstNonEmpty(src.GUID, text.GUID)
			text.Description = strings.Join(append(nonEmpty(src.Description), nonEmpty(text.Description)...), "\n\n")
			text.NoteRefs = append(slices.Clone(src.NoteRefs), text.NoteRefs...)
			text.Values = append(slices.Clone(src.Values), text.Values...)
			text.Codings = append(slices.Clone(src.Codings), text.Codings...)
			if n := len(src.OtherSelections); n > 0 {
				b.problem(what, "%d codings of areas of its pages are not imported (Gloss codes text)", n)
				sum.CodingsSkipped += countSelCodings(src.OtherSelections)
			}
		default:
			sum.SkippedSources[kind]++
			sum.DocumentsSkipped++
			sum.CodingsSkipped += codings
			b.problem(what, "<%s> is not a source type Gloss knows", kind)
			continue
		}
		ref := normalGUID(text.GUID)
		if first, dup := seenSources[ref]; dup {
			// Its selections would land on the first source's text: the first one wins, this one is named.
			b.problem(what, "its GUID %s is also the GUID of source %q, which was imported; this one and its %d selections were not", src.GUID, first, len(text.Selections))
			sum.SkippedSources["source with a repeated GUID"]++
			sum.DocumentsSkipped++
			sum.CodingsSkipped += countSelCodings(text.Selections)
			continue
		}
		seenSources[ref] = FirstNonEmpty(src.Name, src.GUID)
		var body string
		var err error
		switch {
		case pdfDoc != nil:
			body = pdfDoc.doc.Text
		case text.PlainTextContent != nil:
			body = *text.PlainTextContent
		case text.PlainTextPath != "":
			body, err = sourceText(text.PlainTextPath)
		case text.Path != "" && strings.EqualFold(path.Ext(text.Path), ".txt"):
			body, err = sourceText(text.Path)
		case text.RichTextPath != "":
			err = fmt.Errorf("its text is only in a rich text file (%s); Gloss reads the plain text the standard asks for beside it", text.RichTextPath)
		default:
			err = errors.New("it has neither PlainTextContent nor plainTextPath")
		}
		if err == nil && strings.TrimSpace(body) == "" {
			err = errors.New("it is empty (no text)")
			if text.RichTextPath != "" { // NVivo: an empty .txt beside the .docx that holds the text
				err = fmt.Errorf("it is empty (no text): its plain text file is empty; its rich text %s, if it holds any, is not read (the standard puts the text in the plain text)", text.RichTextPath)
			}
		}
		if err != nil {
			if n := countSelCodings(text.Selections); n > 0 {
				b.problem(what, "%v; not imported, nor its %s", err, plural(n, "coding", "codings"))
			} else {
				b.problem(what, "%v; not imported", err)
			}
			if strings.HasPrefix(err.Error(), "it is empty") {
				sum.SkippedSources["empty source"]++
			} else {
				sum.SkippedSources["source whose text is not in the file"]++
			}
			sum.DocumentsSkipped++
			sum.CodingsSkipped += countSelCodings(text.Selections)
			continue
		}
		title := strings.TrimSpace(src.Name)
		if strings.EqualFold(path.Ext(title), ".txt") || strings.EqualFold(path.Ext(title), ".pdf") ||
			strings.EqualFold(path.Ext(title), ".docx") || strings.EqualFold(path.Ext(title), ".rtf") {
			title = strings.TrimSuffix(title, path.Ext(title))
		}
		if title == "" { // a nameless source: its file's name, not its first sentence
			file := path.Base(strings.ReplaceAll(FirstNonEmpty(src.Path, text.PlainTextPath, src.PlainTextPath), `\`, "/"))
			title = strings.TrimSuffix(file, path.Ext(file))
			if title == "" || title == "." || title == "/" {
				title = fmt.Sprintf("Untitled source %d", i+1)
			}
		}
		doc := BundleDocument{Ref: ref, Title: title, Source: p.Name, Text: body, pdf: pdfDoc}
		if p.Origin == "Gloss" && hasVariable(p.Variables, "Outlet") {
			doc.Source = "" // Gloss writes the outlet as a variable: none means none
		}
		var attrs []string
		for _, v := range append(slices.Clone(text.Values), caseValues[ref]...) {
			name := variables[normalGUID(v.Ref.Target)]
			value := ""
			for _, x := range v.Values {
				if t := strings.TrimSpace(x.Text); t != "" && x.XMLName.Local != "VariableRef" {
					value = t
				}
			}
			if value == "" {
				continue
			}
			switch strings.ToLower(name) {
			case "date", "published", "publication date", "pubdate":
				doc.Date = value
			case "url", "link", "source url":
				doc.URL = value
			case "outlet", "publisher", "source", "publication":
				doc.Source = value
			case "title":
				doc.Title = value
			case "author", "authors", "byline":
				for _, a := range strings.FieldsFunc(value, func(r rune) bool { return r == ';' || r == '\n' }) {
					if a = strings.TrimSpace(a); a != "" {
						doc.Authors = append(doc.Authors, a)
					}
				}
			default:
				attrs = append(attrs, FirstNonEmpty(name, "attribute")+": "+value)
			}
		}
		b.Documents = append(b.Documents, doc)
		sum.Documents++
		// The document's memo: its Description, the Notes it refers to (but a Note holding a selection is
		// an annotation, as QualCoder writes them), and any case attributes Gloss has no field for.
		var memo []string
		memoAuthor := "" // the writer of the first memo Note (Note@creatingUser), else the source's creator
		memo = append(memo, nonEmpty(text.Description)...)
		for _, r := range text.NoteRefs {
			g := normalGUID(r.Target)
			n, ok := notes[g]
			if !ok {
				b.problem(what, "its note %s is not in the file", r.Target)
				continue
			}
			if len(n.Selections) > 0 {
				noteUsed[g] = true
				t, err := noteText(n)
				if err != nil {
					b.problem(fmt.Sprintf("note %q", FirstNonEmpty(n.Name, n.GUID)), "its text could not be read (%v)", err)
					sum.NotesSkipped++
					continue
				}
				// An empty one is still the passage its writer marked: QualCoder writes its annotations
				// without a memo so (<PlainTextContent></PlainTextContent>); it comes in without a note.
				for _, s := range n.Selections {
					start, errS := parseOffset(s.Start)
					end, errE := parseOffset(s.End)
					if err := errors.Join(errS, errE); err != nil {
						b.problem(fmt.Sprintf("note %s", n.GUID), "%v", err)
						sum.NotesSkipped++
						continue
					}
					if t != "" {
						sum.NotesOn[FirstNonEmpty(s.GUID, n.GUID)]++
					}
					b.Annotations = append(b.Annotations, BundleAnnotation{Ref: FirstNonEmpty(s.GUID, n.GUID), DocRef: ref,
						Start: start, End: end, Note: t, Author: user(n.CreatingUser, n.ModifyingUser, s.CreatingUser),
						Created: qdaTime(FirstNonEmpty(n.Created, n.Modified)), Modified: qdaTime(n.Modified)})
				}
				continue
			}
			for _, t := range refText([]qdeRefAttr{r}) {
				if !slices.Contains(memo, t) { // Gloss writes the memo as Description and as a Note
					memo = append(memo, t)
				}
			}
			if memoAuthor == "" {
				memoAuthor = user(n.CreatingUser, n.ModifyingUser)
			}
		}
		if len(attrs) > 0 {
			memo = append(memo, "Attributes:\n"+strings.Join(attrs, "\n"))
		}
		if len(memo) > 0 {
			b.Notes = append(b.Notes, BundleNote{Ref: ref, DocRef: ref, Title: "Memo", Body: strings.Join(memo, "\n\n"),
				Author: FirstNonEmpty(memoAuthor, user(src.CreatingUser))})
		}
		if len(text.Codings) > 0 {
			b.problem(what, "%d codings of the whole source are not imported (Gloss codes passages)", len(text.Codings))
			sum.CodingsSkipped += len(text.Codings)
		}
		for _, sel := range text.Selections {
			start, errS := parseOffset(sel.Start)
			end, errE := parseOffset(sel.End)
			if err := errors.Join(errS, errE); err != nil {
				b.problem(fmt.Sprintf("selection %s", sel.GUID), "%v", err)
				sum.CodingsSkipped += len(sel.Codings)
				continue
			}
			var note []string
			note = append(note, nonEmpty(sel.Description)...)
			for _, t := range refText(append(slices.Clone(sel.NoteRefs), linkNotes[normalGUID(sel.GUID)]...)) {
				sum.NotesOn[sel.GUID]++
				if !slices.Contains(note, t) { // Gloss writes the note as Description and as a Note
					note = append(note, t)
				}
			}
			selUser := user(sel.CreatingUser, sel.ModifyUser, src.CreatingUser)
			// One annotation per coder: in NVivo and MAXQDA two coders' codings may share a selection,
			// and agreement between them needs each coder's codes apart.
			var coders []string
			byCoder := map[string]*BundleAnnotation{}
			for _, c := range sel.Codings {
				coder := FirstNonEmpty(user(c.CreatingUser), selUser)
				a := byCoder[coder]
				if a == nil {
					a = &BundleAnnotation{Ref: sel.GUID, DocRef: ref, Start: start, End: end, Author: coder,
						Created: qdaTime(FirstNonEmpty(c.Created, sel.Created)), Modified: qdaTime(sel.Modified)}
					byCoder[coder] = a
					coders = append(coders, coder)
				}
				switch code := normalGUID(c.CodeRef.Target); {
				case known[code]:
					a.TagRefs = append(a.TagRefs, code)
				default:
					b.problem(fmt.Sprintf("coding %s", FirstNonEmpty(c.GUID, sel.GUID)), "its code %q is not in the codebook", c.CodeRef.Target)
					sum.CodingsSkipped++
				}
				for _, t := range refText(c.NoteRefs) {
					sum.NotesOn[sel.GUID]++
					if !slices.Contains(note, t) {
						note = append(note, t)
					}
				}
			}
			if len(coders) == 0 {
				coders = []string{selUser}
				byCoder[selUser] = &BundleAnnotation{Ref: sel.GUID, DocRef: ref, Start: start, End: end, Author: selUser,
					Created: qdaTime(sel.Created), Modified: qdaTime(sel.Modified)}
			}
			for i, coder := range coders {
				a := *byCoder[coder]
				a.Note = strings.Join(note, "\n\n")
				if i > 0 {
					a.Ref = "" // the selection's GUID is the first coder's annotation's id
				}
				if a.Modified.IsZero() {
					a.Modified = a.Created
				}
				b.Annotations = append(b.Annotations, a)
			}
		}
	}
	// Project notes: the project's Description, the Notes it refers to, and every Note nobody refers to
	// (journals, as QualCoder writes them, with plainTextPath or PlainTextContent).
	if d := strings.TrimSpace(p.Description); d != "" {
		// Gloss's own export stamp ("Exported from Gloss on …") is no one's note.
		if p.Origin != "Gloss" || !strings.HasPrefix(d, "Exported from Gloss on ") {
			b.Notes = append(b.Notes, BundleNote{Ref: "project-description", Title: FirstNonEmpty(p.Name, "Project") + " — description", Body: d})
		}
	}
	for _, n := range p.Notes {
		g := normalGUID(n.GUID)
		if noteUsed[g] {
			continue
		}
		noteUsed[g] = true
		what := fmt.Sprintf("note %q", FirstNonEmpty(n.Name, n.GUID))
		t, err := noteText(n)
		switch {
		case err != nil:
			b.problem(what, "%v", err)
			sum.NotesSkipped++
			continue
		case t == "":
			b.problem(what, "it is empty")
			sum.NotesSkipped++
			continue
		}
		if len(n.Selections) > 0 {
			t += "\n\n(" + fmt.Sprintf("this note marks %d passages, but no source refers to it, so it is kept as a project note", len(n.Selections)) + ")"
		}
		b.Notes = append(b.Notes, BundleNote{Ref: n.GUID, Title: FirstNonEmpty(strings.TrimSpace(n.Name), "Note"), Body: t,
			Author: user(n.CreatingUser, n.ModifyingUser), Created: qdaTime(n.Created), Modified: qdaTime(n.Modified)})
	}
	for _, part := range []struct {
		n    int
		name string
	}{{len(p.Cases) - casesUsed, "cases"}, {len(p.Links) - linksUsed, "links"}, {len(p.Sets), "sets"}, {len(p.Graphs), "graphs"}} {
		if part.n > 0 {
			b.problem(fmt.Sprintf("%d %s", part.n, part.name), "not imported (Gloss has no %s)", part.name)
		}
	}
	for _, a := range b.Annotations {
		sum.Codings += len(a.TagRefs)
	}
	sum.Notes = len(b.Notes)
	for _, n := range sum.NotesOn {
		sum.Notes += n
	}
	for _, n := range sum.CodeNotes {
		sum.Notes += n
	}
	return b
}

func nonEmpty(s string) []string {
	if s = strings.TrimSpace(s); s != "" {
		return []string{s}
	}
	return nil
}

func countSelCodings(sels []qdeSelection) int {
	n := 0
	for _, s := range sels {
		n += len(s.Codings)
	}
	return n
}

func countTranscriptCodings(s qdeSource) int {
	n := 0
	for _, t := range s.Transcripts {
		n += countSelCodings(t.TranscriptSel)
	}
	return n
}

func countCodings(s qdeSource) int {
	n := len(s.Codings) + countSelCodings(s.Selections) + countSelCodings(s.OtherSelections) +
		countSelCodings(s.PictureSel) + countSelCodings(s.AudioSel) + countSelCodings(s.VideoSel)
	if s.Representation != nil {
		n += countCodings(*s.Representation)
	}
	return n + countTranscriptCodings(s)
}

func indefinite(word string) string {
	if strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

func hasVariable(vars []qdeVariable, name string) bool {
	for _, v := range vars {
		if strings.EqualFold(strings.TrimSpace(v.Name), name) {
			return true
		}
	}
	return false
}
