// Command crashtest is Gloss's crash-safety harness (make crashtest, make crashtest-short).
//
// Each cycle starts a writer (this program with -writer) that runs real `gloss` CLI commands against one
// library: annotate, tag rename, tag merge, import, import --new-version-of and search (which makes the
// search index catch up). The writer prints "OK …" after every command that exited 0. After a random
// delay the harness SIGKILLs the writer's whole process group, so a gloss command dies wherever it is,
// often inside a bbolt commit or a bleve update. Then it runs `gloss check` and verifies that every write
// reported as committed is there (annotation ids, document ids, tags, version numbers) and that `gloss
// search` finds a known phrase. The command that was running when the kill came may or may not have
// committed; the harness finds out which and carries on with the true state.
//
// Deterministic for a seed (up to where the kill lands in time). Exit status 1 on any violation.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"gloss/cli"
)

// state is what a writer needs to know, written by the harness before each cycle.
type state struct {
	Cycle   int               `json:"cycle"`
	SeedDoc string            `json:"seedDoc"`
	Quotes  []string          `json:"quotes"`
	Tags    []string          `json:"tags"`
	Docs    map[string]string `json:"docs"` // crash document id -> its unique word
	// Captured are the documents imported by URL from the writer's loopback site (on Port, the same in
	// every cycle): refresh re-fetches them, and each cycle's site serves an edited page.
	Captured []string `json:"captured"`
	Port     int      `json:"port"`
}

func main() {
	writer := flag.Bool("writer", false, "internal: run as the writer")
	glossBin := flag.String("gloss", "", "the gloss binary (go build -tags webkit2_41 -o FILE .)")
	realEvery := flag.Int("real-every", 10, "every N-th cycle the writer runs the gloss binary instead of the CLI in-process")
	useReal := flag.Bool("real", false, "internal: the writer runs the gloss binary")
	cycles := flag.Int("cycles", 1000, "kill cycles")
	seed := flag.Uint64("seed", 1, "random seed")
	maxDelay := flag.Duration("max-delay", 300*time.Millisecond, "longest time a writer writes before the kill (a gloss binary takes about 0.5 s to start)")
	work := flag.String("dir", "", "work directory (default: a new temporary one, removed on success)")
	dbFlag := flag.String("db", "", "internal: the library (writer)")
	stateFile := flag.String("state", "", "internal: the state file (writer)")
	flag.Parse()
	if *glossBin == "" {
		fmt.Fprintln(os.Stderr, "crashtest: -gloss BINARY is required")
		os.Exit(2)
	}
	if *writer {
		runWriter(*glossBin, *useReal, *dbFlag, *stateFile, *seed)
		return
	}
	os.Exit(harness(*glossBin, *realEvery, *work, *cycles, *seed, *maxDelay))
}

// ---- writer ----

