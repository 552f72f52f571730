package sync

import (
	"context"
	"time"

	"github.com/go-kivik/kivik/v4"

	"gloss/store"
)

// Watch's timing: how often the library's journal is looked at, how long one longpoll waits on the
// server, and the backoff after a failed round.
const (
	journalPoll   = 200 * time.Millisecond
	longpollWait  = 25 * time.Second
	firstBackoff  = time.Second
	latestBackoff = time.Minute
	// feedRetry is how long Watch waits for a local edit before the next round when the server's feed
	// cannot be longpolled (an error that the next round reports).
	feedRetry = 5 * time.Second
)

// Watch does rounds until ctx ends: after each round it longpolls the project's _changes feed and also
// wakes when the library's journal moves (a local edit), so both directions travel within about a second.
// Each round's result or error goes to report; errors back off (1 s … 1 min) and never end the watch.
// It returns nil when ctx ends, or at once when o names no server or project.
func Watch(ctx context.Context, s *store.Store, o Options, report func(Result, error)) error {
	o = FromSettings(s, o)
	conn, err := connect(o)
	if err != nil {
		return err
	}
	conn.Close()
	backoff := time.Duration(0)
	for ctx.Err() == nil {
		seq, _ := s.JournalSeq() // before the round: an edit during it wakes the next one
		res, err := Round(ctx, s, o)
		if ctx.Err() != nil {
			return nil
		}
		report(res, err)
		if err != nil {
			backoff = min(max(2*backoff, firstBackoff), latestBackoff)
			sleep(ctx, backoff)
			continue
		}
		backoff = 0
		waitForChange(ctx, s, o, seq, res.seen)
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// waitForChange returns when the library's journal has moved past seq, when the server's feed has a
// change after since, or when ctx ends.
func waitForChange(ctx context.Context, s *store.Store, o Options, seq uint64, since string) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	remote := make(chan struct{})
	go func() {
		defer close(remote)
		longpoll(ctx, o, since)
	}()
	tick := time.NewTicker(journalPoll)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-remote:
			return
		case <-tick.C:
			if now, err := s.JournalSeq(); err != nil || now > seq {
				return
			}
		}
	}
}

// longpoll returns once the project's feed has a change after since (or ctx ends). A feed that fails
// returns after feedRetry, so the next round reports the error.
func longpoll(ctx context.Context, o Options, since string) {
	if since == "" {
		since = "now"
	}
	wait := min(longpollWait, o.timeout()/2)
	o.Timeout = wait + 10*time.Second
	conn, err := connect(o)
	if err != nil {
		return
	}
	defer conn.Close()
	for ctx.Err() == nil {
		ch := conn.db.Changes(ctx, kivik.Params(map[string]any{"feed": "longpoll", "since": since,
			"timeout": wait.Milliseconds(), "limit": 1}))
		got := false
		for ch.Next() {
			got = got || synced(ch.ID())
		}
		if err := ch.Err(); err != nil { // (Metadata panics on a feed that failed to start)
			_ = ch.Close()
			sleep(ctx, feedRetry)
			return
		}
		meta, err := ch.Metadata()
		_ = ch.Close()
		if got {
			return
		}
		if err != nil {
			sleep(ctx, feedRetry)
			return
		}
		if meta.LastSeq != "" {
			since = meta.LastSeq
		}
	}
}
