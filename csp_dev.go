//go:build dev

package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strconv"

	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
)

// The dev build (Playwright, never shipped) talks to Go over a WebSocket on loopback: only its index.html
// lets the page connect there. The production CSP in frontend/index.html allows no ws: at all.
const (
	productionConnect = "connect-src 'self'"
	devConnect        = "connect-src 'self' ws://127.0.0.1:* ws://localhost:*"
)

func assetMiddleware() assetserver.Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/" && r.URL.Path != "/index.html" {
				next.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			body := bytes.Replace(rec.Body.Bytes(), []byte(productionConnect+`"`), []byte(devConnect+`"`), 1)
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.WriteHeader(rec.Code)
			_, _ = w.Write(body)
		})
	}
}
