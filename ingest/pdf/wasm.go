package pdf

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"

	"github.com/andybalholm/brotli"
)

// pdfiumWasmCompressed is go-pdfium v1.21.5's PDFium WebAssembly module, Brotli-compressed by
// scripts/pdfium-wasm.sh (its MIT licence and PDFium's BSD-3 licence apply). go-pdfium embeds it
// uncompressed; Gloss embeds it compressed instead and never uses go-pdfium's copy, so the linker leaves
// that out. Brotli (whose decoder the binary has anyway, for captured pages) makes it 2.06 MB where
// gzip -9 made 2.68 MB; it unpacks in about 0.1 s, once per process.
//
//go:embed pdfium.wasm.br
var pdfiumWasmCompressed []byte

// pdfiumWasm unpacks the module (on the first PDF only).
func pdfiumWasm() ([]byte, error) {
	wasm, err := io.ReadAll(brotli.NewReader(bytes.NewReader(pdfiumWasmCompressed)))
	if err != nil {
		return nil, fmt.Errorf("%w: the embedded engine is damaged (%v)", ErrEngine, err)
	}
	return wasm, nil
}
