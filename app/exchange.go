package app

import (
	"context"
	"encoding/base64"
	"fmt"
	"path/filepath"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"gloss/export"
	"gloss/ingest"
)

// Import dialogs and drops report progress as "import:progress" events ({done, total, file}); one import
// runs at a time and CancelImport stops it between files.

// ImportDialog asks for files (several at once) and imports them.
func (a *App) ImportDialog() (ingest.Report, error) {
	paths, err := runtime.OpenMultipleFilesDialog(a.ctx, runtime.OpenDialogOptions{
		Title: "Import articles or annotation files",
		Filters: []runtime.FileFilter{
			{DisplayName: "Articles and annotations", Pattern: "*.txt;*.md;*.markdown;*.html;*.htm;*.pdf;*.docx;*.odt;*.jsonld;*.json;*.qdpx;*.qdc;*.csv"},
			{DisplayName: "All files", Pattern: "*"},
		},
	})
	if err != nil || len(paths) == 0 {
		return ingest.Report{Items: []ingest.ReportItem{}}, err
	}
	a.choose(paths...)
	return a.importPaths(paths)
}

// ImportFolderDialog asks for a folder and imports everything in it, recursively.
func (a *App) ImportFolderDialog() (ingest.Report, error) {
	dir, err := runtime.OpenDirectoryDialog(a.ctx, runtime.OpenDialogOptions{Title: "Import a folder of articles"})
	if err != nil || dir == "" {
		return ingest.Report{Items: []ingest.ReportItem{}}, err
	}
	a.choose(dir)
	return a.importPaths([]string{dir})
}

// importPaths imports files and folders.
func (a *App) importPaths(paths []string) (ingest.Report, error) {
	if err := a.ready(); err != nil {
		return ingest.Report{}, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	a.mu.Lock()
	if a.cancelImport != nil {
		a.mu.Unlock()
		cancel()
		return ingest.Report{}, fmt.Errorf("another import is still running")
	}
	a.cancelImport = cancel
	a.mu.Unlock()
	defer func() {
		a.mu.Lock()
		a.cancelImport = nil
		a.mu.Unlock()
		cancel()
	}()
	report, err := ingest.ImportPaths(ctx, a.store, paths, ingest.ImportOptions{OfferNewVersions: true, Engines: a.engines}, func(p ingest.Progress) {
		a.emit("import:progress", p)
	})
	a.indexChanged()
	return report, err
}

// CancelImport stops a running import after the file it is on.
func (a *App) CancelImport() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.cancelImport != nil {
		a.cancelImport()
	}
}

// DroppedFile is a file dropped on the window, read by the page (Data is base64).
type DroppedFile struct {
	Name string `json:"name"`
	Data string `json:"data"`
}

// ImportDropped imports files dropped onto the window.
func (a *App) ImportDropped(files []DroppedFile) (ingest.Report, error) {
	if err := a.ready(); err != nil {
		return ingest.Report{}, err
	}
	var all ingest.Report
	for i, f := range files {
		data, err := base64.StdEncoding.DecodeString(f.Data)
		if err != nil {
			all.Items = append(all.Items, ingest.ReportItem{File: f.Name, Status: ingest.StatusFailed, Reason: "could not read the dropped file"})
			continue
		}
		r, err := ingest.ImportBytesWith(a.store, filepath.Base(f.Name), data, a.engines)
		if err != nil && len(r.Items) == 0 {
			r.Items = []ingest.ReportItem{{File: f.Name, Status: ingest.StatusFailed, Reason: err.Error()}}
		}
		all.Items = append(all.Items, r.Items...)
		all.TagsCreated += r.TagsCreated
		all.AnnotationsCreated += r.AnnotationsCreated
		all.AnnotationsNewIDs += r.AnnotationsNewIDs
		all.AnnotationsUnchanged += r.AnnotationsUnchanged
		a.emit("import:progress", ingest.Progress{Done: i + 1, Total: len(files), File: f.Name})
	}
	a.indexChanged()
	return all, nil
}

// ExportRequest is what the export dialog chose.
type ExportRequest struct {
	Format         string   `json:"format"` // an export.Format's Name
	DocIDs         []string `json:"docIds"`
	TagID          string   `json:"tagId"`
	Authors        []string `json:"authors"`
	ExcludeAuthors []string `json:"excludeAuthors"` // authors left out
	BOM            bool     `json:"bom"`
	PerDocument    bool     `json:"perDocument"`
	PerAnnotation  bool     `json:"perAnnotation"` // md: one note per annotation, into a folder
}

// ExportFormats is the list the export dialog offers (export.Formats, the CLI's list too).
func (a *App) ExportFormats() []export.Format { return export.Formats() }

// ExportDialog asks where to save and exports; it returns the path written ("" when cancelled). The save
// dialog asks before choosing an existing file (GTK's overwrite confirmation, which Wails turns on; the
// macOS and Windows panels do it themselves), so that file may be replaced; per-document notes go into
// the chosen folder under free names.
func (a *App) ExportDialog(req ExportRequest) (string, error) {
	if err := a.ready(); err != nil {
		return "", err
	}
	f, ok := export.FormatNamed(req.Format)
	if !ok {
		return "", fmt.Errorf("%w %q", export.ErrUnknownFormat, req.Format)
	}
	if req.PerDocument && !f.PerDocument {
		return "", fmt.Errorf("%s cannot be exported one file per document", f.Description)
	}
	if req.PerAnnotation && !f.PerAnnotation {
		return "", fmt.Errorf("%s cannot be exported one file per annotation", f.Description)
	}
	folder := req.PerDocument || req.PerAnnotation
	var path string
	var err error
	if folder {
		path, err = runtime.OpenDirectoryDialog(a.ctx, runtime.OpenDialogOptions{Title: "Export " + f.Description + " files into a folder", CanCreateDirectories: true})
	} else {
		path, err = runtime.SaveFileDialog(a.ctx, runtime.SaveDialogOptions{
			Title:           "Export " + f.Description,
			DefaultFilename: "gloss-export" + f.Ext,
			Filters:         []runtime.FileFilter{{DisplayName: f.Description, Pattern: "*" + f.Ext}},
		})
	}
	if err != nil || path == "" {
		return "", err
	}
	return path, a.exportTo(req, path, !folder)
}

// exportTo writes through export.ExportToPath, which refuses the library's own files, folders, devices
// and, unless overwrite (the save dialog asked), existing files.
func (a *App) exportTo(req ExportRequest, path string, overwrite bool) error {
	if err := a.ready(); err != nil {
		return err
	}
	return export.ExportToPath(a.store, req.Format, path, export.ExportOptions{
		DocIDs: req.DocIDs, TagID: req.TagID, Authors: req.Authors, ExcludeAuthors: req.ExcludeAuthors, BOM: req.BOM, PerDocument: req.PerDocument,
		PerAnnotation: req.PerAnnotation, Overwrite: overwrite,
		Progress: func(p export.ExportProgress) { a.emit("export:progress", p) },
	})
}

// emit sends an event to the window (no-op in tests, where there is no window).
func (a *App) emit(name string, data any) {
	if a.ctx != nil {
		runtime.EventsEmit(a.ctx, name, data)
	}
}
