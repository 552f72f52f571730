//go:build !production && !dev

package main

import "embed"

// assets: a binary built by plain `go build` (the CLI, the crash harness's writer, `go test`) embeds one
// page that says how to build the window, instead of frontend/dist, which only exists after
// `npm run build`. The window builds embed the real frontend (assets_dist.go).
//
//go:embed build/nofrontend/index.html
var assets embed.FS

// assetsBuilt: this binary carries only the placeholder page.
const assetsBuilt = false
