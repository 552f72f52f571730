package sync

// Benchmarks of team sync against the express-pouchdb test server on loopback (BENCHMARKS.md, "Team
// sync"). Each builds its 1,000-document, 10,000-annotation library first (a few seconds, untimed), so
// run them with a small -benchtime, e.g.
//
//	go test -tags webkit2_41 -run '^$' -bench . -benchtime 3x ./teams/sync/
//
// Every timed figure has a same-run baseline: the first sync against what the server alone takes to
// store or to hand over the same records (one bare _bulk_docs, one bare _changes read), the 10-change
// round against a round with no change, a save with Watch running against one without.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	gosync "sync"
	"testing"
	"time"

	"github.com/go-kivik/kivik/v4"

	"gloss/store"
	"gloss/teams/sync/synctest"
)

const benchDocs, benchAnns = 1000, 10000

// benchText is document i's text: about 700 code points, its own (so its own sha256).
func benchText(i int) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "Bulletin %d. ", i)
	for sb.Len() < 700 {
		sb.WriteString("The council said on Tuesday that the budget would be balanced by cutting services, a claim the opposition disputed. ")
	}
	return sb.String()
}

// benchLibraries writes two closed libraries under dir: docsOnly with the 1,000 documents, full with the
// same documents, 30 tags (ten of them nested) and 10,000 annotations over them, a third of them with
// notes.
func benchLibraries(b *testing.B, dir string) (full, docsOnly string) {
	b.Helper()
	full, docsOnly = filepath.Join(dir, "full.db"), filepath.Join(dir, "docs.db")
	s := openClosable(b, full)
	if err := s.SetAuthor("ana"); err != nil {
		b.Fatal(err)
	}
	var docIDs []string
	for i := 0; i < benchDocs; i++ {
		text := benchText(i)
		d, err := s.AddDocument(store.NewDocument{Title: "Bulletin " + strconv.Itoa(i), Format: "txt", Text: text, SHA256: shaOfText(text)})
		if err != nil {
			b.Fatal(err)
		}
		docIDs = append(docIDs, d.ID)
	}
	closeChecked(b, s)
	copyFile(b, full, docsOnly)
	s = openClosable(b, full)
	var specs []store.NewTag
	for i := 0; i < 30; i++ {
		nt := store.NewTag{Name: fmt.Sprintf("Code %d", i), ID: uuidFor(i)}
		if i >= 20 {
			nt.Parent = uuidFor(i - 20)
		}
		specs = append(specs, nt)
	}
	tags, failed, err := s.CreateTags(specs)
	if err != nil || len(failed) > 0 {
		b.Fatal(err, failed)
	}
	for start := 0; start < benchAnns; start += 1000 {
		var list []store.NewAnnotation
		for i := start; i < start+1000; i++ {
			na := store.NewAnnotation{DocID: docIDs[i%benchDocs], Start: (i * 7) % 600, Tags: []string{tags[i%len(tags)].ID}}
			na.End = na.Start + 10 + i%80
			if i%3 == 0 {
				na.Note = fmt.Sprintf("Reading %d: the figure is not in the cited report.", i)
			}
			list = append(list, na)
		}
		if _, err := s.CreateAnnotations(list, "bench"); err != nil {
			b.Fatal(err)
		}
	}
	closeChecked(b, s)
	return full, docsOnly
}

func uuidFor(i int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", i+1) }

// peakHeap samples the live heap every few milliseconds until stop is called, which returns the peak.
func peakHeap() (stop func() uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(done); <-finished; return peak }
}

// childMaxRSS runs one round on a copy of the library at path (a new one for "") in a child process and returns its peak
// resident set, VmHWM (what a person's `gloss sync` would need, start-up included).
func childMaxRSS(b *testing.B, path, server, project string) float64 {
	b.Helper()
	cp := filepath.Join(b.TempDir(), "child.db")
	if path != "" { // else a new library
		copyFile(b, path, cp)
	}
	cmd, out := childRound(b, cp, server, project, 0)
	if killed(b, cmd, cmd.Wait(), out) {
		b.Fatal("the child was killed")
	}
	for _, line := range strings.Split(out.String(), "\n") {
		if v, ok := strings.CutPrefix(line, "vmhwm "); ok {
			kb, err := strconv.Atoi(v)
			if err != nil {
				b.Fatal(err)
			}
			return float64(kb) / 1024
		}
	}
	return 0 // no /proc here
}