func runWriter(bin string, useReal bool, db, stateFile string, seed uint64) {
	raw, err := os.ReadFile(stateFile)
	if err != nil {
		fmt.Printf("FAIL state %v\n", err)
		return
	}
	var st state
	if err := json.Unmarshal(raw, &st); err != nil {
		fmt.Printf("FAIL state %v\n", err)
		return
	}
	rng := rand.New(rand.NewPCG(seed, uint64(st.Cycle)))
	site := serveSite(st)
	inDir := filepath.Join(filepath.Dir(db), "in")
	_ = os.MkdirAll(inDir, 0o700)
	docIDs := func() []string {
		ids := make([]string, 0, len(st.Docs))
		for id := range st.Docs {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		return ids
	}
	gloss := func(args ...string) (string, error) {
		out, errOut, err := runGloss(bin, useReal, db, args...)
		if err != nil {
			return "", fmt.Errorf("%v: %s", err, strings.TrimSpace(errOut))
		}
		return strings.TrimSpace(out), nil
	}
	fmt.Println("READY")
	for n := 0; ; n++ {
		name := fmt.Sprintf("crash-c%d-%d", st.Cycle, n)
		word := uniqueWord(st.Cycle, n)
		op := rng.IntN(100)
		switch {
		case op < 35 || len(st.Tags) < 2 && op < 55:
			tag := name
			if len(st.Tags) > 0 && rng.IntN(2) == 0 {
				tag = st.Tags[rng.IntN(len(st.Tags))]
			}
			note := "note " + name
			fmt.Printf("BEGIN annotate %s %s\n", tag, note)
			q := st.Quotes[rng.IntN(len(st.Quotes))]
			id, err := gloss("annotate", "--doc", st.SeedDoc, "--quote", q, "--tag", tag, "--note", note)
			if err != nil {
				fmt.Printf("FAIL annotate %v\n", err)
				continue
			}
			if tag == name {
				st.Tags = append(st.Tags, tag)
			}
			fmt.Printf("OK ann %s %s\n", id, tag)
		case op < 45:
			i := rng.IntN(len(st.Tags))
			old := st.Tags[i]
			fmt.Printf("BEGIN rename %s %s\n", old, name)
			if _, err := gloss("tag", "rename", old, name); err != nil {
				fmt.Printf("FAIL rename %v\n", err)
				continue
			}
			st.Tags[i] = name
			fmt.Printf("OK rename %s %s\n", old, name)
		case op < 55:
			i, j := rng.IntN(len(st.Tags)), rng.IntN(len(st.Tags)-1)
			if j >= i {
				j++
			}
			from, into := st.Tags[i], st.Tags[j]
			fmt.Printf("BEGIN merge %s %s\n", from, into)
			if _, err := gloss("tag", "merge", from, into); err != nil {
				fmt.Printf("FAIL merge %v\n", err)
				continue
			}
			st.Tags = append(st.Tags[:i], st.Tags[i+1:]...)
			fmt.Printf("OK merge %s %s\n", from, into)
		case op < 70 && site != "" && rng.IntN(4) == 0:
			// A web capture: fetched from the loopback site, archived (WARC), imported; title NAME.
			fmt.Printf("BEGIN import %s %s\n", name, word)
			id, err := gloss("import", site+"/doc/"+name+"/"+word)
			if err != nil || id == "" {
				fmt.Printf("FAIL capture %q %v\n", id, err)
				continue
			}
			st.Docs[id] = word
			st.Captured = append(st.Captured, id)
			fmt.Printf("OK doc %s %s %s\n", id, name, word)
			fmt.Printf("OK captured %s\n", id)
		case op >= 95 && len(st.Captured) > 0:
			// A refresh: the page was edited since an earlier cycle (changed, a new version) or not.
			doc := st.Captured[rng.IntN(len(st.Captured))]
			fmt.Printf("BEGIN version %s refresh\n", doc)
			out, err := gloss("--json", "refresh", doc)
			var res []struct {
				Status  string `json:"status"`
				Version int    `json:"version"`
			}
			if err == nil {
				err = json.Unmarshal([]byte(out), &res)
			}
			if err != nil || len(res) != 1 || (res[0].Status != "changed" && res[0].Status != "unchanged") {
				fmt.Printf("FAIL refresh %v %s\n", err, out)
				continue
			}
			if res[0].Status == "changed" {
				fmt.Printf("OK version %s %d\n", doc, res[0].Version)
			} else {
				fmt.Printf("OK refresh %s\n", doc)
			}
		case op < 75 || len(st.Docs) == 0 && op < 85:
			file := filepath.Join(inDir, name+".txt")
			if err := os.WriteFile(file, []byte(article(name, word, "")), 0o600); err != nil {
				fmt.Printf("FAIL import %v\n", err)
				continue
			}
			fmt.Printf("BEGIN import %s %s\n", name, word)
			id, err := gloss("import", file)
			if err != nil || id == "" {
				fmt.Printf("FAIL import %q %v\n", id, err)
				continue
			}
			st.Docs[id] = word
			fmt.Printf("OK doc %s %s %s\n", id, name, word)
		case op < 85:
			ids := docIDs()
			doc := ids[rng.IntN(len(ids))]
			file := filepath.Join(inDir, name+"-v.txt")
			if err := os.WriteFile(file, []byte(article("Version of "+st.Docs[doc], st.Docs[doc], word)), 0o600); err != nil {
				fmt.Printf("FAIL version %v\n", err)
				continue
			}
			fmt.Printf("BEGIN version %s %s\n", doc, word)
			out, err := gloss("--json", "import", "--new-version-of", doc, file)
			var rep struct {
				To int `json:"to"`
			}
			if err == nil {
				err = json.Unmarshal([]byte(out), &rep)
			}
			if err != nil {
				fmt.Printf("FAIL version %v\n", err)
				continue
			}
			fmt.Printf("OK version %s %d\n", doc, rep.To)
		default:
			if len(st.Docs) == 0 {
				continue
			}
			ids := docIDs()
			w := st.Docs[ids[rng.IntN(len(ids))]]
			fmt.Printf("BEGIN search %s\n", w)
			if _, err := gloss("search", w); err != nil {
				fmt.Printf("FAIL search %v\n", err)
				continue
			}
			fmt.Printf("OK search %s\n", w)
		}
	}
}

// serveSite starts the writer's loopback web site on st.Port: /doc/NAME/WORD is an article titled NAME
// with WORD in it and a line naming this cycle, so a page captured in an earlier cycle has been edited.
// It dies with the writer. "" when no port was given.
func serveSite(st state) string {
	if st.Port == 0 {
		return ""
	}
	l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", st.Port))
	if err != nil {
		fmt.Printf("FAIL site %v\n", err)
		os.Exit(1)
	}
	go http.Serve(l, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/doc/"), "/")
		if len(parts) != 2 {
			http.NotFound(w, r)
			return
		}
		name, word := parts[0], parts[1]
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("ETag", fmt.Sprintf(`"%d"`, st.Cycle))
		if r.Header.Get("If-None-Match") == fmt.Sprintf(`"%d"`, st.Cycle) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fmt.Fprintf(w, "<!doctype html><html><head><title>%s</title></head><body><article><h1>%s</h1><p>%s</p><p>Edition of cycle %d.</p></article></body></html>",
			name, name, strings.ReplaceAll(article("", word, ""), "\n", " "), st.Cycle)
	}))
	return "http://" + l.Addr().String()
}

