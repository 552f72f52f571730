package ingest

import (
	"io"
)

// readSized reads f, whose size was size when it was stated, up to limit+1 bytes (one past the limit, so
// a file that grew since is noticed). io.ReadAll grows its buffer by doubling, up to twice the file at
// once and a copy of it per step (issue 22: 5 × the file allocated for a 16 MB Markdown file); the
// buffer is sized once here, and grows only when the file did.
func readSized(f io.Reader, size, limit int64) ([]byte, error) {
	want := min(max(size, 0)+1, limit+1)
	buf := make([]byte, 0, want)
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) > limit {
				return buf, nil
			}
			buf = append(buf, 0)[:len(buf)]
		}
		room := min(int64(cap(buf)), limit+1)
		n, err := f.Read(buf[len(buf):room])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
		if int64(len(buf)) > limit {
			return buf, nil
		}
	}
}
