package store

import (
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
)

// model is the library as plain maps; undo and redo keep whole copies of it.
type model struct {
	anns  map[string]Annotation
	tags  map[string]Tag
	notes map[string]Note
}

func (m model) clone() model {
	c := model{anns: maps.Clone(m.anns), tags: maps.Clone(m.tags), notes: maps.Clone(m.notes)}
	for id, a := range c.anns {
		a.Tags = slices.Clone(a.Tags)
		c.anns[id] = a
	}
	return c
}

func (m model) annotations() []Annotation {
	out := slices.Collect(maps.Values(m.anns))
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.DocID != b.DocID {
			return a.DocID < b.DocID
		}
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.ID < b.ID // created in ID order
	})
	return append([]Annotation{}, out...)
}

func (m model) tagList() []Tag {
	out := []Tag{}
	for _, t := range m.tags {
		t.Count = 0
		for _, a := range m.anns {
			if slices.Contains(a.Tags, t.ID) {
				t.Count++
			}
		}
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Order < out[j].Order })
	return out
}

func (m model) noteList() []Note {
	out := slices.Collect(maps.Values(m.notes))
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return append([]Note{}, out...)
}

func (m model) name(name, parent, self string) (string, bool) {
	name = strings.TrimSpace(name)
	if name == "" || strings.Contains(name, "/") {
		return "", false
	}
	for _, t := range m.tags {
		if t.ID != self && t.Parent == parent && strings.EqualFold(t.Name, name) {
			return "", false
		}
	}
	return name, true
}

func (m model) under(id, ancestor string) bool {
	for ; id != ""; id = m.tags[id].Parent {
		if id == ancestor {
			return true
		}
	}
	return false
}

// adopt moves of's children under newParent, or reports a name clash there.
func (m model) adopt(of, newParent string) bool {
	for _, c := range m.tags {
		for _, sib := range m.tags {
			if c.Parent == of && sib.Parent == newParent && sib.ID != of && strings.EqualFold(sib.Name, c.Name) {
				return false
			}
		}
	}
	for id, c := range m.tags {
		if c.Parent == of {
			c.Parent = newParent
			m.tags[id] = c
		}
	}
	return true
}

func (m model) retag(from, into string) int {
	n := 0
	for id, a := range m.anns {
		if i := slices.Index(a.Tags, from); i >= 0 {
			if into == "" || slices.Contains(a.Tags, into) {
				a.Tags = slices.Delete(a.Tags, i, i+1)
			} else {
				a.Tags[i] = into
			}
			m.anns[id] = a
			n++
		}
	}
	return n
}

type harness struct {
	t          *testing.T
	s          *Store
	rng        *rand.Rand
	docs       []Document
	texts      map[string]string
	m          model
	undo, redo []model
	log        []string
}

func (h *harness) fail(format string, args ...any) {
	h.t.Helper()
	h.t.Fatalf("%s\nafter ops:\n  %s", fmt.Sprintf(format, args...), strings.Join(h.log, "\n  "))
}

// outcome compares the store's error with the model's verdict; on success the old model becomes an undo step.
func (h *harness) outcome(err error, valid bool, before model) bool {
	h.t.Helper()
	switch {
	case err != nil && valid:
		h.fail("store refused a valid op: %v", err)
	case err == nil && !valid:
		h.fail("store accepted an invalid op")
	case valid:
		h.undo, h.redo = append(h.undo, before), nil
	}
	return valid
}

func (h *harness) pick(ids []string, missing float64) string {
	if len(ids) == 0 || h.rng.Float64() < missing {
		return "missing-id"
	}
	slices.Sort(ids)
	return ids[h.rng.IntN(len(ids))]
}

func (h *harness) someTags() []string {
	var out []string
	ids := slices.Collect(maps.Keys(h.m.tags))
	for range h.rng.IntN(4) {
		out = append(out, h.pick(ids, 0.05))
	}
	return out
}

