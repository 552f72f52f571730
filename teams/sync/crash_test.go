package sync

// kill -9 of a library in the middle of a round. The round runs in a child process (this test binary run
// again with GLOSS_SYNC_CHILD_DB set) that talks to the server through a loopback proxy; the proxy kills
// the child with SIGKILL at the k-th HTTP request of its round, either before forwarding it (the server
// never saw it) or after the server answered (the server has it, the library never heard). Every k of a
// round is tried, from the same starting library each time, during a push and during a pull in small
// batches; then the library is opened again, one more round runs, and it must hold exactly what the
// project holds: no annotation twice, none missing, nothing left pending, a quiet round after. A second
// test kills at random moments (seeded) instead, over and over on one library, until a round completes.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	gosync "sync"
	"syscall"
	"testing"
	"time"

	"github.com/go-kivik/kivik/v4"

	"gloss/store"
	"gloss/teams/sync/synctest"
)

// tripProxy forwards requests to a server and, at the at-th request (counting from 1), calls trip
// before forwarding it or once the server's whole answer is in, and then fails that request.
type tripProxy struct {
	URL    string
	mu     gosync.Mutex
	n      int
	at     int
	after  bool
	trip   func()
	first  func()
	log    []string
	target http.RoundTripper
}

func newTripProxy(t testing.TB, server string) *tripProxy {
	t.Helper()
	u, err := url.Parse(server)
	if err != nil {
		t.Fatal(err)
	}
	p := &tripProxy{target: &http.Transport{DisableKeepAlives: true}}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.Transport = p
	rp.ErrorLog = nil
	rp.ErrorHandler = func(w http.ResponseWriter, r *http.Request, err error) { w.WriteHeader(http.StatusBadGateway) }
	srv := &http.Server{Handler: rp}
	l := listenLoopback(t)
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	p.URL = "http://" + l.Addr().String()
	return p
}

// arm sets the request the next trip happens at (0: none) and resets the count.
func (p *tripProxy) arm(at int, after bool, trip func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n, p.at, p.after, p.trip, p.log, p.first = 0, at, after, trip, nil, nil
}

// armFirst resets the count and calls first when the next request comes (none tripped).
func (p *tripProxy) armFirst(first func()) {
	p.arm(0, false, nil)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.first = first
}

var errTripped = errors.New("tripped")

func (p *tripProxy) RoundTrip(r *http.Request) (*http.Response, error) {
	p.mu.Lock()
	p.n++
	n, hit, after, trip, first := p.n, p.n == p.at, p.after, p.trip, p.first
	p.log = append(p.log, r.Method+" "+r.URL.Path)
	p.mu.Unlock()
	if n == 1 && first != nil {
		first()
	}
	if hit && !after {
		trip()
		return nil, errTripped
	}
	resp, err := p.target.RoundTrip(r)
	if hit {
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
		}
		trip()
		return nil, errTripped
	}
	return resp, err
}

// requests is what the proxy forwarded since it was armed.
func (p *tripProxy) requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string{}, p.log...)
}

// The child: one round on the library at GLOSS_SYNC_CHILD_DB, then exit.
func TestCrashChildProcess(t *testing.T) {
	path := os.Getenv("GLOSS_SYNC_CHILD_DB")
	if path == "" {
		t.Skip("run by the crash tests as their child process")
	}
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	batch, _ := strconv.Atoi(os.Getenv("GLOSS_SYNC_CHILD_BATCH"))
	res, err := Round(context.Background(), s, Options{Server: os.Getenv("GLOSS_SYNC_CHILD_SERVER"),
		Project: os.Getenv("GLOSS_SYNC_CHILD_PROJECT"), Batch: batch, Timeout: 10 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("round done: pushed %d, pulled %d\n", res.Pushed, res.Pulled)
	// The peak resident set of this process since its exec (rusage's maxrss also counts the parent's
	// pages at the fork), for the benchmarks.
	if status, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(status), "\n") {
			if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				fmt.Printf("vmhwm %s\n", strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			}
		}
	}
}

// childRound starts the child on the library at path; it returns the command started.
func childRound(t testing.TB, path, server, project string, batch int) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChildProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), "GLOSS_SYNC_CHILD_DB="+path, "GLOSS_SYNC_CHILD_SERVER="+server,
		"GLOSS_SYNC_CHILD_PROJECT="+project, "GLOSS_SYNC_CHILD_BATCH="+strconv.Itoa(batch))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &out
}

