package sync

import (
	"context"
	"strings"
	"testing"

	"gloss/store"
	"gloss/store/storetest"
	"gloss/teams/sync/synctest"
)

func TestCheckURL(t *testing.T) {
	for _, ok := range []string{"http://127.0.0.1:5984", "http://localhost:5984/", "http://[::1]:5984", "https://couch.example.org"} {
		if _, err := CheckURL(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"http://couch.example.org", "http://10.0.0.2:5984", "ftp://127.0.0.1", "127.0.0.1:5984", ""} {
		if _, err := CheckURL(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

// Pulled in batches of one change each: every batch is its own transaction and moves the _local checkpoint,
// and the library ends with everything the other pushed; a fresh round resumes from the checkpoint.
func TestPullInBatchesFromCheckpoint(t *testing.T) {
	srv := synctest.Start(t)
	a, b := storetest.Open(t), storetest.Open(t)
	tags := []store.NewTag{{Name: "Claims", Colour: "#aa0000", Description: "asserted"}, {Name: "Sources"}, {Name: "Frames"}}
	if _, failed, err := a.CreateTags(tags); err != nil || len(failed) > 0 {
		t.Fatal(err, failed)
	}
	ctx := context.Background()
	o := Options{Server: srv.URL, Project: "batches"}
	if r, err := Round(ctx, a, o); err != nil || r.Pushed != 3 {
		t.Fatalf("push: %+v %v", r, err)
	}
	o.Batch = 1
	r, err := Round(ctx, b, o)
	if err != nil || r.Pulled != 3 || r.Since != "0" {
		t.Fatalf("pull in batches: %+v %v", r, err)
	}
	got, _, err := b.TagByPath("claims")
	if err != nil || got.Colour != "#aa0000" || got.Description != "asserted" {
		t.Fatalf("pulled tag: %+v %v", got, err)
	}
	r2, err := Round(ctx, b, o)
	if err != nil || r2.Pulled != 0 || r2.Pushed != 0 || r2.Since != r.Checkpoint || r.Checkpoint == "0" {
		t.Fatalf("second round should start at the checkpoint %q: %+v %v", r.Checkpoint, r2, err)
	}
	if strings.TrimSpace(b.Setting(SettingServer)) != srv.URL || b.Setting(SettingProject) != "batches" {
		t.Fatal("settings not remembered")
	}
}