func (h *harness) validTags(ids []string) ([]string, bool) {
	out := []string{}
	for _, id := range ids {
		if _, ok := h.m.tags[id]; !ok {
			return nil, false
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, true
}

var (
	tagNamePool  = []string{"Claim", "claim", "Source", " Évidence ", "Health", "a/b", " ", "Numbers"}
	notePool     = []string{"", "why", "**bold** 🇺🇸"}
	propertyText = []string{
		"👩‍👩‍👧 family, 🇺🇸 flag, Cafe\u0301 and nai\u0308ve.\r\nSecond line with more words to select from here.",
		"Plain text.\r\n\r\nA second paragraph ✍🏽 that is somewhat longer than thirty-two code points.",
	}
)

func (h *harness) newAnnotation() (NewAnnotation, Annotation, bool) {
	d := h.docs[h.rng.IntN(len(h.docs))]
	r := []rune(h.texts[d.ID])
	start := h.rng.IntN(len(r)+2) - 1
	na := NewAnnotation{DocID: d.ID, Start: start, End: start + h.rng.IntN(12), Tags: h.someTags(),
		Note: notePool[h.rng.IntN(len(notePool))], Author: "tester"}
	tags, ok := h.validTags(na.Tags)
	if !ok || na.Start < 0 || na.Start >= na.End || na.End > len(r) {
		return na, Annotation{}, false
	}
	exact, prefix, suffix := wantQuote(h.texts[d.ID], na.Start, na.End)
	return na, Annotation{DocID: d.ID, Version: 1, Start: na.Start, End: na.End, Exact: exact, Prefix: prefix,
		Suffix: suffix, Tags: tags, Note: na.Note, Author: "tester", Anchor: Anchor{Status: "exact", Confidence: 1, Version: 1}}, true
}

// adoptCreated checks a created annotation against the model's expectation and records it.
func (h *harness) adoptCreated(got, want Annotation) {
	want.ID, want.Created, want.Modified = got.ID, got.Created, got.Created
	if !reflect.DeepEqual(got, want) {
		h.fail("created %+v\nwant %+v", got, want)
	}
	h.m.anns[got.ID] = got
}

func (h *harness) step() {
	before := h.m.clone()
	annIDs := slices.Collect(maps.Keys(h.m.anns))
	tagIDs := slices.Collect(maps.Keys(h.m.tags))
	noteIDs := slices.Collect(maps.Keys(h.m.notes))
	s := h.s
	switch op := h.rng.IntN(17); op {
	case 0, 1:
		na, want, valid := h.newAnnotation()
		h.log = append(h.log, fmt.Sprintf("CreateAnnotation(%+v)", na))
		got, err := s.CreateAnnotation(na)
		if h.outcome(err, valid, before) {
			h.adoptCreated(got, want)
		}
	case 2:
		var list []NewAnnotation
		var wants []Annotation
		valid := true
		for range 1 + h.rng.IntN(4) {
			na, want, ok := h.newAnnotation()
			list, wants, valid = append(list, na), append(wants, want), valid && ok
		}
		h.log = append(h.log, fmt.Sprintf("CreateAnnotations(%+v)", list))
		got, err := s.CreateAnnotations(list, "batch")
		if h.outcome(err, valid, before) {
			for i := range got {
				h.adoptCreated(got[i], wants[i])
			}
		}
	case 3:
		id, tags, note := h.pick(annIDs, 0.05), h.someTags(), notePool[h.rng.IntN(len(notePool))]
		h.log = append(h.log, fmt.Sprintf("UpdateAnnotation(%s, %v, %q)", id, tags, note))
		old, exists := h.m.anns[id]
		clean, valid := h.validTags(tags)
		got, err := s.UpdateAnnotation(id, tags, note)
		if !exists || !valid {
			h.outcome(err, false, before)
			return
		}
		if slices.Equal(clean, old.Tags) && note == old.Note {
			if err != nil || !reflect.DeepEqual(got, old) {
				h.fail("no-op update returned %+v, %v", got, err)
			}
			return
		}
		h.outcome(err, true, before)
		old.Tags, old.Note, old.Modified = clean, note, got.Modified
		if !reflect.DeepEqual(got, old) || got.Modified.Before(before.anns[id].Modified) {
			h.fail("updated %+v\nwant %+v", got, old)
		}
		h.m.anns[id] = got
	case 4:
		id := h.pick(annIDs, 0.1)
		h.log = append(h.log, "DeleteAnnotation("+id+")")
		_, exists := h.m.anns[id]
		if h.outcome(s.DeleteAnnotation(id), exists, before) {
			delete(h.m.anns, id)
		}
	case 5, 14, 15:
		nt := NewTag{Name: tagNamePool[h.rng.IntN(len(tagNamePool))], Description: "d"}
		if h.rng.IntN(2) == 0 {
			nt.Parent = h.pick(tagIDs, 0.1)
		}
		h.log = append(h.log, fmt.Sprintf("CreateTag(%+v)", nt))
		name, valid := h.m.name(nt.Name, nt.Parent, "")
		if _, ok := h.m.tags[nt.Parent]; nt.Parent != "" && !ok {
			valid = false
		}
		got, err := s.CreateTag(nt)
		if h.outcome(err, valid, before) {
			order := 1
			for _, t := range h.m.tags {
				order = max(order, t.Order+1)
			}
			want := Tag{ID: got.ID, Name: name, Parent: nt.Parent, Colour: palette[(order-1)%len(palette)], Description: "d", Order: order}
			if got != want {
				h.fail("created tag %+v, want %+v", got, want)
			}
			h.m.tags[got.ID] = got
		}
	case 6:
		id, name, desc := h.pick(tagIDs, 0.05), tagNamePool[h.rng.IntN(len(tagNamePool))], notePool[h.rng.IntN(2)]
		h.log = append(h.log, fmt.Sprintf("UpdateTag(%s, %q, %q)", id, name, desc))
		old, exists := h.m.tags[id]
		clean, valid := h.m.name(name, old.Parent, id)
		_, err := s.UpdateTag(id, name, "", desc)
		if !exists || !valid || clean == old.Name && desc == old.Description {
			if (err == nil) != (exists && valid) {
				h.fail("UpdateTag: %v", err)
			}
			return
		}
		h.outcome(err, true, before)
		old.Name, old.Description = clean, desc
		h.m.tags[id] = old
	case 7:
		id, parent := h.pick(tagIDs, 0.05), ""
		if h.rng.IntN(3) > 0 {
			parent = h.pick(tagIDs, 0.05)
		}
		h.log = append(h.log, fmt.Sprintf("MoveTag(%s, %s)", id, parent))
		t, exists := h.m.tags[id]
		_, parentOK := h.m.tags[parent]
		_, nameOK := h.m.name(t.Name, parent, id)
		valid := exists && (parent == "" || parentOK && !h.m.under(parent, id)) && nameOK
		err := s.MoveTag(id, parent)
		if valid && t.Parent == parent {
			if err != nil {
				h.fail("no-op move: %v", err)
			}
			return
		}
		if h.outcome(err, valid, before) {
			t.Parent = parent
			h.m.tags[id] = t
		}
	case 8, 16:
		from, into := h.pick(tagIDs, 0.05), h.pick(tagIDs, 0.05)
		h.log = append(h.log, fmt.Sprintf("MergeTags(%s, %s)", from, into))
		_, fromOK := h.m.tags[from]
		_, intoOK := h.m.tags[into]
		valid := fromOK && intoOK && !h.m.under(into, from) && h.m.adopt(from, into)
		moved, err := s.MergeTags(from, into)
		if h.outcome(err, valid, before) {
			if n := h.m.retag(from, into); n != moved {
				h.fail("merge moved %d, want %d", moved, n)
			}
			delete(h.m.tags, from)
		} else {
			h.m = before
		}
	case 9:
		id := h.pick(tagIDs, 0.05)
		h.log = append(h.log, "DeleteTag("+id+")")
		t, exists := h.m.tags[id]
		valid := exists && h.m.adopt(id, t.Parent)
		affected, err := s.DeleteTag(id)
		if h.outcome(err, valid, before) {
			if n := h.m.retag(id, ""); n != affected {
				h.fail("delete affected %d, want %d", affected, n)
			}
			delete(h.m.tags, id)
		} else {
			h.m = before
		}
	case 10:
		n := Note{Title: notePool[h.rng.IntN(len(notePool))], Body: notePool[h.rng.IntN(len(notePool))]}
		switch h.rng.IntN(3) {
		case 0:
			n.DocID = h.docs[h.rng.IntN(len(h.docs))].ID
		case 1:
			if len(noteIDs) > 0 {
				old := h.m.notes[h.pick(noteIDs, 0)]
				n.ID, n.DocID = old.ID, old.DocID
			}
		}
		h.log = append(h.log, fmt.Sprintf("SaveNote(%+v)", n))
		valid := true
		for _, other := range h.m.notes {
			valid = valid && !(n.DocID != "" && other.DocID == n.DocID && other.ID != n.ID)
		}
		got, err := s.SaveNote(n)
		if old, exists := h.m.notes[n.ID]; exists && old.Title == n.Title && old.Body == n.Body {
			if err != nil || got != old {
				h.fail("no-op SaveNote: %+v %v", got, err)
			}
			return
		}
		if h.outcome(err, valid, before) {
			if got.ID == "" || got.Title != n.Title || got.Body != n.Body || got.DocID != n.DocID ||
				n.ID != "" && (got.ID != n.ID || got.Created != h.m.notes[n.ID].Created) {
				h.fail("saved %+v", got)
			}
			h.m.notes[got.ID] = got
		}
	case 11:
		id := h.pick(noteIDs, 0.1)
		h.log = append(h.log, "DeleteNote("+id+")")
		_, exists := h.m.notes[id]
		if h.outcome(s.DeleteNote(id), exists, before) {
			delete(h.m.notes, id)
		}
	case 12:
		h.log = append(h.log, "Undo()")
		_, err := s.Undo()
		if len(h.undo) == 0 {
			if !errors.Is(err, ErrNothingToUndo) {
				h.fail("Undo on an empty stack: %v", err)
			}
			return
		}
		if err != nil {
			h.fail("Undo: %v", err)
		}
		h.redo = append(h.redo, h.m)
		h.m, h.undo = h.undo[len(h.undo)-1], h.undo[:len(h.undo)-1]
	case 13:
		h.log = append(h.log, "Redo()")
		_, err := s.Redo()
		if len(h.redo) == 0 {
			if !errors.Is(err, ErrNothingToRedo) {
				h.fail("Redo on an empty stack: %v", err)
			}
			return
		}
		if err != nil {
			h.fail("Redo: %v", err)
		}
		h.undo = append(h.undo, h.m)
		h.m, h.redo = h.redo[len(h.redo)-1], h.redo[:len(h.redo)-1]
	}
}

func (h *harness) compare() {
	h.t.Helper()
	anns, err1 := h.s.Annotations(AnnotationFilter{})
	tags, err2 := h.s.Tags()
	notes, err3 := h.s.Notes()
	if err := errors.Join(err1, err2, err3, h.s.Check()); err != nil {
		h.fail("%v", err)
	}
	if want := h.m.annotations(); !reflect.DeepEqual(anns, want) {
		h.fail("annotations\n%+v\nwant\n%+v", anns, want)
	}
	if want := h.m.tagList(); !reflect.DeepEqual(tags, want) {
		h.fail("tags\n%+v\nwant\n%+v", tags, want)
	}
	if want := h.m.noteList(); !reflect.DeepEqual(notes, want) {
		h.fail("notes\n%+v\nwant\n%+v", notes, want)
	}
}

// TestPropertyAgainstModel runs random op sequences against the store and a simple in-memory model.
func TestPropertyAgainstModel(t *testing.T) {
	sequences, ops := 200, 60
	if testing.Short() {
		sequences = 20
	}
	dir := t.TempDir()
	for seed := range uint64(sequences) {
		s, err := Open(filepath.Join(dir, fmt.Sprintf("seq%d.db", seed)))
		if err != nil {
			t.Fatal(err)
		}

		h := &harness{t: t, s: s, rng: rand.New(rand.NewPCG(seed, 42)), texts: map[string]string{},
			m: model{anns: map[string]Annotation{}, tags: map[string]Tag{}, notes: map[string]Note{}}}
		for i, text := range propertyText {
			d := mustAdd(t, s, NewDocument{Title: fmt.Sprint("Doc ", i), Text: text})
			h.docs, h.texts[d.ID] = append(h.docs, d), text
		}
		h.log = append(h.log, fmt.Sprintf("seed %d", seed))
		for range ops {
			h.step()
			h.compare()
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
