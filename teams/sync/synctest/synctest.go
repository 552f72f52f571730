// Package synctest starts the CouchDB-protocol test server (../testserver: express-pouchdb on pouchdb-core,
// in memory or in a LevelDB data folder, optionally behind basic auth) on loopback for a test. It is
// imported by tests only.
package synctest

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Config says how a test server runs.
type Config struct {
	// Data is the folder its databases live in (LevelDB), kept across Restart; "": in memory.
	Data string
	// User and Password, when User is set, are the only credentials the server accepts (HTTP basic).
	User, Password string
	// Users, when set, are the server's users (name → password): each request's basic credentials give
	// its user context, and the project's validate_doc_update is enforced on every write.
	Users map[string]string
}

// Server is a running test server.
type Server struct {
	URL  string
	Port string
	cfg  Config
	cmd  *exec.Cmd
}

// Dir is the test server's folder.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testserver")
}

// Start starts an empty in-memory server without authentication on a free loopback port, stopped when
// the test ends. Without node or the server's node_modules (scripts/deps.sh test installs them) the test is
// skipped, or fails when CI is set.
func Start(t testing.TB) *Server { return StartWith(t, Config{}) }

// StartWith starts a server as c says on a free loopback port, stopped when the test ends.
func StartWith(t testing.TB, c Config) *Server {
	t.Helper()
	s := &Server{cfg: c, Port: "0"}
	t.Cleanup(s.Stop)
	s.start(t)
	return s
}

// Restart starts the stopped server again on the same port (and data folder).
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	s.Stop()
	s.start(t)
}

func (s *Server) start(t testing.TB) {
	t.Helper()
	dir := Dir()
	missing := func(why string) {
		msg := "sync test server unavailable: " + why + " (run scripts/deps.sh test, which runs npm ci in teams/sync/testserver)"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node is not installed")
	}
	for _, m := range []string{"express-pouchdb", "pouchdb-adapter-leveldb"} {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", m)); err != nil {
			missing(dir + "/node_modules/" + m + " is missing")
		}
	}
	cmd := exec.Command(node, "server.js", s.Port)
	cmd.Dir = dir
	cmd.Env = os.Environ()
	if s.cfg.Data != "" {
		cmd.Env = append(cmd.Env, "GLOSS_TESTSERVER_DATA="+s.cfg.Data)
	}
	if s.cfg.User != "" {
		cmd.Env = append(cmd.Env, "GLOSS_TESTSERVER_AUTH="+s.cfg.User+":"+s.cfg.Password)
	}
	if len(s.cfg.Users) > 0 {
		var list []string
		for u, p := range s.cfg.Users {
			list = append(list, u+":"+p)
		}
		cmd.Env = append(cmd.Env, "GLOSS_TESTSERVER_USERS="+strings.Join(list, ","))
	}
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting the sync test server: %v", err)
	}
	s.cmd = cmd
	port := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if p, ok := strings.CutPrefix(sc.Text(), "listening "); ok {
				port <- p
			}
		}
	}()
	select {
	case p := <-port:
		s.Port = p
		s.URL = "http://127.0.0.1:" + p
	case <-time.After(30 * time.Second):
		t.Fatal("the sync test server did not start within 30 s")
	}
}

// Stop kills the server (SIGKILL, as a crash would). Data in memory is gone; a data folder stays.
func (s *Server) Stop() {
	if s.cmd != nil && s.cmd.Process != nil && s.cmd.ProcessState == nil {
		_ = s.cmd.Process.Kill()
		_ = s.cmd.Wait()
	}
}
