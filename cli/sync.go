package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	teamsync "gloss/teams/sync"
	"gloss/teams/sync/keyring"
)

func init() {
	register(command{"sync", "sync [--server URL] [--project NAME] [--user NAME] [--watch | --status | --conflicts | --resolve ID --choice winner|loser|both [--loser REV] | --refused | --retry KEY | --discard KEY] [--json]",
		"team sync through a CouchDB project database: one round pushes annotations, tags, notes and deletions and pulls the others'; " +
			"the server, project and user are remembered, so a later `gloss sync` needs no flags; the password comes from " +
			keyring.EnvPassword + ", else the system keyring (Settings › Team sync saves it there), and a server without " +
			"authentication needs none; --watch keeps syncing until Ctrl-C (one line, or with --json one JSON object, per round); " +
			"--status says how the library stands (last synced, pending changes, conflicts) without reaching the server; " +
			"--conflicts lists the conflicts waiting (the version applied here and the other one); --resolve settles one here and on the server: " +
			"winner keeps the one applied, loser takes the other (--loser REV names one of several), both keeps the others as annotations of their own; " +
			"an edit the server refuses (say, of another coder's annotation) is reported once and kept here unsent: --refused lists those waiting, " +
			"--retry KEY sends one again (in a round, now), --discard KEY keeps the edit in this library only and stops sending it", runSync})
}

// clientPassword carries GLOSS_SYNC_PASSWORD to a window that runs `gloss sync` for the CLI: the
// window's environment is not the script's. It travels over the library's owner-only socket, never on a
// command line; the window honours it only from its socket (env.shared).
const clientPassword = "--client-password"

// windowArgs is what the CLI sends the window that holds the library for command name.
func windowArgs(name string, args []string) []string {
	if pw := os.Getenv(keyring.EnvPassword); name == "sync" && pw != "" {
		return append(append([]string{}, args...), clientPassword+"="+pw)
	}
	return args
}

// watchLine is one line of `gloss sync --watch --json`.
type watchLine struct {
	Time   time.Time        `json:"time"`
	Result *teamsync.Result `json:"result,omitempty"`
	Error  string           `json:"error,omitempty"`
}

func runSync(e *env, args []string) error {
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	server := fs.String("server", "", "the CouchDB server's URL (https://, or http:// to loopback)")
	project := fs.String("project", "", "the project's database name")
	user := fs.String("user", "", "the user name on the server (none for a server without authentication)")
	watch := fs.Bool("watch", false, "keep syncing until interrupted")
	status := fs.Bool("status", false, "print the sync status kept in the library (no network)")
	conflicts := fs.Bool("conflicts", false, "list the sync conflicts waiting (no network)")
	resolve := fs.String("resolve", "", "the id of a conflict to settle (as --conflicts lists it)")
	choice := fs.String("choice", "", "with --resolve: winner, loser or both")
	loser := fs.String("loser", "", "with --choice loser: the revision of the losing version to take, when there are several (as --conflicts lists them)")
	refused := fs.Bool("refused", false, "list the edits the server refused that wait for --retry or --discard (no network)")
	retry := fs.String("retry", "", "send a refused edit again (its key, as --refused lists it), in a round now")
	discard := fs.String("discard", "", "stop sending a refused edit (its key): the edit stays in this library only")
	fromClient := fs.String(clientPassword[2:], "", "")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return usageError{"sync takes no file arguments"}
	}
	modes := 0
	for _, on := range []bool{*watch, *status, *conflicts, *resolve != "", *refused, *retry != "", *discard != ""} {
		if on {
			modes++
		}
	}
	if modes > 1 {
		return usageError{"--watch, --status, --conflicts, --resolve, --refused, --retry and --discard go alone"}
	}
	if (*resolve == "") != (*choice == "") {
		return usageError{"--resolve ID and --choice winner|loser|both go together"}
	}
	if *fromClient != "" && !e.shared {
		return usageError{"give the password in " + keyring.EnvPassword + ", not on the command line"}
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	if *status {
		return printSyncStatus(e)
	}
	if *conflicts {
		return printConflicts(e)
	}
	if *refused {
		return printRefused(e)
	}
	if *discard != "" {
		if err := teamsync.Discard(s, *discard); err != nil {
			return err
		}
		if e.json {
			return e.printJSON(map[string]string{"discarded": *discard})
		}
		fmt.Fprintf(e.stdout, "discarded the push of %s: the edit stays in this library and is not sent\n", *discard)
		return nil
	}
	if *retry != "" {
		if err := teamsync.Retry(s, *retry); err != nil {
			return err
		}
	}
	o := teamsync.FromSettings(s, teamsync.Options{Server: *server, Project: *project, User: *user})
	if o.Server == "" || o.Project == "" {
		return usageError{"no sync server or project yet: give --server URL --project NAME once (they are remembered)"}
	}
	getenv := os.Getenv
	if e.shared { // the window runs this for a client: its password, not the window's environment
		getenv = func(k string) string {
			if k == keyring.EnvPassword {
				return *fromClient
			}
			return os.Getenv(k)
		}
	}
	pw, _, keyringErr := keyring.Password(getenv, keyring.Key{Server: o.Server, Project: o.Project, User: o.User})
	o.Password = pw
	explain := func(err error) error { return keyring.Explain(err, pw, keyringErr) }

	if *watch {
		if e.shared {
			return errors.New("this library is open in a Gloss window, which keeps it in sync itself while it is open " +
				"(Settings › Team sync); `gloss sync` does one round through it and `gloss sync --status` shows how it stands")
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		fmt.Fprintf(e.stderr, "gloss sync: watching %s, project %s (Ctrl-C stops)\n", o.Server, o.Project)
		err := teamsync.Watch(ctx, s, o, func(res teamsync.Result, err error) {
			if e.json {
				line := watchLine{Time: time.Now().UTC()}
				if err != nil {
					line.Error = explain(err).Error()
				} else {
					line.Result = &res
				}
				_ = e.printJSONLine(line)
				return
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "%s gloss sync: %v\n", time.Now().Format("15:04:05"), explain(err))
				return
			}
			fmt.Fprintf(e.stdout, "%s ", time.Now().Format("15:04:05"))
			printRound(e, res)
		})
		return explain(err)
	}

	if *resolve != "" {
		if err := teamsync.ResolveWith(context.Background(), s, o, *resolve, teamsync.Choice(*choice), *loser); err != nil {
			return explain(err)
		}
		if e.json {
			return e.printJSON(map[string]string{"resolved": *resolve, "choice": *choice})
		}
		fmt.Fprintf(e.stdout, "resolved %s (%s)\n", *resolve, *choice)
		return nil
	}

	res, err := teamsync.Round(context.Background(), s, o)
	if err != nil {
		return explain(err)
	}
	if e.json {
		return e.printJSON(res)
	}
	printRound(e, res)
	return nil
}

