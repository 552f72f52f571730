// Package keyring keeps team sync passwords in the operating system's keyring (the Secret Service on Linux,
// the Credential Manager on Windows, the Keychain on macOS) through github.com/zalando/go-keyring, one
// secret per server, project and user. The password never goes into the library file; scripts give it in
// GLOSS_SYNC_PASSWORD instead, which overrides the keyring.
package keyring

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	gokeyring "github.com/zalando/go-keyring"
)

// Service is the name the secrets are kept under ("Gloss team sync" in the system's password manager).
const Service = "Gloss team sync"

// EnvPassword is the environment variable that overrides the keyring (for scripts and CI).
const EnvPassword = "GLOSS_SYNC_PASSWORD"

// Key is what one password is kept for.
type Key struct {
	Server  string
	Project string
	User    string
}

// account is the keyring's user field: "user@server/project", with the server's URL cleaned (scheme and
// host in lower case, no trailing slash) so http://Host:5984/ and http://host:5984 share one secret.
func (k Key) account() (string, error) {
	if k.Server == "" || k.Project == "" {
		return "", errors.New("the keyring keeps a sync password for a server and a project: give both")
	}
	server := strings.TrimRight(k.Server, "/")
	if u, err := url.Parse(server); err == nil && u.Host != "" {
		u.Scheme, u.Host = strings.ToLower(u.Scheme), strings.ToLower(u.Host)
		u.User = nil
		server = strings.TrimRight(u.String(), "/")
	}
	return k.User + "@" + server + "/" + k.Project, nil
}

// Save keeps password for k in the system keyring; an empty password removes the one kept.
func Save(k Key, password string) error {
	acct, err := k.account()
	if err != nil {
		return err
	}
	if password == "" {
		if err := gokeyring.Delete(Service, acct); err != nil && !errors.Is(err, gokeyring.ErrNotFound) {
			return unavailable(err)
		}
		return nil
	}
	if err := gokeyring.Set(Service, acct, password); err != nil {
		return unavailable(err)
	}
	return nil
}

// Get is the password kept for k; "" with a nil error when none is kept.
func Get(k Key) (string, error) {
	acct, err := k.account()
	if err != nil {
		return "", err
	}
	pw, err := gokeyring.Get(Service, acct)
	if errors.Is(err, gokeyring.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", unavailable(err)
	}
	return pw, nil
}

// Source says where a password came from.
type Source string

const (
	FromEnv     Source = "env"     // GLOSS_SYNC_PASSWORD
	FromKeyring Source = "keyring" // the system keyring
	None        Source = ""        // none: a server without authentication needs none
)

// Password resolves the password of a round: getenv(EnvPassword) when set (getenv is os.Getenv, or the
// environment of the CLI client a window runs a command for), else the keyring's. A keyring that cannot be
// reached is not an error here (a server without authentication needs no password): its reason comes back
// in keyringErr, for the message when the server then asks for a password.
func Password(getenv func(string) string, k Key) (pw string, src Source, keyringErr error) {
	if getenv != nil {
		if pw := getenv(EnvPassword); pw != "" {
			return pw, FromEnv, nil
		}
	}
	pw, err := Get(k)
	if err != nil {
		return "", None, err
	}
	if pw == "" {
		return "", None, nil
	}
	return pw, FromKeyring, nil
}

func unavailable(err error) error {
	return fmt.Errorf("the system keyring (Secret Service) is not available: %v; set %s instead", err, EnvPassword)
}

// Explain adds to err, a round's or a test's, why no password was given, when the server asked for one
// (401) and the keyring could not be asked (keyringErr from Password).
func Explain(err error, password string, keyringErr error) error {
	if err == nil || password != "" || keyringErr == nil {
		return err
	}
	if msg := err.Error(); !strings.Contains(msg, "401") && !strings.Contains(msg, "Unauthorized") {
		return err
	}
	return fmt.Errorf("%w (no password was given: %v)", err, keyringErr)
}