// uniqueWord is a letters-only word that occurs in no other document, so a search finds exactly one.
func uniqueWord(cycle, n int) string {
	const letters = "bcdfghjklmnpqrstvwxz"
	w := []byte("zyq")
	for _, v := range []int{cycle, n} {
		for {
			w = append(w, letters[v%len(letters)])
			v /= len(letters)
			if v == 0 {
				break
			}
		}
		w = append(w, 'a')
	}
	return string(w)
}

func article(title, word, extra string) string {
	body := "The committee met on Tuesday to review the harbour project and its budget. " +
		"Several members asked for the " + word + " figures before any vote. " +
		"The chair said the report would be published next month, with the minutes of the meeting. " +
		"Residents who spoke at the hearing raised noise, traffic and the cost of the works."
	if extra != "" {
		body += "\n\nCorrection: an earlier version misstated the " + extra + " total."
	}
	return title + "\n\n" + body + "\n"
}

// ---- harness ----

type model struct {
	anns     map[string]bool
	docs     map[string]string // id -> unique word
	versions map[string]int    // id -> version reported
	tags     map[string]bool
}

type runner struct {
	bin, db string
}

// runGloss runs one gloss command: the built binary, or the same cli.Run in this process (the binary
// starts in about half a second, mostly package initialisation, which a kill would mostly land in).
func runGloss(bin string, useReal bool, db string, args ...string) (string, string, error) {
	args = append([]string{"--db", db}, args...)
	var out, errOut strings.Builder
	if useReal {
		cmd := exec.Command(bin, args...)
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		return out.String(), errOut.String(), err
	}
	if code := cli.Run(args, &out, &errOut); code != 0 {
		return out.String(), errOut.String(), fmt.Errorf("exit status %d", code)
	}
	return out.String(), errOut.String(), nil
}

func (r runner) gloss(args ...string) (string, string, error) {
	return runGloss(r.bin, false, r.db, args...)
}

