#!/bin/sh
# Writes ingest/pdf/pdfium.wasm.br: go-pdfium's PDFium WebAssembly build, Brotli-compressed. Gloss embeds
# it compressed (2.06 MB instead of 6.0 MB, and 0.62 MB less than gzip -9: the binary stays under its 32 MB
# goal) and unpacks it on the first PDF. Run after changing the go-pdfium version in go.mod;
# TestEmbeddedEngineIsTheModules checks it.
set -eu
cd "$(dirname "$0")/.."
dir=$(go list -m -f '{{.Dir}}' github.com/klippa-app/go-pdfium)
go run ./scripts/pdfiumwasm "$dir/internal/pdfium_wasm/pdfium.wasm" ingest/pdf/pdfium.wasm.br
