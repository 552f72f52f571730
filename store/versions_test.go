package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"
)

const (
	vTitle = "Council Approves Harbour Budget"
	vP1    = "The city council voted on Tuesday to approve a harbour budget of four million pounds after a long debate."
	vP2    = "Councillor Jane Smith said the plan was “a neccesary investment in the future of our waterfront” and thanked the staff."
	vP3    = "Critics argued that the money would be better spent on schools and on repairing the old library."
	vP4    = "The harbour master welcomed the decision and promised that work would begin in the spring."
	vP5    = "A public meeting about the details is planned for next month at the town hall."
)

func paras(ps ...string) string { return strings.Join(ps, "\n\n") + "\n" }

// cp returns the code-point range of the occurrence-th occurrence of quote in text.
func cp(t *testing.T, text, quote string, occurrence int) (int, int) {
	t.Helper()
	at := -1
	for from := 0; occurrence > 0; occurrence-- {
		i := strings.Index(text[from:], quote)
		if i < 0 {
			t.Fatalf("%q not in the text", quote)
		}
		at, from = from+i, from+i+1
	}
	start := utf8.RuneCountInString(text[:at])
	return start, start + utf8.RuneCountInString(quote)
}

func annotateQuote(t *testing.T, s *Store, docID, text, quote string) Annotation {
	t.Helper()
	start, end := cp(t, text, quote, 1)
	a, err := s.CreateAnnotation(NewAnnotation{DocID: docID, Start: start, End: end, Note: quote})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func mustCheck(t *testing.T, s *Store) {
	t.Helper()
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
}

func byNote(anns []Annotation) map[string]Annotation {
	m := map[string]Annotation{}
	for _, a := range anns {
		m[a.Note] = a
	}
	return m
}

const (
	qFuzzy  = "a neccesary investment in the future of our waterfront"
	qMoved  = vP4
	qOrphan = "the money would be better spent on schools and on repairing the old library"
	qExact  = "voted on Tuesday to approve a harbour budget"
	qShift  = "public meeting about the details"
)

// versionedDoc is a document with five annotations, and its second version: the typo in qFuzzy fixed,
// the paragraph qMoved moved to the end, the paragraph holding qOrphan deleted.
func versionedDoc(t *testing.T, s *Store) (Document, map[string]Annotation, string) {
	t.Helper()
	v1 := paras(vTitle, vP1, vP2, vP3, vP4, vP5)
	d := mustAdd(t, s, NewDocument{Title: vTitle, Date: "2024-05-01", Format: "txt", Text: v1, SHA256: "sha-v1", BodyStart: len(vTitle) + 2})
	anns := map[string]Annotation{}
	for _, q := range []string{qFuzzy, qMoved, qOrphan, qExact, qShift} {
		anns[q] = annotateQuote(t, s, d.ID, v1, q)
	}
	v2 := paras(vTitle, vP1, strings.Replace(vP2, "neccesary", "necessary", 1), vP5, vP4)
	return d, anns, v2
}

func TestAddVersionReanchors(t *testing.T) {
	s := openTestStore(t)
	d, before, v2 := versionedDoc(t, s)
	doc, anns, err := s.AddVersion(d.ID, NewVersion{Text: v2, SHA256: "sha-v2", SourcePath: "/tmp/v2.txt", BodyStart: len(vTitle) + 2})
	if err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
	if doc.Version != 2 || doc.SHA256 != "sha-v2" || doc.Words != len(strings.Fields(v2))-4 {
		t.Errorf("document after: %+v", doc)
	}
	if got, found, _ := s.DocumentBySHA("sha-v2"); !found || got.ID != d.ID {
		t.Error("sha index does not name the new version")
	}
	if _, found, _ := s.DocumentBySHA("sha-v1"); found {
		t.Error("sha index still names the old version")
	}
	if len(anns) != 5 {
		t.Fatalf("%d annotations back", len(anns))
	}
	got := byNote(anns)
	want := map[string]string{qFuzzy: "fuzzy", qMoved: "moved", qOrphan: "orphan", qExact: "exact", qShift: "exact"}
	for q, status := range want {
		a := got[q]
		if a.Anchor.Status != status {
			t.Errorf("%q: status %q (confidence %.2f), want %s", q, a.Anchor.Status, a.Anchor.Confidence, status)
			continue
		}
		if status == "orphan" {
			old := before[q]
			if a.Version != 1 || a.Anchor.Version != 1 || a.Start != old.Start || a.End != old.End ||
				a.Exact != old.Exact || a.Prefix != old.Prefix || a.Suffix != old.Suffix {
				t.Errorf("orphan changed its selectors: %+v, was %+v", a, old)
			}
			continue
		}
		if a.Version != 2 || a.Anchor.Version != 2 {
			t.Errorf("%q: version %d, anchor %+v", q, a.Version, a.Anchor)
		}
		wantExact := strings.Replace(q, "neccesary", "necessary", 1)
		if a.Exact != wantExact || string([]rune(v2)[a.Start:a.End]) != wantExact {
			t.Errorf("%q: anchored to %q at %d–%d", q, a.Exact, a.Start, a.End)
		}
		if (q == qExact) != (a.Anchor.Confidence == 1) || a.Anchor.Confidence <= 0 || a.Anchor.Confidence > 1 {
			t.Errorf("%q: confidence %v for %s", q, a.Anchor.Confidence, status)
		}
	}
	// Stored as returned.
	for _, a := range anns {
		if stored, err := s.Annotation(a.ID); err != nil || !sameAnchor(stored.Anchor, a.Anchor) || stored.Start != a.Start {
			t.Errorf("stored %+v, returned %+v (%v)", stored, a, err)
		}
	}

	vs, err := s.Versions(d.ID)
	if err != nil || len(vs) != 2 || vs[0].N != 1 || vs[1].N != 2 || !vs[1].Current || vs[0].Current ||
		vs[0].SHA256 != "sha-v1" || vs[1].SourcePath != "/tmp/v2.txt" || vs[0].Words != d.Words || vs[1].Words != doc.Words {
		t.Errorf("versions: %+v (%v)", vs, err)
	}
	if v, err := s.Version(d.ID, 1); err != nil || !strings.Contains(v.Text, vP3) {
		t.Errorf("version 1 is not kept: %v", err)
	}

	// A third version restores the deleted paragraph: the orphan is found again from its version-1 selectors.
	v3 := paras(vTitle, vP1, strings.Replace(vP2, "neccesary", "necessary", 1), vP3, vP5, vP4)
	_, anns, err = s.AddVersion(d.ID, NewVersion{Text: v3, SHA256: "sha-v3", BodyStart: len(vTitle) + 2})
	if err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
	if a := byNote(anns)[qOrphan]; a.Anchor.Status == "orphan" || a.Version != 3 || a.Exact != qOrphan {
		t.Errorf("restored passage not found again: %+v", a)
	}
	if a := byNote(anns)[qMoved]; a.Anchor.Status != "exact" || a.Version != 3 {
		t.Errorf("moved paragraph, unchanged since: %+v", a.Anchor)
	}
}

func TestAddVersionRefusals(t *testing.T) {
	s := openTestStore(t)
	d := mustAdd(t, s, sample("One", "sha-1"))
	other := mustAdd(t, s, sample("Two", "sha-2"))
	annotate(t, s, d.ID)
	if _, _, err := s.AddVersion(d.ID, NewVersion{Text: "Different text", SHA256: "sha-1"}); !errors.Is(err, ErrSameVersion) {
		t.Errorf("same sha: %v", err)
	}
	if _, _, err := s.AddVersion(d.ID, NewVersion{Text: "One\n\nOne two three.", SHA256: "sha-other-bytes"}); !errors.Is(err, ErrSameVersion) {
		t.Errorf("same text: %v", err)
	}
	if _, _, err := s.AddVersion(d.ID, NewVersion{Text: "x", SHA256: other.SHA256}); !errors.Is(err, ErrDuplicate) {
		t.Errorf("another document's bytes: %v", err)
	}
	if _, _, err := s.AddVersion("nope", NewVersion{Text: "x"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown document: %v", err)
	}
	for _, nv := range []NewVersion{{Text: " \n"}, {Text: "a\xffb"}, {Text: "abc", BodyStart: 9}} {
		if _, _, err := s.AddVersion(d.ID, nv); err == nil {
			t.Errorf("%+v accepted", nv)
		}
	}
	if got, _ := s.Document(d.ID); got.Version != 1 {
		t.Errorf("a refused version changed the document: %+v", got)
	}
	// No sha: one is computed from the text.
	doc, _, err := s.AddVersion(d.ID, NewVersion{Text: "One\n\nOne two four."})
	if err != nil || len(doc.SHA256) != 64 {
		t.Errorf("%+v %v", doc, err)
	}
}

func TestAddVersionUndoRedo(t *testing.T) {
	s := openTestStore(t)
	d, before, v2 := versionedDoc(t, s)
	if _, _, err := s.AddVersion(d.ID, NewVersion{Text: v2, SHA256: "sha-v2"}); err != nil {
		t.Fatal(err)
	}
	if _, label, _, _, _ := s.UndoState(); !strings.Contains(label, "Version 2") {
		t.Errorf("undo label %q", label)
	}
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
	got, _ := s.Document(d.ID)
	if got.Version != 1 || got.SHA256 != "sha-v1" {
		t.Errorf("after undo: %+v", got)
	}
	if _, err := s.Version(d.ID, 2); !errors.Is(err, ErrNotFound) {
		t.Errorf("version 2 after undo: %v", err)
	}
	for q, old := range before {
		if a, _ := s.Annotation(old.ID); a.Version != 1 || a.Start != old.Start || a.Anchor != old.Anchor {
			t.Errorf("%q after undo: %+v", q, a)
		}
	}
	if _, err := s.Redo(); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
	if got, _ := s.Document(d.ID); got.Version != 2 {
		t.Errorf("after redo: %+v", got)
	}
	// Undo, then a different version 2: nothing of the undone one may linger (the text cache included).
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	other := paras(vTitle, vP1, vP2, vP3, vP5)
	if _, _, err := s.AddVersion(d.ID, NewVersion{Text: other, SHA256: "sha-v2b"}); err != nil {
		t.Fatal(err)
	}
	start, end := cp(t, other, "public meeting", 1)
	if a, err := s.CreateAnnotation(NewAnnotation{DocID: d.ID, Start: start, End: end}); err != nil || a.Exact != "public meeting" {
		t.Errorf("annotating the new version 2: %+v %v", a, err)
	}
	mustCheck(t, s)
}

func TestReviewQueueAcceptReattach(t *testing.T) {
	s := openTestStore(t)
	d, _, v2 := versionedDoc(t, s)
	other := mustAdd(t, s, sample("Untouched", "sha-u"))
	annotate(t, s, other.ID)
	if q, err := s.ReviewQueue(); err != nil || len(q) != 0 {
		t.Fatalf("queue before: %v %v", q, err)
	}
	if _, _, err := s.AddVersion(d.ID, NewVersion{Text: v2, SHA256: "sha-v2"}); err != nil {
		t.Fatal(err)
	}
	q, err := s.ReviewQueue()
	if err != nil || len(q) != 2 {
		t.Fatalf("queue: %+v %v", q, err)
	}
	review := byNote(q)
	fuzzy, orphan := review[qFuzzy], review[qOrphan]
	if fuzzy.Anchor.Status != "fuzzy" || orphan.Anchor.Status != "orphan" {
		t.Fatalf("queue: %+v", q)
	}
	if q[0].Start > q[1].Start && q[0].DocID == q[1].DocID {
		t.Errorf("queue not sorted: %+v", q)
	}

	if err := s.AcceptAnchor(orphan.ID); !errors.Is(err, ErrOrphan) {
		t.Errorf("accepting an orphan: %v", err)
	}
	if err := s.AcceptAnchor(fuzzy.ID); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
	if a, _ := s.Annotation(fuzzy.ID); withoutMade(a.Anchor) != (Anchor{Status: "exact", Confidence: 1, Version: 2}) || a.Start != fuzzy.Start {
		t.Errorf("accepted: %+v", a.Anchor)
	}
	if q, _ := s.ReviewQueue(); len(q) != 1 || q[0].ID != orphan.ID {
		t.Errorf("queue after accept: %+v", q)
	}
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	if a, _ := s.Annotation(fuzzy.ID); a.Anchor.Status != "fuzzy" {
		t.Errorf("undo of accept: %+v", a.Anchor)
	}
	if _, err := s.Redo(); err != nil {
		t.Fatal(err)
	}
	if err := s.AcceptAnchor(fuzzy.ID); err != nil { // already exact: nothing to do, no undo step
		t.Error(err)
	}

	start, end := cp(t, v2, "a long debate", 1)
	if _, err := s.Reattach(orphan.ID, end, start); err == nil {
		t.Error("reversed range accepted")
	}
	if _, err := s.Reattach(orphan.ID, 0, utf8.RuneCountInString(v2)+1); err == nil {
		t.Error("range past the end accepted")
	}
	a, err := s.Reattach(orphan.ID, start, end)
	if err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
	if a.Exact != "a long debate" || a.Version != 2 || withoutMade(a.Anchor) != (Anchor{Status: "exact", Confidence: 1, Version: 2}) || a.Note != qOrphan {
		t.Errorf("reattached: %+v", a)
	}
	if q, _ := s.ReviewQueue(); len(q) != 0 {
		t.Errorf("queue after reattach: %+v", q)
	}
	if _, err := s.Undo(); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
	if a, _ := s.Annotation(orphan.ID); a.Anchor.Status != "orphan" || a.Version != 1 || a.Exact != qOrphan {
		t.Errorf("undo of reattach: %+v", a)
	}
	if err := s.DeleteAnnotation(orphan.ID); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
}

func TestCheckFindsAnchorProblems(t *testing.T) {
	s := openTestStore(t)
	d, _, v2 := versionedDoc(t, s)
	if _, _, err := s.AddVersion(d.ID, NewVersion{Text: v2, SHA256: "sha-v2"}); err != nil {
		t.Fatal(err)
	}
	anns, _ := s.Annotations(AnnotationFilter{DocID: d.ID})
	found, orphan := byNote(anns)[qExact], byNote(anns)[qOrphan]
	bad := []struct {
		a    Annotation
		edit func(*Annotation)
		want string
	}{
		{found, func(a *Annotation) { a.Anchor.Status = "lost" }, `anchor status "lost"`},
		{found, func(a *Annotation) { a.Anchor.Confidence = 1.5 }, "confidence"},
		{found, func(a *Annotation) { a.Anchor.Version = 1 }, "anchor names version 1"},
		{orphan, func(a *Annotation) { a.Anchor.Status = "exact" }, "is exact on version 1"},
		{orphan, func(a *Annotation) { a.Anchor.Version = 7 }, "names version 7"},
	}
	for _, b := range bad {
		a := b.a
		b.edit(&a)
		putRawAnnotation(t, s, a)
		err := s.Check()
		if err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%s: Check said %v", b.want, err)
		}
		putRawAnnotation(t, s, b.a)
	}
	mustCheck(t, s)
}

// putRawAnnotation writes an annotation past the store's checks.
func putRawAnnotation(t *testing.T, s *Store, a Annotation) {
	t.Helper()
	raw, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketAnnotations).Put([]byte(a.ID), raw) }); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkAddVersion1000Annotations1MB: one AddVersion (a durable, undoable transaction) on a 1 MB
