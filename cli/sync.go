package cli

import (
	"context"
	"flag"
	"fmt"
	"os"

	teamsync "gloss/teams/sync"
)

func init() {
	register(command{"sync", "sync [--server URL] [--project NAME] [--user NAME] [--json]",
		"one team sync round through a CouchDB project database: push annotations, tags and deletions, pull the others'; the settings are remembered, the password comes from GLOSS_SYNC_PASSWORD", runSync})
}

func runSync(e *env, args []string) error {
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	server := fs.String("server", "", "the CouchDB server's URL (https://, or http:// to loopback)")
	project := fs.String("project", "", "the project's database name")
	user := fs.String("user", "", "the user name on the server (none for a server without authentication)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		return usageError{"sync takes no file arguments"}
	}
	s, err := e.open()
	if err != nil {
		return err
	}
	o := teamsync.FromSettings(s, teamsync.Options{Server: *server, Project: *project, User: *user,
		Password: os.Getenv("GLOSS_SYNC_PASSWORD")})
	res, err := teamsync.Round(context.Background(), s, o)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(res)
	}
	fmt.Fprintf(e.stdout, "synced with %s, project %s: %d pushed (%d deletions), %d pulled, %d conflicts\n",
		res.Server, res.Project, res.Pushed, res.Deleted, res.Pulled, len(res.Conflicts))
	for _, c := range res.Conflicts {
		fmt.Fprintf(e.stdout, "conflict on %s: applied %s, kept %v\n", c.ID, c.Winner, c.Losers)
	}
	for _, p := range res.Problems {
		fmt.Fprintf(e.stderr, "gloss sync: skipped %s\n", p)
	}
	return nil
}
