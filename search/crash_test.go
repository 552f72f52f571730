package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"gloss/store"
)

// crashChild, in the test binary started by TestCrashWithTheIndexOpenHeals, does what the gloss binary
// does (crash output beside the index, main.go), opens the index and writes to it, then dies: "panic"
// of a panic in a goroutine (what a fault Go cannot recover does: bleve's own recovers its, see
// TestPanicInBleveBackgroundWork), "kill" of SIGKILL. It must never get to exit 0.
func crashChild(dir, how string) {
	f, err := os.OpenFile(CrashLog(dir), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		os.Exit(3)
	}
	debug.SetCrashOutput(f, debug.CrashOptions{})
	f.Close()
	idx, err := bleve.Open(dir)
	if err != nil {
		os.Exit(4)
	}
	if err := idx.Index("d:crash", map[string]any{"title": "crash"}); err != nil {
		os.Exit(5)
	}
	os.WriteFile(dir+".child-ready", nil, 0o600)
	if how == "panic" {
		go func() { panic("a fault in a background goroutine (test)") }()
	}
	time.Sleep(20 * time.Second) // the panic ends the process long before; "kill" is killed here
	os.Exit(0)
}

func TestMain(m *testing.M) {
	if dir := os.Getenv("GLOSS_CRASH_CHILD"); dir != "" {
		crashChild(dir, os.Getenv("GLOSS_CRASH_HOW"))
	}
	os.Exit(m.Run())
}