// killed says whether a child that ended was killed by SIGKILL (else it must have ended well).
func killed(t testing.TB, cmd *exec.Cmd, err error, out *bytes.Buffer) bool {
	t.Helper()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
		return true
	}
	if err != nil || !strings.Contains(out.String(), "round done") {
		t.Fatalf("the child round failed without being killed: %v\n%s", err, out)
	}
	return false
}

// fillLibrary gives s n annotations over the shared documents with a few tags (some nested), notes on
// every other one.
func fillLibrary(t testing.TB, s *store.Store, n int) {
	t.Helper()
	parent, err := s.CreateTag(store.NewTag{Name: "Claims", Colour: "#aa0000"})
	if err != nil {
		t.Fatal(err)
	}
	var tagIDs []string
	for i, name := range []string{"Sources", "Frames", "Numbers"} {
		nt := store.NewTag{Name: name, Description: "made by the crash test"}
		if i == 0 {
			nt.Parent = parent.ID
		}
		tg, err := s.CreateTag(nt)
		if err != nil {
			t.Fatal(err)
		}
		tagIDs = append(tagIDs, tg.ID)
	}
	tagIDs = append(tagIDs, parent.ID)
	docs, err := s.Documents()
	if err != nil {
		t.Fatal(err)
	}
	var list []store.NewAnnotation
	for i := 0; i < n; i++ {
		na := store.NewAnnotation{DocID: docs[i%len(docs)].ID, Start: i % 70, End: i%70 + 5 + i%20,
			Tags: []string{tagIDs[i%len(tagIDs)]}}
		if i%2 == 0 {
			na.Note = fmt.Sprintf("note %d", i)
		}
		list = append(list, na)
	}
	if _, err := s.CreateAnnotations(list, "crash test"); err != nil {
		t.Fatal(err)
	}
}

