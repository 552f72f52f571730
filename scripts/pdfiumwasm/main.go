// Command pdfiumwasm writes ingest/pdf/pdfium.wasm.br: go-pdfium's PDFium WebAssembly build, compressed
// with Brotli at its best (quality 11, 16 MiB window): 2.06 MB against gzip -9's 2.68 MB (BENCHMARKS.md).
// Run by scripts/pdfium-wasm.sh after a go-pdfium update; TestEmbeddedEngineIsTheModules checks it.
package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/andybalholm/brotli"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: pdfiumwasm pdfium.wasm out.wasm.br")
		os.Exit(2)
	}
	in, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var out bytes.Buffer
	w := brotli.NewWriterOptions(&out, brotli.WriterOptions{Quality: 11, LGWin: 24})
	if _, err := w.Write(in); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := w.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile(os.Args[2], out.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%s: %d bytes (from %d)\n", os.Args[2], out.Len(), len(in))
}
