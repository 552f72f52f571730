package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"gloss/store"
	teamsync "gloss/teams/sync"
	"gloss/teams/sync/keyring"
	"gloss/teams/sync/keyring/keyringtest"
	"gloss/teams/sync/synctest"
)

func syncStatus(t *testing.T, db string) teamsync.Status {
	t.Helper()
	code, out, errOut := run(t, db, "sync", "--status", "--json")
	if code != 0 {
		t.Fatalf("sync --status: %d %s", code, errOut)
	}
	var st teamsync.Status
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("sync --status --json: %v\n%s", err, out)
	}
	return st
}

// closedPort is a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

// Not set up, set up by one round and remembered, the status line, and the errors a person meets: no
// settings, a server that cannot be reached, plain HTTP to another machine, a password on the command line.
func TestSyncStatusSettingsAndErrors(t *testing.T) {
	db, _ := annotatedDB(t)
	code, _, errOut := run(t, db, "sync")
	if code != 2 || !strings.Contains(errOut, "--server URL --project NAME") {
		t.Fatalf("sync without settings: %d %s", code, errOut)
	}
	code, out, _ := run(t, db, "sync", "--status")
	if code != 0 || !strings.Contains(out, "not set up") {
		t.Fatalf("status before setup: %d %s", code, out)
	}

	srv := synctest.Start(t)
	r := syncRound(t, db, "--server", srv.URL, "--project", "status")
	if r.Pushed == 0 {
		t.Fatalf("first round pushed nothing: %+v", r)
	}
	st := syncStatus(t, db)
	if st.Server != srv.URL || st.Project != "status" || st.LastSynced.IsZero() || st.Pending != 0 || st.Conflicts != 0 || st.LastError != "" {
		t.Fatalf("status after a round: %+v", st)
	}
	code, out, _ = run(t, db, "sync", "--status")
	if code != 0 || !strings.Contains(out, "project status") || !strings.Contains(out, "pending changes: 0") || !strings.Contains(out, "conflicts waiting: 0") {
		t.Fatalf("status text: %s", out)
	}
	doc := listJSON(t, db)[0].ID
	if code, _, errOut := run(t, db, "annotate", "--doc", doc, "--quote", "the", "--note", "pending"); code != 0 {
		t.Fatal(errOut)
	}
	if st := syncStatus(t, db); st.Pending == 0 {
		t.Fatalf("a new annotation is pending: %+v", st)
	}
	if r := syncRound(t, db); r.Pushed == 0 {
		t.Fatalf("the remembered settings push the new one: %+v", r)
	}

	dead := closedPort(t)
	code, _, errOut = run(t, db, "sync", "--server", dead, "--project", "status")
	if code != 1 || !strings.Contains(errOut, "cannot be reached") {
		t.Fatalf("unreachable: %d %s", code, errOut)
	}
	if st := syncStatus(t, db); st.Server != srv.URL {
		t.Fatalf("a failed round must not replace the remembered server: %+v", st)
	}
	code, _, errOut = run(t, db, "sync", "--server", "http://sync.example.org", "--project", "p")
	if code != 1 || !strings.Contains(errOut, "plain HTTP only") {
		t.Fatalf("plain http to another machine: %d %s", code, errOut)
	}
	code, _, errOut = run(t, db, "sync", "--client-password=x")
	if code != 2 || !strings.Contains(errOut, keyring.EnvPassword) {
		t.Fatalf("a password on the command line: %d %s", code, errOut)
	}
	if code, _, _ := run(t, db, "sync", "--watch", "--status"); code != 2 {
		t.Fatalf("--watch --status: %d", code)
	}
}

