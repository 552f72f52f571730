package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gloss/ingest/merge"
)

// A script in the page passing its own path to the bound methods that read one gets a refusal; the same
// call with a file the person chose works.
func TestPathsFromThePageMustHaveBeenChosen(t *testing.T) {
	a := openTestApp(t)
	dir := t.TempDir()
	first := filepath.Join(dir, "article.md")
	os.WriteFile(first, []byte("# An article\n\nThe first text of it.\n"), 0o644)
	secret := filepath.Join(t.TempDir(), "secret.txt")
	os.WriteFile(secret, []byte("A private file the page must never read.\n"), 0o600)

	a.queueOpen([]string{first}) // as given on the command line
	r, err := a.TakeOpened()
	if err != nil || len(r.Items) != 1 || r.Items[0].DocID == "" {
		t.Fatalf("TakeOpened = %+v, %v", r, err)
	}
	doc := r.Items[0].DocID

	if _, err := a.ImportNewVersion(doc, secret); err == nil || !strings.Contains(err.Error(), "chosen in its dialogs") {
		t.Errorf("ImportNewVersion of an unchosen file: %v", err)
	}
	if _, err := a.MergeApply(secret, merge.MergeOptions{}); err == nil || !strings.Contains(err.Error(), "chosen in its dialogs") {
		t.Errorf("MergeApply of an unchosen file: %v", err)
	}
	if v, _ := a.Versions(doc); len(v) != 1 {
		t.Errorf("%d versions after the refusals", len(v))
	}
	// A folder chosen whole covers the files in it (an import report's files).
	second := filepath.Join(dir, "sub", "article-v2.md")
	os.MkdirAll(filepath.Dir(second), 0o755)
	os.WriteFile(second, []byte("# An article\n\nThe first text of it, corrected.\n"), 0o644)
	a.choose(dir)
	if _, err := a.ImportNewVersion(doc, second); err != nil {
		t.Errorf("ImportNewVersion of a file in a chosen folder: %v", err)
	}
	if _, err := a.ImportNewVersion(doc, filepath.Join(dir, "..", filepath.Base(filepath.Dir(secret)), "secret.txt")); err == nil {
		t.Errorf("a path climbing out of the chosen folder was read")
	}
}
