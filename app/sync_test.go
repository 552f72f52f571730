package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"gloss/store"
	"gloss/storetest"
	teamsync "gloss/teams/sync"
	"gloss/teams/sync/keyring"
	"gloss/teams/sync/keyring/keyringtest"
	"gloss/teams/sync/synctest"
)

const syncText = "The county will not comply with detainer requests."

func syncDoc(t *testing.T, s *store.Store) store.Document {
	t.Helper()
	d, err := s.AddDocument(store.NewDocument{Title: "Bulletin", Format: "txt", Text: syncText, SHA256: strings.Repeat("cd", 32)})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 20 s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// The settings are validated and kept, the password goes to a real Secret Service (never the library),
// Test connection says what is wrong, Sync now does a round with the kept password, and saving settings
// starts the window's watch (the window is open).
func TestSyncSettingsPasswordAndTest(t *testing.T) {
	keyringtest.Start(t)
	t.Setenv(keyring.EnvPassword, "")
	srv := synctest.StartWith(t, synctest.Config{User: "ana", Password: "open sesame"})
	s := storetest.Open(t)
	d := syncDoc(t, s)
	if _, err := s.CreateAnnotation(store.NewAnnotation{DocID: d.ID, Start: 4, End: 10, Note: "to push"}); err != nil {
		t.Fatal(err)
	}
	a := New(s, nil, io.Discard)

	if got, err := a.SyncSettings(); err != nil || got.Server != "" || got.HasPassword {
		t.Fatalf("fresh: %+v %v", got, err)
	}
	for _, bad := range []SyncSettings{{Server: "http://couch.example.org", Project: "p"}, {Server: srv.URL}, {Server: "not a url", Project: "p"}} {
		if err := a.SetSyncSettings(bad); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	set := SyncSettings{Server: srv.URL, Project: "team", User: "ana", KeepTextsLocal: true}
	if err := a.TestSyncConnection(set, "wrong"); err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("wrong password: %v", err)
	}
	if err := a.TestSyncConnection(set, "open sesame"); err != nil {
		t.Fatalf("right password: %v", err)
	}
	if err := a.SetSyncSettings(set); err != nil {
		t.Fatal(err)
	}
	if err := a.SaveSyncPassword("open sesame"); err != nil {
		t.Fatal(err)
	}
	got, err := a.SyncSettings()
	if err != nil || got.Server != srv.URL || got.Project != "team" || got.User != "ana" || !got.KeepTextsLocal || !got.HasPassword || got.KeyringError != "" {
		t.Fatalf("kept: %+v %v", got, err)
	}
	all, _ := s.Settings()
	for k, v := range all {
		if strings.Contains(v, "open sesame") {
			t.Fatalf("the password is in the library's setting %s", k)
		}
	}
	if err := a.TestSyncConnection(set, ""); err != nil {
		t.Fatalf("with the kept password: %v", err)
	}
	res, err := a.SyncNow()
	if err != nil || res.Pushed == 0 {
		t.Fatalf("sync now: %+v %v", res, err)
	}
	st, err := a.SyncStatus()
	if err != nil || st.LastSynced.IsZero() || st.Pending != 0 || !st.Watching || !st.KeepTextsLocal {
		t.Fatalf("status: %+v %v", st, err)
	}
	if err := a.SaveSyncPassword(""); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SyncNow(); err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("without the password: %v", err)
	}
	if st, _ := a.SyncStatus(); !strings.Contains(st.LastError, "401") {
		t.Fatalf("the failed round is on the status line: %+v", st)
	}
	// An empty server turns sync off, and the watch with it.
	if err := a.SetSyncSettings(SyncSettings{}); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.SyncSettings(); got.Server != "" || got.KeepTextsLocal {
		t.Fatalf("off: %+v", got)
	}
	if st, _ := a.SyncStatus(); st.Watching {
		t.Fatal("still watching with sync off")
	}
}

