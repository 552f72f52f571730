package app

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// maxLinkLength bounds what the window hands to the system browser.
const maxLinkLength = 8 << 10

// OpenLink opens a link of the rendered text in the system browser: the window itself never navigates
// (frontend/src/lib/links.ts asks the person first and calls this; main.go refuses navigation). Only
// http, https and mailto; anything else is refused with the reason.
func (a *App) OpenLink(link string) error {
	u, err := checkLink(link)
	if err != nil {
		return err
	}
	if a.ctx == nil {
		return errors.New("no window to open links from")
	}
	runtime.BrowserOpenURL(a.ctx, u)
	return nil
}

// checkLink returns link as the browser will get it, or why it is refused.
func checkLink(link string) (string, error) {
	if len(link) > maxLinkLength {
		return "", fmt.Errorf("link refused: longer than %d bytes", maxLinkLength)
	}
	if strings.IndexFunc(link, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0 {
		return "", fmt.Errorf("link %q refused: it holds spaces or control characters", link)
	}
	u, err := url.Parse(link)
	if err != nil {
		return "", fmt.Errorf("link %q refused: %v", link, err)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return "", fmt.Errorf("link %q refused: no host", link)
		}
		if u.User != nil {
			// https://bank.example@evil.example reads as the bank but goes to evil.example.
			return "", fmt.Errorf("link %q refused: it carries a user name", link)
		}
	case "mailto":
		if u.Opaque == "" {
			return "", fmt.Errorf("link %q refused: no address", link)
		}
	default:
		return "", fmt.Errorf("link %q refused: only http, https and mailto links open", link)
	}
	return u.String(), nil
}
