package ingest

import "gloss/ingest/pdf"

// Engines are the readers that keep something loaded from one file to the next: today PDFium
// (ingest/pdf), loaded on the first PDF (never at start) and kept, since loading its compiled module
// costs a tenth of a second from the cache and compiling it seconds. The app and the CLI each make one
// and pass it to imports (ImportOptions.Engines, ImportBytesWith); a call given none makes its own for
// that call and closes it after. It holds no library data.
type Engines struct {
	pdf *pdf.Engine
}

// NewEngines makes the engines, loading nothing yet; the compiled PDF engine is cached in the user's
// cache folder.
func NewEngines() *Engines { return &Engines{pdf: pdf.NewEngine(pdf.DefaultCacheDir())} }

// PDF is the PDF engine (benchmarks warm it; a window may warm it ahead of an import).
func (e *Engines) PDF() *pdf.Engine { return e.pdf }

// Close lets what was loaded go.
func (e *Engines) Close() error {
	if e == nil {
		return nil
	}
	return e.pdf.Close()
}