// BenchmarkFirstSync: the first round of a 10,000-annotation, 1,000-document library to an empty project
// (push), and of an empty second library (the same documents, no annotations) from it (pull); against the
// server alone storing the same records in one bare _bulk_docs (the same bodies and revisions, as a push
// sends them), and handing them over in one bare _changes read with their bodies.
func BenchmarkFirstSync(b *testing.B) {
	srv := synctest.Start(b)
	full, docsOnly := benchLibraries(b, b.TempDir())
	ctx := context.Background()
	project := 0
	b.Run("push", func(b *testing.B) {
		b.ReportAllocs()
		var heap uint64
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			path := filepath.Join(b.TempDir(), "a.db")
			copyFile(b, full, path)
			s := openClosable(b, path)
			project++
			o := Options{Server: srv.URL, Project: "first-" + strconv.Itoa(project), Timeout: 10 * time.Minute}
			runtime.GC()
			stop := peakHeap()
			b.StartTimer()
			r, err := Round(ctx, s, o)
			b.StopTimer()
			heap = max(heap, stop())
			if err != nil || r.Pushed != benchAnns+30+benchDocs {
				b.Fatalf("%+v %v", r, err)
			}
			closeChecked(b, s)
			b.StartTimer()
		}
		b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MiB")
		b.StopTimer()
		b.ReportMetric(childMaxRSS(b, full, srv.URL, "first-rss"), "child-peak-rss-MiB")
	})
	// The pulls read the project the first push made: into an empty library (the documents and their
	// texts travel too), and into one that has the documents already.
	o := Options{Server: srv.URL, Project: "first-1", Timeout: 10 * time.Minute}
	b.Run("pull", func(b *testing.B) { benchPull(b, o, "") })
	b.Run("pull-documents-here", func(b *testing.B) { benchPull(b, o, docsOnly) })
	// Baselines: the same records, stored and read by the server with no library around them.
	var docs []any
	{
		db := kivikDB(b, o)
		rows := db.AllDocs(ctx, kivik.Params(map[string]any{"include_docs": true}))
		for rows.Next() {
			id, _ := rows.ID()
			var d map[string]any
			if err := db.Get(ctx, id, kivik.Params(map[string]any{"revs": true, "attachments": true})).ScanDoc(&d); err != nil { // with _revisions and the texts
				b.Fatal(err)
			}
			docs = append(docs, d)
		}
		if err := rows.Err(); err != nil || len(docs) < benchAnns+benchDocs {
			b.Fatalf("%d docs: %v", len(docs), err)
		}
	}
	b.Run("server-floor-bulk_docs", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			project++
			db := kivikDB(b, Options{Server: srv.URL, Project: "floor-" + strconv.Itoa(project)})
			if err := db.Client().CreateDB(ctx, db.Name()); err != nil {
				b.Fatal(err)
			}
			if _, err := db.BulkDocs(ctx, docs, kivik.Param("new_edits", false)); err != nil { // as a push writes them
				b.Fatal(err)
			}
		}
	})
	b.Run("server-floor-changes", func(b *testing.B) {
		b.ReportAllocs()
		db := kivikDB(b, o)
		for i := 0; i < b.N; i++ {
			ch := db.Changes(ctx, kivik.Params(map[string]any{"include_docs": true, "style": "all_docs"}))
			n := 0
			for ch.Next() {
				var d map[string]any
				if err := ch.ScanDoc(&d); err != nil {
					b.Fatal(err)
				}
				n++
			}
			if err := ch.Err(); err != nil || n < benchAnns {
				b.Fatalf("%d: %v", n, err)
			}
			_ = ch.Close()
		}
	})
}

// BenchmarkIncrementalRound: on the synced 10,000-annotation library, a round that pushes 10 edits, and
// the other library's round that pulls them; against a round with nothing to do (same run). Goal ≤ 1 s.
func BenchmarkIncrementalRound(b *testing.B) {
	srv := synctest.Start(b)
	dir := b.TempDir()
	full, docsOnly := benchLibraries(b, dir)
	ctx := context.Background()
	o := Options{Server: srv.URL, Project: "incremental", Timeout: 10 * time.Minute}
	a, other := openClosable(b, full), openClosable(b, docsOnly)
	b.Cleanup(func() { closeChecked(b, a); closeChecked(b, other) })
	for _, s := range []*store.Store{a, other} {
		if _, err := Round(ctx, s, o); err != nil {
			b.Fatal(err)
		}
	}
	anns, err := a.Annotations(store.AnnotationFilter{})
	if err != nil {
		b.Fatal(err)
	}
	edit := 0
	tenEdits := func() {
		for j := 0; j < 10; j++ {
			x := anns[(edit*10+j)%len(anns)]
			if _, err := a.UpdateAnnotation(x.ID, x.Tags, fmt.Sprintf("edit %d", edit)); err != nil {
				b.Fatal(err)
			}
		}
		edit++
	}
	b.Run("quiet", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if r, err := Round(ctx, a, o); err != nil || r.Pushed+r.Pulled != 0 {
				b.Fatalf("%+v %v", r, err)
			}
		}
	})
	b.Run("push-10", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			tenEdits()
			b.StartTimer()
			if r, err := Round(ctx, a, o); err != nil || r.Pushed != 10 {
				b.Fatalf("%+v %v", r, err)
			}
			b.StopTimer()
			if r, err := Round(ctx, other, o); err != nil || r.Pulled != 10 { // keep the other in step, untimed
				b.Fatalf("%+v %v", r, err)
			}
			b.StartTimer()
		}
	})
	b.Run("pull-10", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			tenEdits()
			if r, err := Round(ctx, a, o); err != nil || r.Pushed != 10 {
				b.Fatalf("%+v %v", r, err)
			}
			b.StartTimer()
			if r, err := Round(ctx, other, o); err != nil || r.Pulled != 10 {
				b.Fatalf("%+v %v", r, err)
			}
		}
	})
}

