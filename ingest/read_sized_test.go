package ingest

import (
	"bytes"
	"io"
	"testing"
	"testing/iotest"
)

// TestReadSized: the whole file when its size is right, when it grew or shrank since it was stated, one
// byte past the limit when it is over it, and read errors passed on.
func TestReadSized(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789"), 1000)
	for _, c := range []struct {
		name        string
		size, limit int64
		want        int
	}{
		{"exact", 10000, 1 << 20, 10000},
		{"grew", 100, 1 << 20, 10000},
		{"shrank", 50000, 1 << 20, 10000},
		{"unknown", 0, 1 << 20, 10000},
		{"over the limit", 10000, 999, 1000},
		{"grew over the limit", 10, 4999, 5000},
	} {
		for _, r := range []io.Reader{bytes.NewReader(data), iotest.OneByteReader(bytes.NewReader(data)), iotest.HalfReader(bytes.NewReader(data))} {
			got, err := readSized(r, c.size, c.limit)
			if err != nil || len(got) != c.want || !bytes.Equal(got, data[:c.want]) {
				t.Errorf("%s: %d bytes, %v; want %d", c.name, len(got), err, c.want)
			}
		}
	}
	if _, err := readSized(iotest.ErrReader(io.ErrUnexpectedEOF), 10, 100); err != io.ErrUnexpectedEOF {
		t.Errorf("error: %v", err)
	}
}
