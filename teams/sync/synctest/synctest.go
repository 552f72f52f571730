// Package synctest starts the CouchDB-protocol test server (../testserver: express-pouchdb on pouchdb-core
// with the memory adapter) on loopback for a test. It is imported by tests only.
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

// Server is a running test server.
type Server struct {
	URL string
	cmd *exec.Cmd
}

// Dir is the test server's folder.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testserver")
}

// Start starts an empty server on a free loopback port, stopped when the test ends. Without node or the
// server's node_modules (scripts/deps.sh test installs them) the test is skipped, or fails when CI is set.
func Start(t testing.TB) *Server {
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
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "express-pouchdb")); err != nil {
		missing(dir + "/node_modules is missing")
	}
	cmd := exec.Command(node, "server.js", "0")
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting the sync test server: %v", err)
	}
	s := &Server{cmd: cmd}
	t.Cleanup(s.Stop)
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
		s.URL = "http://127.0.0.1:" + p
	case <-time.After(30 * time.Second):
		t.Fatal("the sync test server did not start within 30 s")
	}
	return s
}

// Stop kills the server (its data, in memory, is gone).
func (s *Server) Stop() {
	if s.cmd.Process != nil && s.cmd.ProcessState == nil {
		_ = s.cmd.Process.Kill()
		_ = s.cmd.Wait()
	}
}
