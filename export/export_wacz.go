package export

// WACZ export (Web Archive Collection Zipped, 1.1.1, https://specs.webrecorder.net/wacz/1.1.1/): the
// WARC export of the chosen documents packed with what replay tools (ReplayWeb.page, pywb) need to open
// it without reading every record: a CDXJ index of the captures (offset and length of each record in the
// WARC), the list of pages (one per captured version: its URL, capture time and title), and a
// datapackage.json naming every file with its sha256 and size, itself hashed in datapackage-digest.json.
// The WARC is stored uncompressed in the zip (its records are gzip members already), as the spec asks, so
// a reader can seek into it by the index's offsets.

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"net"
	"net/url"
	"sort"
	"strings"
	"time"

	"gloss/store"
	"gloss/version"
)

// waczWARC is the name of the one WARC inside the package.
const waczWARC = "data.warc.gz"

func exportWACZ(s *store.Store, w io.Writer, opt ExportOptions) error {
	var warc bytes.Buffer
	var records []warcCopied
	if err := writeWARC(s, &warc, opt, func(c warcCopied) { records = append(records, c) }); err != nil {
		return err
	}
	created := time.Now().UTC()
	cdxj := waczIndex(records)
	pages, err := waczPages(s, opt, records)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	type resource struct {
		Name  string `json:"name"`
		Path  string `json:"path"`
		Hash  string `json:"hash"`
		Bytes int    `json:"bytes"`
	}
	var resources []resource
	for _, f := range []struct {
		path string
		data []byte
	}{
		{"archive/" + waczWARC, warc.Bytes()},
		{"indexes/index.cdx", cdxj},
		{"pages/pages.jsonl", pages},
	} {
		if err := zipStored(zw, f.path, f.data, created); err != nil {
			return err
		}
		name := f.path[strings.LastIndexByte(f.path, '/')+1:]
		resources = append(resources, resource{Name: name, Path: f.path, Hash: sha256Prefixed(f.data), Bytes: len(f.data)})
	}
	pkg := struct {
		Profile     string     `json:"profile"`
		WACZVersion string     `json:"wacz_version"`
		Title       string     `json:"title"`
		Created     string     `json:"created"`
		Modified    string     `json:"modified"`
		Software    string     `json:"software"`
		Resources   []resource `json:"resources"`
	}{"data-package", "1.1.1", "Web captures exported from Gloss", created.Format(time.RFC3339), created.Format(time.RFC3339),
		version.Software(), resources}
	data, err := json.MarshalIndent(pkg, "", "  ")
	if err != nil {
		return err
	}
	if err := zipStored(zw, "datapackage.json", data, created); err != nil {
		return err
	}
	digest, err := json.MarshalIndent(struct {
		Path string `json:"path"`
		Hash string `json:"hash"`
	}{"datapackage.json", sha256Prefixed(data)}, "", "  ")
	if err != nil {
		return err
	}
	if err := zipStored(zw, "datapackage-digest.json", digest, created); err != nil {
		return err
	}
	return zw.Close()
}

func sha256Prefixed(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// zipStored adds one uncompressed entry with its CRC and sizes in the local header (no data descriptor),
// so that a reader can find any file's bytes from the central directory alone.
func zipStored(zw *zip.Writer, name string, data []byte, mod time.Time) error {
	fw, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Store, Modified: mod, CRC32: crc32.ChecksumIEEE(data),
		CompressedSize64: uint64(len(data)), UncompressedSize64: uint64(len(data))})
	if err != nil {
		return err
	}
	_, err = fw.Write(data)
	return err
}

// waczIndex is the CDXJ index of the response and revisit records: "surt timestamp {json}" lines, sorted.
func waczIndex(records []warcCopied) []byte {
	var lines []string
	for _, r := range records {
		if r.Type != "response" && r.Type != "revisit" {
			continue
		}
		ts := cdxTimestamp(r.Date)
		fields := map[string]string{
			"url": r.TargetURI, "status": fmt.Sprint(r.Status), "offset": fmt.Sprint(r.Offset),
			"length": fmt.Sprint(r.Length), "filename": waczWARC, "recordId": r.ID,
		}
		if r.Header != nil {
			if mt := r.Header.Get("Content-Type"); mt != "" {
				fields["mime"] = strings.TrimSpace(strings.SplitN(mt, ";", 2)[0])
			}
		}
		if r.Type == "response" {
			fields["digest"] = sha256Prefixed(r.Body)
		} else {
			fields["mime"] = "warc/revisit"
		}
		js, _ := json.Marshal(fields) // map keys come out sorted: one form for one record
		lines = append(lines, SURT(r.TargetURI)+" "+ts+" "+string(js))
	}
	sort.Strings(lines)
	if len(lines) == 0 {
		return nil
	}
	return []byte(strings.Join(lines, "\n") + "\n")
}

// cdxTimestamp turns a WARC-Date into the 14-digit (or longer, with fractions) CDX timestamp.
func cdxTimestamp(date string) string {
	t, err := time.Parse(time.RFC3339Nano, date)
	if err != nil {
		return strings.NewReplacer("-", "", ":", "", "T", "", "Z", "").Replace(date)
	}
	return t.UTC().Format("20060102150405")
}

// SURT is the Sort-friendly URI Reordering Transform as CDX indexes use it: scheme and "www." dropped, host
// labels reversed and comma-joined, then ")" and the lowercased path and query ("com,example)/news?id=1").
// IP addresses are kept as they are; a port that is not the scheme's default stays (":8080").
func SURT(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return strings.ToLower(raw)
	}
	host, port := u.Hostname(), u.Port()
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if net.ParseIP(host) == nil {
		host = strings.TrimPrefix(host, "www.")
		labels := strings.Split(host, ".")
		for i, j := 0, len(labels)-1; i < j; i, j = i+1, j-1 {
			labels[i], labels[j] = labels[j], labels[i]
		}
		host = strings.Join(labels, ",")
	}
	if port != "" {
		host += ":" + port
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	return host + ")" + strings.ToLower(path)
}

// waczPages lists one page per captured version of the chosen documents, at the URL of its response record.
func waczPages(s *store.Store, opt ExportOptions, records []warcCopied) ([]byte, error) {
	target := map[string]string{}
	for _, r := range records {
		if r.Type == "response" || r.Type == "revisit" {
			target[r.ID] = r.TargetURI
		}
	}
	ids := opt.DocIDs
	if len(ids) == 0 {
		docs, err := s.Documents()
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			ids = append(ids, d.ID)
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(map[string]string{"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}); err != nil {
		return nil, err
	}
	for _, id := range ids {
		doc, err := s.Document(id)
		if err != nil {
			return nil, err
		}
		infos, err := s.Versions(id)
		if err != nil {
			return nil, err
		}
		for _, v := range infos {
			c := v.Capture
			if c == nil || c.WARCRecordID == "" {
				continue
			}
			u := target[c.WARCRecordID]
			if u == "" {
				u = c.FinalURL
			}
			title := doc.Title
			if len(infos) > 1 {
				title = fmt.Sprintf("%s (version %d)", doc.Title, v.N)
			}
			if err := enc.Encode(struct {
				ID       string `json:"id"`
				URL      string `json:"url"`
				TS       string `json:"ts"`
				Title    string `json:"title"`
				RecordID string `json:"recordId"`
			}{fmt.Sprintf("%s-%d", doc.ID, v.N), u, c.RetrievedAt.UTC().Format(time.RFC3339), title, c.WARCRecordID}); err != nil {
				return nil, err
			}
		}
	}
	return buf.Bytes(), nil
}