// While the window is open and sync is set up, its watch brings another library's annotation in without
// a call; Sync now and a resolve pause it and it goes on; a conflict is listed and settled; closing stops it.
func TestSyncWatchConflictsAndResolve(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/gloss-test-bus") // no keyring: a server without auth needs none
	srv := synctest.Start(t)
	other, mine := storetest.Open(t), storetest.Open(t)
	d := syncDoc(t, other)
	syncDoc(t, mine)
	o := teamsync.Options{Server: srv.URL, Project: "live"}
	ann, err := other.CreateAnnotation(store.NewAnnotation{DocID: d.ID, Start: 4, End: 10, Note: "from the other library"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := teamsync.Round(context.Background(), other, o); err != nil {
		t.Fatal(err)
	}

	a := New(mine, nil, io.Discard)
	if err := a.SetSyncSettings(SyncSettings{Server: srv.URL, Project: "live"}); err != nil {
		t.Fatal(err)
	}
	a.startSync()
	t.Cleanup(a.stopSync)
	if st, _ := a.SyncStatus(); !st.Watching {
		t.Fatal("the watch did not start")
	}
	waitFor(t, "the other library's annotation", func() bool {
		got, err := mine.Annotation(ann.ID)
		return err == nil && got.Note == "from the other library"
	})
	// An edit made there later arrives too.
	if _, err := other.UpdateAnnotation(ann.ID, nil, "edited there"); err != nil {
		t.Fatal(err)
	}
	if _, err := teamsync.Round(context.Background(), other, o); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the later edit", func() bool {
		got, _ := mine.Annotation(ann.ID)
		return got.Note == "edited there"
	})

	// A conflict: both edit the annotation while this window is not syncing.
	a.stopSync()
	if st, _ := a.SyncStatus(); st.Watching {
		t.Fatal("stopped but still watching")
	}
	if _, err := other.UpdateAnnotation(ann.ID, nil, "theirs"); err != nil {
		t.Fatal(err)
	}
	if _, err := teamsync.Round(context.Background(), other, o); err != nil {
		t.Fatal(err)
	}
	if _, err := mine.UpdateAnnotation(ann.ID, nil, "mine"); err != nil {
		t.Fatal(err)
	}
	a.startSync()
	if _, err := a.SyncNow(); err != nil {
		t.Fatal(err)
	}
	if st, _ := a.SyncStatus(); !st.Watching || st.Conflicts != 1 {
		t.Fatalf("after Sync now: %+v", st)
	}
	cs, err := a.SyncConflicts()
	if err != nil || len(cs) != 1 || cs[0].ID != "ann:"+ann.ID || cs[0].Kind != "annotation" {
		t.Fatalf("conflicts: %+v %v", cs, err)
	}
	if err := a.ResolveSyncConflict(cs[0].ID, "nonsense", ""); err == nil {
		t.Fatal("an unknown choice was accepted")
	}
	if err := a.ResolveSyncConflict(cs[0].ID, string(teamsync.KeepBoth), ""); err != nil {
		t.Fatal(err)
	}
	if cs, _ := a.SyncConflicts(); len(cs) != 0 {
		t.Fatalf("still listed: %+v", cs)
	}
	if st, _ := a.SyncStatus(); !st.Watching {
		t.Fatal("the watch did not go on after the resolve")
	}
	// Both versions reach the other library through the watch's push.
	waitFor(t, "both versions on the other library", func() bool {
		if _, err := teamsync.Round(context.Background(), other, o); err != nil {
			t.Fatal(err)
		}
		all, _ := other.Annotations(store.AnnotationFilter{})
		notes := map[string]bool{}
		for _, x := range all {
			notes[x.Note] = true
		}
		return len(all) == 2 && notes["mine"] && notes["theirs"]
	})
	a.stopSync()
	if st, _ := a.SyncStatus(); st.Watching {
		t.Fatal("closing did not stop the watch")
	}
}

