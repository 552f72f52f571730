// Package keyringtest starts a real Secret Service for a test: a private D-Bus session bus (dbus-daemon
// with no service activation, so nothing else starts on it) and gnome-keyring-daemon on it with an
// unlocked login keyring in a temporary home. The test's DBUS_SESSION_BUS_ADDRESS points at that bus, so
// the person's own keyring is never touched. It is imported by tests only.
package keyringtest

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

const busConfig = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=%s</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`

// Start runs the bus and the keyring until the test ends. Without dbus-daemon or gnome-keyring-daemon
// (apt: dbus-daemon gnome-keyring; scripts/deps.sh test installs them) the test is skipped, or fails when
// CI is set. Tests that call it must not run in parallel (it sets the process's bus address).
func Start(t testing.TB) {
	t.Helper()
	for _, bin := range []string{"dbus-daemon", "gnome-keyring-daemon"} {
		if _, err := exec.LookPath(bin); err != nil {
			msg := "the Secret Service test needs " + bin + " (apt-get install dbus-daemon gnome-keyring, or scripts/deps.sh test)"
			if os.Getenv("CI") != "" {
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
	}
	dir, err := os.MkdirTemp("", "gloss-keyring-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	home, run := filepath.Join(dir, "home"), filepath.Join(dir, "run")
	for _, d := range []string{home, run} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	conf := filepath.Join(dir, "bus.conf")
	if err := os.WriteFile(conf, []byte(fmt.Sprintf(busConfig, filepath.Join(dir, "bus"))), 0o600); err != nil {
		t.Fatal(err)
	}

	bus := exec.Command("dbus-daemon", "--config-file="+conf, "--nofork", "--print-address=1")
	// its stderr (a warning about the fd limit when not root-capable) is left out
	out, err := bus.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := bus.Start(); err != nil {
		t.Fatalf("starting dbus-daemon: %v", err)
	}
	stop := func(c *exec.Cmd) {
		if c.Process != nil && c.ProcessState == nil {
			_ = c.Process.Kill()
			_ = c.Wait()
		}
	}
	t.Cleanup(func() { stop(bus) })
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		if sc.Scan() {
			addr <- strings.TrimSpace(sc.Text())
		}
	}()
	var address string
	select {
	case address = <-addr:
	case <-time.After(10 * time.Second):
		t.Fatal("dbus-daemon printed no address within 10 s")
	}

	env := append(os.Environ(), "HOME="+home, "XDG_DATA_HOME="+filepath.Join(home, ".local", "share"),
		"XDG_RUNTIME_DIR="+run, "DBUS_SESSION_BUS_ADDRESS="+address)
	keyring := exec.Command("gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets")
	keyring.Env = env
	keyring.Stdin = strings.NewReader("gloss-test") // the new login keyring's password, read by --unlock
	if err := keyring.Start(); err != nil {
		t.Fatalf("starting gnome-keyring-daemon: %v", err)
	}
	t.Cleanup(func() { stop(keyring) })

	t.Setenv("DBUS_SESSION_BUS_ADDRESS", address)
	conn, err := dbus.Connect(address)
	if err != nil {
		t.Fatalf("connecting to the test bus: %v", err)
	}
	defer conn.Close()
	deadline := time.Now().Add(15 * time.Second)
	for {
		var owned bool
		err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.freedesktop.secrets").Store(&owned)
		if err == nil && owned {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("gnome-keyring-daemon did not take org.freedesktop.secrets within 15 s (%v)", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// go-keyring uses the process's shared session connection: close it before the bus goes, so the next
	// test's bus gets a new one.
	t.Cleanup(func() {
		if c, err := dbus.SessionBus(); err == nil {
			_ = c.Close()
		}
	})
}
