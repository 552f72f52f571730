package export_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"gloss/export"
	"gloss/store"
)

// TestExportOrphanKeepsItsVersion: after a corrected text drops a passage, its annotation is an orphan
// whose selectors describe version 1; every format must point at version 1's text, not the current one.
func TestExportOrphanKeepsItsVersion(t *testing.T) {
	f := newExportFixture(t)
	doc := f.docs[4]
	v1, err := f.s.Version(doc.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	gone := "Secure Communities has not held up to what it aspired to be"
	text := strings.ReplaceAll(v1.Text, "“"+gone+",” Harris said.", "Harris criticised the programme.")
	if text == v1.Text {
		t.Fatal("the passage to drop is not in the seed")
	}
	if _, _, err := f.s.AddVersion(doc.ID, store.NewVersion{Text: text}); err != nil {
		t.Fatal(err)
	}

	var ld struct {
		First struct {
			Items []struct {
				Target struct {
					Version  int `json:"gloss:version"`
					Selector []struct {
						Exact string `json:"exact"`
					} `json:"selector"`
				} `json:"target"`
				Anchor store.Anchor `json:"anchor"`
			} `json:"items"`
		} `json:"first"`
	}
	if err := json.Unmarshal([]byte(exportString(t, f.s, "jsonld", export.ExportOptions{DocIDs: []string{doc.ID}})), &ld); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, it := range ld.First.Items {
		if it.Target.Selector[0].Exact == gone {
			found = true
			if it.Anchor.Status != "orphan" || it.Anchor.Version != 1 || it.Target.Version != 1 {
				t.Errorf("orphan exported as %+v, target version %d", it.Anchor, it.Target.Version)
			}
		} else if it.Target.Version != 2 {
			t.Errorf("re-anchored annotation %q still targets version %d", it.Target.Selector[0].Exact, it.Target.Version)
		}
	}
	if !found {
		t.Fatal("the orphan is missing from the JSON-LD")
	}

	// REFI-QDA: one source per version in use, the orphan's selection inside version 1's text.
	data := []byte(exportString(t, f.s, "qdpx", export.ExportOptions{DocIDs: []string{doc.ID}}))
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, zf := range zr.File {
		files[zf.Name] = string(readZipFile(t, zf))
	}
	var project struct {
		Sources []struct {
			Name       string `xml:"name,attr"`
			Path       string `xml:"plainTextPath,attr"`
			Selections []struct {
				Name      string `xml:"name,attr"`
				StartAttr int    `xml:"startPosition,attr"`
				EndAttr   int    `xml:"endPosition,attr"`
			} `xml:"PlainTextSelection"`
		} `xml:"Sources>TextSource"`
	}
	if err := xml.Unmarshal([]byte(files["project.qde"]), &project); err != nil {
		t.Fatal(err)
	}
	if len(project.Sources) != 2 || !strings.HasSuffix(project.Sources[0].Name, "(version 1)") {
		t.Fatalf("sources %+v", project.Sources)
	}
	for _, src := range project.Sources {
		text := []rune(files["sources/"+strings.TrimPrefix(src.Path, "internal://")])
		for _, sel := range src.Selections {
			if string(text[sel.StartAttr:sel.EndAttr]) != sel.Name {
				t.Errorf("%s: [%d,%d) does not select %q", src.Name, sel.StartAttr, sel.EndAttr, sel.Name)
			}
		}
	}
}
