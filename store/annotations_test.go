package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// tricky has grapheme clusters of several code points, combining marks and CRLF.
const tricky = "👩‍👩‍👧 🇺🇸 Cafe\u0301 nai\u0308ve\r\nline two\r\n" +
	"A longer stretch of plain ASCII so that prefixes and suffixes reach the full thirty-two code points. ✍🏽 end"

// wantQuote is the reference cut, on a []rune.
func wantQuote(text string, start, end int) (exact, prefix, suffix string) {
	r := []rune(text)
	return string(r[start:end]), string(r[max(0, start-32):start]), string(r[end:min(len(r), end+32)])
}

func TestQuoteEveryRange(t *testing.T) {
	text := "👩‍👩‍👧🇺🇸e\u0301\r\nx"
	n := len([]rune(text))
	for start := -1; start <= n+1; start++ {
		for end := start - 1; end <= n+1; end++ {
			exact, prefix, suffix, err := quote(text, start, end)
			if start < 0 || start >= end || end > n {
				if err == nil {
					t.Errorf("quote(%d, %d) accepted", start, end)
				}
				continue
			}
			we, wp, ws := wantQuote(text, start, end)
			if err != nil || exact != we || prefix != wp || suffix != ws {
				t.Errorf("quote(%d, %d) = %q %q %q %v, want %q %q %q", start, end, exact, prefix, suffix, err, we, wp, ws)
			}
		}
	}
}

