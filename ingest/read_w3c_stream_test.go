package ingest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// sameAsStreamed: the streamed reader (import) gives what ReadW3C (merge, tests) gives for data: the
// same error or none, and then the same documents, tags, notes, problems and annotations.
func sameAsStreamed(t *testing.T, data []byte, want Bundle, wantErr error) {
	t.Helper()
	got, err := readW3CStream(data)
	if (err == nil) != (wantErr == nil) {
		t.Fatalf("streamed error %v, ReadW3C error %v", err, wantErr)
	}
	if err != nil {
		return
	}
	var anns []BundleAnnotation
	if err := got.each(func(a BundleAnnotation) error { anns = append(anns, a); return nil }); err != nil {
		t.Fatalf("walking the streamed annotations: %v", err)
	}
	if got.annotationCount != len(anns) {
		t.Errorf("annotationCount %d, walked %d", got.annotationCount, len(anns))
	}
	got.Annotations, got.each, got.annotationCount = anns, nil, 0
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("streamed bundle differs:\n got  %+v\n want %+v", got, want)
	}
}

// Every W3C fixture and every seed of FuzzReadW3C reads the same streamed as whole.
func TestStreamedW3CReadsAsReadW3C(t *testing.T) {
	var files []string
	for _, pattern := range []string{"testdata/interop/w3c/*", "testdata/fuzz/FuzzReadW3C/*", "../export/testdata/w3c/*.jsonld", filepath.Join(samples, "*.jsonld")} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	if len(files) < 5 {
		t.Fatalf("only %d fixtures found", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(f, "testdata/fuzz/") {
			data = fuzzBytes(t, data)
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := ReadW3C(bytes.NewReader(data))
			sameAsStreamed(t, data, b, err)
		})
	}
	for _, data := range []string{
		`{"type":"AnnotationPage","items":[{"type":"Annotation","target":{"source":"s","selector":{"type":"TextQuoteSelector","exact":"x"}}}],"next":"urn:next"}`,
		`{"items":[{"type":"Annotation"}],"type":"AnnotationPage"}`, // the type after the items
		`{"type":"AnnotationCollection","first":{"type":"AnnotationPage","items":{"type":"Annotation","body":"b","target":"t"}}}`,
		`[[[[{"type":"Annotation","target":"t","body":{"purpose":"tagging","value":"a/b"}}]]]]`,
		`{"@graph":{"type":"Annotation","target":"t"}} trailing`,
		`{"type":"Annotation","target":"t","items":[1,2]}`,
		`{"type":"AnnotationPage","items":[1 2]}`,
		`{"type":"AnnotationPage","items":[{"type":"Annotation","target":"t","x":01}]}`,
		`{"a":"\u00e9\"}","type":"Annotation","target":"t\\"}`,
		`{"type":"Annotation","target":"t"`,
	} {
		t.Run(fmt.Sprintf("%.30s", data), func(t *testing.T) {
			b, err := ReadW3C(strings.NewReader(data))
			sameAsStreamed(t, []byte(data), b, err)
		})
	}
}

// fuzzBytes reads a corpus file of Go's fuzzer ("go test fuzz v1" and one []byte line).
func fuzzBytes(t *testing.T, file []byte) []byte {
	lines := strings.SplitN(string(file), "\n", 2)
	if len(lines) < 2 {
		return file
	}
	var v []byte
	if _, err := fmt.Sscanf(strings.TrimSpace(lines[1]), "[]byte(%q)", &v); err != nil {
		t.Fatalf("corpus file: %v", err)
	}
	return v
}
