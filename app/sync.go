package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"

	teamsync "gloss/teams/sync"
	"gloss/teams/sync/keyring"
)

// SyncSettings is what Settings › Team sync edits. The password is not part of it: SaveSyncPassword
// keeps it in the system keyring; HasPassword says whether one is kept for these settings and KeyringError
// why the keyring could not be asked.
type SyncSettings struct {
	Server         string `json:"server"`
	Project        string `json:"project"`
	User           string `json:"user"`
	KeepTextsLocal bool   `json:"keepTextsLocal"`
	HasPassword    bool   `json:"hasPassword"`
	KeyringError   string `json:"keyringError"`
}

// SyncState is the status line: the library's sync status and whether this window is watching.
type SyncState struct {
	teamsync.Status
	Watching bool `json:"watching"`
}

// syncState is the window's background watch: started once the first view is painted when sync is set
// up, restarted when the settings or the password change, stopped while the window runs a round itself
// (SyncNow, a resolve), so one round at a time comes from the window.
type syncState struct {
	once   sync.Once
	mu     sync.Mutex // held while the watch is started or stopped, and during SyncNow and resolves
	cancel context.CancelFunc
	done   chan struct{}
	// watching mirrors cancel != nil for the status line, read without mu: a round's report runs while
	// stopSyncLocked holds mu and waits for the watch to end.
	watching atomic.Bool
}

func (a *App) syncKey() keyring.Key {
	o := teamsync.FromSettings(a.store, teamsync.Options{})
	return keyring.Key{Server: o.Server, Project: o.Project, User: o.User}
}

// syncOptions are the remembered settings with the password from GLOSS_SYNC_PASSWORD or the keyring.
func (a *App) syncOptions() (teamsync.Options, error) {
	o := teamsync.FromSettings(a.store, teamsync.Options{})
	pw, _, kerr := keyring.Password(os.Getenv, keyring.Key{Server: o.Server, Project: o.Project, User: o.User})
	o.Password = pw
	return o, kerr
}

// startSync starts the background watch when sync is set up (called once, after the first paint).
func (a *App) startSync() {
	a.sync.mu.Lock()
	defer a.sync.mu.Unlock()
	a.watchLocked()
}