// A window opened on a library with sync set up starts syncing once its first view is painted (not
// before: start-up paints first); one without sync set up does not.
func TestSyncStartsAfterFirstPaint(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/gloss-test-bus")
	srv := synctest.Start(t)
	plain := New(storetest.Open(t), nil, io.Discard)
	plain.Shown("library")
	if st, _ := plain.SyncStatus(); st.Watching {
		t.Fatal("a library without sync set up started a watch")
	}

	s := storetest.Open(t)
	if err := s.SetSettings(map[string]string{teamsync.SettingServer: srv.URL, teamsync.SettingProject: "paint"}); err != nil {
		t.Fatal(err)
	}
	a := New(s, nil, io.Discard)
	t.Cleanup(a.stopSync)
	if st, _ := a.SyncStatus(); st.Watching {
		t.Fatal("watching before the first paint")
	}
	a.Shown("library")
	if st, _ := a.SyncStatus(); !st.Watching {
		t.Fatal("not watching after the first paint")
	}
	waitFor(t, "the first round", func() bool {
		st, _ := a.SyncStatus()
		return !st.LastSynced.IsZero()
	})
	a.Shown("reader") // later paints start nothing more
	a.stopSync()
	if st, _ := a.SyncStatus(); st.Watching {
		t.Fatal("still watching after the window closed")
	}
}

// Settings that name no usable server (written by an older Gloss, or by hand) do not leave the status
// line saying that the window syncs.
func TestSyncWatchThatCannotStart(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/gloss-test-bus")
	s := storetest.Open(t)
	if err := s.SetSettings(map[string]string{teamsync.SettingServer: "http://couch.example.org", teamsync.SettingProject: "p"}); err != nil {
		t.Fatal(err)
	}
	a := New(s, nil, io.Discard)
	t.Cleanup(a.stopSync)
	a.startSync()
	waitFor(t, "the watch to give up", func() bool {
		st, _ := a.SyncStatus()
		return !st.Watching
	})
	if _, err := a.SyncNow(); err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Fatalf("sync now: %v", err)
	}
}

// lockedLog is a log the watch's goroutine writes while the test reads it.
type lockedLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// A split version history joined by the window's background watch is told (the log here, "sync:notes"
// for the window), not only by a round the person starts: this library and another each imported a
// different new version of a shared document while this window was not syncing.
func TestSyncWatchTellsOfAJoinedHistory(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/gloss-test-bus") // no keyring: a server without auth needs none
	srv := synctest.Start(t)
	other, mine := storetest.Open(t), storetest.Open(t)
	theirs, ours := syncDoc(t, other), syncDoc(t, mine)
	o := teamsync.Options{Server: srv.URL, Project: "split"}
	for _, s := range []*store.Store{other, mine, other} {
		if _, err := teamsync.Round(context.Background(), s, o); err != nil {
			t.Fatal(err)
		}
	}
	addVersion := func(s *store.Store, id, text string) {
		t.Helper()
		sum := sha256.Sum256([]byte(text))
		if _, _, err := s.AddVersion(id, store.NewVersion{Text: text, SHA256: hex.EncodeToString(sum[:])}); err != nil {
			t.Fatal(err)
		}
	}
	addVersion(mine, ours.ID, syncText+" Update: the board voted to keep the policy.")
	addVersion(other, theirs.ID, "Correction: "+syncText)
	if _, err := teamsync.Round(context.Background(), other, o); err != nil {
		t.Fatal(err)
	}
	log := &lockedLog{}
	a := New(mine, nil, log)
	if err := a.SetSyncSettings(SyncSettings{Server: srv.URL, Project: "split"}); err != nil {
		t.Fatal(err)
	}
	a.startSync()
	t.Cleanup(a.stopSync)
	waitFor(t, "the watch telling of the joined history", func() bool {
		return strings.Contains(log.String(), "another library imported a version this one had not")
	})
	if vs, err := mine.Versions(ours.ID); err != nil || len(vs) != 3 {
		t.Fatalf("versions after the join: %d %v", len(vs), err)
	}
}
