#!/bin/sh
# Writes ingest/pdf/pdfium.wasm.gz: go-pdfium's PDFium WebAssembly build, gzipped. Gloss embeds it
# compressed (2.7 MB instead of 6.0 MB: the binary stays under its 32 MB goal) and unpacks it on the first
# PDF. Run after changing the go-pdfium version in go.mod; TestEmbeddedEngineIsTheModules checks it.
set -eu
cd "$(dirname "$0")/.."
dir=$(go list -m -f '{{.Dir}}' github.com/klippa-app/go-pdfium)
gzip -9n < "$dir/internal/pdfium_wasm/pdfium.wasm" > ingest/pdf/pdfium.wasm.gz
ls -l ingest/pdf/pdfium.wasm.gz