func printRound(e *env, res teamsync.Result) {
	fmt.Fprintf(e.stdout, "synced with %s, project %s: %d pushed (%d deletions), %d pulled, %d conflicts\n",
		res.Server, res.Project, res.Pushed, res.Deleted, res.Pulled, len(res.Conflicts))
	for _, c := range res.Conflicts {
		fmt.Fprintf(e.stdout, "conflict on %s: applied %s, kept %v (resolve it in the Coders view)\n", c.ID, c.Winner, c.Losers)
	}
	refused := map[string]bool{}
	for _, r := range res.Refused {
		refused[r.Key] = true
		fmt.Fprintf(e.stderr, "gloss sync: the server refused %s (%s): %s\n  kept here, not sent again: gloss sync --retry %s, or --discard %s\n",
			r.What, r.Key, r.Reason, r.Key, r.Key)
	}
	for _, p := range res.Problems {
		if key, _, _ := strings.Cut(p, ": "); !refused[key] {
			fmt.Fprintf(e.stderr, "gloss sync: skipped %s\n", p)
		}
	}
	if st, err := teamsync.StatusOf(e.store); err == nil && st.Refused > len(res.Refused) {
		fmt.Fprintf(e.stdout, "%d refused edits wait for a decision: gloss sync --refused\n", st.Refused-len(res.Refused))
	}
}

func printRefused(e *env) error {
	list, err := teamsync.Refused(e.store)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(list)
	}
	if len(list) == 0 {
		fmt.Fprintln(e.stdout, "no refused edits waiting")
	}
	for _, r := range list {
		fmt.Fprintf(e.stdout, "%s: %s, refused %s: %s\n", r.Key, r.What, r.At.Local().Format("2006-01-02 15:04"), r.Reason)
	}
	return nil
}

func printSyncStatus(e *env) error {
	st, err := teamsync.StatusOf(e.store)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(st)
	}
	if st.Server == "" {
		fmt.Fprintln(e.stdout, "team sync is not set up: gloss sync --server URL --project NAME [--user NAME]")
		return nil
	}
	who := ""
	if st.User != "" {
		who = " as " + st.User
	}
	fmt.Fprintf(e.stdout, "server %s, project %s%s\n", st.Server, st.Project, who)
	if st.LastSynced.IsZero() {
		fmt.Fprintln(e.stdout, "last synced: never")
	} else {
		fmt.Fprintf(e.stdout, "last synced: %s\n", st.LastSynced.Local().Format("2006-01-02 15:04:05"))
	}
	fmt.Fprintf(e.stdout, "pending changes: %d\nconflicts waiting: %d\n", st.Pending, st.Conflicts)
	if st.Refused > 0 {
		fmt.Fprintf(e.stdout, "refused edits waiting: %d (gloss sync --refused)\n", st.Refused)
	}
	if st.KeepTextsLocal {
		fmt.Fprintln(e.stdout, "document texts stay local (only their sha256 and the quotes travel)")
	}
	if st.LastError != "" {
		fmt.Fprintf(e.stdout, "last error: %s\n", st.LastError)
	}
	return nil
}

func printConflicts(e *env) error {
	list, err := teamsync.Conflicts(e.store)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(list)
	}
	if len(list) == 0 {
		fmt.Fprintln(e.stdout, "no sync conflicts waiting")
	}
	for _, c := range list {
		fmt.Fprintf(e.stdout, "%s (%s): %s\n  applied here: %s\n  the other (%s): %s\n", c.ID, c.Kind, c.Reason, c.Winner, c.LoserRev, c.Loser)
		for _, l := range c.Others {
			fmt.Fprintf(e.stdout, "  another (%s): %s\n", l.LoserRev, l.Loser)
		}
	}
	return nil
}

// printJSONLine writes v as one line (a stream of objects, as --watch --json prints).
func (e *env) printJSONLine(v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "%s\n", raw)
	return err
}
