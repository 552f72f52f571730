//go:build production || dev

package main

import "embed"

// assets: the built frontend. Only the window builds embed it (`wails build` adds the production tag,
// `make dev-build` the dev tag), so `go vet ./...` and `go test ./...` work on a fresh clone that has
// no frontend/dist yet (assets_none.go).
//
//go:embed all:frontend/dist
var assets embed.FS

// assetsBuilt: this binary carries the real frontend.
const assetsBuilt = true
