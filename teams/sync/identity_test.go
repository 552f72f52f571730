package sync

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/go-kivik/kivik/v4"
	_ "github.com/go-kivik/kivik/v4/couchdb"

	"gloss/store"
	"gloss/storetest"
	"gloss/teams/sync/synctest"
)

// A project lost on the server (its database deleted, then made anew under the same name by the next
// round) must get the whole library again: the library's records said everything had been sent, and a
// round pushed nothing and reported success, so another library joining found the project empty. The
// project's uuid tells the new database from the old; the library's conflicts for the old one go too.
func TestProjectMadeAnewGetsEverythingAgain(t *testing.T) {
	srv := synctest.Start(t)
	a, b := storetest.Open(t), storetest.Open(t)
	ctx := context.Background()
	o := Options{Server: srv.URL, Project: "lost"}
	text := "The ministry denied the report on Tuesday."
	sum := sha256.Sum256([]byte(text))
	d := addDoc(t, a, text, hex.EncodeToString(sum[:]))
	if _, err := a.CreateAnnotation(store.NewAnnotation{DocID: d.ID, Start: 4, End: 12, Note: "who"}); err != nil {
		t.Fatal(err)
	}
	first, err := Round(ctx, a, o)
	if err != nil || first.Pushed == 0 {
		t.Fatalf("first round: %+v %v", first, err)
	}
	uuid1 := a.Setting(settingProjectUUID)
	if uuid1 == "" {
		t.Fatal("the project's uuid is not remembered")
	}
	if again, err := Round(ctx, a, o); err != nil || again.Pushed != 0 {
		t.Fatalf("a round with nothing new pushed: %+v %v", again, err)
	}

	client, err := kivik.New("couch", srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	if err := client.DestroyDB(ctx, o.Project); err != nil {
		t.Fatal(err)
	}
	r, err := Round(ctx, a, o)
	if err != nil || r.Pushed != first.Pushed {
		t.Fatalf("after the project was made anew the library pushed %d of %d records: %+v %v", r.Pushed, first.Pushed, r, err)
	}
	if u := a.Setting(settingProjectUUID); u == "" || u == uuid1 {
		t.Fatalf("the new project's uuid %q is not remembered (old %q)", u, uuid1)
	}
	if r, err := Round(ctx, b, o); err != nil || len(r.Problems) > 0 {
		t.Fatalf("joining: %+v %v", r, err)
	}
	anns, err := b.Annotations(store.AnnotationFilter{})
	if err != nil || len(anns) != 1 || anns[0].Note != "who" {
		t.Fatalf("the joining library got %+v %v", anns, err)
	}
	if r, err := Round(ctx, a, o); err != nil || r.Pushed != 0 || r.Pulled != 0 {
		t.Fatalf("the round after settled: %+v %v", r, err)
	}
}

// Naming a lead again (InstallGuard) keeps the project's uuid: it is the same project, and the libraries
// must not push everything again.
func TestNewLeadKeepsTheProject(t *testing.T) {
	srv := synctest.Start(t)
	a := storetest.Open(t)
	ctx := context.Background()
	o := Options{Server: srv.URL, Project: "lead"}
	if _, err := Round(ctx, a, o); err != nil {
		t.Fatal(err)
	}
	before := a.Setting(settingProjectUUID)
	if err := InstallGuard(ctx, o, "ana"); err != nil {
		t.Fatal(err)
	}
	if _, err := Round(ctx, a, o); err != nil {
		t.Fatal(err)
	}
	if after := a.Setting(settingProjectUUID); before == "" || after != before {
		t.Fatalf("uuid %q became %q", before, after)
	}
}
