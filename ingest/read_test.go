package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/text/encoding/unicode"
)

const article = "Storm Closes Coastal Roads\r\n\r\nRoads were closed on Tuesday.\r\n"

func TestReadBytesText(t *testing.T) {
	data := []byte(article)
	doc, err := ReadBytes("storm.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if doc.Text != article || doc.Raw != "" || doc.Format != "txt" {
		t.Errorf("text/raw/format = %q, %q, %q", doc.Text, doc.Raw, doc.Format)
	}
	if doc.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("sha256 = %s", doc.SHA256)
	}
	if doc.Title != "Storm Closes Coastal Roads" || doc.Source != "storm.txt" || doc.SourcePath != "" {
		t.Errorf("title/source/path = %q, %q, %q", doc.Title, doc.Source, doc.SourcePath)
	}
	if got := string([]rune(doc.Text)[doc.BodyStart:]); got != "Roads were closed on Tuesday.\r\n" {
		t.Errorf("body = %q", got)
	}
}

func TestReadBytesDecodes(t *testing.T) {
	utf16 := func(e unicode.Endianness) []byte {
		b, err := unicode.UTF16(e, unicode.UseBOM).NewEncoder().Bytes([]byte(article))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for name, data := range map[string][]byte{
		"UTF-8 BOM":     append([]byte("\xEF\xBB\xBF"), article...),
		"UTF-16 LE BOM": utf16(unicode.LittleEndian),
		"UTF-16 BE BOM": utf16(unicode.BigEndian),
	} {
		t.Run(name, func(t *testing.T) {
			doc, err := ReadBytes("storm.txt", data)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Text != article {
				t.Errorf("text = %q", doc.Text)
			}
			// The hash identifies the file as it was on disk, BOM and all.
			if sum := sha256.Sum256(data); doc.SHA256 != hex.EncodeToString(sum[:]) {
				t.Errorf("sha256 is not of the original bytes")
			}
		})
	}
}

func TestReadBytesErrors(t *testing.T) {
	tests := []struct {
		name, file string
		data       []byte
		want       error
		message    string
	}{
		{"empty", "notes.txt", nil, ErrEmpty, "notes.txt: empty file"},
		{"whitespace only", "notes.txt", []byte(" \r\n\t\n"), ErrEmpty, "notes.txt: empty file"},
		{"BOM only", "notes.md", []byte("\xEF\xBB\xBF"), ErrEmpty, "notes.md: empty file"},
		{"NUL bytes", "x.txt", []byte("abc\x00def"), ErrBinary, "x.txt: binary file, not text"},
		{"Latin-1", "x.txt", []byte("caf\xe9 cr\xe8me"), ErrNotText, "x.txt: not UTF-8 text (looks like Latin-1/Windows-1252); convert it to UTF-8"},
		{"unsupported extension", "x.rtf", []byte("{\\rtf1}"), ErrUnsupported, "x.rtf: unsupported format .rtf"},
		{"no extension", "README", []byte("text"), ErrUnsupported, "README: unsupported format (no file extension)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadBytes(tt.file, tt.data)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if err.Error() != tt.message {
				t.Errorf("message = %q, want %q", err.Error(), tt.message)
			}
		})
	}
}

func TestReadBytesMarkdown(t *testing.T) {
	src := "Published March 3, 2025\n\n# Council *Approves* Budget #\n\nThe council voted.\n"
	doc, err := ReadBytes("budget.MD", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	// The canonical text is rendered here; Raw is what render.Version renders again.
	if doc.Format != "md" || doc.Raw != src || doc.Text != "Published March 3, 2025\n\nCouncil Approves Budget\n\nThe council voted." || doc.BodyStart != 0 {
		t.Errorf("format/raw/text/bodyStart = %q, %q, %q, %d", doc.Format, doc.Raw, doc.Text, doc.BodyStart)
	}
	if doc.Title != "Council *Approves* Budget" || doc.Date != "2025-03-03" {
		t.Errorf("title = %q", doc.Title)
	}
}

func TestReadBytesTitleFallsBackToName(t *testing.T) {
	doc, err := ReadBytes("memo 12.txt", []byte("ok"))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "memo 12" {
		t.Errorf("title = %q", doc.Title)
	}
}

func TestReadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "storm.txt")
	if err := os.WriteFile(path, []byte(article), 0o600); err != nil {
		t.Fatal(err)
	}
	doc, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if doc.SourcePath != path || doc.Source != "storm.txt" {
		t.Errorf("source path/source = %q, %q", doc.SourcePath, doc.Source)
	}
	if _, err := ReadFile(filepath.Join(t.TempDir(), "missing.txt")); err == nil {
		t.Error("reading a missing file succeeded")
	}
}
