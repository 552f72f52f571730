package sync

import (
	"context"
	"slices"
	"strings"
	"testing"

	"gloss/store"
	"gloss/storetest"
	"gloss/teams/sync/synctest"
)

// threeEditedOffline makes three libraries that share one annotation and then each edit its note while
// offline, and rounds until every library has seen every edit: the record has two losing leaves.
func threeEditedOffline(t *testing.T, project string) (libs []*store.Store, o Options, id string) {
	t.Helper()
	srv := synctest.Start(t)
	o = Options{Server: srv.URL, Project: project}
	text := "The county will not comply with detainer requests."
	sha := strings.Repeat("ef", 32)
	for range 3 {
		s := storetest.Open(t)
		addDoc(t, s, text, sha)
		libs = append(libs, s)
	}
	docs, err := libs[0].Documents()
	if err != nil {
		t.Fatal(err)
	}
	ann, err := libs[0].CreateAnnotation(store.NewAnnotation{DocID: docs[0].ID, Start: 4, End: 10, Note: "first"})
	if err != nil {
		t.Fatal(err)
	}
	rounds(t, o, libs...)
	for i, s := range libs {
		if _, err := s.UpdateAnnotation(ann.ID, nil, []string{"ana's", "ben's", "cleo's"}[i]); err != nil {
			t.Fatal(err)
		}
	}
	rounds(t, o, libs...)
	rounds(t, o, libs...)
	return libs, o, ann.ID
}

// notesOf is every annotation note in s, sorted.
func notesOf(t *testing.T, s *store.Store) []string {
	t.Helper()
	anns, err := s.Annotations(store.AnnotationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range anns {
		out = append(out, a.Note)
	}
	slices.Sort(out)
	return out
}

// Three libraries edit one annotation offline: every library shows the winner and both losers, and
// "keep both" keeps all three texts, each loser as its own annotation, everywhere.
func TestEveryLoserShownAndKept(t *testing.T) {
	libs, o, id := threeEditedOffline(t, "three-losers")
	var winner string
	for i, s := range libs {
		cs, err := Conflicts(s)
		if err != nil || len(cs) != 1 || cs[0].ID != "ann:"+id || len(cs[0].Others) != 1 {
			t.Fatalf("library %d shows %+v %v, want one conflict with two losers", i, cs, err)
		}
		got := []string{noteOf(t, cs[0].Winner), noteOf(t, cs[0].Loser), noteOf(t, cs[0].Others[0].Loser)}
		slices.Sort(got)
		if !slices.Equal(got, []string{"ana's", "ben's", "cleo's"}) {
			t.Fatalf("library %d shows %v", i, got)
		}
		if w := noteOf(t, cs[0].Winner); winner == "" {
			winner = w
		} else if w != winner {
			t.Fatalf("library %d applied %q, another %q", i, w, winner)
		}
	}
	if err := Resolve(context.Background(), libs[1], o, "ann:"+id, KeepBoth); err != nil {
		t.Fatal(err)
	}
	rounds(t, o, libs...)
	r := rounds(t, o, libs...)
	for i, s := range libs {
		quiet(t, "kept all", o, r[i], s)
		if got := notesOf(t, s); !slices.Equal(got, []string{"ana's", "ben's", "cleo's"}) {
			t.Fatalf("library %d holds %v", i, got)
		}
	}
	if ea, eb := normalisedExport(t, libs[0]), normalisedExport(t, libs[2]); ea != eb {
		t.Fatalf("the libraries differ: %s", firstDiff(ea, eb))
	}
}

// Taking the second loser (by its revision) applies it everywhere and closes the other two leaves;
// keeping the winner closes both losers.
func TestTakeAnyLoserOrKeepTheWinner(t *testing.T) {
	libs, o, id := threeEditedOffline(t, "take-second")
	cs, err := Conflicts(libs[0])
	if err != nil || len(cs) != 1 || len(cs[0].Others) != 1 {
		t.Fatalf("%+v %v", cs, err)
	}
	want := noteOf(t, cs[0].Others[0].Loser)
	if err := ResolveWith(context.Background(), libs[0], o, "ann:"+id, TakeLoser, cs[0].Others[0].LoserRev); err != nil {
		t.Fatal(err)
	}
	rounds(t, o, libs...)
	r := rounds(t, o, libs...)
	for i, s := range libs {
		quiet(t, "took the second loser", o, r[i], s)
		if got := notesOf(t, s); !slices.Equal(got, []string{want}) {
			t.Fatalf("library %d holds %v, want %q", i, got, want)
		}
	}
	if err := ResolveWith(context.Background(), libs[0], o, "ann:"+id, TakeLoser, "9-nope"); err == nil {
		t.Fatal("a settled conflict was resolved again")
	}

	libs, o, id = threeEditedOffline(t, "keep-winner")
	cs, _ = Conflicts(libs[2])
	winner := noteOf(t, cs[0].Winner)
	if err := ResolveWith(context.Background(), libs[2], o, "ann:"+id, TakeLoser, "9-nope"); err == nil ||
		!strings.Contains(err.Error(), "no losing revision") {
		t.Fatalf("an unknown loser: %v", err)
	}
	if err := Resolve(context.Background(), libs[2], o, "ann:"+id, KeepWinner); err != nil {
		t.Fatal(err)
	}
	rounds(t, o, libs...)
	r = rounds(t, o, libs...)
	for i, s := range libs {
		quiet(t, "kept the winner", o, r[i], s)
		if got := notesOf(t, s); !slices.Equal(got, []string{winner}) {
			t.Fatalf("library %d holds %v, want %q", i, got, winner)
		}
	}
}
