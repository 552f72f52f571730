package pdf

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
)

// pdfiumWasmGz is go-pdfium v1.21.5's PDFium WebAssembly module, gzipped by scripts/pdfium-wasm.sh (its
// MIT licence and PDFium's BSD-3 licence apply). go-pdfium embeds it uncompressed; Gloss embeds it
// compressed instead and never calls go-pdfium's Init, so the linker leaves that copy out.
//
//go:embed pdfium.wasm.gz
var pdfiumWasmGz []byte

// pdfiumWasm unpacks the module (tens of milliseconds, on the first PDF only).
func pdfiumWasm() ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(pdfiumWasmGz))
	if err != nil {
		return nil, fmt.Errorf("%w: the embedded engine is damaged (%v)", ErrEngine, err)
	}
	wasm, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("%w: the embedded engine is damaged (%v)", ErrEngine, err)
	}
	return wasm, nil
}
