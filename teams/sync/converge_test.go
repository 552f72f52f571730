package sync

// Convergence: three libraries syncing through one real server (the express-pouchdb test server), the
// third starting without documents (they reach it through the project), with edits made on each, rounds skipped while a library is offline and the same annotation edited on two
// libraries at once. After rounds on every library until a pass moves nothing, every library's W3C
// JSON-LD export (normalised: library-local ids and import times out) is the same, nothing that was not
// deleted is missing, and an edit that did not survive was reported as a conflict.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"github.com/go-kivik/kivik/v4"
	"github.com/go-kivik/kivik/v4/couchdb"

	"gloss/export"
	"gloss/store"
	"gloss/storetest"
	"gloss/teams/sync/synctest"
)

// convergeTexts are the documents every library has (imported on each, so their ids differ).
var convergeTexts = []string{
	"The county will not comply with federal detainer requests, the sheriff said on Tuesday, citing a court ruling.",
	"Prices rose 3.1 per cent in the year to March, the statistics office said; economists had expected 2.9.",
	"The minister denied that the contract had been awarded without a tender, calling the report \"a fabrication\".",
}

func shaOfText(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// openTeamLibrary opens a library with the shared documents, its author set to name.
func openTeamLibrary(t testing.TB, name string) *store.Store {
	t.Helper()
	s := storetest.Open(t)
	if err := s.SetAuthor(name); err != nil {
		t.Fatal(err)
	}
	addSharedDocs(t, s)
	return s
}

// addSharedDocs imports the documents every library of these tests has.
func addSharedDocs(t testing.TB, s *store.Store) {
	t.Helper()
	for i, text := range convergeTexts {
		if _, err := s.AddDocument(store.NewDocument{Title: "Bulletin " + strconv.Itoa(i), Format: "txt",
			Text: text, SHA256: shaOfText(text)}); err != nil {
			t.Fatal(err)
		}
	}
}

// normalisedExport is the library's W3C JSON-LD export with what is local to one library taken out:
// document and tag ids become the document's sha256 and the tag's path, export and import times and
// tag order go, and lists are sorted, so two libraries holding the same records export the same bytes.
func normalisedExport(t testing.TB, s *store.Store) string {
	t.Helper()
	var buf bytes.Buffer
	if err := export.Export(s, "jsonld", &buf, export.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	docs, err := s.Documents()
	if err != nil {
		t.Fatal(err)
	}
	tags, err := s.TagTree()
	if err != nil {
		t.Fatal(err)
	}
	rename := map[string]string{}
	for _, d := range docs {
		rename["urn:uuid:"+d.ID] = "doc:" + d.SHA256
		rename[d.ID] = "doc:" + d.SHA256
	}
	for id, p := range store.NewTagPaths(tags).All() {
		rename["urn:uuid:"+id] = "tag:" + strings.ToLower(p)
		rename[id] = "tag:" + strings.ToLower(p)
	}
	var v map[string]any
	if err := json.Unmarshal(buf.Bytes(), &v); err != nil {
		t.Fatalf("export: %v", err)
	}
	var walk func(x any) any
	walk = func(x any) any {
		switch x := x.(type) {
		case map[string]any:
			for _, k := range []string{"imported", "gloss:exported", "order"} {
				delete(x, k)
			}
			for k, e := range x {
				x[k] = walk(e)
			}
		case []any:
			for i, e := range x {
				x[i] = walk(e)
			}
		case string:
			if r, ok := rename[x]; ok {
				return r
			}
		}
		return x
	}
	delete(v, "id")
	walk(v)
	sortBy := func(list any, key string) {
		l, _ := list.([]any)
		sort.Slice(l, func(i, j int) bool {
			a, _ := l[i].(map[string]any)
			b, _ := l[j].(map[string]any)
			return fmt.Sprint(a[key]) < fmt.Sprint(b[key])
		})
	}
	sortBy(v["gloss:tags"], "path")
	sortBy(v["gloss:documents"], "id")
	if first, ok := v["first"].(map[string]any); ok {
		delete(first, "id")
		sortBy(first["items"], "id")
	}
	out, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// teamLib is one library of a convergence run and what the run remembers of it.
type teamLib struct {
	name    string
	s       *store.Store
	offline int // steps left without rounds
}

// convergeRun keeps what every library did, to check the end state against.
type convergeRun struct {
	t         *testing.T
	o         Options
	libs      []*teamLib
	rounds    int
	deleted   map[string]bool            // annotations deleted somewhere
	editors   map[string]map[string]bool // annotation → libraries that created or edited it (tags by rename too)
	notes     map[string]map[string]bool // annotation → every note it had
	lastNote  map[string]string          // annotation → the last note written anywhere
	conflicts map[string]bool            // record ids any round reported in conflict
	problems  []string
	// watching: the libraries' watches pull while a step runs, so what a step read may be gone (deleted
	// by a pulled change) when it writes; such a step does nothing, as a person's click on a tag another
	// coder just deleted would.
	watching bool
}

// gone says whether a step's write failed only because a watch's pull took away what the step read.
func (r *convergeRun) gone(err error) bool {
	if r.watching && errors.Is(err, store.ErrNotFound) {
		r.trace("step skipped: %v", err)
		return true
	}
	return false
}

func newConvergeRun(t *testing.T, project string, names ...string) *convergeRun {
	srv := synctest.Start(t)
	r := &convergeRun{t: t, o: Options{Server: srv.URL, Project: project},
		deleted: map[string]bool{}, editors: map[string]map[string]bool{}, notes: map[string]map[string]bool{},
		lastNote: map[string]string{}, conflicts: map[string]bool{}}
	for i, n := range names {
		if i == 2 { // the third starts empty: the documents come to it through the project
			s := storetest.Open(t)
			if err := s.SetAuthor(n); err != nil {
				t.Fatal(err)
			}
			r.libs = append(r.libs, &teamLib{name: n, s: s})
			continue
		}
		r.libs = append(r.libs, &teamLib{name: n, s: openTeamLibrary(t, n)})
	}
	return r
}

func (r *convergeRun) round(l *teamLib) Result {
	r.t.Helper()
	res, err := Round(context.Background(), l.s, r.o)
	if err != nil {
		r.t.Fatalf("round %d on %s: %v", r.rounds, l.name, err)
	}
	r.rounds++
	r.trace("round on %s: pushed %d, pulled %d, conflicts %v, problems %v", l.name, res.Pushed, res.Pulled, res.Conflicts, res.Problems)
	for _, c := range res.Conflicts {
		r.conflicts[c.ID] = true
	}
	r.problems = append(r.problems, res.Problems...)
	return res
}

// settle does rounds on every library in turn until one whole pass pushes and pulls nothing; a run that
// does not settle within a few passes (records going back and forth) fails.
func (r *convergeRun) settle() {
	r.t.Helper()
	for pass := 0; pass < 6; pass++ {
		moved := 0
		for _, l := range r.libs {
			res := r.round(l)
			moved += res.Pushed + res.Pulled
		}
		if moved == 0 && pass > 0 {
			return
		}
	}
	r.t.Fatalf("not settled after 6 passes of rounds on every library")
}

// trace logs what a run does when GLOSS_SYNC_TRACE is set (to read a failing seed).
func (r *convergeRun) trace(format string, args ...any) {
	if os.Getenv("GLOSS_SYNC_TRACE") != "" {
		r.t.Logf(format, args...)
	}
}

func (r *convergeRun) touched(id, lib, note string) {
	if r.editors[id] == nil {
		r.editors[id], r.notes[id] = map[string]bool{}, map[string]bool{}
	}
	r.editors[id][lib] = true
	r.notes[id][note] = true
	r.trace("%s touches %s: %q", lib, id[len(id)-6:], note)
	r.lastNote[id] = note
}

// retagged records an edit of an annotation's tags only (its note as this library has it, untouched): the
// three-way merge keeps a note another library wrote meanwhile, so the last note written stays the one
// expected.
func (r *convergeRun) retagged(id, lib string) {
	if r.editors[id] == nil {
		r.editors[id], r.notes[id] = map[string]bool{}, map[string]bool{}
	}
	r.editors[id][lib] = true
	r.trace("%s retags %s", lib, id[len(id)-6:])
}

// check compares every library's export with the first's and the end state with what was done.
func (r *convergeRun) check() {
	t := r.t
	t.Helper()
	want := normalisedExport(t, r.libs[0].s)
	for _, l := range r.libs[1:] {
		if got := normalisedExport(t, l.s); got != want {
			t.Fatalf("%s and %s differ after settling:\n%s", r.libs[0].name, l.name, firstDiff(want, got))
		}
	}
	anns, err := r.libs[0].s.Annotations(store.AnnotationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]store.Annotation{}
	for _, a := range anns {
		have[a.ID] = a
	}
	for id := range r.editors {
		a, ok := have[id]
		switch {
		case !ok && !r.deleted[id]:
			t.Errorf("annotation %s, never deleted, is lost (edited by %v)", id, keys(r.editors[id]))
		case ok && !r.notes[id][a.Note]:
			t.Errorf("annotation %s has a note nobody wrote: %q", id, a.Note)
		case ok && a.Note != r.lastNote[id] && !r.conflicts["ann:"+id]:
			t.Errorf("annotation %s: the last note %q was lost for %q without a conflict reported", id, r.lastNote[id], a.Note)
		case ok && r.deleted[id] && len(r.editors[id]) == 1 && !r.conflicts["ann:"+id]:
			t.Errorf("annotation %s, deleted by its only editor, came back", id)
		}
	}
	for id := range have {
		if r.editors[id] == nil {
			t.Errorf("annotation %s appeared from nowhere", id)
		}
	}
	// The conflicts waiting are the same everywhere, each reported by a round.
	var waiting []string
	for i, l := range r.libs {
		cs, err := Conflicts(l.s)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, c := range cs {
			ids = append(ids, c.ID)
			if !r.conflicts[c.ID] {
				t.Errorf("%s shows a conflict on %s that no round reported", l.name, c.ID)
			}
		}
		slices.Sort(ids)
		if i == 0 {
			waiting = ids
		} else if !slices.Equal(ids, waiting) {
			t.Errorf("%s shows conflicts %v, %s %v", l.name, ids, r.libs[0].name, waiting)
		}
	}
	for _, l := range r.libs {
		if err := l.s.Check(); err != nil {
			t.Errorf("%s fails the store check: %v", l.name, err)
		}
	}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			lo := max(0, i-8)
			return fmt.Sprintf("line %d:\n--- first\n%s\n--- other\n%s", i+1,
				strings.Join(al[lo:min(len(al), i+4)], "\n"), strings.Join(bl[lo:min(len(bl), i+4)], "\n"))
		}
	}
	return fmt.Sprintf("one is longer: %d and %d lines", len(al), len(bl))
}

var tagNamePool = []string{"Claims", "Sources", "Frames", "Actors", "Quotes", "Numbers", "Denials", "Rulings"}

var tagColourPool = []string{"#aa0000", "#00aa00", "#0000aa", "#aaaa00", "#00aaaa"}

// randomStep does one random thing on one random library: an annotation made, edited or deleted, a tag
// made, renamed or recoloured, a round, or going offline for a while.
func (r *convergeRun) randomStep(rng *rand.Rand, step int) {
	t := r.t
	t.Helper()
	l := r.libs[rng.Intn(len(r.libs))]
	s := l.s
	tags, err := s.TagTree()
	if err != nil {
		t.Fatal(err)
	}
	anns, err := s.Annotations(store.AnnotationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	someTags := func() []string {
		out := []string{}
		for _, tg := range tags {
			if rng.Intn(4) == 0 && len(out) < 3 {
				out = append(out, tg.ID)
			}
		}
		return out
	}
	note := fmt.Sprintf("%s says %d", l.name, step)
	switch w := rng.Intn(100); {
	case w < 25: // an annotation
		docs, err := s.Documents()
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) == 0 { // none here yet: a round brings them
			r.round(l)
			return
		}
		d := docs[rng.Intn(len(docs))]
		n := len([]rune(convergeTexts[0]))
		for _, text := range convergeTexts {
			n = min(n, len([]rune(text)))
		}
		n -= 26
		start := rng.Intn(n)
		a, err := s.CreateAnnotation(store.NewAnnotation{DocID: d.ID, Start: start, End: start + 1 + rng.Intn(25),
			Tags: someTags(), Note: note})
		if r.gone(err) {
			return
		} else if err != nil {
			t.Fatal(err)
		}
		r.touched(a.ID, l.name, note)
	case w < 45 && len(anns) > 0: // an edit
		a := anns[rng.Intn(len(anns))]
		if rng.Intn(3) == 0 {
			note = a.Note // tags only
		}
		tagIDs := someTags()
		if _, err := s.UpdateAnnotation(a.ID, tagIDs, note); r.gone(err) {
			return
		} else if err != nil {
			t.Fatal(err)
		}
		switch {
		case note != a.Note:
			r.touched(a.ID, l.name, note)
		case !slices.Equal(tagIDs, a.Tags):
			r.retagged(a.ID, l.name)
		} // else nothing changed: no edit
	case w < 52 && len(anns) > 0: // a deletion
		a := anns[rng.Intn(len(anns))]
		if err := s.DeleteAnnotation(a.ID); r.gone(err) {
			return
		} else if err != nil {
			t.Fatal(err)
		}
		r.deleted[a.ID] = true
		r.trace("%s deletes %s", l.name, a.ID[len(a.ID)-6:])
	case w < 60: // a tag, sometimes under another
		nt := store.NewTag{Name: tagNamePool[rng.Intn(len(tagNamePool))], Colour: tagColourPool[rng.Intn(len(tagColourPool))]}
		if len(tags) > 0 && rng.Intn(4) == 0 {
			nt.Parent = tags[rng.Intn(len(tags))].ID
		}
		if _, err := s.CreateTag(nt); r.gone(err) {
			return
		} else if err != nil && !strings.Contains(err.Error(), "already a tag named") {
			t.Fatalf("creating tag %+v: %v", nt, err)
		}
	case w < 66 && len(tags) > 0: // a tag renamed: every annotation carrying it (or a sub-tag) changes
		tg := tags[rng.Intn(len(tags))]
		name := fmt.Sprintf("%s %d", tagNamePool[rng.Intn(len(tagNamePool))], step)
		if _, err := s.UpdateTag(tg.ID, name, "", tg.Description); r.gone(err) {
			return
		} else if err != nil {
			t.Fatalf("renaming tag %q: %v", tg.Name, err)
		}
		r.trace("%s renames tag %q to %q", l.name, tg.Name, name)
		r.tagChanged(l, tg.ID, tags)
	case w < 70 && len(tags) > 0: // a tag recoloured and described
		tg := tags[rng.Intn(len(tags))]
		if _, err := s.UpdateTag(tg.ID, tg.Name, tagColourPool[rng.Intn(len(tagColourPool))], note); r.gone(err) {
			return
		} else if err != nil {
			t.Fatal(err)
		}
	case w < 72 && len(tags) > 0: // a tag deleted (its annotations lose it; one without sub-tags)
		tg := tags[rng.Intn(len(tags))]
		if slices.ContainsFunc(tags, func(c store.Tag) bool { return c.Parent == tg.ID }) {
			return
		}
		r.tagChanged(l, tg.ID, tags)
		if _, err := s.DeleteTag(tg.ID); r.gone(err) {
			return
		} else if err != nil {
			t.Fatalf("deleting tag %q: %v", tg.Name, err)
		}
		r.trace("%s deletes tag %q", l.name, tg.Name)
	case w < 76: // offline for a while: its rounds are skipped
		l.offline = 3 + rng.Intn(12)
		r.trace("%s goes offline for %d steps", l.name, l.offline)
	default:
		if l.offline > 0 {
			l.offline--
			return
		}
		r.round(l)
	}
}

// tagChanged counts a rename of tag id on l as an edit, by l, of every annotation there carrying it or
// one of its sub-tags (their records change: tags travel by path).
func (r *convergeRun) tagChanged(l *teamLib, id string, tags []store.Tag) {
	under := map[string]bool{id: true}
	for changed := true; changed; {
		changed = false
		for _, tg := range tags {
			if under[tg.Parent] && !under[tg.ID] {
				under[tg.ID], changed = true, true
			}
		}
	}
	anns, err := l.s.Annotations(store.AnnotationFilter{})
	if err != nil {
		r.t.Fatal(err)
	}
	for _, a := range anns {
		if slices.ContainsFunc(a.Tags, func(t string) bool { return under[t] }) {
			r.retagged(a.ID, l.name)
		}
	}
}

// convergeSeeds is how many seeded runs TestRandomEditsConverge does: a few by default (CI has two
// cores), more with GLOSS_SYNC_SEEDS=N.
func convergeSeeds() int {
	if n, err := strconv.Atoi(os.Getenv("GLOSS_SYNC_SEEDS")); err == nil && n > 0 {
		return n
	}
	if testing.Short() {
		return 2
	}
	return 4
}

// Seeded random edit sequences on three libraries converge: same exports, nothing lost, losses reported.
func TestRandomEditsConverge(t *testing.T) {
	steps := 80
	if testing.Short() {
		steps = 50
	}
	for seed := 1; seed <= convergeSeeds(); seed++ {
		t.Run("seed="+strconv.Itoa(seed), func(t *testing.T) {
			r := newConvergeRun(t, "converge-"+strconv.Itoa(seed), "ana", "ben", "chloe")
			rng := rand.New(rand.NewSource(int64(seed)))
			if seed%2 == 0 {
				r.o.Batch = 1 + rng.Intn(3) // pulls of many small transactions, each moving the checkpoint
			}
			for step := 0; step < steps; step++ {
				r.randomStep(rng, step)
			}
			r.settle()
			r.check()
			for _, p := range r.problems {
				t.Log("problem: " + p)
			}
			t.Logf("seed %d: %d rounds, %d annotations touched, %d deleted, %d conflicts, %d problems",
				seed, r.rounds, len(r.editors), len(r.deleted), len(r.conflicts), len(r.problems))
		})
	}
}

// The same annotation edited on two libraries while both are offline: after rounds everywhere all three
// hold CouchDB's winner, the conflict is reported with the losing revision, and the losing body is still
// on the server (not lost).
func TestConcurrentEditsOfOneAnnotation(t *testing.T) {
	r := newConvergeRun(t, "concurrent", "ana", "ben", "chloe")
	a, b := r.libs[0], r.libs[1]
	docs, err := a.s.Documents()
	if err != nil {
		t.Fatal(err)
	}
	ann, err := a.s.CreateAnnotation(store.NewAnnotation{DocID: docs[0].ID, Start: 4, End: 10, Note: "who"})
	if err != nil {
		t.Fatal(err)
	}
	r.touched(ann.ID, a.name, "who")
	r.settle()
	for _, e := range []struct {
		l    *teamLib
		note string
	}{{a, "ana's reading"}, {b, "ben's reading"}} {
		if _, err := e.l.s.UpdateAnnotation(ann.ID, nil, e.note); err != nil {
			t.Fatal(err)
		}
		r.touched(ann.ID, e.l.name, e.note)
	}
	r.round(a)
	res := r.round(b)
	if len(res.Conflicts) != 1 || res.Conflicts[0].ID != "ann:"+ann.ID || len(res.Conflicts[0].Losers) != 1 {
		t.Fatalf("the second library's round should report the conflict: %+v", res.Conflicts)
	}
	r.settle()
	r.check()
	got, err := r.libs[2].s.Annotation(ann.ID)
	if err != nil {
		t.Fatal(err)
	}
	loser := "ben's reading"
	if got.Note == loser {
		loser = "ana's reading"
	} else if got.Note != "ana's reading" {
		t.Fatalf("the winner is neither edit: %q", got.Note)
	}
	body := serverRev(t, r.o, "ann:"+ann.ID, res.Conflicts[0].Losers[0])
	if body["note"] != loser {
		t.Fatalf("the losing revision on the server is %v, want the note %q", body, loser)
	}
	// Every library shows the conflict, with the losing body, without asking the server.
	for _, l := range r.libs {
		cs, err := Conflicts(l.s)
		if err != nil || len(cs) != 1 || cs[0].ID != "ann:"+ann.ID || cs[0].Reason == "" {
			t.Fatalf("%s's conflicts: %+v %v", l.name, cs, err)
		}
		var lb map[string]any
		if err := json.Unmarshal(cs[0].Loser, &lb); err != nil || lb["note"] != loser {
			t.Fatalf("%s's conflict keeps the loser %s, want the note %q", l.name, cs[0].Loser, loser)
		}
	}
	// Keeping both on one library: after rounds everywhere, all hold both readings, none waits.
	if err := Resolve(context.Background(), b.s, r.o, "ann:"+ann.ID, KeepBoth); err != nil {
		t.Fatal(err)
	}
	r.settle()
	want := normalisedExport(t, r.libs[0].s)
	for _, l := range r.libs {
		if got := normalisedExport(t, l.s); got != want {
			t.Fatalf("%s differs after the resolution:\n%s", l.name, firstDiff(want, got))
		}
		anns, err := l.s.Annotations(store.AnnotationFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var notes []string
		for _, a := range anns {
			notes = append(notes, a.Note)
		}
		slices.Sort(notes)
		if !slices.Equal(notes, []string{"ana's reading", "ben's reading"}) {
			t.Fatalf("%s after keeping both: %q", l.name, notes)
		}
		if cs, err := Conflicts(l.s); err != nil || len(cs) != 0 {
			t.Fatalf("%s still shows conflicts: %+v %v", l.name, cs, err)
		}
	}
}

// serverRev reads one revision of a record straight from the server.
func serverRev(t testing.TB, o Options, id, rev string) map[string]any {
	t.Helper()
	db := kivikDB(t, o)
	var body map[string]any
	if err := db.Get(context.Background(), id, kivik.Rev(rev)).ScanDoc(&body); err != nil {
		t.Fatalf("reading %s at %s from the server: %v", id, rev, err)
	}
	return body
}

// kivikDB opens the project database of o straight, as a test's own client.
func kivikDB(t testing.TB, o Options) *kivik.DB {
	t.Helper()
	var opts []kivik.Option
	if o.User != "" {
		opts = append(opts, couchdb.BasicAuth(o.User, o.Password))
	}
	c, err := kivik.New("couch", o.Server, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c.DB(o.Project)
}

// Seeded random edits on three libraries while each runs Watch, as the app does, with some "Sync now"
// rounds beside it: rounds are in flight while edits are made. Once the edits stop and rounds settle,
// every library holds the same, nothing is lost, and no watch round failed.
func TestRandomEditsWhileWatching(t *testing.T) {
	for seed := 1; seed <= max(1, convergeSeeds()/2); seed++ {
		t.Run("seed="+strconv.Itoa(seed), func(t *testing.T) { randomEditsWhileWatching(t, seed) })
	}
}

func randomEditsWhileWatching(t *testing.T, seed int) {
	steps := 40
	if testing.Short() {
		steps = 20
	}
	r := newConvergeRun(t, "watching", "ana", "ben", "chloe")
	r.watching = true
	rng := rand.New(rand.NewSource(int64(seed)))
	ctx, cancel := context.WithCancel(context.Background())
	var wg gosync.WaitGroup
	var mu gosync.Mutex
	var failed []string
	watched := 0
	for _, l := range r.libs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := Watch(ctx, l.s, r.o, func(res Result, err error) {
				mu.Lock()
				defer mu.Unlock()
				watched++
				if err != nil {
					failed = append(failed, l.name+": "+err.Error())
					return
				}
				for _, c := range res.Conflicts {
					r.conflicts[c.ID] = true
				}
			}); err != nil {
				t.Error(err)
			}
		}()
	}
	for step := 0; step < steps; step++ {
		mu.Lock()
		r.randomStep(rng, step)
		mu.Unlock()
		time.Sleep(time.Duration(rng.Intn(150)) * time.Millisecond)
	}
	time.Sleep(time.Second)
	cancel()
	wg.Wait()
	if len(failed) > 0 {
		t.Errorf("watch rounds failed: %q", failed)
	}
	r.settle()
	r.check()
	t.Logf("%d watch rounds, %d other rounds, %d annotations touched, %d deleted, %d conflicts",
		watched, r.rounds, len(r.editors), len(r.deleted), len(r.conflicts))
}
