package search

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// A panic inside one of bleve's own goroutines (the persister, the merger, an FST reader they call) cannot
// be recovered from outside: it ends the process. It must not end it silently, nor leave the damage
// for the next start to trip over. So the binary sends the Go runtime's crash output (the panic and
// every goroutine's stack) to CrashLog(dir) beside the index (main.go, debug.SetCrashOutput), and Open
// treats an index whose crash log is not empty as damaged: it is moved aside with the log inside it (for
// a bug report), rebuilt from the library, and the notice says why. A SIGKILL writes nothing there, so
// an ordinary kill never costs a rebuild. The flock bleve's bolt file holds dies with the process, and
// every lock of ours is in memory, so nothing stays held.

// CrashLog is where a process that opens the index in dir writes its crash output.
func CrashLog(dir string) string { return filepath.Clean(dir) + ".crash" }

// crashLogName is the crash log's name inside a moved-aside index.
const crashLogName = "gloss-crash.log"

// crashed reads the crash log of dir: "" when no process died with it, else the panic's first line.
func crashed(dir string) (cause string, log []byte) {
	f, err := os.Open(CrashLog(dir))
	if err != nil {
		return "", nil
	}
	defer f.Close()
	log, _ = io.ReadAll(io.LimitReader(f, 1<<20))
	if len(bytes.TrimSpace(log)) == 0 {
		return "", nil
	}
	cause = "an error"
	sc := bufio.NewScanner(bytes.NewReader(log))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "panic:") || strings.HasPrefix(line, "fatal error:") || strings.HasPrefix(line, "unexpected fault") {
			cause = line
			break
		}
	}
	if len(cause) > 300 {
		cause = cause[:300] + "…"
	}
	if bytes.Contains(log, []byte("github.com/blevesearch/")) {
		return fmt.Sprintf("Gloss stopped after an error in the search index's background work: %s", cause), log
	}
	return fmt.Sprintf("Gloss stopped after %s while the search index was open", cause), log
}

// keepCrashLog puts the crash log inside the moved-aside index and empties it (the running process's
// crash output may already point at it: it appends from the start again).
func keepCrashLog(dir string, log []byte) {
	os.WriteFile(filepath.Join(dir+".damaged", crashLogName), log, 0o600)
	os.Truncate(CrashLog(dir), 0)
}