func TestCreateAnnotationSelectors(t *testing.T) {
	s := openTestStore(t)
	d := mustAdd(t, s, NewDocument{Title: "Tricky", Format: "txt", Text: tricky})
	n := len([]rune(tricky))
	family := len([]rune("👩‍👩‍👧"))
	crlf := strings.Index(tricky, "\r\n")
	crlfCP := len([]rune(tricky[:crlf]))
	for _, c := range []struct {
		name       string
		start, end int
	}{
		{"family emoji at the very start", 0, family},
		{"flag", family + 1, family + 3},
		{"combining mark split from its base", family + 8, family + 9},
		{"CRLF", crlfCP, crlfCP + 2},
		{"whole text", 0, n},
		{"last code point", n - 1, n},
		{"middle, full context", 60, 70},
	} {
		a, err := s.CreateAnnotation(NewAnnotation{DocID: d.ID, Start: c.start, End: c.end, Author: "me"})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		we, wp, ws := wantQuote(tricky, c.start, c.end)
		if a.Exact != we || a.Prefix != wp || a.Suffix != ws {
			t.Errorf("%s: got %q %q %q, want %q %q %q", c.name, a.Exact, a.Prefix, a.Suffix, we, wp, ws)
		}
		if a.Version != 1 || a.Anchor != (Anchor{Status: "exact", Confidence: 1, Version: 1}) ||
			a.Created.IsZero() || a.Created != a.Modified || a.Created.Location().String() != "UTC" || a.Author != "me" {
			t.Errorf("%s: %+v", c.name, a)
		}
		if got, err := s.Annotation(a.ID); err != nil || !reflect.DeepEqual(got, a) {
			t.Errorf("%s: stored %+v, %v", c.name, got, err)
		}
	}
	if a, _ := s.CreateAnnotation(NewAnnotation{DocID: d.ID, Start: 60, End: 70}); len([]rune(a.Prefix)) != 32 || len([]rune(a.Suffix)) != 32 {
		t.Errorf("context not 32 code points: %q %q", a.Prefix, a.Suffix)
	}
	if a, _ := s.CreateAnnotation(NewAnnotation{DocID: d.ID, Start: 2, End: 3}); a.Prefix != "👩\u200d" {
		t.Errorf("short prefix %q", a.Prefix)
	}

	tag, _ := s.CreateTag(NewTag{Name: "Claim"})
	for name, na := range map[string]NewAnnotation{
		"empty":         {DocID: d.ID, Start: 3, End: 3},
		"backwards":     {DocID: d.ID, Start: 4, End: 3},
		"negative":      {DocID: d.ID, Start: -1, End: 3},
		"past the end":  {DocID: d.ID, Start: 0, End: n + 1},
		"no document":   {DocID: "nope", Start: 0, End: 1},
		"no version":    {DocID: d.ID, Version: 2, Start: 0, End: 1},
		"unknown tag":   {DocID: d.ID, Start: 0, End: 1, Tags: []string{tag.ID, "nope"}},
		"note too long": {DocID: d.ID, Start: 0, End: 1, Note: strings.Repeat("x", maxNoteBytes+1)},
	} {
		if _, err := s.CreateAnnotation(na); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	a, err := s.CreateAnnotation(NewAnnotation{DocID: d.ID, Start: 0, End: 1, Tags: []string{tag.ID, tag.ID}})
	if err != nil || !reflect.DeepEqual(a.Tags, []string{tag.ID}) || a.Author != s.Author() {
		t.Errorf("repeated tag: %+v %v", a, err)
	}
}

func TestAnnotationUpdateDeleteAndFilter(t *testing.T) {
	s := openTestStore(t)
	d1 := mustAdd(t, s, NewDocument{Title: "One", Text: tricky})
	d2 := mustAdd(t, s, NewDocument{Title: "Two", Text: tricky + " more"})
	parent, _ := s.CreateTag(NewTag{Name: "Claims"})
	child, _ := s.CreateTag(NewTag{Name: "Health", Parent: parent.ID})
	mk := func(d Document, start int, author string, tags ...string) Annotation {
		a, err := s.CreateAnnotation(NewAnnotation{DocID: d.ID, Start: start, End: start + 2, Tags: tags, Author: author})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	a := mk(d2, 5, "ann", child.ID)
	b := mk(d1, 9, "bob", parent.ID)
	c := mk(d1, 3, "ann")

	ids := func(f AnnotationFilter) string {
		list, err := s.Annotations(f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, x := range list {
			out = append(out, map[string]string{a.ID: "a", b.ID: "b", c.ID: "c"}[x.ID])
		}
		return strings.Join(out, "")
	}
	want := "cba"
	if d1.ID > d2.ID {
		want = "acb"
	}
	for f, w := range map[AnnotationFilter]string{
		{}:                 want,
		{DocID: d1.ID}:     "cb",
		{TagID: parent.ID}: "b",
		{TagID: child.ID}:  "a",
		{Author: "ann"}:    strings.ReplaceAll(want, "b", ""),
		{DocID: "nope"}:    "",
		{TagID: parent.ID, IncludeChildTags: true, Author: "ann"}: "a",
	} {
		if got := ids(f); got != w {
			t.Errorf("Annotations(%+v) = %q, want %q", f, got, w)
		}
	}

	same, err := s.UpdateAnnotation(a.ID, []string{child.ID}, "")
	if err != nil || !reflect.DeepEqual(same, a) {
		t.Errorf("no-op update changed %+v -> %+v (%v)", a, same, err)
	}
	up, err := s.UpdateAnnotation(a.ID, []string{parent.ID, child.ID}, "**why**")
	if err != nil || up.Note != "**why**" || len(up.Tags) != 2 || !up.Modified.After(a.Modified) || up.Created != a.Created {
		t.Errorf("update: %+v %v", up, err)
	}
	if _, err := s.UpdateAnnotation(a.ID, []string{"nope"}, ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown tag: %v", err)
	}
	if _, err := s.UpdateAnnotation("nope", nil, ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown annotation: %v", err)
	}
	if err := s.DeleteAnnotation(a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Annotation(a.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("after delete: %v", err)
	}
	if err := s.DeleteAnnotation(a.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	if doc, _ := s.Document(d2.ID); doc.Annotations != 0 {
		t.Errorf("count after delete %d", doc.Annotations)
	}
}

func tagNames(t *testing.T, s *Store) string {
	t.Helper()
	tags, err := s.Tags()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]string{}
	for _, tag := range tags {
		byID[tag.ID] = tag.Name
	}
	var out []string
	for _, tag := range tags {
		out = append(out, fmt.Sprintf("%s<%s>%d", tag.Name, byID[tag.Parent], tag.Count))
	}
	return strings.Join(out, " ")
}

func TestTags(t *testing.T) {
	s := openTestStore(t)
	d := mustAdd(t, s, NewDocument{Title: "D", Text: tricky})
	claim, err := s.CreateTag(NewTag{Name: "  Claim ", Description: "d"})
	if err != nil || claim.Name != "Claim" || claim.Order != 1 || claim.Colour != palette[0] || claim.Parent != "" {
		t.Fatalf("CreateTag = %+v %v", claim, err)
	}
	source, _ := s.CreateTag(NewTag{Name: "Source", Colour: "#ABCDEF"})
	if source.Order != 2 || source.Colour != "#abcdef" {
		t.Errorf("second tag %+v", source)
	}
	health, err := s.CreateTag(NewTag{Name: "Health", Parent: claim.ID})
	if err != nil || health.Colour != palette[2] {
		t.Fatalf("child: %+v %v", health, err)
	}
	if _, err := s.CreateTag(NewTag{Name: "Health", Parent: source.ID}); err != nil {
		t.Errorf("same name under another parent: %v", err)
	}
	for name, nt := range map[string]NewTag{
		"blank":          {Name: "  "},
		"slash":          {Name: "a/b"},
		"sibling clash":  {Name: "cLAIM"},
		"child clash":    {Name: "HEALTH", Parent: claim.ID},
		"bad colour":     {Name: "X", Colour: "red"},
		"unknown parent": {Name: "X", Parent: "nope"},
	} {
		if _, err := s.CreateTag(nt); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}

	if tag, ok, err := s.TagByPath("claim/health"); !ok || err != nil || tag.ID != health.ID {
		t.Errorf("TagByPath(claim/health) = %+v %v %v", tag, ok, err)
	}
	if tag, ok, _ := s.TagByPath("Source"); !ok || tag.ID != source.ID {
		t.Errorf("root by name: %+v", tag)
	}
	if _, _, err := s.TagByPath("Health"); err == nil {
		t.Error("ambiguous bare name accepted")
	}
	if _, ok, err := s.TagByPath("Claim/None"); ok || err != nil {
		t.Errorf("missing path: %v %v", ok, err)
	}

	a1, _ := s.CreateAnnotation(NewAnnotation{DocID: d.ID, Start: 0, End: 1, Tags: []string{claim.ID, source.ID}})
	s.CreateAnnotation(NewAnnotation{DocID: d.ID, Start: 1, End: 2, Tags: []string{source.ID}})
	if n, err := s.TagUsage(source.ID); n != 2 || err != nil {
		t.Errorf("TagUsage = %d %v", n, err)
	}

	if _, err := s.UpdateTag(source.ID, "claim", "", ""); err == nil {
		t.Error("rename into a sibling's name accepted")
	}
	renamed, err := s.UpdateTag(claim.ID, "Claims", "#000000", "new")
	if err != nil || renamed.Name != "Claims" || renamed.Colour != "#000000" || renamed.Count != 1 {
		t.Errorf("UpdateTag = %+v %v", renamed, err)
	}
	if _, label, _, _, _ := s.UndoState(); label != `Tag "Claim" renamed to "Claims"` {
		t.Errorf("undo label %q", label)
	}
	if err := s.MoveTag(claim.ID, health.ID); err == nil {
		t.Error("cycle accepted")
	}
	if err := s.MoveTag(claim.ID, claim.ID); err == nil {
		t.Error("self-parent accepted")
	}
	if err := s.ReorderTags([]string{source.ID, source.ID}); err == nil {
		t.Error("duplicate in order accepted")
	}
	if err := s.ReorderTags([]string{health.ID}); err != nil {
		t.Fatal(err)
	}
	if got := tagNames(t, s); got != "Health<Claims>0 Claims<>1 Source<>2 Health<Source>0" {
		t.Errorf("after reorder: %s", got)
	}

	// Merge Source into Claims: a1 has both (no duplicate), the other gets Claims; Source's child
	// "Health" would clash with Claims' own "Health".
	if _, err := s.MergeTags(source.ID, claim.ID); err == nil || !strings.Contains(err.Error(), "Health") {
		t.Errorf("clashing merge: %v", err)
	}
	if err := s.MoveTag(health.ID, ""); err != nil {
		t.Fatal(err)
	}
	moved, err := s.MergeTags(source.ID, claim.ID)
	if err != nil || moved != 2 {
		t.Fatalf("MergeTags = %d %v", moved, err)
	}
	if got := tagNames(t, s); got != "Health<>0 Claims<>2 Health<Claims>0" {
		t.Errorf("after merge: %s", got)
	}
	if a, _ := s.Annotation(a1.ID); !reflect.DeepEqual(a.Tags, []string{claim.ID}) {
		t.Errorf("merged tags %v", a.Tags)
	}
	if _, err := s.MergeTags(claim.ID, claim.ID); err == nil {
		t.Error("merge into itself accepted")
	}

	// Deleting Claims moves its child Health to the top, where another Health already is.
	if _, err := s.DeleteTag(claim.ID); err == nil {
		t.Error("clashing delete accepted")
	}
	if err := s.MoveTag(health.ID, claim.ID); err == nil {
		t.Error("move into a clash accepted")
	}
	if _, err := s.UpdateTag(health.ID, "Wellbeing", "", ""); err != nil {
		t.Fatal(err)
	}
	affected, err := s.DeleteTag(claim.ID)
	if err != nil || affected != 2 {
		t.Fatalf("DeleteTag = %d %v", affected, err)
	}
	if got := tagNames(t, s); got != "Wellbeing<>0 Health<>0" {
		t.Errorf("after delete: %s", got)
	}
	if a, _ := s.Annotation(a1.ID); len(a.Tags) != 0 {
		t.Errorf("deleted tag still on annotation: %v", a.Tags)
	}
	if _, err := s.TagUsage(claim.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("TagUsage of deleted: %v", err)
	}
}

func TestNotesAndAuthor(t *testing.T) {
	s := openTestStore(t)
	d := mustAdd(t, s, sample("D", "d"))
	project, err := s.SaveNote(Note{Title: "Themes", Body: "# Themes"})
	if err != nil || project.ID == "" || project.Created.IsZero() || project.Modified != project.Created {
		t.Fatalf("SaveNote = %+v %v", project, err)
	}
	memo, err := s.SaveNote(Note{DocID: d.ID, Body: "memo"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveNote(Note{DocID: d.ID, Body: "second memo"}); err == nil {
		t.Error("second memo accepted")
	}
	if _, err := s.SaveNote(Note{DocID: "nope"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("memo of unknown document: %v", err)
	}
	if _, err := s.SaveNote(Note{ID: "nope"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("update of unknown note: %v", err)
	}
	if _, err := s.SaveNote(Note{Body: strings.Repeat("x", maxNoteBytes+1)}); err == nil || !strings.Contains(err.Error(), "1 MB") {
		t.Errorf("huge note: %v", err)
	}
	seq, _ := s.JournalSeq()
	if same, err := s.SaveNote(memo); err != nil || same != memo {
		t.Errorf("no-op save: %+v %v", same, err)
	}
	if after, _ := s.JournalSeq(); after != seq {
		t.Error("no-op save was journaled")
	}
	memo.Body = "memo, edited"
	edited, err := s.SaveNote(memo)
	if err != nil || !edited.Modified.After(edited.Created) {
		t.Errorf("edit: %+v %v", edited, err)
	}
	if got, found, err := s.DocumentNote(d.ID); !found || err != nil || got != edited {
		t.Errorf("DocumentNote = %+v %v %v", got, found, err)
	}
	if notes, _ := s.Notes(); len(notes) != 2 || notes[0] != project || notes[1] != edited {
		t.Errorf("Notes = %+v", notes)
	}
	if err := s.DeleteNote(project.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteNote(project.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}

	if s.Author() == "" {
		t.Error("no default author")
	}
	if err := s.SetAuthor("  Ann Reader "); err != nil || s.Author() != "Ann Reader" {
		t.Errorf("SetAuthor: %q %v", s.Author(), err)
	}
	if a, _ := s.CreateAnnotation(NewAnnotation{DocID: d.ID, Start: 0, End: 1}); a.Author != "Ann Reader" {
		t.Errorf("annotation author %q", a.Author)
	}
	if err := s.SetAuthor(""); err != nil || s.Author() == "Ann Reader" || s.Author() == "" {
		t.Errorf("reset author: %q %v", s.Author(), err)
	}
}

// state is everything a person sees, for before/after comparisons.
type state struct {
	Docs  []Document
	Anns  []Annotation
	Tags  []Tag
	Notes []Note
}

func snapshot(t *testing.T, s *Store) state {
	t.Helper()
	var st state
	var errs [4]error
	st.Docs, errs[0] = s.Documents()
	st.Anns, errs[1] = s.Annotations(AnnotationFilter{})
	st.Tags, errs[2] = s.Tags()
	st.Notes, errs[3] = s.Notes()
	if err := errors.Join(errs[:]...); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestUndoRedoEveryOp(t *testing.T) {
	s := openTestStore(t)
	d := mustAdd(t, s, NewDocument{Title: "D", Text: tricky})
	other := mustAdd(t, s, sample("Other", "o"))
	tagA, _ := s.CreateTag(NewTag{Name: "A"})
	tagB, _ := s.CreateTag(NewTag{Name: "B"})
	tagC, _ := s.CreateTag(NewTag{Name: "C", Parent: tagA.ID})
	ann, _ := s.CreateAnnotation(NewAnnotation{DocID: d.ID, Start: 0, End: 4, Tags: []string{tagA.ID}})
	s.CreateAnnotation(NewAnnotation{DocID: d.ID, Start: 4, End: 6, Tags: []string{tagA.ID, tagB.ID}})
	note, _ := s.SaveNote(Note{Title: "N", Body: "b"})
	s.SaveNote(Note{DocID: d.ID, Body: "memo"})
	s.CreateAnnotation(NewAnnotation{DocID: other.ID, Start: 0, End: 1})

	batch := make([]NewAnnotation, 50)
	for i := range batch {
		batch[i] = NewAnnotation{DocID: d.ID, Start: i, End: i + 1, Tags: []string{tagB.ID}}
	}
	for _, op := range []struct {
		label string
		do    func() error
	}{
		{`Annotation "x" created`, func() error {
			_, err := s.CreateAnnotation(NewAnnotation{DocID: other.ID, Start: 1, End: 2})
			return err
		}},
		{"Tag all hits", func() error { _, err := s.CreateAnnotations(batch, "Tag all hits"); return err }},
		{"", func() error { _, err := s.UpdateAnnotation(ann.ID, []string{tagB.ID}, "n"); return err }},
		{"", func() error { return s.DeleteAnnotation(ann.ID) }},
		{`Tag "D" created`, func() error { _, err := s.CreateTag(NewTag{Name: "D", Parent: tagC.ID}); return err }},
		{`Tag "B" renamed to "Bee"`, func() error { _, err := s.UpdateTag(tagB.ID, "Bee", "#123456", "x"); return err }},
		{"", func() error { return s.MoveTag(tagC.ID, tagB.ID) }},
		{"Tags reordered", func() error { return s.ReorderTags([]string{tagC.ID, tagB.ID}) }},
		{`Tag "A" merged into "Bee"`, func() error { _, err := s.MergeTags(tagA.ID, tagB.ID); return err }},
		{`Tag "Bee" deleted`, func() error { _, err := s.DeleteTag(tagB.ID); return err }},
		{"", func() error { _, err := s.SaveNote(Note{Body: "new"}); return err }},
		{"", func() error { n := note; n.Body = "changed"; _, err := s.SaveNote(n); return err }},
		{"", func() error { return s.DeleteNote(note.ID) }},
		{`Details of "D" edited`, func() error { _, err := s.SetMetadata(d.ID, "D2", "2020-01-02"); return err }},
		{`Document "D2" deleted`, func() error { return s.DeleteDocument(d.ID) }},
	} {
		before := snapshot(t, s)
		if err := op.do(); err != nil {
			t.Fatalf("%s: %v", op.label, err)
		}
		after := snapshot(t, s)
		if reflect.DeepEqual(before, after) {
			t.Fatalf("%s changed nothing", op.label)
		}
		canUndo, undoLabel, canRedo, _, err := s.UndoState()
		if !canUndo || canRedo || err != nil || (op.label != "" && !strings.HasPrefix(op.label, "Annotation") && undoLabel != op.label) {
			t.Errorf("UndoState after %q: %v %q %v %v", op.label, canUndo, undoLabel, canRedo, err)
		}
		seq, _ := s.JournalSeq()
		if label, err := s.Undo(); err != nil || label != undoLabel {
			t.Fatalf("Undo %q: %q %v", undoLabel, label, err)
		}
		if got := snapshot(t, s); !reflect.DeepEqual(got, before) {
			t.Fatalf("after undoing %q:\n%+v\nwant\n%+v", undoLabel, got, before)
		}
		if _, _, canRedo, redoLabel, _ := s.UndoState(); !canRedo || redoLabel != undoLabel {
			t.Errorf("redo state after undoing %q: %v %q", undoLabel, canRedo, redoLabel)
		}
		if label, err := s.Redo(); err != nil || label != undoLabel {
			t.Fatalf("Redo %q: %q %v", undoLabel, label, err)
		}
		if got := snapshot(t, s); !reflect.DeepEqual(got, after) {
			t.Fatalf("after redoing %q:\n%+v\nwant\n%+v", undoLabel, got, after)
		}
		if now, _ := s.JournalSeq(); now != seq+2 {
			t.Errorf("undo+redo of %q journaled %d entries", undoLabel, now-seq)
		}
		if err := s.Check(); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Redo(); !errors.Is(err, ErrNothingToRedo) {
		t.Errorf("Redo on empty stack: %v", err)
	}
	// Everything can be undone back to the imports.
	for {
		if _, err := s.Undo(); errors.Is(err, ErrNothingToUndo) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if st := snapshot(t, s); len(st.Docs) != 2 || len(st.Anns)+len(st.Tags)+len(st.Notes) != 0 {
		t.Errorf("fully undone: %+v", st)
	}
}

func TestUndoPersistsAndRedoClears(t *testing.T) {
	path := filepath.Join(t.TempDir(), "library.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	d := mustAdd(t, s, sample("D", "d"))
	a, _ := s.CreateAnnotation(NewAnnotation{DocID: d.ID, Start: 0, End: 1})
	tag, _ := s.CreateTag(NewTag{Name: "T"})
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	closeOnCleanup(t, s)
	if tags, _ := s.Tags(); len(tags) != 0 {
		t.Errorf("undone tag came back: %+v", tags)
	}
	canUndo, undoLabel, canRedo, redoLabel, err := s.UndoState()
	if !canUndo || !canRedo || !strings.HasPrefix(undoLabel, "Annotation") || redoLabel != `Tag "T" created` || err != nil {
		t.Errorf("UndoState after reopen: %v %q %v %q %v", canUndo, undoLabel, canRedo, redoLabel, err)
	}
	if _, err := s.Redo(); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Tags(); len(got) != 1 || got[0].ID != tag.ID {
		t.Errorf("redone tag %+v", got)
	}
	s.Undo()
	if _, err := s.UpdateAnnotation(a.ID, nil, "new change"); err != nil {
		t.Fatal(err)
	}
	if _, _, canRedo, _, _ := s.UndoState(); canRedo {
		t.Error("a new change left the redo stack")
	}
	if _, err := s.Redo(); !errors.Is(err, ErrNothingToRedo) {
		t.Errorf("Redo after a new change: %v", err)
	}
}

func TestUndoRefusedWhenChangedUnderneath(t *testing.T) {
	s := openTestStore(t)
	d := mustAdd(t, s, sample("D", "dsha"))
	a, _ := s.CreateAnnotation(NewAnnotation{DocID: d.ID, Start: 0, End: 1})
	if err := s.DeleteDocument(d.ID); err != nil {
		t.Fatal(err)
	}
	// Importing the same file again (not undoable) takes the sha index entry the delete removed.
	mustAdd(t, s, sample("D again", "dsha"))
	before := snapshot(t, s)
	seq, _ := s.JournalSeq()
	_, err := s.Undo()
	if !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), `Document "D" deleted`) {
		t.Errorf("Undo over a re-import: %v", err)
	}
	if !reflect.DeepEqual(snapshot(t, s), before) {
		t.Error("refused undo changed the library")
	}
	if now, _ := s.JournalSeq(); now != seq {
		t.Error("refused undo was journaled")
	}
	if canUndo, _, _, _, _ := s.UndoState(); !canUndo {
		t.Error("refused step left the stack")
	}

	// A redo is refused the same way.
	s2 := openTestStore(t)
	d2 := mustAdd(t, s2, sample("E", "e"))
	a2, _ := s2.CreateAnnotation(NewAnnotation{DocID: d2.ID, Start: 0, End: 1})
	s2.Undo()
	_ = s2.db.Update(func(tx *bolt.Tx) error { // another writer recreates the key
		raw := []byte(`{"id":"` + a2.ID + `","doc":"` + d2.ID + `","version":1,"start":0,"end":1,"exact":"E","suffix":"\n\nOne two three.","tags":[]}`)
		_ = tx.Bucket(bucketAnnByDoc).Put([]byte(d2.ID+"/"+a2.ID), nil)
		return tx.Bucket(bucketAnnotations).Put([]byte(a2.ID), raw)
	})
	if _, err := s2.Redo(); !errors.Is(err, ErrConflict) {
		t.Errorf("Redo over a changed record: %v", err)
	}
	_ = a
}

func TestJournalSince(t *testing.T) {
	s := openTestStore(t)
	d := mustAdd(t, s, sample("D", "d"))
	seq, _ := s.JournalSeq()
	a, _ := s.CreateAnnotation(NewAnnotation{DocID: d.ID, Start: 0, End: 1})
	s.Undo()
	entries, err := s.JournalSince(seq)
	if err != nil || len(entries) != 2 {
		t.Fatalf("JournalSince = %+v %v", entries, err)
	}
	want := []RecordKey{{"annotations", a.ID}, {"ann_by_doc", d.ID + "/" + a.ID}}
	for i, op := range []string{opAnnCreate, opUndo} {
		if e := entries[i]; e.Seq != seq+uint64(i)+1 || e.Op != op || !reflect.DeepEqual(e.Changed, want) || e.Label == "" {
			t.Errorf("entry %d: %+v", i, e)
		}
	}
	if all, _ := s.JournalSince(0); len(all) != 3 || all[0].Op != opDocAdd {
		t.Errorf("JournalSince(0) = %+v", all)
	}
}

func TestLimits(t *testing.T) {
	s := openTestStore(t)
	d := mustAdd(t, s, sample("D", "d"))

	// Fake a full document in the index, then take the fakes out again.
	fill := func(put bool) {
		_ = s.db.Update(func(tx *bolt.Tx) error {
			for i := range maxAnnotationsPerDoc {
				k := fmt.Appendf(nil, "%s/fake%06d", d.ID, i)
				if put {
					_ = tx.Bucket(bucketAnnByDoc).Put(k, nil)
				} else {
					_ = tx.Bucket(bucketAnnByDoc).Delete(k)
				}
			}
			return nil
		})
	}
	fill(true)
	if _, err := s.CreateAnnotation(NewAnnotation{DocID: d.ID, Start: 0, End: 1}); err == nil || !strings.Contains(err.Error(), "100000") {
		t.Errorf("annotation past the limit: %v", err)
	}
	fill(false)

	// A chain of maxTagDepth tags, written directly.
	ids := make([]string, maxTagDepth)
	_ = s.db.Update(func(tx *bolt.Tx) error {
		for i := range ids {
			ids[i] = fmt.Sprintf("deep%05d", i)
			tag := Tag{ID: ids[i], Name: ids[i], Colour: palette[0], Order: i + 1}
			if i > 0 {
				tag.Parent = ids[i-1]
			}
			_ = putJSON(tx.Bucket(bucketTags), []byte(tag.ID), tag)
		}
		return nil
	})
	if _, err := s.CreateTag(NewTag{Name: "too deep", Parent: ids[len(ids)-1]}); err == nil || !strings.Contains(err.Error(), "10000") {
		t.Errorf("tag past the depth limit: %v", err)
	}
	root, _ := s.CreateTag(NewTag{Name: "root"})
	s.CreateTag(NewTag{Name: "leaf", Parent: root.ID})
	if err := s.MoveTag(root.ID, ids[len(ids)-2]); err == nil {
		t.Error("move past the depth limit accepted")
	}
	if err := s.MoveTag(ids[1], ids[len(ids)-1]); err == nil {
		t.Error("cycle through a deep tree accepted")
	}
	if _, err := s.CreateTag(NewTag{Name: "just fits", Parent: ids[len(ids)-2]}); err != nil {
		t.Errorf("tag at the depth limit: %v", err)
	}
}

func TestCheckFindsAnnotationAndTagProblems(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "library.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d := mustAdd(t, s, NewDocument{Title: "D", Text: tricky})
	tag, _ := s.CreateTag(NewTag{Name: "T"})
	a, _ := s.CreateAnnotation(NewAnnotation{DocID: d.ID, Start: 0, End: 3, Tags: []string{tag.ID}})
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	_ = s.db.Update(func(tx *bolt.Tx) error {
		bad := a
		bad.Exact, bad.Tags = "wrong", []string{"ghost-tag"}
		_ = putJSON(tx.Bucket(bucketAnnotations), []byte(a.ID), bad)
		far := a
		far.ID, far.Start, far.End, far.Version = "far-annotation", 0, 1, 7
		_ = putJSON(tx.Bucket(bucketAnnotations), []byte(far.ID), far)
		_ = putJSON(tx.Bucket(bucketTags), []byte("x"), Tag{ID: "x", Name: "x", Parent: "y"})
		_ = putJSON(tx.Bucket(bucketTags), []byte("y"), Tag{ID: "y", Name: "y", Parent: "x"})
		_ = putJSON(tx.Bucket(bucketTags), []byte("orphan"), Tag{ID: "orphan", Name: "o", Parent: "gone"})
		_ = putJSON(tx.Bucket(bucketNotes), []byte("memo"), Note{ID: "memo", DocID: "gone-doc"})
		return tx.Bucket(bucketMeta).Put(stackKey(redoPrefix, 999), nil)
	})
	err = s.Check()
	for _, want := range []string{"quote differs", "ghost-tag", "far-annotation is missing from ann_by_doc",
		"version 7", "cycle", "parent gone", "gone-doc", "journal entry 999"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Check error lacks %q:\n%v", want, err)
		}
	}
}

// JournalEntryAt is the one entry JournalSince would list at seq, and nothing past the end.
func TestJournalEntryAt(t *testing.T) {
	s := openTestStore(t)
	d := mustAdd(t, s, sample("D", "d"))
	s.CreateAnnotation(NewAnnotation{DocID: d.ID, Start: 0, End: 1})
	all, err := s.JournalSince(0)
	if err != nil || len(all) != 2 {
		t.Fatalf("JournalSince(0) = %+v %v", all, err)
	}
	for _, want := range all {
		got, found, err := s.JournalEntryAt(want.Seq)
		if err != nil || !found || !reflect.DeepEqual(got, want) {
			t.Errorf("JournalEntryAt(%d) = %+v %v %v, want %+v", want.Seq, got, found, err, want)
		}
	}
	for _, seq := range []uint64{0, all[1].Seq + 1} {
		if _, found, err := s.JournalEntryAt(seq); found || err != nil {
			t.Errorf("JournalEntryAt(%d): found %v, %v", seq, found, err)
		}
	}
}

// DocumentTexts gives what Document and Version give, unknown ids skipped, in the order asked.
func TestDocumentTexts(t *testing.T) {
	s := openTestStore(t)
	d1 := mustAdd(t, s, sample("One", "one"))
	d2 := mustAdd(t, s, sample("Two", "two"))
	if _, err := s.CreateAnnotation(NewAnnotation{DocID: d2.ID, Start: 0, End: 1}); err != nil {
		t.Fatal(err)
	}
	var got []string
	err := s.DocumentTexts([]string{d2.ID, "nope", d1.ID}, func(d Document, text string) error {
		want, err := s.Document(d.ID)
		if err != nil || !reflect.DeepEqual(d, want) {
			t.Errorf("document %+v, Document says %+v %v", d, want, err)
		}
		if v, err := s.Version(d.ID, 0); err != nil || v.Text != text {
			t.Errorf("text of %s %q, Version says %q %v", d.ID, text, v.Text, err)
		}
		got = append(got, d.ID)
		return nil
	})
	if err != nil || !reflect.DeepEqual(got, []string{d2.ID, d1.ID}) {
		t.Fatalf("DocumentTexts visited %q, %v", got, err)
	}
	if d, _ := s.Document(d2.ID); d.Annotations != 1 {
		t.Errorf("annotations of %s: %d", d2.ID, d.Annotations)
	}
	n := 0
	if err := s.DocumentTexts([]string{d1.ID, d2.ID}, func(Document, string) error { n++; return ErrStop }); err != nil || n != 1 {
		t.Errorf("ErrStop: %d visited, %v", n, err)
	}
}
