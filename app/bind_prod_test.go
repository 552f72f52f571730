//go:build !dev

package app

const isDevBuild = false