func runCrashChild(t *testing.T, dir, how string) (exit int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GLOSS_CRASH_CHILD="+dir, "GLOSS_CRASH_HOW="+how)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	defer func() {
		if ctx.Err() != nil {
			t.Fatalf("the %s child did not end in 60 s:\n%.3000s", how, out.String())
		}
	}()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if how == "kill" {
		deadline := time.Now().Add(15 * time.Second)
		for time.Now().Before(deadline) {
			if _, err := os.Stat(dir + ".child-ready"); err == nil {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		cmd.Process.Kill()
	}
	err := cmd.Wait()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return exitErr.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0
}

// A panic in a goroutine nobody recovers ends the process, but not silently and not for good: the crash is on record beside the index, and the next Open moves the
// index aside with that record, rebuilds it with a notice that says why, and every search answers as
// before. A SIGKILL (no crash output) costs no rebuild.
func TestCrashWithTheIndexOpenHeals(t *testing.T) {
	s, dir := builtIndex(t, 60)
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := answers(t, s, ix)
	ix.Close()

	// Killed: nothing written, the index is used as it is.
	if code := runCrashChild(t, dir, "kill"); code == 0 {
		t.Fatal("the killed child exited 0")
	}
	if fi, err := os.Stat(CrashLog(dir)); err != nil || fi.Size() != 0 {
		t.Fatalf("after a SIGKILL the crash log is %v, %v; want it empty", fi, err)
	}
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := ix.Status(s); err != nil || strings.Contains(st.Reason, NoticeRebuilding) {
		t.Errorf("after a SIGKILL: status %+v, %v; want no rebuild", st, err)
	}
	ix.Close()

	// A goroutine panics.
	code := runCrashChild(t, dir, "panic")
	if code != 2 {
		t.Fatalf("the child exited %d, want 2 (a Go panic)", code)
	}
	log, err := os.ReadFile(CrashLog(dir))
	if err != nil || !strings.Contains(string(log), "panic: a fault in a background goroutine (test)") ||
		!strings.Contains(string(log), "gloss/search.crashChild") {
		t.Fatalf("crash log (%v):\n%.2000s", err, log)
	}
	within(t, hangLimit, "open, rebuild and search after the crash", func() {
		ix, err := Open(dir)
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		st, err := ix.Status(s)
		if err != nil {
			t.Fatal(err)
		}
		if st.Ready || !strings.Contains(st.Reason, NoticeRebuilding) || !strings.Contains(st.Reason, "Gloss stopped after panic: a fault in a background goroutine (test)") {
			t.Errorf("status %+v, want a rebuild saying why", st)
		}
		if err := ix.CatchUp(context.Background(), s, nil); err != nil {
			t.Fatalf("catch up: %v", err)
		}
		got := answers(t, s, ix)
		for q, w := range want {
			if strings.Join(got[q], "|") != strings.Join(w, "|") {
				t.Errorf("search %s after the rebuild: %d results, want %d", q, len(got[q]), len(w))
			}
		}
		if err := ix.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	if kept, err := os.ReadFile(filepath.Join(dir+".damaged", crashLogName)); err != nil || !strings.Contains(string(kept), "crashChild") {
		t.Errorf("the crash log was not kept with the index moved aside: %v", err)
	}
	if fi, err := os.Stat(CrashLog(dir)); err != nil || fi.Size() != 0 {
		t.Errorf("the crash log was not emptied: %v, %v", fi, err)
	}
	// Healed: the next start uses the rebuilt index as it is.
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if st, err := ix.Status(s); err != nil || !st.Ready {
		t.Errorf("the start after the rebuild: status %+v, %v; want ready", st, err)
	}
}

// bleve recovers a panic in its own persister: the goroutine ends, and every later write used to wait
// forever for a persistence that never came (holding the index's lock, so Close and every catch-up
// failed after it). Now the panic reaches Gloss's async callback: the waiting call returns ErrDamaged at
// once, and the index is discarded and rebuilt, answering as before plus the new document.
func TestPanicInBleveBackgroundWork(t *testing.T) {
	s, dir := builtIndex(t, 60)
	var armed atomic.Bool
	name := "gloss-test-panic-" + t.Name()
	scorch.RegistryEventCallbacks[name] = func(e scorch.Event) bool {
		if armed.Load() && e.Kind == scorch.EventKindPersisterProgress {
			panic("a fault in the persister (test)")
		}
		return true
	}
	ix, err := openWith(dir, map[string]any{"eventCallbackName": name})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	want := answers(t, s, ix)
	armed.Store(true)
	within(t, hangLimit, "catch up through a persister that panics", func() {
		// The persister panics after it persisted the first write (the event comes then); the next
		// write used to wait forever.
		var err error
		for i := range 10 { // each write as CatchUp's apply makes it, under the read lock
			err = ix.read(func(idx bleve.Index) error {
				b := idx.NewBatch()
				if err := b.Index(fmt.Sprintf("d:probe-%d", i), map[string]any{"title": "probe"}); err != nil {
					return err
				}
				return ix.watch.persist(idx, b)
			})
			if err != nil {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if !errors.Is(err, ErrDamaged) {
			t.Fatalf("catch up: %v, want ErrDamaged", err)
		}
		if !strings.Contains(err.Error(), "a fault in the persister (test)") {
			t.Errorf("the error does not name the panic: %v", err)
		}
		if err := ix.Discard(err); err != nil {
			t.Fatalf("discard: %v", err)
		}
		st, err := ix.Status(s)
		if err != nil || st.Ready || !strings.Contains(st.Reason, NoticeRebuilding) {
			t.Errorf("status %+v, %v: want a rebuild with the notice", st, err)
		}
		if err := ix.CatchUp(context.Background(), s, nil); err != nil {
			t.Fatalf("catch up after the discard: %v", err)
		}
	})
	got := answers(t, s, ix)
	for q, w := range want {
		if strings.Join(got[q], "|") != strings.Join(w, "|") {
			t.Errorf("search %s after the rebuild: %d results, want %d", q, len(got[q]), len(w))
		}
	}
	// Nothing is left waiting in bleve for the dead persister (the write that saw the fault used to stay
	// blocked in scorch's prepareSegment for the life of the process, holding the old index).
	if stuck := goroutinesIn("scorch.(*Scorch).prepareSegment"); stuck != "" {
		t.Errorf("a goroutine is still waiting in bleve after the rebuild:\n%s", stuck)
	}
	if _, err := s.AddDocument(store.NewDocument{Title: "Zanzibar report", Format: "txt", Text: "A zanzibarian dispatch."}); err != nil {
		t.Fatal(err)
	}
	if err := ix.CatchUp(context.Background(), s, nil); err != nil {
		t.Fatalf("catch up after the rebuild: %v", err)
	}
	res, err := ix.Search(s, Query{Text: "zanzibarian", Limit: 10})
	if err != nil || len(res.Docs) != 1 {
		t.Errorf("the new document after the rebuild: %+v, %v", res, err)
	}
}

// The crash log is one of the library's own files: no export or backup may write over it.
func TestCrashLogIsTheLibrarys(t *testing.T) {
	l := store.LayoutOf(filepath.Join(t.TempDir(), "library.db"))
	if !l.Owns(CrashLog(l.SearchIndex())) {
		t.Errorf("the layout does not own %s", CrashLog(l.SearchIndex()))
	}
}

// goroutinesIn returns the stacks of the goroutines with fn in their stack, "" when none (after a moment
// for those on their way out).
func goroutinesIn(fn string) string {
	var found []string
	for range 20 {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		found = found[:0]
		for _, g := range strings.Split(string(buf), "\n\n") {
			if strings.Contains(g, fn) {
				found = append(found, g)
			}
		}
		if len(found) == 0 {
			return ""
		}
		time.Sleep(50 * time.Millisecond)
	}
	return strings.Join(found, "\n\n")
}

// TestNoWriteLeftWaitingOnADeadPersister: the persister dies while a write waits for it to persist. The
// write returns ErrDamaged at once, and, once the index is discarded, no goroutine is left waiting in
// bleve (the write's own goroutine used to stay blocked in scorch's prepareSegment for the life of the
// process, holding the old index and its memory).
func TestNoWriteLeftWaitingOnADeadPersister(t *testing.T) {
	s, dir := builtIndex(t, 20)
	var armed atomic.Bool
	release := make(chan struct{})
	name := "gloss-test-stall-" + t.Name()
	scorch.RegistryEventCallbacks[name] = func(e scorch.Event) bool {
		if armed.Load() && e.Kind == scorch.EventKindPersisterProgress {
			<-release // the persister waits here while the write below is introduced, then dies
			panic("the persister died while a write waited (test)")
		}
		return true
	}
	ix, err := openWith(dir, map[string]any{"eventCallbackName": name})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	write := func(id string) error {
		return ix.read(func(idx bleve.Index) error {
			b := idx.NewBatch()
			if err := b.Index(id, map[string]any{"title": "probe"}); err != nil {
				return err
			}
			return ix.watch.persist(idx, b)
		})
	}
	if err := write("d:probe-before"); err != nil {
		t.Fatal(err)
	}
	armed.Store(true)
	within(t, hangLimit, "a write while the persister dies", func() {
		// The persister stops in its next progress event, with the next write waiting for it, and dies
		// 300 ms later.
		go func() { time.Sleep(300 * time.Millisecond); close(release) }()
		var err error
		for i := 0; i < 10 && err == nil; i++ {
			err = write(fmt.Sprintf("d:probe-%d", i))
		}
		armed.Store(false)
		if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "the persister died") {
			t.Fatalf("write: %v, want ErrDamaged naming the panic", err)
		}
		if err := ix.Discard(err); err != nil {
			t.Fatalf("discard: %v", err)
		}
		if err := ix.CatchUp(context.Background(), s, nil); err != nil {
			t.Fatalf("catch up after the discard: %v", err)
		}
	})
	if stuck := goroutinesIn("scorch.(*Scorch).prepareSegment"); stuck != "" {
		t.Errorf("a write is still waiting in bleve after the rebuild:\n%s", stuck)
	}
}