// A server with authentication: no password and a wrong one fail clearly (exit 1), GLOSS_SYNC_PASSWORD
// works, and so does the password kept in a real Secret Service (the keyring) for this server, project
// and user, with the environment overriding it.
func TestSyncPasswordFromEnvAndKeyring(t *testing.T) {
	keyringtest.Start(t)
	srv := synctest.StartWith(t, synctest.Config{User: "ana", Password: "right horse"})
	db, _ := annotatedDB(t)
	args := []string{"sync", "--server", srv.URL, "--project", "auth", "--user", "ana"}

	t.Setenv(keyring.EnvPassword, "")
	code, _, errOut := run(t, db, args...)
	if code != 1 || !strings.Contains(errOut, "401") {
		t.Fatalf("no password: %d %s", code, errOut)
	}
	t.Setenv(keyring.EnvPassword, "wrong")
	code, _, errOut = run(t, db, args...)
	if code != 1 || !strings.Contains(errOut, `user name "ana" or its password is wrong`) {
		t.Fatalf("wrong password: %d %s", code, errOut)
	}
	t.Setenv(keyring.EnvPassword, "right horse")
	if r := syncRound(t, db, args[1:]...); r.Pushed == 0 {
		t.Fatalf("env password: %+v", r)
	}

	// The keyring: no flags (remembered), no environment.
	t.Setenv(keyring.EnvPassword, "")
	if err := keyring.Save(keyring.Key{Server: srv.URL, Project: "auth", User: "ana"}, "right horse"); err != nil {
		t.Fatal(err)
	}
	syncRound(t, db)
	t.Setenv(keyring.EnvPassword, "wrong")
	if code, _, errOut := run(t, db, "sync"); code != 1 || !strings.Contains(errOut, "401") {
		t.Fatalf("the environment overrides the keyring: %d %s", code, errOut)
	}
}

// While a window holds the library, `gloss sync` runs in it (through its socket) with the script's
// GLOSS_SYNC_PASSWORD, the window is told that the library changed, and --watch is left to the window.
func TestSyncThroughWindow(t *testing.T) {
	srv := synctest.StartWith(t, synctest.Config{User: "ben", Password: "pw of ben"})
	dbA, _ := annotatedDB(t)
	t.Setenv(keyring.EnvPassword, "pw of ben")
	syncRound(t, dbA, "--server", srv.URL, "--project", "win", "--user", "ben")

	dbB := newDB(t)
	listJSON(t, dbB)
	w := openWindow(t, dbB)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/gloss-test-bus") // the password can only come from the client
	r := syncRound(t, dbB, "--server", srv.URL, "--project", "win", "--user", "ben")
	if r.Pulled == 0 {
		t.Fatalf("the window's round pulled nothing: %+v", r)
	}
	if w.changes.Load() == 0 {
		t.Fatal("the window was not told that the round changed the library")
	}
	t.Setenv(keyring.EnvPassword, "")
	code, _, errOut := run(t, dbB, "sync")
	if code != 1 || !strings.Contains(errOut, "401") || !strings.Contains(errOut, "no password was given") {
		t.Fatalf("no password through the window: %d %s", code, errOut)
	}
	code, _, errOut = run(t, dbB, "sync", "--watch")
	if code != 1 || !strings.Contains(errOut, "keeps it in sync itself") {
		t.Fatalf("--watch through the window: %d %s", code, errOut)
	}
	if st := syncStatus(t, dbB); st.Server != srv.URL || st.User != "ben" || st.LastSynced.IsZero() {
		t.Fatalf("status through the window: %+v", st)
	}
}

// TestHelperProcess is `gloss` for the tests that need a process of its own (a signal to stop it).
func TestHelperProcess(t *testing.T) {
	if os.Getenv("GLOSS_CLI_HELPER") != "1" {
		t.Skip("run by TestSyncWatch as the gloss command")
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	os.Exit(Run(args, os.Stdout, os.Stderr))
}

// `gloss sync --watch --json` keeps a library in sync: it pulls what is there, then, without being asked,
// what another library pushes later; one JSON object per round; Ctrl-C (SIGINT) ends it with exit 0.
func TestSyncWatch(t *testing.T) {
	srv := synctest.Start(t)
	dbA, docA := annotatedDB(t)
	syncRound(t, dbA, "--server", srv.URL, "--project", "watch")
	dbB := newDB(t)
	listJSON(t, dbB)

	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "--", "--db", dbB, "sync", "--watch", "--json",
		"--server", srv.URL, "--project", "watch")
	cmd.Env = append(os.Environ(), "GLOSS_CLI_HELPER=1")
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	}()
	lines := make(chan watchLine)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			var l watchLine
			if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
				t.Errorf("a line that is not one JSON object: %q", sc.Text())
				continue
			}
			lines <- l
		}
		close(lines)
	}()
	pulled := func(want int, when string) {
		t.Helper()
		got := 0
		deadline := time.After(30 * time.Second)
		for got < want {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("%s: the watch ended: %s", when, errOut.String())
				}
				if l.Error != "" {
					t.Fatalf("%s: a round failed: %s", when, l.Error)
				}
				if l.Time.IsZero() || l.Result == nil {
					t.Fatalf("%s: a line without time or result: %+v", when, l)
				}
				got += l.Result.Pulled
			case <-deadline:
				t.Fatalf("%s: %d of %d records pulled in 30 s; stderr: %s", when, got, want, errOut.String())
			}
		}
	}
	pulled(4, "A's two annotations and their tags") // 2 annotations + Claims, Claims/Verified, Économie locale (at least 4)
	if code, _, e := run(t, dbA, "annotate", "--doc", docA, "--quote", "Law Enforcement", "--note", "later, from A"); code != 0 {
		t.Fatal(e)
	}
	syncRound(t, dbA)
	pulled(1, "A's annotation made while B watches")

	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the watch did not end cleanly on SIGINT: %v; stderr: %s", err, errOut.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the watch did not stop within 10 s of SIGINT")
	}
	if !strings.Contains(errOut.String(), "watching "+srv.URL) {
		t.Fatalf("stderr: %s", errOut.String())
	}
	if !strings.Contains(syncedAnnotations(t, dbB), "later, from A") {
		t.Fatal("B lacks A's later annotation after the watch")
	}
}