// watchLocked starts the watch if there is a server and project; a.sync.mu is held.
func (a *App) watchLocked() {
	if a.store == nil || a.sync.cancel != nil {
		return
	}
	if k := a.syncKey(); k.Server == "" || k.Project == "" {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	a.sync.cancel, a.sync.done = cancel, done
	a.sync.watching.Store(true)
	go func() {
		defer close(done)
		defer a.sync.watching.Store(false)
		o, kerr := a.syncOptions()
		err := teamsync.Watch(ctx, a.store, o, func(res teamsync.Result, err error) {
			a.syncRound(res, keyring.Explain(err, o.Password, kerr))
			a.told(res.Notes)
		})
		if err != nil && ctx.Err() == nil { // it could not start (the settings name no usable server)
			a.sync.watching.Store(false)
			a.syncRound(teamsync.Result{}, err)
		}
	}()
}

// stopSyncLocked stops the watch and waits for it; a.sync.mu is held.
func (a *App) stopSyncLocked() {
	if a.sync.cancel == nil {
		return
	}
	a.sync.cancel()
	<-a.sync.done
	a.sync.cancel, a.sync.done = nil, nil
	a.sync.watching.Store(false)
}

// stopSync ends the watch (the window closes).
func (a *App) stopSync() {
	a.sync.mu.Lock()
	defer a.sync.mu.Unlock()
	a.stopSyncLocked()
}

// paused runs fn with the watch stopped, then starts it again.
func (a *App) paused(fn func() error) error {
	a.sync.mu.Lock()
	defer a.sync.mu.Unlock()
	a.stopSyncLocked()
	defer a.watchLocked()
	return fn()
}

// syncRound tells the page after a round: "sync:round" with the status line, and "library-changed" (the
// open view reloads, the search index catches up) when the round brought something in.
func (a *App) syncRound(res teamsync.Result, err error) {
	if err != nil {
		fmt.Fprintf(a.log, "gloss: team sync: %v\n", err)
	}
	if st, serr := a.syncState(); serr == nil {
		if err != nil {
			st.LastError = err.Error()
		}
		a.emit("sync:round", st)
	}
	if err == nil && (res.Pulled > 0 || len(res.Conflicts) > 0) {
		a.indexChanged()
		a.emit("library-changed", nil)
	}
}

// told passes on what a background round says the person should know (a split version history joined):
// to the window ("sync:notes", shown wherever the person is) and to the log. A round the person started
// (SyncNow) says it in its own reply instead.
func (a *App) told(notes []string) {
	for _, n := range notes {
		fmt.Fprintf(a.log, "gloss: team sync: %s\n", n)
	}
	if len(notes) > 0 {
		a.emit("sync:notes", notes)
	}
}

func (a *App) syncState() (SyncState, error) {
	st, err := teamsync.StatusOf(a.store)
	return SyncState{Status: st, Watching: a.sync.watching.Load()}, err
}

// SyncSettings returns the team sync settings.
func (a *App) SyncSettings() (SyncSettings, error) {
	if err := a.ready(); err != nil {
		return SyncSettings{}, err
	}
	k := a.syncKey()
	out := SyncSettings{Server: k.Server, Project: k.Project, User: k.User,
		KeepTextsLocal: a.store.Setting(teamsync.SettingKeepTextsLocal) == "true"}
	if k.Server != "" && k.Project != "" {
		pw, err := keyring.Get(k)
		out.HasPassword = pw != ""
		if err != nil {
			out.KeyringError = err.Error()
		}
	}
	return out, nil
}

// SetSyncSettings stores the team sync settings and restarts the watch with them; an empty server turns
// sync off.
func (a *App) SetSyncSettings(s SyncSettings) error {
	if err := a.ready(); err != nil {
		return err
	}
	if s.Server != "" {
		if _, err := teamsync.CheckURL(s.Server); err != nil {
			return err
		}
		if s.Project == "" {
			return errors.New("give the project's name (the database on the server)")
		}
	}
	keep := ""
	if s.KeepTextsLocal {
		keep = "true"
	}
	return a.paused(func() error {
		return a.store.SetSettings(map[string]string{teamsync.SettingServer: s.Server, teamsync.SettingProject: s.Project,
			teamsync.SettingUser: s.User, teamsync.SettingKeepTextsLocal: keep})
	})
}

// SaveSyncPassword keeps the password for the current settings in the system keyring ("" removes it)
// and restarts the watch with it.
func (a *App) SaveSyncPassword(password string) error {
	if err := a.ready(); err != nil {
		return err
	}
	return a.paused(func() error { return keyring.Save(a.syncKey(), password) })
}

// TestSyncConnection reaches the server and project of s with password, or the one kept in the keyring
// for s when password is "", and says what is wrong.
func (a *App) TestSyncConnection(s SyncSettings, password string) error {
	if err := a.ready(); err != nil {
		return err
	}
	k := keyring.Key{Server: s.Server, Project: s.Project, User: s.User}
	var kerr error
	if password == "" && s.Server != "" && s.Project != "" {
		password, _, kerr = keyring.Password(os.Getenv, k)
	}
	err := teamsync.Test(a.ctxOrBackground(), teamsync.Options{Server: s.Server, Project: s.Project, User: s.User, Password: password})
	return keyring.Explain(err, password, kerr)
}

// SyncNow does one round now (the watch waits meanwhile).
func (a *App) SyncNow() (teamsync.Result, error) {
	if err := a.ready(); err != nil {
		return teamsync.Result{}, err
	}
	var res teamsync.Result
	err := a.paused(func() error {
		o, kerr := a.syncOptions()
		var err error
		res, err = teamsync.Round(a.ctxOrBackground(), a.store, o)
		return keyring.Explain(err, o.Password, kerr)
	})
	a.syncRound(res, err)
	return res, err
}

// SyncStatus is the status line (from the library; no network).
func (a *App) SyncStatus() (SyncState, error) {
	if err := a.ready(); err != nil {
		return SyncState{}, err
	}
	return a.syncState()
}

// SyncConflicts lists the conflicts that pulls kept, for the Coders view.
func (a *App) SyncConflicts() ([]teamsync.ConflictRecord, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	return list(teamsync.Conflicts(a.store))
}

// ResolveSyncConflict settles one conflict, with every losing version, here and on the server: choice
// "winner" (keep what is applied), "loser" (take the losing version at loserRev; "": the first) or
// "both" (keep them all).
func (a *App) ResolveSyncConflict(id, choice, loserRev string) error {
	if err := a.ready(); err != nil {
		return err
	}
	err := a.paused(func() error {
		o, _ := a.syncOptions()
		return teamsync.ResolveWith(a.ctxOrBackground(), a.store, o, id, teamsync.Choice(choice), loserRev)
	})
	a.indexChanged()
	return err
}

func (a *App) ctxOrBackground() context.Context {
	if a.ctx != nil {
		return a.ctx
	}
	return context.Background()
}

// SyncRemovals lists the documents another library removed that this one still has, for the Coders view.
func (a *App) SyncRemovals() ([]teamsync.RemovalNotice, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	return list(teamsync.Removals(a.store))
}

// SettleSyncRemoval settles a removal notice: deleteToo deletes the document here too (the next round
// sends the removal, never a deletion of others' annotations); otherwise it is kept, and published again
// for the project.
func (a *App) SettleSyncRemoval(sha string, deleteToo bool) error {
	if err := a.ready(); err != nil {
		return err
	}
	err := a.paused(func() error { return teamsync.SettleRemoval(a.store, sha, deleteToo) })
	a.indexChanged()
	return err
}

// SyncRefused lists the pushes the server refused that wait for a decision, for Settings › Team sync.
func (a *App) SyncRefused() ([]teamsync.Refusal, error) {
	if err := a.ready(); err != nil {
		return nil, err
	}
	return list(teamsync.Refused(a.store))
}

// SettleSyncRefused retries (discard false: sent by the next round, which starts now) or discards (the
// edit stays in this library, unsent) a refused push.
func (a *App) SettleSyncRefused(key string, discard bool) error {
	if err := a.ready(); err != nil {
		return err
	}
	err := a.paused(func() error {
		if discard {
			return teamsync.Discard(a.store, key)
		}
		return teamsync.Retry(a.store, key)
	})
	if st, serr := a.syncState(); serr == nil {
		a.emit("sync:round", st)
	}
	return err
}
