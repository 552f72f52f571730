//go:build !linux

package main

// guardNavigation: only the Linux window has a Go-side policy (navigation_linux.go); elsewhere the page's
// link guard (frontend/src/lib/links.ts) and the CSP hold alone.
func guardNavigation() {}