// document with 1,000 annotations, all re-anchored (goal ≤ 1 s).
func BenchmarkAddVersion1000Annotations1MB(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 7))
	words := strings.Fields(strings.Join([]string{vP1, vP2, vP3, vP4, vP5,
		"district attorney program immigration court ruling minister council harbour election campaign"}, " "))
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		n := 8 + rng.IntN(20)
		for i := range n {
			sb.WriteString(words[rng.IntN(len(words))])
			if i < n-1 {
				sb.WriteByte(' ')
			}
		}
		sb.WriteString(".\n\n")
	}
	text := sb.String()
	s, err := OpenWith(b.TempDir()+"/library.db", anchored)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	d, err := s.AddDocument(NewDocument{Title: "Bench", Text: text, SHA256: "v0"})
	if err != nil {
		b.Fatal(err)
	}
	n := utf8.RuneCountInString(text)
	list := make([]NewAnnotation, 1000)
	for i := range list {
		start := rng.IntN(n - 200)
		list[i] = NewAnnotation{DocID: d.ID, Start: start, End: start + 20 + rng.IntN(120)}
	}
	if _, err := s.CreateAnnotations(list, "setup"); err != nil {
		b.Fatal(err)
	}
	// Each new version: one paragraph inserted near the top, a few typos, one paragraph deleted.
	edit := func(old string, i int) string {
		ps := strings.Split(old, "\n\n")
		ps = append(ps[:3], append([]string{fmt.Sprintf("Correction %d: an earlier version misnamed the council.", i)}, ps[3:]...)...)
		for range 5 {
			k := rng.IntN(len(ps))
			if r := []rune(ps[k]); len(r) > 10 {
				at := 1 + rng.IntN(len(r)-2)
				ps[k] = string(r[:at]) + "x" + string(r[at+1:])
			}
		}
		k := 10 + rng.IntN(len(ps)-20)
		ps = append(ps[:k], ps[k+1:]...)
		return strings.Join(ps, "\n\n")
	}
	counts := map[string]int{}
	cur := text
	var cpu time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		next := edit(cur, i)
		b.StartTimer()
		cpu0 := cpuTime()
		_, anns, err := s.AddVersion(d.ID, NewVersion{Text: next, SHA256: fmt.Sprint("v", i+1)})
		if err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - cpu0
		cur = next
		clear(counts)
		for _, a := range anns {
			counts[a.Anchor.Status]++
		}
	}
	// CPU time (all threads) per op: a figure a busy machine does not inflate the way it does wall time.
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	for _, st := range []string{"exact", "moved", "fuzzy", "orphan"} {
		b.ReportMetric(float64(counts[st]), st)
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// A new version's source updates what it says (a corrected byline, a modified date) and keeps the rest.
func TestNewVersionUpdatesTheMetadataItGives(t *testing.T) {
	s := openTestStore(t)
	d, err := s.AddDocument(NewDocument{Title: "Bridge", Format: "html", Text: "The bridge reopened.", SHA256: "v1",
		Meta: Meta{Authors: []string{"A. Writer"}, Language: "en", Section: "Local"}})
	if err != nil {
		t.Fatal(err)
	}
	d, _, err = s.AddVersion(d.ID, NewVersion{Text: "The bridge reopened on Monday.",
		Meta: &Meta{Authors: []string{"A. Writer", "B. Editor"}, Modified: "2026-12-02"}})
	if err != nil {
		t.Fatal(err)
	}
	want := Meta{Authors: []string{"A. Writer", "B. Editor"}, Modified: "2026-12-02", Language: "en", Section: "Local"}
	if !reflect.DeepEqual(d.Meta, want) {
		t.Fatalf("meta after the new version: %+v, want %+v", d.Meta, want)
	}
}