// BenchmarkSaveWithWatch: the p50 and p90 of one annotation save (UpdateAnnotation, a durable
// transaction) on the 10,000-annotation library, with Watch following its journal and syncing each save,
// and without it: blocks of saves alternate between the two in the same run, so load drift hits both.
func BenchmarkSaveWithWatch(b *testing.B) {
	srv := synctest.Start(b)
	full, _ := benchLibraries(b, b.TempDir())
	s := openClosable(b, full)
	b.Cleanup(func() { closeChecked(b, s) })
	o := Options{Server: srv.URL, Project: "watch", Timeout: 10 * time.Minute}
	ctx := context.Background()
	if _, err := Round(ctx, s, o); err != nil {
		b.Fatal(err)
	}
	anns, err := s.Annotations(store.AnnotationFilter{})
	if err != nil {
		b.Fatal(err)
	}
	const block = 20
	for i := 0; i < b.N; i++ {
		var plain, watched []time.Duration
		save := func(n int, into *[]time.Duration) {
			for j := 0; j < block; j++ {
				x := anns[(n*block+j)%len(anns)]
				t0 := time.Now()
				if _, err := s.UpdateAnnotation(x.ID, x.Tags, fmt.Sprintf("save %d/%d", n, j)); err != nil {
					b.Fatal(err)
				}
				*into = append(*into, time.Since(t0))
				time.Sleep(50 * time.Millisecond) // a person's pace, so the watch has rounds to do between saves
			}
		}
		rounds := 0
		var mu gosync.Mutex
		for k := 0; k < 3; k++ {
			if os.Getenv("GLOSS_SYNC_TRACE") != "" {
				b.Logf("%s block %d", time.Now().Format("15:04:05.000"), k)
			}
			save(2*k, &plain)
			wctx, cancel := context.WithCancel(ctx)
			done := make(chan error, 1)
			go func() {
				done <- Watch(wctx, s, o, func(r Result, err error) {
					mu.Lock()
					rounds++
					mu.Unlock()
					if os.Getenv("GLOSS_SYNC_TRACE") != "" {
						b.Logf("%s watch round: pushed %d, pulled %d, %v", time.Now().Format("15:04:05.000"), r.Pushed, r.Pulled, err)
					}
				})
			}()
			time.Sleep(300 * time.Millisecond) // its first round
			save(2*k+1, &watched)
			for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) { // the last save's round
				if st, err := StatusOf(s); err != nil || st.Pending == 0 {
					break
				} else if time.Now().After(deadline) {
					b.Fatalf("the watch left saves behind: %+v", st)
				}
			}
			cancel()
			if err := <-done; err != nil {
				b.Fatal(err)
			}
		}
		if st, err := StatusOf(s); err != nil || st.Pending != 0 {
			b.Fatalf("the watch left saves behind: %+v %v", st, err)
		}
		b.ReportMetric(pct(plain, 50), "save-p50-ms")
		b.ReportMetric(pct(watched, 50), "watched-save-p50-ms")
		b.ReportMetric(pct(plain, 90), "save-p90-ms")
		b.ReportMetric(pct(watched, 90), "watched-save-p90-ms")
		b.ReportMetric(float64(rounds), "watch-rounds")
	}
}

func pct(d []time.Duration, p int) float64 {
	s := slices.Clone(d)
	slices.Sort(s)
	return float64(s[(len(s)-1)*p/100]) / float64(time.Millisecond)
}

// benchPull times the first round of a library (a copy of from, or a new one when from is "") from
// the project of o.
func benchPull(b *testing.B, o Options, from string) {
	ctx := context.Background()
	b.ReportAllocs()
	var heap uint64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "b.db")
		if from != "" {
			copyFile(b, from, path)
		}
		s := openClosable(b, path)
		runtime.GC()
		stop := peakHeap()
		b.StartTimer()
		r, err := Round(ctx, s, o)
		b.StopTimer()
		heap = max(heap, stop())
		if err != nil || r.Pulled < benchAnns+30 || len(r.Problems) > 0 {
			b.Fatalf("pulled %d, problems %v: %v", r.Pulled, r.Problems, err)
		}
		if n, err := s.Annotations(store.AnnotationFilter{}); err != nil || len(n) != benchAnns {
			b.Fatalf("%d annotations pulled: %v", len(n), err)
		}
		closeChecked(b, s)
		b.StartTimer()
	}
	b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MiB")
	b.StopTimer()
	b.ReportMetric(childMaxRSS(b, from, o.Server, o.Project), "child-peak-rss-MiB")
}
