package export_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestWACZIndexedByWebrecorder: Webrecorder's own WARC reader (warcio.js, the library behind ReplayWeb.page
// and py-wacz's JS twin) reads the WARC inside Gloss's WACZ and indexes it; every record it finds is one
// Gloss's index names at the same offset and length, with the same URL, time, status, type and payload
// digest, and none of Gloss's lines is missing. The SURT key itself is not compared: for a numeric host
// (these captures are from 127.0.0.1) warcio.js reverses the address, py-wacz and pywb keep it
// (export.SURT follows them, TestSURT).
func TestWACZIndexedByWebrecorder(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "webrecorder"))
	if err != nil {
		t.Fatal(err)
	}
	cli := filepath.Join(dir, "node_modules", "warcio", "dist", "cli.js")
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(cli)
	}
	if err != nil {
		msg := "warcio.js unavailable (run scripts/deps.sh test, which runs npm ci in export/testdata/webrecorder): " + err.Error()
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	_, _, _, pkg := waczOfCaptures(t)
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	warc := filepath.Join(t.TempDir(), "data.warc.gz")
	if err := os.WriteFile(warc, files["archive/data.warc.gz"], 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node, cli, "cdx-index", warc).Output()
	if err != nil {
		t.Fatalf("warcio.js cdx-index: %v\n%s", err, out)
	}
	type line struct {
		time string
		f    map[string]string
	}
	parse := func(text string) map[string]line {
		byOffset := map[string]line{}
		for _, l := range strings.Split(strings.TrimSpace(text), "\n") {
			parts := strings.SplitN(l, " ", 3)
			if len(parts) != 3 {
				t.Fatalf("index line %q", l)
			}
			var f map[string]string
			if err := json.Unmarshal([]byte(parts[2]), &f); err != nil {
				t.Fatalf("index line %q: %v", l, err)
			}
			f["digest"] = strings.TrimPrefix(f["digest"], "sha256:") // warcio.js writes the hex alone
			byOffset[f["offset"]] = line{parts[1], f}
		}
		return byOffset
	}
	theirs, ours := parse(string(out)), parse(string(files["indexes/index.cdx"]))
	if len(theirs) != len(ours) || len(ours) != 4 {
		t.Fatalf("warcio.js indexed %d records, Gloss's index has %d lines (want 4):\n%s\n%s", len(theirs), len(ours), out, files["indexes/index.cdx"])
	}
	for off, w := range theirs {
		g, ok := ours[off]
		if !ok {
			t.Errorf("warcio.js found a record at %s that Gloss's index does not name: %v", off, w.f)
			continue
		}
		if g.time != w.time {
			t.Errorf("record at %s: time %s, warcio.js %s", off, g.time, w.time)
		}
		for _, k := range []string{"url", "mime", "status", "digest", "length", "filename"} {
			if g.f[k] != w.f[k] {
				t.Errorf("record at %s: %s %q, warcio.js %q", off, k, g.f[k], w.f[k])
			}
		}
	}
}
