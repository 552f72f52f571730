package pdf

import (
	"context"
	"fmt"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/emscripten"
)

// instantiateHost provides the module's "env" imports: Emscripten's own (wazero's exporter) and, for the
// callbacks go-pdfium's build declares (custom file access, saving, form filling, timers, pausing), stubs
// that return zero: PDFium calls them only through structures a program registers, and Gloss registers
// none. (go-pdfium's own host module would bring its whole Go wrapper into the binary.) Every "env"
// import the module declares gets one, so a new build with another callback still instantiates.
func instantiateHost(ctx context.Context, rt wazero.Runtime, compiled wazero.CompiledModule) error {
	b := rt.NewHostModuleBuilder("env")
	for _, f := range compiled.ImportedFunctions() {
		module, name, _ := f.Import()
		if module != "env" {
			continue
		}
		results := len(f.ResultTypes())
		b.NewFunctionBuilder().WithGoModuleFunction(api.GoModuleFunc(func(_ context.Context, _ api.Module, stack []uint64) {
			clear(stack[:results])
		}), f.ParamTypes(), f.ResultTypes()).Export(name)
	}
	// Emscripten's functions replace the stubs of the same name.
	exporter, err := emscripten.NewFunctionExporterForModule(compiled)
	if err != nil {
		return fmt.Errorf("its Emscripten imports: %w", err)
	}
	exporter.ExportFunctions(b)
	_, err = b.Instantiate(ctx)
	return err
}
