//go:build !dev

package main

import "github.com/wailsapp/wails/v2/pkg/options/assetserver"

// assetMiddleware: production serves the embedded files as they are (see csp_dev.go).
func assetMiddleware() assetserver.Middleware { return nil }