// realCheck is `gloss check` by the built binary.
func (r runner) realCheck() (string, error) {
	out, errOut, err := runGloss(r.bin, true, r.db, "check")
	return out + errOut, err
}

func (r runner) glossJSON(v any, args ...string) error {
	out, errOut, err := r.gloss(append([]string{"--json"}, args...)...)
	if err != nil {
		return fmt.Errorf("gloss %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(errOut))
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		return fmt.Errorf("gloss %s: output is not JSON: %v", strings.Join(args, " "), err)
	}
	return nil
}

// freePort is a loopback port free now: the writers' web site listens there in every cycle.
func freePort() int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func harness(bin string, realEvery int, work string, cycles int, seed uint64, maxDelay time.Duration) int {
	start := time.Now()
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, "crashtest:", err)
		return 1
	}
	if bin, err = filepath.Abs(bin); err != nil {
		fmt.Fprintln(os.Stderr, "crashtest:", err)
		return 1
	}
	keep := work != ""
	if work == "" {
		if work, err = os.MkdirTemp("", "gloss-crashtest-*"); err != nil {
			fmt.Fprintln(os.Stderr, "crashtest:", err)
			return 1
		}
	}
	r := runner{bin: bin, db: filepath.Join(work, "library.db")}
	// The libraries gloss opens are listed in the state folder: keep this run's list in its own folder
	// (the writers, and the real binaries they start, inherit it).
	os.Setenv("XDG_STATE_HOME", filepath.Join(work, "state"))
	fail := func(format string, args ...any) int {
		fmt.Fprintf(os.Stderr, "crashtest: VIOLATION: "+format+"\n", args...)
		fmt.Fprintf(os.Stderr, "crashtest: the library is kept in %s\n", work)
		return 1
	}

	// Set up: the seed articles, and quotes from the first one.
	var docs []struct {
		ID      string `json:"id"`
		Title   string `json:"title"`
		Version int    `json:"version"`
	}
	if err := r.glossJSON(&docs, "list"); err != nil || len(docs) == 0 {
		return fail("setting up the library: %v", err)
	}
	var shown struct {
		Text string `json:"text"`
	}
	if err := r.glossJSON(&shown, "show", docs[0].ID); err != nil {
		return fail("%v", err)
	}
	var quotes []string
	seen := map[string]bool{}
	for _, w := range strings.Fields(shown.Text) {
		w = strings.Trim(w, ".,;:!?\"'()“”‘’")
		if len([]rune(w)) >= 7 && !seen[w] && len(quotes) < 40 {
			seen[w] = true
			quotes = append(quotes, w)
		}
	}
	st := state{SeedDoc: docs[0].ID, Quotes: quotes, Port: freePort()}
	m := model{anns: map[string]bool{}, docs: map[string]string{}, versions: map[string]int{}, tags: map[string]bool{}}

	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	stateFile := filepath.Join(work, "state.json")
	reported, checks, inflightCommitted, inflightLost, kills, realCycles := 0, 0, 0, 0, 0, 0
	opsByKind := map[string]int{}
	phase := map[string]time.Duration{}
	for cycle := 1; cycle <= cycles; cycle++ {
		st.Cycle = cycle
		st.Tags = st.Tags[:0]
		for t := range m.tags {
			st.Tags = append(st.Tags, t)
		}
		sort.Strings(st.Tags)
		st.Docs = m.docs
		raw, _ := json.Marshal(st)
		if err := os.WriteFile(stateFile, raw, 0o600); err != nil {
			return fail("%v", err)
		}

		real := realEvery > 0 && cycle%realEvery == 0
		if real {
			realCycles++
		}
		cmd := exec.Command(self, "-writer", "-real="+strconv.FormatBool(real), "-gloss", bin, "-db", r.db, "-state", stateFile, "-seed", strconv.FormatUint(seed, 10))
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		cmd.Stderr = os.Stderr
		pipe, err := cmd.StdoutPipe()
		if err != nil {
			return fail("%v", err)
		}
		if err := cmd.Start(); err != nil {
			return fail("starting the writer: %v", err)
		}
		lines := make(chan []string)
		ready := make(chan struct{})
		go func() {
			var all []string
			sc := bufio.NewScanner(pipe)
			for sc.Scan() {
				if sc.Text() == "READY" {
					close(ready)
					continue
				}
				all = append(all, sc.Text())
			}
			lines <- all
		}()
		// The delay counts from when the writer has started up and begins writing.
		delay := time.Duration(rng.Int64N(int64(maxDelay) + 1))
		t0 := time.Now()
		select {
		case <-ready:
			phase["writer start"] += time.Since(t0)
		case <-time.After(30 * time.Second):
			return fail("cycle %d: the writer did not start", cycle)
		}
		time.Sleep(delay)
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		out := <-lines
		_ = cmd.Wait()
		kills++
		t1 := time.Now()

		// Apply what the writer reported; remember the command it was in.
		var inflight []string
		for _, line := range out {
			f := strings.Fields(line)
			if len(f) == 0 {
				continue
			}
			switch f[0] {
			case "BEGIN":
				inflight = f[1:]
			case "FAIL":
				return fail("cycle %d: a writer command failed without being killed: %s", cycle, line)
			case "OK":
				inflight = nil
				opsByKind[f[1]]++
				if f[1] != "search" && f[1] != "captured" {
					reported++
				}
				switch f[1] {
				case "ann":
					m.anns[f[2]] = true
					m.tags[f[3]] = true
				case "rename":
					delete(m.tags, f[2])
					m.tags[f[3]] = true
				case "merge":
					delete(m.tags, f[2])
				case "doc":
					m.docs[f[2]] = f[4]
					m.versions[f[2]] = 1
				case "captured":
					st.Captured = append(st.Captured, f[2])
				case "version":
					n, _ := strconv.Atoi(f[3])
					m.versions[f[2]] = n
				}
			}
		}

		// 1. The database and Gloss's invariants (the built binary's check too, every real cycle).
		if outText, errText, err := r.gloss("check"); err != nil {
			return fail("cycle %d (killed after %v): gloss check: %v\n%s%s", cycle, delay, err, outText, errText)
		}
		phase["check"] += time.Since(t1)
		t1 = time.Now()
		if real || cycle == cycles {
			if text, err := r.realCheck(); err != nil {
				return fail("cycle %d (killed after %v): %s check: %v\n%s", cycle, delay, bin, err, text)
			}
		}

		phase["binary check"] += time.Since(t1)
		t1 = time.Now()
		// 2. Every reported annotation; an in-flight one is adopted if it committed.
		var anns []struct {
			ID   string   `json:"id"`
			Note string   `json:"note"`
			Tags []string `json:"tags"`
		}
		if err := r.glossJSON(&anns, "annotations"); err != nil {
			return fail("cycle %d: %v", cycle, err)
		}
		have := map[string]bool{}
		for _, a := range anns {
			have[a.ID] = true
		}
		for id := range m.anns {
			checks++
			if !have[id] {
				return fail("cycle %d: annotation %s was reported committed but is missing", cycle, id)
			}
		}
		// 3. Documents and version numbers.
		if err := r.glossJSON(&docs, "list"); err != nil {
			return fail("cycle %d: %v", cycle, err)
		}
		prevVersion := map[string]int{}
		for id, v := range m.versions {
			prevVersion[id] = v
		}
		byID := map[string]int{}
		byTitle := map[string]string{}
		for _, d := range docs {
			byID[d.ID] = d.Version
			byTitle[d.Title] = d.ID
		}
		for id, v := range m.versions {
			checks++
			got, ok := byID[id]
			if !ok {
				return fail("cycle %d: document %s was reported imported but is missing", cycle, id)
			}
			if got < v {
				return fail("cycle %d: document %s has version %d, but version %d was reported", cycle, id, got, v)
			}
			m.versions[id] = got // an in-flight new version may have committed
		}
		// 4. Tags, except the ones the in-flight command was changing.
		var tags []struct {
			Path string `json:"path"`
		}
		if err := r.glossJSON(&tags, "tags"); err != nil {
			return fail("cycle %d: %v", cycle, err)
		}
		tagSet := map[string]bool{}
		for _, t := range tags {
			tagSet[t.Path] = true
		}
		touched := map[string]bool{}
		if len(inflight) >= 3 && (inflight[0] == "rename" || inflight[0] == "merge") {
			touched[inflight[1]], touched[inflight[2]] = true, true
		}
		for t := range m.tags {
			checks++
			if !tagSet[t] && !touched[t] {
				return fail("cycle %d: tag %s was reported but is missing", cycle, t)
			}
		}

		// Resolve the in-flight command: did it commit?
		committed := false
		if len(inflight) > 0 {
			switch inflight[0] {
			case "annotate": // tag NAME, note "note NAME"
				note := strings.Join(inflight[2:], " ")
				for _, a := range anns {
					if a.Note == note && !m.anns[a.ID] {
						m.anns[a.ID], committed = true, true
					}
				}
				if tagSet[inflight[1]] {
					m.tags[inflight[1]] = true // the tag is its own transaction, before the annotation
				}
			case "rename":
				old, nw := inflight[1], inflight[2]
				switch {
				case tagSet[nw] && !tagSet[old]:
					delete(m.tags, old)
					m.tags[nw], committed = true, true
				case tagSet[old] && !tagSet[nw]:
				default:
					return fail("cycle %d: rename %s to %s half done: old there %v, new there %v", cycle, old, nw, tagSet[old], tagSet[nw])
				}
			case "merge":
				from, into := inflight[1], inflight[2]
				if !tagSet[into] {
					return fail("cycle %d: merge target %s is missing", cycle, into)
				}
				if !tagSet[from] {
					delete(m.tags, from)
					committed = true
				}
			case "import": // NAME WORD: the title is NAME
				if id, ok := byTitle[inflight[1]]; ok {
					m.docs[id], m.versions[id], committed = inflight[2], byID[id], true
				}
			case "version":
				committed = byID[inflight[1]] > prevVersion[inflight[1]] // the number was taken over above
			}
			if committed {
				inflightCommitted++
			} else {
				inflightLost++
			}
		}

		phase["verify"] += time.Since(t1)
		t1 = time.Now()
		// 5. Search catches up (or rebuilds) and finds a known document by its unique word.
		if len(m.docs) > 0 {
			ids := make([]string, 0, len(m.docs))
			for id := range m.docs {
				ids = append(ids, id)
			}
			sort.Strings(ids)
			id := ids[rng.IntN(len(ids))]
			var res struct {
				Docs []struct {
					DocID string `json:"docId"`
				} `json:"docs"`
			}
			if err := r.glossJSON(&res, "search", m.docs[id]); err != nil {
				return fail("cycle %d: %v", cycle, err)
			}
			checks++
			if len(res.Docs) != 1 || res.Docs[0].DocID != id {
				return fail("cycle %d: search %q should find exactly document %s, found %+v", cycle, m.docs[id], id, res.Docs)
			}
		}
		phase["search"] += time.Since(t1)
		if cycle%100 == 0 || cycle == cycles {
			fmt.Printf("crashtest: %d cycles, %d writes reported and verified, %d checks, %s\n", cycle, reported, checks, time.Since(start).Round(time.Second))
		}
	}
	kinds := make([]string, 0, len(opsByKind))
	for k, n := range opsByKind {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, n))
	}
	sort.Strings(kinds)
	fmt.Printf("crashtest: PASS seed %d: %d cycles (%d SIGKILLs, %d with the gloss binary as writer), %d writes reported committed and all present after every later kill (%s); "+
		"%d presence checks; in-flight at the kill: %d committed, %d rolled back; final library: %d annotations, %d imported documents, %d tags; %s\n",
		seed, cycles, kills, realCycles, reported, strings.Join(kinds, ", "), checks, inflightCommitted, inflightLost,
		len(m.anns), len(m.docs), len(m.tags), time.Since(start).Round(time.Second))
	fmt.Printf("crashtest: time spent:")
	for _, k := range []string{"writer start", "check", "binary check", "verify", "search"} {
		fmt.Printf(" %s %s;", k, phase[k].Round(time.Millisecond))
	}
	fmt.Println()
	if !keep {
		_ = os.RemoveAll(work)
	}
	return 0
}
