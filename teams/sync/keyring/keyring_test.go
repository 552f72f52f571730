package keyring_test

import (
	"strings"
	"testing"

	"gloss/teams/sync/keyring"
	"gloss/teams/sync/keyring/keyringtest"
)

// Against a real Secret Service (gnome-keyring-daemon on a private bus): save, read back, keyed by server,
// project and user; cleared by an empty password.
func TestSecretService(t *testing.T) {
	keyringtest.Start(t)
	a := keyring.Key{Server: "https://couch.example.org:6984/", Project: "climate", User: "ana"}
	b := keyring.Key{Server: "https://couch.example.org:6984", Project: "climate", User: "ben"}
	c := keyring.Key{Server: "https://couch.example.org:6984", Project: "health", User: "ana"}
	if pw, err := keyring.Get(a); err != nil || pw != "" {
		t.Fatalf("nothing saved yet: %q %v", pw, err)
	}
	if err := keyring.Save(a, "s3cret ä"); err != nil {
		t.Fatal(err)
	}
	if err := keyring.Save(b, "bens"); err != nil {
		t.Fatal(err)
	}
	// The same server written another way is the same key.
	same := keyring.Key{Server: "HTTPS://Couch.Example.org:6984", Project: "climate", User: "ana"}
	if pw, err := keyring.Get(same); err != nil || pw != "s3cret ä" {
		t.Fatalf("get: %q %v", pw, err)
	}
	if pw, _ := keyring.Get(b); pw != "bens" {
		t.Fatalf("another user's: %q", pw)
	}
	if pw, _ := keyring.Get(c); pw != "" {
		t.Fatalf("another project has none: %q", pw)
	}
	if err := keyring.Save(a, "changed"); err != nil {
		t.Fatal(err)
	}
	if pw, _ := keyring.Get(a); pw != "changed" {
		t.Fatalf("replaced: %q", pw)
	}
	if err := keyring.Save(a, ""); err != nil {
		t.Fatal(err)
	}
	if pw, _ := keyring.Get(a); pw != "" {
		t.Fatalf("cleared: %q", pw)
	}
	if err := keyring.Save(a, ""); err != nil {
		t.Fatalf("clearing twice is fine: %v", err)
	}
	if pw, _ := keyring.Get(b); pw != "bens" {
		t.Fatalf("the other stays: %q", pw)
	}

	// The environment overrides the keyring; without it the keyring's password is used.
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == keyring.EnvPassword {
				return v
			}
			return ""
		}
	}
	if pw, src, err := keyring.Password(env("fromenv"), b); pw != "fromenv" || src != keyring.FromEnv || err != nil {
		t.Fatalf("env: %q %q %v", pw, src, err)
	}
	if pw, src, err := keyring.Password(env(""), b); pw != "bens" || src != keyring.FromKeyring || err != nil {
		t.Fatalf("keyring: %q %q %v", pw, src, err)
	}
	if pw, src, err := keyring.Password(env(""), c); pw != "" || src != keyring.None || err != nil {
		t.Fatalf("none: %q %q %v", pw, src, err)
	}
}

func TestNoSecretService(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/gloss-test-bus")
	k := keyring.Key{Server: "http://127.0.0.1:5984", Project: "p", User: "u"}
	_, err := keyring.Get(k)
	if err == nil || !strings.Contains(err.Error(), keyring.EnvPassword) {
		t.Fatalf("want a clear error naming %s, got %v", keyring.EnvPassword, err)
	}
	// The environment still works, and a missing keyring only comes back as the reason.
	pw, src, kerr := keyring.Password(func(string) string { return "x" }, k)
	if pw != "x" || src != keyring.FromEnv || kerr != nil {
		t.Fatalf("env without keyring: %q %q %v", pw, src, kerr)
	}
	pw, src, kerr = keyring.Password(func(string) string { return "" }, k)
	if pw != "" || src != keyring.None || kerr == nil {
		t.Fatalf("no env, no keyring: %q %q %v", pw, src, kerr)
	}
	if err := keyring.Save(k, "pw"); err == nil {
		t.Fatal("saving without a keyring must fail")
	}
	if err := keyring.Save(keyring.Key{User: "u"}, "pw"); err == nil {
		t.Fatal("a key without server and project must be refused")
	}
}
