package cli

import (
	"flag"
	"fmt"
	"time"

	"gloss/anchor/anchorstore"
	"gloss/store"
)

func init() {
	register(
		command{"restore", "restore FILE", "check the backup FILE, then put it in place of the library; the current library is renamed to <db>.before-restore-<time>, never deleted", runRestore},
		command{"backups", "backups [--keep N] [--json]", "list the daily backups in <db dir>/backups; --keep sets how many are kept (default 7)", runBackups},
	)
}

func runRestore(e *env, args []string) error {
	files, err := parse(flag.NewFlagSet("restore", flag.ContinueOnError), args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usageError{"give exactly one backup file"}
	}
	aside, err := store.Restore(e.dbPath, files[0])
	if err == nil {
		err = restoreArchive(files[0], e.dbPath) // the backup's web captures the library lacks (capture.go)
	}
	if err != nil {
		return err
	}
	// Open the result as Gloss will: it must pass the check in its new place too.
	s, err := anchorstore.Open(e.dbPath, store.Options{Known: store.DefaultKnown()})
	if err != nil {
		return fmt.Errorf("the restored library does not open: %w (the previous one is at %s)", err, orDash(aside))
	}
	e.store = s
	if err := s.Check(); err != nil {
		return fmt.Errorf("the restored library fails the check: %w (the previous one is at %s)", err, orDash(aside))
	}
	if e.json {
		return e.printJSON(map[string]string{"restored": files[0], "db": e.dbPath, "previous": aside})
	}
	fmt.Fprintf(e.stdout, "restored %s into %s\n", files[0], e.dbPath)
	if aside != "" {
		fmt.Fprintf(e.stdout, "the previous library is at %s\n", aside)
	}
	return nil
}

func runBackups(e *env, args []string) error {
	fs := flag.NewFlagSet("backups", flag.ContinueOnError)
	keep := fs.Int("keep", 0, "keep this many daily backups")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usageError{"unexpected argument " + rest[0]}
	}
	s, err := e.openPlain()
	if err != nil {
		return err
	}
	if *keep != 0 {
		if err := s.SetBackupRetention(*keep); err != nil {
			return usageError{err.Error()}
		}
		if _, err := s.DailyBackup(time.Now()); err != nil { // prunes to the new retention
			return err
		}
	}
	n, err := s.BackupRetention()
	if err != nil {
		return err
	}
	list, err := store.DailyBackups(e.dbPath)
	if err != nil {
		return err
	}
	if e.json {
		return e.printJSON(map[string]any{"dir": store.BackupDir(e.dbPath), "keep": n, "backups": append([]string{}, list...), "lastError": errText(s.AutoBackupError())})
	}
	fmt.Fprintf(e.stdout, "%d daily backups in %s (keeping %d)\n", len(list), store.BackupDir(e.dbPath), n)
	for _, b := range list {
		fmt.Fprintln(e.stdout, "  "+b)
	}
	if err := s.AutoBackupError(); err != nil {
		fmt.Fprintf(e.stderr, "gloss backups: today's backup failed: %v\n", err)
	}
	return nil
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
