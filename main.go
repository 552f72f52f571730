// Gloss: an offline desktop app for close reading of news. No arguments open the window; a subcommand
// (gloss help) runs headless.
package main

import (
	"context"
	"crypto/sha256"
	_ "embed" // the icon; the frontend is in assets_dist.go / assets_none.go
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"

	"gloss/app"
	"gloss/cli"
	"gloss/ingest"
	"gloss/remote"
	"gloss/search"
	"gloss/store"
)

//go:embed build/appicon.png
var icon []byte

func main() {
	args := os.Args[1:]
	crashOutput(cli.DBPath(args))
	if !cli.IsWindow(args) {
		// Files alone (a double-click, Exec=gloss %F) open the window and are imported there.
		wd, _ := os.Getwd()
		files, rest := fileArgs(args, wd)
		if len(files) == 0 || !cli.IsWindow(rest) {
			os.Exit(cli.Run(args, os.Stdout, os.Stderr))
		}
		os.Exit(runWindow(cli.DBPath(rest), files))
	}
	os.Exit(runWindow(cli.DBPath(args), nil))
}

// crashOutput sends the Go runtime's crash output (a panic in a goroutine nothing can recover, such as
// bleve's merger or persister, and every stack) to a file beside the library's search index, as well as
// to stderr, so it is on record; the next start finds it, moves the index aside with it and rebuilds
// the index, saying why (search/crash.go). A library with no index yet has nothing to protect.
func crashOutput(dbPath string) {
	dir := store.LayoutOf(dbPath).SearchIndex()
	if _, err := os.Stat(dir); err != nil {
		return
	}
	f, err := os.OpenFile(search.CrashLog(dir), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return
	}
	defer f.Close() // SetCrashOutput keeps its own descriptor
	debug.SetCrashOutput(f, debug.CrashOptions{})
}

func runWindow(dbPath string, files []string) int {
	if !assetsBuilt {
		fmt.Fprintln(os.Stderr, "gloss: this binary was built without the production or dev tag, so its window only says how to build one (make build); the commands work (gloss help)")
	}
	if abs, err := filepath.Abs(dbPath); err == nil {
		dbPath = abs
	}
	instanceID := "gloss-" + shortHash(dbPath)
	// A second window answers fast (see store.DefaultLockTimeout).
	s, err := ingest.OpenLibrary(dbPath, store.Options{LockTimeout: 250 * time.Millisecond, Known: store.DefaultKnown()})
	if errors.Is(err, store.ErrLocked) {
		// Another window has this library: bring it forward instead of waiting on the lock.
		if focusRunning(instanceID, files) {
			fmt.Fprintf(os.Stderr, "gloss: %s is already open in another Gloss window; switched to it\n", dbPath)
			return 0
		}
		fmt.Fprintf(os.Stderr, "gloss: %v\n", err)
		return 1
	}
	if err != nil {
		// Show the reason in the window too: a double-click has no terminal.
		fmt.Fprintf(os.Stderr, "gloss: %v\n", err)
	}
	if s != nil {
		defer s.Close()
	}
	w := app.NewWindow(s, err, os.Stderr)
	w.UseLibrary(dbPath)
	w.QueueOpen(files)
	width, height := w.WindowSize(1200, 820)
	if s != nil {
		// The CLI works while the window is open: it sends its commands here (cli.Serve), and the open
		// view reloads after one that wrote.
		srv, err := remote.Listen(store.LayoutOf(dbPath).Socket(), func(req remote.Request, stdout, stderr io.Writer) int {
			index, _ := w.Search() // nil without a library: Serve then says why
			code, changed := cli.Serve(w.Store(), index, req, stdout, stderr)
			if changed {
				w.Changed()
			}
			return code
		})
		if err != nil {
			fmt.Fprintf(os.Stderr, "gloss: the CLI cannot reach this window (%v); it works again once the window is closed\n", err)
		} else {
			defer srv.Close()
		}
	}

	runErr := wails.Run(&options.App{
		Title:            "Gloss",
		Width:            width,
		Height:           height,
		MinWidth:         640,
		MinHeight:        420,
		BackgroundColour: &options.RGBA{R: 251, G: 250, B: 247, A: 255},
		AssetServer:      &assetserver.Options{Assets: assets, Middleware: assetMiddleware()},
		OnStartup:        w.Startup,
		OnDomReady:       func(ctx context.Context) { guardNavigation(); w.DomReady(ctx) },
		OnBeforeClose:    w.BeforeClose,
		Menu:             w.Menu(),
		Bind:             w.Bind(), // app/bind.go; the dev build adds its test seams (app/dev.go)
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId: instanceID,
			OnSecondInstanceLaunch: func(d options.SecondInstanceData) {
				files, _ := fileArgs(d.Args, d.WorkingDirectory)
				w.QueueOpen(files)
				w.Focus()
			},
		},
		Linux: &linux.Options{
			Icon:             icon,
			ProgramName:      "gloss",
			WebviewGpuPolicy: linux.WebviewGpuPolicyNever, // software compositing is far slower without a GPU
		},
	})
	if runErr != nil {
		fmt.Fprintf(os.Stderr, "gloss: %v\n", runErr)
		return 1
	}
	return 0
}

func shortHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:6])
}

// focusRunning asks the Gloss window that holds the library to come forward (and to open files), over the same D-Bus name
// Wails' SingleInstanceLock registers. False when there is no session bus or no such window.
func focusRunning(instanceID string, files []string) bool {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return false
	}
	defer conn.Close()
	id := "wails_app_" + strings.NewReplacer("-", "_", ".", "_").Replace(instanceID)
	name, path := "org."+id+".SingleInstance", dbus.ObjectPath("/org/"+id+"/SingleInstance")
	wd, _ := os.Getwd()
	msg, _ := json.Marshal(options.SecondInstanceData{Args: append([]string{}, files...), WorkingDirectory: wd})
	return conn.Object(name, path).Call(name+".SendMessage", 0, string(msg)).Err == nil
}