// copyFile copies a closed library file.
func copyFile(t testing.TB, from, to string) {
	t.Helper()
	raw, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

// serverAnnotations counts the live annotation records in the project and fails on any with more
// than one leaf (a duplicate revision branch).
func serverAnnotations(t testing.TB, o Options) int {
	t.Helper()
	db := kivikDB(t, o)
	rows := db.AllDocs(context.Background(), kivik.Params(map[string]any{"include_docs": true, "conflicts": true}))
	n := 0
	for rows.Next() {
		if id, _ := rows.ID(); !strings.HasPrefix(id, "ann:") {
			continue
		}
		var doc struct {
			Conflicts []string `json:"_conflicts"`
		}
		if err := rows.ScanDoc(&doc); err != nil {
			t.Fatal(err)
		}
		id, _ := rows.ID()
		if len(doc.Conflicts) > 0 {
			t.Errorf("%s has conflicting revisions on the server after a crash: %v", id, doc.Conflicts)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return n
}

// afterCrash opens the library at path again (checked on cleanup), does one round straight to the
// server and checks it against want (the normalised export it must have) and n annotations, and that a
// second round moves nothing.
func afterCrash(t *testing.T, path string, o Options, want string, n int, what string) {
	t.Helper()
	s, err := store.Open(path)
	if err != nil {
		t.Fatalf("%s: the library does not open after the kill: %v", what, err)
	}
	defer func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	}()
	if err := s.Check(); err != nil {
		t.Fatalf("%s: the library fails its check after the kill: %v", what, err)
	}
	ctx := context.Background()
	if _, err := Round(ctx, s, o); err != nil {
		t.Fatalf("%s: the round after the restart: %v", what, err)
	}
	anns, err := s.Annotations(store.AnnotationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(anns) != n {
		t.Fatalf("%s: %d annotations after the restart, want %d", what, len(anns), n)
	}
	if got := normalisedExport(t, s); got != want {
		t.Fatalf("%s: the library differs from the project after the restart:\n%s", what, firstDiff(want, got))
	}
	if st, err := StatusOf(s); err != nil || st.Pending != 0 || st.Conflicts != 0 {
		cs, _ := Conflicts(s)
		t.Fatalf("%s: status after the restart: %+v %v\nconflicts: %s", what, st, err, jsonOf(cs))
	}
	if r, err := Round(ctx, s, o); err != nil || r.Pushed != 0 || r.Pulled != 0 {
		t.Fatalf("%s: a second round moved something: %+v %v", what, r, err)
	}
	if got := serverAnnotations(t, o); got != n {
		t.Fatalf("%s: the project holds %d annotations, want %d", what, got, n)
	}
}

// crashPoints is every request number of a round to kill at, or a sample under -short.
func crashPoints(total int) []int {
	var out []int
	for k := 1; k <= total; k++ {
		if !testing.Short() || k%3 == 1 || k == total {
			out = append(out, k)
		}
	}
	return out
}

// measureRound runs the child once through p unarmed on a copy of pristine and returns the requests
// its round made.
func measureRound(t *testing.T, p *tripProxy, pristine, project string, batch int) []string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "measure.db")
	copyFile(t, pristine, path)
	p.arm(0, false, nil)
	cmd, out := childRound(t, path, p.URL, project, batch)
	if killed(t, cmd, cmd.Wait(), out) {
		t.Fatal("killed without a trip")
	}
	return p.requests()
}

// killAndRestart is one case of the kill tests: a copy of pristine at path runs a round of o.Project in a
// child (in batches of batch), killed at request k of the round as measured in reqs, before the server saw
// it or after it answered; then the restart is checked (afterCrash against want and n). It returns the
// case's name for the caller's further checks.
func killAndRestart(t *testing.T, p *tripProxy, reqs []string, k int, after bool, pristine, path string, o Options, batch int, want string, n int) string {
	t.Helper()
	what := fmt.Sprintf("killed at request %d (%s), %s", k, reqs[k-1], map[bool]string{false: "before the server saw it", true: "after the server answered"}[after])
	copyFile(t, pristine, path)
	cmd, out := childRound(t, path, p.URL, o.Project, batch)
	p.arm(k, after, func() { _ = cmd.Process.Kill() })
	if !killed(t, cmd, cmd.Wait(), out) {
		t.Fatalf("%s: the child was not killed", what)
	}
	afterCrash(t, path, o, want, n, what)
	return what
}

func TestKillDuringPush(t *testing.T) {
	const n = 100
	srv := synctest.Start(t)
	p := newTripProxy(t, srv.URL)
	dir := t.TempDir()
	pristine := filepath.Join(dir, "pristine.db")
	src := openClosable(t, pristine)
	if err := src.SetAuthor("source"); err != nil {
		t.Fatal(err)
	}
	addSharedDocs(t, src)
	fillLibrary(t, src, n)
	want := normalisedExport(t, src)
	closeChecked(t, src)
	reqs := measureRound(t, p, pristine, "push-measure", 0)
	t.Logf("a push round makes %d requests: %v", len(reqs), reqs)
	for _, k := range crashPoints(len(reqs)) {
		for _, after := range []bool{false, true} {
			project := fmt.Sprintf("push-%d-%v", k, after)
			what := killAndRestart(t, p, reqs, k, after, pristine, filepath.Join(dir, project+".db"), Options{Server: srv.URL, Project: project}, 0, want, n)
			if !strings.HasSuffix(reqs[k-1], "/_bulk_docs") {
				continue
			}
			fresh := openTeamLibrary(t, "fresh") // and a library that was never killed gets the same
			if _, err := Round(context.Background(), fresh, Options{Server: srv.URL, Project: project}); err != nil {
				t.Fatal(err)
			}
			if got := normalisedExport(t, fresh); got != want {
				t.Fatalf("%s: a fresh library pulls something else:\n%s", what, firstDiff(want, got))
			}
		}
	}
}

func TestKillDuringPull(t *testing.T) {
	const n, batch = 100, 30
	srv := synctest.Start(t)
	p := newTripProxy(t, srv.URL)
	src := openTeamLibrary(t, "source")
	fillLibrary(t, src, n)
	o := Options{Server: srv.URL, Project: "pull"}
	if _, err := Round(context.Background(), src, o); err != nil {
		t.Fatal(err)
	}
	want := normalisedExport(t, src)
	dir := t.TempDir()
	pristine := filepath.Join(dir, "pristine.db")
	empty := openClosable(t, pristine) // the same documents, nothing else
	addSharedDocs(t, empty)
	closeChecked(t, empty)
	reqs := measureRound(t, p, pristine, o.Project, batch)
	t.Logf("a pull round in batches of %d makes %d requests: %v", batch, len(reqs), reqs)
	for _, k := range crashPoints(len(reqs)) {
		for _, after := range []bool{false, true} {
			killAndRestart(t, p, reqs, k, after, pristine, filepath.Join(dir, fmt.Sprintf("pull-%d-%v.db", k, after)), o, batch, want, n)
		}
	}
}

// Killed at seeded random moments, again and again on the same library (each start goes on from what the
// last left), while it pushes its own annotations and pulls another library's: in the end it holds both.
func TestKillAtRandomMoments(t *testing.T) {
	const n, batch = 200, 25
	srv := synctest.Start(t)
	p := newTripProxy(t, srv.URL)
	other := openTeamLibrary(t, "other")
	fillLibrary(t, other, n)
	o := Options{Server: srv.URL, Project: "random-kills"}
	if _, err := Round(context.Background(), other, o); err != nil {
		t.Fatal(err)
	}
	seeds := 2
	if testing.Short() {
		seeds = 1
	}
	for seed := 1; seed <= seeds; seed++ {
		path := filepath.Join(t.TempDir(), "victim.db")
		victim := openClosable(t, path)
		if err := victim.SetAuthor("victim"); err != nil {
			t.Fatal(err)
		}
		addSharedDocs(t, victim)
		docs, _ := victim.Documents()
		var mine []store.NewAnnotation
		for i := 0; i < n/2; i++ {
			mine = append(mine, store.NewAnnotation{DocID: docs[i%3].ID, Start: i % 60, End: i%60 + 7,
				Note: fmt.Sprintf("victim %d/%d", seed, i)})
		}
		if _, err := victim.CreateAnnotations(mine, "mine"); err != nil {
			t.Fatal(err)
		}
		closeChecked(t, victim)
		// A round's length, from its first request to the child's exit: the victim's, on a copy, elsewhere.
		timing := filepath.Join(t.TempDir(), "timing.db")
		copyFile(t, path, timing)
		began := make(chan time.Time, 1)
		p.armFirst(func() { began <- time.Now() })
		cmd, out := childRound(t, timing, p.URL, fmt.Sprintf("timing-%d", seed), batch)
		if killed(t, cmd, cmd.Wait(), out) {
			t.Fatal("killed by nobody")
		}
		span := time.Since(<-began)
		rng := rand.New(rand.NewSource(int64(seed)))
		kills := 0
		for try := 0; ; try++ {
			if try == 60 {
				t.Fatalf("seed %d: no round completed in 60 starts", seed)
			}
			cmd, out := childRound(t, path, p.URL, o.Project, batch)
			var timer *time.Timer
			var mu gosync.Mutex
			p.armFirst(func() { // a kill at a random moment of the round, from its first request on
				mu.Lock()
				defer mu.Unlock()
				timer = time.AfterFunc(time.Duration(rng.Int63n(int64(span))), func() { _ = cmd.Process.Kill() })
			})
			err := cmd.Wait()
			mu.Lock()
			if timer != nil {
				timer.Stop()
			}
			mu.Unlock()
			if !killed(t, cmd, err, out) {
				break
			}
			kills++
		}
		t.Logf("seed %d: %d kills (a child's round takes about %v) before a round completed", seed, kills, span)
		s, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Round(context.Background(), other, o); err != nil { // the other library gets the victim's
			t.Fatal(err)
		}
		if _, err := Round(context.Background(), s, o); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		total := n + (n/2)*seed
		afterCrash(t, path, o, normalisedExport(t, other), total, fmt.Sprintf("seed %d after %d kills", seed, kills))
	}
}

// listenLoopback listens on a free loopback port.
func listenLoopback(t testing.TB) net.Listener {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// openClosable opens a library the test closes itself (children open it after): checked when closed.
func openClosable(t testing.TB, path string) *store.Store {
	t.Helper()
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func closeChecked(t testing.TB, s *store.Store) {
	t.Helper()
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

func jsonOf(v any) string {
	raw, _ := json.MarshalIndent(v, "", " ")
	return string(raw)
}
