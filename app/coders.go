package app

import (
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"gloss/ingest/merge"
	"gloss/store"
	"gloss/teams"
)

// MergePreview is what a merge would do with a file, before the person maps conflicting tags.
type MergePreview struct {
	Path   string            `json:"path"`
	Report merge.MergeReport `json:"report"`
}

// MergeDialog asks for another coder's export and previews merging it (Path "" when cancelled).
func (a *App) MergeDialog() (MergePreview, error) {
	path, err := runtime.OpenFileDialog(a.ctx, runtime.OpenDialogOptions{
		Title: "Merge annotations from another coder",
		Filters: []runtime.FileFilter{
			{DisplayName: "Gloss JSON-LD or REFI-QDA project", Pattern: "*.jsonld;*.json;*.qdpx"},
			{DisplayName: "All files", Pattern: "*"},
		},
	})
	if err != nil || path == "" {
		return MergePreview{}, err
	}
	a.choose(path)
	return a.mergeFile(path)
}

// mergeFile previews merging a file: documents matched, tag conflicts, annotations that would be added.
func (a *App) mergeFile(path string) (MergePreview, error) {
	if err := a.ready(); err != nil {
		return MergePreview{}, err
	}
	r, err := merge.Merge(a.store, path, merge.MergeOptions{DryRun: true})
	return MergePreview{Path: path, Report: r}, err
}

// MergeApply merges a file with the person's tag mapping and confirmations.
func (a *App) MergeApply(path string, opt merge.MergeOptions) (merge.MergeReport, error) {
	if err := a.ready(); err != nil {
		return merge.MergeReport{}, err
	}
	if err := a.chosenPath(path); err != nil {
		return merge.MergeReport{}, err
	}
	opt.DryRun = false
	r, err := merge.Merge(a.store, path, opt)
	a.indexChanged()
	return r, err
}

// Agreement computes κ and α per tag, per document and overall, with the disagreement list.
func (a *App) Agreement(f teams.Filter) (teams.Report, error) {
	if err := a.ready(); err != nil {
		return teams.Report{}, err
	}
	return teams.Compute(a.store, f)
}

// AdoptAnnotation resolves a disagreement for the tag: another coder's passage becomes ours too.
func (a *App) AdoptAnnotation(annID, tagID string) (store.Annotation, error) {
	if err := a.ready(); err != nil {
		return store.Annotation{}, err
	}
	ann, err := teams.Adopt(a.store, annID, tagID)
	a.indexChanged()
	return ann, err
}

// DropAnnotationTag resolves a disagreement against the tag: it comes off that annotation (deleted when
// nothing is left). It returns whether the annotation was deleted.
func (a *App) DropAnnotationTag(annID, tagID string) (bool, error) {
	if err := a.ready(); err != nil {
		return false, err
	}
	deleted, err := teams.Drop(a.store, annID, tagID)
	a.indexChanged()
	return deleted, err
}

// KeepBoth resolves a disagreement by keeping both versions: stored (undoable), it is no longer listed
// as open.
func (a *App) KeepBoth(d teams.Disagreement) error {
	if err := a.ready(); err != nil {
		return err
	}
	_, err := teams.KeepBoth(a.store, d)
	return err
}

// ReopenDisagreement takes back a KeepBoth.
func (a *App) ReopenDisagreement(d teams.Disagreement) error {
	if err := a.ready(); err != nil {
		return err
	}
	return teams.Reopen(a.store, d)
}