// The same annotation edited on two libraries: `gloss sync --conflicts` lists it on both with the two
// versions, `--resolve ID --choice both` settles it here and on the server, and both versions reach the
// other library; bad choices are refused.
func TestSyncConflictsListedAndResolved(t *testing.T) {
	srv := synctest.Start(t)
	dbA, _ := annotatedDB(t)
	syncRound(t, dbA, "--server", srv.URL, "--project", "conflicts")
	dbB := newDB(t)
	listJSON(t, dbB)
	syncRound(t, dbB, "--server", srv.URL, "--project", "conflicts")
	var annID string
	edit := func(db, note string) {
		withStore(t, db, func(s *store.Store) {
			anns, err := s.Annotations(store.AnnotationFilter{})
			if err != nil || len(anns) != 2 {
				t.Fatal(err, len(anns))
			}
			slices.SortFunc(anns, func(a, b store.Annotation) int { return strings.Compare(a.ID, b.ID) })
			annID = anns[0].ID
			if _, err := s.UpdateAnnotation(annID, anns[0].Tags, note); err != nil {
				t.Fatal(err)
			}
		})
	}
	edit(dbA, "A's edit")
	edit(dbB, "B's edit")
	syncRound(t, dbA)
	if r := syncRound(t, dbB); len(r.Conflicts) != 1 {
		t.Fatalf("B's round: %+v", r)
	}
	code, out, errOut := run(t, dbB, "sync", "--conflicts", "--json")
	if code != 0 {
		t.Fatal(errOut)
	}
	var list []teamsync.ConflictRecord
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 1 || list[0].ID != "ann:"+annID || list[0].Kind != "annotation" {
		t.Fatalf("conflicts: %v %s", err, out)
	}
	if !strings.Contains(string(list[0].Winner)+string(list[0].Loser), "A's edit") || !strings.Contains(string(list[0].Winner)+string(list[0].Loser), "B's edit") {
		t.Fatalf("the two versions: %s", out)
	}
	code, out, _ = run(t, dbB, "sync", "--conflicts")
	if code != 0 || !strings.Contains(out, "applied here:") || !strings.Contains(out, "edited on two libraries") {
		t.Fatalf("conflicts text: %s", out)
	}
	if code, _, _ := run(t, dbB, "sync", "--resolve", list[0].ID); code != 2 {
		t.Fatal("--resolve without --choice accepted")
	}
	if code, _, errOut := run(t, dbB, "sync", "--resolve", list[0].ID, "--choice", "mine"); code != 1 || !strings.Contains(errOut, "winner, loser or both") {
		t.Fatalf("a bad choice: %d %s", code, errOut)
	}
	if code, _, errOut := run(t, dbB, "sync", "--resolve", list[0].ID, "--choice", "both"); code != 0 {
		t.Fatal(errOut)
	}
	if code, out, _ := run(t, dbB, "sync", "--conflicts"); code != 0 || !strings.Contains(out, "no sync conflicts waiting") {
		t.Fatalf("after resolving: %s", out)
	}
	syncRound(t, dbB)
	syncRound(t, dbA)
	for _, db := range []string{dbA, dbB} {
		got := syncedAnnotations(t, db)
		if !strings.Contains(got, "A's edit") || !strings.Contains(got, "B's edit") || strings.Count(got, `"id"`) != 3 {
			t.Fatalf("both versions kept: %s", got)
		}
		if st := syncStatus(t, db); st.Conflicts != 0 {
			t.Fatalf("status: %+v", st)
		}
	}
}
